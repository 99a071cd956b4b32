import type { ProviderIdentity } from '../../model';

/** 99digital (docs/providers.md §3). */
export const identity: ProviderIdentity = {
	id: 'digital99',
	displayName: '99digital',
	credentialType: 'digital99Api',
	credentialName: '99digital API',
	examples: {
		conversationId: '972501234567',
		conversationHint:
			"The `id` of a chat from WhatsApp Chats: on 99digital, the other party's number",
		to: '+972 50-123-4567',
		messageId: 'true_972501234567@c.us_3EB0C0FFEE',
	},
	secretFields: ['apiKey', 'webhookSecret'],
};
