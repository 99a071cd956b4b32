import { createHmac } from 'node:crypto';
import nock from 'nock';

import * as digital99 from '../fixtures/digital99-webhooks';
import * as vobiz from '../fixtures/vobiz-webhooks';
import { BASE, CREDENTIALS, FIXTURES, PROVIDERS } from '../fixtures/providers';
import {
	PRODUCTION_URL,
	TEST_URL,
	WEBHOOK_ID,
	startTrigger,
	type TriggerHarness,
} from './webhookHarness';

/**
 * The webhook lifecycle n8n runs on activation (checkExists, then create if needed) and deactivation
 * (delete), against nock: exactly these requests, with the credential's authentication, and nothing else.
 */

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

let trigger: TriggerHarness;
afterEach(async () => {
	expect(trigger.crashes).toEqual([]);
	await trigger.close();
});

const subscriptionState = () =>
	(trigger.staticData()['node:WhatsApp Trigger'] as { subscription?: object } | undefined)
		?.subscription;

describe('Vobiz: POST /webhooks with a generated secret, DELETE /webhooks/{id} (§2.4.5)', () => {
	const auth = {
		'x-auth-id': CREDENTIALS.vobiz.data.authId,
		'x-auth-token': CREDENTIALS.vobiz.data.authToken,
	};
	const SUBSCRIPTION = {
		id: '0e3c8a4f-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
		url: PRODUCTION_URL,
		status: 'active',
		created_at: '2026-03-25T10:00:00Z',
		updated_at: '2026-03-25T10:00:00Z',
	};

	it('activation: finds no subscription, creates one, and its secret is what deliveries are checked against', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		let created: Record<string, unknown> | undefined;
		const scope = nock(BASE.vobiz, { reqheaders: auth })
			.get('/webhooks')
			.reply(200, {
				items: [{ ...SUBSCRIPTION, id: 'someone-else', url: 'https://crm.example.com/hook' }],
			})
			.post('/webhooks', (body: Record<string, unknown>) => {
				created = body;
				return true;
			})
			.reply(201, SUBSCRIPTION);

		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(created).toEqual({
			url: PRODUCTION_URL,
			secret: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(subscriptionState()).toEqual({ subscriptionId: SUBSCRIPTION.id });
		const secret = String(created?.secret);
		expect(secret).not.toContain(CREDENTIALS.vobiz.data.authToken);
		expect(JSON.stringify(trigger.staticData())).not.toContain(secret);

		// Vobiz signs with the secret it was given: the Trigger accepts that, and only that.
		const body = JSON.stringify(vobiz.inbound);
		const sign = (key: string) => ({
			headers: { 'X-Webhook-Signature': createHmac('sha256', key).update(body).digest('hex') },
		});
		expect((await trigger.deliver(body, sign(secret))).status).toBe(200);
		expect((await trigger.deliver(body, sign(CREDENTIALS.vobiz.data.authToken))).status).toBe(401);
	});

	it('activation: a subscription for this URL already there is kept (no second one)', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		const scope = nock(BASE.vobiz, { reqheaders: auth })
			.get('/webhooks')
			.reply(200, { items: [SUBSCRIPTION] });
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(subscriptionState()).toEqual({ subscriptionId: SUBSCRIPTION.id });
	});

	it('deactivation: deletes the subscription and forgets it; one already gone (404) is fine', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		nock(BASE.vobiz)
			.get('/webhooks')
			.reply(200, { items: [SUBSCRIPTION] });
		await trigger.lifecycle('checkExists');
		const scope = nock(BASE.vobiz, { reqheaders: auth })
			.delete(`/webhooks/${SUBSCRIPTION.id}`)
			.reply(204);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(subscriptionState()).toBeUndefined();

		nock(BASE.vobiz)
			.get('/webhooks')
			.reply(200, { items: [SUBSCRIPTION] });
		await trigger.lifecycle('checkExists');
		const gone = nock(BASE.vobiz)
			.delete(`/webhooks/${SUBSCRIPTION.id}`)
			.reply(404, { status: 'error', error: { code: 'NOT_FOUND', message: 'Webhook not found' } });
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(gone.isDone()).toBe(true);
	});

	it('deactivation without a subscription sends nothing', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		expect(await trigger.lifecycle('delete')).toBe(true);
	});

	it('"Listen for test event" registers the test URL', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		let created: Record<string, unknown> | undefined;
		nock(BASE.vobiz)
			.post('/webhooks', (body: Record<string, unknown>) => {
				created = body;
				return true;
			})
			.reply(201, { ...SUBSCRIPTION, url: TEST_URL });
		await trigger.lifecycle('create', { test: true });
		expect(created?.url).toBe(TEST_URL);
	});

	it.each([
		'http://n8n.example.test:5678/webhook',
		'http://192.168.1.20:5678/webhook',
		'http://localhost.example.test/webhook',
		'http://127.0.0.1.nip.io/webhook',
	])(
		'refuses an http:// n8n that is not on loopback (%s) before asking Vobiz (HTTPS only)',
		async (webhookBase) => {
			trigger = await startTrigger('vobiz', { events: ['message'] }, { webhookBase });
			await expect(trigger.lifecycle('create')).rejects.toMatchObject({
				name: 'NodeOperationError',
				message: 'Vobiz only delivers webhooks to HTTPS URLs',
				description: expect.stringContaining(`${webhookBase}/`),
			});
		},
	);

	it.each([
		'http://localhost:5678/webhook',
		'http://127.0.0.1:5678/webhook',
		'http://127.8.9.10/webhook',
		'http://[::1]:5678/webhook',
	])(
		'lets an http:// n8n on loopback (%s) through to Vobiz, which answers for itself',
		async (webhookBase) => {
			trigger = await startTrigger('vobiz', { events: ['message'] }, { webhookBase });
			let created: Record<string, unknown> | undefined;
			const scope = nock(BASE.vobiz, { reqheaders: auth })
				.post('/webhooks', (body: Record<string, unknown>) => {
					created = body;
					return true;
				})
				.reply(201, SUBSCRIPTION);
			expect(await trigger.lifecycle('create')).toBe(true);
			expect(scope.isDone()).toBe(true);
			expect(created?.url).toBe(`${webhookBase}/${WEBHOOK_ID}/webhook`);
		},
	);

	it('an unreachable Vobiz fails the activation saying where it tried', async () => {
		// Nothing listens on port 9 of this machine: a real connection refusal.
		const baseUrl = 'http://127.0.0.1:9/api/v1/messaging';
		trigger = await startTrigger('vobiz', { events: ['message'] }, { credentialData: { baseUrl } });
		await expect(trigger.lifecycle('checkExists')).rejects.toMatchObject({
			name: 'NodeApiError',
			message: `Could not reach Vobiz at ${baseUrl}: the connection was refused`,
			description: 'Check the Base URL of the credential and that the service is up.',
		});
	});

	it('an error from Vobiz fails the activation with a clear message and no secret', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		nock(BASE.vobiz)
			.get('/webhooks')
			.reply(401, {
				status: 'error',
				error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' },
			});
		const error = await trigger.lifecycle('checkExists').catch((e: unknown) => e);
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Vobiz: the credentials were rejected (HTTP 401)',
			httpCode: '401',
		});
		expect(JSON.stringify(error)).not.toContain(CREDENTIALS.vobiz.data.authToken);
	});
});

describe('99digital: setWebhook, putting the previous URL back on delete (§3.3.3)', () => {
	const credentials = {
		apiKey: CREDENTIALS.digital99.data.apiKey,
		from: CREDENTIALS.digital99.data.from,
	};
	const previous = digital99.getWebhook;
	const setOk = (body: Record<string, unknown>) => ({
		status: 'OK',
		url: body.url,
		system: '1',
		systemPhoneAlert: '',
		retry: body.retry,
		readStatus: body.readStatus,
		reason: 1,
	});

	it("activation replaces the number's webhook, with read statuses for acks and retries on; deactivation restores it", async () => {
		trigger = await startTrigger('digital99', { events: ['message', 'message.ack'] });
		const sent: Array<Record<string, unknown>> = [];
		const record = (body: Record<string, unknown>) => sent.push(body) > 0;
		let current: Record<string, unknown> = previous;
		nock(BASE.digital99)
			.post('/getWebhook', record)
			.times(4)
			.reply(200, () => current)
			.post('/setWebhook', record)
			.times(2)
			.reply(200, (_uri, body) => {
				current = setOk(body as Record<string, unknown>);
				return current;
			});

		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(subscriptionState()).toEqual({
			previousUrl: 'https://crm.example.com/whatsapp-hook',
			previousReadStatus: 1,
			previousRetry: 1,
		});
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(subscriptionState()).toBeUndefined();

		expect(sent).toEqual([
			credentials, // checkExists: getWebhook
			credentials, // create: getWebhook (what to put back later)
			{ url: PRODUCTION_URL, readStatus: 1, retry: 1, ...credentials },
			credentials, // checkExists again: ours, with read statuses
			credentials, // delete: still ours?
			{ url: 'https://crm.example.com/whatsapp-hook', readStatus: 1, retry: 1, ...credentials },
		]);
	});

	it('message only: no read-status notifications; a registration without the wanted readStatus is redone', async () => {
		trigger = await startTrigger('digital99', { events: ['message'] });
		nock(BASE.digital99)
			.post('/getWebhook')
			.reply(200, { ...previous, url: PRODUCTION_URL, readStatus: 1 });
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		let set: Record<string, unknown> | undefined;
		nock(BASE.digital99)
			.post('/getWebhook')
			.reply(200, { ...previous, url: PRODUCTION_URL, readStatus: 1 })
			.post('/setWebhook', (body: Record<string, unknown>) => {
				set = body;
				return true;
			})
			.reply(200, { status: 'OK', reason: 1 });
		await trigger.lifecycle('create');
		expect(set).toEqual({ url: PRODUCTION_URL, readStatus: 0, retry: 1, ...credentials });
		// It was already ours: deactivation clears it rather than "restoring" our own URL.
		expect(subscriptionState()).toEqual({
			previousUrl: '',
			previousReadStatus: 1,
			previousRetry: 1,
		});
	});

	it('with a Webhook Secret, the registered URL carries it as ?token=', async () => {
		trigger = await startTrigger(
			'digital99',
			{ events: ['message'] },
			{ credentialData: { webhookSecret: 'd99-hook-secret' } },
		);
		let set: Record<string, unknown> | undefined;
		nock(BASE.digital99)
			.post('/getWebhook')
			.reply(200, previous)
			.post('/setWebhook', (body: Record<string, unknown>) => {
				set = body;
				return true;
			})
			.reply(200, { status: 'OK', reason: 1 });
		await trigger.lifecycle('create');
		expect(set?.url).toBe(`${PRODUCTION_URL}?token=d99-hook-secret`);
	});

	it('deactivation leaves alone a webhook someone else has set since', async () => {
		trigger = await startTrigger('digital99', { events: ['message'] });
		nock(BASE.digital99)
			.post('/getWebhook')
			.reply(200, previous)
			.post('/setWebhook')
			.reply(200, { status: 'OK', reason: 1 });
		await trigger.lifecycle('create');
		const scope = nock(BASE.digital99)
			.post('/getWebhook')
			.reply(200, { ...previous, url: 'https://other.example.com/hook' });
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(subscriptionState()).toBeUndefined();
	});

	it("a FAIL answer (HTTP 200) fails the activation with 99digital's reason", async () => {
		trigger = await startTrigger('digital99', { events: ['message'] });
		nock(BASE.digital99).post('/getWebhook').reply(200, { status: 'FAIL', reason: 3 });
		await expect(trigger.lifecycle('checkExists')).rejects.toMatchObject({
			name: 'NodeApiError',
			message: '99digital refused the request: the API key is wrong',
		});
	});
});

describe('providers whose webhook URL is entered by hand (no subscription API)', () => {
	it.each(PROVIDERS.filter((provider) => FIXTURES[provider].webhookSetup === 'entered by hand'))(
		'%s: every lifecycle step succeeds without a request',
		async (provider) => {
			trigger = await startTrigger(provider, { events: ['message'] });
			// nock refuses any request: none may be sent.
			expect(await trigger.lifecycle('checkExists')).toBe(true);
			expect(await trigger.lifecycle('create')).toBe(true);
			expect(await trigger.lifecycle('delete')).toBe(true);
			expect(trigger.staticData()).toEqual({});
		},
	);
});
