import type { Message } from '../model';
import type { AckEvent, ParsedEvent, TriggerEvent } from './types';

/** Builders the provider parsers share, so every provider's events have the same shape and keys. */

export function toMessageEvent(message: Message): TriggerEvent {
	return { event: 'message', ...message };
}

export function toAckEvent(fields: Omit<AckEvent, 'event'>): AckEvent {
	return { event: 'message.ack', ...fields };
}

/**
 * The key that makes a redelivery recognisable: the message for `message`, the message and its new status
 * for `message.ack`. It is derived from the content, not from the provider's delivery id, so it also holds
 * when a provider sends the same event again under a new delivery id, and one delivery that carries
 * several events (Vobiz, PROVIDERS.md §2.5) gives each its own key.
 */
export function contentKey(event: TriggerEvent): string {
	return event.event === 'message'
		? `${event.provider}:message:${event.id}`
		: `${event.provider}:message.ack:${event.messageId}:${event.status}`;
}

/**
 * CONTRACT.md `eventId`: the same for every delivery of one provider event and for the same message read
 * by the Poll Trigger. A message is named by its WhatsApp id where known, because webhooks and history
 * name it differently on some providers (Vobiz: the wamid in webhooks, a UUID in history, PROVIDERS.md §5.2).
 */
export function eventId(event: TriggerEvent): string {
	return event.event === 'message'
		? `${event.provider}:message:${event.waMessageId ?? event.id}`
		: `${event.provider}:message.ack:${event.waMessageId ?? event.messageId}:${event.status}`;
}

export function parsedEvent(event: TriggerEvent, raw: unknown, chatRefs: Array<string | null | undefined>): ParsedEvent {
	return {
		event,
		dedupeKey: contentKey(event),
		chatRefs: [...new Set(chatRefs.filter((ref): ref is string => typeof ref === 'string' && ref !== ''))],
		raw,
	};
}
