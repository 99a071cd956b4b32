import { capabilityOf } from '../capabilities';
import { BridgeError } from '../errors';
import type { Transport } from '../http';
import { listMessages } from '../history/operations';
import type { Chat, Mapped, Message, ProviderConfig } from '../model';
import { paginate, type PagingCheckpoint } from '../pagination/engine';
import type { ProviderAdapter } from '../providers';
import { epochMillis } from '../time';
import { reaches, type SincePoint } from './since';
import type { ProviderHistory } from '../history/types';

/**
 * Reads that only need what is new (docs/architecture.md "Incremental by default"): every provider pages from the
 * newest record backwards, so paging stops at the first page that reaches the point asked for and the cost
 * follows the new records, not the history.
 */

/**
 * The messages of one conversation newer than a time or a message, oldest first. Limit N keeps the N most
 * recent of them. A message id that is not in the conversation is an error, not the whole history.
 */
export async function listNewerMessages(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	conversationId: string,
	transport: Transport,
	point: SincePoint,
	options: { limit?: number; resume?: PagingCheckpoint; keepRaw?: boolean } = {},
): Promise<Array<Mapped<Message>>> {
	let reached = false;
	const messages = await listMessages(adapter, config, conversationId, transport, {
		limit: options.limit,
		resume: options.resume,
		keepRaw: options.keepRaw,
		stopAt: (message) => (reached = reaches(message, point)),
	});
	if (
		point.kind === 'message' &&
		!reached &&
		(options.limit === undefined || messages.length < options.limit)
	) {
		throw new BridgeError(
			'input',
			`Newer Than: message "${point.id}" is not in conversation ${conversationId}`,
			{
				provider: adapter.id,
				field: 'newerThan',
				description: `All ${messages.length} messages of the conversation were read without finding it. Use the "id" (or "waMessageId") of a message from WhatsApp Messages for this conversation, or a date and time.`,
			},
		);
	}
	// A provider that misorders a page must not let an older message through.
	return point.kind === 'time' ? messages.filter(({ value }) => !reaches(value, point)) : messages;
}

/** A chat counts as active since `since` unless its provider knows its last activity was before then. */
function activeSince(
	history: ProviderHistory,
	since: number,
): (chat: Chat, raw: unknown) => boolean {
	return (chat, raw) => {
		const latest = history.chatActivity.latest(chat, raw);
		return latest === null || epochMillis(latest) >= since;
	};
}

/**
 * The chats with activity at or after `since` (epoch ms), in the provider's order. Where the list comes
 * newest activity first, paging stops at the first older chat; otherwise the list is read and filtered.
 * `complete: false` skips the provider's completion of chats (Vobiz contacts) when only ids are needed.
 */
export async function listActiveChats(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	since: number,
	options: {
		limit?: number;
		complete?: boolean;
		resume?: PagingCheckpoint;
		keepRaw?: boolean;
	} = {},
): Promise<Array<Mapped<Chat>>> {
	const history = capabilityOf(adapter, 'history');
	const isActive = activeSince(history, since);
	const spec = await history.listChats(config, transport);
	const sorted = history.chatActivity.newestFirst;
	const read = await paginate(spec, transport, {
		limit: sorted ? options.limit : undefined,
		resume: options.resume,
		keepRaw: options.keepRaw,
		stopAt: sorted ? (chat, raw) => !isActive(chat, raw) : undefined,
	});
	const active = read.filter(({ value, raw }) => isActive(value, raw)).slice(0, options.limit);
	if (options.complete === false || !history.completeChats) return active;
	return await history.completeChats(active, config, transport);
}
