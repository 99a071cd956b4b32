import { BridgeError } from '../errors';
import { PROVIDER_IDS, type ProviderId } from '../model';
import { digital99 } from './digital99';
import { inbox } from './inbox';
import { noxivo } from './noxivo';
import type { ProviderAdapter } from './types';
import { vobiz } from './vobiz';

/** The one list of providers. A new provider is one adapter file and one line here. */
export const PROVIDERS: Record<ProviderId, ProviderAdapter> = { noxivo, vobiz, digital99, inbox };

export function getProvider(id: unknown): ProviderAdapter {
	if (typeof id === 'string' && (PROVIDER_IDS as readonly string[]).includes(id)) return PROVIDERS[id as ProviderId];
	throw new BridgeError('input', `Unknown provider "${String(id)}"`, {
		field: 'provider',
		description: `Choose one of: ${PROVIDER_IDS.join(', ')}.`,
	});
}

export type { ProviderAdapter, ProviderConfig, ProviderHistory, ProviderInfo } from './types';
