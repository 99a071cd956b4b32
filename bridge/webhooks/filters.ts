import type { MessageStatus } from '../model';
import { toPhoneDigits } from '../phone';
import type { ParsedEvent, TriggerEventName } from './types';

/** The Trigger's choices about which events start the workflow. */
export interface EventFilter {
	events: readonly TriggerEventName[];
	ignoreOwnMessages: boolean;
	/** Chats as the user typed them; empty = every chat. */
	onlyChats: readonly string[];
	/** Ack statuses to emit; 'all' = every status. */
	ackStatuses: 'all' | readonly MessageStatus[];
}

/** A chat name compared across providers: a phone number (typed or in a JID) as its digits, anything else as is. */
export function chatRef(value: string): string {
	return toPhoneDigits(value) ?? value.trim().toLowerCase();
}

/** "+972 50-123-4567, 120363040000000000@g.us" → the refs to match. */
export function parseChatList(text: string): string[] {
	return text
		.split(/[,;\n]/)
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map(chatRef);
}

/** Why the filter drops an event, or null when it passes. */
export function rejection(parsed: ParsedEvent, filter: EventFilter): string | null {
	const { event } = parsed;
	if (!filter.events.includes(event.event)) return `"${event.event}" events are not selected`;
	if (event.event === 'message' && event.fromMe && filter.ignoreOwnMessages)
		return 'own outgoing message';
	if (
		event.event === 'message.ack' &&
		filter.ackStatuses !== 'all' &&
		!filter.ackStatuses.includes(event.status)
	) {
		return `ack status "${event.status}" is not selected`;
	}
	if (filter.onlyChats.length > 0) {
		const refs = new Set(parsed.chatRefs.map(chatRef));
		if (!filter.onlyChats.some((chat) => refs.has(chat))) return 'not one of the selected chats';
	}
	return null;
}
