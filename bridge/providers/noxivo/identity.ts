import type { ProviderIdentity } from '../../model';

/** Noxivo Engine, a WAHA wrapper (docs/providers.md §1). */
export const identity: ProviderIdentity = {
	id: 'noxivo',
	displayName: 'Noxivo Engine',
	credentialType: 'noxivoApi',
	credentialName: 'Noxivo Engine API',
	examples: {
		conversationId: '69e0af6bfbf58631dc8d4642',
		conversationHint:
			'The `id` of a chat from WhatsApp Chats (24 hex characters); a chat ID or phone number also works',
		to: '+972 50-123-4567',
		messageId: '6620f0c1a1b2c3d4e5f60718',
	},
	secretFields: ['apiKey', 'webhookSecret'],
};
