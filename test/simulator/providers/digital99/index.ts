import type { Disturbance } from '../../core/disturbances';
import { bodyObject, json, type Route, type SimRequest, type SimResponse } from '../../core/http';
import { decimalDigits, lowerHex, upperHex } from '../../core/ids';
import { MediaFiles } from '../../core/media';
import {
	ProviderSimulator,
	type CredentialData,
	type SimContext,
	type WebhookBody,
	type WebhookTarget,
} from '../../core/provider';
import type {
	MessageDraft,
	SimConversation,
	SimKind,
	SimMessage,
	SimStatus,
} from '../../core/store';
import type { RetryPolicy } from '../../core/webhooks';
import { historyRecord, incomingHook, statusHook } from './records';

/** 99digital: docs/providers.md §3, simulator checklist §3.7. Every route is a POST with apiKey and from in the JSON body. */

export interface Digital99Options {
	/** §3.3.3 webhook settings before any client calls setWebhook. */
	webhook?: { url: string; retry?: 0 | 1; readStatus?: 0 | 1 };
	/** The API key instead of the seeded `d99_<hex>` (a fault test's distinctive secret). */
	apiKey?: string;
}

const BASE = '/whatsapp/v2';
/** §3.3.1: 50 messages per page. */
const PAGE_SIZE = 50;
/** §3.3.3: retries when `retry=1`: immediately, then after 5 min, 20 min, 1 h, 4 h and 24 h. */
const RETRY_SCHEDULE_MS = [0, 5 * 60_000, 20 * 60_000, 3_600_000, 4 * 3_600_000, 24 * 3_600_000];
/** §3.7 [ASSUMPTION]: the FAIL reason for a free-form send outside the 24-hour window. */
const WINDOW_CLOSED_REASON = 8;
/** [ASSUMPTION] the FAIL reason for a missing or malformed field the v1 table has no number for (page, link, lat/lng, name). */
const INVALID_FIELD_REASON = 9;
/** §3.3.2 sendFile: allowed extensions per kind; ogg audio goes out as a voice note (PTT). */
const FILE_KINDS: Array<[RegExp, SimKind, string]> = [
	[/\.(png)$/i, 'image', 'image/png'],
	[/\.(jpe?g)$/i, 'image', 'image/jpeg'],
	[/\.(gif)$/i, 'image', 'image/gif'],
	[/\.(mp4|avi|3gpp)$/i, 'video', 'video/mp4'],
	[/\.(ogg)$/i, 'voice', 'audio/ogg; codecs=opus'],
	[/\.(mp3|amr|aac)$/i, 'audio', 'audio/mpeg'],
	[/\.(pdf|docx?|xlsx?|pptx?|ppts|zip|txt|rar)$/i, 'document', 'application/octet-stream'],
];

const fail = (reason: number): SimResponse => json(200, { status: 'FAIL', reason });

interface WebhookSettings {
	url: string;
	system: 0 | 1;
	systemPhoneAlert: string;
	retry: 0 | 1;
	readStatus: 0 | 1;
}

export class Digital99Simulator extends ProviderSimulator {
	readonly name = 'digital99' as const;
	readonly basePath = BASE;
	readonly apiKey: string;
	/** The business number, international without '+'. */
	readonly business = '972771234567';
	private readonly webhook: WebhookSettings;
	/**
	 * §3.4: links like `/whatsapp/myfile/<number>/<file>`, fetched without credentials; §3.3.1: they expire after
	 * 7 days. [ASSUMPTION] an expired link answers like every 99digital error, HTTP 200 `status: FAIL` (§3.6).
	 */
	readonly media = new MediaFiles(this.store, this.ctx.clock, {
		path: `/whatsapp/myfile/${this.business}`,
		authenticated: false,
		retentionMs: 7 * 24 * 60 * 60 * 1000,
		expired: () => fail(4),
	});

	constructor(ctx: SimContext, options: Digital99Options = {}) {
		super(ctx);
		this.apiKey = options.apiKey ?? `d99_${lowerHex(32, 'digital99', ctx.seed.seed, 'api-key')}`;
		this.webhook = {
			url: options.webhook?.url ?? '',
			system: 0,
			systemPhoneAlert: '',
			retry: options.webhook?.retry ?? 0,
			readStatus: options.webhook?.readStatus ?? 0,
		};
	}

	/** `unique`: one id space for history, sends and webhooks (§3.3.1 [INF]), shaped like the documented `3EB08F…`. */
	unique(message: SimMessage): string {
		return `3EB0${upperHex(16, 'digital99', this.ctx.seed.seed, 'unique', message.seq)}`;
	}

	/** §3.2: the stable `CC.<16 digits>` id of a contact. */
	fromId(conversation: SimConversation): string {
		return `IL.${decimalDigits(16, 'digital99', this.ctx.seed.seed, 'from-id', conversation.contact.phone)}`;
	}

	messageId(message: SimMessage): string {
		return this.unique(message);
	}

	/** docs/contract.md: on 99digital a conversation is the other party's number. */
	conversationId(conversation: SimConversation): string {
		return conversation.contact.phone;
	}

	protected messageIds(message: SimMessage): string[] {
		return [this.unique(message)];
	}

	protected findConversation(idOrPhone: string): SimConversation | undefined {
		return (
			this.store.findByPhone(idOrPhone.replace(/^\+/, '')) ??
			this.store.conversations.find((c) => this.fromId(c) === idOrPhone)
		);
	}

	credentials(origin: string): CredentialData {
		return {
			type: 'digital99Api',
			data: { baseUrl: `${origin}${BASE}`, apiKey: this.apiKey, from: this.business },
		};
	}

	/** §3.3.3 setWebhook, as the simulator's own switch. */
	setWebhook(settings: { url: string; retry?: 0 | 1; readStatus?: 0 | 1 }): void {
		Object.assign(this.webhook, {
			url: settings.url,
			retry: settings.retry ?? this.webhook.retry,
			readStatus: settings.readStatus ?? this.webhook.readStatus,
		});
	}

	// ---- HTTP ----

	routes(): Route[] {
		const post = (name: string, handle: (r: SimRequest) => SimResponse): Route => ({
			method: 'POST',
			path: `${BASE}/${name}`,
			handle,
		});
		return [
			post('getHistory', (r) => this.getHistory(r)),
			post('sendMessage', (r) => this.sendMessage(r)),
			post('sendFile', (r) => this.sendFile(r)),
			post('sendLocation', (r) => this.sendLocation(r)),
			post('sendTemplate', (r) => this.sendTemplate(r)),
			post('setWebhook', (r) => this.setWebhookRoute(r)),
			post('getWebhook', () => this.getWebhook()),
			...this.media.routes(),
		];
	}

	/** §3.2 / §3.7 checklist 1: `apiKey` and `from` in the body; 200 FAIL reason 3 (wrong key) or 2 (`from` has no account, §3.3.3). */
	authenticate(request: SimRequest): SimResponse | undefined {
		const body = bodyObject(request);
		if (body.apiKey !== this.apiKey) return fail(3);
		if (String(body.from ?? '') !== this.business) return fail(2);
		return undefined;
	}

	/** [ASSUMPTION] an unknown path or method: 404 with a FAIL body. */
	notFound(): SimResponse {
		return json(404, {
			status: 'FAIL',
			reason: 0,
			message: 'Unknown endpoint: every 99digital call is a POST to a documented path',
		});
	}

	/** §3.6: errors are HTTP 200 `{status:"FAIL", reason}`; no rate limit is documented, so 429/5xx bodies are [ASSUMPTION]. */
	disturbedResponse(d: Disturbance): SimResponse {
		if (d.kind === 'providerError') return fail(6);
		if (d.kind === 'rateLimit')
			return json(
				429,
				{ status: 'FAIL', reason: 6 },
				{ 'Retry-After': String(d.retryAfterSeconds ?? 1) },
			);
		return json(d.kind === 'serverError' ? (d.status ?? 500) : 500, { status: 'FAIL', reason: 6 });
	}

	/** [ASSUMPTION] an HTTP error (a gateway's, not the API's 200 FAIL) carries its text in `message`. */
	errorAnswer(status: number, message: string): SimResponse {
		return json(status, { status: 'FAIL', reason: INVALID_FIELD_REASON, message });
	}

	conversationOf(request: SimRequest): SimConversation | undefined {
		const to = bodyObject(request).to;
		return typeof to === 'string' && to !== '' ? this.findConversation(to) : undefined;
	}

	/** §3.3.1: a bare array, 50 per page, page 1 the newest; `to` narrows to one party, empty gives the whole account. */
	private getHistory(request: SimRequest): SimResponse {
		const body = bodyObject(request);
		const page = Number(body.page);
		if (!Number.isInteger(page) || page < 1) return fail(INVALID_FIELD_REASON);
		const to = typeof body.to === 'string' ? body.to.trim() : '';
		const source = to === '' ? this.store.timeline : (this.findConversation(to)?.messages ?? []);
		return json(
			200,
			this.store
				.newestFirst(source, (page - 1) * PAGE_SIZE, PAGE_SIZE)
				.map((m) => historyRecord(m, this.unique(m), this.business)),
		);
	}

	/**
	 * The common path of every send (§3.3.2): `to` is digits without '+' or a `from_id` (else v1 reason 4);
	 * free-form messages need the 24-hour window, templates may go any time.
	 */
	private sendFreeForm(
		request: SimRequest,
		build: (body: Record<string, unknown>) => MessageDraft | SimResponse,
	): SimResponse {
		const body = bodyObject(request);
		const to = typeof body.to === 'string' ? body.to.trim() : String(body.to ?? '');
		const existing = this.findConversation(to);
		if (!existing && !/^\d{8,15}$/.test(to)) return fail(4);
		const draft = build(body);
		if (isResponse(draft)) return draft;
		if (draft.kind !== 'template' && !(existing && this.store.windowOpen(existing)))
			return fail(WINDOW_CLOSED_REASON);
		const conversation = existing ?? this.store.addConversation({ phone: to, name: null });
		const message = this.store.add(conversation, { ...draft, status: 'sent' });
		this.emit(this.statusWebhooks(message, ['sent']));
		this.scheduleProgress(message);
		// §3.3.2: v2 answers begin {status, unique}, [INF] echo the request without the apiKey, timestamp (integer, §3.5), reason 1.
		const { apiKey: _apiKey, showRequest, ...echo } = body;
		return json(200, {
			status: 'OK',
			unique: this.unique(message),
			...(Number(showRequest) === 1
				? echo
				: { from: this.business, to: conversation.contact.phone }),
			timestamp: Math.floor(message.at / 1000),
			reason: 1,
		});
	}

	private sendMessage(request: SimRequest): SimResponse {
		return this.sendFreeForm(request, (body) =>
			typeof body.body === 'string' && body.body.trim() !== ''
				? { direction: 'outbound', kind: 'text', text: body.body, media: null, location: null }
				: fail(5),
		);
	}

	/** §3.3.2 sendFile: `body` is an https link; the type comes from the file extension. */
	private sendFile(request: SimRequest): SimResponse {
		return this.sendFreeForm(request, (body) => {
			if (typeof body.body !== 'string' || !/^https:\/\//.test(body.body))
				return fail(INVALID_FIELD_REASON);
			const path = new URL(body.body).pathname;
			const match = FILE_KINDS.find(([pattern]) => pattern.test(path));
			if (!match) return fail(INVALID_FIELD_REASON);
			const caption = typeof body.caption === 'string' && body.caption !== '' ? body.caption : null;
			const fileName = match[1] === 'document' ? (path.split('/').pop() ?? null) : null;
			return {
				direction: 'outbound',
				kind: match[1],
				text: caption,
				media: { url: body.body, mimeType: match[2], fileName },
				location: null,
			};
		});
	}

	/** §3.3.2 sendLocation: `lat`/`lng` as strings, `caption` the address. */
	private sendLocation(request: SimRequest): SimResponse {
		return this.sendFreeForm(request, (body) => {
			const latitude = Number(body.lat);
			const longitude = Number(body.lng);
			if (
				body.lat === undefined ||
				body.lng === undefined ||
				!Number.isFinite(latitude) ||
				!Number.isFinite(longitude)
			)
				return fail(INVALID_FIELD_REASON);
			const caption = typeof body.caption === 'string' ? body.caption : null;
			return {
				direction: 'outbound',
				kind: 'location',
				text: null,
				media: null,
				location: { latitude, longitude, name: caption, address: caption },
			};
		});
	}

	/** §3.3.2 sendTemplate: allowed any time; [ASSUMPTION] history shows it as text "name: var1, var2". */
	private sendTemplate(request: SimRequest): SimResponse {
		return this.sendFreeForm(request, (body) => {
			if (typeof body.name !== 'string' || body.name === '') return fail(INVALID_FIELD_REASON);
			const variables = Array.from({ length: 10 }, (_, i) => body[`bodyVariable${i + 1}`]).filter(
				(v) => v !== undefined && v !== '',
			);
			return {
				direction: 'outbound',
				kind: 'template',
				text: variables.length > 0 ? `${body.name}: ${variables.join(', ')}` : body.name,
				media: null,
				location: null,
			};
		});
	}

	/** §3.3.3 setWebhook: `url` (" " clears), `system`, `systemPhoneAlert`, `readStatus`, `retry`. */
	private setWebhookRoute(request: SimRequest): SimResponse {
		const body = bodyObject(request);
		const flag = (value: unknown, current: 0 | 1): 0 | 1 =>
			value === undefined ? current : Number(value) === 1 ? 1 : 0;
		if (typeof body.url === 'string') this.webhook.url = body.url.trim();
		this.webhook.system = flag(body.system, this.webhook.system);
		this.webhook.retry = flag(body.retry, this.webhook.retry);
		this.webhook.readStatus = flag(body.readStatus, this.webhook.readStatus);
		if (typeof body.systemPhoneAlert === 'string')
			this.webhook.systemPhoneAlert = body.systemPhoneAlert;
		const { url, system, systemPhoneAlert, retry, readStatus } = this.webhook;
		return json(200, { status: 'OK', url, system, systemPhoneAlert, retry, readStatus, reason: 1 });
	}

	/** §3.3.3 getWebhook, with the documented example's types (`system` a string, `retry`/`readStatus` numbers). */
	private getWebhook(): SimResponse {
		const { url, system, systemPhoneAlert, retry, readStatus } = this.webhook;
		return json(200, {
			status: 'OK',
			url,
			system: String(system),
			systemPhoneAlert,
			retry,
			readStatus,
			reason: 1,
		});
	}

	/** 99digital has no "played" (§0.1): a voice note ends read. */
	protected finalStatus(): SimStatus {
		return 'read';
	}

	// ---- webhooks (§3.3.3, §3.4) ----

	protected webhookTargets(event: string): WebhookTarget[] {
		if (!this.webhook.url) return [];
		if (event === 'status' && this.webhook.readStatus !== 1) return [];
		return [{ url: this.webhook.url, secret: null }];
	}

	/** §3.3.3: answer HTTP 200 within 5 s; with `retry=1` the documented schedule, else a single attempt. */
	protected retryPolicy(): RetryPolicy {
		return {
			retryDelaysMs: this.webhook.retry === 1 ? RETRY_SCHEDULE_MS : [],
			timeoutMs: 5000,
			accepts: (status) => status === 200,
		};
	}

	/** §3.3.3: no signature is documented (receivers allow-list the source IP). */
	protected signatureHeaders(): Record<string, string> {
		return {};
	}

	protected incomingWebhooks(message: SimMessage): WebhookBody[] {
		const secondsLeft =
			(this.store.windowClosesAt(message.conversation) - this.ctx.clock.now()) / 1000;
		return [
			{
				event: 'new',
				body: incomingHook(
					message,
					this.unique(message),
					this.business,
					this.fromId(message.conversation),
					secondsLeft,
				),
			},
		];
	}

	/** Only with `readStatus=1`; the body is docs/providers.md §3.4's [ASSUMPTION], so every delivery says so in a header. */
	protected statusWebhooks(message: SimMessage, statuses: SimStatus[]): WebhookBody[] {
		return statuses.map((status) => ({
			event: 'status',
			body: statusHook(message, status, this.unique(message), this.business, this.ctx.clock.now()),
			headers: {
				'X-Simulator-Synthetic':
					'status body is the docs/providers.md 3.4 [ASSUMPTION]; the real one was not retrievable',
			},
		}));
	}
}

function isResponse(value: unknown): value is SimResponse {
	return (
		typeof (value as SimResponse).status === 'number' &&
		typeof (value as MessageDraft).direction !== 'string'
	);
}
