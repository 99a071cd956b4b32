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

export class WhatsAppChats implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Chats',
		name: 'whatsAppChats',
		icon: { light: 'file:../icons/whatsAppInbox.svg', dark: 'file:../icons/whatsAppInbox.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{"Chats on " + $parameter["provider"]}}',
		description: 'List WhatsApp conversations on Noxivo, Vobiz, 99digital or an inbox API',
		defaults: { name: 'WhatsApp Chats' },
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
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				routing: listRouting('chats'),
			},
			limitProperty(),
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
