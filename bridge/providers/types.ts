import type { Transport } from '../http';
import type { ProviderMedia } from '../media/types';
import type { Chat, Mapped, Message, ProviderId } from '../model';
import type { ListSpec } from '../pagination/engine';
import type { ProviderSending } from '../sending/types';
import type { ProviderWebhooks } from '../webhooks/types';

/** The decrypted credential of the provider (docs/contract.md "Credentials"); secrets included, never echoed. */
export type ProviderConfig = Record<string, unknown>;

export interface ProviderInfo {
	id: ProviderId;
	/** As users know it: 'Noxivo Engine'. */
	displayName: string;
	/** The n8n credential type name of docs/contract.md. */
	credentialType: string;
	/** The credential fields that are secrets (redacted from anything shown to a user). */
	secretFields: readonly string[];
}

/** What a provider's chat list says about when each chat was last active ("Active Since", the Poll Trigger). */
export interface ChatActivity {
	/** The latest time the chat can have had a message (its last message; Vobiz: its window's end); null = unknown. */
	latest(chat: Chat, raw: unknown): string | null;
	/** The list comes newest activity first, so paging stops at the first chat older than asked. */
	newestFirst: boolean;
	/** How the provider does it, in a sentence for the option's description. */
	note: string;
}

export interface ProviderHistory {
	/** How this provider's chats tell their last activity. */
	chatActivity: ChatActivity;
	/** How this provider's chats are paged. */
	listChats(config: ProviderConfig, transport: Transport): Promise<ListSpec<Chat>>;
	/** How one conversation's history is paged; may look the conversation up first. */
	listMessages(config: ProviderConfig, conversationId: string, transport: Transport): Promise<ListSpec<Message>>;
	/** Fills in what a provider's chat list leaves out from another endpoint (Vobiz: contacts). */
	completeChats?(chats: Array<Mapped<Chat>>, config: ProviderConfig, transport: Transport): Promise<Array<Mapped<Chat>>>;
}

/**
 * Everything the package knows about one provider. Adding a provider = one folder under bridge/providers/
 * (history, sending, webhooks, and an index assembling them), one line in bridge/providers/index.ts, and
 * its credential.
 */
export interface ProviderAdapter extends ProviderInfo, ProviderHistory {
	sending: ProviderSending;
	webhooks: ProviderWebhooks;
	/** Its media links: whether the credential goes along, how long they live. */
	media: ProviderMedia;
}
