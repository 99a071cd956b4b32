import {
	DEFAULT_RETRY_POLICY,
	backoffMs,
	parseRetryAfter,
	transientVerdict,
	withRetries,
	TRANSIENT_STATUSES,
	type RetryClock,
	type RetryPolicy,
	type RetryVerdict,
	type TryOutcome,
} from '../../bridge/retry';

/** A clock that records every sleep and advances a fake time by it; `random` returns the given values in turn. */
function fakeClock(randoms: number[] = [1], startMs = Date.parse('2026-12-01T08:00:00Z')) {
	const sleeps: number[] = [];
	let now = startMs;
	let next = 0;
	const clock: RetryClock = {
		sleep: async (ms) => {
			sleeps.push(ms);
			now += ms;
		},
		now: () => now,
		random: () => randoms[Math.min(next++, randoms.length - 1)],
	};
	return { clock, sleeps };
}

/** An attempt that answers the given statuses in turn (the last one from then on), counting its calls. */
function answering(statuses: number[], retryAfter?: (call: number) => string | undefined) {
	let calls = 0;
	const attempt = async () => {
		const call = calls++;
		return {
			status: statuses[Math.min(call, statuses.length - 1)],
			retryAfter: retryAfter?.(call),
		};
	};
	return { attempt, calls: () => calls };
}

function judgeAt(clock: RetryClock, unsafeToRepeat = false) {
	return (outcome: TryOutcome<{ status: number; retryAfter?: string }>): RetryVerdict =>
		'error' in outcome
			? { retry: false }
			: transientVerdict(
					TRANSIENT_STATUSES[outcome.value.status],
					unsafeToRepeat,
					parseRetryAfter(outcome.value.retryAfter, clock.now()),
				);
}

const POLICY: RetryPolicy = {
	maxAttempts: 4,
	maxTotalWaitMs: 60_000,
	initialDelayMs: 500,
	maxDelayMs: 8_000,
};

describe('backoff', () => {
	it('doubles from the initial delay, capped, with jitter between half and all of it', () => {
		expect([1, 2, 3, 4, 5, 6].map((retry) => backoffMs(retry, POLICY, 1))).toEqual([
			500, 1000, 2000, 4000, 8000, 8000,
		]);
		expect([1, 2, 3].map((retry) => backoffMs(retry, POLICY, 0))).toEqual([250, 500, 1000]);
		expect(backoffMs(3, POLICY, 0.5)).toBe(1500);
	});

	it('stays within its jitter bounds for any random number', () => {
		for (let i = 0; i < 1000; i++) {
			const wait = backoffMs(3, POLICY, Math.random());
			expect(wait).toBeGreaterThanOrEqual(1000);
			expect(wait).toBeLessThanOrEqual(2000);
		}
	});

	it('defaults to 4 tries and a 60 s budget', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual(POLICY);
	});
});

describe('Retry-After', () => {
	const now = Date.parse('2026-12-01T08:00:00Z');
	it('reads delay-seconds and HTTP dates', () => {
		expect(parseRetryAfter('1', now)).toBe(1000);
		expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
		expect(parseRetryAfter('Tue, 01 Dec 2026 08:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Tue, 01 Dec 2026 07:59:00 GMT', now)).toBe(0);
	});
	it('ignores what is neither', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-3', now)).toBeUndefined();
	});
});

describe('withRetries', () => {
	it('retries a 503 with exact backoff waits until it succeeds', async () => {
		const { clock, sleeps } = fakeClock([1]);
		const { attempt, calls } = answering([503, 503, 200]);
		const { outcome, record } = await withRetries(attempt, judgeAt(clock), POLICY, clock);
		expect(outcome).toEqual({ value: { status: 200, retryAfter: undefined } });
		expect(calls()).toBe(3);
		expect(sleeps).toEqual([500, 1000]);
		expect(record).toEqual({ attempts: 3, waitedMs: 1500 });
	});

	it('waits as long as Retry-After asks when that is longer than the backoff, in seconds or as a date', async () => {
		const { clock, sleeps } = fakeClock([0]);
		const start = clock.now();
		const date = new Date(start + 2000 + 3000).toUTCString(); // answered at the second try, 3 s after it
		const { attempt } = answering([429, 429, 200], (call) => (call === 0 ? '2' : date));
		const { outcome } = await withRetries(attempt, judgeAt(clock), POLICY, clock);
		expect('value' in outcome && outcome.value.status).toBe(200);
		expect(sleeps).toEqual([2000, 3000]);
	});

	it('keeps the backoff when Retry-After asks for less', async () => {
		const { clock, sleeps } = fakeClock([1]);
		const { attempt } = answering([429, 429, 200], () => '0');
		await withRetries(attempt, judgeAt(clock), POLICY, clock);
		expect(sleeps).toEqual([500, 1000]);
	});

	it('stops after the last try and says so', async () => {
		const { clock, sleeps } = fakeClock([1]);
		const { attempt, calls } = answering([429]);
		const { outcome, record } = await withRetries(attempt, judgeAt(clock), POLICY, clock);
		expect(outcome).toEqual({ value: { status: 429, retryAfter: undefined } });
		expect(calls()).toBe(4);
		expect(sleeps).toEqual([500, 1000, 2000]);
		expect(record).toEqual({
			attempts: 4,
			waitedMs: 3500,
			gaveUp: 'rate limited (HTTP 429), 4 tries in all',
		});
	});

	it('refuses at once, without sleeping, a Retry-After that would pass the budget', async () => {
		const { clock, sleeps } = fakeClock([1]);
		const { attempt, calls } = answering([429], () => '120');
		const { record } = await withRetries(attempt, judgeAt(clock), POLICY, clock);
		expect(calls()).toBe(1);
		expect(sleeps).toEqual([]);
		expect(record.gaveUp).toBe(
			'rate limited (HTTP 429); not retried after try 1: the provider asked to wait 120 s (Retry-After), more than the 60 s left of the 60 s retry budget',
		);
	});

	it('refuses the wait that would pass what is left of the budget, after the waits that fitted', async () => {
		const { clock, sleeps } = fakeClock([1]);
		const { attempt, calls } = answering([503], () => '1');
		const { record } = await withRetries(
			attempt,
			judgeAt(clock),
			{ ...POLICY, maxTotalWaitMs: 2500 },
			clock,
		);
		// 1 s (Retry-After over a 0.5 s backoff), then 1 s again, then a 2 s backoff: more than the 0.5 s left.
		expect(sleeps).toEqual([1000, 1000]);
		expect(calls()).toBe(3);
		expect(record.gaveUp).toBe(
			'unavailable (HTTP 503); not retried after try 3: the next wait of 2 s, more than the 0.5 s left of the 2.5 s retry budget',
		);
	});

	it('does not retry what is not transient, nor anything with 1 try', async () => {
		const { clock, sleeps } = fakeClock();
		const notFound = answering([404]);
		expect((await withRetries(notFound.attempt, judgeAt(clock), POLICY, clock)).record).toEqual({
			attempts: 1,
			waitedMs: 0,
		});
		const off = answering([503]);
		expect(
			(await withRetries(off.attempt, judgeAt(clock), { ...POLICY, maxAttempts: 1 }, clock)).record,
		).toEqual({ attempts: 1, waitedMs: 0 });
		expect(sleeps).toEqual([]);
	});

	it('hands back what the last try threw, without throwing', async () => {
		const { clock } = fakeClock();
		const failure = new Error('boom');
		const { outcome } = await withRetries(
			async () => Promise.reject(failure),
			() => ({ retry: false }),
			POLICY,
			clock,
		);
		expect(outcome).toEqual({ error: failure });
	});
});

describe('what a request unsafe to repeat (a send without an idempotency key) is retried on', () => {
	it.each([
		[429, true, true],
		[503, true, true],
		[502, true, false],
		[504, true, false],
		[500, false, false],
	])('HTTP %i: a read %s, a send %s', (status, read, send) => {
		expect(transientVerdict(TRANSIENT_STATUSES[status], false).retry).toBe(read);
		expect(transientVerdict(TRANSIENT_STATUSES[status], true).retry).toBe(send);
	});
});
