import { unixSeconds } from '../../core/clock';
import type { SimMessage, SimStatus } from '../../core/store';

/** 99digital's JSON shapes (docs/providers.md §3), rendered from the neutral store. */

/** §3.3.1 [ASSUMPTION]: `state` 0 pending (or incoming), 1 sent, 2 delivered, 3 read. */
const STATES: Record<SimStatus, number> = {
	pending: 0,
	sent: 1,
	delivered: 2,
	read: 3,
	played: 3,
	failed: 0,
};

/** [ASSUMPTION] the `reason` a failed outgoing record carries: 6, "WhatsApp error" of the v1 table (§3.3.2). */
export const FAILED_REASON = 6;

/** §3.3.1 type by direction: incoming text/image/audio/video/location/ptt/document, outgoing text/file/location/ptt; text is "chat" as in the example. */
function historyType(message: SimMessage): string {
	const inbound = message.direction === 'inbound';
	switch (message.kind) {
		case 'text':
		case 'template':
			return 'chat';
		case 'voice':
			return 'ptt';
		case 'location':
			return 'location';
		default:
			return inbound ? message.kind : 'file';
	}
}

/** §3.3.1 [INF]: `message` is the text, a link for media, `"lat,lng"` for a location. */
export function messageText(message: SimMessage): string {
	if (message.location) return `${message.location.latitude},${message.location.longitude}`;
	if (message.media) return message.media.url;
	return message.text ?? '';
}

/** §3.3.1: unix seconds as a string, direction "1" incoming / "2" outgoing, `from`/`to` digits without '+'. */
export function historyRecord(
	message: SimMessage,
	unique: string,
	business: string,
): Record<string, unknown> {
	const inbound = message.direction === 'inbound';
	const party = message.conversation.contact.phone;
	const record: Record<string, unknown> = {
		unique,
		timestamp: String(unixSeconds(message.at)),
		direction: inbound ? '1' : '2',
		from: inbound ? party : business,
		to: inbound ? business : party,
		type: historyType(message),
		state: inbound ? 0 : STATES[message.status ?? 'pending'],
		message: messageText(message),
	};
	if (message.status === 'failed') record.reason = FAILED_REASON;
	return record;
}

/** §3.4 incoming message (`hook: "new"`); `from_id` is always present; timestamps as strings. */
export function incomingHook(
	message: SimMessage,
	unique: string,
	business: string,
	fromId: string,
	secondsLeft: number,
): Record<string, unknown> {
	const party = message.conversation.contact.phone;
	const type = message.kind === 'voice' ? 'ptt' : message.kind;
	return {
		status: 'OK',
		hook: 'new',
		unique,
		from: party,
		from_id: fromId,
		username: null,
		country: 'IL',
		phone: party,
		to: business,
		senderName: message.conversation.contact.name,
		type,
		body: messageText(message),
		caption: message.media ? message.text : null,
		isForwarded: false,
		timestamp: String(unixSeconds(message.at)),
		// [ASSUMPTION] §3.4 shows `media: false` for text; a media message carries its link here.
		media: message.media ? message.media.url : false,
		quote: false,
		quoteUnique: false,
		profilePic: `https://api.99digital.co.il/whatsapp/myfile/${business}/${party}.jpg`,
		conversationTimeLeft: String(Math.max(0, Math.floor(secondsLeft))),
	};
}

/** §3.4 [ASSUMPTION], flagged synthetic: the status body docs/providers.md proposes, the real one was not retrievable. */
export function statusHook(
	message: SimMessage,
	status: SimStatus,
	unique: string,
	business: string,
	at: number,
): Record<string, unknown> {
	return {
		status: 'OK',
		hook: 'status',
		unique,
		from: business,
		to: message.conversation.contact.phone,
		state: status === 'played' ? 'read' : status,
		timestamp: String(unixSeconds(at)),
	};
}
