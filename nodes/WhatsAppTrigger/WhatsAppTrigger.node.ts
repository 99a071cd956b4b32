import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { providerFields, providerNames, triggerNodeBase } from '../../bridge/n8n/properties';
import { providerSubtitle } from '../../bridge/n8n/editorFields';
import { receiveWebhook } from '../../bridge/n8n/trigger';
import {
	checkWebhookExists,
	createWebhook,
	deleteWebhook,
} from '../../bridge/n8n/triggerLifecycle';
import { eventsProperty, setupNotices, triggerOptions } from '../../bridge/n8n/triggerProperties';

export class WhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Trigger',
		name: 'whatsAppTrigger',
		icon: {
			light: 'file:../icons/whatsAppInbox.svg',
			dark: 'file:../icons/whatsAppInbox.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: providerSubtitle(
			'($parameter["events"] || []).map((e) => ({ message: "Message", "message.ack": "Message Ack" })[e] || e).join(", ")',
		),
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-trigger',
		description: `Starts the workflow on WhatsApp messages and delivery receipts from ${providerNames}`,
		defaults: { name: 'WhatsApp Trigger' },
		...triggerNodeBase(),
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// A provider's check of the URL before it delivers (ProviderWebhooks.handshake).
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [...providerFields(), ...setupNotices(), eventsProperty, triggerOptions()],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkWebhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook.call(this);
	}
}
