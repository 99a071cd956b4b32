import { PROVIDER_IDS, PROVIDERS } from '../../bridge/providers';
import type { ProviderAdapter } from '../../bridge/providers/types';
import { echo, echoSendOnly } from './echo';

/**
 * Puts the test-only providers into the registry, as their line in bridge/providers/index.ts would. Import
 * this before anything that loads the nodes: their descriptions are built from the registry when loaded.
 */
for (const adapter of [echo, echoSendOnly]) {
	(PROVIDERS as Record<string, ProviderAdapter>)[adapter.id] = adapter;
	PROVIDER_IDS.push(adapter.id);
}
