/**
 * When and how long to wait before trying a request again, as Stripe's clients do: exponential backoff with
 * jitter, the provider's `Retry-After` honoured, bounded by a number of tries and a total wait. Framework-free:
 * the sleep, the clock and the randomness are handed in (in n8n, n8n-workflow's `sleep`: no timers in nodes).
 */

export interface RetryPolicy {
	/** Tries in all, the first one included; 1 turns retries off. */
	maxAttempts: number;
	/** The most time spent waiting between the tries of one request, in ms. */
	maxTotalWaitMs: number;
	/** The wait before the first retry; it doubles for each next one, up to `maxDelayMs`. */
	initialDelayMs: number;
	maxDelayMs: number;
}

/** 4 tries with waits of about 0.5, 1 and 2 s; a provider's Retry-After may ask for more, up to 60 s in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	maxTotalWaitMs: 60_000,
	initialDelayMs: 500,
	maxDelayMs: 8_000,
};

export interface RetryClock {
	sleep(ms: number): Promise<void>;
	/** Epoch milliseconds, to read a Retry-After given as an HTTP date. */
	now(): number;
	/** A number in [0, 1), for the jitter. */
	random(): number;
}

/** What one try came to: a value, or what it threw. */
export type TryOutcome<T> = { value: T } | { error: unknown };

/** Whether an outcome is worth another try: why (for the user), and the wait the provider asked for. */
export type RetryVerdict =
	| { retry: false }
	| { retry: true; reason: string; retryAfterMs?: number };

/** What retrying did, for the error a user reads when it did not help. */
export interface RetryRecord {
	attempts: number;
	waitedMs: number;
	/** Why it stopped while the last outcome was still worth a retry; absent when it was not. */
	gaveUp?: string;
}

/** A failure worth another try: why, in words, and whether the provider certainly did nothing with the request. */
export interface Transient {
	reason: string;
	unprocessed: boolean;
}

/** Answers worth another try: 429 and 503 refuse a request before any work; after a 502 or 504 it may have been done. */
export const TRANSIENT_STATUSES: Readonly<Record<number, Transient>> = {
	429: { reason: 'rate limited (HTTP 429)', unprocessed: true },
	502: { reason: 'bad gateway (HTTP 502)', unprocessed: false },
	503: { reason: 'unavailable (HTTP 503)', unprocessed: true },
	504: { reason: 'gateway timeout (HTTP 504)', unprocessed: false },
};

/** Failures without an answer worth another try; only a refused connection or an unresolved name never reached the provider. */
export const TRANSIENT_NETWORK_ERRORS: Readonly<Record<string, Transient>> = {
	ECONNREFUSED: { reason: 'the connection was refused', unprocessed: true },
	EAI_AGAIN: { reason: 'the host name could not be looked up', unprocessed: true },
	ECONNRESET: { reason: 'the connection was reset', unprocessed: false },
	EPIPE: { reason: 'the connection was broken', unprocessed: false },
	ETIMEDOUT: { reason: 'the request timed out', unprocessed: false },
	ECONNABORTED: { reason: 'the request timed out', unprocessed: false },
};

/**
 * The verdict on one transient failure (or none): a request that is unsafe to repeat (a send without an
 * idempotency key) is retried only when the provider cannot have processed it.
 */
export function transientVerdict(
	transient: Transient | undefined,
	unsafeToRepeat: boolean,
	retryAfterMs?: number,
): RetryVerdict {
	if (!transient || (unsafeToRepeat && !transient.unprocessed)) return { retry: false };
	return {
		retry: true,
		reason: transient.reason,
		...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
	};
}

/** The backoff before retry number `retry` (1 for the first): half to all of `initial * 2^(retry-1)`, capped. */
export function backoffMs(retry: number, policy: RetryPolicy, random: number): number {
	const full = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
	return Math.round(full / 2 + (full / 2) * random);
}

/** A `Retry-After` header in ms from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
	return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Tries `attempt` until its outcome is not worth a retry, the tries run out, or the next wait would pass the
 * budget (then it stops at once, without sleeping). The wait is the backoff, or the provider's Retry-After
 * when that is longer. Never throws itself: the last outcome comes back with what retrying did.
 */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	judge: (outcome: TryOutcome<T>) => RetryVerdict,
	policy: RetryPolicy,
	clock: RetryClock,
): Promise<{ outcome: TryOutcome<T>; record: RetryRecord }> {
	const record: RetryRecord = { attempts: 0, waitedMs: 0 };
	for (;;) {
		let outcome: TryOutcome<T>;
		try {
			outcome = { value: await attempt() };
		} catch (error) {
			outcome = { error };
		}
		record.attempts++;
		const verdict = judge(outcome);
		if (!verdict.retry) return { outcome, record };
		if (record.attempts >= policy.maxAttempts) {
			if (policy.maxAttempts > 1)
				record.gaveUp = `${verdict.reason}, ${record.attempts} tries in all`;
			return { outcome, record };
		}
		const backoff = backoffMs(record.attempts, policy, clock.random());
		const wait = Math.max(backoff, verdict.retryAfterMs ?? 0);
		const left = policy.maxTotalWaitMs - record.waitedMs;
		if (wait > left) {
			const asked =
				verdict.retryAfterMs !== undefined && verdict.retryAfterMs >= backoff
					? `the provider asked to wait ${seconds(wait)} (Retry-After)`
					: `the next wait of ${seconds(wait)}`;
			record.gaveUp = `${verdict.reason}; not retried after try ${record.attempts}: ${asked}, more than the ${seconds(left)} left of the ${seconds(policy.maxTotalWaitMs)} retry budget`;
			return { outcome, record };
		}
		await clock.sleep(wait);
		record.waitedMs += wait;
	}
}
