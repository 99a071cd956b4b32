import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { activeSinceOption, listRouting } from '../../bridge/n8n/lists';
import {
	includeRawOption,
	optionsCollection,
	providerFields,
	providerNames,
	requestOptions,
	routingNodeBase,
} from '../../bridge/n8n/properties';
import {
	limitFields,
	providerSubtitle,
	toolDescriptionProperty,
} from '../../bridge/n8n/editorFields';

export class WhatsAppChats implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Chats',
		name: 'whatsAppChats',
		icon: {
			light: 'file:../icons/whatsAppInbox.svg',
			dark: 'file:../icons/whatsAppInbox.dark.svg',
		},
		group: ['input'],
		version: 1,
		subtitle: providerSubtitle('"Chats"'),
		description: `List WhatsApp conversations on ${providerNames}`,
		defaults: { name: 'WhatsApp Chats' },
		usableAsTool: true,
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-chats',
		...routingNodeBase(),
		properties: [
			...providerFields(),
			toolDescriptionProperty(
				'Lists the WhatsApp conversations (chats) of this inbox, most recent first, up to Limit (20). Each result has `id` (give it to the WhatsApp Messages tool as conversationId to read that chat), `chatId` and `phone` (give one to the WhatsApp Send tool as `to` to reply), `name`, `isGroup`, `unreadCount` and `lastMessage` {text, timestamp, fromMe}. Takes no input.',
			),
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				routing: listRouting('chats'),
			},
			...limitFields(),
			optionsCollection([activeSinceOption, includeRawOption, ...requestOptions]),
		],
	};
}
