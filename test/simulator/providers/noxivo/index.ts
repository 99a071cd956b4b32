import { isoMillis } from '../../core/clock';
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
import { lowerHex, objectId, upperHex } from '../../core/ids';
import { MediaFiles } from '../../core/media';
import {
	ProviderSimulator,
	type CredentialData,
	type SimContext,
	type WebhookBody,
	type WebhookTarget,
} from '../../core/provider';
import type { MessageDraft, SimConversation, SimMessage, SimStatus } from '../../core/store';
import type { RetryPolicy } from '../../core/webhooks';
import {
	attachmentDraft,
	CONVERSATION_SEND_KEYS,
	fail,
	isRefusal,
	listQuery,
	textDraft,
	toJid,
	unknownKeys,
	validationError,
} from './requests';
import {
	ackEvent,
	ackOf,
	chatRecord,
	engineStatus,
	historyRecord,
	messageEvent,
	storedConversationRecord,
	type EnvelopeContext,
	type NoxivoIds,
} from './records';

/** Noxivo Engine, a WAHA wrapper: docs/providers.md §1, simulator checklist §1.10. */

export interface NoxivoOptions {
	/**
	 * §1.4 path-prefix warning: which inbox prefixes answer. `both` (default, checklist 2), `documented`
	 * (/api/v1/inbox only), or `source` (/v1/inbox only; /api/v1/inbox then falls through to WAHA's 404).
	 */
	inboxPrefixes?: 'both' | 'documented' | 'source';
	/** Write the chats' and messages' `hasMore` as the string "true"/"false" (a proxy that stringifies booleans). */
	hasMoreAsString?: boolean;
	/**
	 * §1.4.1 [SRC]: chats are de-duplicated by JID, so a page can be shorter than `limit`. This many
	 * conversations get a second, older stored conversation with the same JID (default 1).
	 */
	staleDuplicateChats?: number;
	/** §1.4.8 WAHA session status (default WORKING); anything else makes sends answer 409 (§1.4.6 [OBS]). */
	sessionStatus?: 'STOPPED' | 'STARTING' | 'SCAN_QR_CODE' | 'WORKING' | 'FAILED';
	/** Serve the [DOC] `GET /api/v1/sessions/status` and `/me`, which the source has no route for (default false: WAHA 404). */
	documentedSessionRoutes?: boolean;
	/** §1.8: the dashboard's webhook URL. */
	webhookUrl?: string;
	/** The scoped API key instead of the seeded `nx_<hex>` (a fault test's distinctive secret). */
	scopedKey?: string;
}

const DOCUMENTED_PREFIX = '/api/v1/inbox';
const SOURCE_PREFIX = '/v1/inbox';
const OBJECT_ID = /^[0-9a-f]{24}$/i;
interface Tenant {
	agencyId: string;
	tenantId: string;
}

export class NoxivoSimulator extends ProviderSimulator implements NoxivoIds {
	readonly name = 'noxivo' as const;
	readonly basePath = '';
	readonly agencyId: string;
	readonly tenantId: string;
	/** §1.2: a scoped key (`nx_<hex>`) carries agency and tenant. */
	readonly scopedKey: string;
	/** §1.2: the master key needs agencyId/tenantId in the query or body. */
	readonly masterKey: string;
	readonly sessionName: string;
	readonly sessionBindingId: string;
	readonly media: MediaFiles;
	readonly meJid = '31612879047@c.us';
	private readonly idempotent = new Map<string, SimResponse>();
	private readonly staleTwins = new Set<SimConversation>();
	private webhookUrl: string | null;
	private eventCount = 0;

	constructor(
		ctx: SimContext,
		private readonly options: NoxivoOptions = {},
	) {
		super(ctx);
		const seed = ctx.seed.seed;
		this.agencyId = objectId('noxivo', seed, 'agency');
		this.tenantId = objectId('noxivo', seed, 'tenant');
		this.scopedKey = options.scopedKey ?? `nx_${lowerHex(32, 'noxivo', seed, 'scoped-key')}`;
		this.masterKey = `engine-master-${lowerHex(16, 'noxivo', seed, 'master-key')}`;
		this.sessionName = `agency-${this.agencyId.slice(0, 8)}-tenant-${this.tenantId.slice(0, 8)}-whatsapp`;
		this.sessionBindingId = objectId('noxivo', seed, 'session-binding');
		this.webhookUrl = options.webhookUrl ?? null;
		// [ASSUMPTION] WAHA's file links (`/api/files/<session>/<file>`) on the engine's host, behind the API key.
		this.media = new MediaFiles(this.store, ctx.clock, {
			path: `/api/files/${this.sessionName}`,
			authenticated: true,
			expired: (r) =>
				json(404, { message: `Cannot GET ${r.path}`, error: 'Not Found', statusCode: 404 }),
		});
		const duplicates = options.staleDuplicateChats ?? 1;
		this.store.conversations
			.filter((c) => c.index % 3 === 1)
			.slice(0, duplicates)
			.forEach((c) => this.staleTwins.add(c));
	}

	// ---- ids (§1.3) ----

	jid(conversation: SimConversation): string {
		return `${conversation.contact.phone}@c.us`;
	}

	engineId(message: SimMessage): string {
		return objectId('noxivo', this.ctx.seed.seed, 'message', message.seq);
	}

	/** `{fromMe}_{chatJid}_{waId}`; a message that failed before WhatsApp took it has none. */
	wahaId(message: SimMessage): string | null {
		if (message.seeded && message.status === 'failed') return null;
		const fromMe = message.direction === 'outbound';
		return `${fromMe}_${this.jid(message.conversation)}_3EB0${upperHex(16, 'noxivo', this.ctx.seed.seed, 'waha', message.seq)}`;
	}

	conversationEngineId(conversation: SimConversation): string {
		return objectId('noxivo', this.ctx.seed.seed, 'conversation', conversation.index);
	}

	private staleConversationId(conversation: SimConversation): string {
		return objectId('noxivo', this.ctx.seed.seed, 'stale-conversation', conversation.index);
	}

	messageId(message: SimMessage): string {
		return this.wahaId(message) ?? this.engineId(message);
	}

	conversationId(conversation: SimConversation): string {
		return this.conversationEngineId(conversation);
	}

	protected messageIds(message: SimMessage): string[] {
		const waha = this.wahaId(message);
		return waha ? [this.engineId(message), waha] : [this.engineId(message)];
	}

	protected findConversation(idOrPhone: string): SimConversation | undefined {
		const digits = idOrPhone.replace(/@c\.us$/, '').replace(/^\+/, '');
		return this.store.conversations.find(
			(c) => this.conversationEngineId(c) === idOrPhone || c.contact.phone === digits,
		);
	}

	credentials(origin: string): CredentialData {
		return {
			type: 'noxivoApi',
			data: {
				baseUrl: origin,
				apiKey: this.scopedKey,
				agencyId: '',
				tenantId: '',
				inboxPathPrefix: DOCUMENTED_PREFIX,
			},
		};
	}

	setWebhook(url: string | null): void {
		this.webhookUrl = url;
	}

	// ---- HTTP ----

	routes(): Route[] {
		const mode = this.options.inboxPrefixes ?? 'both';
		const prefixes =
			mode === 'both'
				? [DOCUMENTED_PREFIX, SOURCE_PREFIX]
				: [mode === 'documented' ? DOCUMENTED_PREFIX : SOURCE_PREFIX];
		const routes: Route[] = prefixes.flatMap((prefix): Route[] => [
			{
				method: 'GET',
				path: `${prefix}/chats`,
				handle: (r) => this.withHasMoreForm(this.listChats(r)),
			},
			{
				method: 'GET',
				path: `${prefix}/conversations/:conversationId/messages`,
				handle: (r) => this.withHasMoreForm(this.listMessages(r)),
			},
			{
				method: 'POST',
				path: `${prefix}/conversations/:conversationId/messages`,
				handle: (r) => this.sendInConversation(r),
			},
			{
				method: 'GET',
				path: `${prefix}/messages/:messageId/status`,
				handle: (r) => this.messageStatus(r),
			},
		]);
		routes.push(
			{ method: 'GET', path: '/api/v1/chats', handle: (r) => this.storedConversations(r) },
			{ method: 'POST', path: '/api/v1/messages/send', handle: (r) => this.send(r) },
			{ method: 'GET', path: '/api/v1/sessions/by-tenant', handle: (r) => this.sessionByTenant(r) },
			{ method: 'GET', path: '/api/v1/sessions/:id/status', handle: (r) => this.sessionStatus(r) },
			{
				method: 'GET',
				path: '/api/v1/sessions/:id/contacts',
				handle: (r) => this.sessionContacts(r),
			},
			...this.media.routes(),
		);
		if (this.options.documentedSessionRoutes) {
			const phone = this.meJid.replace('@c.us', '');
			routes.push(
				{
					method: 'GET',
					path: '/api/v1/sessions/status',
					handle: () =>
						json(200, {
							status: this.session(),
							phone,
							accountName: 'Simulated Business',
							platform: 'WEBJS',
						}),
				},
				{
					method: 'GET',
					path: '/api/v1/sessions/me',
					handle: () =>
						json(200, {
							id: this.meJid,
							pushname: 'Simulated Business',
							platform: 'WEBJS',
							wid: { server: 'c.us', user: phone, _serialized: this.meJid },
						}),
				},
			);
		}
		return routes;
	}

	/** §1.2 [SRC]: `API-Key` or `X-API-Key`, case-insensitive header names. */
	authenticate(request: SimRequest): SimResponse | undefined {
		const key = header(request, 'api-key') ?? header(request, 'x-api-key');
		if (!key) return fail(401, 'Unauthorized: Missing API Key');
		if (key !== this.scopedKey && key !== this.masterKey)
			return fail(401, 'Unauthorized: Invalid API Key');
		return undefined;
	}

	/** §1.4: unknown `/api/v1/*` paths are proxied to WAHA `/api/*`, whose 404 is `{message, error, statusCode}`. */
	notFound(request: SimRequest): SimResponse {
		if (request.path.startsWith('/api/v1/')) {
			const refused = this.authenticate(request);
			if (refused) return refused;
			const wahaPath = `/api/${request.path.slice('/api/v1/'.length)}`;
			return json(404, {
				message: `Cannot ${request.method} ${wahaPath}`,
				error: 'Not Found',
				statusCode: 404,
			});
		}
		return json(404, {
			message: `Route ${request.method}:${request.path} not found`,
			error: 'Not Found',
			statusCode: 404,
		});
	}

	/**
	 * §1.9: no rate limit is documented; a 429 is given Fastify's shape with Retry-After [INF]. Native routes
	 * fail as `{"error": "<text>"}`; the business error is 409 "No active messaging session binding" [OBS].
	 */
	disturbedResponse(d: Disturbance): SimResponse {
		if (d.kind === 'rateLimit') {
			const seconds = d.retryAfterSeconds ?? 1;
			return json(
				429,
				{
					statusCode: 429,
					error: 'Too Many Requests',
					message: `Rate limit exceeded, retry in ${seconds} seconds`,
				},
				{ 'Retry-After': String(seconds) },
			);
		}
		if (d.kind === 'providerError') return fail(409, 'No active messaging session binding found');
		const status = d.kind === 'serverError' ? (d.status ?? 500) : 500;
		return fail(
			status,
			{
				500: 'Internal Server Error',
				502: 'Bad Gateway',
				503: 'Service Unavailable',
				504: 'Gateway Timeout',
			}[status] ?? 'Error',
		);
	}

	errorAnswer(status: number, message: string): SimResponse {
		return fail(status, message);
	}

	conversationOf(request: SimRequest): SimConversation | undefined {
		const id = request.params.conversationId;
		return id
			? this.store.conversations.find((c) => this.conversationEngineId(c) === id)
			: undefined;
	}

	/** §1.2: a scoped key brings its tenant; the master key needs agencyId + tenantId in the query or body. */
	private tenantOf(request: SimRequest, from: 'query' | 'body'): Tenant | SimResponse {
		if (
			header(request, 'api-key') !== this.masterKey &&
			header(request, 'x-api-key') !== this.masterKey
		) {
			return { agencyId: this.agencyId, tenantId: this.tenantId };
		}
		const source = from === 'query' ? request.query : bodyObject(request);
		const agencyId = source.agencyId;
		const tenantId = source.tenantId;
		if (typeof agencyId !== 'string' || typeof tenantId !== 'string' || !agencyId || !tenantId) {
			return fail(
				400,
				`agencyId and tenantId are required (missing from ${from} and no API key context found)`,
			);
		}
		return { agencyId, tenantId };
	}

	private isOurTenant(tenant: Tenant): boolean {
		return tenant.agencyId === this.agencyId && tenant.tenantId === this.tenantId;
	}

	/** The stored conversations, newest activity first; a stale twin sorts right after its conversation. */
	private stored(): Array<{ conversation: SimConversation; id: string; updatedAt: number }> {
		const rows: Array<{ conversation: SimConversation; id: string; updatedAt: number }> = [];
		for (const conversation of this.store.byRecency()) {
			const updatedAt = this.store.lastMessage(conversation)?.at ?? 0;
			rows.push({ conversation, id: this.conversationEngineId(conversation), updatedAt });
			if (this.staleTwins.has(conversation))
				rows.push({
					conversation,
					id: this.staleConversationId(conversation),
					updatedAt: updatedAt - 1,
				});
		}
		return rows;
	}

	private withHasMoreForm(response: SimResponse): SimResponse {
		const body = response.body as { hasMore?: unknown } | undefined;
		if (!this.options.hasMoreAsString || typeof body?.hasMore !== 'boolean') return response;
		return { ...response, body: { ...body, hasMore: String(body.hasMore) } };
	}

	/** §1.4.1: offset paging over stored conversations; de-duplicated by JID; `hasMore = offset + limit < total`. */
	private listChats(request: SimRequest): SimResponse {
		const tenant = this.tenantOf(request, 'query');
		if ('status' in tenant) return tenant;
		const query = listQuery(request, 20);
		if ('status' in query) return query;
		const stored = this.isOurTenant(tenant) ? this.stored() : [];
		const chats: Array<Record<string, unknown>> = [];
		const seen = new Set<string>();
		for (const row of stored.slice(query.offset, query.offset + query.limit)) {
			const jid = this.jid(row.conversation);
			if (seen.has(jid)) continue;
			seen.add(jid);
			chats.push(chatRecord(row.conversation, this, this.store.unreadCount(row.conversation)));
		}
		return json(200, {
			chats,
			total: stored.length,
			hasMore: query.offset + query.limit < stored.length,
		});
	}

	/** §1.4.3: newest first, skip offset, take limit, reverse; `hasMore = offset + page.length < total`; 404 shape. */
	private listMessages(request: SimRequest): SimResponse {
		const tenant = this.tenantOf(request, 'query');
		if ('status' in tenant) return tenant;
		const query = listQuery(request, 50);
		if ('status' in query) return query;
		const id = request.params.conversationId;
		const conversation =
			OBJECT_ID.test(id) && this.isOurTenant(tenant) ? this.conversationOf(request) : undefined;
		const isStale = [...this.staleTwins].some((c) => this.staleConversationId(c) === id);
		if (!conversation && !isStale) return json(404, { messages: [], hasMore: false });
		const all = conversation?.messages ?? [];
		// The page is the newest-first slice, put back in chronological order: a plain slice of the oldest-first list.
		const page = all.slice(
			Math.max(0, all.length - query.offset - query.limit),
			Math.max(0, all.length - query.offset),
		);
		return json(200, {
			messages: page.map((m) => historyRecord(m, this)),
			hasMore: query.offset + page.length < all.length,
		});
	}

	/** §1.4.2 [SRC][OBS]: a bare array, `tenantId` required (a scoped key supplies it [ASSUMPTION]), limit 50. */
	private storedConversations(request: SimRequest): SimResponse {
		const isMaster = [header(request, 'api-key'), header(request, 'x-api-key')].includes(
			this.masterKey,
		);
		const tenantId = isMaster ? request.query.tenantId : this.tenantId;
		if (!tenantId) return fail(500, 'Failed to retrieve chats');
		const limit = intParam(request.query.limit, 50);
		const offset = intParam(request.query.offset, 0);
		if (Number.isNaN(limit) || Number.isNaN(offset) || limit < 1 || offset < 0)
			return fail(500, 'Failed to retrieve chats');
		const rows = tenantId === this.tenantId ? this.stored() : [];
		return json(
			200,
			rows
				.slice(offset, offset + limit)
				.map((row) =>
					storedConversationRecord(
						row.conversation,
						row.id,
						this.jid(row.conversation),
						row.updatedAt,
					),
				),
		);
	}

	/** §1.4.5 [SRC]: only an engine ObjectId (anything else throws → 500); 404 `{"error":"Message not found"}`. */
	private messageStatus(request: SimRequest): SimResponse {
		const tenant = this.tenantOf(request, 'query');
		if ('status' in tenant) return tenant;
		const id = request.params.messageId;
		if (!OBJECT_ID.test(id)) {
			return json(500, {
				statusCode: 500,
				error: 'Internal Server Error',
				message: `Cast to ObjectId failed for value "${id}" (type string) at path "_id" for model "Message"`,
			});
		}
		const message = this.findMessage(id);
		if (!message || this.engineId(message) !== id || !this.isOurTenant(tenant))
			return fail(404, 'Message not found');
		const [ack, ackName] = ackOf(message);
		return json(200, {
			messageId: id,
			providerMessageId: this.wahaId(message),
			status: engineStatus(message.status),
			providerAck: ack,
			providerAckName: ackName,
			updatedAt: isoMillis(message.statusAt),
		});
	}

	/** §1.4.6 / §1.4.4 [SRC]: `Idempotency-Key` — the same key gives the same answer and no second message. */
	private idempotently(request: SimRequest, route: string, send: () => SimResponse): SimResponse {
		const key = header(request, 'idempotency-key');
		if (!key) return send();
		const cacheKey = `${route}\u0000${key}`;
		const earlier = this.idempotent.get(cacheKey);
		if (earlier) return earlier;
		const response = send();
		if (response.status < 500) this.idempotent.set(cacheKey, response);
		return response;
	}

	private session(): string {
		return this.options.sessionStatus ?? 'WORKING';
	}

	/** §1.4.6: send to a number or JID; one attachment at most; answers the engine ObjectId, "sent", ISO time. */
	private send(request: SimRequest): SimResponse {
		return this.idempotently(request, 'send', () => {
			if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
				return fail(400, 'Request body must be a JSON object');
			const tenant = this.tenantOf(request, 'body');
			if ('status' in tenant) return tenant;
			if (!this.isOurTenant(tenant) || this.session() !== 'WORKING')
				return fail(409, 'No active messaging session binding found');
			const body = bodyObject(request);
			const jid = toJid(body.to);
			if (!jid) return fail(400, 'to must be a phone number (digits) or a WhatsApp chat id');
			const attachments = body.attachments === undefined ? [] : body.attachments;
			if (!Array.isArray(attachments)) return fail(400, 'attachments must be an array');
			// §1.4.6 [SRC]: only one attachment per send.
			if (attachments.length > 1) return fail(400, 'Only one attachment per message is supported');
			const text = typeof body.text === 'string' && body.text.trim() !== '' ? body.text : null;
			if (attachments.length === 0 && text === null)
				return fail(400, 'text is required when no attachments are given');
			const draft =
				attachments.length === 1
					? attachmentDraft(attachments[0], text, 'fileName', this.store.timeline.length)
					: textDraft(text!);
			if (isRefusal(draft)) return draft;
			const message = this.sendMessage(this.conversationForJid(jid), draft);
			return json(200, {
				id: this.engineId(message),
				status: 'sent',
				timestamp: isoMillis(message.at),
			});
		});
	}

	/** §1.4.4 [SRC]: strict schema; `operatorUserId` required (undocumented; missing → 500); ≤ 10 attachments. */
	private sendInConversation(request: SimRequest): SimResponse {
		return this.idempotently(request, `conversation:${request.params.conversationId}`, () => {
			const body = bodyObject(request);
			const refused = unknownKeys(body, CONVERSATION_SEND_KEYS);
			if (refused) return refused;
			if (typeof body.operatorUserId !== 'string' || body.operatorUserId === '') {
				return validationError([
					{ code: 'invalid_type', path: ['operatorUserId'], message: 'Required' },
				]);
			}
			const attachments = body.attachments ?? [];
			if (!Array.isArray(attachments) || attachments.length > 10) {
				return validationError([
					{
						code: 'too_big',
						path: ['attachments'],
						message: 'Array must contain at most 10 element(s)',
					},
				]);
			}
			const content =
				typeof body.content === 'string' && body.content.trim() !== '' ? body.content.trim() : null;
			if (content === null && attachments.length === 0) {
				return validationError([
					{ code: 'custom', path: [], message: 'content or attachments is required' },
				]);
			}
			const tenant = this.tenantOf(request, 'body');
			if ('status' in tenant) return tenant;
			const conversation = this.isOurTenant(tenant) ? this.conversationOf(request) : undefined;
			// [ASSUMPTION] an unknown conversation: 404 in the native `{"error"}` shape.
			if (!conversation) return fail(404, 'Conversation not found');
			if (this.session() !== 'WORKING') return fail(500, 'Failed to send message');
			// [ASSUMPTION] one message: the first attachment, captioned with `content`.
			const draft =
				attachments.length > 0
					? attachmentDraft(attachments[0], content, 'filename', this.store.timeline.length)
					: textDraft(content!);
			if (isRefusal(draft))
				return draft.status === 400
					? validationError([
							{
								code: 'custom',
								path: ['attachments', 0],
								message: String((draft.body as { error: string }).error),
							},
						])
					: draft;
			const message = this.sendMessage(conversation, draft);
			return json(200, {
				messageId: this.engineId(message),
				conversationId: this.conversationEngineId(conversation),
				status: 'sent',
			});
		});
	}

	private conversationForJid(jid: string): SimConversation {
		const phone = jid.replace(/@.*$/, '');
		return this.store.findByPhone(phone) ?? this.store.addConversation({ phone, name: null });
	}

	/** WAHA accepts the message at once (ack 1, SERVER), then it progresses 1 → 2 → 3 (→ 4 for a voice note). */
	private sendMessage(conversation: SimConversation, draft: MessageDraft): SimMessage {
		const message = this.store.add(conversation, {
			...draft,
			direction: 'outbound',
			status: 'sent',
		});
		this.emit(this.statusWebhooks(message, ['sent']));
		this.scheduleProgress(message);
		return message;
	}

	/** §1.4.8 [SRC][OBS]. */
	private sessionByTenant(request: SimRequest): SimResponse {
		const tenant = this.tenantOf(request, 'query');
		if ('status' in tenant) return tenant;
		if (!this.isOurTenant(tenant)) return fail(404, 'No session found for tenant');
		return json(200, { id: this.sessionName, name: this.sessionName });
	}

	/** §1.4.8 [SRC][OBS]: `:id` is the binding ObjectId or the session name. */
	private sessionStatus(request: SimRequest): SimResponse {
		const id = request.params.id;
		if (id !== this.sessionName && id !== this.sessionBindingId)
			return fail(404, 'Session not found');
		return json(200, {
			status: this.session(),
			me: this.session() === 'WORKING' ? { id: this.meJid } : null,
		});
	}

	/** §1.4.8 [DOC contacts.md][SRC][OBS]: WAHA's contacts/all array. */
	private sessionContacts(request: SimRequest): SimResponse {
		const id = request.params.id;
		if (id !== this.sessionName && id !== this.sessionBindingId)
			return fail(404, 'Session not found');
		return json(
			200,
			this.store.conversations.map((c) => ({
				id: this.jid(c),
				name: c.contact.name,
				pushname: c.contact.name,
				isGroup: false,
			})),
		);
	}

	// ---- webhooks (§1.8) ----

	protected webhookTargets(): WebhookTarget[] {
		return this.webhookUrl ? [{ url: this.webhookUrl, secret: null }] : [];
	}

	/** §1.8 [DOC WAHA]: 15 attempts, 2 s apart (Noxivo's own behaviour is undocumented). */
	protected retryPolicy(): RetryPolicy {
		return { retryDelaysMs: Array.from({ length: 14 }, () => 2000), timeoutMs: 5000 };
	}

	/** §1.8: no documented signing; WAHA sends its user agent and a request id. */
	protected signatureHeaders(rawBody: string): Record<string, string> {
		const id = /"id":"(evt_[^"]+)"/.exec(rawBody)?.[1];
		return { 'User-Agent': 'WAHA/2026.1.3', ...(id ? { 'X-Webhook-Request-Id': id } : {}) };
	}

	private envelopeContext(): EnvelopeContext {
		this.eventCount++;
		return {
			eventId: `evt_${lowerHex(26, 'noxivo', this.ctx.seed.seed, 'event', this.eventCount)}`,
			now: this.ctx.clock.now(),
			session: this.sessionName,
			agencyId: this.agencyId,
			tenantId: this.tenantId,
			sessionBindingId: this.sessionBindingId,
			meJid: this.meJid,
		};
	}

	protected incomingWebhooks(message: SimMessage): WebhookBody[] {
		return [{ event: 'message', body: messageEvent(message, this, this.envelopeContext()) }];
	}

	/** §1.10 checklist 7: one `message.ack` per step, 1 → 2 → 3, and 4 for voice notes. */
	protected statusWebhooks(message: SimMessage, statuses: SimStatus[]): WebhookBody[] {
		return statuses.map((status) => ({
			event: 'message.ack',
			body: ackEvent(message, status, this, this.envelopeContext()),
		}));
	}
}
