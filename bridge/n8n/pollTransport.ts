import type { IHttpRequestMethods, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';

import { BridgeError } from '../errors';
import type { HttpResponse, Transport } from '../http';
import type { ProviderAdapter, ProviderConfig } from '../providers';

/**
 * The Poll Trigger's Transport. A poll has no RoutingNode: requests go through n8n's
 * httpRequestWithAuthentication, so the credential's authentication, n8n's proxy settings and request
 * logging apply as for the other nodes; HTTP error statuses come back as responses for the bridge to explain.
 */
export function pollTransport(ctx: IPollFunctions, adapter: ProviderAdapter, config: ProviderConfig): Transport {
	const baseUrl = String(config.baseUrl ?? '').replace(/\/+$/, '');
	return async (request) => {
		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, adapter.credentialType, {
				method: request.method as IHttpRequestMethods,
				url: `${baseUrl}${request.path}`,
				...(request.qs ? { qs: request.qs } : {}),
				...(request.body ? { body: { ...request.body } } : {}),
				headers: { Accept: 'application/json', ...(request.headers ?? {}) },
				json: true,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			})) as IN8nHttpFullResponse;
		} catch {
			throw unreachable(adapter, baseUrl);
		}
		return { statusCode: response.statusCode, body: response.body, headers: response.headers as HttpResponse['headers'] };
	};
}

/** A request that got no HTTP answer: where it went, never its headers or body. */
function unreachable(adapter: ProviderAdapter, baseUrl: string): BridgeError {
	return new BridgeError('http', `Could not reach ${adapter.displayName} at ${baseUrl || '(no base URL)'}`, {
		provider: adapter.id,
		description: 'Check the Base URL of the credential and that the service is up. The next poll tries again.',
	});
}
