import type { Transport } from '../http';
import type {
	Mapped,
	MessageStatusResult,
	ProviderConfig,
	SendResult,
	SessionStatusResult,
} from '../model';

/** What a user can send (docs/contract.md WhatsApp Send), once the node's `messageType` and `mediaType` are read. */
export const MEDIA_KINDS = ['image', 'video', 'audio', 'voice', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export type SendKind = 'text' | MediaKind | 'template' | 'location';

/** Media a provider downloads from a URL. */
export interface UrlMedia {
	from: 'url';
	url: string;
	mimeType: string | null;
	fileName: string | null;
}

/** Media from an input item's binary property, before it is read (the capability check comes first). */
export interface BinaryMediaRef {
	from: 'binary';
	property: string;
	mimeType: string | null;
	fileName: string | null;
}

/** Media from an input item's binary property: its bytes as base64. */
export interface BinaryMedia {
	from: 'binary';
	data: string;
	mimeType: string | null;
	fileName: string | null;
}

export type MediaSource = UrlMedia | BinaryMedia;

/** Reads one binary property of the current input item (n8n's binary helpers, in bridge/n8n). */
export type BinaryReader = (
	property: string,
) => Promise<{ data: string; mimeType: string | null; fileName: string | null }>;

export interface TemplateHeader {
	kind: 'image' | 'video' | 'document';
	url: string;
}

export interface TemplateInput {
	name: string;
	/** The template's language code (`en_US`); null when not given. */
	language: string | null;
	/** Values of the body placeholders {{1}}, {{2}}, … in order. */
	bodyParameters: string[];
	header: TemplateHeader | null;
	/** Values of the template's URL-button placeholders, first button first. */
	buttonUrlVariables: string[];
	couponCode: string | null;
}

export interface LocationInput {
	latitude: number;
	longitude: number;
	name: string | null;
	address: string | null;
}

export type MediaContent<M> = { kind: MediaKind; media: M; caption: string | null };

export type SendContent<M = MediaSource> =
	| { kind: 'text'; text: string }
	| MediaContent<M>
	| { kind: 'template'; template: TemplateInput }
	| { kind: 'location'; location: LocationInput };

/** One validated message to send (bridge/sending/input.ts makes it from the node's parameters). */
export interface SendInput<M = MediaSource> {
	/** The recipient as the user typed it (trimmed); each adapter converts it to its own form. */
	to: string;
	content: SendContent<M>;
	/** The id of the message this one quotes, or null. */
	replyTo: string | null;
	/** Stable for one execution, node run and item (bridge/sending/idempotency.ts); null when there is no execution. */
	idempotencyKey: string | null;
}

/** A validated message whose binary media, if any, is not read yet. */
export type SendDraft = SendInput<UrlMedia | BinaryMediaRef>;

/** Template fields beyond the name, each of which a provider may or may not take. */
export type TemplateField =
	| 'language'
	| 'bodyParameters'
	| 'header'
	| 'buttonUrlVariables'
	| 'couponCode';

/**
 * What a provider can send, declared once: everything else is refused before any request, with an error
 * generated from this (bridge/sending/capabilities.ts), never written per node.
 */
export interface SendCapabilities {
	kinds: readonly SendKind[];
	/** Whether media may come from an input item's binary data (not only a URL). */
	binaryMedia: boolean;
	replyTo: boolean;
	templateFields: readonly TemplateField[];
	/** Whether it sends to WhatsApp groups (`…@g.us`), besides phone numbers. */
	groupChats: boolean;
	/** Whether it sends to `…@lid` privacy IDs, which hide the phone number (docs/providers.md §5.1). */
	lidAddresses: boolean;
}

/**
 * A provider either reads one message's delivery status, or declares how it reports statuses instead;
 * the error naming the WhatsApp Trigger (docs/contract.md) is generated from that (bridge/sending/operations.ts).
 */
export type MessageStatusSupport =
	| {
			supported: true;
			read(
				config: ProviderConfig,
				messageId: string,
				transport: Transport,
			): Promise<Mapped<MessageStatusResult>>;
	  }
	| { supported: false; reportsStatusBy: string };

/** What a provider adapter knows about sending and delivery status. */
export interface ProviderSending {
	capabilities: SendCapabilities;
	/**
	 * Whether a send takes the input's idempotency key, so that the provider sends a repeated request once: then
	 * a send is retried like a read; otherwise only when the provider cannot have processed it.
	 */
	takesIdempotencyKey: boolean;
	/** Sends one message the capabilities allow; reads the answer into the Send result of docs/contract.md. */
	send(config: ProviderConfig, input: SendInput, transport: Transport): Promise<Mapped<SendResult>>;
	/** Delivery status of one sent message, where the provider has a way to ask for it. */
	messageStatus: MessageStatusSupport;
	/** Whether the account/session can send now. */
	sessionStatus(config: ProviderConfig, transport: Transport): Promise<Mapped<SessionStatusResult>>;
}
