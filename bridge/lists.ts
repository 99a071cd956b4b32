import type { Transport } from './http';
import type { Chat, Mapped, Message } from './model';
import { paginate, type PaginateOptions } from './pagination/engine';
import type { ProviderAdapter, ProviderConfig } from './providers/types';
import { epochMillis } from './time';

/** The list operations the nodes offer, provider-independent. */

export async function listChats(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	options: PaginateOptions<Chat> = {},
): Promise<Array<Mapped<Chat>>> {
	const chats = await paginate(await adapter.listChats(config, transport), transport, options);
	return adapter.completeChats ? await adapter.completeChats(chats, config, transport) : chats;
}

/**
 * One conversation's history, oldest first (CONTRACT.md "Order"). Pages are read newest first, so Limit N
 * keeps the N most recent messages; they are then put in chronological order.
 */
export async function listMessages(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	conversationId: string,
	transport: Transport,
	options: PaginateOptions<Message> = {},
): Promise<Array<Mapped<Message>>> {
	const spec = await adapter.listMessages(config, conversationId, transport);
	const newestFirst = await paginate(spec, transport, options);
	return oldestFirst(newestFirst);
}

/** Stable chronological order; messages with the same timestamp keep the provider's relative order. */
export function oldestFirst(newestFirst: Array<Mapped<Message>>): Array<Mapped<Message>> {
	return newestFirst
		.slice()
		.reverse()
		.sort((a, b) => epochMillis(a.value.timestamp) - epochMillis(b.value.timestamp));
}
