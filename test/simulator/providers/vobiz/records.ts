import { rfc3339, unixSeconds } from '../../core/clock';
import type { SimConversation, SimMessage, SimStatus } from '../../core/store';

/** Vobiz's JSON shapes (docs/providers.md §2), rendered from the neutral store. */

export interface VobizIds {
	accountId: string;
	channelId: string;
	wabaId: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
	conversationUuid(conversation: SimConversation): string;
	contactUuid(conversation: SimConversation): string;
	messageUuid(message: SimMessage): string;
	/** The Meta wamid, or null while Meta has not accepted the message yet (§2.4.3). */
	metaMessageId(message: SimMessage): string | null;
}

/** §2.7 error envelope (written for the voice API; its use on /messaging is [INF]). */
export function vobizError(
	status: number,
	code: string,
	message: string,
	requestId: string,
	details?: Record<string, unknown>,
) {
	return {
		status,
		body: {
			status: 'error',
			error: { code, message, ...(details ? { details } : {}) },
			timestamp: new Date().toISOString(),
			requestId,
		},
	};
}

/** §2.4.2 `type` and the [INF] content: `{body}` for text, the send `media` object for media. */
export function typeAndContent(message: SimMessage): {
	type: string;
	content: Record<string, unknown>;
} {
	const media = message.media;
	switch (message.kind) {
		case 'text':
			return { type: 'text', content: { body: message.text } };
		case 'template':
			return { type: 'template', content: { name: message.text, language: { code: 'en_US' } } };
		case 'location':
			return { type: 'location', content: { ...message.location } };
		case 'voice':
			// [INF] Meta marks a voice note `voice: true` on its audio object.
			return { type: 'audio', content: { link: media?.url, voice: true } };
		default:
			return {
				type: message.kind,
				content: {
					link: media?.url,
					...(message.text ? { caption: message.text } : {}),
					...(media?.fileName ? { filename: media.fileName } : {}),
				},
			};
	}
}

/** §2.4.2 / §2.4.3: the Message object; `content` a JSON-encoded string; RFC 3339 `created_at`. */
export function messageRecord(message: SimMessage, ids: VobizIds): Record<string, unknown> {
	const { type, content } = typeAndContent(message);
	return {
		id: ids.messageUuid(message),
		account_id: ids.accountId,
		channel_id: ids.channelId,
		contact_id: ids.contactUuid(message.conversation),
		conversation_id: ids.conversationUuid(message.conversation),
		direction: message.direction,
		type,
		// §2.4.2: pending | sent | delivered | read | failed; Vobiz never emits played (§0.1). Inbound [INF]: delivered.
		status:
			message.status === null ? 'delivered' : message.status === 'played' ? 'read' : message.status,
		content: JSON.stringify(content),
		meta_message_id: ids.metaMessageId(message),
		created_at: rfc3339(message.at),
	};
}

/** §2.4.1 current conversation object; the window fields are [ASSUMPTION]: it starts at the last inbound message. */
export function conversationRecord(
	conversation: SimConversation,
	ids: VobizIds,
	windowClosesAt: number,
	now: number,
): Record<string, unknown> {
	const closes = Number.isFinite(windowClosesAt)
		? windowClosesAt
		: (conversation.messages[0]?.at ?? now);
	return {
		id: ids.conversationUuid(conversation),
		account_id: ids.accountId,
		channel_id: ids.channelId,
		contact_id: ids.contactUuid(conversation),
		category: 'service',
		is_billable: true,
		started_at: rfc3339(closes - 24 * 3600 * 1000),
		expires_at: rfc3339(closes),
		status: closes > now ? 'open' : 'closed',
	};
}

/** §2.4.4 Contact object. */
export function contactRecord(
	conversation: SimConversation,
	ids: VobizIds,
): Record<string, unknown> {
	const inbound = conversation.messages.filter((m) => m.direction === 'inbound');
	const first = conversation.messages[0]?.at ?? 0;
	const last = conversation.messages[conversation.messages.length - 1]?.at ?? first;
	return {
		id: ids.contactUuid(conversation),
		account_id: ids.accountId,
		phone_number: `+${conversation.contact.phone}`,
		name: conversation.contact.name,
		tags: [],
		custom_attributes: {},
		last_active_at: inbound.length > 0 ? rfc3339(inbound[inbound.length - 1].at) : null,
		created_at: rfc3339(first),
		updated_at: rfc3339(last),
	};
}

/** §2.4.1 legacy conversation (base /v1/messaging). */
export function legacyConversationRecord(
	conversation: SimConversation,
	ids: VobizIds,
	unreadCount: number,
): Record<string, unknown> {
	const last = conversation.messages[conversation.messages.length - 1];
	return {
		id: ids.conversationUuid(conversation),
		channel_id: ids.channelId,
		contact: {
			id: ids.contactUuid(conversation),
			name: conversation.contact.name,
			phone: `+${conversation.contact.phone}`,
		},
		last_message: last
			? { body: last.text, direction: last.direction, timestamp: rfc3339(last.at) }
			: null,
		unread_count: unreadCount,
		status: 'open',
	};
}

/** §2.4.2 legacy message. */
export function legacyMessageRecord(message: SimMessage, ids: VobizIds): Record<string, unknown> {
	return {
		id: ids.messageUuid(message),
		type: typeAndContent(message).type,
		direction: message.direction,
		body: message.text,
		status:
			message.status === null ? 'delivered' : message.status === 'played' ? 'read' : message.status,
		timestamp: rfc3339(message.at),
	};
}

function metaValue(ids: VobizIds, extra: Record<string, unknown>) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: ids.wabaId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: {
								display_phone_number: ids.displayPhoneNumber,
								phone_number_id: ids.phoneNumberId,
							},
							...extra,
						},
					},
				],
			},
		],
	};
}

/** Meta's type-specific object of an inbound message (§2.5: `messages[].type` with its object). */
function inboundObject(message: SimMessage, mediaId: string): [string, Record<string, unknown>] {
	const media = message.media;
	switch (message.kind) {
		case 'text':
			return ['text', { body: message.text }];
		case 'location':
			return ['location', { ...message.location }];
		case 'voice':
			return ['audio', { id: mediaId, mime_type: media?.mimeType, voice: true }];
		default:
			return [
				message.kind,
				{
					id: mediaId,
					mime_type: media?.mimeType,
					...(message.text ? { caption: message.text } : {}),
					...(media?.fileName ? { filename: media.fileName } : {}),
				},
			];
	}
}

/** §2.5 `message.inbound`: the Meta webhook object as `payload`; phones are `wa_id` digits; seconds as strings. */
export function inboundPayload(
	message: SimMessage,
	ids: VobizIds,
	mediaId: string,
): Record<string, unknown> {
	const [type, object] = inboundObject(message, mediaId);
	const waId = message.conversation.contact.phone;
	return metaValue(ids, {
		contacts: [{ wa_id: waId, profile: { name: message.conversation.contact.name } }],
		messages: [
			{
				from: waId,
				id: ids.metaMessageId(message),
				timestamp: String(unixSeconds(message.at)),
				type,
				[type]: object,
			},
		],
	});
}

/** §2.5 `message.status`: one or several `statuses[]`; a failure carries Meta's `errors[]` [INF]. */
export function statusPayload(
	message: SimMessage,
	statuses: SimStatus[],
	ids: VobizIds,
	at: number,
): Record<string, unknown> {
	return metaValue(ids, {
		statuses: statuses.map((status) => ({
			id: ids.metaMessageId(message),
			status: status === 'played' ? 'read' : status,
			recipient_id: message.conversation.contact.phone,
			timestamp: String(unixSeconds(at)),
			...(status === 'failed' && message.error
				? {
						errors: [
							{
								code: message.error.code,
								title: message.error.title,
								message: message.error.title,
								error_data: { details: message.error.title },
							},
						],
					}
				: {}),
		})),
	});
}
