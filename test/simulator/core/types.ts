import type { ProviderId } from '../../../bridge/model';

/** The provider values of docs/contract.md. */
export type ProviderName = ProviderId;

/** Keyed by ProviderId so that a new provider fails to compile until the simulator serves it. */
const SIMULATED: Record<ProviderName, true> = {
	noxivo: true,
	vobiz: true,
	digital99: true,
	inbox: true,
};
export const PROVIDER_NAMES = Object.keys(SIMULATED) as ProviderName[];
