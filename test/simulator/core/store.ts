import type { SimClock } from './clock';

/**
 * The provider-neutral world one provider simulator serves: contacts, conversations and their messages.
 * Each provider renders it in its own shapes and id schemes (test/simulator/providers/).
 */

export type Direction = 'inbound' | 'outbound';
export type SimKind =
	| 'text'
	| 'image'
	| 'video'
	| 'audio'
	| 'voice'
	| 'document'
	| 'location'
	| 'template'
	| 'contact';
/** The canonical statuses of docs/providers.md §0.1; each provider writes them its own way. */
export type SimStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export const STATUS_ORDER: readonly SimStatus[] = [
	'pending',
	'sent',
	'delivered',
	'read',
	'played',
];

export interface SimMedia {
	url: string;
	mimeType: string;
	fileName: string | null;
}

export interface SimLocation {
	latitude: number;
	longitude: number;
	name: string | null;
	address: string | null;
}

export interface SimContact {
	/** Digits, international, no '+'. */
	phone: string;
	name: string | null;
}

export interface SimError {
	code: number;
	title: string;
}

export interface SimMessage {
	/** Store-wide creation number: the basis of every provider id of this message. */
	seq: number;
	conversation: SimConversation;
	direction: Direction;
	kind: SimKind;
	/** Text body, media caption, or template name. */
	text: string | null;
	media: SimMedia | null;
	location: SimLocation | null;
	/** Epoch ms, whole seconds, unique across the store and increasing with `seq`. */
	at: number;
	/** Outbound only; null for inbound. */
	status: SimStatus | null;
	statusAt: number;
	error: SimError | null;
	/** Part of the seeded history (not sent or received while the simulator ran). */
	seeded: boolean;
}

export interface SimConversation {
	/** Creation number: 0 is the conversation with the newest seeded message. */
	index: number;
	contact: SimContact;
	/** Oldest first. */
	messages: SimMessage[];
}

export type MessageDraft = Pick<SimMessage, 'direction' | 'kind' | 'text' | 'media' | 'location'> &
	Partial<Pick<SimMessage, 'status' | 'error'>>;

const DAY_MS = 24 * 60 * 60 * 1000;

export class Store {
	readonly conversations: SimConversation[] = [];
	/** Every message, oldest first. */
	readonly timeline: SimMessage[] = [];
	private readonly added: Array<(message: SimMessage) => void> = [];
	/** Where each message sits in its conversation's `messages` (they are only ever appended). */
	private readonly positions = new WeakMap<SimMessage, number>();

	constructor(readonly clock: SimClock) {}

	/** Called for every message added from now on (providers index their ids with it). */
	onAdd(listener: (message: SimMessage) => void): void {
		this.added.push(listener);
	}

	addConversation(contact: SimContact): SimConversation {
		const conversation: SimConversation = {
			index: this.conversations.length,
			contact,
			messages: [],
		};
		this.conversations.push(conversation);
		return conversation;
	}

	/**
	 * Appends a message. Its time is the simulated clock's, but always at least a second after the newest
	 * message, so a timeline never has two messages at the same second (providers sort by time) — unless
	 * `sameSecond` asks for the newest message's second (the boundary case of incremental reads).
	 */
	add(
		conversation: SimConversation,
		draft: MessageDraft,
		options: { at?: number; seeded?: boolean; sameSecond?: boolean } = {},
	): SimMessage {
		const newest = this.timeline[this.timeline.length - 1]?.at ?? -Infinity;
		const at =
			options.sameSecond && Number.isFinite(newest)
				? newest
				: Math.max(Math.floor((options.at ?? this.clock.now()) / 1000) * 1000, newest + 1000);
		const message: SimMessage = {
			seq: this.timeline.length,
			conversation,
			direction: draft.direction,
			kind: draft.kind,
			text: draft.text,
			media: draft.media,
			location: draft.location,
			at,
			status: draft.direction === 'outbound' ? (draft.status ?? 'pending') : null,
			statusAt: at,
			error: draft.error ?? null,
			seeded: options.seeded ?? false,
		};
		this.positions.set(message, conversation.messages.push(message) - 1);
		this.timeline.push(message);
		for (const listener of this.added) listener(message);
		return message;
	}

	/** The message's index in its conversation's `messages` (oldest first); -1 for a message of another store. */
	positionOf(message: SimMessage): number {
		return this.positions.get(message) ?? -1;
	}

	/**
	 * `count` messages of an oldest-first list read newest first, skipping the `skip` newest: what a
	 * provider's page is, without copying or reversing the whole list on every request.
	 */
	newestFirst(oldestFirst: readonly SimMessage[], skip: number, count: number): SimMessage[] {
		const page: SimMessage[] = [];
		for (let i = oldestFirst.length - 1 - skip; i >= 0 && page.length < count; i--)
			page.push(oldestFirst[i]);
		return page;
	}

	lastMessage(conversation: SimConversation): SimMessage | undefined {
		return conversation.messages[conversation.messages.length - 1];
	}

	/** Conversations by their newest message, newest first (conversations without messages last). */
	byRecency(): SimConversation[] {
		const at = (c: SimConversation) => this.lastMessage(c)?.at ?? -Infinity;
		return this.conversations.slice().sort((a, b) => at(b) - at(a) || a.index - b.index);
	}

	findByPhone(phone: string): SimConversation | undefined {
		return this.conversations.find((c) => c.contact.phone === phone);
	}

	/** WhatsApp's customer-service window: open for 24 h after the contact's last inbound message. */
	windowOpen(conversation: SimConversation): boolean {
		return this.windowClosesAt(conversation) > this.clock.now();
	}

	windowClosesAt(conversation: SimConversation): number {
		for (let i = conversation.messages.length - 1; i >= 0; i--) {
			const m = conversation.messages[i];
			if (m.direction === 'inbound') return m.at + DAY_MS;
		}
		return -Infinity;
	}

	/** Inbound messages after the last outbound one. */
	unreadCount(conversation: SimConversation): number {
		let count = 0;
		for (
			let i = conversation.messages.length - 1;
			i >= 0 && conversation.messages[i].direction === 'inbound';
			i--
		)
			count++;
		return count;
	}

	setStatus(message: SimMessage, status: SimStatus, error: SimError | null = null): void {
		message.status = status;
		message.statusAt = Math.max(this.clock.now(), message.at);
		message.error = error;
	}
}

/** The status after `current` on the way to `final` (docs/providers.md §0.1 order), or undefined when there. */
export function nextStatus(current: SimStatus | null, final: SimStatus): SimStatus | undefined {
	if (current === final || current === 'failed') return undefined;
	if (final === 'failed') return 'failed';
	const at = current === null ? -1 : STATUS_ORDER.indexOf(current);
	const target = STATUS_ORDER.indexOf(final);
	return at < target ? STATUS_ORDER[at + 1] : undefined;
}
