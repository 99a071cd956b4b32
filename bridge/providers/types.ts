import type { ProviderHistory } from '../history/types';
import type { ProviderMedia } from '../media/types';
import type { ProviderIdentity } from '../model';
import type { ProviderSending } from '../sending/types';
import type { ProviderWebhooks } from '../webhooks/types';

/**
 * Everything the package knows about one provider: who it is, and each thing it can do, declared the same
 * way. Every capability is optional: a node asks for one through bridge/capabilities.ts, which tells the
 * user "<provider> cannot <do this>" and what to use instead when the provider has none.
 * Adding a provider: docs/architecture.md.
 */
export interface ProviderAdapter extends ProviderIdentity {
	/** Chats and message history (WhatsApp Chats, Messages, the Poll Trigger). */
	history?: ProviderHistory;
	/** Sending, message status and session status (WhatsApp Send, Status). */
	sending?: ProviderSending;
	/** Incoming webhooks (WhatsApp Trigger). */
	webhooks?: ProviderWebhooks;
	/** Fetching the media files its messages link to (Download Media). */
	media?: ProviderMedia;
}
