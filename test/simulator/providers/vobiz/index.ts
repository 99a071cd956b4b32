import { createHmac } from 'node:crypto';

import { rfc3339 } from '../../core/clock';
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
import {
	base64Json,
	decimalDigits,
	fromBase64Json,
	lowerHex,
	upperHex,
	uuid,
} from '../../core/ids';
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
import {
	contactRecord,
	conversationRecord,
	inboundPayload,
	legacyConversationRecord,
	legacyMessageRecord,
	messageRecord,
	statusPayload,
	vobizError,
	type VobizIds,
} from './records';

/** Vobiz, a WhatsApp Cloud API reseller: docs/providers.md §2, simulator checklist §2.8. */

export interface VobizOptions {
	/** §2.5 subscriptions made before any client calls POST /webhooks. */
	webhooks?: Array<{ url: string; secret: string }>;
	/** The Auth Token instead of the seeded `vbz_<hex>` (a fault test's distinctive secret). */
	authToken?: string;
}

const BASE = '/api/v1/messaging';
/** §2.4.1 legacy docs' base. */
const LEGACY_BASE = '/v1/messaging';
/** §2.4.3 send types; interactive/location/contacts are inbound-only. */
const SEND_TYPES = ['text', 'template', 'image', 'audio', 'video', 'document', 'sticker'];
/** Meta's error for a free-form message outside the 24-hour window (§2.4.3: surfaces as `failed`). */
const WINDOW_CLOSED = { code: 131047, title: 'Re-engagement message' };
/** [ASSUMPTION] the legacy API's page size (conversations and messages). */
const LEGACY_PAGE_SIZE = 50;

interface Subscription {
	id: string;
	url: string;
	secret: string;
	createdAt: number;
}

export class VobizSimulator extends ProviderSimulator implements VobizIds {
	readonly name = 'vobiz' as const;
	readonly basePath = BASE;
	readonly accountId = 'MA_SIM00001';
	readonly authToken: string;
	/** §2.2: a login JWT works instead of the header pair. */
	readonly bearerJwt: string;
	readonly channelId: string;
	readonly wabaId: string;
	readonly phoneNumberId: string;
	readonly displayPhoneNumber = '919876543210';
	/** Sent messages Meta has taken (they have a wamid): a new send joins on its first status step (§2.4.3). */
	private readonly accepted = new Set<SimMessage>();
	/** Sends outside the 24-hour window: they end `failed`, asynchronously (§2.4.3). */
	private readonly doomed = new Set<SimMessage>();
	private readonly subscriptions: Subscription[] = [];
	private requestCount = 0;
	private eventCount = 0;
	/** [ASSUMPTION] media links of the history's `content` on the API host, behind the auth headers (§2.4.2 [INF]). */
	readonly media = new MediaFiles(this.store, this.ctx.clock, {
		path: `${BASE}/media`,
		authenticated: true,
		expired: () => this.error(404, 'NOT_FOUND', 'Media not found or expired'),
	});

	constructor(ctx: SimContext, options: VobizOptions = {}) {
		super(ctx);
		const seed = ctx.seed.seed;
		this.authToken = options.authToken ?? `vbz_${lowerHex(32, 'vobiz', seed, 'token')}`;
		const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: this.accountId, iat: 1773756000 })}`;
		this.bearerJwt = `${unsigned}.${createHmac('sha256', this.authToken).update(unsigned).digest('base64url')}`;
		this.channelId = uuid('vobiz', seed, 'channel');
		this.wabaId = `1${decimalDigits(14, 'vobiz', seed, 'waba')}`;
		this.phoneNumberId = `1${decimalDigits(14, 'vobiz', seed, 'phone-number-id')}`;
		for (const w of options.webhooks ?? []) this.addSubscription(w.url, w.secret);
	}

	// ---- ids (§2.3) ----

	conversationUuid(conversation: SimConversation): string {
		return uuid('vobiz', this.ctx.seed.seed, 'conversation', conversation.index);
	}

	contactUuid(conversation: SimConversation): string {
		return uuid('vobiz', this.ctx.seed.seed, 'contact', conversation.index);
	}

	messageUuid(message: SimMessage): string {
		return uuid('vobiz', this.ctx.seed.seed, 'message', message.seq);
	}

	metaMessageId(message: SimMessage): string | null {
		if (!message.seeded && message.direction === 'outbound' && !this.accepted.has(message))
			return null;
		return `wamid.HBgM${message.conversation.contact.phone}FQIAERgS${upperHex(18, 'vobiz', this.ctx.seed.seed, 'wamid', message.seq)}`;
	}

	messageId(message: SimMessage): string {
		return this.messageUuid(message);
	}

	conversationId(conversation: SimConversation): string {
		return this.conversationUuid(conversation);
	}

	protected messageIds(message: SimMessage): string[] {
		return [this.messageUuid(message)];
	}

	/** By UUID, or by wamid (the id webhooks carry). */
	protected findMessage(id: string): SimMessage | undefined {
		if (!id.startsWith('wamid.')) return super.findMessage(id);
		return this.store.timeline.find((m) => this.metaMessageId(m) === id);
	}

	protected findConversation(idOrPhone: string): SimConversation | undefined {
		const digits = idOrPhone.replace(/^\+/, '');
		return this.store.conversations.find(
			(c) => this.conversationUuid(c) === idOrPhone || c.contact.phone === digits,
		);
	}

	credentials(origin: string): CredentialData {
		return {
			type: 'vobizApi',
			data: {
				baseUrl: `${origin}${BASE}`,
				authId: this.accountId,
				authToken: this.authToken,
				channelId: this.channelId,
				wabaId: this.wabaId,
			},
		};
	}

	/** §2.4.5, as POST /webhooks does it. */
	addSubscription(url: string, secret: string): Record<string, unknown> {
		const subscription: Subscription = {
			id: uuid('vobiz', this.ctx.seed.seed, 'webhook', this.subscriptions.length, url),
			url,
			secret,
			createdAt: this.ctx.clock.now(),
		};
		this.subscriptions.push(subscription);
		return subscriptionRecord(subscription);
	}

	// ---- HTTP ----

	routes(): Route[] {
		return [
			{ method: 'GET', path: `${BASE}/conversations`, handle: () => this.listConversations() },
			{
				method: 'GET',
				path: `${BASE}/conversations/:id/messages`,
				handle: (r) => this.listMessages(r),
			},
			{ method: 'POST', path: `${BASE}/messages`, handle: (r) => this.send(r) },
			{ method: 'GET', path: `${BASE}/contacts`, handle: (r) => this.listContacts(r) },
			{ method: 'GET', path: `${BASE}/contacts/:id`, handle: (r) => this.getContact(r) },
			{ method: 'GET', path: `${BASE}/channels/whatsapp`, handle: () => this.listChannels() },
			{ method: 'POST', path: `${BASE}/webhooks`, handle: (r) => this.createWebhook(r) },
			{
				method: 'GET',
				path: `${BASE}/webhooks`,
				handle: () => json(200, { items: this.subscriptions.map(subscriptionRecord) }),
			},
			{ method: 'DELETE', path: `${BASE}/webhooks/:id`, handle: (r) => this.deleteWebhook(r) },
			{
				method: 'GET',
				path: `${LEGACY_BASE}/conversations`,
				handle: (r) => this.listLegacyConversations(r),
			},
			{
				method: 'GET',
				path: `${LEGACY_BASE}/conversations/:id/messages`,
				handle: (r) => this.listLegacyMessages(r),
			},
			...this.media.routes(),
		];
	}

	private error(
		status: number,
		code: string,
		message: string,
		details?: Record<string, unknown>,
	): SimResponse {
		this.requestCount++;
		return vobizError(
			status,
			code,
			message,
			`req_${lowerHex(12, 'vobiz', 'request', this.requestCount)}`,
			details,
		);
	}

	private invalid(field: string, message: string, value: unknown): SimResponse {
		return this.error(400, 'VALIDATION_ERROR', `${field}: ${message}`, {
			errors: [{ field, message, code: 'invalid', value: value ?? null }],
		});
	}

	/** §2.2: `X-Auth-ID` + `X-Auth-Token`, or `Authorization: Bearer <JWT>`; 401 otherwise. */
	authenticate(request: SimRequest): SimResponse | undefined {
		const bearer = header(request, 'authorization');
		if (bearer !== undefined)
			return bearer === `Bearer ${this.bearerJwt}`
				? undefined
				: this.error(401, 'TOKEN_EXPIRED', 'The bearer token is invalid or expired');
		const id = header(request, 'x-auth-id');
		const token = header(request, 'x-auth-token');
		if (!id || !token)
			return this.error(
				401,
				'INVALID_CREDENTIALS',
				'X-Auth-ID and X-Auth-Token headers are required',
			);
		if (id !== this.accountId || token !== this.authToken)
			return this.error(401, 'INVALID_CREDENTIALS', 'Invalid auth id or token');
		return undefined;
	}

	notFound(): SimResponse {
		return this.error(404, 'NOT_FOUND', 'Resource not found');
	}

	/** §2.7: 429 RATE_LIMIT_EXCEEDED with `details.retryAfter` and Retry-After; 5xx; 402 INSUFFICIENT_BALANCE as the business error. */
	disturbedResponse(d: Disturbance): SimResponse {
		if (d.kind === 'rateLimit') {
			const seconds = d.retryAfterSeconds ?? 1;
			const response = this.error(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests', {
				limitType: 'cps',
				limit: 10,
				current: 15,
				retryAfter: seconds,
			});
			return { ...response, headers: { 'Retry-After': String(seconds) } };
		}
		if (d.kind === 'providerError')
			return this.error(402, 'INSUFFICIENT_BALANCE', 'Insufficient balance to send messages');
		const status = d.kind === 'serverError' ? (d.status ?? 500) : 500;
		const code =
			{
				500: 'INTERNAL_ERROR',
				502: 'BAD_GATEWAY',
				503: 'SERVICE_UNAVAILABLE',
				504: 'GATEWAY_TIMEOUT',
			}[status] ?? 'INTERNAL_ERROR';
		return this.error(status, code, 'The service had an error, try again later');
	}

	errorAnswer(status: number, message: string): SimResponse {
		return this.error(status, status === 400 ? 'VALIDATION_ERROR' : 'ERROR', message);
	}

	conversationOf(request: SimRequest): SimConversation | undefined {
		const id = request.params.id;
		return id ? this.store.conversations.find((c) => this.conversationUuid(c) === id) : undefined;
	}

	/** §2.4.1: `{items}`, no paging documented; newest activity first [ASSUMPTION]. */
	private listConversations(): SimResponse {
		const now = this.ctx.clock.now();
		return json(200, {
			items: this.store
				.byRecency()
				.map((c) => conversationRecord(c, this, this.store.windowClosesAt(c), now)),
		});
	}

	/** §2.4.2: newest first [INF], `limit` ≤ 100 (default 50), opaque base64-JSON `next_cursor` of the page's last id [INF]. */
	private listMessages(request: SimRequest): SimResponse {
		const conversation = this.conversationOf(request);
		if (!conversation) return this.error(404, 'NOT_FOUND', 'Conversation not found');
		const limit = intParam(request.query.limit, 50);
		if (Number.isNaN(limit) || limit < 1 || limit > 100) {
			return this.error(422, 'VALIDATION_ERROR', 'Invalid query parameters', {
				errors: [
					{
						field: 'limit',
						message: 'must be between 1 and 100',
						code: 'out_of_range',
						value: request.query.limit,
					},
				],
			});
		}
		const total = conversation.messages.length;
		let start = 0;
		if (request.query.cursor !== undefined) {
			const decoded = fromBase64Json(request.query.cursor) as { id?: unknown } | undefined;
			const at =
				typeof decoded?.id === 'string' ? this.newestFirstIndex(conversation, decoded.id) : -1;
			if (at < 0)
				return this.invalid(
					'cursor',
					'is not a cursor this conversation gave out',
					request.query.cursor,
				);
			// Older than the cursor's message: stable while new messages arrive at the newest end.
			start = at + 1;
		}
		const page = this.store.newestFirst(conversation.messages, start, limit);
		const hasMore = start + page.length < total;
		const last = page[page.length - 1];
		return json(200, {
			items: page.map((m) => messageRecord(m, this)),
			has_more: hasMore,
			next_cursor: hasMore && last ? base64Json({ id: this.messageUuid(last) }) : null,
		});
	}

	/** §2.4.3: validates the body; 201 with `status: "pending"`, `meta_message_id: null`; the outcome comes by webhook. */
	private send(request: SimRequest): SimResponse {
		const body = bodyObject(request);
		if (typeof body.channel_id !== 'string' || body.channel_id === '')
			return this.invalid('channel_id', 'is required', body.channel_id);
		// §2.2: valid credentials without permission on the channel.
		if (body.channel_id !== this.channelId)
			return this.error(403, 'FORBIDDEN', 'No permission on this channel');
		if (typeof body.waba_id !== 'string' || body.waba_id === '')
			return this.invalid('waba_id', 'is required', body.waba_id);
		if (body.waba_id !== this.wabaId)
			return this.invalid('waba_id', 'does not belong to the channel', body.waba_id);
		if (typeof body.to !== 'string' || !/^\+\d{8,15}$/.test(body.to))
			return this.invalid('to', 'must be an E.164 number with +', body.to);
		if (typeof body.type !== 'string' || !SEND_TYPES.includes(body.type))
			return this.invalid('type', `must be one of ${SEND_TYPES.join(', ')}`, body.type);
		const draft = this.draftOf(body);
		if ('status' in draft && typeof draft.status === 'number') return draft as SimResponse;
		const phone = body.to.slice(1);
		const conversation =
			this.store.findByPhone(phone) ?? this.store.addConversation({ phone, name: null });
		const isTemplate = body.type === 'template';
		const message = this.store.add(conversation, { ...(draft as MessageDraft), status: 'pending' });
		// §2.4.3 24-hour window: a free-form message outside it is accepted now and fails later.
		if (!isTemplate && !this.store.windowOpen(conversation)) {
			this.doomed.add(message);
			message.error = WINDOW_CLOSED;
		}
		this.scheduleProgress(message);
		return json(201, messageRecord(message, this));
	}

	private draftOf(body: Record<string, unknown>): MessageDraft | SimResponse {
		const type = body.type as string;
		if (type === 'text') {
			const text = body.text as Record<string, unknown> | undefined;
			if (typeof text?.body !== 'string' || text.body === '')
				return this.invalid('text.body', 'is required for type text', text?.body);
			return { direction: 'outbound', kind: 'text', text: text.body, media: null, location: null };
		}
		if (type === 'template') {
			const template = body.template as Record<string, unknown> | undefined;
			const language = template?.language as Record<string, unknown> | undefined;
			if (typeof template?.name !== 'string' || template.name === '')
				return this.invalid('template.name', 'is required for type template', template?.name);
			if (typeof language?.code !== 'string')
				return this.invalid('template.language.code', 'is required', language?.code);
			return {
				direction: 'outbound',
				kind: 'template',
				text: template.name,
				media: null,
				location: null,
			};
		}
		const media = body.media as Record<string, unknown> | undefined;
		const link = media?.link;
		if ((typeof link !== 'string' || !/^https?:\/\//.test(link)) && typeof media?.id !== 'string')
			return this.invalid('media', 'needs a link (https URL) or a Meta media id', media);
		const url =
			typeof link === 'string' ? link : `https://graph.facebook.com/media/${String(media?.id)}`;
		const kind = type === 'sticker' ? 'image' : (type as 'image' | 'audio' | 'video' | 'document');
		const caption = typeof media?.caption === 'string' ? media.caption : null;
		const fileName = typeof media?.filename === 'string' ? media.filename : null;
		return {
			direction: 'outbound',
			kind,
			text: caption,
			media: { url, mimeType: mimeOf(kind, url), fileName },
			location: null,
		};
	}

	/** Vobiz never emits `played` (§0.1); a send outside the window ends `failed`. */
	protected finalStatus(message: SimMessage): SimStatus {
		return this.doomed.has(message) ? 'failed' : 'read';
	}

	/** §2.4.3: the wamid is filled in once Meta accepts the message (on its first status). */
	protected applyStatus(message: SimMessage, status: SimStatus): void {
		this.accepted.add(message);
		this.store.setStatus(
			message,
			status,
			status === 'failed' ? (message.error ?? WINDOW_CLOSED) : null,
		);
	}

	/** §2.4.4: `{items, total, page, limit, has_more}`, `search` on name or phone. */
	private listContacts(request: SimRequest): SimResponse {
		const page = intParam(request.query.page, 1);
		const limit = intParam(request.query.limit, 25);
		if (Number.isNaN(page) || page < 1)
			return this.invalid('page', 'must be 1 or more', request.query.page);
		if (Number.isNaN(limit) || limit < 1 || limit > 100)
			return this.invalid('limit', 'must be between 1 and 100', request.query.limit);
		const search = (request.query.search ?? '').toLowerCase();
		const all = this.store.conversations.filter(
			(c) =>
				!search || `${c.contact.name ?? ''} +${c.contact.phone}`.toLowerCase().includes(search),
		);
		const items = all.slice((page - 1) * limit, page * limit).map((c) => contactRecord(c, this));
		return json(200, {
			items,
			total: all.length,
			page,
			limit,
			has_more: page * limit < all.length,
		});
	}

	private getContact(request: SimRequest): SimResponse {
		const conversation = this.store.conversations.find(
			(c) => this.contactUuid(c) === request.params.id,
		);
		return conversation
			? json(200, contactRecord(conversation, this))
			: this.error(404, 'NOT_FOUND', 'Contact not found');
	}

	/** §2.4 lists `/channels/whatsapp` without a response shape: [ASSUMPTION] Meta's phone-number fields under `items`. */
	private listChannels(): SimResponse {
		const created = rfc3339(this.ctx.seed.endAt - 365 * 24 * 3600 * 1000);
		return json(200, {
			items: [
				{
					id: this.channelId,
					account_id: this.accountId,
					waba_id: this.wabaId,
					phone_number_id: this.phoneNumberId,
					display_phone_number: `+${this.displayPhoneNumber}`,
					verified_name: 'Simulated Business',
					status: 'connected',
					quality_rating: 'GREEN',
					created_at: created,
					updated_at: created,
				},
			],
		});
	}

	/** §2.4.5: `{url, secret}` both required, HTTPS only (the simulator also takes http on loopback, for tests). */
	private createWebhook(request: SimRequest): SimResponse {
		const body = bodyObject(request);
		if (typeof body.url !== 'string' || body.url === '')
			return this.invalid('url', 'is required', body.url);
		if (typeof body.secret !== 'string' || body.secret === '')
			return this.invalid('secret', 'is required', null);
		let url: URL;
		try {
			url = new URL(body.url);
		} catch {
			return this.invalid('url', 'must be a URL', body.url);
		}
		const loopback =
			url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
		if (url.protocol !== 'https:' && !loopback)
			return this.invalid('url', 'must use https', body.url);
		return json(201, this.addSubscription(body.url, body.secret));
	}

	private deleteWebhook(request: SimRequest): SimResponse {
		const at = this.subscriptions.findIndex((s) => s.id === request.params.id);
		if (at < 0) return this.error(404, 'NOT_FOUND', 'Webhook not found');
		this.subscriptions.splice(at, 1);
		return { status: 204 };
	}

	/** §2.4.1 legacy: `{data, meta: {total, page}}`, `?page=N`. */
	private listLegacyConversations(request: SimRequest): SimResponse {
		const page = intParam(request.query.page, 1);
		if (Number.isNaN(page) || page < 1)
			return this.invalid('page', 'must be 1 or more', request.query.page);
		const all = this.store.byRecency();
		const data = all
			.slice((page - 1) * LEGACY_PAGE_SIZE, page * LEGACY_PAGE_SIZE)
			.map((c) => legacyConversationRecord(c, this, this.store.unreadCount(c)));
		return json(200, { data, meta: { total: all.length, page } });
	}

	/** §2.4.2 legacy: newest first; `cursor` is the id of the next (older) message, passed back as `?cursor=`. */
	private listLegacyMessages(request: SimRequest): SimResponse {
		const conversation = this.conversationOf(request);
		if (!conversation) return this.error(404, 'NOT_FOUND', 'Conversation not found');
		const limit = Math.min(intParam(request.query.limit, LEGACY_PAGE_SIZE), 100);
		const start = request.query.cursor
			? this.newestFirstIndex(conversation, request.query.cursor)
			: 0;
		if (start < 0 || Number.isNaN(limit) || limit < 1)
			return this.invalid('cursor', 'is not valid', request.query.cursor);
		const page = this.store.newestFirst(conversation.messages, start, limit);
		const [next] = this.store.newestFirst(conversation.messages, start + limit, 1);
		return json(200, {
			data: page.map((m) => legacyMessageRecord(m, this)),
			cursor: next ? this.messageUuid(next) : null,
		});
	}

	// ---- webhooks (§2.5) ----

	protected webhookTargets(): WebhookTarget[] {
		return this.subscriptions.map((s) => ({ url: s.url, secret: s.secret }));
	}

	/** §2.5: retries happen (dedupe on event_id); the schedule is undocumented: [ASSUMPTION] 1 s, 5 s, 30 s, 2 min, 10 min. */
	protected retryPolicy(): RetryPolicy {
		return { retryDelaysMs: [1000, 5000, 30_000, 120_000, 600_000], timeoutMs: 5000 };
	}

	/** §2.5: `X-Webhook-Event` and `X-Webhook-Signature` = hex HMAC-SHA256(raw body, secret), no `sha256=` prefix. */
	protected signatureHeaders(
		rawBody: string,
		target: WebhookTarget,
		event: string,
		valid: boolean,
	): Record<string, string> {
		const secret = valid ? (target.secret ?? '') : `not-${target.secret ?? ''}`;
		return { 'X-Webhook-Event': event, 'X-Webhook-Signature': hmacHex(secret, rawBody) };
	}

	private envelope(eventType: string, payload: Record<string, unknown>): WebhookBody {
		this.eventCount++;
		return {
			event: eventType,
			body: {
				event_id: uuid('vobiz', this.ctx.seed.seed, 'event', this.eventCount),
				event_type: eventType,
				account_id: this.accountId,
				occurred_at: rfc3339(this.ctx.clock.now()),
				payload,
			},
		};
	}

	protected incomingWebhooks(message: SimMessage): WebhookBody[] {
		const mediaId = decimalDigits(16, 'vobiz', this.ctx.seed.seed, 'media', message.seq);
		return [this.envelope('message.inbound', inboundPayload(message, this, mediaId))];
	}

	/** §2.5 `message.status`: one envelope per status, or (`oneDelivery`) one envelope carrying every status. */
	protected statusWebhooks(
		message: SimMessage,
		statuses: SimStatus[],
		oneDelivery: boolean,
	): WebhookBody[] {
		const now = this.ctx.clock.now();
		const groups = oneDelivery ? [statuses] : statuses.map((s) => [s]);
		return groups.map((group) =>
			this.envelope('message.status', statusPayload(message, group, this, now)),
		);
	}
}

function subscriptionRecord(s: Subscription): Record<string, unknown> {
	return {
		id: s.id,
		url: s.url,
		status: 'active',
		created_at: rfc3339(s.createdAt),
		updated_at: rfc3339(s.createdAt),
	};
}

function mimeOf(kind: string, url: string): string {
	const ext = /\.([a-z0-9]+)(\?|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
	const known: Record<string, string> = {
		jpg: 'image/jpeg',
		jpeg: 'image/jpeg',
		png: 'image/png',
		webp: 'image/webp',
		mp4: 'video/mp4',
		ogg: 'audio/ogg',
		mp3: 'audio/mpeg',
		pdf: 'application/pdf',
	};
	return (
		known[ext] ??
		{
			image: 'image/jpeg',
			video: 'video/mp4',
			audio: 'audio/mpeg',
			document: 'application/octet-stream',
		}[kind] ??
		'application/octet-stream'
	);
}
