import { createHash } from 'node:crypto';

import {
	DEDUPE_LIMITS,
	emptyMemory,
	fingerprint,
	memorySize,
	mergeMemories,
	prune,
	readMemory,
	takeUnseen,
	type SeenEvents,
} from '../../../bridge/webhooks/dedupe';

const HOUR = 60 * 60 * 1000;
const T = Date.UTC(2026, 2, 25, 10, 0, 0);
const keyOf = (k: string) => k;

/** `n` events in deliveries of `perDelivery`, spread evenly over `spanMs` from T, each through the memory in turn. */
function deliverMany(
	n: number,
	spanMs: number,
	perDelivery = 1,
): { seen: SeenEvents; started: number } {
	let seen = emptyMemory();
	let started = 0;
	for (let i = 0; i < n; i += perDelivery) {
		const keys = Array.from(
			{ length: Math.min(perDelivery, n - i) },
			(_, j) => `vobiz:message:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERgS${i + j}`,
		);
		const outcome = takeUnseen(keys, keyOf, seen, T + Math.floor((i * spanMs) / n));
		started += outcome.fresh.length;
		seen = outcome.seen;
	}
	return { seen, started };
}

describe('the memory of emitted events', () => {
	it('lets each key through once, also when repeated within one delivery', () => {
		const first = takeUnseen(['a', 'b', 'a'], keyOf, emptyMemory(), T);
		expect(first.fresh).toEqual(['a', 'b']);
		const second = takeUnseen(['b', 'c'], keyOf, first.seen, T + 1000);
		expect(second.fresh).toEqual(['c']);
		// A large delivery (Vobiz batches statuses) takes the set lookup: the same answers.
		const many = Array.from({ length: 30 }, (_, i) => `k${i % 20}`);
		const big = takeUnseen(['a', ...many], keyOf, second.seen, T + 2000);
		expect(big.fresh).toEqual(many.slice(0, 20));
		expect(memorySize(big.seen)).toBe(23);
	});

	it('stores short fingerprints per hour, not the keys', () => {
		const key = 'vobiz:message.ack:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERg...:delivered';
		const { seen } = takeUnseen([key, 'b'], keyOf, emptyMemory(), T);
		expect(seen).toEqual({
			v: 2,
			hours: { [Math.floor(T / HOUR).toString(36)]: fingerprint(key) + fingerprint('b') },
		});
		expect(fingerprint(key)).toHaveLength(11);
		expect(JSON.stringify(seen)).not.toContain('wamid');
	});

	it('forgets keys older than 48 hours, so a retry after the longest schedule (~29.5 h) is still caught', () => {
		expect(DEDUPE_LIMITS.maxAgeMs).toBe(48 * HOUR);
		const { seen } = takeUnseen(['a'], keyOf, emptyMemory(), T);
		expect(takeUnseen(['a'], keyOf, seen, T + 30 * HOUR).fresh).toEqual([]);
		expect(takeUnseen(['a'], keyOf, seen, T + 48 * HOUR).fresh).toEqual([]);
		expect(takeUnseen(['a'], keyOf, seen, T + 50 * HOUR).fresh).toEqual(['a']);
	});

	it('keeps only the newest entries beyond the size limit', () => {
		const limits = { maxEntries: 3, maxAgeMs: DEDUPE_LIMITS.maxAgeMs };
		let seen = emptyMemory();
		['a', 'b', 'c', 'd'].forEach((key, i) => {
			seen = takeUnseen([key], keyOf, seen, T + i * HOUR, limits).seen;
		});
		expect(memorySize(seen)).toBe(3);
		expect(takeUnseen(['a', 'b', 'd'], keyOf, seen, T + 4 * HOUR, limits).fresh).toEqual(['a']);
	});

	it('a fingerprint is matched only at its own place, not across two neighbours', () => {
		const prints = `AAAAA${fingerprint('x')}AAAAAA`;
		const memory = readMemory({ v: 2, hours: { [Math.floor(T / HOUR).toString(36)]: prints } });
		expect(memorySize(memory)).toBe(2);
		expect(takeUnseen(['x'], keyOf, memory, T).fresh).toEqual(['x']);
	});

	it('reads the format before this one (22-character fingerprints with the time first seen): old events stay known', () => {
		const old22 = (key: string) =>
			createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22);
		const stored = {
			[old22('noxivo:message:A')]: T - 2 * HOUR,
			[old22('noxivo:message:B')]: T - HOUR,
		};
		const memory = readMemory(stored);
		expect(memorySize(memory)).toBe(2);
		expect(
			takeUnseen(['noxivo:message:A', 'noxivo:message:B', 'noxivo:message:C'], keyOf, memory, T)
				.fresh,
		).toEqual(['noxivo:message:C']);
	});

	it('drops what is not a memory (a hand-edited static data)', () => {
		expect(readMemory({ x: 'yesterday', y: T })).toEqual(emptyMemory());
		expect(readMemory({ v: 2, hours: { abc: 'not-a-multiple-of-11', def: 42 } })).toEqual(
			emptyMemory(),
		);
		expect(readMemory('garbage')).toEqual(emptyMemory());
		expect(readMemory(undefined)).toEqual(emptyMemory());
	});

	it('merges the static data and the process memory without losing either', () => {
		const first = takeUnseen(['a'], keyOf, emptyMemory(), T).seen;
		const processOnly = takeUnseen(['b'], keyOf, first, T + 1).seen; // the static data save was lost
		const storedOnly = takeUnseen(['c'], keyOf, first, T + 2).seen; // another process saved this one
		const merged = mergeMemories(storedOnly, processOnly, T + 3);
		expect(memorySize(merged)).toBe(3);
		expect(takeUnseen(['a', 'b', 'c', 'd'], keyOf, merged, T + 4).fresh).toEqual(['d']);
		expect(prune(merged, T + 100 * HOUR)).toEqual(emptyMemory());
	});
});

describe('the memory fits a busy account (issue 9)', () => {
	it('10,000 events in 29.5 hours: every redelivery within the window is dropped, static data under 256 KB', () => {
		const { seen, started } = deliverMany(10_000, 29.5 * HOUR);
		expect(started).toBe(10_000);
		const staticData = {
			'node:WhatsApp Trigger': {
				seenEvents: seen,
				subscription: { subscriptionId: '0e3c8a4f-5b6d-4e7f-8a9b-0c1d2e3f4a5b' },
			},
		};
		const bytes = JSON.stringify(staticData).length;
		// Every event retried at the end of the longest documented schedule (99digital's last retry, ~29.5 h
		// after the first attempt, docs/providers.md §3.3.3), the oldest exactly 29.5 h after it was first seen.
		let again = 0;
		for (let i = 0; i < 10_000; i++) {
			again += takeUnseen(
				[`vobiz:message:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERgS${i}`],
				keyOf,
				seen,
				T + 29.5 * HOUR,
			).fresh.length;
		}
		expect(again).toBe(0);
		expect(bytes).toBeLessThan(256 * 1024);
		console.log(
			`dedupe memory: 10,000 events → ${bytes} bytes of static data (limit ${256 * 1024})`,
		);
	});

	it('at its cap (25,000 events) the static data stays under 256 KB and the newest 20,000 are still known', () => {
		const { seen } = deliverMany(25_000, 40 * HOUR, 500);
		expect(memorySize(seen)).toBe(DEDUPE_LIMITS.maxEntries);
		expect(JSON.stringify({ seenEvents: seen }).length).toBeLessThan(256 * 1024);
		const newest = Array.from(
			{ length: 20_000 },
			(_, i) => `vobiz:message:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERgS${i + 5000}`,
		);
		expect(takeUnseen(newest, keyOf, seen, T + 41 * HOUR).fresh).toEqual([]);
		expect(
			takeUnseen(['vobiz:message:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERgS0'], keyOf, seen, T + 41 * HOUR)
				.fresh,
		).toHaveLength(1);
	});
});
