import { DateTime } from 'luxon';

/** Below this, a number is taken as unix seconds; at or above it, as unix milliseconds (year 2286 in seconds). */
const MILLISECONDS_THRESHOLD = 10_000_000_000;

/** Years 1 to 9999, where `Date#toISOString` writes exactly what luxon's `toISO()` does (a 4-digit year). */
const FAST_FROM_MS = new Date(0).setUTCFullYear(1, 0, 1);
const FAST_TO_MS = Date.UTC(10000, 0, 1);

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

/**
 * A plain RFC 3339 time (`2026-03-17T14:20:00Z`, `…20:00.123+05:30`) read natively, character by character;
 * undefined when it is not one, or is an edge case for luxon to judge.
 */
function fromRfc3339(text: string): string | undefined {
	if (text.length < 20) return undefined;
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	if (
		(year | month | day | hour | minute | second) < 0 ||
		text[4] !== '-' ||
		text[7] !== '-' ||
		text[10] !== 'T' ||
		text[13] !== ':' ||
		text[16] !== ':'
	)
		return undefined;
	let at = 19;
	let millis = 0;
	if (text[at] === '.') {
		const from = ++at;
		while (at < text.length && isDigit(text.charCodeAt(at))) at++;
		if (at === from) return undefined;
		// Digits past the milliseconds are cut off, as luxon does.
		for (let i = 0; i < 3; i++)
			millis = millis * 10 + (from + i < at ? text.charCodeAt(from + i) - 48 : 0);
	}
	let offsetMinutes = 0;
	if (text[at] === 'Z' && at + 1 === text.length) {
		// UTC
	} else if (
		(text[at] === '+' || text[at] === '-') &&
		at + 6 === text.length &&
		text[at + 3] === ':'
	) {
		const offsetHours = digitsAt(text, at + 1, 2);
		const minutes = digitsAt(text, at + 4, 2);
		if (offsetHours < 0 || minutes < 0 || offsetHours > 23 || minutes > 59) return undefined;
		offsetMinutes = (text[at] === '-' ? -1 : 1) * (offsetHours * 60 + minutes);
	} else return undefined;
	if (year < 100 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	if (day < 1 || day > daysIn(year, month)) return undefined; // 30 February: luxon says invalid
	// Already in docs/contract.md's form (the inbox API's times): the text itself, not a copy of it.
	if (offsetMinutes === 0 && text.length === 24 && text[19] === '.' && text[23] === 'Z')
		return text;
	const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
	return utc >= FAST_FROM_MS && utc < FAST_TO_MS ? new Date(utc).toISOString() : undefined;
}

function daysIn(year: number, month: number): number {
	if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** The number written with `count` digits at `at`, or -1 when they are not all digits. */
function digitsAt(text: string, at: number, count: number): number {
	let n = 0;
	for (let i = at; i < at + count; i++) {
		const code = text.charCodeAt(i);
		if (!isDigit(code)) return -1;
		n = n * 10 + code - 48;
	}
	return n;
}

function withLuxon(text: string): string | null {
	const parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });
	if (parsed.isValid) return parsed.toUTC().toISO({ suppressMilliseconds: false }) as string;
	const rfc2822 = DateTime.fromRFC2822(text, { zone: 'utc' });
	if (rfc2822.isValid) return rfc2822.toUTC().toISO() as string;
	return null;
}

/**
 * Chronological order of two strings made by toIsoTimestamp: they all have its one form (four year digits,
 * UTC, milliseconds), so text order is time order and no date is parsed to sort a long history. No time
 * (null) comes before every time.
 */
export function compareIso(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null || b === null) return a === null ? -1 : 1; // no time: the oldest
	return a < b ? -1 : 1;
}

/** Milliseconds since the epoch of an ISO string made by toIsoTimestamp. */
export function epochMillis(iso: string | null): number {
	if (!iso) return Number.NEGATIVE_INFINITY;
	const t = Date.parse(iso);
	return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Now, in the docs/contract.md format (for a provider answer that carries no time). */
export function nowIso(): string {
	return new Date().toISOString();
}
