import { BridgeError } from '../../errors';
import { isRecord, type HttpResponse } from '../../http';
import type { ProviderHistory } from '../../history/types';
import type { Chat, Message, MessageStatus, MessageType } from '../../model';
import { PAGES_IN_FLIGHT } from '../../pagination/engine';
import { pageNumberStrategy } from '../../pagination/strategies';
import { toPhoneDigits } from '../../phone';
import { compareIso } from '../../time';
import {
	httpError,
	isSuccess,
	lookup,
	newestFirst,
	num,
	record,
	recordsAt,
	str,
	isMediaType,
	idAndTime,
	listOf,
} from '../common';
import { identity } from './identity';

/** 99digital (docs/providers.md §3). Every call is a POST with apiKey/from in the JSON body (the credential adds them). */

const provider = identity.id;
/** §3.3.1: fixed pages of 50, page 1 = the newest 50. */
const PAGE_SIZE = 50;
/** §3.2: contacts that hide their number are addressed as `CC.<16 digits>` (from_id). */
export const FROM_ID = /^[A-Z]{2}\.\d{6,20}$/;

/** §3.3.2 (v1 table) and §3.3.3: the reasons 99digital gives with `status: "FAIL"`, in words. */
export const FAIL_REASONS: Record<number, string> = {
	2: 'the business number ("from") has no WhatsApp account at 99digital',
	3: 'the API key is wrong',
	4: 'the recipient number is empty or not in international format',
	5: 'the message text is empty',
	6: 'WhatsApp returned an error; try again',
	7: 'the recipient number is valid but has no WhatsApp',
	8: 'the 24-hour window is closed: only a template can be sent',
};

/** §3.2 [INF]: errors come as HTTP 200 with `{status:"FAIL", reason:<int>}`. */
export function failError(body: Record<string, unknown>): BridgeError {
	const reason = num(body.reason);
	const words = lookup(FAIL_REASONS, reason);
	const message = `${identity.displayName} refused the request: ${words ?? `reason ${reason ?? 'unknown'}`}`;
	const advice =
		reason === 2 || reason === 3
			? `Check the API Key and the business number (From) of the "${identity.credentialName}" credential.`
			: `${identity.displayName} answered status "FAIL" with reason ${reason ?? '(none)'}.`;
	return new BridgeError('http', message, { provider, description: advice, httpCode: 200 });
}

export function checkResponse(response: HttpResponse): void {
	if (!isSuccess(response))
		throw httpError(
			identity,
			response,
			str(record(response.body).message) ?? str(record(response.body).error),
		);
	if (isRecord(response.body) && response.body.status === 'FAIL') throw failError(response.body);
}

/** The other party of a history record (§3.3.1 [INF]): `from` when incoming ("1"), else `to`. */
function counterpart(r: Record<string, unknown>): string | null {
	return String(r.direction) === '1' ? str(r.from) : str(r.to);
}

const EXTENSION_TYPES: Array<[RegExp, MessageType]> = [
	[/\.(png|jpe?g|gif|webp)(\?|$)/i, 'image'],
	[/\.(mp4|avi|3gpp?|mov)(\?|$)/i, 'video'],
	[/\.(ogg|opus)(\?|$)/i, 'voice'],
	[/\.(mp3|amr|aac|m4a|wav)(\?|$)/i, 'audio'],
];

/** §3.3.1 type names, `chat`→text, `ptt`→voice (docs/contract.md); an outgoing `file` is typed by its URL's extension. */
function messageType(rawType: string, body: string | null): MessageType {
	switch (rawType) {
		case 'chat':
		case 'text':
			return 'text';
		case 'ptt':
			return 'voice';
		case 'image':
		case 'audio':
		case 'video':
		case 'document':
		case 'location':
		case 'sticker':
			return rawType;
		case 'contacts':
			return 'contact';
		case 'file':
			return EXTENSION_TYPES.find(([pattern]) => pattern.test(body ?? ''))?.[1] ?? 'document';
		default:
			return 'other';
	}
}

const STATUS_BY_STATE: Record<string, MessageStatus> = {
	0: 'pending',
	1: 'sent',
	2: 'delivered',
	3: 'read',
};

/**
 * §3.3.1 [ASSUMPTION]: state 0 pending, 1 sent, 2 delivered, 3 read; a reason other than 1 flags a failure.
 * Any other state (or none) is not known: null, not a guess.
 */
function stateToStatus(r: Record<string, unknown>): MessageStatus | null {
	const reason = num(r.reason);
	if (reason !== null && reason !== 1) return 'failed';
	return lookup(STATUS_BY_STATE, num(r.state)) ?? null;
}

export function toMessage(raw: unknown): Message {
	const r = record(raw);
	const { id, timestamp } = idAndTime(
		identity,
		str(r.unique),
		r.timestamp,
		'a history record',
		'a "unique" id',
	);
	const outbound = String(r.direction) === '2';
	const body = str(r.message);
	const type = messageType((str(r.type) ?? '').toLowerCase(), body);
	const [lat, lng] = (body ?? '').split(',').map((part) => num(part.trim()));
	const party = counterpart(r);
	return {
		provider,
		id,
		waMessageId: null,
		conversationId: party,
		chatId: party,
		direction: outbound ? 'outbound' : 'inbound',
		fromMe: outbound,
		from: str(r.from),
		to: str(r.to),
		type,
		// §3.3.1 [INF]: for media the message is a link, for a location "lat,lng".
		text: isMediaType(type) || type === 'location' ? null : body,
		media: isMediaType(type) ? { url: body, mimeType: null, fileName: null } : null,
		location:
			type === 'location' && lat != null && lng != null
				? { latitude: lat, longitude: lng, name: null, address: null }
				: null,
		status: outbound ? stateToStatus(r) : null,
		timestamp,
	};
}

/** §3.3.1 [INF]: there is no chat list; a chat is the other party of the account history, its newest record the last message. */
export function toChat(raw: unknown): Chat {
	const message = toMessage(raw);
	const party = message.chatId;
	if (!party)
		throw new BridgeError(
			'response',
			`${identity.displayName} history record ${message.id} has no other party`,
			{
				provider,
			},
		);
	return {
		provider,
		id: party,
		chatId: party,
		name: null,
		phone: toPhoneDigits(party),
		isGroup: false,
		unreadCount: null,
		lastMessage: { text: message.text, timestamp: message.timestamp, fromMe: message.fromMe },
	};
}

/** A number as people type it, or a `CC.<digits>` from_id, in 99digital's form (digits, no '+'). */
function toCounterpart(value: string): string {
	const trimmed = value.trim();
	if (FROM_ID.test(trimmed)) return trimmed;
	const digits = toPhoneDigits(trimmed);
	if (!digits) {
		throw new BridgeError('input', `"${value}" is not a phone number 99digital can look up`, {
			provider,
			field: 'conversationId',
			description:
				"On 99digital a conversation is the other party's number in international format (972501234567), or their from_id (IL.1605856887361213).",
		});
	}
	return digits;
}

const paginator = {
	strategy: pageNumberStrategy(),
	tokenOption: { inject: 'body', field: 'page' },
	maxPageSize: PAGE_SIZE,
} as const;

/** How this provider's chats and message history are paged and read. */
export const history: ProviderHistory = {
	// §3.3.1: a chat is read from the account history, newest first; its first record is its last message.
	chatActivity: {
		latest: (chat) => chat.lastMessage?.timestamp ?? null,
		newestFirst: true,
		note: `${identity.displayName} has no chat list: its account history is read newest first and stops at the first older record.`,
	},

	async listChats() {
		return {
			...listOf(identity, 'chats'),
			request: { method: 'POST', path: '/getHistory', body: {} },
			paginator,
			checkResponse,
			records: (body) => recordsAt(body, [], identity, 'history'),
			map: toChat,
			idOf: (chat) => chat.id,
			compare: (a, b) =>
				compareIso(b.lastMessage?.timestamp ?? null, a.lastMessage?.timestamp ?? null),
		};
	},

	async listMessages(_config, conversationId) {
		const to = toCounterpart(conversationId);
		return {
			...listOf(identity, 'messages'),
			request: { method: 'POST', path: '/getHistory', body: { to } },
			paginator: { ...paginator, inFlight: PAGES_IN_FLIGHT },
			checkResponse,
			records: (body) => recordsAt(body, [], identity, 'history'),
			map: (raw) => ({ ...toMessage(raw), conversationId: to }),
			idOf: (message) => message.id,
			compare: newestFirst,
		};
	},
};
