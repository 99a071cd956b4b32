import { capabilityOf } from '../capabilities';
import { isBridgeError, restated } from '../errors';
import type { Transport } from '../http';
import type { Chat, Mapped, Message, ProviderConfig } from '../model';
import { paginate, type PaginateOptions } from '../pagination/engine';
import type { ProviderAdapter } from '../providers/types';
import { epochMillis } from '../time';

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
 * Stable chronological order; messages with the same timestamp keep the provider's relative order. Each
 * timestamp is read once (not twice per comparison), and a history that already is in order is not sorted.
 */
export function oldestFirst(newestFirst: Array<Mapped<Message>>): Array<Mapped<Message>> {
	const count = newestFirst.length;
	const items = new Array<Mapped<Message>>(count);
	const times = new Float64Array(count);
	let inOrder = true;
	for (let i = 0; i < count; i++) {
		items[i] = newestFirst[count - 1 - i];
		times[i] = epochMillis(items[i].value.timestamp);
		if (i > 0 && !(times[i - 1] <= times[i])) inOrder = false;
	}
	if (inOrder) return items;
	const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => times[a] - times[b]);
	return order.map((i) => items[i]);
}
