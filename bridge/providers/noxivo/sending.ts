import { BridgeError, isBridgeError } from '../../errors';
import type { HttpResponse, Transport } from '../../http';
import type {
	Mapped,
	MessageStatus,
	MessageStatusResult,
	ProviderConfig,
	SendResult,
	SessionState,
} from '../../model';
import { parseJid, toPhoneDigits } from '../../phone';
import { phoneDigitsOf } from '../../sending/address';
import { mimeTypeOfFileName } from '../../sending/media';
import type {
	MediaContent,
	MediaKind,
	MediaSource,
	ProviderSending,
	SendInput,
} from '../../sending/types';
import { nowIso, toIsoTimestamp } from '../../time';
import { lookup, record, statusFromString, str, sentWithoutId } from '../common';
import {
	OBJECT_ID,
	checkResponse,
	errorDetail,
	inboxPrefix,
	tenantQuery,
	withInboxPrefixFallback,
} from './api';
import { ackToStatus, resolveConversationId, wahaId } from './history';
import { identity } from './identity';

/** Noxivo Engine sending and status (docs/providers.md §1.4.4–§1.4.8). */

const provider = identity.id;
/** §1.4.4 [SRC]: the reply endpoint requires a non-empty, otherwise free `operatorUserId`. */
const OPERATOR_USER_ID = 'n8n';
/** §1.4.4 / §1.4.6: attachment kinds; WAHA sends an `audio` attachment as a voice note (sendVoice). */
const ATTACHMENT_KIND: Record<MediaKind, string> = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	voice: 'audio',
	document: 'document',
};

/** Where a message goes: a chat (JID) for the send endpoint, or a stored conversation (§1.3 ObjectId). */
type Target = { jid: string; conversationId: null } | { jid: null; conversationId: string };

/** §1.4.6: `to` is `<digits>@c.us`, or a full JID; groups (`@g.us`) and `@lid` ids go as given. */
function target(to: string): Target {
	if (OBJECT_ID.test(to)) return { jid: null, conversationId: to };
	const server = parseJid(to)?.server;
	if (server === 'g.us' || server === 'lid') return { jid: to, conversationId: null };
	if (server !== undefined && server !== 'c.us' && server !== 's.whatsapp.net') {
		throw new BridgeError(
			'unsupported',
			`${identity.displayName} cannot send to "${to}"; it sends to people (…@c.us), groups (…@g.us) and @lid IDs`,
			{ provider, field: 'to' },
		);
	}
	return { jid: `${phoneDigitsOf(to)}@c.us`, conversationId: null };
}

function mimeTypeOf(media: MediaSource): string {
	const mimeType = media.mimeType ?? mimeTypeOfFileName(media.fileName);
	if (!mimeType) {
		throw new BridgeError('input', `${identity.displayName} needs the MIME type of the media`, {
			provider,
			field: 'mediaOptions.mimeType',
			description:
				'It could not be told from the file name. Add the option MIME Type, e.g. image/jpeg or application/pdf.',
		});
	}
	return mimeType;
}

/** Only the fields that have a value: the engine's schemas are strict (§1.4.1). */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
	);
}

/** §1.4.6: one attachment per send, by URL, with `fileName`. */
function sendEndpointAttachment({
	kind,
	media,
	caption,
}: MediaContent<MediaSource>): Record<string, unknown> {
	return defined({
		url: media.from === 'url' ? media.url : null,
		kind: ATTACHMENT_KIND[kind],
		mimeType: mimeTypeOf(media),
		fileName: media.fileName,
		caption,
	});
}

/** §1.4.4: by URL or as `data` (base64), with `filename`. */
function replyEndpointAttachment({
	kind,
	media,
	caption,
}: MediaContent<MediaSource>): Record<string, unknown> {
	const source = media.from === 'url' ? { url: media.url } : { data: media.data };
	return defined({
		kind: ATTACHMENT_KIND[kind],
		...source,
		mimeType: mimeTypeOf(media),
		filename: media.fileName,
		caption,
	});
}

function headers(input: SendInput): Record<string, string> {
	// §1.4.4 / §1.4.6 [SRC]: both endpoints take an optional `Idempotency-Key`; a retry carries the same one.
	return input.idempotencyKey ? { 'Idempotency-Key': input.idempotencyKey } : {};
}

/** §1.4.6 POST /api/v1/messages/send → `{id, status, timestamp}`. */
async function sendToChat(
	config: ProviderConfig,
	input: SendInput,
	jid: string,
	transport: Transport,
) {
	const { content } = input;
	const body = defined({
		...tenantQuery(config),
		to: jid,
		text: content.kind === 'text' ? content.text : null,
		attachments: 'media' in content ? [sendEndpointAttachment(content)] : null,
	});
	const response = await transport({
		method: 'POST',
		path: '/api/v1/messages/send',
		body,
		headers: headers(input),
	});
	return sendResult(response, 'id', (b) => ({
		conversationId: null,
		to: jid,
		timestamp: toIsoTimestamp(b.timestamp) ?? nowIso(),
	}));
}

/** A send endpoint's answer as the Send result: the message id under `idField`, the rest as the endpoint gives it. */
function sendResult(
	response: HttpResponse,
	idField: 'id' | 'messageId',
	rest: (body: Record<string, unknown>) => Pick<SendResult, 'conversationId' | 'to' | 'timestamp'>,
): Mapped<SendResult> {
	checkResponse(response);
	const b = record(response.body);
	const id = str(b[idField]);
	if (!id) throw sentWithoutId(identity);
	const { conversationId, to, timestamp } = rest(b);
	return {
		value: {
			provider,
			id,
			waMessageId: null,
			conversationId,
			to,
			status: statusFromString(b.status),
			timestamp,
		},
		raw: response.body,
	};
}

/** The stored conversation with a chat (§1.4.2), explained in terms of sending when there is none. */
async function conversationWith(
	config: ProviderConfig,
	jid: string,
	transport: Transport,
): Promise<string> {
	return await resolveConversationId(config, jid, transport).catch((error: unknown) => {
		if (!isBridgeError(error) || error.kind !== 'input') throw error;
		throw new BridgeError(
			'input',
			`${identity.displayName} has no conversation with ${jid} to send this in`,
			{
				provider,
				field: 'to',
				description:
					'Replies and media from binary data go through the conversation the engine stores for a contact who has written before. Send to such a contact, or give the media as a URL without Reply To.',
			},
		);
	});
}

/** §1.4.4 POST {inbox}/conversations/:id/messages → `{messageId, conversationId, status}` (no timestamp). */
async function sendInConversation(
	config: ProviderConfig,
	input: SendInput,
	goal: Target,
	rawTransport: Transport,
) {
	const transport = withInboxPrefixFallback(rawTransport);
	const conversationId =
		goal.conversationId !== null
			? goal.conversationId
			: await conversationWith(config, goal.jid, rawTransport);
	const { content } = input;
	const body = defined({
		...tenantQuery(config),
		operatorUserId: OPERATOR_USER_ID,
		content: content.kind === 'text' ? content.text : null,
		attachments: 'media' in content ? [replyEndpointAttachment(content)] : null,
		replyToMessageId: input.replyTo,
	});
	const path = `${inboxPrefix(config)}/conversations/${encodeURIComponent(conversationId)}/messages`;
	const response = await transport({ method: 'POST', path, body, headers: headers(input) });
	return sendResult(response, 'messageId', (b) => ({
		conversationId: str(b.conversationId) ?? conversationId,
		to: goal.jid ?? conversationId,
		timestamp: nowIso(),
	}));
}

/** §0.1: the engine `status` (queued → pending), with `played` recovered from providerAck 4; else the ack. */
function deliveryStatus(body: Record<string, unknown>): MessageStatus | null {
	const fromAck = ackToStatus(body.providerAck, body.providerAckName);
	const fromEngine = statusFromString(body.status);
	if (fromEngine === 'read' && fromAck === 'played') return 'played';
	return fromEngine ?? fromAck;
}

/** §1.4.8: WAHA session states, then the engine's own. `available` is taken as usable [INF]. */
const SESSION_STATES: Record<string, SessionState> = {
	WORKING: 'connected',
	STARTING: 'connecting',
	SCAN_QR_CODE: 'qr',
	STOPPED: 'disconnected',
	FAILED: 'failed',
	connected: 'connected',
	available: 'connected',
	loading: 'connecting',
	provisioning: 'connecting',
	unavailable: 'disconnected',
	error: 'failed',
};

function sessionState(value: unknown): SessionState {
	const s = str(value)?.trim() ?? null;
	return (
		lookup(SESSION_STATES, s?.toUpperCase()) ??
		lookup(SESSION_STATES, s?.toLowerCase()) ??
		'unknown'
	);
}

/**
 * §1.4.8: the documented `GET /api/v1/sessions/status` has no native route in the engine source and may
 * answer a WAHA 404; then the session is found by tenant and its status read by id.
 */
async function readSession(config: ProviderConfig, transport: Transport) {
	const documented = await transport({
		method: 'GET',
		path: '/api/v1/sessions/status',
		qs: tenantQuery(config),
	});
	if (documented.statusCode !== 404) {
		checkResponse(documented);
		const b = record(documented.body);
		return {
			status: sessionState(b.status),
			phone: toPhoneDigits(str(b.phone)),
			name: str(b.accountName),
			raw: documented.body,
		};
	}
	const byTenant = await transport({
		method: 'GET',
		path: '/api/v1/sessions/by-tenant',
		qs: tenantQuery(config),
	});
	checkResponse(byTenant);
	const session = str(record(byTenant.body).id) ?? str(record(byTenant.body).name);
	if (!session)
		throw new BridgeError(
			'response',
			`${identity.displayName} found no WhatsApp session for this tenant`,
			{ provider, description: 'Connect a WhatsApp number in the Noxivo dashboard.' },
		);
	const status = await transport({
		method: 'GET',
		path: `/api/v1/sessions/${encodeURIComponent(session)}/status`,
	});
	checkResponse(status);
	const me = record(record(status.body).me);
	return {
		status: sessionState(record(status.body).status),
		phone: toPhoneDigits(wahaId(me.id)),
		name: str(me.pushName),
		raw: status.body,
	};
}

/** §1.4.5: by the engine's own message id only; `providerMessageId` is the WAHA id. */
async function readMessageStatus(
	config: ProviderConfig,
	messageId: string,
	rawTransport: Transport,
): Promise<Mapped<MessageStatusResult>> {
	if (!OBJECT_ID.test(messageId)) {
		throw new BridgeError(
			'input',
			`${identity.displayName} looks up delivery status by its own message ID (24 hex characters), not "${messageId}"`,
			{
				provider,
				field: 'messageId',
				description:
					'Use the "id" of the WhatsApp Send result. A WhatsApp ID (true_…@c.us_…) cannot be looked up.',
			},
		);
	}
	const transport = withInboxPrefixFallback(rawTransport);
	const response = await transport({
		method: 'GET',
		path: `${inboxPrefix(config)}/messages/${messageId}/status`,
		qs: tenantQuery(config),
	});
	if (response.statusCode === 404 && /not found/i.test(errorDetail(response.body) ?? '')) {
		throw new BridgeError(
			'http',
			`${identity.displayName}: message ${messageId} not found (HTTP 404)`,
			{
				provider,
				httpCode: 404,
				description:
					'The engine has no message with this ID in this tenant. Use the "id" of a WhatsApp Send result made with the same credential.',
			},
		);
	}
	checkResponse(response);
	const b = record(response.body);
	return {
		value: {
			provider,
			messageId: str(b.messageId) ?? messageId,
			waMessageId: wahaId(b.providerMessageId),
			status: deliveryStatus(b),
			timestamp: toIsoTimestamp(b.updatedAt),
		},
		raw: response.body,
	};
}

export const sending: ProviderSending = {
	capabilities: {
		kinds: ['text', 'image', 'video', 'audio', 'voice', 'document'],
		binaryMedia: true,
		replyTo: true,
		templateFields: [],
		groupChats: true,
		lidAddresses: true,
	},
	// §1.4.4 / §1.4.6 [SRC]: `Idempotency-Key` on both send endpoints (headers() below).
	takesIdempotencyKey: true,

	/**
	 * §1.4.6 sends to a number or chat; replies (`replyToMessageId`) and binary media (`data`) exist only on
	 * the conversation endpoint §1.4.4, which is also used when `to` is a conversation id.
	 */
	async send(config, input, transport) {
		const goal = target(input.to);
		const binary = 'media' in input.content && input.content.media.from === 'binary';
		if (goal.conversationId !== null || binary || input.replyTo !== null)
			return await sendInConversation(config, input, goal, transport);
		return await sendToChat(config, input, goal.jid, transport);
	},

	messageStatus: { supported: true, read: readMessageStatus },

	async sessionStatus(config, transport) {
		const { raw, ...session } = await readSession(config, transport);
		return { value: { provider, ...session }, raw };
	},
};
