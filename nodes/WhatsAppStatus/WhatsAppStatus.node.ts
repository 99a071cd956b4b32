import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import {
	includeRawOption,
	providerFields,
	requestOptions,
	routingNodeBase,
} from '../../bridge/n8n/properties';
import {
	messageIdFields,
	providerSubtitle,
	toolDescriptionProperty,
} from '../../bridge/n8n/editorFields';
import { statusRouting } from '../../bridge/n8n/status';

export class WhatsAppStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Status',
		name: 'whatsAppStatus',
		icon: {
			light: 'file:../icons/whatsAppInbox.svg',
			dark: 'file:../icons/whatsAppInbox.dark.svg',
		},
		group: ['input'],
		// n8n adds a "Custom API Call" operation to the latest version of nodes whose credential has
		// `authenticate`; it cannot call anything useful here. n8n takes a description as the latest when
		// `defaultVersion === version`, which a version list never equals.
		version: [1],
		defaultVersion: 1,
		subtitle: providerSubtitle(
			'({ messageStatus: "Message Status", sessionStatus: "Session Status" }[$parameter["operation"]] || "Status")',
		),
		description:
			'Read the delivery status of a sent WhatsApp message, or whether the WhatsApp session is connected',
		defaults: { name: 'WhatsApp Status' },
		usableAsTool: true,
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-status',
		...routingNodeBase(),
		properties: [
			...providerFields(),
			toolDescriptionProperty(
				'Reads the delivery status of one WhatsApp message sent by the WhatsApp Send tool. Input: messageId, the `id` that WhatsApp Send returned. Returns `messageId`, `waMessageId`, `status` (pending, sent, delivered, read, played or failed) and `timestamp`. Only Noxivo Engine can be asked; on other providers it returns an error saying how that provider reports statuses.',
			),
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
			...messageIdFields(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [includeRawOption, ...requestOptions],
			},
		],
	};
}
