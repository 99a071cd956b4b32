import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { newerThanOption, listRouting } from '../../bridge/n8n/lists';
import { downloadMediaOption, maxMediaSizeOption } from '../../bridge/n8n/media';
import {
	includeRawOption,
	optionsCollection,
	providerFields,
	requestOptions,
	routingNodeBase,
} from '../../bridge/n8n/properties';
import {
	conversationIdFields,
	limitFields,
	providerSubtitle,
	toolDescriptionProperty,
} from '../../bridge/n8n/editorFields';

export class WhatsAppMessages implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Messages',
		name: 'whatsAppMessages',
		icon: {
			light: 'file:../icons/whatsAppInbox.svg',
			dark: 'file:../icons/whatsAppInbox.dark.svg',
		},
		group: ['input'],
		version: 1,
		subtitle: providerSubtitle('"History"'),
		description:
			'Read the message history of one WhatsApp conversation, oldest first, across all pages',
		defaults: { name: 'WhatsApp Messages' },
		usableAsTool: true,
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-messages',
		...routingNodeBase(),
		properties: [
			...providerFields(),
			toolDescriptionProperty(
				"Reads the messages of one WhatsApp chat, oldest first, the most recent Limit (20) of them. Input: conversationId, the `id` of a chat from the WhatsApp Chats tool. Each result has `id`, `direction` (inbound/outbound), `fromMe`, `from`, `to`, `type`, `text`, `media`, `status` and `timestamp` (ISO). To answer, give the chat's `chatId` to the WhatsApp Send tool.",
			),
			...conversationIdFields(),
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				routing: listRouting('messages'),
			},
			...limitFields(),
			{
				displayName: 'Limit keeps the most recent messages; items always come oldest first.',
				name: 'orderNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { returnAll: [false] } },
			},
			optionsCollection([
				downloadMediaOption,
				includeRawOption,
				maxMediaSizeOption,
				newerThanOption,
				...requestOptions,
			]),
		],
	};
}
