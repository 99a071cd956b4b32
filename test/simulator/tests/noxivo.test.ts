import * as fx from '../../fixtures/noxivo';
import { startSimulator, type Simulator } from '../index';
import { WebhookReceiver } from '../receiver';
import { call, FORMATS, shapeDifferences } from './spec';

/** The Noxivo simulator against docs/providers.md §1 (checklist §1.10), over raw HTTP. */

let sim: Simulator;
let receiver: WebhookReceiver;
let key: Record<string, string>;

beforeAll(async () => {
	receiver = await new WebhookReceiver().start();
	sim = await startSimulator({
		seed: { chats: 4, messagesPerChat: 130 },
		statusStepMs: null,
		noxivo: { webhookUrl: receiver.url },
	});
	key = { 'X-API-Key': sim.noxivo.scopedKey };
});
afterAll(async () => {
	await sim.close();
	await receiver.close();
});

const newest = () => sim.noxivo.conversationFor();
const conversationPath = () =>
	`/api/v1/inbox/conversations/${sim.noxivo.conversationEngineId(newest())}/messages`;

describe('§1.2 authentication', () => {
	it('takes X-API-Key or API-Key; answers 401 with the documented bodies otherwise', async () => {
		expect(
			(
				await call(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', {
					headers: { 'API-Key': sim.noxivo.scopedKey },
				})
			).status,
		).toBe(200);
		expect(await call(sim, 'noxivo', 'GET', '/api/v1/inbox/chats')).toMatchObject({
			status: 401,
			body: { error: 'Unauthorized: Missing API Key' },
		});
		expect(
			await call(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', {
				headers: { 'X-API-Key': 'nx_wrong' },
			}),
		).toMatchObject({ status: 401, body: { error: 'Unauthorized: Invalid API Key' } });
	});

	it('the master key needs agencyId and tenantId (§1.2, §1.4.1 400 body)', async () => {
		const master = { 'X-API-Key': sim.noxivo.masterKey };
		expect(await call(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', { headers: master })).toEqual(
			expect.objectContaining({
				status: 400,
				body: {
					error:
						'agencyId and tenantId are required (missing from query and no API key context found)',
				},
			}),
		);
		const ok = await call<{ chats: unknown[] }>(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', {
			headers: master,
			query: { agencyId: sim.noxivo.agencyId, tenantId: sim.noxivo.tenantId },
		});
		expect(ok.status).toBe(200);
		expect(ok.body.chats).toHaveLength(4);
	});
});

describe('§1.4.1 GET /api/v1/inbox/chats', () => {
	it('chats have the documented shape: JIDs, unix-second lastMessage, name/picture/lastMessage nullable', async () => {
		const { body } = await call<{
			chats: Array<Record<string, unknown>>;
			total: number;
			hasMore: boolean;
		}>(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', { headers: key });
		expect(Object.keys(body).sort()).toEqual(Object.keys(fx.chatsPage).sort());
		for (const chat of body.chats) {
			expect(
				shapeDifferences(chat, fx.chatsPage.chats[0], {
					nullable: ['name', 'picture', 'lastMessage'],
				}),
			).toEqual([]);
			// Every seeded conversation has messages, so lastMessage is never null here.
			expect(
				shapeDifferences(chat.lastMessage, fx.chatsPage.chats[0].lastMessage!, {
					nullable: ['body'],
				}),
			).toEqual([]);
			expect(chat.id).toMatch(/^\d+@c\.us$/);
		}
		expect(body.chats[0].id).toBe(sim.noxivo.jid(newest()));
	});

	it('offset paging over stored conversations, de-duplicated by JID: a short page with hasMore true (§1.5)', async () => {
		// 4 conversations + 1 stale stored twin (same JID) of conversation 1 → total 5.
		const page = async (offset: number) =>
			(
				await call<{ chats: Array<{ id: string }>; total: number; hasMore: boolean }>(
					sim,
					'noxivo',
					'GET',
					'/api/v1/inbox/chats',
					{ headers: key, query: { limit: 3, offset } },
				)
			).body;
		const first = await page(0);
		const second = await page(3);
		const jids = sim.noxivo.store.byRecency().map((c) => sim.noxivo.jid(c));
		expect(first).toEqual({
			chats: [{ id: jids[0] }, { id: jids[1] }].map((c) => expect.objectContaining(c)),
			total: 5,
			hasMore: true,
		});
		expect(second).toEqual({
			chats: [{ id: jids[2] }, { id: jids[3] }].map((c) => expect.objectContaining(c)),
			total: 5,
			hasMore: false,
		});
	});

	it('is served under both /api/v1/inbox and /v1/inbox (§1.4 path-prefix warning)', async () => {
		const documented = await call(sim, 'noxivo', 'GET', '/api/v1/inbox/chats', { headers: key });
		const source = await call(sim, 'noxivo', 'GET', '/v1/inbox/chats', { headers: key });
		expect(source).toEqual(expect.objectContaining({ status: 200, body: documented.body }));
	});

	it('the strict query schema: an unknown key or an out-of-range limit is a 500 {statusCode, error, message}', async () => {
		const unknown = await call<{ statusCode: number; error: string; message: string }>(
			sim,
			'noxivo',
			'GET',
			'/api/v1/inbox/chats',
			{ headers: key, query: { cursor: 'x' } },
		);
		expect(unknown.status).toBe(500);
		expect(Object.keys(unknown.body).sort()).toEqual(['error', 'message', 'statusCode']);
		expect(unknown.body).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
		expect(unknown.body.message).toContain("Unrecognized key(s) in object: 'cursor'");
		expect(
			(
				await call(sim, 'noxivo', 'GET', conversationPath(), {
					headers: key,
					query: { limit: 101 },
				})
			).status,
		).toBe(500);
	});
});

describe('§1.4.2 GET /api/v1/chats', () => {
	it('a bare array of stored conversations (ObjectId ids, JID contactId, ISO updatedAt), the stale twin included', async () => {
		const { body } = await call<Array<Record<string, string>>>(
			sim,
			'noxivo',
			'GET',
			'/api/v1/chats',
			{ headers: key },
		);
		expect(body).toHaveLength(5);
		for (const row of body) {
			expect(shapeDifferences(row, fx.storedConversations[0])).toEqual([]);
			expect(row.id).toMatch(FORMATS.objectId);
			expect(row.updatedAt).toMatch(FORMATS.isoMillis);
		}
		expect(body[0]).toMatchObject({
			id: sim.noxivo.conversationEngineId(newest()),
			contactId: sim.noxivo.jid(newest()),
		});
		expect(body.map((r) => r.updatedAt)).toEqual(
			body
				.map((r) => r.updatedAt)
				.sort()
				.reverse(),
		);
	});
});

describe('§1.4.3 GET …/conversations/:id/messages', () => {
	type Page = { messages: Array<Record<string, unknown>>; hasMore: boolean };

	it('newest page first, each page in chronological order, hasMore = offset + page.length < total', async () => {
		const history = sim.noxivo
			.history(sim.noxivo.conversationEngineId(newest()))
			.map((m) => sim.noxivo.messageId(m));
		const get = async (offset: number) =>
			(
				await call<Page>(sim, 'noxivo', 'GET', conversationPath(), {
					headers: key,
					query: { limit: 50, offset },
				})
			).body;
		const pages = [await get(0), await get(50), await get(100)];
		expect(pages.map((p) => [p.messages.length, p.hasMore])).toEqual([
			[50, true],
			[50, true],
			[30, false],
		]);
		expect(pages[0].messages.map((m) => m.id)).toEqual(history.slice(80));
		expect(pages[2].messages.map((m) => m.id)).toEqual(history.slice(0, 30));
		const timestamps = pages[0].messages.map((m) => m.timestamp as number);
		expect(timestamps).toEqual(timestamps.slice().sort((a, b) => a - b));
	});

	it('records: the documented fields plus media (and location); WAHA ids, "me" as the business side, unix seconds', async () => {
		const { body } = await call<Page>(sim, 'noxivo', 'GET', conversationPath(), {
			headers: key,
			query: { limit: 100 },
		});
		for (const m of body.messages) {
			const extra = { media: 'object|null', ...('location' in m ? { location: 'object' } : {}) };
			expect(shapeDifferences(m, fx.inboundText, { nullable: ['body'], extra })).toEqual([]);
			expect(m.fromMe ? m.from : m.to).toBe('me');
			expect(Number.isInteger(m.timestamp)).toBe(true);
			expect(String(m.id)).toMatch(m.ack === -1 ? FORMATS.objectId : FORMATS.wahaId);
			if (m.media)
				expect(Object.keys(m.media as object).sort()).toEqual(['filename', 'mimetype', 'url']);
		}
		const kinds = new Set(
			body.messages.map((m) =>
				m.location
					? 'location'
					: m.hasMedia
						? String((m.media as { mimetype: string }).mimetype).split('/')[0]
						: 'text',
			),
		);
		expect([...kinds].sort()).toEqual(['application', 'audio', 'image', 'location', 'text']);
	});

	it('an unknown conversation, or one that is not an ObjectId, is 404 {"messages":[],"hasMore":false}', async () => {
		for (const id of ['000000000000000000000000', '972500000000@c.us']) {
			expect(
				await call(
					sim,
					'noxivo',
					'GET',
					`/api/v1/inbox/conversations/${encodeURIComponent(id)}/messages`,
					{ headers: key },
				),
			).toMatchObject({ status: 404, body: { messages: [], hasMore: false } });
		}
	});
});

describe('§1.4.6 send, §1.4.5 status, §1.8 webhooks', () => {
	it('send answers {id: ObjectId, status: "sent", timestamp: ISO}; the message joins the history; Idempotency-Key replays', async () => {
		const before = newest().messages.length;
		const request = {
			headers: { ...key, 'Idempotency-Key': 'demo-1' },
			body: { to: newest().contact.phone, text: 'Hi there' },
		};
		const first = await call<{ id: string; status: string; timestamp: string }>(
			sim,
			'noxivo',
			'POST',
			'/api/v1/messages/send',
			request,
		);
		const again = await call(sim, 'noxivo', 'POST', '/api/v1/messages/send', request);
		expect(first.status).toBe(200);
		expect(Object.keys(first.body).sort()).toEqual(['id', 'status', 'timestamp']);
		expect(first.body).toMatchObject({
			id: expect.stringMatching(FORMATS.objectId),
			status: 'sent',
			timestamp: expect.stringMatching(FORMATS.isoMillis),
		});
		expect(again.body).toEqual(first.body);
		expect(newest().messages.length).toBe(before + 1);
		const { body } = await call<{ messages: Array<Record<string, unknown>> }>(
			sim,
			'noxivo',
			'GET',
			conversationPath(),
			{ headers: key, query: { limit: 1 } },
		);
		expect(body.messages[0]).toMatchObject({
			fromMe: true,
			from: 'me',
			to: sim.noxivo.jid(newest()),
			body: 'Hi there',
			ack: 1,
			ackName: 'SERVER',
		});
	});

	it('refuses what the engine refuses: two attachments, no text and no attachment, a bad recipient', async () => {
		const send = (body: unknown) =>
			call<{ error: string }>(sim, 'noxivo', 'POST', '/api/v1/messages/send', {
				headers: key,
				body,
			});
		const attachment = {
			url: 'https://example.com/a.pdf',
			kind: 'document',
			mimeType: 'application/pdf',
		};
		expect((await send({ to: '972500000001', attachments: [attachment, attachment] })).status).toBe(
			400,
		);
		expect((await send({ to: '972500000001' })).status).toBe(400);
		expect((await send({ to: 'nobody', text: 'x' })).status).toBe(400);
		expect((await send({ to: '972500000001', text: 'x' })).body).toEqual({
			id: expect.stringMatching(FORMATS.objectId),
			status: 'sent',
			timestamp: expect.any(String),
		});
	});

	it('status by engine ObjectId, with providerMessageId; 500 for a WAHA id; 404 {"error":"Message not found"}', async () => {
		const sent = await call<{ id: string }>(sim, 'noxivo', 'POST', '/api/v1/messages/send', {
			headers: key,
			body: { to: newest().contact.phone, text: 'status?' },
		});
		const status = (
			await call<Record<string, unknown>>(
				sim,
				'noxivo',
				'GET',
				`/api/v1/inbox/messages/${sent.body.id}/status`,
				{ headers: key },
			)
		).body;
		expect(Object.keys(status).sort()).toEqual([
			'messageId',
			'providerAck',
			'providerAckName',
			'providerMessageId',
			'status',
			'updatedAt',
		]);
		expect(status).toMatchObject({
			messageId: sent.body.id,
			providerMessageId: expect.stringMatching(/^true_/),
			status: 'sent',
			providerAck: 1,
			providerAckName: 'SERVER',
		});
		sim.noxivo.progressStatus(sent.body.id);
		expect(
			(
				await call(sim, 'noxivo', 'GET', `/v1/inbox/messages/${sent.body.id}/status`, {
					headers: key,
				})
			).body,
		).toMatchObject({ status: 'delivered', providerAck: 2 });
		expect(
			(
				await call(
					sim,
					'noxivo',
					'GET',
					`/api/v1/inbox/messages/${encodeURIComponent(String(status.providerMessageId))}/status`,
					{ headers: key },
				)
			).status,
		).toBe(500);
		expect(
			await call(sim, 'noxivo', 'GET', '/api/v1/inbox/messages/000000000000000000000000/status', {
				headers: key,
			}),
		).toMatchObject({ status: 404, body: { error: 'Message not found' } });
	});

	it('§1.4.4 reply in a conversation needs the undocumented operatorUserId', async () => {
		const path = conversationPath();
		const without = await call<{ statusCode: number; message: string }>(
			sim,
			'noxivo',
			'POST',
			path,
			{ headers: key, body: { content: 'Hi' } },
		);
		expect(without.status).toBe(500);
		expect(without.body.message).toContain('operatorUserId');
		const ok = await call(sim, 'noxivo', 'POST', path, {
			headers: key,
			body: { content: 'Hi', operatorUserId: 'api' },
		});
		expect(ok.body).toEqual({
			messageId: expect.stringMatching(FORMATS.objectId),
			conversationId: sim.noxivo.conversationEngineId(newest()),
			status: 'sent',
		});
	});

	it('emits WAHA envelopes with metadata: message, and message.ack 1 → 2 → 3 → 4 for a voice note', async () => {
		await sim.webhooksIdle();
		receiver.received.length = 0;
		const emittedBefore = sim.webhookDeliveries('noxivo').length;
		sim.noxivo.receiveMessage({ text: 'Where is my order?' });
		const voice = await call<{ id: string }>(sim, 'noxivo', 'POST', '/api/v1/messages/send', {
			headers: key,
			body: {
				to: newest().contact.phone,
				text: 'dropped',
				attachments: [{ url: 'https://example.com/v.ogg', kind: 'audio', mimeType: 'audio/ogg' }],
			},
		});
		expect(sim.noxivo.progressStatus(voice.body.id, { to: 'played' })).toEqual([
			'delivered',
			'read',
			'played',
		]);
		await sim.webhooksIdle();
		// Emitted in this order; delivered concurrently, so they may arrive in any order (§0.1: out of order happens).
		const emitted = sim.webhookDeliveries('noxivo').slice(emittedBefore);
		expect(emitted.map((d) => d.state)).toEqual([
			'delivered',
			'delivered',
			'delivered',
			'delivered',
			'delivered',
		]);
		expect(receiver.received.map((r) => r.rawBody).sort()).toEqual(
			emitted.map((d) => d.body).sort(),
		);
		const bodies = emitted.map(
			(d) =>
				JSON.parse(d.body) as {
					id: string;
					event: string;
					metadata: object;
					payload: Record<string, unknown>;
				},
		);
		expect(bodies.map((b) => [b.event, b.payload.ack])).toEqual([
			['message', 1],
			['message.ack', 1],
			['message.ack', 2],
			['message.ack', 3],
			['message.ack', 4],
		]);
		expect(Object.keys(bodies[0]).sort()).toEqual([
			'engine',
			'environment',
			'event',
			'id',
			'me',
			'metadata',
			'payload',
			'session',
			'timestamp',
		]);
		expect(bodies[0].metadata).toMatchObject({
			agencyId: sim.noxivo.agencyId,
			tenantId: sim.noxivo.tenantId,
		});
		expect(bodies[0].payload).toMatchObject({
			from: sim.noxivo.jid(newest()),
			fromMe: false,
			body: 'Where is my order?',
			id: expect.stringMatching(FORMATS.wahaId),
		});
		expect(Object.keys(bodies[1].payload).sort()).toEqual([
			'ack',
			'ackName',
			'from',
			'fromMe',
			'id',
			'participant',
			'to',
		]);
		const first = receiver.received.find((r) => r.rawBody === emitted[0].body);
		expect(first?.headers).toMatchObject({
			'user-agent': expect.stringMatching(/^WAHA\//),
			'x-webhook-request-id': bodies[0].id,
			'content-type': 'application/json',
		});
		const history = (
			await call<{ messages: Array<{ id: string; body: unknown }> }>(
				sim,
				'noxivo',
				'GET',
				conversationPath(),
				{ headers: key, query: { limit: 1 } },
			)
		).body.messages;
		expect(history[0]).toMatchObject({
			id: bodies[1].payload.id,
			body: null,
			ack: 4,
			ackName: 'PLAYED',
		});
	});
});

describe('§1.4.8 sessions', () => {
	it('by-tenant and :id/status answer as the source does; /sessions/status falls through to WAHA’s 404', async () => {
		const session = await call<{ id: string; name: string }>(
			sim,
			'noxivo',
			'GET',
			'/api/v1/sessions/by-tenant',
			{ headers: key },
		);
		expect(session.body).toEqual({ id: sim.noxivo.sessionName, name: sim.noxivo.sessionName });
		expect(
			(
				await call(sim, 'noxivo', 'GET', `/api/v1/sessions/${session.body.id}/status`, {
					headers: key,
				})
			).body,
		).toEqual({ status: 'WORKING', me: { id: sim.noxivo.meJid } });
		expect(
			await call(sim, 'noxivo', 'GET', '/api/v1/sessions/status', { headers: key }),
		).toMatchObject({
			status: 404,
			body: { message: 'Cannot GET /api/sessions/status', error: 'Not Found', statusCode: 404 },
		});
	});
});
