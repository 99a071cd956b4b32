import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	credentialSlotProperty,
	includeRawOption,
	providerCredentials,
	providerProperty,
} from '../../bridge/n8n/properties';
import { statusRouting } from '../../bridge/n8n/status';

export class WhatsAppStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Status',
		name: 'whatsAppStatus',
		icon: { light: 'file:../icons/whatsAppInbox.svg', dark: 'file:../icons/whatsAppInbox.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + " on " + $parameter["provider"]}}',
		description: 'Read the delivery status of a sent WhatsApp message, or whether the WhatsApp session is connected',
		defaults: { name: 'WhatsApp Status' },
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
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Message Status',
						value: 'messageStatus',
						description: 'Delivery status of one sent message',
						action: 'Get the delivery status of a message',
					},
					{
						name: 'Session Status',
						value: 'sessionStatus',
						description: 'Whether the WhatsApp session or account can send',
						action: 'Get the session status',
					},
				],
				default: 'messageStatus',
				routing: statusRouting(),
			},
			{
				displayName: 'Message ID',
				name: 'messageId',
				type: 'string',
				required: true,
				default: '',
				placeholder: '6620f0c1a1b2c3d4e5f60718',
				description: 'The message ID in the output of WhatsApp Send',
				displayOptions: { show: { operation: ['messageStatus'] } },
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
