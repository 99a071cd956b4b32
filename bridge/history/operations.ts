import { capabilityOf } from '../capabilities';
import { isBridgeError, restated } from '../errors';
import type { Transport } from '../http';
import type { Chat, Mapped, Message, ProviderConfig } from '../model';
import { paginate, type PaginateOptions } from '../pagination/engine';
import type { ProviderAdapter } from '../providers/types';
import { compareIso } from '../time';

/** Reading chats and history, the same for every provider: the adapter says how its lists are paged (./types.ts). */

export async function listChats(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	options: PaginateOptions<Chat> = {},
): Promise<Array<Mapped<Chat>>> {
	const history = capabilityOf(adapter, 'history');
	const chats = await paginate(await history.listChats(config, transport), transport, options);
	return history.completeChats ? await history.completeChats(chats, config, transport) : chats;
}

/**
 * One conversation's history, oldest first (docs/contract.md "Order"). Pages are read newest first, so Limit N
 * keeps the N most recent messages; they are then put in chronological order.
 */
export async function listMessages(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	conversationId: string,
	transport: Transport,
	options: PaginateOptions<Message> = {},
): Promise<Array<Mapped<Message>>> {
	const spec = await capabilityOf(adapter, 'history').listMessages(
		config,
		conversationId,
		transport,
	);
	try {
		return oldestFirst(await paginate(spec, transport, options));
	} catch (error) {
		throw withReadSoFarOldestFirst(error);
	}
}

/** What was read before paging stopped comes out in the same order as a whole history. */
function withReadSoFarOldestFirst(error: unknown): unknown {
	if (!isBridgeError(error) || error.readSoFar.length === 0) return error;
	return restated(error, { readSoFar: oldestFirst(error.readSoFar as Array<Mapped<Message>>) });
}

/**
 * Stable chronological order; messages with the same timestamp keep the provider's relative order. A history
 * that already is in order (as pages newest first make it, turned round) is not sorted.
 */
export function oldestFirst(newestFirst: Array<Mapped<Message>>): Array<Mapped<Message>> {
	const items = newestFirst.slice().reverse();
	for (let i = 1; i < items.length; i++) {
		if (compareIso(items[i - 1].value.timestamp, items[i].value.timestamp) > 0)
			return items.sort((a, b) => compareIso(a.value.timestamp, b.value.timestamp));
	}
	return items;
}
