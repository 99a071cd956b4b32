import * as fx from '../../fixtures/digital99';
import { startSimulator, type Simulator } from '../index';
import { WebhookReceiver } from '../receiver';
import { call, FORMATS, shapeDifferences } from './spec';

/** The 99digital simulator against docs/providers.md §3 (checklist §3.7), over raw HTTP. */

let sim: Simulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
	receiver = await new WebhookReceiver().start();
	// 99digital retries after 5 min, 20 min, …: at 1/1000 speed that is 300 ms, 1.2 s, …
	sim = await startSimulator({
		seed: { chats: 3, messagesPerChat: 120 },
		statusStepMs: null,
		webhookTimeScale: 0.001,
	});
});
afterAll(async () => {
	await sim.close();
	await receiver.close();
});

const newest = () => sim.digital99.conversationFor();
const post = <T = unknown>(route: string, body: Record<string, unknown> = {}) =>
	call<T>(sim, 'digital99', 'POST', `/${route}`, {
		body: { apiKey: sim.digital99.apiKey, from: sim.digital99.business, ...body },
	});
type Row = Record<string, unknown>;

describe('§3.2 credentials in the body, §3.6 errors as HTTP 200 FAIL', () => {
	it('a wrong apiKey is 200 {"status":"FAIL","reason":3}; a wrong business number reason 2; every route is POST', async () => {
		expect(await post('getHistory', { apiKey: 'wrong', page: 1 })).toMatchObject({
			status: 200,
			body: fx.wrongApiKey,
		});
		expect(await post('getWebhook', { from: '972000000000' })).toMatchObject({
			status: 200,
			body: { status: 'FAIL', reason: 2 },
		});
		expect((await call(sim, 'digital99', 'GET', '/getHistory')).status).toBe(404);
	});
});

describe('§3.3.1 getHistory', () => {
	it('a bare array of the documented records: string unix seconds, direction "1"/"2", types by direction', async () => {
		const { body } = await post<Row[]>('getHistory', { to: newest().contact.phone, page: 1 });
		expect(body).toHaveLength(50);
		for (const row of body) {
			expect(
				shapeDifferences(
					row,
					fx.historyPage[0],
					row.reason !== undefined ? { extra: { reason: 'number' } } : {},
				),
			).toEqual([]);
			expect(row.timestamp).toMatch(FORMATS.unixSecondsString);
			expect(row.unique).toMatch(/^3EB0[0-9A-F]{16}$/);
			if (row.direction === '1')
				expect(['chat', 'image', 'audio', 'video', 'location', 'ptt', 'document']).toContain(
					row.type,
				);
			else expect(['chat', 'file', 'location', 'ptt']).toContain(row.type);
			if (row.type === 'location') expect(row.message).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/);
			if (row.direction === '1')
				expect(row).toMatchObject({
					from: newest().contact.phone,
					to: sim.digital99.business,
					state: 0,
				});
		}
	});

	it('50 per page, page 1 the newest, to the end with a short page; without `to`, the whole account', async () => {
		const expected = sim.digital99
			.history(newest().contact.phone)
			.reverse()
			.map((m) => sim.digital99.unique(m));
		const pages: Row[][] = [];
		for (let page = 1; page <= 4; page++)
			pages.push((await post<Row[]>('getHistory', { to: newest().contact.phone, page })).body);
		expect(pages.map((p) => p.length)).toEqual([50, 50, 20, 0]);
		expect(pages.flat().map((r) => r.unique)).toEqual(expected);
		const account = (await post<Row[]>('getHistory', { page: 1 })).body;
		expect(account.map((r) => r.unique)).toEqual(
			sim.digital99.store.timeline
				.slice(-50)
				.reverse()
				.map((m) => sim.digital99.unique(m)),
		);
		expect(new Set(account.map((r) => (r.direction === '1' ? r.from : r.to))).size).toBe(3);
		expect(await post('getHistory', {})).toMatchObject({ status: 200, body: { status: 'FAIL' } });
	});
});

describe('§3.3.2 sends', () => {
	it('sendMessage: {status:"OK", unique, …, timestamp (integer), reason: 1}; it is in the history as outgoing, state 1', async () => {
		const sent = await post<Row>('sendMessage', {
			to: newest().contact.phone,
			body: 'Your order shipped',
		});
		expect(sent.body).toEqual({
			status: 'OK',
			unique: expect.stringMatching(/^3EB0/),
			from: sim.digital99.business,
			to: newest().contact.phone,
			timestamp: expect.any(Number),
			reason: 1,
		});
		const [latest] = (await post<Row[]>('getHistory', { to: newest().contact.phone, page: 1 }))
			.body;
		expect(latest).toMatchObject({
			unique: sent.body.unique,
			direction: '2',
			type: 'chat',
			state: 1,
			message: 'Your order shipped',
			timestamp: String(sent.body.timestamp),
		});
	});

	it('sendFile is typed by extension (outgoing "file"), sendLocation writes "lat,lng"; v1 reasons 4 and 5', async () => {
		const file = await post<Row>('sendFile', {
			to: newest().contact.phone,
			body: 'https://example.com/p/photo.jpg',
			caption: 'Photo',
		});
		const location = await post<Row>('sendLocation', {
			to: newest().contact.phone,
			lat: '32.0853',
			lng: '34.7818',
			caption: 'Tel Aviv',
		});
		const rows = (await post<Row[]>('getHistory', { to: newest().contact.phone, page: 1 })).body;
		expect(rows.find((r) => r.unique === file.body.unique)).toMatchObject({
			type: 'file',
			message: 'https://example.com/p/photo.jpg',
		});
		expect(rows.find((r) => r.unique === location.body.unique)).toMatchObject({
			type: 'location',
			message: '32.0853,34.7818',
		});
		expect(
			(await post('sendFile', { to: newest().contact.phone, body: 'https://example.com/x.exe' }))
				.body,
		).toEqual({ status: 'FAIL', reason: 9 });
		expect((await post('sendMessage', { to: '+972-50', body: 'x' })).body).toEqual({
			status: 'FAIL',
			reason: 4,
		});
		expect((await post('sendMessage', { to: newest().contact.phone, body: '' })).body).toEqual({
			status: 'FAIL',
			reason: 5,
		});
	});
});

describe('§3.3.3 webhook settings, §3.4 payloads and retries', () => {
	it('setWebhook / getWebhook round trip with the documented fields', async () => {
		const set = await post<Row>('setWebhook', { url: receiver.url, readStatus: 1, retry: 1 });
		expect(set.body).toEqual({
			status: 'OK',
			url: receiver.url,
			system: 0,
			systemPhoneAlert: '',
			retry: 1,
			readStatus: 1,
			reason: 1,
		});
		expect((await post('getWebhook')).body).toEqual({
			status: 'OK',
			url: receiver.url,
			system: '0',
			systemPhoneAlert: '',
			retry: 1,
			readStatus: 1,
			reason: 1,
		});
	});

	it('an incoming message is posted with hook "new" and exactly the documented fields', async () => {
		const before = sim.webhookDeliveries('digital99').length;
		const message = sim.digital99.receiveMessage({ text: 'hello' });
		const [delivery] = sim.webhookDeliveries('digital99').slice(before);
		await delivery.settled;
		const body = JSON.parse(delivery.body) as Row;
		expect(Object.keys(body)).toEqual([
			'status',
			'hook',
			'unique',
			'from',
			'from_id',
			'username',
			'country',
			'phone',
			'to',
			'senderName',
			'type',
			'body',
			'caption',
			'isForwarded',
			'timestamp',
			'media',
			'quote',
			'quoteUnique',
			'profilePic',
			'conversationTimeLeft',
		]);
		expect(body).toMatchObject({
			status: 'OK',
			hook: 'new',
			unique: sim.digital99.unique(message),
			from: newest().contact.phone,
			from_id: expect.stringMatching(/^IL\.\d{16}$/),
			type: 'text',
			body: 'hello',
			media: false,
			timestamp: expect.stringMatching(FORMATS.unixSecondsString),
		});
		expect(delivery.state).toBe('delivered');
	});

	it('with readStatus=1, the flagged synthetic status bodies; with retry=1, the documented retry schedule', async () => {
		const before = sim.webhookDeliveries('digital99').length;
		const sent = await post<Row>('sendMessage', { to: newest().contact.phone, body: 'ping' });
		await sim.webhooksIdle();
		const [sentHook] = sim.webhookDeliveries('digital99').slice(before);
		expect(JSON.parse(sentHook.body)).toMatchObject({
			hook: 'status',
			unique: sent.body.unique,
			state: 'sent',
		});
		receiver.answers.push(500, 503);
		sim.digital99.progressStatus(String(sent.body.unique));
		const [, delivery] = sim.webhookDeliveries('digital99').slice(before);
		await delivery.settled;
		expect(JSON.parse(delivery.body)).toEqual({
			status: 'OK',
			hook: 'status',
			unique: sent.body.unique,
			from: sim.digital99.business,
			to: newest().contact.phone,
			state: 'delivered',
			timestamp: expect.stringMatching(FORMATS.unixSecondsString),
		});
		expect(delivery.headers['X-Simulator-Synthetic']).toContain('ASSUMPTION');
		// Immediately, then "after 5 min" (300 ms at this scale).
		expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
		expect(delivery.attempts[2].startedAt - delivery.attempts[1].startedAt).toBeGreaterThanOrEqual(
			290,
		);
		expect(delivery.state).toBe('delivered');
	});

	it('with retry=0 one attempt only; with readStatus=0 no status webhooks at all', async () => {
		await post('setWebhook', { retry: 0, readStatus: 0 });
		receiver.answers.push(500);
		const before = sim.webhookDeliveries('digital99').length;
		const message = sim.digital99.receiveMessage({ text: 'once' });
		const sent = await post<Row>('sendMessage', {
			to: newest().contact.phone,
			body: 'no status hooks',
		});
		sim.digital99.progressStatus(String(sent.body.unique), { to: 'read' });
		const deliveries = sim.webhookDeliveries('digital99').slice(before);
		expect(deliveries.map((d) => d.event)).toEqual(['new']);
		await deliveries[0].settled;
		expect(deliveries[0]).toMatchObject({
			state: 'failed',
			attempts: [expect.objectContaining({ status: 500 })],
		});
		expect(deliveries[0].body).toContain(sim.digital99.unique(message));
	});

	it('outside the 24-hour window a free-form send is FAIL reason 8 [ASSUMPTION §3.7]; a template still goes', async () => {
		sim.advanceClock(25 * 3600 * 1000);
		expect((await post('sendMessage', { to: newest().contact.phone, body: 'late' })).body).toEqual({
			status: 'FAIL',
			reason: 8,
		});
		expect(
			(
				await post('sendTemplate', {
					to: newest().contact.phone,
					name: 'order_update',
					bodyVariable1: 'ORD-1',
				})
			).body,
		).toMatchObject({ status: 'OK', reason: 1 });
	});
});
