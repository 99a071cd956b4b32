import { BridgeError } from '../../errors';
import type { HttpResponse } from '../../http';
import type { ProviderHistory } from '../../history/types';
import type { Chat, Message, MessageType, ProviderConfig } from '../../model';
import { beforeAnchorStrategy, pageNumberStrategy } from '../../pagination/strategies';
import { toPhoneDigits } from '../../phone';
import { compareIso, toIsoTimestamp } from '../../time';
import {
	configString,
	flag,
	isOutbound,
	lookup,
	httpError,
	isSuccess,
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
import { identity } from './identity';

/** The generic "/api/whatsapp" inbox API (docs/providers.md §4; content shapes from docs/providers.md §4.3). */

const provider = identity.id;
/** §4.3.1: limit default 50; max 100 is an [ASSUMPTION]. */
const MAX_PAGE_SIZE = 100;

export function pathPrefix(config: ProviderConfig): string {
	return (configString(config, 'pathPrefix') ?? '/api/whatsapp').replace(/\/+$/, '');
}

/** §4.3.3: `{success:false, error, details:{code, title}}`; details mirror Meta's error objects. */
export function errorDetail(body: unknown): string | null {
	const b = record(body);
	const details = record(b.details);
	const meta = [str(details.code), str(details.title)].filter(Boolean).join(' ');
	const error = str(b.error) ?? str(b.message);
	return [error, meta ? `(${meta})` : null].filter(Boolean).join(' ') || null;
}

/** Meta's "Re-engagement message": the 24-hour customer service window is closed (§4.3.3). */
const REENGAGEMENT = 131047;

/** Any answer that is not a success (`success: false` included) as the user's error. */
export function checkResponse(response: HttpResponse): void {
	if (isSuccess(response) && flag(record(response.body).success, identity, 'success') !== false)
		return;
	if (num(record(record(response.body).details).code) === REENGAGEMENT) {
		throw new BridgeError(
			'http',
			`${identity.displayName}: the 24-hour window is closed; WhatsApp accepts only a template now (HTTP ${response.statusCode})`,
			{
				provider,
				httpCode: response.statusCode,
				description: `${identity.displayName} said: ${errorDetail(response.body)}. Send an approved template (Message Type "Template"); free text is possible again once the contact writes.`,
			},
		);
	}
	throw httpError(identity, response, errorDetail(response.body));
}

const INBOX_TYPES: Record<string, MessageType> = {
	text: 'text',
	image: 'image',
	document: 'document',
	audio: 'audio',
	voice: 'voice',
	video: 'video',
	location: 'location',
	sticker: 'sticker',
	template: 'template',
	contact: 'contact',
	contacts: 'contact',
};

export function toMessage(raw: unknown, requestedConversationId: string | null): Message {
	const m = record(raw);
	const { id, timestamp } = idAndTime(identity, str(m.id), m.timestamp);
	const type = lookup(INBOX_TYPES, (str(m.type) ?? '').trim().toLowerCase()) ?? 'other';
	const content = record(m.content);
	const direction = isOutbound(m.direction) ? 'outbound' : 'inbound';
	return {
		provider,
		id,
		waMessageId: str(m.waMessageId),
		conversationId: str(m.conversationId) ?? requestedConversationId,
		chatId: null,
		direction,
		fromMe: direction === 'outbound',
		from: null,
		to: null,
		type,
		text: isMediaType(type)
			? str(content.caption)
			: (str(content.text) ?? str(content.body) ?? str(content.caption)),
		media: isMediaType(type)
			? {
					url: str(content.url),
					mimeType: str(content.mimeType),
					fileName: str(content.filename) ?? str(content.fileName),
				}
			: null,
		location: type === 'location' ? locationOf(content) : null,
		status: direction === 'outbound' ? statusFromString(m.status) : null,
		timestamp,
	};
}

/** §4.3.4 [ASSUMPTION] conversation record. */
export function toChat(raw: unknown): Chat {
	const c = record(raw);
	const lastText = str(c.lastMessagePreview);
	const lastAt = toIsoTimestamp(c.lastMessageAt);
	return phoneChat(identity, str(c.id), {
		phone: toPhoneDigits(str(c.contactPhone)),
		name: str(c.contactName),
		unreadCount: num(c.unreadCount),
		lastMessage:
			lastText !== null || lastAt !== null
				? { text: lastText, timestamp: lastAt, fromMe: null }
				: null,
	});
}

const hasNext = (page: { body: unknown }) =>
	flag(record(page.body).hasNext, identity, 'hasNext') ?? undefined;

/**
 * §4.3.1: the next page is `before=<id of the oldest message of this page>`; the page order is not relied on.
 * Read from the records, not the mapped messages: Return All asks for the next page before mapping this one.
 */
function oldestId(page: { records: unknown[] }): string | undefined {
	let oldest: { id: string; at: string | null } | undefined;
	for (const raw of page.records) {
		const id = str(record(raw).id);
		const at = toIsoTimestamp(record(raw).timestamp);
		if (id && (!oldest || compareIso(at, oldest.at) < 0)) oldest = { id, at };
	}
	return oldest?.id;
}

/** How this provider's chats and message history are paged and read. */
export const history: ProviderHistory = {
	// §4.3.4 [ASSUMPTION]: conversations come by `lastMessageAt`, newest first.
	chatActivity: {
		latest: (chat) => chat.lastMessage?.timestamp ?? null,
		newestFirst: true,
		note: 'The inbox API lists conversations by their last message, newest first: paging stops at the first older one.',
	},

	async listChats(config) {
		return {
			...listOf(identity, 'chats'),
			request: { method: 'GET', path: `${pathPrefix(config)}/conversations` },
			paginator: {
				strategy: pageNumberStrategy({ hasMore: hasNext }),
				tokenOption: { inject: 'query', field: 'page' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: MAX_PAGE_SIZE,
			},
			checkResponse,
			records: (body) => recordsAt(body, ['data'], identity, 'conversations'),
			map: toChat,
			idOf: (chat) => chat.id,
		};
	},

	async listMessages(config, conversationId) {
		const id = conversationId.trim();
		return {
			...listOf(identity, 'messages'),
			request: {
				method: 'GET',
				path: `${pathPrefix(config)}/messages`,
				qs: { conversationId: id },
			},
			paginator: {
				strategy: beforeAnchorStrategy({
					oldestId,
					hasMore: hasNext,
				}),
				tokenOption: { inject: 'query', field: 'before' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: MAX_PAGE_SIZE,
			},
			checkResponse,
			records: (body) => recordsAt(body, ['data'], identity, 'messages'),
			map: (raw) => toMessage(raw, id),
			idOf: (message) => message.id,
			compare: newestFirst,
		};
	},
};
