import type { ProviderAdapter } from '../types';
import { completeChats } from './contacts';
import { history } from './history';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** Vobiz, a WhatsApp Cloud API reseller (docs/providers.md §2). */
export const vobiz: ProviderAdapter = {
	id: 'vobiz',
	displayName: 'Vobiz',
	credentialType: 'vobizApi',
	secretFields: ['authToken', 'webhookSecret'],
	...history,
	completeChats: async (chats, _config, transport) => await completeChats(chats, transport),
	sending,
	webhooks,
	media,
};
