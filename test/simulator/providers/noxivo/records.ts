import { isoMillis, unixSeconds } from '../../core/clock';
import { isMedia } from '../../core/provider';
import type { SimConversation, SimMessage, SimStatus } from '../../core/store';

/** Noxivo's JSON shapes (docs/providers.md §1), rendered from the neutral store. */

/** §1.7: WAHA ack enum ERROR=-1, PENDING=0, SERVER=1, DEVICE=2, READ=3, PLAYED=4. */
const ACKS: Record<SimStatus, [number, string]> = {
	failed: [-1, 'ERROR'],
	pending: [0, 'PENDING'],
	sent: [1, 'SERVER'],
	delivered: [2, 'DEVICE'],
	read: [3, 'READ'],
	played: [4, 'PLAYED'],
};

/** Inbound history carries an ack too; §1.4.3's documented example shows an incoming message at 3 (READ). */
export function ackOf(message: SimMessage): [number, string] {
	return ACKS[message.status ?? 'read'];
}

/** §1.7 [SRC] mapAckToDeliveryStatus: -1 failed, 0 queued, 1 sent, 2 delivered, 3 and 4 read. */
export function engineStatus(status: SimStatus | null): string {
	if (status === null || status === 'played') return 'read';
	return status === 'pending' ? 'queued' : status;
}

export interface NoxivoIds {
	jid(conversation: SimConversation): string;
	/** The WAHA id, or null when the message never reached WhatsApp (§1.4.3: history then shows the ObjectId). */
	wahaId(message: SimMessage): string | null;
	engineId(message: SimMessage): string;
}

/** §1.4.3 [DOC]+[SRC]: the business side is "me"; media `{url, mimetype, filename|null}`; timestamp in unix seconds. */
export function historyRecord(message: SimMessage, ids: NoxivoIds): Record<string, unknown> {
	const jid = ids.jid(message.conversation);
	const inbound = message.direction === 'inbound';
	const [ack, ackName] = ackOf(message);
	const record: Record<string, unknown> = {
		id: ids.wahaId(message) ?? ids.engineId(message),
		from: inbound ? jid : 'me',
		fromMe: !inbound,
		to: inbound ? 'me' : jid,
		body: message.text,
		timestamp: unixSeconds(message.at),
		ack,
		ackName,
		hasMedia: isMedia(message.kind),
		media: message.media
			? {
					url: message.media.url,
					mimetype: message.media.mimeType,
					filename: message.media.fileName,
				}
			: null,
	};
	// [INF] WAHA message objects carry `location` (§1.8 payload); the engine keeps what WAHA gave it.
	if (message.location) {
		record.location = {
			latitude: message.location.latitude,
			longitude: message.location.longitude,
			description: message.location.name,
		};
	}
	return record;
}

/** §1.4.1: `name`, `picture`, `lastMessage` and its `body` may be null; `unreadCount` defaults to 0. */
export function chatRecord(
	conversation: SimConversation,
	ids: NoxivoIds,
	unreadCount: number,
): Record<string, unknown> {
	const last = conversation.messages[conversation.messages.length - 1];
	return {
		id: ids.jid(conversation),
		name: conversation.contact.name,
		picture: conversation.contact.name
			? `https://pps.whatsapp.net/sim/${conversation.contact.phone}.jpg`
			: null,
		lastMessage: last
			? { body: last.text, timestamp: unixSeconds(last.at), fromMe: last.direction === 'outbound' }
			: null,
		unreadCount,
	};
}

/** §1.4.2 [SRC][OBS]: the stored conversation, `id` being the conversationId of §1.4.3. */
export function storedConversationRecord(
	conversation: SimConversation,
	id: string,
	jid: string,
	updatedAt: number,
): Record<string, unknown> {
	const last = conversation.messages[conversation.messages.length - 1];
	return {
		id,
		contactId: jid,
		contactName: conversation.contact.name ?? 'Unknown',
		lastMessage: last?.text ?? '',
		updatedAt: isoMillis(updatedAt),
	};
}

export interface EnvelopeContext {
	eventId: string;
	now: number;
	session: string;
	agencyId: string;
	tenantId: string;
	sessionBindingId: string;
	meJid: string;
}

/** §1.8: the WAHA envelope plus Noxivo `metadata`; top-level `timestamp` in ms, payload's in seconds. */
function envelope(
	ctx: EnvelopeContext,
	event: string,
	payload: Record<string, unknown>,
): Record<string, unknown> {
	return {
		id: ctx.eventId,
		timestamp: ctx.now,
		session: ctx.session,
		metadata: {
			agencyId: ctx.agencyId,
			tenantId: ctx.tenantId,
			sessionBindingId: ctx.sessionBindingId,
		},
		engine: 'WEBJS',
		me: { id: ctx.meJid, pushName: 'Simulated Business' },
		environment: { version: '2026.1.3', engine: 'WEBJS', tier: 'CORE' },
		event,
		payload,
	};
}

/** §1.8 full WAHA `message` envelope for an incoming message. */
export function messageEvent(
	message: SimMessage,
	ids: NoxivoIds,
	ctx: EnvelopeContext,
): Record<string, unknown> {
	const [ack, ackName] = ACKS.sent;
	return envelope(ctx, 'message', {
		id: ids.wahaId(message),
		timestamp: unixSeconds(message.at),
		from: ids.jid(message.conversation),
		fromMe: false,
		source: 'app',
		to: ctx.meJid,
		participant: null,
		body: message.text,
		hasMedia: isMedia(message.kind),
		media: message.media
			? {
					url: message.media.url,
					mimetype: message.media.mimeType,
					filename: message.media.fileName,
				}
			: null,
		ack,
		ackName,
		location: message.location
			? {
					latitude: String(message.location.latitude),
					longitude: String(message.location.longitude),
					description: message.location.name,
				}
			: null,
		vCards: [],
		replyTo: null,
		_data: {},
	});
}

/** §1.8 `message.ack`: the minimum every WAHA engine sends, `{id, from, to, participant, fromMe, ack, ackName}`. */
export function ackEvent(
	message: SimMessage,
	status: SimStatus,
	ids: NoxivoIds,
	ctx: EnvelopeContext,
): Record<string, unknown> {
	const [ack, ackName] = ACKS[status];
	return envelope(ctx, 'message.ack', {
		id: ids.wahaId(message),
		from: ctx.meJid,
		to: ids.jid(message.conversation),
		participant: null,
		fromMe: true,
		ack,
		ackName,
	});
}
