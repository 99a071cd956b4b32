import type { SimClock } from './clock';
import type { Disturbance } from './disturbances';
import type { Route, SimRequest, SimResponse } from './http';
import { seedStore, type SeedOptions } from './seed';
import {
	nextStatus,
	Store,
	type MessageDraft,
	type SimConversation,
	type SimKind,
	type SimMessage,
	type SimStatus,
} from './store';
import type { Timers } from './timers';
import type { ProviderName } from './types';
import type { RetryPolicy, WebhookDelivery, WebhookSender } from './webhooks';

/** What every provider simulator shares: its seeded store, status progression and outgoing webhooks. */

export interface SimContext {
	clock: SimClock;
	timers: Timers;
	webhooks: WebhookSender;
	seed: SeedOptions;
	/** Delay between automatic status steps of a sent message (sent → delivered → read); null = only on request. */
	statusStepMs: number | null;
}

/** One webhook body a provider would POST, before it is signed and sent to each target. */
export interface WebhookBody {
	event: string;
	/** An object (sent as JSON) or the exact raw text to send. */
	body: unknown;
	headers?: Record<string, string>;
}

export interface WebhookTarget {
	url: string;
	secret: string | null;
}

export interface CredentialData {
	/** The n8n credential type name (docs/contract.md). */
	type: string;
	data: Record<string, string>;
}

export interface IncomingMessageInput {
	/** The provider's conversation id or the contact's number; the newest conversation when absent. */
	conversation?: string;
	kind?: 'text' | 'image' | 'voice' | 'document' | 'location';
	text?: string;
	/** Arrives in the same second as the newest message of the store (providers keep the arrival order). */
	sameSecond?: boolean;
}

export interface ProgressOptions {
	/** Progress step by step up to this status (default: one step). */
	to?: SimStatus;
	/** Vobiz: put every status of this progression in one delivery (`statuses[]` with several entries, §2.5). */
	oneDelivery?: boolean;
}

export interface RawDeliveryOptions {
	/** `valid` (default) signs like the provider, `invalid` sends a wrong signature, `none` leaves it out. */
	signature?: 'valid' | 'invalid' | 'none';
	/** Shown in the delivery log and, where the provider sends one, in its event header. */
	event?: string;
	headers?: Record<string, string>;
}

export abstract class ProviderSimulator {
	abstract readonly name: ProviderName;
	/** Path prefix the credential's Base URL ends with ('' when the API sits at the root). */
	abstract readonly basePath: string;
	readonly store: Store;
	/** Every id the provider knows a message by (the seeded history is indexed before subclass fields exist). */
	private readonly messagesById = new Map<string, SimMessage>();

	constructor(protected readonly ctx: SimContext) {
		this.store = new Store(ctx.clock);
		this.store.onAdd((message) => {
			for (const id of this.messageIds(message)) this.messagesById.set(id, message);
		});
		seedStore(this.store, ctx.seed);
	}

	abstract routes(): Route[];
	/** The provider's answer to missing or wrong credentials, or undefined when the request may pass. */
	abstract authenticate(request: SimRequest): SimResponse | undefined;
	/** The provider's answer to a path it does not serve. */
	abstract notFound(request: SimRequest): SimResponse;
	/** A rate limit, server error or business error in the provider's own shape. */
	abstract disturbedResponse(disturbance: Disturbance): SimResponse;
	/** An error with this status and message text, in the provider's own error shape (for `echoRequest`). */
	abstract errorAnswer(status: number, message: string): SimResponse;
	/** The conversation a history request reads (where `insertMessages` puts new messages). */
	abstract conversationOf(request: SimRequest): SimConversation | undefined;
	/** A ready-made n8n credential for this simulator. */
	abstract credentials(origin: string): CredentialData;
	/** The provider's id of a message (the one its history and send answers use). */
	abstract messageId(message: SimMessage): string;
	/** The conversation id a user gives WhatsApp Messages for this conversation. */
	abstract conversationId(conversation: SimConversation): string;

	/** The ids a message is found by; called while seeding, so it may use only `ctx` and the message. */
	protected abstract messageIds(message: SimMessage): string[];
	protected findMessage(id: string): SimMessage | undefined {
		return this.messagesById.get(id);
	}
	protected abstract findConversation(idOrPhone: string): SimConversation | undefined;
	protected abstract webhookTargets(event: string): WebhookTarget[];
	protected abstract retryPolicy(): RetryPolicy;
	protected abstract signatureHeaders(
		rawBody: string,
		target: WebhookTarget,
		event: string,
		valid: boolean,
	): Record<string, string>;
	protected abstract incomingWebhooks(message: SimMessage): WebhookBody[];
	/** Bodies for the status changes of one sent message, in order (most providers: one per status). */
	protected abstract statusWebhooks(
		message: SimMessage,
		statuses: SimStatus[],
		oneDelivery: boolean,
	): WebhookBody[];

	/** Where an accepted outbound message ends up: read (played for voice notes where the provider has it). */
	protected finalStatus(message: SimMessage): SimStatus {
		return message.kind === 'voice' ? 'played' : 'read';
	}

	/** A status step, as the provider applies it (Vobiz also learns the wamid on its first step). */
	protected applyStatus(message: SimMessage, status: SimStatus): void {
		this.store.setStatus(
			message,
			status,
			status === 'failed'
				? (message.error ?? { code: 131026, title: 'Message undeliverable' })
				: null,
		);
	}

	/** The newest conversation, or the one named by id / number. */
	conversationFor(idOrPhone?: string): SimConversation {
		const conversation =
			idOrPhone === undefined ? this.store.byRecency()[0] : this.findConversation(idOrPhone);
		if (!conversation) throw new Error(`${this.name} simulator: no conversation "${idOrPhone}"`);
		return conversation;
	}

	/** The conversation's messages, oldest first: what WhatsApp Messages with Return All must give back. */
	history(conversationIdOrPhone: string): SimMessage[] {
		return this.conversationFor(conversationIdOrPhone).messages.slice();
	}

	message(id: string): SimMessage | undefined {
		return this.findMessage(id);
	}

	/** The messages the provider took for delivery to this number (digits or +E.164) since it started, oldest first. */
	sentTo(phone: string): SimMessage[] {
		const conversation = this.store.findByPhone(phone.replace(/^\+/, ''));
		return conversation
			? conversation.messages.filter((m) => m.direction === 'outbound' && !m.seeded)
			: [];
	}

	/** How many messages each number (digits) was sent since the provider started; numbers sent nothing are absent. */
	deliveryCounts(): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const m of this.store.timeline) {
			if (m.direction === 'outbound' && !m.seeded)
				counts[m.conversation.contact.phone] = (counts[m.conversation.contact.phone] ?? 0) + 1;
		}
		return counts;
	}

	/** Where the message with this id sits in a newest-first list of the conversation; -1 when it is not there. */
	protected newestFirstIndex(conversation: SimConversation, id: string): number {
		const message = this.findMessage(id);
		const at =
			message && message.conversation === conversation ? this.store.positionOf(message) : -1;
		return at < 0 ? -1 : conversation.messages.length - 1 - at;
	}

	/** "An incoming message arrives": it joins the history and the provider's incoming webhook goes out. */
	receiveMessage(input: IncomingMessageInput = {}): SimMessage {
		const conversation = this.conversationFor(input.conversation);
		const kind = input.kind ?? 'text';
		const draft: MessageDraft = {
			direction: 'inbound',
			kind,
			text: input.text ?? null,
			media: null,
			location: null,
		};
		const seq = this.store.timeline.length;
		if (kind === 'text') draft.text = input.text ?? `New message ${seq}`;
		if (kind === 'image')
			draft.media = {
				url: `https://media.example.com/sim/${seq}.jpg`,
				mimeType: 'image/jpeg',
				fileName: null,
			};
		if (kind === 'voice')
			draft.media = {
				url: `https://media.example.com/sim/${seq}.ogg`,
				mimeType: 'audio/ogg; codecs=opus',
				fileName: null,
			};
		if (kind === 'document')
			draft.media = {
				url: `https://media.example.com/sim/doc-${seq}.pdf`,
				mimeType: 'application/pdf',
				fileName: `doc-${seq}.pdf`,
			};
		if (kind === 'location')
			draft.location = {
				latitude: 32.0853,
				longitude: 34.7818,
				name: 'Tel Aviv Port',
				address: 'Hangar 11, Tel Aviv',
			};
		const message = this.store.add(conversation, draft, { sameSecond: input.sameSecond });
		this.emit(this.incomingWebhooks(message));
		return message;
	}

	/** `insertMessages` disturbance: new inbound texts arrive in the conversation a request reads. */
	insertDuringRequest(request: SimRequest, count: number): void {
		const conversation = this.conversationOf(request) ?? this.store.byRecency()[0];
		for (let i = 0; i < count; i++) {
			this.receiveMessage({
				conversation: this.conversationId(conversation),
				text: `Arrived while paging ${this.store.timeline.length}`,
			});
		}
	}

	/**
	 * "A delivery status progresses": one step toward the message's final status, or step by step up to `to`;
	 * emits the provider's status webhooks. Returns the statuses it went through.
	 */
	progressStatus(messageId: string, options: ProgressOptions = {}): SimStatus[] {
		const message = this.findMessage(messageId);
		if (!message || message.direction !== 'outbound')
			throw new Error(`${this.name} simulator: no sent message "${messageId}"`);
		const target = options.to ?? this.finalStatus(message);
		const steps: SimStatus[] = [];
		for (
			let step = nextStatus(message.status, target);
			step !== undefined;
			step = nextStatus(message.status, target)
		) {
			this.applyStatus(message, step);
			steps.push(step);
			if (options.to === undefined) break;
		}
		if (steps.length > 0)
			this.emit(this.statusWebhooks(message, steps, options.oneDelivery ?? false));
		return steps;
	}

	/** After a send: one status step every `statusStepMs` until the message's final status. */
	protected scheduleProgress(message: SimMessage): void {
		const stepMs = this.ctx.statusStepMs;
		if (stepMs === null) return;
		const id = this.messageId(message);
		const step = () => {
			if (this.progressStatus(id).length > 0) this.ctx.timers.after(stepMs, step);
		};
		this.ctx.timers.after(stepMs, step);
	}

	/** Sends a chosen raw body once to every target (for duplicate and bad-signature tests). */
	async deliverRaw(body: unknown, options: RawDeliveryOptions = {}): Promise<WebhookDelivery[]> {
		const event = options.event ?? 'raw';
		const raw = typeof body === 'string' ? body : JSON.stringify(body);
		const deliveries = this.webhookTargets(event).map((target) =>
			this.ctx.webhooks.send({
				provider: this.name,
				event,
				url: target.url,
				body: raw,
				headers: {
					'Content-Type': 'application/json',
					...(options.signature === 'none'
						? {}
						: this.signatureHeaders(raw, target, event, options.signature !== 'invalid')),
					...options.headers,
				},
				policy: { retryDelaysMs: [], timeoutMs: this.retryPolicy().timeoutMs },
			}),
		);
		return await Promise.all(deliveries.map((d) => d.settled));
	}

	protected emit(bodies: WebhookBody[]): void {
		for (const { event, body, headers } of bodies) {
			const raw = typeof body === 'string' ? body : JSON.stringify(body);
			for (const target of this.webhookTargets(event)) {
				this.ctx.webhooks.send({
					provider: this.name,
					event,
					url: target.url,
					body: raw,
					headers: {
						'Content-Type': 'application/json',
						...this.signatureHeaders(raw, target, event, true),
						...headers,
					},
					policy: this.retryPolicy(),
				});
			}
		}
	}
}

/** Media kinds a provider writes as a WhatsApp attachment. */
export function isMedia(kind: SimKind): boolean {
	return (
		kind === 'image' ||
		kind === 'video' ||
		kind === 'audio' ||
		kind === 'voice' ||
		kind === 'document'
	);
}
