import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

import {
	PROVIDER_NAMES,
	startSimulator,
	type ProviderName,
	type SimMessage,
	type Simulator,
} from '../index';
import { WebhookReceiver } from '../receiver';
import { call } from './spec';

/** What every provider shares: seeded data, disturbances in each provider's error shape, the request log, shutdown. */

function portRefuses(origin: string): Promise<boolean> {
	const { port } = new URL(origin);
	return new Promise((resolve) => {
		const socket = connect(Number(port), '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
	});
}

/** One cheap authenticated read per provider (each one's credential test request). */
function probe(sim: Simulator, provider: ProviderName) {
	const { data } = sim.credentials(provider);
	switch (provider) {
		case 'noxivo':
			return call(sim, provider, 'GET', '/api/v1/inbox/chats', {
				headers: { 'X-API-Key': data.apiKey },
				query: { limit: 1 },
			});
		case 'vobiz':
			return call(sim, provider, 'GET', '/contacts', {
				headers: { 'X-Auth-ID': data.authId, 'X-Auth-Token': data.authToken },
				query: { page: 1, limit: 1 },
			});
		case 'digital99':
			return call(sim, provider, 'POST', '/getWebhook', {
				body: { apiKey: data.apiKey, from: data.from },
			});
		case 'inbox':
			return call(sim, provider, 'GET', '/api/whatsapp/conversations', {
				headers: { Authorization: `Bearer ${data.apiKey}` },
				query: { limit: 1, page: 1 },
			});
	}
}

describe('seeded data', () => {
	it('the same seed gives the same history, ids and answers; another seed does not', async () => {
		const [a, b, c] = await Promise.all([
			startSimulator({ seed: { seed: 7, chats: 2, messagesPerChat: 40 } }),
			startSimulator({ seed: { seed: 7, chats: 2, messagesPerChat: 40 } }),
			startSimulator({ seed: { seed: 8, chats: 2, messagesPerChat: 40 } }),
		]);
		try {
			const view = (sim: Simulator) =>
				sim.vobiz.store.timeline.map((m) => [
					sim.vobiz.messageUuid(m),
					m.kind,
					m.direction,
					m.text,
					m.at,
					m.status,
				]);
			expect(view(a)).toEqual(view(b));
			expect(view(a)).not.toEqual(view(c));
			expect((await probe(a, 'inbox')).body).toEqual((await probe(b, 'inbox')).body);
		} finally {
			await Promise.all([a.close(), b.close(), c.close()]);
		}
	});

	it('chats × messages of mixed kinds, both directions, outbound statuses; unique increasing times; each chat ends inbound', async () => {
		const sim = await startSimulator({ seed: { chats: 3, messagesPerChat: 400 } });
		try {
			const { store } = sim.noxivo;
			expect(store.conversations.map((c) => c.messages.length)).toEqual([400, 400, 400]);
			expect(new Set(store.timeline.map((m) => m.kind))).toEqual(
				new Set(['text', 'image', 'voice', 'document', 'location']),
			);
			expect(new Set(store.timeline.map((m) => m.status))).toEqual(
				new Set([null, 'sent', 'delivered', 'read', 'played', 'failed']),
			);
			expect(store.timeline.every((m, i) => i === 0 || m.at > store.timeline[i - 1].at)).toBe(true);
			expect(store.conversations.map((c) => c.messages[c.messages.length - 1].direction)).toEqual([
				'inbound',
				'inbound',
				'inbound',
			]);
			expect(store.byRecency()[0]).toBe(store.conversations[0]);
		} finally {
			await sim.close();
		}
	});
});

describe('disturbances, each in the provider’s own error shape', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 10 } });
	});
	afterAll(async () => sim.close());
	afterEach(() => sim.disturbances.clear());

	const rateLimited: Record<ProviderName, unknown> = {
		noxivo: {
			statusCode: 429,
			error: 'Too Many Requests',
			message: 'Rate limit exceeded, retry in 7 seconds',
		},
		vobiz: expect.objectContaining({
			status: 'error',
			error: {
				code: 'RATE_LIMIT_EXCEEDED',
				message: 'Too many requests',
				details: { limitType: 'cps', limit: 10, current: 15, retryAfter: 7 },
			},
		}),
		digital99: { status: 'FAIL', reason: 6 },
		inbox: { success: false, error: 'Rate limit exceeded. Try again in 7 seconds.' },
	};

	it.each(PROVIDER_NAMES)(
		'%s: 429 with Retry-After for exactly the requests chosen (skip 1, times 2)',
		async (provider) => {
			sim.disturb({
				provider,
				skip: 1,
				times: 2,
				disturbance: { kind: 'rateLimit', retryAfterSeconds: 7 },
			});
			const answers = [];
			for (let i = 0; i < 4; i++) answers.push(await probe(sim, provider));
			expect(answers.map((a) => a.status)).toEqual([200, 429, 429, 200]);
			expect(answers[1].headers.get('retry-after')).toBe('7');
			expect(answers[1].body).toEqual(rateLimited[provider]);
		},
	);

	it('5xx in each provider’s shape; the business error (99digital: HTTP 200 with status FAIL)', async () => {
		for (const provider of PROVIDER_NAMES)
			sim.disturb({ provider, disturbance: { kind: 'serverError', status: 503 } });
		const errors = await Promise.all(PROVIDER_NAMES.map((p) => probe(sim, p)));
		expect(errors.map((e) => e.status)).toEqual([503, 503, 503, 503]);
		expect(errors.map((e) => e.body)).toEqual([
			{ error: 'Service Unavailable' },
			expect.objectContaining({
				status: 'error',
				error: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
			}),
			{ status: 'FAIL', reason: 6 },
			{ success: false, error: 'Internal server error' },
		]);
		for (const provider of PROVIDER_NAMES)
			sim.disturb({ provider, disturbance: { kind: 'providerError' } });
		const business = await Promise.all(PROVIDER_NAMES.map((p) => probe(sim, p)));
		expect(business.map((e) => [e.status, e.body])).toEqual([
			[409, { error: 'No active messaging session binding found' }],
			[
				402,
				expect.objectContaining({
					error: expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' }),
				}),
			],
			[200, { status: 'FAIL', reason: 6 }],
			[
				502,
				{
					success: false,
					error: 'WhatsApp API error: Message failed to send',
					details: { code: 131047, title: 'Re-engagement message' },
				},
			],
		]);
	});

	it.each(PROVIDER_NAMES)(
		'%s: echoRequest repeats the credential as sent, upper-cased, URL-encoded and base64, in the provider’s error shape',
		async (provider) => {
			const secret =
				Object.entries(sim.credentials(provider).data).find(
					([field]) => field === 'apiKey' || field === 'authToken',
				)?.[1] ?? '';
			sim.disturb({ provider, disturbance: { kind: 'echoRequest' } });
			const answer = await probe(sim, provider);
			expect(answer.status).toBe(400);
			const text = JSON.stringify(answer.body);
			const message = {
				noxivo: 'error',
				vobiz: 'error.message',
				digital99: 'message',
				inbox: 'error',
			}[provider];
			const said = message
				.split('.')
				.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], answer.body);
			expect(said).toEqual(expect.stringContaining(secret));
			expect(said).toEqual(expect.stringContaining(secret.toUpperCase()));
			expect(text).toContain(encodeURIComponent(secret).slice(0, 20));
			const seenAt = (s: string) =>
				Buffer.from(
					String(said).split(s)[1].split(';')[0].trim(),
					s === 'trace ' ? 'base64' : 'base64url',
				).toString('utf8');
			expect(seenAt('trace ')).toContain(secret);
			expect(seenAt('ref ')).toContain(secret);
			expect(sim.requests({ provider }).at(-1)?.disturbance).toBe('echoRequest(400)');
		},
	);

	it("repeatAnswer gives the endpoint's previous answer again, whatever page is asked for", async () => {
		const page = (n: number) =>
			call(sim, 'inbox', 'GET', '/api/whatsapp/conversations', {
				headers: { Authorization: `Bearer ${sim.credentials('inbox').data.apiKey}` },
				query: { limit: 1, page: n },
			});
		sim.disturb({
			provider: 'inbox',
			endpoint: 'GET /api/whatsapp/conversations',
			skip: 1,
			disturbance: { kind: 'repeatAnswer' },
		});
		const first = await page(1);
		const repeated = await page(2);
		const second = await page(2);
		expect(repeated.body).toEqual(first.body);
		expect(second.body).not.toEqual(first.body);
		expect(
			sim
				.requests({ provider: 'inbox' })
				.slice(-3)
				.map((r) => r.disturbance),
		).toEqual([null, 'repeatAnswer', null]);
	});

	it('slow answers and the request log: every request with endpoint, status and the disturbance applied', async () => {
		sim.log.clear();
		sim.disturb({
			provider: 'inbox',
			endpoint: 'GET /api/whatsapp/conversations',
			disturbance: { kind: 'slow', delayMs: 150 },
		});
		const started = Date.now();
		await probe(sim, 'inbox');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		await probe(sim, 'inbox');
		await call(sim, 'inbox', 'GET', '/api/whatsapp/nothing-here', {
			headers: { Authorization: 'Bearer x' },
		});
		expect(sim.requestCounts('inbox')).toEqual({
			'GET /api/whatsapp/conversations': 2,
			unmatched: 1,
		});
		expect(
			sim
				.requests({ provider: 'inbox' })
				.map((r) => [r.endpoint, r.status, r.disturbance, r.query]),
		).toEqual([
			['GET /api/whatsapp/conversations', 200, 'slow(150ms)', { limit: '1', page: '1' }],
			['GET /api/whatsapp/conversations', 200, null, { limit: '1', page: '1' }],
			['unmatched', 404, null, {}],
		]);
		expect(sim.requests({ provider: 'inbox' })[0].headers.authorization).toBe(
			`Bearer ${sim.inbox.apiKey}`,
		);
	});
});

interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** The bytes received, as text. */
	body: string;
}

/** One request with node:http itself (no fetch), so a reset or a short body shows as a client sees it on the wire. */
function rawCall(
	url: string,
	options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawAnswer> {
	const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			url,
			{
				method: options.method ?? 'GET',
				headers: { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
				agent: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

describe('connection faults, as a raw node:http client sees them', () => {
	let sim: Simulator;
	let receiver: WebhookReceiver;
	beforeAll(async () => {
		receiver = await new WebhookReceiver().start();
		sim = await startSimulator({
			seed: { chats: 2, messagesPerChat: 10 },
			statusStepMs: null,
			inbox: { webhook: { url: receiver.url, secret: 'whsec-core-test' } },
		});
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});
	afterEach(() => sim.disturbances.clear());

	const CONVERSATIONS = 'GET /api/whatsapp/conversations';
	const SEND = 'POST /api/whatsapp/messages/send';
	const auth = () => ({ Authorization: `Bearer ${sim.inbox.apiKey}` });
	const conversationsUrl = () => `${sim.origins.inbox}/api/whatsapp/conversations?limit=2&page=1`;
	const sendTo = (phone: string) =>
		rawCall(`${sim.origins.inbox}/api/whatsapp/messages/send`, {
			method: 'POST',
			headers: auth(),
			body: { to: `+${phone}`, type: 'text', text: 'Hello once' },
		});
	const phoneOf = (index: number) => sim.inbox.store.conversations[index].contact.phone;

	it('reset: the connection drops before the provider sees the request (ECONNRESET, nothing sent)', async () => {
		sim.log.clear();
		sim.disturb({ provider: 'inbox', endpoint: SEND, disturbance: { kind: 'reset' } });
		const before = sim.deliveryCounts('inbox');
		await expect(sendTo(phoneOf(0))).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(sim.deliveryCounts('inbox')).toEqual(before);
		expect(
			sim.requests({ provider: 'inbox' }).map((r) => [r.endpoint, r.status, r.disturbance]),
		).toEqual([[SEND, 0, 'reset']]);
		// The next request is answered normally.
		expect((await sendTo(phoneOf(0))).status).toBe(200);
		expect(sim.inbox.sentTo(phoneOf(0))).toHaveLength(1);
	});

	it('resetAfterProcessing: the send is stored, counted and its status webhook goes out; the client reads ECONNRESET', async () => {
		sim.log.clear();
		const phone = phoneOf(1);
		await sim.webhooksIdle();
		const webhooksBefore = receiver.received.length;
		sim.disturb({
			provider: 'inbox',
			endpoint: SEND,
			disturbance: { kind: 'resetAfterProcessing' },
		});
		await expect(sendTo(phone)).rejects.toMatchObject({ code: 'ECONNRESET' });
		const [sent] = sim.inbox.sentTo(phone);
		expect(sim.inbox.sentTo(`+${phone}`)).toEqual([sent]);
		expect(sim.deliveryCounts('inbox')[phone]).toBe(1);
		expect(sent).toMatchObject({ text: 'Hello once', status: 'sent' });
		await receiver.waitFor(webhooksBefore + 1);
		expect(receiver.received[webhooksBefore].body).toMatchObject({
			event: 'message.status',
			data: { vendorMessageId: sim.inbox.vendorMessageId(sent), status: 'sent' },
		});
		const [logged] = sim.requests({ provider: 'inbox' });
		expect([logged.status, logged.disturbance]).toEqual([0, 'resetAfterProcessing']);
		expect(logged.responseBody).toMatchObject({
			success: true,
			data: { vendorMessageId: sim.inbox.vendorMessageId(sent) },
		});
	});

	it('html200: status 200, text/html, a proxy’s page; the provider never processes it', async () => {
		sim.disturb({ provider: 'inbox', endpoint: SEND, disturbance: { kind: 'html200' } });
		const before = sim.deliveryCounts('inbox');
		const answer = await sendTo(phoneOf(0));
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(answer.body).toMatch(
			/^<!DOCTYPE html>[\s\S]*Service temporarily unavailable[\s\S]*<\/html>\n$/,
		);
		expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
		expect(sim.deliveryCounts('inbox')).toEqual(before);
		expect(sim.requests({ endpoint: SEND }).at(-1)?.disturbance).toBe('html200');
	});

	it('truncatedJson: the provider processes it; exactly the first half of its JSON arrives, Content-Length to match', async () => {
		const whole = await rawCall(conversationsUrl(), { headers: auth() });
		sim.disturb({
			provider: 'inbox',
			endpoint: CONVERSATIONS,
			disturbance: { kind: 'truncatedJson' },
		});
		const cut = await rawCall(conversationsUrl(), { headers: auth() });
		expect(cut.status).toBe(200);
		expect(cut.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(cut.body).toBe(whole.body.slice(0, Math.floor(whole.body.length / 2)));
		expect(cut.body.length).toBeGreaterThan(10);
		expect(Number(cut.headers['content-length'])).toBe(Buffer.byteLength(cut.body));
		expect(() => JSON.parse(cut.body) as unknown).toThrow(SyntaxError);

		const phone = phoneOf(0);
		const sentBefore = sim.inbox.sentTo(phone).length;
		sim.disturb({ provider: 'inbox', endpoint: SEND, disturbance: { kind: 'truncatedJson' } });
		const send = await sendTo(phone);
		expect(send.status).toBe(200);
		expect(send.body.startsWith('{"success":true')).toBe(true);
		expect(sim.inbox.sentTo(phone)).toHaveLength(sentBefore + 1);
		expect(sim.requests({ endpoint: SEND }).at(-1)?.disturbance).toBe('truncatedJson');
	});

	it('slow past a client timeout, then the page: a 429 and a 503 for the requests chosen', async () => {
		sim.disturb({
			provider: 'inbox',
			endpoint: CONVERSATIONS,
			disturbance: { kind: 'slow', delayMs: 300 },
		});
		const timedOut = new Promise<string>((resolve) => {
			const req = httpRequest(
				conversationsUrl(),
				{ headers: auth(), agent: false, timeout: 100 },
				() => resolve('answered'),
			);
			req.on('timeout', () => {
				req.destroy();
				resolve('timed out');
			});
			req.on('error', () => undefined);
			req.end();
		});
		expect(await timedOut).toBe('timed out');
		sim.disturb({
			provider: 'inbox',
			endpoint: CONVERSATIONS,
			disturbance: { kind: 'rateLimit', retryAfterSeconds: 1 },
		});
		sim.disturb({
			provider: 'inbox',
			endpoint: CONVERSATIONS,
			skip: 1,
			disturbance: { kind: 'serverError', status: 503 },
		});
		const answers = [
			await rawCall(conversationsUrl(), { headers: auth() }),
			await rawCall(conversationsUrl(), { headers: auth() }),
			await rawCall(conversationsUrl(), { headers: auth() }),
		];
		expect(answers.map((a) => a.status)).toEqual([429, 503, 200]);
		expect(answers[0].headers['retry-after']).toBe('1');
	});

	it('deliveryCounts: messages each recipient was sent, per provider, since the simulator started', async () => {
		const counts = sim.deliveryCounts('inbox');
		expect(counts).toEqual({ [phoneOf(0)]: sim.inbox.sentTo(phoneOf(0)).length, [phoneOf(1)]: 1 });
		expect(sim.deliveryCounts('vobiz')).toEqual({});
	});
});

describe('status progression and shutdown', () => {
	it('a send progresses on its own (statusStepMs) and closing stops it; no port stays open', async () => {
		const sim = await startSimulator({ seed: { chats: 1, messagesPerChat: 5 }, statusStepMs: 100 });
		let message: SimMessage | undefined;
		try {
			const { data } = sim.credentials('inbox');
			const sent = await call<{ data: { vendorMessageId: string } }>(
				sim,
				'inbox',
				'POST',
				'/api/whatsapp/messages/send',
				{
					headers: { Authorization: `Bearer ${data.apiKey}` },
					body: { to: `+${sim.inbox.conversationFor().contact.phone}`, type: 'text', text: 'Hi' },
				},
			);
			message = sim.inbox.message(sent.body.data.vendorMessageId);
			expect(message?.status).toBe('sent');
			for (let i = 0; i < 200 && message?.status === 'sent'; i++)
				await new Promise((r) => setTimeout(r, 5));
			expect(message?.status).toBe('delivered');
		} finally {
			await sim.close();
		}
		const statusAtClose = message?.status;
		await new Promise((r) => setTimeout(r, 250));
		expect(message?.status).toBe(statusAtClose);
		expect(await Promise.all(PROVIDER_NAMES.map((p) => portRefuses(sim.origins[p])))).toEqual([
			true,
			true,
			true,
			true,
		]);
	});

	it('closing settles webhook retries still waiting (99digital’s 24-hour schedule) at once', async () => {
		const receiver = await new WebhookReceiver().start();
		const sim = await startSimulator({
			seed: { chats: 1, messagesPerChat: 5 },
			digital99: { webhook: { url: receiver.url, retry: 1 } },
		});
		try {
			receiver.answers.push(500, 500);
			sim.digital99.receiveMessage({ text: 'retry me' });
			const [delivery] = sim.webhookDeliveries('digital99');
			// An attempt is logged when it starts; wait until the second one has its answer.
			for (
				let i = 0;
				i < 200 && (delivery.attempts.length < 2 || delivery.attempts[1].status === null);
				i++
			)
				await new Promise((r) => setTimeout(r, 10));
			expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500]);
			await sim.close();
			await expect(delivery.settled).resolves.toMatchObject({ state: 'pending' });
		} finally {
			await sim.close();
			await receiver.close();
		}
	});
});
