import { createHash } from 'node:crypto';

/**
 * The memory of events already emitted, kept in workflow static data (docs/architecture.md: so it works on every worker
 * in queue mode), and also in the receiving process because n8n 2.41 can lose that save (bridge/n8n/trigger.ts).
 * n8n saves the static data after every delivery, so the memory is compact: per hour, the fingerprints of
 * the events first seen in it, concatenated into one string.
 */
export interface SeenEvents {
	v: 2;
	/** Epoch hour (base 36) → fingerprints of FINGERPRINT_LENGTH characters, oldest first. */
	hours: Record<string, string>;
}

export interface DedupeLimits {
	maxEntries: number;
	maxAgeMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * 11 base64url characters are 66 bits of SHA-256: among 20,000 remembered events, the chance that a new
 * event is taken for one of them is below 1 in 10^15 per event.
 */
export const FINGERPRINT_LENGTH = 11;

/**
 * 48 hours outlasts the longest documented retry schedule (99digital: the last retry comes about 29.5 h
 * after the first attempt, docs/providers.md §3.3.3; WAHA retries for ~30 s, §1.8; Vobiz and the inbox API
 * document retries but no schedule, §2.5, §4.3.5). 20,000 fingerprints of 11 characters keep the static
 * data n8n saves after each delivery under 225 KB; an account with more events within 48 hours forgets the
 * oldest first.
 */
export const DEDUPE_LIMITS: DedupeLimits = { maxEntries: 20_000, maxAgeMs: 48 * HOUR_MS };

export function fingerprint(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

export function emptyMemory(): SeenEvents {
	return { v: 2, hours: {} };
}

const hourOf = (time: number) => Math.floor(time / HOUR_MS);
const isFingerprints = (text: string) =>
	text.length % FINGERPRINT_LENGTH === 0 && !/[^A-Za-z0-9_-]/.test(text);

/**
 * The memory from what static data holds: this format, or the one before it (`{<22-character fingerprint>:
 * <ms first seen>}`, whose fingerprints begin with the same characters), so active workflows keep their
 * memory across the update. Anything else (a hand-edited static data) is dropped.
 */
export function readMemory(value: unknown): SeenEvents {
	const memory = emptyMemory();
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return memory;
	const stored = value as Record<string, unknown>;
	if (stored.v === 2 && typeof stored.hours === 'object' && stored.hours !== null) {
		for (const [hour, prints] of Object.entries(stored.hours as Record<string, unknown>)) {
			if (/^[0-9a-z]+$/.test(hour) && typeof prints === 'string' && isFingerprints(prints))
				memory.hours[hour] = prints;
		}
		return memory;
	}
	const old = Object.entries(stored).filter(
		(entry): entry is [string, number] =>
			typeof entry[1] === 'number' &&
			Number.isFinite(entry[1]) &&
			/^[A-Za-z0-9_-]{22}$/.test(entry[0]),
	);
	old.sort((a, b) => a[1] - b[1]);
	for (const [print, at] of old) {
		const hour = hourOf(at).toString(36);
		memory.hours[hour] = (memory.hours[hour] ?? '') + print.slice(0, FINGERPRINT_LENGTH);
	}
	return memory;
}

function holds(prints: string, print: string): boolean {
	for (let at = prints.indexOf(print); at !== -1; at = prints.indexOf(print, at + 1)) {
		if (at % FINGERPRINT_LENGTH === 0) return true;
	}
	return false;
}

function remembers(memory: SeenEvents, print: string): boolean {
	return Object.values(memory.hours).some((prints) => holds(prints, print));
}

function splitPrints(prints: string): string[] {
	const out: string[] = [];
	for (let at = 0; at < prints.length; at += FINGERPRINT_LENGTH)
		out.push(prints.slice(at, at + FINGERPRINT_LENGTH));
	return out;
}

/** The fingerprints of one hour that are in `b` but not in `a`, appended to `a`'s. */
function unionOf(a: string, b: string): string {
	if (a === b || a.startsWith(b)) return a;
	if (b.startsWith(a)) return b;
	const known = new Set(splitPrints(a));
	return (
		a +
		splitPrints(b)
			.filter((print) => !known.has(print))
			.join('')
	);
}

/** Both memories in one (the static data and this process's), pruned to the limits. */
export function mergeMemories(
	a: SeenEvents,
	b: SeenEvents,
	now: number,
	limits: DedupeLimits = DEDUPE_LIMITS,
): SeenEvents {
	const merged = emptyMemory();
	for (const hour of new Set([...Object.keys(a.hours), ...Object.keys(b.hours)])) {
		merged.hours[hour] = unionOf(a.hours[hour] ?? '', b.hours[hour] ?? '');
	}
	return prune(merged, now, limits);
}

/** The memory without hours past the age limit, and only the newest `maxEntries` fingerprints of the rest. */
export function prune(
	memory: SeenEvents,
	now: number,
	limits: DedupeLimits = DEDUPE_LIMITS,
): SeenEvents {
	const oldestHour = hourOf(now - limits.maxAgeMs);
	const hours = Object.entries(memory.hours)
		.map(([key, prints]) => ({ key, hour: parseInt(key, 36), prints }))
		.filter(({ hour, prints }) => hour >= oldestHour && prints !== '')
		.sort((x, y) => y.hour - x.hour);
	const kept = emptyMemory();
	let room = limits.maxEntries * FINGERPRINT_LENGTH;
	for (const { key, prints } of hours) {
		if (room <= 0) break;
		// Newest hours first; an hour that does not fit whole keeps its newest (last) fingerprints.
		kept.hours[key] = prints.length <= room ? prints : prints.slice(prints.length - room);
		room -= kept.hours[key].length;
	}
	return kept;
}

/** How many events the memory holds. */
export function memorySize(memory: SeenEvents): number {
	return Object.values(memory.hours).reduce(
		(sum, prints) => sum + prints.length / FINGERPRINT_LENGTH,
		0,
	);
}

/**
 * The items whose key has not been seen (nor repeated earlier in `items`), in order; returns the memory
 * with them recorded, pruned to the limits.
 */
export function takeUnseen<T>(
	items: readonly T[],
	keyOf: (item: T) => string,
	seen: SeenEvents,
	now: number,
	limits: DedupeLimits = DEDUPE_LIMITS,
): { fresh: T[]; seen: SeenEvents } {
	const memory = prune(seen, now, limits);
	const hour = hourOf(now).toString(36);
	// A delivery of one or a few events searches the strings; a large batch looks up a set made once.
	const known =
		items.length > 16 ? new Set(Object.values(memory.hours).flatMap(splitPrints)) : null;
	const fresh: T[] = [];
	for (const item of items) {
		const print = fingerprint(keyOf(item));
		if (known ? known.has(print) : remembers(memory, print)) continue;
		known?.add(print);
		memory.hours[hour] = (memory.hours[hour] ?? '') + print;
		fresh.push(item);
	}
	return { fresh, seen: prune(memory, now, limits) };
}
