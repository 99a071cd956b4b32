import { DateTime } from 'luxon';

/** Below this, a number is taken as unix seconds; at or above it, as unix milliseconds (year 2286 in seconds). */
const MILLISECONDS_THRESHOLD = 10_000_000_000;

/** Years 1 to 9999, where `Date#toISOString` writes exactly what luxon's `toISO()` does (a 4-digit year). */
const FAST_FROM_MS = new Date(0).setUTCFullYear(1, 0, 1);
const FAST_TO_MS = Date.UTC(10000, 0, 1);

/** RFC 3339 date-time, as the providers send it; other ISO 8601 forms go to luxon. */
const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * Any provider timestamp (unix seconds as a number or a string, unix milliseconds, RFC 3339 / ISO 8601)
 * as the ISO-8601 UTC string with milliseconds of docs/contract.md, or null when there is none or it is not a time.
 * Unix times and plain RFC 3339 are read natively (this runs for every record of every page); luxon reads
 * everything else and every edge case (out-of-range fields, years before 100 or after 9999).
 */
export function toIsoTimestamp(value: unknown): string | null {
	const iso = anyToIso(value);
	// docs/contract.md's form has four year digits: a time past 9999 or before 0000 is no time a provider meant.
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
		if (NUMERIC.test(trimmed)) return fromEpoch(Number(trimmed));
		return fromRfc3339(trimmed) ?? withLuxon(trimmed);
	}
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
	return null;
}

function fromEpoch(n: number): string | null {
	if (!Number.isFinite(n)) return null;
	const millis = Math.round(Math.abs(n) >= MILLISECONDS_THRESHOLD ? n : n * 1000);
	if (millis >= FAST_FROM_MS && millis < FAST_TO_MS) return new Date(millis).toISOString();
	const dt = DateTime.fromMillis(millis, { zone: 'utc' });
	return dt.isValid ? (dt.toISO() as string) : null;
}

/** A plain RFC 3339 time read natively; undefined when it is not one, or is an edge case for luxon to judge. */
function fromRfc3339(text: string): string | undefined {
	const m = RFC3339.exec(text);
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
	const [offsetHours, offsetMinutes] = m[8] ? [0, 0] : [Number(m[10]), Number(m[11])];
	if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	if (offsetHours > 23 || offsetMinutes > 59) return undefined;
	// Digits past the milliseconds are cut off, as luxon does.
	const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	if (new Date(asUtc).getUTCDate() !== day) return undefined; // 30 February rolled over: luxon says invalid
	const utc = asUtc - (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
	return utc >= FAST_FROM_MS && utc < FAST_TO_MS ? new Date(utc).toISOString() : undefined;
}

function withLuxon(text: string): string | null {
	const parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });
	if (parsed.isValid) return parsed.toUTC().toISO({ suppressMilliseconds: false }) as string;
	const rfc2822 = DateTime.fromRFC2822(text, { zone: 'utc' });
	if (rfc2822.isValid) return rfc2822.toUTC().toISO() as string;
	return null;
}

/** Milliseconds since the epoch of an ISO string made by toIsoTimestamp (for sorting). */
export function epochMillis(iso: string | null): number {
	if (!iso) return Number.NEGATIVE_INFINITY;
	const t = Date.parse(iso);
	return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Now, in the docs/contract.md format (for a provider answer that carries no time). */
export function nowIso(): string {
	return new Date().toISOString();
}
