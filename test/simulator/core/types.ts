export const PROVIDER_NAMES = ['noxivo', 'vobiz', 'digital99', 'inbox'] as const;
/** The provider values of docs/contract.md. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];
