/** The unified output model of docs/contract.md ("Output items"). Every provider maps into these shapes. */

export const PROVIDER_IDS = ['noxivo', 'vobiz', 'digital99', 'inbox'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type MessageType =
	| 'text'
	| 'image'
	| 'video'
	| 'audio'
	| 'voice'
	| 'document'
	| 'sticker'
	| 'location'
	| 'contact'
	| 'template'
	| 'other';

export const MESSAGE_TYPES: readonly MessageType[] = [
	'text',
	'image',
	'video',
	'audio',
	'voice',
	'document',
	'sticker',
	'location',
	'contact',
	'template',
	'other',
];

export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export type Direction = 'inbound' | 'outbound';

export interface LastMessage {
	text: string | null;
	timestamp: string | null;
	fromMe: boolean | null;
}

export interface Chat {
	provider: ProviderId;
	id: string;
	chatId: string | null;
	name: string | null;
	phone: string | null;
	isGroup: boolean;
	unreadCount: number | null;
	lastMessage: LastMessage | null;
}

export interface Media {
	url: string | null;
	mimeType: string | null;
	fileName: string | null;
}

export interface Location {
	latitude: number;
	longitude: number;
	name: string | null;
	address: string | null;
}

export interface Message {
	provider: ProviderId;
	id: string;
	waMessageId: string | null;
	conversationId: string | null;
	chatId: string | null;
	direction: Direction;
	fromMe: boolean;
	from: string | null;
	to: string | null;
	type: MessageType;
	text: string | null;
	media: Media | null;
	location: Location | null;
	status: MessageStatus | null;
	timestamp: string;
}

export interface SendResult {
	provider: ProviderId;
	id: string;
	waMessageId: string | null;
	conversationId: string | null;
	to: string;
	status: MessageStatus | null;
	timestamp: string;
}

export type SessionState = 'connected' | 'connecting' | 'qr' | 'disconnected' | 'failed' | 'unknown';

export interface MessageStatusResult {
	provider: ProviderId;
	messageId: string;
	waMessageId: string | null;
	status: MessageStatus | null;
	timestamp: string | null;
}

export interface SessionStatusResult {
	provider: ProviderId;
	status: SessionState;
	phone: string | null;
	name: string | null;
}

/** A mapped record together with the provider's original object (for "Include Raw"). */
export interface Mapped<T> {
	value: T;
	raw: unknown;
}
