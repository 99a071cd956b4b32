import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { capabilityOf } from '../capabilities';
import { BridgeError } from '../errors';
import { isRecord, type Transport } from '../http';
import { getProvider } from '../providers';
import type { ProviderConfig } from '../model';
import type { SubscriptionState, WebhookSubscriptions, WebhookTarget } from '../webhooks/types';
import { credentialTransport } from './credentialTransport';
import { toNodeError } from './errors';
import { readEvents, secretScope, triggerSecrets } from './trigger';

/**
 * The Trigger's webhook lifecycle (activation, test listening, deactivation). The provider's adapter
 * says what to ask; the requests go out through n8n with the credential's authentication applied.
 * A provider without a subscription API has nothing to register: the node tells the user which URL to paste.
 */

type Step = (
	subscriptions: WebhookSubscriptions,
	target: WebhookTarget,
	state: SubscriptionState,
	transport: Transport,
) => Promise<boolean>;

/** Without a subscription API there is nothing to register, check or remove: every step succeeds. */
async function runStep(ctx: IHookFunctions, step: Step): Promise<boolean> {
	let secrets: string[] = [];
	try {
		const adapter = getProvider(ctx.getNodeParameter('provider'));
		const { subscriptions } = capabilityOf(adapter, 'webhooks');
		if (!subscriptions) return true;
		const config: ProviderConfig = await ctx.getCredentials(adapter.credentialType);
		secrets = triggerSecrets(ctx, adapter, config);
		const url = ctx.getNodeWebhookUrl('default');
		if (!url)
			throw new BridgeError('input', 'n8n has no URL for this Trigger', { provider: adapter.id });
		const target: WebhookTarget = {
			url,
			config,
			events: readEvents(ctx),
			secretScope: secretScope(ctx),
		};
		const staticData = ctx.getWorkflowStaticData('node');
		const state: SubscriptionState = {
			...(isRecord(staticData.subscription) ? (staticData.subscription as SubscriptionState) : {}),
		};
		const result = await step(
			subscriptions,
			target,
			state,
			credentialTransport(ctx, adapter, config, { retry: false }),
		);
		if (Object.keys(state).length > 0) staticData.subscription = state as IDataObject;
		else if ('subscription' in staticData) delete staticData.subscription;
		return result;
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, null, secrets);
	}
}

export async function checkWebhookExists(this: IHookFunctions): Promise<boolean> {
	return await runStep(
		this,
		async (s, target, state, transport) => await s.exists(target, state, transport),
	);
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
