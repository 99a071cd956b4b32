import type { Transport } from '../http';
import type { Chat, Message, ProviderId } from '../model';
import type { ListSpec } from '../pagination/engine';

/** The decrypted credential of the provider (CONTRACT.md "Credentials"); secrets included, never echoed. */
export type ProviderConfig = Record<string, unknown>;

/**
 * Everything the package knows about one provider. Adding a provider = one new adapter file under
 * bridge/providers/, registered in bridge/providers/index.ts, plus its credential.
 */
export interface ProviderAdapter {
	id: ProviderId;
	/** As users know it: 'Noxivo Engine'. */
	displayName: string;
	/** The n8n credential type name of CONTRACT.md. */
	credentialType: string;
	/** The credential fields that are secrets (redacted from anything shown to a user). */
	secretFields: readonly string[];
	/** How this provider's chats are paged. */
	listChats(config: ProviderConfig, transport: Transport): Promise<ListSpec<Chat>>;
	/** How one conversation's history is paged; may look the conversation up first. */
	listMessages(config: ProviderConfig, conversationId: string, transport: Transport): Promise<ListSpec<Message>>;
}
