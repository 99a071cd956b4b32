import nock from 'nock';

import { NODE_NAME, runNode } from './package';
import { BASE, CREDENTIALS, FIXTURES } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * Secrets in whatever a user reads (issue 9): a provider that echoes a secret, in any encoding, into an
 * error or a record never gets it shown: not in the error, not in a log line, not in Include Raw.
 */

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Every way the tests below have a provider echo a value. */
const echoes = (secret: string) => [
	secret,
	secret.toUpperCase(),
	encodeURIComponent(`${secret}/&`),
	Buffer.from(`MA_TEST0001:${secret}`).toString('base64'),
	Buffer.from(`{"secret":"${secret}"}`).toString('base64url'),
];

/** The forms a leak would be found in: the secret itself, and its base64 inside a longer value. */
function leaks(text: string, secret: string): string[] {
	const lower = text.toLowerCase();
	return [secret, Buffer.from(secret).toString('base64').slice(4, -4)].filter((form) =>
		lower.includes(form.toLowerCase()),
	);
}

describe('the Vobiz subscription signing secret (derived from the Auth Token)', () => {
	let trigger: TriggerHarness;
	afterEach(async () => {
		expect(trigger.crashes).toEqual([]);
		await trigger.close();
	});

	it('is masked when Vobiz echoes the rejected subscription body in its error, in every encoding', async () => {
		trigger = await startTrigger('vobiz', { events: ['message'] });
		let secret = '';
		nock(BASE.vobiz)
			.post('/webhooks', (body: { secret: string }) => {
				secret = body.secret;
				return true;
			})
			.reply(422, () => ({
				status: 'error',
				error: {
					code: 'VALIDATION_ERROR',
					message: `Rejected subscription {"url":"…","secret":"${secret}"}`,
					details: {
						errors: echoes(secret).map((value) => ({
							field: 'secret',
							message: `${value} is not accepted`,
						})),
					},
				},
			}));
		const error = (await trigger.lifecycle('create').catch((e: unknown) => e)) as {
			message: string;
			description: string;
		};
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(error.message).toBe('Vobiz: the request did not pass validation (HTTP 422)');
		expect(error.description).toBe(
			'Vobiz said: VALIDATION_ERROR Rejected subscription {"url":"…","secret":"***"}; secret: *** is not accepted; secret: *** is not accepted; ' +
				'secret: ***%2F%26 is not accepted; secret: TUFfVEVTVDAwMDE6***Q== is not accepted; secret: eyJzZWNyZXQiOiI***In0 is not accepted',
		);
		expect(leaks(JSON.stringify(error), secret)).toEqual([]);
		expect(leaks(trigger.logs.join('\n'), secret)).toEqual([]);
	});
});

describe('Include Raw never carries a credential secret', () => {
	it('WhatsApp Messages: a record echoing the API key (plain, base64, URL-encoded) comes out masked', async () => {
		const apiKey = CREDENTIALS.inbox.data.apiKey;
		nock(BASE.inbox)
			.get('/api/whatsapp/messages')
			.query(true)
			.reply(200, {
				success: true,
				hasNext: false,
				data: [
					{
						id: 'msg_1',
						conversationId: FIXTURES.inbox.conversationId,
						direction: 'inbound',
						type: 'text',
						timestamp: '2026-03-17T14:20:00Z',
						content: { text: 'hello' },
						debug: {
							request: {
								headers: { authorization: `Bearer ${apiKey}` },
								url: `https://inbox.test/?key=${encodeURIComponent(apiKey)}`,
							},
							basic: Buffer.from(`u:${apiKey}`).toString('base64'),
						},
					},
				],
			});
		const result = await runNode('whatsAppMessages', 'inbox', {
			conversationId: FIXTURES.inbox.conversationId,
			returnAll: true,
			options: { includeRaw: true },
		});
		const [item] = result.output(NODE_NAME);
		expect(item).toMatchObject({
			id: 'msg_1',
			text: 'hello',
			raw: {
				id: 'msg_1',
				debug: {
					request: { headers: { authorization: 'Bearer ***' }, url: 'https://inbox.test/?key=***' },
				},
			},
		});
		expect(leaks(result.serialized, apiKey)).toEqual([]);
	});

	it('WhatsApp Trigger: a delivery echoing the webhook secret and the API key comes out masked, in raw and in the message', async () => {
		const webhookSecret = 'whsec-noxivo-0001';
		const apiKey = CREDENTIALS.noxivo.data.apiKey;
		const trigger = await startTrigger(
			'noxivo',
			{ events: ['message'], options: { includeRaw: true } },
			{ credentialData: { webhookSecret } },
		);
		try {
			const body = {
				event: 'message',
				session: 'default',
				metadata: {
					forwardedFrom: `https://n8n.example/webhook?token=${webhookSecret}`,
					key: Buffer.from(`k=${apiKey}`).toString('base64'),
				},
				payload: {
					id: 'false_1234567890@c.us_SECRET',
					timestamp: 1769152370,
					from: '1234567890@c.us',
					body: `my key is ${apiKey.toUpperCase()}`,
				},
			};
			const answer = await trigger.deliver(body, { query: { token: webhookSecret } });
			expect(answer.status).toBe(200);
			expect(answer.items?.[0]).toMatchObject({
				text: 'my key is ***',
				raw: { metadata: { forwardedFrom: 'https://n8n.example/webhook?token=***' } },
			});
			const output = JSON.stringify(answer.items);
			expect(leaks(output, apiKey)).toEqual([]);
			expect(leaks(output, webhookSecret)).toEqual([]);
			expect(trigger.crashes).toEqual([]);
		} finally {
			await trigger.close();
		}
	});
});
