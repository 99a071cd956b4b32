import { BridgeError } from '../../errors';
import { isRecord, type HttpRequest, type HttpResponse, type Transport } from '../../http';
import type { Chat, Message, MessageStatus, MessageType, ProviderId } from '../../model';
import { PAGES_IN_FLIGHT, paginate, type ListSpec } from '../../pagination/engine';
import { offsetStrategy } from '../../pagination/strategies';
import { isGroupJid, toPersonJid, toPhoneDigits } from '../../phone';
import { toIsoTimestamp } from '../../time';
import { configString, flag, lookup, httpError, isSuccess, newestFirst, num, record, recordsAt, str, unreadableRecord, locationOf } from '../common';
import type { ProviderConfig, ProviderHistory } from '../types';

/** Noxivo Engine, a WAHA wrapper (docs/providers.md §1). */

const provider: ProviderId = 'noxivo';
const context = { provider, providerName: 'Noxivo', credentialName: 'Noxivo Engine API' };

export const DOCUMENTED_INBOX_PREFIX = '/api/v1/inbox';
/** §1.4 path-prefix warning: the published engine registers the inbox routes without `/api`. */
const SOURCE_INBOX_PREFIX = '/v1/inbox';
/** §1.4.1 / §1.4.3: limit max 100 for both chats and messages. */
const MAX_PAGE_SIZE = 100;
/** §1.3: engine conversation ids are 24-hex ObjectIds. */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** §1.2: agencyId/tenantId are harmless with a scoped key and required with the master key; never sent empty (strict schema, §1.4.1). */
export function tenantQuery(config: ProviderConfig): Record<string, string> {
	const qs: Record<string, string> = {};
	const agencyId = configString(config, 'agencyId');
	const tenantId = configString(config, 'tenantId');
	if (agencyId) qs.agencyId = agencyId;
	if (tenantId) qs.tenantId = tenantId;
	return qs;
}

export function inboxPrefix(config: ProviderConfig): string {
	return (configString(config, 'inboxPathPrefix') ?? DOCUMENTED_INBOX_PREFIX).replace(/\/+$/, '');
}

function isWahaNotFound(response: HttpResponse): boolean {
	return response.statusCode === 404 && isRecord(response.body) && 'statusCode' in response.body && 'message' in response.body;
}

/**
 * §1.4 adapter requirement: a 404 in WAHA's shape on the documented `/api/v1/inbox` prefix means the engine
 * serves the inbox under `/v1/inbox`; retry once there and keep using it for the following pages.
 */
export function withInboxPrefixFallback(transport: Transport): Transport {
	let useSourcePrefix = false;
	return async (request: HttpRequest) => {
		const documented = request.path.startsWith(`${DOCUMENTED_INBOX_PREFIX}/`);
		const swap = (r: HttpRequest) => ({ ...r, path: SOURCE_INBOX_PREFIX + r.path.slice(DOCUMENTED_INBOX_PREFIX.length) });
		if (documented && useSourcePrefix) return await transport(swap(request));
		const response = await transport(request);
		if (documented && isWahaNotFound(response)) {
			const retried = await transport(swap(request));
			if (retried.statusCode !== 404) useSourcePrefix = true;
			return retried;
		}
		return response;
	};
}

/** §1.9: native routes answer `{"error": "..."}`, WAHA and validation errors `{statusCode, error, message}`. */
export function errorDetail(body: unknown): string | null {
	const b = record(body);
	return str(b.message) ?? str(b.error);
}

export function checkResponse(response: HttpResponse): void {
	if (isSuccess(response)) return;
	if (response.statusCode === 409 && /session binding/i.test(errorDetail(response.body) ?? '')) {
		throw httpError(context, response, errorDetail(response.body), 'The WhatsApp session is not connected: reconnect it (scan the QR code) in the Noxivo dashboard.');
	}
	throw httpError(context, response, errorDetail(response.body));
}

const ACK_NUMBERS: Record<string, MessageStatus> = { '-1': 'failed', '0': 'pending', '1': 'sent', '2': 'delivered', '3': 'read', '4': 'played' };
const ACK_NAMES: Record<string, MessageStatus> = { ERROR: 'failed', PENDING: 'pending', RETRY_QUEUED: 'pending', SERVER: 'sent', DEVICE: 'delivered', READ: 'read', PLAYED: 'played' };

/** §1.7 / §0.1: WAHA ack -1..4 (or its ackName) to the canonical status. */
export function ackToStatus(ack: unknown, ackName?: unknown): MessageStatus | null {
	const byNumber = lookup(ACK_NUMBERS, num(ack));
	if (byNumber) return byNumber;
	return (typeof ackName === 'string' ? lookup(ACK_NAMES, ackName.trim().toUpperCase()) : undefined) ?? null;
}

/** A WAHA id may arrive as an object `{ _serialized }` on some engines (§1.8). */
export function wahaId(value: unknown): string | null {
	if (isRecord(value)) return str(value._serialized);
	return str(value);
}

const WAHA_TYPES: Record<string, MessageType> = {
	chat: 'text', text: 'text', image: 'image', video: 'video', audio: 'audio', ptt: 'voice', voice: 'voice',
	document: 'document', sticker: 'sticker', location: 'location', vcard: 'contact', multi_vcard: 'contact', contact: 'contact',
};

/**
 * The engine's history records carry no `type` (§1.4.3): it is read from a WAHA `type` when one is there,
 * else from the media mimetype (an ogg/opus audio is a WhatsApp voice note), location and vCards.
 */
function messageType(m: Record<string, unknown>, media: Record<string, unknown> | null, hasMedia: boolean): MessageType {
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

/** The engine writes the business side as the literal "me" (§1.4.3): that is no address. */
function address(value: unknown): string | null {
	const s = str(value);
	return s === 'me' ? null : s;
}

export function toMessage(raw: unknown, conversationId: string | null): Message {
	const m = record(raw);
	const id = wahaId(m.id);
	const timestamp = toIsoTimestamp(m.timestamp);
	if (!id || !timestamp) {
		throw unreadableRecord(context, 'a message', id);
	}
	const fromMe = flag(m.fromMe, context, 'fromMe') ?? (m.from === 'me');
	const media = isRecord(m.media) ? m.media : null;
	const hasMedia = flag(m.hasMedia, context, 'hasMedia') === true;
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
		media: media || hasMedia
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
	if (!jid) throw new BridgeError('response', 'Noxivo returned a chat without an id', { provider });
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
			? { text: str(last.body), timestamp: toIsoTimestamp(last.timestamp), fromMe: flag(last.fromMe, context, 'lastMessage.fromMe') }
			: null,
	};
}

const hasMoreFlag = (page: { body: unknown }) => flag(record(page.body).hasMore, context, 'hasMore') ?? undefined;

/**
 * §1.3: history is keyed by the engine's ObjectId, but chats are listed by JID. A JID or phone number is
 * looked up in the (Swagger-only) `GET /api/v1/chats` list (§1.4.2), paged 100 at a time.
 */
export async function resolveConversationId(config: ProviderConfig, conversationId: string, transport: Transport): Promise<string> {
	const trimmed = conversationId.trim();
	if (OBJECT_ID.test(trimmed)) return trimmed;
	const jid = isGroupJid(trimmed) || /@lid$/i.test(trimmed) ? trimmed : toPersonJid(trimmed);
	if (!jid) {
		throw new BridgeError('input', `"${conversationId}" is not a Noxivo conversation id, chat id or phone number`, {
			provider,
			field: 'conversationId',
			description: 'Use the id from WhatsApp Chats, a conversation id (24 hex characters), a chat id like 972501234567@c.us, or a phone number.',
		});
	}
	const spec: ListSpec<{ id: string; contactId: string | null }> = {
		provider,
		providerName: context.providerName,
		what: 'conversations',
		request: { method: 'GET', path: '/api/v1/chats', qs: tenantQuery(config) },
		paginator: {
			strategy: offsetStrategy({ hasMore: (page) => page.records.length >= page.pageSize }),
			tokenOption: { inject: 'query', field: 'offset' },
			pageSizeOption: { inject: 'query', field: 'limit' },
			maxPageSize: MAX_PAGE_SIZE,
		},
		checkResponse,
		records: (body) => recordsAt(body, [], { ...context, what: 'conversations' }),
		map: (raw) => ({ id: str(record(raw).id) ?? '', contactId: str(record(raw).contactId) }),
		idOf: (c) => c.id,
	};
	for (const conversation of await paginate(spec, transport)) {
		if (conversation.value.contactId === jid && conversation.value.id) return conversation.value.id;
	}
	throw new BridgeError('input', `Noxivo has no conversation with ${jid}`, {
		provider,
		field: 'conversationId',
		description: 'The engine keeps history only for conversations it has stored. Check the number, or pick the chat from WhatsApp Chats.',
	});
}

/** How this provider's chats and message history are paged and read. */
export const history: ProviderHistory = {
	// §1.4.1: chats come sorted by their last message, newest first.
	chatActivity: {
		latest: (chat) => chat.lastMessage?.timestamp ?? null,
		newestFirst: true,
		note: 'Noxivo lists chats by their last message, newest first: paging stops at the first older chat.',
	},

	async listChats(config, transport) {
		return {
			provider,
			providerName: context.providerName,
			what: 'chats',
			request: { method: 'GET', path: `${inboxPrefix(config)}/chats`, qs: tenantQuery(config) },
			paginator: {
				strategy: offsetStrategy({ hasMore: hasMoreFlag }),
				tokenOption: { inject: 'query', field: 'offset' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: MAX_PAGE_SIZE,
			},
			transport: withInboxPrefixFallback(transport),
			checkResponse,
			records: (body) => recordsAt(body, ['chats'], { ...context, what: 'chats' }),
			map: toChat,
			idOf: (chat) => chat.id,
		};
	},

	async listMessages(config, conversationId, rawTransport) {
		const transport = withInboxPrefixFallback(rawTransport);
		const id = await resolveConversationId(config, conversationId, transport);
		return {
			provider,
			providerName: context.providerName,
			what: 'messages',
			request: {
				method: 'GET',
				path: `${inboxPrefix(config)}/conversations/${encodeURIComponent(id)}/messages`,
				qs: tenantQuery(config),
			},
			paginator: {
				strategy: offsetStrategy({ hasMore: hasMoreFlag }),
				tokenOption: { inject: 'query', field: 'offset' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: MAX_PAGE_SIZE,
				inFlight: PAGES_IN_FLIGHT,
			},
			transport,
			checkResponse(response) {
				// §1.4.3: an unknown conversation is a 404 whose body looks like an empty page.
				if (response.statusCode === 404 && isRecord(response.body) && Array.isArray(response.body.messages)) {
					throw new BridgeError('http', `Noxivo: conversation ${id} not found (HTTP 404)`, {
						provider,
						httpCode: 404,
						description: 'The conversation does not exist in this tenant. Use an id from WhatsApp Chats.',
					});
				}
				checkResponse(response);
			},
			// §1.4.3: each page is in chronological order; newest first, as the engine reads pages, keeps the
			// order of messages that share a second.
			records: (body) => recordsAt(body, ['messages'], { ...context, what: 'messages' }).slice().reverse(),
			map: (raw) => toMessage(raw, id),
			idOf: (message) => message.id,
			compare: newestFirst,
		};
	},
};
