import type { IHttpRequestMethods, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';

import { BridgeError } from '../errors';
import { header, type HttpResponse, type Transport } from '../http';
import type { ProviderAdapter, ProviderConfig } from '../providers';
import { DEFAULT_RETRY_POLICY, TRANSIENT_NETWORK_ERRORS, TRANSIENT_STATUSES, parseRetryAfter, transientVerdict, withRetries } from '../retry';
import { findCode, n8nRetryClock } from './transport';

/**
 * The Poll Trigger's Transport. A poll has no RoutingNode: requests go through n8n's
 * httpRequestWithAuthentication, so the credential's authentication, n8n's proxy settings and request
 * logging apply as for the other nodes; HTTP error statuses come back as responses for the bridge to explain.
 */
export function pollTransport(ctx: IPollFunctions, adapter: ProviderAdapter, config: ProviderConfig): Transport {
	const baseUrl = String(config.baseUrl ?? '').replace(/\/+$/, '');
	return async (request) => {
		const send = async (): Promise<HttpResponse> => {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, adapter.credentialType, {
				method: request.method as IHttpRequestMethods,
				url: `${baseUrl}${request.path}`,
				...(request.qs ? { qs: request.qs } : {}),
				...(request.body ? { body: { ...request.body } } : {}),
				headers: { Accept: 'application/json', ...(request.headers ?? {}) },
				json: true,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			})) as IN8nHttpFullResponse;
			return { statusCode: response.statusCode, body: response.body, headers: response.headers as HttpResponse['headers'] };
		};
		// A poll only reads: every transient failure is retried under the bridge's default policy.
		const { outcome } = await withRetries(
			send,
			(tried) =>
				'error' in tried
					? transientVerdict(TRANSIENT_NETWORK_ERRORS[findCode(tried.error) ?? ''], false)
					: transientVerdict(TRANSIENT_STATUSES[tried.value.statusCode], false, parseRetryAfter(header(tried.value, 'retry-after'), Date.now())),
			DEFAULT_RETRY_POLICY,
			n8nRetryClock,
		);
		if ('error' in outcome) throw unreachable(adapter, baseUrl);
		return outcome.value;
	};
}

/** A request that got no HTTP answer: where it went, never its headers or body. */
function unreachable(adapter: ProviderAdapter, baseUrl: string): BridgeError {
	return new BridgeError('http', `Could not reach ${adapter.displayName} at ${baseUrl || '(no base URL)'}`, {
		provider: adapter.id,
		description: 'Check the Base URL of the credential and that the service is up. The next poll tries again.',
	});
}
