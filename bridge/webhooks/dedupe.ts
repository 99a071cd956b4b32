import { createHash } from 'node:crypto';

/**
 * The memory of events already emitted, kept in workflow static data (DESIGN.md: so it works on every worker
 * in queue mode), and also in the receiving process because n8n 2.41 can lose that save (bridge/n8n/trigger.ts).
 * Keys are stored as fixed-size fingerprints with the time they were first seen.
 */
export type SeenEvents = Record<string, number>;

export interface DedupeLimits {
	maxEntries: number;
	maxAgeMs: number;
}

/**
 * 48 hours outlasts the longest documented retry schedule (99digital: the last retry comes about 29.5 h
 * after the first attempt, PROVIDERS.md §3.3.3; WAHA retries for ~30 s, §1.8). 2,000 fingerprints of 22
 * characters keep the static data n8n saves after each delivery under ~70 KB; an account with more than
 * 2,000 events within one retry window forgets the oldest first.
 */
export const DEDUPE_LIMITS: DedupeLimits = { maxEntries: 2000, maxAgeMs: 48 * 60 * 60 * 1000 };

export function fingerprint(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22);
}

/** The memory without entries past the age limit, and only the newest `maxEntries` of the rest. */
export function prune(seen: SeenEvents, now: number, limits: DedupeLimits = DEDUPE_LIMITS): SeenEvents {
	const fresh = Object.entries(seen).filter(([, at]) => typeof at === 'number' && now - at <= limits.maxAgeMs);
	fresh.sort((a, b) => a[1] - b[1]);
	return Object.fromEntries(fresh.slice(Math.max(0, fresh.length - limits.maxEntries)));
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
	const fresh: T[] = [];
	for (const item of items) {
		const id = fingerprint(keyOf(item));
		if (id in memory) continue;
		memory[id] = now;
		fresh.push(item);
	}
	return { fresh, seen: prune(memory, now, limits) };
}
