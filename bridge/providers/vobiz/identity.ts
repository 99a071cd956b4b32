import type { ProviderIdentity } from '../../model';

/** Vobiz, a WhatsApp Cloud API reseller (docs/providers.md §2). */
export const identity: ProviderIdentity = {
	id: 'vobiz',
	displayName: 'Vobiz',
	credentialType: 'vobizApi',
	credentialName: 'Vobiz API',
	examples: {
		conversationId: 'c7a1b2d3-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
		conversationHint: 'The `id` of a chat from WhatsApp Chats (a UUID)',
		to: '+91 98765 43210',
		messageId: 'e1d2c3b4-a5f6-4789-90ab-cdef01234567',
	},
	secretFields: ['authToken', 'webhookSecret'],
};
