import type { Disturbance } from '../../core/disturbances';
import {
	bodyObject,
	header,
	intParam,
	json,
	type Route,
	type SimRequest,
	type SimResponse,
} from '../../core/http';
import { lowerHex, upperHex } from '../../core/ids';
import { MediaFiles } from '../../core/media';
import {
	ProviderSimulator,
	type CredentialData,
	type SimContext,
	type WebhookBody,
	type WebhookTarget,
} from '../../core/provider';
import type { MessageDraft, SimConversation, SimMessage, SimStatus } from '../../core/store';
import { hmacHex, type RetryPolicy } from '../../core/webhooks';
import { conversationRecord, messageRecord, statusData, type InboxIds } from './records';

/**
 * The generic "/api/whatsapp" inbox API: docs/providers.md §4. What docs/providers.md §4.3 gives is [GIVEN];
 * auth, the conversation list and webhooks are docs/providers.md's [ASSUMPTION]s (§4.2, §4.3.4, §4.3.5).
 */

export interface InboxOptions {
	/** §4.3.5 [ASSUMPTION] target and HMAC secret. */
	webhook?: { url: string; secret: string };
	/** The API key instead of the seeded `inbox_<hex>` (a fault test's distinctive secret). */
	apiKey?: string;
}

const BASE = '/api/whatsapp';
/** §4.3.1: limit default 50; [ASSUMPTION] max 100. */
const MAX_LIMIT = 100;
/** §4.3.3 [GIVEN] Meta's error for a free-form message outside the 24-hour window. */
const WINDOW_CLOSED = { code: 131047, title: 'Re-engagement message' };

function problem(
	status: number,
	error: string,
	details?: { code: string | number; title: string },
	headers?: Record<string, string>,
): SimResponse {
	return json(status, { success: false, error, ...(details ? { details } : {}) }, headers);
}

export class InboxSimulator extends ProviderSimulator implements InboxIds {
	readonly name = 'inbox' as const;
	readonly basePath = '';
	readonly apiKey: string;
	private webhook: { url: string; secret: string } | null;
	/** §4.3.1 [GIVEN]: media links on a CDN (`https://cdn.example.com/media/…`), another host than the API's. */
	readonly media = new MediaFiles(this.store, this.ctx.clock, {
		path: '/cdn/media',
		authenticated: false,
		onCdn: true,
	});

	constructor(ctx: SimContext, options: InboxOptions = {}) {
		super(ctx);
		this.apiKey = options.apiKey ?? `inbox_${lowerHex(32, 'inbox', ctx.seed.seed, 'api-key')}`;
		this.webhook = options.webhook ?? null;
	}

	conversationKey(conversation: SimConversation): string {
		return `conv_${lowerHex(12, 'inbox', this.ctx.seed.seed, 'conversation', conversation.index)}`;
	}

	contactKey(conversation: SimConversation): string {
		return `contact_${lowerHex(12, 'inbox', this.ctx.seed.seed, 'contact', conversation.index)}`;
	}

	/** ULID-like `msg_01…`, as the seed's `msg_abc123` / docs/providers.md's `msg_01HZX5…`. */
	vendorMessageId(message: SimMessage): string {
		return `msg_01J${upperHex(23, 'inbox', this.ctx.seed.seed, 'message', message.seq)}`;
	}

	waMessageId(message: SimMessage): string | null {
		return `wamid.HBgL${message.conversation.contact.phone}FQIAEhgU${upperHex(20, 'inbox', this.ctx.seed.seed, 'wamid', message.seq)}`;
	}

	messageId(message: SimMessage): string {
		return this.vendorMessageId(message);
	}

	conversationId(conversation: SimConversation): string {
		return this.conversationKey(conversation);
	}

	protected messageIds(message: SimMessage): string[] {
		return [this.vendorMessageId(message)];
	}

	protected findConversation(idOrPhone: string): SimConversation | undefined {
		return (
			this.store.conversations.find((c) => this.conversationKey(c) === idOrPhone) ??
			this.store.findByPhone(idOrPhone.replace(/^\+/, ''))
		);
	}

	credentials(origin: string): CredentialData {
		return {
			type: 'whatsAppInboxApi',
			data: { baseUrl: origin, apiKey: this.apiKey, pathPrefix: BASE },
		};
	}

	setWebhook(webhook: { url: string; secret: string } | null): void {
		this.webhook = webhook;
	}

	// ---- HTTP ----

	routes(): Route[] {
		return [
			{ method: 'GET', path: `${BASE}/conversations`, handle: (r) => this.listConversations(r) },
			{ method: 'GET', path: `${BASE}/messages`, handle: (r) => this.listMessages(r) },
			{ method: 'POST', path: `${BASE}/messages/send`, handle: (r) => this.send(r) },
			...this.media.routes(),
		];
	}

	/** §4.2 [ASSUMPTION]: `Authorization: Bearer <apiKey>`, also `X-API-Key`; 401 in the §4.3.3 shape. */
	authenticate(request: SimRequest): SimResponse | undefined {
		const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
		if ((bearer ?? header(request, 'x-api-key')) === this.apiKey) return undefined;
		return problem(401, 'Unauthorized', { code: 'UNAUTHORIZED', title: 'Invalid API key' });
	}

	notFound(): SimResponse {
		return problem(404, 'Not found', { code: 'NOT_FOUND', title: 'Not found' });
	}

	/** §4.3.3 [GIVEN]: 429 "Rate limit exceeded…", 502 with Meta's `details`; business error: the 131047 502. */
	disturbedResponse(d: Disturbance): SimResponse {
		if (d.kind === 'rateLimit') {
			const seconds = d.retryAfterSeconds ?? 1;
			return problem(429, `Rate limit exceeded. Try again in ${seconds} seconds.`, undefined, {
				'Retry-After': String(seconds),
			});
		}
		if (d.kind === 'providerError')
			return problem(502, 'WhatsApp API error: Message failed to send', WINDOW_CLOSED);
		const status = d.kind === 'serverError' ? (d.status ?? 500) : 500;
		if (status === 502)
			return problem(502, 'WhatsApp API error: Message failed to send', {
				code: 131000,
				title: 'Something went wrong',
			});
		return problem(status, 'Internal server error');
	}

	errorAnswer(status: number, message: string): SimResponse {
		return problem(status, message);
	}

	conversationOf(request: SimRequest): SimConversation | undefined {
		const id = request.query.conversationId;
		return id ? this.store.conversations.find((c) => this.conversationKey(c) === id) : undefined;
	}

	private limit(request: SimRequest): number | SimResponse {
		const limit = intParam(request.query.limit, 50);
		if (Number.isNaN(limit) || limit < 1 || limit > MAX_LIMIT)
			return problem(400, `limit must be a whole number from 1 to ${MAX_LIMIT}`, {
				code: 'VALIDATION_ERROR',
				title: 'Invalid query parameter',
			});
		return limit;
	}

	/** §4.3.4 [ASSUMPTION]: page numbers from 1, `status` filter, newest activity first, `{data, total, page, hasNext}`. */
	private listConversations(request: SimRequest): SimResponse {
		const limit = this.limit(request);
		if (typeof limit !== 'number') return limit;
		const page = intParam(request.query.page, 1);
		if (Number.isNaN(page) || page < 1)
			return problem(400, 'page must be a whole number of 1 or more', {
				code: 'VALIDATION_ERROR',
				title: 'Invalid query parameter',
			});
		const status = request.query.status;
		const all = this.store
			.byRecency()
			.map((c) => ({ c, open: this.store.windowOpen(c) }))
			.filter(({ open }) => status === undefined || status === '' || (status === 'open') === open);
		const data = all
			.slice((page - 1) * limit, page * limit)
			.map(({ c, open }) => conversationRecord(c, this, this.store.unreadCount(c), open));
		return json(200, { data, total: all.length, page, hasNext: page * limit < all.length });
	}

	/** §4.3.1 [GIVEN]: `conversationId` required, `before=<message id>` returns older ones; newest first [ASSUMPTION]. */
	private listMessages(request: SimRequest): SimResponse {
		const id = request.query.conversationId;
		if (!id)
			return problem(400, 'Missing required query parameter: conversationId', {
				code: 'VALIDATION_ERROR',
				title: 'Invalid query parameter',
			});
		const conversation = this.conversationOf(request);
		if (!conversation)
			return problem(404, 'Conversation not found', {
				code: 'NOT_FOUND',
				title: 'Conversation not found',
			});
		const limit = this.limit(request);
		if (typeof limit !== 'number') return limit;
		const total = conversation.messages.length;
		let start = 0;
		if (request.query.before) {
			const at = this.newestFirstIndex(conversation, request.query.before);
			if (at < 0)
				return problem(404, 'Message not found', { code: 'NOT_FOUND', title: 'Message not found' });
			start = at + 1;
		}
		const data = this.store
			.newestFirst(conversation.messages, start, limit)
			.map((m) => messageRecord(m, this));
		return json(200, {
			data,
			total,
			page: Math.floor(start / limit) + 1,
			hasNext: start + data.length < total,
		});
	}

	/** §4.3.2: text / template / image; the seed's 400 and 404 bodies; a closed window is the 502 with 131047 (§4.3.3). */
	private send(request: SimRequest): SimResponse {
		const body = bodyObject(request);
		if (typeof body.to !== 'string' || body.to.trim() === '')
			return problem(400, 'Missing required field: to');
		if (body.type !== 'text' && body.type !== 'template' && body.type !== 'image')
			return problem(400, 'Missing required field: type (text, template or image)');
		const draft = draftOf(body);
		if (typeof draft === 'string') return problem(400, draft);
		const conversation = this.store.findByPhone(body.to.trim().replace(/^\+/, ''));
		if (!conversation) return problem(404, 'Contact not found for the given phone number');
		if (draft.kind !== 'template' && !this.store.windowOpen(conversation))
			return problem(502, 'WhatsApp API error: Message failed to send', WINDOW_CLOSED);
		const message = this.store.add(conversation, { ...draft, status: 'sent' });
		this.emit(this.statusWebhooks(message, ['sent']));
		this.scheduleProgress(message);
		return json(200, {
			success: true,
			data: {
				vendorMessageId: this.vendorMessageId(message),
				waMessageId: this.waMessageId(message),
				status: 'sent',
				conversationId: this.conversationKey(conversation),
				contactId: this.contactKey(conversation),
			},
		});
	}

	/** No `played` on this API (§4.4). */
	protected finalStatus(): SimStatus {
		return 'read';
	}

	// ---- webhooks (§4.3.5 [ASSUMPTION]) ----

	protected webhookTargets(): WebhookTarget[] {
		return this.webhook ? [{ url: this.webhook.url, secret: this.webhook.secret }] : [];
	}

	/** [ASSUMPTION] nothing is documented: 3 retries, 1 s, 10 s, 60 s. */
	protected retryPolicy(): RetryPolicy {
		return { retryDelaysMs: [1000, 10_000, 60_000], timeoutMs: 5000 };
	}

	/** §4.3.5: `X-Signature` = hex HMAC-SHA256(raw body, secret). */
	protected signatureHeaders(
		rawBody: string,
		target: WebhookTarget,
		_event: string,
		valid: boolean,
	): Record<string, string> {
		return {
			'X-Signature': hmacHex(valid ? (target.secret ?? '') : `not-${target.secret ?? ''}`, rawBody),
		};
	}

	protected incomingWebhooks(message: SimMessage): WebhookBody[] {
		return [
			{
				event: 'message.received',
				body: { event: 'message.received', data: messageRecord(message, this) },
			},
		];
	}

	protected statusWebhooks(message: SimMessage, statuses: SimStatus[]): WebhookBody[] {
		const now = this.ctx.clock.now();
		return statuses.map((status) => ({
			event: 'message.status',
			body: { event: 'message.status', data: statusData(message, status, this, now) },
		}));
	}
}

/** §4.3.2 [ASSUMPTION] per-type fields: `text` as a string or `{body}`, `image: {url, caption}`, `template: {name, language}`. */
function draftOf(body: Record<string, unknown>): MessageDraft | string {
	if (body.type === 'text') {
		const text =
			typeof body.text === 'string'
				? body.text
				: (body.text as Record<string, unknown> | undefined)?.body;
		return typeof text === 'string' && text !== ''
			? { direction: 'outbound', kind: 'text', text, media: null, location: null }
			: 'Missing required field: text';
	}
	if (body.type === 'image') {
		const image = body.image as Record<string, unknown> | undefined;
		if (typeof image?.url !== 'string' || !/^https?:\/\//.test(image.url))
			return 'Missing required field: image.url';
		const caption =
			typeof image.caption === 'string' && image.caption !== '' ? image.caption : null;
		return {
			direction: 'outbound',
			kind: 'image',
			text: caption,
			media: { url: image.url, mimeType: 'image/jpeg', fileName: null },
			location: null,
		};
	}
	const template = body.template as Record<string, unknown> | undefined;
	if (typeof template?.name !== 'string' || template.name === '')
		return 'Missing required field: template.name';
	return {
		direction: 'outbound',
		kind: 'template',
		text: template.name,
		media: null,
		location: null,
	};
}
