import type { Transport } from '../http';
import type { Chat, Mapped, Message, ProviderConfig } from '../model';
import type { ListSpec } from '../pagination/engine';

/** What a provider's chat list says about when each chat was last active ("Active Since", the Poll Trigger). */
export interface ChatActivity {
	/** The latest time the chat can have had a message (its last message; Vobiz: its window's end); null = unknown. */
	latest(chat: Chat, raw: unknown): string | null;
	/** The list comes newest activity first, so paging stops at the first chat older than asked. */
	newestFirst: boolean;
	/** How the provider does it, in a sentence for the option's description. */
	note: string;
}

/**
 * What a provider adapter knows about reading chats and message history (WhatsApp Chats, Messages and the
 * Poll Trigger): how each list is paged and read. The operations on top are in ./operations.ts.
 */
export interface ProviderHistory {
	/** How this provider's chats tell their last activity. */
	chatActivity: ChatActivity;
	/** How this provider's chats are paged. */
	listChats(config: ProviderConfig, transport: Transport): Promise<ListSpec<Chat>>;
	/** How one conversation's history is paged; may look the conversation up first. */
	listMessages(
		config: ProviderConfig,
		conversationId: string,
		transport: Transport,
	): Promise<ListSpec<Message>>;
	/** Fills in what a provider's chat list leaves out from another endpoint (Vobiz: contacts). */
	completeChats?(
		chats: Array<Mapped<Chat>>,
		config: ProviderConfig,
		transport: Transport,
	): Promise<Array<Mapped<Chat>>>;
}
