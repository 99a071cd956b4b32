import { DateTime } from 'luxon';

/** Below this, a number is taken as unix seconds; at or above it, as unix milliseconds (year 2286 in seconds). */
const MILLISECONDS_THRESHOLD = 10_000_000_000;

/**
 * Any provider timestamp (unix seconds as a number or a string, unix milliseconds, RFC 3339 / ISO 8601)
 * as the ISO-8601 UTC string with milliseconds of CONTRACT.md, or null when there is none or it is not a time.
 */
export function toIsoTimestamp(value: unknown): string | null {
	const iso = anyToIso(value);
	// CONTRACT.md's form has four year digits: a time past 9999 or before 0000 is no time a provider meant.
	return iso !== null && /^\d{4}-/.test(iso) ? iso : null;
}

/** No timestamp is longer; luxon's parsers take time on long strings. */
const MAX_TIMESTAMP_LENGTH = 64;

function anyToIso(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number') return fromEpoch(value);
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed.length > MAX_TIMESTAMP_LENGTH) return null;
		if (/^-?\d+(\.\d+)?$/.test(trimmed)) return fromEpoch(Number(trimmed));
		const parsed = DateTime.fromISO(trimmed, { zone: 'utc', setZone: true });
		if (parsed.isValid) return parsed.toUTC().toISO({ suppressMilliseconds: false }) as string;
		const rfc2822 = DateTime.fromRFC2822(trimmed, { zone: 'utc' });
		if (rfc2822.isValid) return rfc2822.toUTC().toISO() as string;
		return null;
	}
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
	return null;
}

function fromEpoch(n: number): string | null {
	if (!Number.isFinite(n)) return null;
	const millis = Math.abs(n) >= MILLISECONDS_THRESHOLD ? n : n * 1000;
	const dt = DateTime.fromMillis(Math.round(millis), { zone: 'utc' });
	return dt.isValid ? (dt.toISO() as string) : null;
}

/** Milliseconds since the epoch of an ISO string made by toIsoTimestamp (for sorting). */
export function epochMillis(iso: string | null): number {
	if (!iso) return Number.NEGATIVE_INFINITY;
	const t = Date.parse(iso);
	return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Now, in the CONTRACT.md format (for a provider answer that carries no time). */
export function nowIso(): string {
	return new Date().toISOString();
}
