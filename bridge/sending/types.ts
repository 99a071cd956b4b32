/** What a provider adapter knows about sending and delivery status (filled in by the Send/Status work). */
export interface ProviderSending {}
