import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { listRouting } from '../../bridge/n8n/lists';
import {
	authenticationProperty,
	credentialSlotProperty,
	includeRawOption,
	limitProperty,
	providerCredentials,
	providerProperty,
} from '../../bridge/n8n/properties';

export class WhatsAppMessages implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Messages',
		name: 'whatsAppMessages',
		icon: { light: 'file:../icons/whatsAppInbox.svg', dark: 'file:../icons/whatsAppInbox.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{"History on " + $parameter["provider"]}}',
		description: 'Read the message history of one WhatsApp conversation, oldest first, across all pages',
		defaults: { name: 'WhatsApp Messages' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(),
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			providerProperty,
			credentialSlotProperty,
			authenticationProperty,
			{
				displayName: 'Conversation ID',
				name: 'conversationId',
				type: 'string',
				required: true,
				default: '',
				placeholder: '69e0af6bfbf58631dc8d4642',
				description:
					'The ID of a chat from WhatsApp Chats. On 99digital, the other party\'s number; on Noxivo a chat ID or phone number also works.',
			},
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				routing: listRouting('messages'),
			},
			limitProperty(),
			{
				displayName: 'Limit keeps the most recent messages; items always come oldest first.',
				name: 'orderNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { returnAll: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [includeRawOption],
			},
		],
	};
}
