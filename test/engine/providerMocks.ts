import nock from 'nock';

import { BASE, CREDENTIALS, type ProviderId as ProviderName } from '../fixtures/providers';

/**
 * nock models of the four providers' history endpoints, each paging exactly as docs/providers.md says, serving
 * one seeded conversation and recording every request it answers (method, path, query, body, auth headers).
 */

export { BASE, CREDENTIALS, type ProviderName };


export const CONVERSATION = {
	noxivo: '69e0af6bfbf58631dc8d4642', // §1.3 ObjectId
	vobiz: 'c7a1b2d3-4e5f-4a6b-8c9d-0e1f2a3b4c5d', // §2.3 UUID
	digital99: '972523443432', // §3.3.1 the other party's number
	inbox: 'conv_def456',
} as const;

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: Record<string, unknown> | undefined;
	headers: Record<string, string | undefined>;
}

/** Seeded history: message i (0 = oldest) is one minute after message i-1; even ones inbound. */
export interface Seed {
	index: number;
	epochSeconds: number;
	inbound: boolean;
	text: string;
}

export const T0 = 1_750_000_000; // 2025-06-15T15:06:40Z

export function seed(n: number): Seed[] {
	return Array.from({ length: n }, (_, index) => ({
		index,
		epochSeconds: T0 + index * 60,
		inbound: index % 2 === 0,
		text: `message ${index}`,
	}));
}

export function isoOf(s: Seed): string {
	return new Date(s.epochSeconds * 1000).toISOString();
}

/** The id each provider gives seeded message i (docs/providers.md id schemes). */
export function providerMessageId(provider: ProviderName, s: Seed): string {
	const n = String(s.index).padStart(6, '0');
	switch (provider) {
		case 'noxivo':
			return `${s.inbound ? 'false' : 'true'}_972523443432@c.us_3EB0${n}`;
		case 'vobiz':
			return `00000000-0000-4000-8000-${n.padStart(12, '0')}`;
		case 'digital99':
			return `3EB0${n}`;
		case 'inbox':
			return `msg_${n}`;
	}
}

function record(req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }, body: unknown): RecordedRequest {
	const url = new URL(req.path, 'http://x');
	const pick = (name: string) => {
		const v = req.headers[name];
		return Array.isArray(v) ? v[0] : v;
	};
	return {
		method: req.method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams.entries()),
		body: body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined,
		headers: {
			'x-api-key': pick('x-api-key'),
			'x-auth-id': pick('x-auth-id'),
			'x-auth-token': pick('x-auth-token'),
			authorization: pick('authorization'),
		},
	};
}

function newestFirst(history: Seed[]): Seed[] {
	return history.slice().sort((a, b) => b.epochSeconds - a.epochSeconds);
}

/** §1.4.3: sort desc, skip offset, take limit, then reverse; hasMore = offset + page.length < total; strict query. */
function noxivoHistory(history: Seed[], log: RecordedRequest[]) {
	const allowed = new Set(['agencyId', 'tenantId', 'limit', 'offset', 'pages']);
	return nock(BASE.noxivo)
		.get(`/api/v1/inbox/conversations/${CONVERSATION.noxivo}/messages`)
		.query(true)
		.reply(function () {
			const r = record(this.req, undefined);
			log.push(r);
			if (Object.keys(r.query).some((k) => !allowed.has(k))) {
				return [500, { statusCode: 500, error: 'Internal Server Error', message: 'Unrecognized key(s) in object' }];
			}
			const limit = Math.min(Number(r.query.limit ?? 50), 100);
			const offset = Number(r.query.offset ?? 0);
			const page = newestFirst(history).slice(offset, offset + limit).reverse();
			return [
				200,
				{
					messages: page.map((s) => ({
						id: providerMessageId('noxivo', s),
						from: s.inbound ? '972523443432@c.us' : 'me',
						fromMe: !s.inbound,
						to: s.inbound ? 'me' : '972523443432@c.us',
						body: s.text,
						timestamp: s.epochSeconds,
						ack: s.inbound ? 0 : 3,
						ackName: s.inbound ? 'PENDING' : 'READ',
						hasMedia: false,
						media: null,
					})),
					hasMore: offset + page.length < history.length,
				},
			];
		})
		.persist();
}

/** §2.4.2: newest first, limit ≤ 100, opaque base64-JSON next_cursor of the last id on the page, has_more. */
function vobizHistory(history: Seed[], log: RecordedRequest[]) {
	const ordered = newestFirst(history);
	return nock(BASE.vobiz)
		.get(`/conversations/${CONVERSATION.vobiz}/messages`)
		.query(true)
		.reply(function () {
			const r = record(this.req, undefined);
			log.push(r);
			const limit = Math.min(Number(r.query.limit ?? 50), 100);
			let start = 0;
			if (r.query.cursor) {
				const lastId = (JSON.parse(Buffer.from(r.query.cursor, 'base64').toString()) as { id: string }).id;
				start = ordered.findIndex((s) => providerMessageId('vobiz', s) === lastId) + 1;
			}
			const page = ordered.slice(start, start + limit);
			const hasMore = start + page.length < ordered.length;
			const last = page[page.length - 1];
			return [
				200,
				{
					items: page.map((s) => ({
						id: providerMessageId('vobiz', s),
						account_id: 'MA_TEST0001',
						channel_id: 'ch-1',
						contact_id: '9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
						conversation_id: CONVERSATION.vobiz,
						direction: s.inbound ? 'inbound' : 'outbound',
						type: 'text',
						status: s.inbound ? 'delivered' : 'read',
						content: JSON.stringify({ body: s.text }),
						meta_message_id: `wamid.${s.index}`,
						created_at: isoOf(s).replace('.000Z', 'Z'),
					})),
					has_more: hasMore,
					next_cursor: hasMore && last ? Buffer.from(JSON.stringify({ id: providerMessageId('vobiz', last) })).toString('base64') : null,
				},
			];
		})
		.persist();
}

/** §3.3.1: POST with apiKey/from in the body, 50 per page newest first, a bare array; FAIL reason 3 on a wrong key. */
function digital99History(history: Seed[], log: RecordedRequest[]) {
	const ordered = newestFirst(history);
	return nock(BASE.digital99)
		.post('/getHistory')
		.reply(function (_uri, body) {
			const r = record(this.req, body);
			log.push(r);
			const b = r.body ?? {};
			if (b.apiKey !== CREDENTIALS.digital99.data.apiKey || b.from !== CREDENTIALS.digital99.data.from) return [200, { status: 'FAIL', reason: 3 }];
			const page = Number(b.page);
			const rows = b.to === CONVERSATION.digital99 || b.to === undefined ? ordered.slice((page - 1) * 50, page * 50) : [];
			return [
				200,
				rows.map((s) => ({
					unique: providerMessageId('digital99', s),
					timestamp: String(s.epochSeconds),
					direction: s.inbound ? '1' : '2',
					from: s.inbound ? CONVERSATION.digital99 : '972771234567',
					to: s.inbound ? '972771234567' : CONVERSATION.digital99,
					type: 'chat',
					state: s.inbound ? 0 : 3,
					message: s.text,
				})),
			];
		})
		.persist();
}

/** §4.3.1: newest first, `before=<id>` returns older messages, hasNext. */
function inboxHistory(history: Seed[], log: RecordedRequest[]) {
	const ordered = newestFirst(history);
	return nock(BASE.inbox)
		.get('/api/whatsapp/messages')
		.query(true)
		.reply(function () {
			const r = record(this.req, undefined);
			log.push(r);
			if (r.query.conversationId !== CONVERSATION.inbox) return [404, { success: false, error: 'Conversation not found' }];
			const limit = Math.min(Number(r.query.limit ?? 50), 100);
			const start = r.query.before ? ordered.findIndex((s) => providerMessageId('inbox', s) === r.query.before) + 1 : 0;
			const page = ordered.slice(start, start + limit);
			return [
				200,
				{
					data: page.map((s) => ({
						id: providerMessageId('inbox', s),
						waMessageId: `wamid.${s.index}`,
						conversationId: CONVERSATION.inbox,
						direction: s.inbound ? 'inbound' : 'outbound',
						type: 'text',
						content: { text: s.text },
						status: s.inbound ? 'delivered' : 'read',
						timestamp: isoOf(s),
						senderId: s.inbound ? 'contact_789' : null,
					})),
					total: ordered.length,
					page: 1,
					hasNext: start + page.length < ordered.length,
				},
			];
		})
		.persist();
}

/** Serves `n` seeded messages for the provider's conversation; returns the request log. */
export function mockHistory(provider: ProviderName, n: number): { log: RecordedRequest[]; history: Seed[] } {
	const history = seed(n);
	const log: RecordedRequest[] = [];
	({ noxivo: noxivoHistory, vobiz: vobizHistory, digital99: digital99History, inbox: inboxHistory })[provider](history, log);
	return { log, history };
}
