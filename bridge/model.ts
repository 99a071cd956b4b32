/** The unified output model of docs/contract.md ("Output items"). Every provider maps into these shapes. */

/**
 * The providers' ids. The registry (bridge/providers/index.ts) and the tests' fixtures are
 * `Record<ProviderId, …>`, so a new id does not compile until it has an adapter and test cases.
 */
export type ProviderId = 'noxivo' | 'vobiz' | 'digital99' | 'inbox';

/** Who a provider is: the one home of its names, used by every file of its folder and by bridge/n8n. */
export interface ProviderIdentity {
	id: ProviderId;
	/** As users know it, in the Provider list and in every message: 'Noxivo Engine'. */
	displayName: string;
	/** Its n8n credential's type name (docs/contract.md "Credentials"). */
	credentialType: string;
	/** Its n8n credential's name, as the credential list shows it: 'Noxivo Engine API'. */
	credentialName: string;
	/** How its ids look, for the editor's placeholders and hints. */
	examples: { conversationId: string; conversationHint: string; to: string; messageId: string };
	/** The credential fields that are secrets (masked from anything shown to a user). */
	secretFields: readonly string[];
}

/** The decrypted credential of a provider (docs/contract.md "Credentials"); secrets included, never echoed. */
export type ProviderConfig = Record<string, unknown>;

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

/** Types whose content is a file (docs/contract.md: `media` is set, `text` is the caption). */
export const MEDIA_MESSAGE_TYPES: readonly MessageType[] = [
	'image',
	'video',
	'audio',
	'voice',
	'document',
	'sticker',
];

export const MESSAGE_TYPES: readonly MessageType[] = [
	'text',
	...MEDIA_MESSAGE_TYPES,
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

export type SessionState =
	| 'connected'
	| 'connecting'
	| 'qr'
	| 'disconnected'
	| 'failed'
	| 'unknown';

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
