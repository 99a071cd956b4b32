import type { ProviderAdapter } from '../types';
import { history } from './history';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** 99digital (docs/providers.md §3). */
export const digital99: ProviderAdapter = {
	id: 'digital99',
	displayName: '99digital',
	credentialType: 'digital99Api',
	secretFields: ['apiKey', 'webhookSecret'],
	...history,
	sending,
	webhooks,
	media,
};
