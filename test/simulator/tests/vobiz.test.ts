import { createHmac } from 'node:crypto';

import * as fx from '../../fixtures/vobiz';
import { startSimulator, type Simulator } from '../index';
import { WebhookReceiver } from '../receiver';
import { call, FORMATS, shapeDifferences } from './spec';

/** The Vobiz simulator against docs/providers.md §2 (checklist §2.8), over raw HTTP. */

const SECRET = 'whsec-test';
let sim: Simulator;
let receiver: WebhookReceiver;
let auth: Record<string, string>;

beforeAll(async () => {
	receiver = await new WebhookReceiver().start();
	sim = await startSimulator({ seed: { chats: 3, messagesPerChat: 250 }, statusStepMs: null });
	auth = { 'X-Auth-ID': sim.vobiz.accountId, 'X-Auth-Token': sim.vobiz.authToken };
});
afterAll(async () => {
	await sim.close();
	await receiver.close();
});

const newest = () => sim.vobiz.conversationFor();
const messagesPath = () => `/conversations/${sim.vobiz.conversationUuid(newest())}/messages`;
type MessagesPage = {
	items: Array<Record<string, unknown>>;
	has_more: boolean;
	next_cursor: string | null;
};
const sendBody = (overrides: Record<string, unknown> = {}) => ({
	channel_id: sim.vobiz.channelId,
	waba_id: sim.vobiz.wabaId,
	to: `+${newest().contact.phone}`,
	type: 'text',
	text: { body: 'Hello from Vobiz!' },
	...overrides,
});

describe('§2.2 authentication, §2.7 error envelope', () => {
	it('takes X-Auth-ID + X-Auth-Token or a Bearer JWT; 401 in the §2.7 envelope otherwise', async () => {
		expect((await call(sim, 'vobiz', 'GET', '/conversations', { headers: auth })).status).toBe(200);
		expect(
			(
				await call(sim, 'vobiz', 'GET', '/conversations', {
					headers: { Authorization: `Bearer ${sim.vobiz.bearerJwt}` },
				})
			).status,
		).toBe(200);
		const missing = await call<Record<string, unknown>>(sim, 'vobiz', 'GET', '/conversations');
		expect(missing.status).toBe(401);
		expect(shapeDifferences(missing.body, fx.invalidCredentials)).toEqual([]);
		expect(missing.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
		expect(
			(
				await call(sim, 'vobiz', 'GET', '/conversations', {
					headers: { ...auth, 'X-Auth-Token': 'wrong' },
				})
			).status,
		).toBe(401);
	});
});

describe('§2.4.1 / §2.4.2 conversations and messages', () => {
	it('GET /conversations: {items} of the documented conversation object, UUIDs and RFC 3339 times', async () => {
		const { body } = await call<{ items: Array<Record<string, string>> }>(
			sim,
			'vobiz',
			'GET',
			'/conversations',
			{ headers: auth },
		);
		expect(Object.keys(body)).toEqual(['items']);
		expect(body.items).toHaveLength(3);
		for (const c of body.items) {
			expect(shapeDifferences(c, fx.conversations.items[0])).toEqual([]);
			expect([c.id, c.channel_id, c.contact_id]).toEqual([
				expect.stringMatching(FORMATS.uuid),
				sim.vobiz.channelId,
				expect.stringMatching(FORMATS.uuid),
			]);
			expect([c.started_at, c.expires_at]).toEqual([
				expect.stringMatching(FORMATS.rfc3339),
				expect.stringMatching(FORMATS.rfc3339),
			]);
		}
		expect(body.items[0]).toMatchObject({
			id: sim.vobiz.conversationUuid(newest()),
			account_id: sim.vobiz.accountId,
			status: 'open',
		});
	});

	it('messages: the documented Message object, `content` a JSON string, newest first, opaque cursor to the end', async () => {
		const expected = sim.vobiz
			.history(sim.vobiz.conversationUuid(newest()))
			.reverse()
			.map((m) => sim.vobiz.messageUuid(m));
		const ids: string[] = [];
		let cursor: string | null = null;
		for (let page = 0; page < 10; page++) {
			const answer: { body: MessagesPage } = await call<MessagesPage>(
				sim,
				'vobiz',
				'GET',
				messagesPath(),
				{ headers: auth, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
			);
			const { items, has_more, next_cursor } = answer.body;
			for (const m of items) {
				expect(shapeDifferences(m, fx.outboundText, { nullable: ['meta_message_id'] })).toEqual([]);
				expect(m.created_at).toMatch(FORMATS.rfc3339);
				const content = JSON.parse(String(m.content)) as Record<string, unknown>;
				if (m.type === 'text') expect(Object.keys(content)).toEqual(['body']);
				if (['image', 'document', 'audio'].includes(String(m.type)))
					expect(content.link).toMatch(/^https?:\/\//);
			}
			ids.push(...items.map((m) => String(m.id)));
			if (!has_more) {
				expect(next_cursor).toBeNull();
				break;
			}
			// §2.4.2 [INF]: base64 JSON of the last id on the page.
			expect(JSON.parse(Buffer.from(String(next_cursor), 'base64').toString())).toEqual({
				id: items[items.length - 1].id,
			});
			cursor = next_cursor;
		}
		expect(ids).toEqual(expected);
	});

	it('limit above 100 is a 422 VALIDATION_ERROR; an unknown cursor a 400; an unknown conversation a 404', async () => {
		const tooMany = await call<{
			error: { code: string; details: { errors: Array<{ field: string }> } };
		}>(sim, 'vobiz', 'GET', messagesPath(), { headers: auth, query: { limit: 101 } });
		expect(tooMany.status).toBe(422);
		expect(tooMany.body.error).toMatchObject({
			code: 'VALIDATION_ERROR',
			details: { errors: [expect.objectContaining({ field: 'limit' })] },
		});
		expect(
			(
				await call(sim, 'vobiz', 'GET', messagesPath(), {
					headers: auth,
					query: { cursor: 'eyJpZCI6Im1zZzAwMSJ9' },
				})
			).status,
		).toBe(400);
		expect(
			(
				await call(
					sim,
					'vobiz',
					'GET',
					'/conversations/00000000-0000-4000-8000-000000000000/messages',
					{ headers: auth },
				)
			).status,
		).toBe(404);
	});

	it('the cursor is stable while new messages arrive: the next page starts right after the previous one', async () => {
		const first = (
			await call<MessagesPage>(sim, 'vobiz', 'GET', messagesPath(), {
				headers: auth,
				query: { limit: 20 },
			})
		).body;
		sim.vobiz.receiveMessage({ text: 'new 1' });
		sim.vobiz.receiveMessage({ text: 'new 2' });
		const second = (
			await call<MessagesPage>(sim, 'vobiz', 'GET', messagesPath(), {
				headers: auth,
				query: { limit: 20, cursor: String(first.next_cursor) },
			})
		).body;
		const history = sim.vobiz
			.history(sim.vobiz.conversationUuid(newest()))
			.reverse()
			.map((m) => sim.vobiz.messageUuid(m));
		const at = history.indexOf(String(first.items[19].id));
		expect(second.items.map((m) => m.id)).toEqual(history.slice(at + 1, at + 21));
	});

	it('legacy base /v1/messaging: {data, meta} conversations and {data, cursor} messages', async () => {
		const legacy = `${sim.origins.vobiz}/v1/messaging`;
		const conversations = (await (
			await fetch(`${legacy}/conversations`, { headers: auth })
		).json()) as { data: unknown[]; meta: unknown };
		expect(conversations.meta).toEqual({ total: 3, page: 1 });
		expect(
			shapeDifferences(conversations.data[0], fx.legacyConversations.data[0], {
				nullable: ['last_message'],
			}),
		).toEqual([]);
		const page = (await (
			await fetch(`${legacy}/conversations/${sim.vobiz.conversationUuid(newest())}/messages`, {
				headers: auth,
			})
		).json()) as { data: Array<Record<string, unknown>>; cursor: string };
		expect(Object.keys(page).sort()).toEqual(['cursor', 'data']);
		expect(
			shapeDifferences(page.data[0], fx.legacyMessagesPage.data[0], { nullable: ['body'] }),
		).toEqual([]);
		const next = (await (
			await fetch(
				`${legacy}/conversations/${sim.vobiz.conversationUuid(newest())}/messages?cursor=${page.cursor}`,
				{ headers: auth },
			)
		).json()) as { data: Array<{ id: string }> };
		expect(next.data[0].id).toBe(page.cursor);
	});
});

describe('§2.4.3 send, §2.4.5 webhooks, §2.5 signed deliveries', () => {
	beforeAll(async () => {
		const created = await call<Record<string, unknown>>(sim, 'vobiz', 'POST', '/webhooks', {
			headers: auth,
			body: { url: receiver.url, secret: SECRET },
		});
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			id: expect.stringMatching(FORMATS.uuid),
			url: receiver.url,
			status: 'active',
			created_at: expect.stringMatching(FORMATS.rfc3339),
			updated_at: expect.stringMatching(FORMATS.rfc3339),
		});
	});

	const verify = (raw: string, signature: unknown) =>
		createHmac('sha256', SECRET).update(raw).digest('hex') === signature;

	it('POST /messages: 201 Message, status pending, meta_message_id null; then sent → delivered → read, signed', async () => {
		const sent = await call<Record<string, unknown>>(sim, 'vobiz', 'POST', '/messages', {
			headers: auth,
			body: sendBody(),
		});
		expect(sent.status).toBe(201);
		expect(shapeDifferences(sent.body, fx.outboundText, { nullable: ['meta_message_id'] })).toEqual(
			[],
		);
		expect(sent.body).toMatchObject({
			direction: 'outbound',
			type: 'text',
			status: 'pending',
			meta_message_id: null,
			content: '{"body":"Hello from Vobiz!"}',
		});
		await sim.webhooksIdle();
		const before = sim.webhookDeliveries('vobiz').length;
		expect(sim.vobiz.progressStatus(String(sent.body.id), { to: 'read' })).toEqual([
			'sent',
			'delivered',
			'read',
		]);
		await sim.webhooksIdle();
		const deliveries = sim.webhookDeliveries('vobiz').slice(before);
		const wamid = (
			await call<MessagesPage>(sim, 'vobiz', 'GET', messagesPath(), {
				headers: auth,
				query: { limit: 1 },
			})
		).body.items[0].meta_message_id;
		expect(wamid).toMatch(FORMATS.wamid);
		const statuses = deliveries.map((d) => {
			const body = JSON.parse(d.body) as {
				event_type: string;
				payload: {
					entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }>;
				};
			};
			expect(Object.keys(body).sort()).toEqual([
				'account_id',
				'event_id',
				'event_type',
				'occurred_at',
				'payload',
			]);
			expect(d.headers['X-Webhook-Event']).toBe('message.status');
			expect(verify(d.body, d.headers['X-Webhook-Signature'])).toBe(true);
			return body.payload.entry[0].changes[0].value.statuses;
		});
		expect(statuses.map((s) => s.map((x) => x.status))).toEqual([
			['sent'],
			['delivered'],
			['read'],
		]);
		expect(statuses[0][0]).toEqual({
			id: wamid,
			status: 'sent',
			recipient_id: newest().contact.phone,
			timestamp: expect.stringMatching(FORMATS.unixSecondsString),
		});
		const received = receiver.received.find((r) => r.rawBody === deliveries[0].body);
		expect(received?.headers['x-webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
	});

	it('one delivery may carry several statuses (§2.5)', async () => {
		const sent = await call<{ id: string }>(sim, 'vobiz', 'POST', '/messages', {
			headers: auth,
			body: sendBody(),
		});
		const before = sim.webhookDeliveries('vobiz').length;
		sim.vobiz.progressStatus(sent.body.id, { to: 'read', oneDelivery: true });
		const [delivery, ...rest] = sim.webhookDeliveries('vobiz').slice(before);
		expect(rest).toEqual([]);
		expect(delivery.body).toContain('"statuses":[{');
		expect(
			(
				JSON.parse(delivery.body) as {
					payload: {
						entry: Array<{ changes: Array<{ value: { statuses: Array<{ status: string }> } }> }>;
					};
				}
			).payload.entry[0].changes[0].value.statuses.map((s) => s.status),
		).toEqual(['sent', 'delivered', 'read']);
	});

	it('an incoming message is a signed message.inbound with the Meta object: wa_id digits, seconds as a string', async () => {
		const before = sim.webhookDeliveries('vobiz').length;
		sim.vobiz.receiveMessage({ text: 'Hi, is my order shipped?' });
		const [delivery] = sim.webhookDeliveries('vobiz').slice(before);
		const body = JSON.parse(delivery.body) as {
			event_type: string;
			payload: {
				object: string;
				entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
			};
		};
		expect(body.event_type).toBe('message.inbound');
		const value = body.payload.entry[0].changes[0].value;
		expect(value.contacts).toEqual([
			{ wa_id: newest().contact.phone, profile: { name: newest().contact.name } },
		]);
		expect(value.messages).toEqual([
			{
				from: newest().contact.phone,
				id: expect.stringMatching(FORMATS.wamid),
				timestamp: expect.stringMatching(FORMATS.unixSecondsString),
				type: 'text',
				text: { body: 'Hi, is my order shipped?' },
			},
		]);
		expect(verify(delivery.body, delivery.headers['X-Webhook-Signature'])).toBe(true);
	});

	it('refuses bad sends: 400 with the field, 403 for another channel', async () => {
		const bad = await call<{
			error: { code: string; details: { errors: Array<{ field: string }> } };
		}>(sim, 'vobiz', 'POST', '/messages', {
			headers: auth,
			body: sendBody({ to: newest().contact.phone }),
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.errors[0].field).toBe('to');
		expect(
			(
				await call(sim, 'vobiz', 'POST', '/messages', {
					headers: auth,
					body: sendBody({ type: 'location' }),
				})
			).status,
		).toBe(400);
		expect(
			(
				await call(sim, 'vobiz', 'POST', '/messages', {
					headers: auth,
					body: sendBody({ channel_id: '00000000-0000-4000-8000-000000000000' }),
				})
			).status,
		).toBe(403);
	});

	it('/webhooks CRUD: list, https only, delete → 204', async () => {
		const list = await call<{ items: Array<{ id: string }> }>(sim, 'vobiz', 'GET', '/webhooks', {
			headers: auth,
		});
		expect(list.body.items).toHaveLength(1);
		expect(
			(
				await call(sim, 'vobiz', 'POST', '/webhooks', {
					headers: auth,
					body: { url: 'http://example.com/hook', secret: 'x' },
				})
			).status,
		).toBe(400);
		expect(
			(
				await call(sim, 'vobiz', 'POST', '/webhooks', {
					headers: auth,
					body: { url: 'https://example.com/hook' },
				})
			).status,
		).toBe(400);
		const extra = await call<{ id: string }>(sim, 'vobiz', 'POST', '/webhooks', {
			headers: auth,
			body: { url: 'https://example.com/hook', secret: 'x' },
		});
		expect(
			(await call(sim, 'vobiz', 'DELETE', `/webhooks/${extra.body.id}`, { headers: auth })).status,
		).toBe(204);
		expect(
			(await call(sim, 'vobiz', 'DELETE', `/webhooks/${extra.body.id}`, { headers: auth })).status,
		).toBe(404);
	});

	it('GET /contacts?page=1&limit=1 (the credential test): {items, total, page, limit, has_more}', async () => {
		const { status, body } = await call<{ items: Array<Record<string, unknown>> }>(
			sim,
			'vobiz',
			'GET',
			'/contacts',
			{ headers: auth, query: { page: 1, limit: 1 } },
		);
		expect(status).toBe(200);
		expect(body).toEqual({
			items: [expect.any(Object)],
			total: 3,
			page: 1,
			limit: 1,
			has_more: true,
		});
		expect(Object.keys(body.items[0]).sort()).toEqual([
			'account_id',
			'created_at',
			'custom_attributes',
			'id',
			'last_active_at',
			'name',
			'phone_number',
			'tags',
			'updated_at',
		]);
		expect(body.items[0].phone_number).toMatch(/^\+\d+$/);
	});

	it('outside the 24-hour window a free-form send is accepted, then fails by webhook with Meta 131047 (§2.4.3)', async () => {
		sim.advanceClock(25 * 3600 * 1000);
		const sent = await call<{ id: string; status: string }>(sim, 'vobiz', 'POST', '/messages', {
			headers: auth,
			body: sendBody(),
		});
		expect(sent).toMatchObject({ status: 201, body: { status: 'pending' } });
		const before = sim.webhookDeliveries('vobiz').length;
		expect(sim.vobiz.progressStatus(sent.body.id)).toEqual(['failed']);
		const [delivery] = sim.webhookDeliveries('vobiz').slice(before);
		expect(delivery.body).toContain('"status":"failed"');
		expect(delivery.body).toContain('"errors":[{"code":131047,"title":"Re-engagement message"');
		const template = await call<{ id: string }>(sim, 'vobiz', 'POST', '/messages', {
			headers: auth,
			body: sendBody({
				type: 'template',
				text: undefined,
				template: { name: 'order_update', language: { code: 'en_US' } },
			}),
		});
		expect(sim.vobiz.progressStatus(template.body.id, { to: 'read' })).toEqual([
			'sent',
			'delivered',
			'read',
		]);
	});
});
