import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { BridgeError } from '../errors';
import { isRecord, type HttpResponse, type Transport } from '../http';
import type { ProviderAdapter } from '../providers';

/**
 * The node's postReceive action: keeps the whole response (status, headers, body) as one item, so the
 * bridge, not n8n's default body-to-items split, reads it. makeRoutingRequest always applies the node's own
 * postReceive chain (TOOLCHAIN.md), which is why pages are read this way.
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

/**
 * A bridge Transport made of n8n's routing request: the credential's authentication, base URL, proxy and
 * timeout settings all apply; HTTP error statuses come back as responses for the bridge to explain.
 */
export function routingTransport(
	ctx: IExecutePaginationFunctions,
	base: DeclarativeRestApiSettings.ResultOptions,
	adapter: ProviderAdapter,
): Transport {
	return async (request) => {
		const options: DeclarativeRestApiSettings.HttpRequestOptions = {
			...base.options,
			method: request.method,
			url: request.path,
			qs: { ...(request.qs ?? {}) },
			headers: { ...(base.options.headers ?? {}), ...(request.headers ?? {}) },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		if (request.body !== undefined) options.body = { ...request.body };
		else delete options.body;
		let items: INodeExecutionData[];
		try {
			items = await ctx.makeRoutingRequest({ ...base, options });
		} catch (error) {
			throw unreachable(adapter, base.options.baseURL, error);
		}
		const page = items[0]?.json;
		if (!isRecord(page) || typeof page.statusCode !== 'number') {
			throw new BridgeError('response', `${adapter.displayName} sent no readable response`, { provider: adapter.id });
		}
		return {
			statusCode: page.statusCode,
			body: page.body,
			headers: (isRecord(page.headers) ? page.headers : {}) as HttpResponse['headers'],
		};
	};
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

/** A request that never got an HTTP answer: say where we tried and why, never with the request's headers or body. */
function unreachable(adapter: ProviderAdapter, baseUrl: unknown, error: unknown): BridgeError {
	const code = findCode(error);
	const reason = (code && NETWORK_REASONS[code]) ?? 'there was no answer';
	return new BridgeError('http', `Could not reach ${adapter.displayName} at ${String(baseUrl ?? '(no base URL)')}: ${reason}`, {
		provider: adapter.id,
		description: `Check the Base URL of the credential and that the service is up.`,
	});
}

export function findCode(error: unknown): string | undefined {
	for (let e: unknown = error, depth = 0; isRecord(e) && depth < 4; e = e.cause, depth++) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}
