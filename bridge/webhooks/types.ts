/** What a provider adapter knows about its incoming webhooks (filled in by the Trigger work). */
export interface ProviderWebhooks {}
