import type { ProviderHistory } from '../../bridge/history/types';
import type { HttpResponse } from '../../bridge/http';
import type { Chat, Mapped, Message, ProviderId, ProviderIdentity } from '../../bridge/model';
import { pageNumberStrategy } from '../../bridge/pagination/strategies';
import { toPhoneDigits } from '../../bridge/phone';
import {
	configString,
	flag,
	httpError,
	isSuccess,
	record,
	recordsAt,
	statusFromString,
	str,
	unreadableRecord,
	listOf,
} from '../../bridge/providers/common';
import type { ProviderAdapter } from '../../bridge/providers/types';
import type { ProviderSending } from '../../bridge/sending/types';
import { nowIso, toIsoTimestamp } from '../../bridge/time';
import { parsedEvent, toMessageEvent } from '../../bridge/webhooks/events';
import { constantTimeEqual, verifySharedToken } from '../../bridge/webhooks/signature';
import type { ProviderWebhooks } from '../../bridge/webhooks/types';

/**
 * "Echo", the smallest provider there can be, living only in the tests (docs/architecture.md "A worked
 * example"): a made-up JSON API with page numbers, one send endpoint, one status endpoint and token-checked
 * webhooks with a GET handshake. Its API, in full:
 *
 *   GET  /chats?page&limit                → { chats: [{ id, name, phone, last: { text, at, out } }], more }
 *   GET  /chats/:id/messages?page&limit   → { messages: [{ id, from, to, text, at, out, status }], more }  newest first
 *   POST /messages { to, text }           → { id, status, at }
 *   GET  /messages/:id                    → { id, status, at }
 *   GET  /session                         → { state: "online" | "offline", phone }
 *   webhook POST ?token=<secret>          { type: "message", message: <as in history> }
 *   webhook GET  ?token=<secret>&challenge=<c>   answered with <c>
 */

/** An id the package does not know: the fixtures of the four real providers do not have to change for it. */
export const ECHO_ID = 'echo' as ProviderId;

export const identity: ProviderIdentity = {
	id: ECHO_ID,
	displayName: 'Echo',
	credentialType: 'echoApi',
	credentialName: 'Echo API',
	examples: {
		conversationId: 'c1',
		conversationHint: 'The `id` of a chat from WhatsApp Chats',
		to: '+15550100001',
		messageId: 'm1',
	},
	secretFields: ['apiKey', 'webhookSecret'],
};

function checkResponse(response: HttpResponse): void {
	if (!isSuccess(response)) throw httpError(identity, response, str(record(response.body).error));
}

function toMessage(raw: unknown, conversationId: string | null): Message {
	const m = record(raw);
	const id = str(m.id);
	const timestamp = toIsoTimestamp(m.at);
	if (!id || !timestamp) throw unreadableRecord(identity, 'a message', id);
	const fromMe = flag(m.out, identity, 'out') ?? false;
	return {
		provider: identity.id,
		id,
		waMessageId: null,
		conversationId,
		chatId: str(fromMe ? m.to : m.from),
		direction: fromMe ? 'outbound' : 'inbound',
		fromMe,
		from: str(m.from),
		to: str(m.to),
		type: 'text',
		text: str(m.text),
		media: null,
		location: null,
		status: fromMe ? statusFromString(m.status) : null,
		timestamp,
	};
}

function toChat(raw: unknown): Chat {
	const c = record(raw);
	const last = record(c.last);
	return {
		provider: identity.id,
		id: str(c.id) ?? '',
		chatId: str(c.phone),
		name: str(c.name),
		phone: toPhoneDigits(str(c.phone)),
		isGroup: false,
		unreadCount: null,
		lastMessage: c.last
			? {
					text: str(last.text),
					timestamp: toIsoTimestamp(last.at),
					fromMe: flag(last.out, identity, 'last.out'),
				}
			: null,
	};
}

const pages = {
	strategy: pageNumberStrategy({
		hasMore: (page) => flag(record(page.body).more, identity, 'more') ?? undefined,
	}),
	tokenOption: { inject: 'query', field: 'page' },
	pageSizeOption: { inject: 'query', field: 'limit' },
	maxPageSize: 100,
} as const;

export const history: ProviderHistory = {
	chatActivity: {
		latest: (chat) => chat.lastMessage?.timestamp ?? null,
		newestFirst: true,
		note: 'Echo lists chats newest first.',
	},
	async listChats() {
		return {
			...listOf(identity, 'chats'),
			request: { method: 'GET', path: '/chats' },
			paginator: pages,
			checkResponse,
			records: (body) => recordsAt(body, ['chats'], identity, 'chats'),
			map: toChat,
			idOf: (chat) => chat.id,
		};
	},
	async listMessages(_config, conversationId) {
		const id = conversationId.trim();
		return {
			...listOf(identity, 'messages'),
			request: { method: 'GET', path: `/chats/${encodeURIComponent(id)}/messages` },
			paginator: pages,
			checkResponse,
			records: (body) => recordsAt(body, ['messages'], identity, 'messages'),
			map: (raw) => toMessage(raw, id),
			idOf: (message) => message.id,
		};
	},
};

export const sending: ProviderSending = {
	capabilities: {
		kinds: ['text'],
		binaryMedia: false,
		replyTo: false,
		templateFields: [],
		groupChats: false,
		lidAddresses: false,
	},
	takesIdempotencyKey: false,
	async send(_config, input, transport) {
		const text = input.content.kind === 'text' ? input.content.text : '';
		const response = await transport({
			method: 'POST',
			path: '/messages',
			body: { to: input.to, text },
		});
		checkResponse(response);
		const b = record(response.body);
		const id = str(b.id);
		if (!id) throw unreadableRecord(identity, 'a send result', null);
		return {
			value: {
				provider: identity.id,
				id,
				waMessageId: null,
				conversationId: null,
				to: input.to,
				status: statusFromString(b.status),
				timestamp: toIsoTimestamp(b.at) ?? nowIso(),
			},
			raw: response.body,
		};
	},
	messageStatus: {
		supported: true,
		async read(_config, messageId, transport) {
			const response = await transport({
				method: 'GET',
				path: `/messages/${encodeURIComponent(messageId)}`,
			});
			checkResponse(response);
			const b = record(response.body);
			return {
				value: {
					provider: identity.id,
					messageId,
					waMessageId: null,
					status: statusFromString(b.status),
					timestamp: toIsoTimestamp(b.at),
				},
				raw: response.body,
			};
		},
	},
	async sessionStatus(_config, transport) {
		const response = await transport({ method: 'GET', path: '/session' });
		checkResponse(response);
		const b = record(response.body);
		return {
			value: {
				provider: identity.id,
				status: b.state === 'online' ? 'connected' : 'disconnected',
				phone: toPhoneDigits(str(b.phone)),
				name: null,
			},
			raw: response.body,
		};
	},
};

export const webhooks: ProviderWebhooks = {
	setupNotice: 'Paste the Production URL, with ?token=<the Webhook Secret>, into Echo.',
	verify: (request, config) => verifySharedToken(request, configString(config, 'webhookSecret')),
	handshake(request, config) {
		const secret = configString(config, 'webhookSecret');
		const token = typeof request.query.token === 'string' ? request.query.token : '';
		if (!secret || !constantTimeEqual(token, secret))
			return { statusCode: 403, body: 'the token does not match' };
		return { statusCode: 200, body: String(request.query.challenge ?? '') };
	},
	parse(body) {
		const b = record(body);
		if (b.type !== 'message') return { kind: 'invalid', reason: 'not an Echo webhook' };
		const message = toMessage(b.message, null);
		return {
			kind: 'events',
			events: [parsedEvent(toMessageEvent(message), body, [message.chatId])],
		};
	},
	subscriptions: null,
};

/** The whole adapter: the provider's folder's index.ts. */
export const echo: ProviderAdapter = { ...identity, history, sending, webhooks };

/** The same provider without a history API (the official WhatsApp Cloud API has none): sending and webhooks only. */
const sendOnlyIdentity: ProviderIdentity = {
	...identity,
	id: 'echoSendOnly' as ProviderId,
	displayName: 'Echo Send-Only',
	credentialType: 'echoSendOnlyApi',
	credentialName: 'Echo Send-Only API',
};
const asSendOnly = <T extends { provider: ProviderId }>(mapped: Mapped<T>): Mapped<T> => ({
	...mapped,
	value: { ...mapped.value, provider: sendOnlyIdentity.id },
});
const readStatus = sending.messageStatus.supported ? sending.messageStatus.read : null;

export const echoSendOnly: ProviderAdapter = {
	...sendOnlyIdentity,
	sending: {
		...sending,
		send: async (config, input, transport) =>
			asSendOnly(await sending.send(config, input, transport)),
		messageStatus: {
			supported: true,
			read: async (config, id, transport) => asSendOnly(await readStatus!(config, id, transport)),
		},
		sessionStatus: async (config, transport) =>
			asSendOnly(await sending.sessionStatus(config, transport)),
	},
	webhooks,
};
