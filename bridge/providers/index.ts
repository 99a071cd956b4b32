import { BridgeError } from '../errors';
import type { ProviderId } from '../model';
import { digital99 } from './digital99';
import { inbox } from './inbox';
import { noxivo } from './noxivo';
import type { ProviderAdapter } from './types';
import { vobiz } from './vobiz';

/** The one list of providers. A new provider is one folder and one line here (docs/architecture.md). */
export const PROVIDERS: Record<ProviderId, ProviderAdapter> = { noxivo, vobiz, digital99, inbox };

/** The providers in the order the Provider list shows them. */
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function getProvider(id: unknown): ProviderAdapter {
	if (typeof id === 'string' && Object.hasOwn(PROVIDERS, id)) return PROVIDERS[id as ProviderId];
	throw new BridgeError('input', `Unknown provider "${String(id)}"`, {
		field: 'provider',
		description: `Choose one of: ${PROVIDER_IDS.join(', ')}.`,
	});
}

export type { ProviderAdapter } from './types';
