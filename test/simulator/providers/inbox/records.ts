import { isoMillis } from '../../core/clock';
import type { SimConversation, SimMessage, SimStatus } from '../../core/store';

/** The generic inbox API's JSON shapes (docs/providers.md §4; content shapes exactly as docs/providers.md §4.3). */

export interface InboxIds {
	conversationKey(conversation: SimConversation): string;
	contactKey(conversation: SimConversation): string;
	vendorMessageId(message: SimMessage): string;
	waMessageId(message: SimMessage): string | null;
}

/** §4.4: sent/delivered/read/failed 1:1, no `played`; the seed shows inbound messages as "delivered". */
export function inboxStatus(status: SimStatus | null): string {
	if (status === null) return 'delivered';
	if (status === 'played') return 'read';
	return status === 'pending' ? 'sent' : status;
}

/** docs/providers.md §4.3.1 "Message types and content shapes"; voice notes are `audio`. Templates: [ASSUMPTION]. */
export function typeAndContent(message: SimMessage): {
	type: string;
	content: Record<string, unknown>;
} {
	const media = message.media;
	switch (message.kind) {
		case 'text':
			return { type: 'text', content: { text: message.text } };
		case 'template':
			return { type: 'template', content: { name: message.text, text: message.text } };
		case 'location':
			return { type: 'location', content: { ...message.location } };
		case 'document':
			return {
				type: 'document',
				content: { url: media?.url, mimeType: media?.mimeType, filename: media?.fileName },
			};
		case 'voice':
		case 'audio':
			return {
				type: 'audio',
				content: { url: media?.url, mimeType: media?.mimeType.replace(/;.*$/, '') },
			};
		default:
			return {
				type: message.kind,
				content: {
					url: media?.url,
					mimeType: media?.mimeType,
					...(message.text ? { caption: message.text } : {}),
				},
			};
	}
}

/** §4.3.1 message: ISO timestamps with ms; `senderId` the contact for inbound, null for outbound (as in the seed). */
export function messageRecord(message: SimMessage, ids: InboxIds): Record<string, unknown> {
	const { type, content } = typeAndContent(message);
	return {
		id: ids.vendorMessageId(message),
		waMessageId: ids.waMessageId(message),
		conversationId: ids.conversationKey(message.conversation),
		direction: message.direction,
		type,
		content,
		status: inboxStatus(message.status),
		timestamp: isoMillis(message.at),
		senderId: message.direction === 'inbound' ? ids.contactKey(message.conversation) : null,
	};
}

/** §4.3.4 [ASSUMPTION] conversation; the preview of a media message is its caption or its type in brackets. */
export function conversationRecord(
	conversation: SimConversation,
	ids: InboxIds,
	unreadCount: number,
	open: boolean,
): Record<string, unknown> {
	const last = conversation.messages[conversation.messages.length - 1];
	return {
		id: ids.conversationKey(conversation),
		contactId: ids.contactKey(conversation),
		contactName: conversation.contact.name,
		contactPhone: `+${conversation.contact.phone}`,
		lastMessageAt: last ? isoMillis(last.at) : null,
		lastMessagePreview: last ? (last.text ?? `[${last.kind}]`) : null,
		unreadCount,
		status: open ? 'open' : 'closed',
	};
}

/** §4.3.5 [ASSUMPTION] `message.status` data. */
export function statusData(
	message: SimMessage,
	status: SimStatus,
	ids: InboxIds,
	at: number,
): Record<string, unknown> {
	return {
		vendorMessageId: ids.vendorMessageId(message),
		waMessageId: ids.waMessageId(message),
		conversationId: ids.conversationKey(message.conversation),
		status: inboxStatus(status),
		timestamp: isoMillis(at),
		...(status === 'failed' && message.error
			? { error: { code: message.error.code, title: message.error.title } }
			: {}),
	};
}
