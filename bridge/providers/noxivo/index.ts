import type { ProviderAdapter } from '../types';
import { history } from './history';
import { media } from './media';
import { sending } from './sending';
import { webhooks } from './webhooks';

/** Noxivo Engine, a WAHA wrapper (docs/providers.md §1). */
export const noxivo: ProviderAdapter = {
	id: 'noxivo',
	displayName: 'Noxivo Engine',
	credentialType: 'noxivoApi',
	secretFields: ['apiKey', 'webhookSecret'],
	...history,
	sending,
	webhooks,
	media,
};
