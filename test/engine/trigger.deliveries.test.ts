import { createHmac } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { FIXTURES, PROVIDERS, type ProviderId } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * Deliveries over real HTTP into the Trigger's webhook(), one provider at a time: what the workflow
 * receives, and what the provider is answered. How each body maps to an event is pinned once, in
 * test/unit/webhooks/; here the expected events come from test/fixtures/providers.ts, and what is checked is
 * what only the engine shows: the answer, the eventId the Trigger adds, the items the workflow starts with.
 */

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

let trigger: TriggerHarness | undefined;
afterEach(async () => {
	// Nothing a provider sends may reach n8n's logs as a crash.
	expect(trigger?.crashes ?? []).toEqual([]);
	await trigger?.close();
	trigger = undefined;
});

const STARTED = { message: 'Workflow was started' };
const BOTH: INodeParameters = { events: ['message', 'message.ack'] };

/** Vobiz signs every delivery (§2.5): these tests use a subscription secret set in the credential. */
const VOBIZ_SECRET = 'vobiz-hook-secret-0001';

const start = async (provider: ProviderId, parameters: INodeParameters = BOTH) =>
	(trigger = await startTrigger(
		provider,
		parameters,
		provider === 'vobiz' ? { credentialData: { webhookSecret: VOBIZ_SECRET } } : {},
	));

/** POSTs the body (a string byte for byte, else as JSON), signed as Vobiz signs when the provider is Vobiz. */
const deliver = async (provider: ProviderId, body: unknown) => {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const signature = createHmac('sha256', VOBIZ_SECRET).update(text).digest('hex');
	return await trigger!.deliver(
		text,
		provider === 'vobiz' ? { headers: { 'X-Webhook-Signature': signature } } : {},
	);
};

/** The Trigger's eventId: provider, event and message id, and for a receipt its status. */
const eventId = (event: Record<string, unknown>) =>
	event.event === 'message'
		? `${String(event.provider)}:message:${String(event.waMessageId ?? event.id)}`
		: `${String(event.provider)}:message.ack:${String(event.waMessageId ?? event.messageId)}:${String(event.status)}`;

describe.each(PROVIDERS)(
	'%s: a documented delivery starts the workflow with one item',
	(provider) => {
		const { message, ack } = FIXTURES[provider].webhooks;

		it('an incoming message is one docs/contract.md Message + event "message", with its eventId', async () => {
			await start(provider, { events: ['message'] });
			expect(await deliver(provider, message.body)).toEqual({
				status: 200,
				body: STARTED,
				items: [{ ...message.event, eventId: eventId(message.event) }],
			});
		});

		it('a delivery receipt is one message.ack item', async () => {
			await start(provider);
			expect(await deliver(provider, ack.body)).toEqual({
				status: 200,
				body: STARTED,
				items: [{ ...ack.event, eventId: eventId(ack.event) }],
			});
		});

		it('the same delivery twice starts one execution: the repeat is answered "already received"', async () => {
			await start(provider);
			for (const { body } of [message, ack]) {
				expect(await deliver(provider, body)).toMatchObject({ status: 200, body: STARTED });
				expect(await deliver(provider, body)).toEqual({
					status: 200,
					body: { received: true, started: false, reason: 'already received' },
					items: null,
				});
			}
			expect(trigger!.executions).toHaveLength(2);
		});
	},
);

describe.each(PROVIDERS)(
	'%s: bad input is answered, starts nothing and crashes nothing',
	(provider) => {
		const { displayName, webhooks } = FIXTURES[provider];

		it('malformed JSON is a 400', async () => {
			await start(provider);
			expect(await deliver(provider, '{"event": "message", "payload": {')).toEqual({
				status: 400,
				body: { error: 'Bad Request', reason: 'the body is not valid JSON' },
				items: null,
			});
			expect(trigger!.logs).toEqual([
				`warn: WhatsApp Trigger (${displayName}) refused a delivery with HTTP 400: the body is not valid JSON`,
			]);
		});

		it('an empty body is a 400', async () => {
			await start(provider);
			expect(await deliver(provider, '')).toEqual({
				status: 400,
				body: { error: 'Bad Request', reason: 'the body is empty' },
				items: null,
			});
		});

		it("another provider's delivery is a 400", async () => {
			await start(provider);
			expect(await deliver(provider, webhooks.foreign.body)).toEqual({
				status: 400,
				body: { error: 'Bad Request', reason: webhooks.foreign.reason },
				items: null,
			});
		});

		it('a well-formed event the Trigger does not emit is a 200', async () => {
			await start(provider);
			expect(await deliver(provider, webhooks.notEmitted.body)).toEqual({
				status: 200,
				body: { received: true, started: false, reason: webhooks.notEmitted.reason },
				items: null,
			});
		});
	},
);

describe('a body that is not a webhook object', () => {
	it('a JSON value that is not an object is a 400', async () => {
		await start('noxivo');
		const answer = {
			status: 400,
			body: { error: 'Bad Request', reason: FIXTURES.noxivo.webhooks.foreign.reason },
			items: null,
		};
		expect(await deliver('noxivo', '[1,2,3]')).toEqual(answer);
		expect(await deliver('noxivo', '"message"')).toEqual(answer);
	});
});
