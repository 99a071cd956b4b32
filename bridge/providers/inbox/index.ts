import type { ProviderAdapter } from '../types';
import { history } from './history';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** The generic "/api/whatsapp" inbox API (docs/providers.md §4). */
export const inbox: ProviderAdapter = {
	id: 'inbox',
	displayName: 'WhatsApp Inbox API',
	credentialType: 'whatsAppInboxApi',
	secretFields: ['apiKey', 'webhookSecret'],
	...history,
	sending,
	webhooks,
	media,
};
