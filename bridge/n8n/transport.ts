import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { sleep } from 'n8n-workflow';

import { BridgeError } from '../errors';
import { header, isRecord, type HttpResponse, type Transport } from '../http';
import type { ProviderIdentity } from '../model';
import type { ProviderAdapter } from '../providers';
import {
	TRANSIENT_NETWORK_ERRORS,
	TRANSIENT_STATUSES,
	parseRetryAfter,
	transientVerdict,
	withRetries,
	type RetryClock,
	type RetryPolicy,
	type RetryVerdict,
	type TryOutcome,
} from '../retry';

/**
 * The node's postReceive action: keeps the whole response (status, headers, body) as one item, so the
 * bridge, not n8n's default body-to-items split, reads it. makeRoutingRequest always applies the node's own
 * postReceive chain (docs/toolchain.md), which is why pages are read this way.
 */
export async function capturePage(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return [
		{
			json: {
				statusCode: response.statusCode,
				headers: response.headers as IDataObject,
				body: response.body as IDataObject,
			},
		},
	];
}

export interface TransportSettings {
	/** How long one request may take, in ms (n8n's own default for routing requests is 300 s). */
	timeoutMs: number;
	retry: RetryPolicy;
}

/** The retrying of one item's requests, kept for the error a user reads when it did not help. */
export interface RetryLog {
	/** Why the last request that was retried stopped being retried while it still failed; undefined otherwise. */
	lastGaveUp: string | undefined;
}

/** Retries in n8n wait with n8n-workflow's sleep (the cloud rules forbid timers). */
export const n8nRetryClock: RetryClock = {
	sleep,
	now: () => Date.now(),
	random: () => Math.random(),
};
const clock = n8nRetryClock;

/**
 * A bridge Transport made of n8n's routing request: the credential's authentication, base URL and proxy
 * apply; HTTP error statuses come back as responses for the bridge to explain. Each request is retried on
 * its own under `settings.retry` (so a list resumes at the page that failed), a send only where that cannot
 * send it twice (`unsafeToRepeat`).
 */
export function routingTransport(
	ctx: IExecutePaginationFunctions,
	base: DeclarativeRestApiSettings.ResultOptions,
	adapter: ProviderAdapter,
	settings: TransportSettings,
	log: RetryLog = { lastGaveUp: undefined },
): Transport {
	const send: Transport = async (request) => {
		const options: DeclarativeRestApiSettings.HttpRequestOptions = {
			...base.options,
			method: request.method,
			url: request.path,
			qs: { ...(request.qs ?? {}) },
			headers: { ...(base.options.headers ?? {}), ...(request.headers ?? {}) },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			timeout: settings.timeoutMs,
		};
		if (request.body !== undefined) options.body = { ...request.body };
		else delete options.body;
		const { outcome, record } = await withRetries(
			async () => await ctx.makeRoutingRequest({ ...base, options }),
			(tried) => {
				const verdict = verdictOn(tried, request.unsafeToRepeat === true, clock.now());
				if (verdict.retry) request.onTransient?.();
				return verdict;
			},
			settings.retry,
			clock,
		);
		log.lastGaveUp = record.gaveUp;
		if ('error' in outcome)
			throw unanswered(adapter, base.options.baseURL, outcome.error, {
				timeoutMs: settings.timeoutMs,
				retried: record.gaveUp,
				unsafeToRepeat: request.unsafeToRepeat === true,
			});
		const response = responseOf(outcome.value);
		if (!response)
			throw new BridgeError('response', `${adapter.displayName} sent no readable response`, {
				provider: adapter.id,
			});
		return response;
	};
	send.letRequestsLeave = letRequestsLeave;
	return send;
}

/**
 * Two turns of the event loop, with n8n-workflow's sleep (the cloud rules forbid other timers): in the first
 * n8n's request helpers open the connection, in the second they write the request.
 */
async function letRequestsLeave(): Promise<void> {
	await sleep(0);
	await sleep(0);
}

/** The whole response capturePage kept; undefined when there is none. */
function responseOf(items: INodeExecutionData[]): HttpResponse | undefined {
	const page = items[0]?.json;
	if (!isRecord(page) || typeof page.statusCode !== 'number') return undefined;
	return {
		statusCode: page.statusCode,
		body: page.body,
		headers: (isRecord(page.headers) ? page.headers : {}) as HttpResponse['headers'],
	};
}

function verdictOn(
	tried: TryOutcome<INodeExecutionData[]>,
	unsafeToRepeat: boolean,
	now: number,
): RetryVerdict {
	if ('error' in tried) {
		const code = findCode(tried.error);
		return transientVerdict(
			code === undefined ? undefined : TRANSIENT_NETWORK_ERRORS[code],
			unsafeToRepeat,
		);
	}
	const response = responseOf(tried.value);
	if (!response) return { retry: false };
	return transientVerdict(
		TRANSIENT_STATUSES[response.statusCode],
		unsafeToRepeat,
		parseRetryAfter(header(response, 'retry-after'), now),
	);
}

/** Network error codes in words (n8n replaces a message that contains the bare code with a generic one). */
export const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ECONNRESET: 'the connection was reset',
	EPROTO: 'the TLS handshake failed',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/** What went with a request that got no answer. */
export interface Unanswered {
	/** The request's time limit, in ms; null when n8n's own applied. */
	timeoutMs: number | null;
	/** Why retrying stopped (RetryRecord.gaveUp), if it was retried. */
	retried: string | undefined;
	/** A send that could go out twice if repeated. */
	unsafeToRepeat: boolean;
}

/**
 * A request that never got an HTTP answer, for every transport of the package: say where we tried, why, and
 * what retrying did, never with the request's headers or body; a send that may have reached the provider
 * is marked so.
 */
export function unanswered(
	adapter: ProviderIdentity,
	baseUrl: unknown,
	error: unknown,
	{ timeoutMs, retried: gaveUp, unsafeToRepeat }: Unanswered,
): BridgeError {
	const code = findCode(error);
	const retried = gaveUp ? ` Retries: ${gaveUp}.` : '';
	const at = String(baseUrl || '(no base URL)');
	// Only a request that certainly never reached the provider is certainly not sent.
	const maybeSent =
		unsafeToRepeat &&
		!(
			code !== undefined &&
			(TRANSIENT_NETWORK_ERRORS[code]?.unprocessed === true || code === 'ENOTFOUND')
		);
	const details = { provider: adapter.id, network: code ?? 'unknown', maybeSent };
	if (code !== undefined && TIMEOUT_CODES.has(code)) {
		return new BridgeError(
			'http',
			`${adapter.displayName} did not answer${timeoutMs === null ? ' in time' : ` within ${timeoutMs / 1000} s`}`,
			{
				...details,
				description: `Raise the Timeout option of the node if the provider is just slow, or try again later.${retried}`,
			},
		);
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return new BridgeError(
			'http',
			`The connection to ${adapter.displayName} at ${at} was dropped before an answer came`,
			{
				...details,
				description: `The provider or a proxy in between closed it; try again later.${retried}`,
			},
		);
	}
	const reason = (code && NETWORK_REASONS[code]) ?? 'there was no answer';
	return new BridgeError('http', `Could not reach ${adapter.displayName} at ${at}: ${reason}`, {
		...details,
		description: `Check the Base URL of the credential and that the service is up.${retried}`,
	});
}

export function findCode(error: unknown): string | undefined {
	for (let e: unknown = error, depth = 0; isRecord(e) && depth < 4; e = e.cause, depth++) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}
