import { DEDUPE_LIMITS, fingerprint, prune, takeUnseen } from '../../../bridge/webhooks/dedupe';

const HOUR = 60 * 60 * 1000;
const T = Date.UTC(2026, 2, 25, 10, 0, 0);

describe('the memory of emitted events', () => {
	it('lets each key through once, also when repeated within one delivery', () => {
		const first = takeUnseen(['a', 'b', 'a'], (k) => k, {}, T);
		expect(first.fresh).toEqual(['a', 'b']);
		const second = takeUnseen(['b', 'c'], (k) => k, first.seen, T + 1000);
		expect(second.fresh).toEqual(['c']);
	});

	it('stores fixed-size fingerprints with the time first seen, not the keys', () => {
		const { seen } = takeUnseen(['vobiz:message.ack:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERg...:delivered'], (k) => k, {}, T);
		expect(seen).toEqual({ [fingerprint('vobiz:message.ack:wamid.HBgMOTE4ODg4ODg4ODg4FQIAERg...:delivered')]: T });
		expect(Object.keys(seen)[0]).toHaveLength(22);
	});

	it('forgets keys older than 48 hours, so a retry after the longest schedule (~29.5 h) is still caught', () => {
		expect(DEDUPE_LIMITS.maxAgeMs).toBe(48 * HOUR);
		const { seen } = takeUnseen(['a'], (k) => k, {}, T);
		expect(takeUnseen(['a'], (k) => k, seen, T + 30 * HOUR).fresh).toEqual([]);
		expect(takeUnseen(['a'], (k) => k, seen, T + 49 * HOUR).fresh).toEqual(['a']);
	});

	it('keeps only the newest entries beyond the size limit', () => {
		const limits = { maxEntries: 3, maxAgeMs: DEDUPE_LIMITS.maxAgeMs };
		let seen = {};
		['a', 'b', 'c', 'd'].forEach((key, i) => {
			seen = takeUnseen([key], (k) => k, seen, T + i, limits).seen;
		});
		expect(Object.keys(seen)).toEqual(['b', 'c', 'd'].map(fingerprint));
		expect(takeUnseen(['a', 'd'], (k) => k, seen, T + 10, limits).fresh).toEqual(['a']);
	});

	it('drops entries that are not timestamps (a hand-edited static data)', () => {
		expect(prune({ x: 'yesterday' as unknown as number, y: T }, T)).toEqual({ y: T });
	});
});
