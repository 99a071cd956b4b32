import type {
	IHookFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';

import { header, type HttpResponse, type Transport } from '../http';
import type { ProviderConfig } from '../model';
import type { ProviderAdapter } from '../providers';
import {
	DEFAULT_RETRY_POLICY,
	TRANSIENT_NETWORK_ERRORS,
	TRANSIENT_STATUSES,
	parseRetryAfter,
	transientVerdict,
	withRetries,
} from '../retry';
import { findCode, n8nRetryClock, unanswered } from './transport';

/**
 * The Transport of the triggers (the Poll Trigger's reads, the WhatsApp Trigger's webhook registration),
 * which have no RoutingNode: requests go through n8n's httpRequestWithAuthentication, so the credential's
 * authentication, n8n's proxy settings and request logging apply as for the other nodes; HTTP error
 * statuses come back as responses for the bridge to explain. `retry`: every transient failure is retried
 * under the bridge's default policy (a poll only reads); without it, one try.
 */
export function credentialTransport(
	ctx: IPollFunctions | IHookFunctions,
	adapter: ProviderAdapter,
	config: ProviderConfig,
	{ retry }: { retry: boolean },
): Transport {
	const baseUrl = String(config.baseUrl ?? '').replace(/\/+$/, '');
	const authenticated = ctx.helpers
		.httpRequestWithAuthentication as IPollFunctions['helpers']['httpRequestWithAuthentication'];
	const policy = retry ? DEFAULT_RETRY_POLICY : { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
	return async (request) => {
		const send = async (): Promise<HttpResponse> => {
			const response = (await authenticated.call(ctx as IPollFunctions, adapter.credentialType, {
				method: request.method as IHttpRequestMethods,
				url: `${baseUrl}${request.path}`,
				...(request.qs ? { qs: request.qs } : {}),
				...(request.body ? { body: { ...request.body } } : {}),
				headers: { Accept: 'application/json', ...(request.headers ?? {}) },
				json: true,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			})) as IN8nHttpFullResponse;
			return {
				statusCode: response.statusCode,
				body: response.body,
				headers: response.headers as HttpResponse['headers'],
			};
		};
		const { outcome, record } = await withRetries(
			send,
			(tried) =>
				'error' in tried
					? transientVerdict(TRANSIENT_NETWORK_ERRORS[findCode(tried.error) ?? ''], false)
					: transientVerdict(
							TRANSIENT_STATUSES[tried.value.statusCode],
							false,
							parseRetryAfter(header(tried.value, 'retry-after'), Date.now()),
						),
			policy,
			n8nRetryClock,
		);
		if ('error' in outcome)
			throw unanswered(adapter, baseUrl, outcome.error, {
				timeoutMs: null,
				retried: record.gaveUp,
				unsafeToRepeat: false,
			});
		return outcome.value;
	};
}
