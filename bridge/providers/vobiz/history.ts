import { isRecord } from '../../http';
import type { ProviderHistory } from '../../history/types';
import type { Chat, Message, MessageType } from '../../model';
import { cursorStrategy } from '../../pagination/strategies';
import { toPhoneDigits } from '../../phone';
import { toIsoTimestamp } from '../../time';
import {
	flag,
	isOutbound,
	lookup,
	newestFirst,
	num,
	record,
	recordsAt,
	statusFromString,
	str,
	isMediaType,
	locationOf,
	phoneChat,
	idAndTime,
	listOf,
} from '../common';
import { checkResponse } from './api';
import { completeChats } from './contacts';
import { identity } from './identity';

/** Vobiz, a WhatsApp Cloud API reseller (docs/providers.md §2). */

const provider = identity.id;
/** §2.4.2: messages limit default 50, max 100. */
const MAX_PAGE_SIZE = 100;

/** §2.4.2: `content` is a JSON-encoded string; anything unparseable is kept as the text. */
export function parseContent(value: unknown): Record<string, unknown> {
	if (isRecord(value)) return value;
	if (typeof value !== 'string' || value === '') return {};
	try {
		const parsed: unknown = JSON.parse(value);
		return isRecord(parsed) ? parsed : { body: value };
	} catch {
		return { body: value };
	}
}

const VOBIZ_TYPES: Record<string, MessageType> = {
	text: 'text',
	image: 'image',
	video: 'video',
	audio: 'audio',
	document: 'document',
	sticker: 'sticker',
	location: 'location',
	contacts: 'contact',
	contact: 'contact',
	template: 'template',
};

/** Meta's nested per-type object (`{image:{link, caption}}`) or the flat `media` form of the send API. */
function mediaObject(content: Record<string, unknown>, rawType: string): Record<string, unknown> {
	if (Object.hasOwn(content, rawType) && isRecord(content[rawType]))
		return content[rawType] as Record<string, unknown>;
	if (isRecord(content.media)) return content.media;
	return content;
}

/** Text of interactive / button replies (Meta shapes), so an unknown type still keeps what the user said. */
function replyText(content: Record<string, unknown>): string | null {
	const interactive = record(content.interactive ?? content);
	return (
		str(record(interactive.button_reply).title) ??
		str(record(interactive.list_reply).title) ??
		str(record(content.button).text) ??
		str(content.text) ??
		null
	);
}

export function toMessage(raw: unknown, requestedConversationId: string | null): Message {
	const m = record(raw);
	const { id, timestamp } = idAndTime(identity, str(m.id), m.created_at ?? m.timestamp);
	const rawType = (str(m.type) ?? 'text').trim().toLowerCase();
	const content = parseContent(m.content ?? (m.body !== undefined ? { body: m.body } : undefined));
	const media = mediaObject(content, rawType);
	let type: MessageType = lookup(VOBIZ_TYPES, rawType) ?? 'other';
	if (type === 'audio' && flag(media.voice, identity, 'voice') === true) type = 'voice';
	const direction = isOutbound(m.direction) ? 'outbound' : 'inbound';
	const textBody =
		str(record(content.text).body) ??
		str(content.body) ??
		(typeof content.text === 'string' ? str(content.text) : null);
	return {
		provider,
		id,
		waMessageId: str(m.meta_message_id) ?? str(m.message_id),
		conversationId: str(m.conversation_id) ?? requestedConversationId,
		chatId: null,
		direction,
		fromMe: direction === 'outbound',
		from: null,
		to: null,
		type,
		text: isMediaType(type) ? str(media.caption) : type === 'other' ? replyText(content) : textBody,
		media: isMediaType(type)
			? {
					url: str(media.link) ?? str(media.url),
					mimeType: str(media.mime_type) ?? str(media.mimeType),
					fileName: str(media.filename) ?? str(media.fileName),
				}
			: null,
		location:
			type === 'location'
				? locationOf(isRecord(content.location) ? content.location : content)
				: null,
		status: direction === 'outbound' ? statusFromString(m.status) : null,
		timestamp,
	};
}

/** §2.4.1: the current shape has no contact or last message (null); the legacy shape has both. */
export function toChat(raw: unknown): Chat {
	const c = record(raw);
	const contact = isRecord(c.contact) ? c.contact : null;
	const last = isRecord(c.last_message) ? c.last_message : null;
	return phoneChat(identity, str(c.id), {
		phone: toPhoneDigits(str(contact?.phone) ?? str(c.phone_number)),
		name: str(contact?.name),
		unreadCount: num(c.unread_count),
		lastMessage: last
			? {
					text: str(last.body),
					timestamp: toIsoTimestamp(last.timestamp),
					fromMe: typeof last.direction === 'string' ? isOutbound(last.direction) : null,
				}
			: null,
	});
}

/** §2.4.2: `next_cursor` + `has_more`; the legacy shape gives a message id as `cursor` and no flag. */
const vobizCursor = cursorStrategy({
	cursor: (page) => record(page.body).next_cursor ?? record(page.body).cursor,
	hasMore: (page) => flag(record(page.body).has_more, identity, 'has_more') ?? undefined,
});

/** How this provider's chats and message history are paged and read. */
export const history: ProviderHistory = {
	/**
	 * §2.4.1: conversations carry no last message, only their 24-hour window (`expires_at`). No message can
	 * be added to a conversation after its window closed (a new inbound message moves `expires_at`; outside
	 * the window WhatsApp opens a new conversation), so a window that closed before the time asked rules a
	 * conversation out. The legacy shape has a last message.
	 */
	chatActivity: {
		latest: (chat, raw) =>
			toIsoTimestamp(record(raw).expires_at) ?? chat.lastMessage?.timestamp ?? null,
		newestFirst: false,
		note: `${identity.displayName} lists conversations with their 24-hour window: every conversation whose window was open at or after the time is kept.`,
	},

	completeChats: async (chats, _config, transport) => await completeChats(chats, transport),

	async listChats() {
		return {
			...listOf(identity, 'chats'),
			request: { method: 'GET', path: '/conversations' },
			// §2.4.1 documents no paging for conversations; follow a cursor if one ever appears.
			paginator: {
				strategy: vobizCursor,
				tokenOption: { inject: 'query', field: 'cursor' },
				maxPageSize: MAX_PAGE_SIZE,
			},
			checkResponse,
			records: (body) => recordsAt(body, ['items', 'data'], identity, 'conversations'),
			map: toChat,
			idOf: (chat) => chat.id,
		};
	},

	async listMessages(_config, conversationId) {
		const id = conversationId.trim();
		return {
			...listOf(identity, 'messages'),
			request: { method: 'GET', path: `/conversations/${encodeURIComponent(id)}/messages` },
			paginator: {
				strategy: vobizCursor,
				tokenOption: { inject: 'query', field: 'cursor' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: MAX_PAGE_SIZE,
			},
			checkResponse,
			records: (body) => recordsAt(body, ['items', 'data'], identity, 'messages'),
			map: (raw) => toMessage(raw, id),
			idOf: (message) => message.id,
			compare: newestFirst,
		};
	},
};
