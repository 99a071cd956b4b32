import type { ProviderIdentity } from '../../model';

/** The generic "/api/whatsapp" inbox API (docs/providers.md §4). */
export const identity: ProviderIdentity = {
	id: 'inbox',
	displayName: 'WhatsApp Inbox API',
	credentialType: 'whatsAppInboxApi',
	credentialName: 'WhatsApp Inbox API',
	examples: {
		conversationId: 'conv_123',
		conversationHint: 'The `id` of a chat from WhatsApp Chats',
		to: '+972 50-123-4567',
		messageId: 'msg_01HZX5',
	},
	secretFields: ['apiKey', 'webhookSecret'],
};
