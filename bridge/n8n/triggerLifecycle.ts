import type { IDataObject, IHookFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import { BridgeError } from '../errors';
import { isRecord, type HttpResponse, type Transport } from '../http';
import { getProvider, type ProviderAdapter, type ProviderConfig } from '../providers';
import type { SubscriptionState, WebhookSubscriptions, WebhookTarget } from '../webhooks/types';
import { readEvents, secretScope, triggerError, triggerSecrets } from './trigger';

/**
 * The Trigger's webhook lifecycle (activation, test listening, deactivation). The provider's adapter
 * says what to ask; the requests go out through n8n with the credential's authentication applied.
 * A provider without a subscription API has nothing to register: the node tells the user which URL to paste.
 */

type Step = (subscriptions: WebhookSubscriptions, target: WebhookTarget, state: SubscriptionState, transport: Transport) => Promise<boolean>;

function hookTransport(ctx: IHookFunctions, adapter: ProviderAdapter, config: ProviderConfig): Transport {
	const baseUrl = String(config.baseUrl ?? '').replace(/\/+$/, '');
	return async (request) => {
		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, adapter.credentialType, {
				method: request.method as IHttpRequestMethods,
				url: `${baseUrl}${request.path}`,
				...(request.qs ? { qs: request.qs } : {}),
				...(request.body ? { body: { ...request.body } } : {}),
				...(request.headers ? { headers: request.headers } : {}),
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
		description: 'Check the Base URL of the credential and that the service is up.',
	});
}

/** Without a subscription API there is nothing to register, check or remove: every step succeeds. */
async function runStep(ctx: IHookFunctions, step: Step): Promise<boolean> {
	let secrets: string[] = [];
	try {
		const adapter = getProvider(ctx.getNodeParameter('provider'));
		const { subscriptions } = adapter.webhooks;
		if (!subscriptions) return true;
		const config: ProviderConfig = await ctx.getCredentials(adapter.credentialType);
		secrets = triggerSecrets(ctx, adapter, config);
		const url = ctx.getNodeWebhookUrl('default');
		if (!url) throw new BridgeError('input', 'n8n has no URL for this Trigger', { provider: adapter.id });
		const target: WebhookTarget = { url, config, events: readEvents(ctx), secretScope: secretScope(ctx) };
		const staticData = ctx.getWorkflowStaticData('node');
		const state: SubscriptionState = { ...(isRecord(staticData.subscription) ? (staticData.subscription as SubscriptionState) : {}) };
		const result = await step(subscriptions, target, state, hookTransport(ctx, adapter, config));
		if (Object.keys(state).length > 0) staticData.subscription = state as IDataObject;
		else if ('subscription' in staticData) delete staticData.subscription;
		return result;
	} catch (error) {
		throw triggerError(ctx.getNode(), error, secrets);
	}
}

export async function checkWebhookExists(this: IHookFunctions): Promise<boolean> {
	return await runStep(this, async (s, target, state, transport) => await s.exists(target, state, transport));
}

export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	return await runStep(this, async (s, target, state, transport) => {
		await s.create(target, state, transport);
		return true;
	});
}

export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	return await runStep(this, async (s, target, state, transport) => {
		await s.remove(target, state, transport);
		return true;
	});
}
