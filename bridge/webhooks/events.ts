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
 * docs/contract.md `eventId`, which is also the key that makes a redelivery recognisable: the message for
 * `message`, the message and its new status for `message.ack`. It comes from the content, not from the
 * provider's delivery id, so it holds when a provider sends the same event again under a new delivery id,
 * and one delivery that carries several events (Vobiz, docs/providers.md §2.5) gives each its own. A message is
 * named by its WhatsApp id where known, because webhooks and history name it differently on some
 * providers (Vobiz: the wamid in webhooks, a UUID in history, docs/providers.md §5.2), so the Poll Trigger
 * gives the same message the same eventId.
 */
export function eventId(event: TriggerEvent): string {
	return event.event === 'message'
		? `${event.provider}:message:${event.waMessageId ?? event.id}`
		: `${event.provider}:message.ack:${event.waMessageId ?? event.messageId}:${event.status}`;
}

export function parsedEvent(
	event: TriggerEvent,
	raw: unknown,
	chatRefs: Array<string | null | undefined>,
): ParsedEvent {
	return {
		event,
		dedupeKey: eventId(event),
		chatRefs: [
			...new Set(chatRefs.filter((ref): ref is string => typeof ref === 'string' && ref !== '')),
		],
		raw,
	};
}
