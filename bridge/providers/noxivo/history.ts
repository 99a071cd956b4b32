import { BridgeError } from '../../errors';
import type { ProviderHistory } from '../../history/types';
import { isRecord, type Transport } from '../../http';
import type { Chat, Message, MessageStatus, MessageType, ProviderConfig } from '../../model';
import { paginate, type ListSpec } from '../../pagination/engine';
import { PAGES_IN_FLIGHT } from '../../pagination/engine';
import { isGroupJid, toPersonJid, toPhoneDigits } from '../../phone';
import { toIsoTimestamp } from '../../time';
import {
	flag,
	locationOf,
	lookup,
	newestFirst,
	num,
	record,
	recordsAt,
	str,
	idAndTime,
	listOf,
} from '../common';
import {
	OBJECT_ID,
	checkResponse,
	inboxPrefix,
	offsetPages,
	tenantQuery,
	withInboxPrefixFallback,
} from './api';
import { identity } from './identity';

/** Noxivo Engine's chats and message history, and its message records (docs/providers.md §1.3–§1.4.3). */

const provider = identity.id;

const ACK_NUMBERS: Record<string, MessageStatus> = {
	'-1': 'failed',
	'0': 'pending',
	'1': 'sent',
	'2': 'delivered',
	'3': 'read',
	'4': 'played',
};
const ACK_NAMES: Record<string, MessageStatus> = {
	ERROR: 'failed',
	PENDING: 'pending',
	RETRY_QUEUED: 'pending',
	SERVER: 'sent',
	DEVICE: 'delivered',
	READ: 'read',
	PLAYED: 'played',
};

/** §1.7 / §0.1: WAHA ack -1..4 (or its ackName) to the canonical status. */
export function ackToStatus(ack: unknown, ackName?: unknown): MessageStatus | null {
	const byNumber = lookup(ACK_NUMBERS, num(ack));
	if (byNumber) return byNumber;
	return (
		(typeof ackName === 'string' ? lookup(ACK_NAMES, ackName.trim().toUpperCase()) : undefined) ??
		null
	);
}

/** A WAHA id may arrive as an object `{ _serialized }` on some engines (§1.8). */
export function wahaId(value: unknown): string | null {
	if (isRecord(value)) return str(value._serialized);
	return str(value);
}

const WAHA_TYPES: Record<string, MessageType> = {
	chat: 'text',
	text: 'text',
	image: 'image',
	video: 'video',
	audio: 'audio',
	ptt: 'voice',
	voice: 'voice',
	document: 'document',
	sticker: 'sticker',
	location: 'location',
	vcard: 'contact',
	multi_vcard: 'contact',
	contact: 'contact',
};

/**
 * The engine's history records carry no `type` (§1.4.3): it is read from a WAHA `type` when one is there,
 * else from the media mimetype (an ogg/opus audio is a WhatsApp voice note), location and vCards.
 */
function messageType(
	m: Record<string, unknown>,
	media: Record<string, unknown> | null,
	hasMedia: boolean,
): MessageType {
	const declared = str(m.type) ?? str(record(m._data).type);
	if (declared) return lookup(WAHA_TYPES, declared.trim().toLowerCase()) ?? 'other';
	if (isRecord(m.location)) return 'location';
	if (Array.isArray(m.vCards) && m.vCards.length > 0) return 'contact';
	if (media || hasMedia) {
		const mime = (str(media?.mimetype) ?? '').toLowerCase();
		if (mime.startsWith('image/webp')) return 'sticker';
		if (mime.startsWith('image/')) return 'image';
		if (mime.startsWith('video/')) return 'video';
		if (mime.startsWith('audio/')) return /ogg|opus/.test(mime) ? 'voice' : 'audio';
		return 'document';
	}
	return 'text';
}

/** The engine writes the business side as the literal "me" (§1.4.3, history and webhooks): that is no address. */
export function address(value: unknown): string | null {
	const s = str(value);
	return s === 'me' ? null : s;
}

export function toMessage(raw: unknown, conversationId: string | null): Message {
	const m = record(raw);
	const { id, timestamp } = idAndTime(identity, wahaId(m.id), m.timestamp);
	const fromMe = flag(m.fromMe, identity, 'fromMe') ?? m.from === 'me';
	const media = isRecord(m.media) ? m.media : null;
	const hasMedia = flag(m.hasMedia, identity, 'hasMedia') === true;
	return {
		provider,
		id,
		waMessageId: /^(true|false)_/.test(id) ? id : null,
		conversationId,
		chatId: address(fromMe ? m.to : m.from),
		direction: fromMe ? 'outbound' : 'inbound',
		fromMe,
		from: address(m.from),
		to: address(m.to),
		type: messageType(m, media, hasMedia),
		text: str(m.body) ?? str(media?.caption),
		media:
			media || hasMedia
				? { url: str(media?.url), mimeType: str(media?.mimetype), fileName: str(media?.filename) }
				: null,
		// WAHA may name the place `description` (§1.8 payload.location).
		location: locationOf(m.location, 'description'),
		status: fromMe ? ackToStatus(m.ack, m.ackName) : null,
		timestamp,
	};
}

export function toChat(raw: unknown): Chat {
	const c = record(raw);
	const jid = wahaId(c.id);
	if (!jid)
		throw new BridgeError('response', `${identity.displayName} returned a chat without an id`, {
			provider,
		});
	const last = isRecord(c.lastMessage) ? c.lastMessage : null;
	return {
		provider,
		id: jid,
		chatId: jid,
		name: str(c.name),
		phone: toPhoneDigits(jid),
		isGroup: isGroupJid(jid),
		unreadCount: num(c.unreadCount),
		lastMessage: last
			? {
					text: str(last.body),
					timestamp: toIsoTimestamp(last.timestamp),
					fromMe: flag(last.fromMe, identity, 'lastMessage.fromMe'),
				}
			: null,
	};
}

const hasMoreFlag = (page: { body: unknown }) =>
	flag(record(page.body).hasMore, identity, 'hasMore') ?? undefined;

/**
 * §1.3: history is keyed by the engine's ObjectId, but chats are listed by JID. A JID or phone number is
 * looked up in the (Swagger-only) `GET /api/v1/chats` list (§1.4.2), paged 100 at a time.
 */
export async function resolveConversationId(
	config: ProviderConfig,
	conversationId: string,
	transport: Transport,
): Promise<string> {
	const trimmed = conversationId.trim();
	if (OBJECT_ID.test(trimmed)) return trimmed;
	const jid = isGroupJid(trimmed) || /@lid$/i.test(trimmed) ? trimmed : toPersonJid(trimmed);
	if (!jid) {
		throw new BridgeError(
			'input',
			`"${conversationId}" is not a ${identity.displayName} conversation id, chat id or phone number`,
			{
				provider,
				field: 'conversationId',
				description:
					'Use the id from WhatsApp Chats, a conversation id (24 hex characters), a chat id like 972501234567@c.us, or a phone number.',
			},
		);
	}
	const spec: ListSpec<{ id: string; contactId: string | null }> = {
		...listOf(identity, 'conversations'),
		request: { method: 'GET', path: '/api/v1/chats', qs: tenantQuery(config) },
		paginator: offsetPages((page) => page.records.length >= page.pageSize),
		checkResponse,
		records: (body) => recordsAt(body, [], identity, 'conversations'),
		map: (raw) => ({ id: str(record(raw).id) ?? '', contactId: str(record(raw).contactId) }),
		idOf: (c) => c.id,
	};
	for (const conversation of await paginate(spec, transport)) {
		if (conversation.value.contactId === jid && conversation.value.id) return conversation.value.id;
	}
	throw new BridgeError('input', `${identity.displayName} has no conversation with ${jid}`, {
		provider,
		field: 'conversationId',
		description:
			'The engine keeps history only for conversations it has stored. Check the number, or pick the chat from WhatsApp Chats.',
	});
}

/** How this provider's chats and message history are paged and read. */
export const history: ProviderHistory = {
	// §1.4.1: chats come sorted by their last message, newest first.
	chatActivity: {
		latest: (chat) => chat.lastMessage?.timestamp ?? null,
		newestFirst: true,
		note: `${identity.displayName} lists chats by their last message, newest first: paging stops at the first older chat.`,
	},

	async listChats(config, transport) {
		return {
			...listOf(identity, 'chats'),
			request: { method: 'GET', path: `${inboxPrefix(config)}/chats`, qs: tenantQuery(config) },
			paginator: offsetPages(hasMoreFlag),
			transport: withInboxPrefixFallback(transport),
			checkResponse,
			records: (body) => recordsAt(body, ['chats'], identity, 'chats'),
			map: toChat,
			idOf: (chat) => chat.id,
		};
	},

	async listMessages(config, conversationId, rawTransport) {
		const transport = withInboxPrefixFallback(rawTransport);
		const id = await resolveConversationId(config, conversationId, transport);
		return {
			...listOf(identity, 'messages'),
			request: {
				method: 'GET',
				path: `${inboxPrefix(config)}/conversations/${encodeURIComponent(id)}/messages`,
				qs: tenantQuery(config),
			},
			paginator: offsetPages(hasMoreFlag, PAGES_IN_FLIGHT),
			transport,
			checkResponse(response) {
				// §1.4.3: an unknown conversation is a 404 whose body looks like an empty page.
				if (
					response.statusCode === 404 &&
					isRecord(response.body) &&
					Array.isArray(response.body.messages)
				) {
					throw new BridgeError(
						'http',
						`${identity.displayName}: conversation ${id} not found (HTTP 404)`,
						{
							provider,
							httpCode: 404,
							description:
								'The conversation does not exist in this tenant. Use an id from WhatsApp Chats.',
						},
					);
				}
				checkResponse(response);
			},
			// §1.4.3: each page is in chronological order; newest first, as the engine reads pages, keeps the
			// order of messages that share a second.
			records: (body) => recordsAt(body, ['messages'], identity, 'messages').slice().reverse(),
			map: (raw) => toMessage(raw, id),
			idOf: (message) => message.id,
			compare: newestFirst,
		};
	},
};
