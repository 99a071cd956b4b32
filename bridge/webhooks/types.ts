import type { Transport } from '../http';
import type { Message, MessageStatus, ProviderConfig, ProviderId } from '../model';

/** The Trigger's events (docs/contract.md "Trigger events"). */
export const TRIGGER_EVENTS = ['message', 'message.ack'] as const;
export type TriggerEventName = (typeof TRIGGER_EVENTS)[number];

export type MessageEvent = { event: 'message' } & Message;

export interface AckError {
	code: string | number | null;
	title: string | null;
}

export interface AckEvent {
	event: 'message.ack';
	provider: ProviderId;
	messageId: string;
	waMessageId: string | null;
	/** The other party of the acknowledged message, where the provider says. */
	chatId: string | null;
	status: MessageStatus;
	timestamp: string | null;
	error: AckError | null;
}

export type TriggerEvent = MessageEvent | AckEvent;

/** One event read from a delivery, with what the Trigger needs besides the item itself. */
export interface ParsedEvent {
	event: TriggerEvent;
	/** Equal for the same event delivered again (a retry), different for any other event: its eventId. */
	dedupeKey: string;
	/** Every name of the event's chat a user might give in "Only These Chats" (JID, number, conversation id). */
	chatRefs: string[];
	/** The provider's original object the event was read from ("Include Raw"). */
	raw: unknown;
}

/**
 * What a delivery turned out to be: events (possibly none), a well-formed delivery of a kind the Trigger
 * does not emit (answered 200), or a body that is not this provider's webhook at all (answered 400).
 */
export type ParsedDelivery =
	| { kind: 'events'; events: ParsedEvent[] }
	| { kind: 'ignored'; reason: string }
	| { kind: 'invalid'; reason: string };

/** An incoming webhook request, as the bridge sees it (no framework types). */
export interface WebhookRequest {
	/** The bytes as received: signatures are computed over these, never over re-serialised JSON. */
	rawBody: Buffer | null;
	/** The body the web server parsed, used only when the raw bytes are not available. */
	parsedBody: unknown;
	/** Header names in lower case. */
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
	sourceIp: string | null;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** The answer to a provider's GET that checks the webhook URL before it delivers (a verification handshake). */
export interface HandshakeAnswer {
	statusCode: 200 | 401 | 403 | 405;
	/** Sent as text/plain: the challenge echoed back, or why not. */
	body: string;
}

/** The n8n webhook a subscription points at. */
export interface WebhookTarget {
	/** The URL n8n serves the Trigger at. */
	url: string;
	config: ProviderConfig;
	events: readonly TriggerEventName[];
	/**
	 * Stable for one Trigger node: a provider that needs a signing secret for its subscription derives it
	 * from this and the credential, so the secret is never stored in the workflow.
	 */
	secretScope: string;
}

/** What the Trigger keeps about a subscription between activation and deactivation (workflow static data). */
export type SubscriptionState = Record<string, string | number | boolean | null | undefined>;

/** Registering and removing the Trigger's URL at a provider that has an API for it. */
export interface WebhookSubscriptions {
	/** Whether the provider already delivers to this Trigger as configured; may record what it found. */
	exists(target: WebhookTarget, state: SubscriptionState, transport: Transport): Promise<boolean>;
	create(target: WebhookTarget, state: SubscriptionState, transport: Transport): Promise<void>;
	remove(target: WebhookTarget, state: SubscriptionState, transport: Transport): Promise<void>;
}

/** What a provider adapter knows about its incoming webhooks. */
export interface ProviderWebhooks {
	/** Shown in the Trigger when this provider is selected: how deliveries get to n8n. */
	setupNotice: string;
	/** The addresses the provider documents sending webhooks from, for the "Allowed Source IPs" hint. */
	documentedSourceIps?: readonly string[];
	/** Whether the request comes from the provider (signature or shared secret); `secretScope` as in WebhookTarget. */
	verify(request: WebhookRequest, config: ProviderConfig, secretScope: string): Verification;
	/** Secrets the adapter derives from the credential for this Trigger (`secretScope`), to be masked like its own. */
	derivedSecrets?(config: ProviderConfig, secretScope: string): string[];
	/**
	 * For a provider that checks the URL with a GET before delivering (as Meta's WhatsApp Cloud API does with
	 * `hub.challenge`): the answer to that GET. Absent: the provider only POSTs, and a GET is answered 405.
	 */
	handshake?(request: WebhookRequest, config: ProviderConfig): HandshakeAnswer;
	/** The delivery's events in the unified model. Never throws. */
	parse(body: unknown, config: ProviderConfig): ParsedDelivery;
	/** Null when the provider has no API for webhook subscriptions (the user pastes the URL). */
	subscriptions: WebhookSubscriptions | null;
}
