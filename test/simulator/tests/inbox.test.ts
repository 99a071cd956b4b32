import { createHmac } from 'node:crypto';

import * as fx from '../../fixtures/inbox';
import { startSimulator, type Simulator } from '../index';
import { WebhookReceiver } from '../receiver';
import { call, FORMATS, shapeDifferences } from './spec';

/** The inbox API simulator against docs/providers.md §4 and docs/providers.md §4.3, over raw HTTP. */

const SECRET = 'inbox-webhook-secret';
let sim: Simulator;
let receiver: WebhookReceiver;
let auth: Record<string, string>;

beforeAll(async () => {
	receiver = await new WebhookReceiver().start();
	sim = await startSimulator({
		seed: { chats: 5, messagesPerChat: 150 },
		statusStepMs: null,
		inbox: { webhook: { url: receiver.url, secret: SECRET } },
	});
	auth = { Authorization: `Bearer ${sim.inbox.apiKey}` };
});
afterAll(async () => {
	await sim.close();
	await receiver.close();
});

const newest = () => sim.inbox.conversationFor();
type Page = { data: Array<Record<string, unknown>>; total: number; page: number; hasNext: boolean };
const messages = (query: Record<string, string | number>) =>
	call<Page>(sim, 'inbox', 'GET', '/api/whatsapp/messages', { headers: auth, query });

describe('§4.2 authentication [ASSUMPTION]', () => {
	it('Bearer or X-API-Key; 401 {success:false, error, details:{code,title}} otherwise', async () => {
		expect(
			(await call(sim, 'inbox', 'GET', '/api/whatsapp/conversations', { headers: auth })).status,
		).toBe(200);
		expect(
			(
				await call(sim, 'inbox', 'GET', '/api/whatsapp/conversations', {
					headers: { 'X-API-Key': sim.inbox.apiKey },
				})
			).status,
		).toBe(200);
		expect(await call(sim, 'inbox', 'GET', '/api/whatsapp/conversations')).toMatchObject({
			status: 401,
			body: fx.unauthorized,
		});
	});
});

describe('§4.3.4 conversations [ASSUMPTION]', () => {
	it('{data, total, page, hasNext} with page numbers; the documented conversation fields', async () => {
		const page = async (n: number) =>
			(
				await call<Page>(sim, 'inbox', 'GET', '/api/whatsapp/conversations', {
					headers: auth,
					query: { limit: 2, page: n },
				})
			).body;
		const pages = [await page(1), await page(2), await page(3)];
		expect(pages.map((p) => [p.data.length, p.total, p.page, p.hasNext])).toEqual([
			[2, 5, 1, true],
			[2, 5, 2, true],
			[1, 5, 3, false],
		]);
		for (const c of pages.flatMap((p) => p.data)) {
			expect(
				shapeDifferences(c, fx.conversationsPage.data[0], {
					nullable: ['contactName', 'lastMessageAt', 'lastMessagePreview'],
				}),
			).toEqual([]);
			expect(c.contactPhone).toMatch(/^\+\d+$/);
		}
		expect(pages[0].data[0].id).toBe(sim.inbox.conversationKey(newest()));
		expect(
			(
				await call(sim, 'inbox', 'GET', '/api/whatsapp/conversations', {
					headers: auth,
					query: { limit: 101 },
				})
			).status,
		).toBe(400);
	});
});

describe('§4.3.1 messages [GIVEN]', () => {
	it('records and content shapes exactly as the seed; ISO timestamps; senderId the contact inbound, null outbound', async () => {
		const { body } = await messages({
			conversationId: sim.inbox.conversationKey(newest()),
			limit: 100,
		});
		expect(Object.keys(body).sort()).toEqual(Object.keys(fx.messagesPage).sort());
		const contentKeys: Record<string, string[]> = {
			text: ['text'],
			document: Object.keys(fx.documentContent),
			location: Object.keys(fx.locationContent),
			audio: ['mimeType', 'url'],
		};
		for (const m of body.data) {
			expect(shapeDifferences(m, fx.messagesPage.data[0], { nullable: ['senderId'] })).toEqual([]);
			expect(m.timestamp).toMatch(FORMATS.isoMillis);
			expect(m.senderId).toBe(m.direction === 'inbound' ? sim.inbox.contactKey(newest()) : null);
			if (contentKeys[String(m.type)])
				expect(Object.keys(m.content as object).sort()).toEqual(contentKeys[String(m.type)].sort());
			if (m.type === 'image')
				expect(
					Object.keys(m.content as object)
						.filter((k) => k !== 'caption')
						.sort(),
				).toEqual(['mimeType', 'url']);
		}
		expect(new Set(body.data.map((m) => m.type))).toEqual(
			new Set(['text', 'image', 'audio', 'document', 'location']),
		);
	});

	it('newest first; `before=<oldest id of the page>` walks back to hasNext false', async () => {
		const conversationId = sim.inbox.conversationKey(newest());
		const expected = sim.inbox
			.history(conversationId)
			.reverse()
			.map((m) => sim.inbox.vendorMessageId(m));
		const ids: string[] = [];
		let before: string | undefined;
		for (let i = 0; i < 5; i++) {
			const { body } = await messages({ conversationId, limit: 40, ...(before ? { before } : {}) });
			ids.push(...body.data.map((m) => String(m.id)));
			expect(body.total).toBe(expected.length);
			if (!body.hasNext) break;
			before = String(body.data[body.data.length - 1].id);
		}
		expect(ids).toEqual(expected);
	});

	it('400 without conversationId, 404 for an unknown conversation or before id', async () => {
		expect((await messages({})).status).toBe(400);
		expect((await messages({ conversationId: 'conv_unknown' })).status).toBe(404);
		expect(
			(
				await messages({
					conversationId: sim.inbox.conversationKey(newest()),
					before: 'msg_unknown',
				})
			).status,
		).toBe(404);
	});
});

describe('§4.3.2 send, §4.3.3 errors, §4.3.5 webhooks [ASSUMPTION]', () => {
	const verify = (raw: string, signature: unknown) =>
		createHmac('sha256', SECRET).update(raw).digest('hex') === signature;

	it('text send answers {success, data:{vendorMessageId, waMessageId, status, conversationId, contactId}}; it joins the history', async () => {
		const sent = await call<{ success: boolean; data: Record<string, unknown> }>(
			sim,
			'inbox',
			'POST',
			'/api/whatsapp/messages/send',
			{
				headers: auth,
				body: {
					to: `+${newest().contact.phone}`,
					type: 'text',
					text: 'Hello! How can I help you?',
				},
			},
		);
		expect(sent.body).toEqual({
			success: true,
			data: {
				vendorMessageId: expect.stringMatching(/^msg_/),
				waMessageId: expect.stringMatching(FORMATS.wamid),
				status: 'sent',
				conversationId: sim.inbox.conversationKey(newest()),
				contactId: sim.inbox.contactKey(newest()),
			},
		});
		const [latest] = (
			await messages({ conversationId: sim.inbox.conversationKey(newest()), limit: 1 })
		).body.data;
		expect(latest).toMatchObject({
			id: sent.body.data.vendorMessageId,
			waMessageId: sent.body.data.waMessageId,
			direction: 'outbound',
			type: 'text',
			content: { text: 'Hello! How can I help you?' },
			status: 'sent',
			senderId: null,
		});
	});

	it('the seed’s error bodies: 400 missing `to`, 404 unknown contact, 502 131047 outside the window', async () => {
		const send = (body: unknown) =>
			call(sim, 'inbox', 'POST', '/api/whatsapp/messages/send', { headers: auth, body });
		expect(await send({ type: 'text', text: 'x' })).toMatchObject({
			status: 400,
			body: { success: false, error: 'Missing required field: to' },
		});
		expect(await send({ to: '+15550000000', type: 'text', text: 'x' })).toMatchObject({
			status: 404,
			body: { success: false, error: 'Contact not found for the given phone number' },
		});
		const stale = sim.inbox.store.byRecency()[4];
		sim.advanceClock(25 * 3600 * 1000);
		expect(
			await send({
				to: `+${stale.contact.phone}`,
				type: 'image',
				image: { url: 'https://example.com/p.jpg' },
			}),
		).toMatchObject({ status: 502, body: fx.reengagement });
		expect(
			(
				await send({
					to: `+${stale.contact.phone}`,
					type: 'template',
					template: { name: 'order_update', language: 'en' },
				})
			).status,
		).toBe(200);
	});

	it('webhooks: message.received and message.status, X-Signature = hex HMAC-SHA256 of the raw body', async () => {
		await sim.webhooksIdle();
		receiver.received.length = 0;
		const incoming = sim.inbox.receiveMessage({ text: 'Is it shipped?' });
		const sent = sim.inbox
			.history(sim.inbox.conversationKey(newest()))
			.filter((m) => m.direction === 'outbound' && !m.seeded)[0];
		sim.inbox.progressStatus(sim.inbox.vendorMessageId(sent));
		await receiver.waitFor(2);
		const byEvent = Object.fromEntries(
			receiver.received.map((r) => [(r.body as { event: string }).event, r]),
		);
		expect((byEvent['message.received'].body as { data: unknown }).data).toMatchObject({
			id: sim.inbox.vendorMessageId(incoming),
			direction: 'inbound',
			content: { text: 'Is it shipped?' },
		});
		expect((byEvent['message.status'].body as { data: unknown }).data).toEqual({
			vendorMessageId: sim.inbox.vendorMessageId(sent),
			waMessageId: expect.stringMatching(FORMATS.wamid),
			conversationId: sim.inbox.conversationKey(newest()),
			status: 'delivered',
			timestamp: expect.stringMatching(FORMATS.isoMillis),
		});
		for (const r of receiver.received)
			expect(verify(r.rawBody, r.headers['x-signature'])).toBe(true);
	});

	it('deliverRaw sends a chosen body once, signed, wrongly signed or unsigned', async () => {
		const body = { event: 'message.status', data: { vendorMessageId: 'msg_x', status: 'read' } };
		const [good] = await sim.inbox.deliverRaw(body);
		const [bad] = await sim.inbox.deliverRaw(body, { signature: 'invalid' });
		const [none] = await sim.inbox.deliverRaw(JSON.stringify(body), { signature: 'none' });
		expect([good.body, bad.body, none.body]).toEqual([
			JSON.stringify(body),
			JSON.stringify(body),
			JSON.stringify(body),
		]);
		expect(verify(good.body, good.headers['X-Signature'])).toBe(true);
		expect(bad.headers['X-Signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(verify(bad.body, bad.headers['X-Signature'])).toBe(false);
		expect(none.headers['X-Signature']).toBeUndefined();
		expect([good, bad, none].map((d) => [d.state, d.attempts.length])).toEqual([
			['delivered', 1],
			['delivered', 1],
			['delivered', 1],
		]);
	});
});
