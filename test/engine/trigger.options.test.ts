import { createHmac } from 'node:crypto';
import nock from 'nock';

import * as digital99 from '../fixtures/digital99-webhooks';
import * as inbox from '../fixtures/inbox-webhooks';
import * as noxivo from '../fixtures/noxivo-webhooks';
import { FIXTURES, PROVIDERS } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/** The Trigger's options and the authenticity checks of the providers that do not sign like Vobiz. */

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

let trigger: TriggerHarness;
afterEach(async () => {
	expect(trigger.crashes).toEqual([]);
	await trigger.close();
});

const notStarted = (reason: string) => ({
	status: 200,
	body: { received: true, started: false, reason },
	items: null,
});

describe('Events', () => {
	it('a well-formed event of a kind not selected gets 200 and starts nothing', async () => {
		trigger = await startTrigger('noxivo', { events: ['message'] });
		expect(await trigger.deliver(noxivo.ack)).toEqual(
			notStarted('"message.ack" events are not selected'),
		);
		expect(trigger.executions).toEqual([]);
	});

	it('with nothing selected, nothing starts', async () => {
		trigger = await startTrigger('digital99', { events: [] });
		expect(await trigger.deliver(digital99.incoming)).toEqual(
			notStarted('"message" events are not selected'),
		);
	});
});

describe('Ignore Own Messages', () => {
	it('is on by default: an echo of our own message starts nothing', async () => {
		trigger = await startTrigger('noxivo', { events: ['message'] });
		expect(await trigger.deliver(noxivo.ownMessage)).toEqual(notStarted('own outgoing message'));
	});

	it('off: the own message is emitted, as outbound with its ack status', async () => {
		trigger = await startTrigger('noxivo', {
			events: ['message'],
			options: { ignoreOwnMessages: false },
		});
		expect((await trigger.deliver(noxivo.ownMessage)).items).toEqual([
			expect.objectContaining({
				id: 'true_1234567890@c.us_3EB0ECHO',
				direction: 'outbound',
				fromMe: true,
				chatId: '1234567890@c.us',
				status: 'sent',
			}),
		]);
	});
});

describe('Only These Chats', () => {
	it('matches a number however typed against the chat, and skips other chats', async () => {
		trigger = await startTrigger('noxivo', {
			events: ['message'],
			options: { onlyChats: '+1 234-567-890, 120363040000000000@g.us' },
		});
		expect((await trigger.deliver(noxivo.fullMessage)).items).toHaveLength(1);
		expect((await trigger.deliver(noxivo.groupImage)).items).toHaveLength(1);
		const otherChat = {
			...noxivo.fullMessage,
			payload: {
				...noxivo.fullMessage.payload,
				id: 'false_447700900123@c.us_3EB0',
				from: '447700900123@c.us',
			},
		};
		expect(await trigger.deliver(otherChat)).toEqual(notStarted('not one of the selected chats'));
	});

	it('matches the inbox API by conversation id', async () => {
		trigger = await startTrigger('inbox', {
			events: ['message', 'message.ack'],
			options: { onlyChats: 'conv_123' },
		});
		expect((await trigger.deliver(inbox.received)).items).toHaveLength(1);
		expect((await trigger.deliver(inbox.failedStatus)).items).toHaveLength(1);
		const elsewhere = {
			...inbox.deliveredStatus,
			data: { ...inbox.deliveredStatus.data, conversationId: 'conv_999' },
		};
		expect(await trigger.deliver(elsewhere)).toEqual(notStarted('not one of the selected chats'));
	});
});

describe('Include Raw', () => {
	it("adds the provider's original delivery", async () => {
		trigger = await startTrigger('noxivo', { events: ['message'], options: { includeRaw: true } });
		expect((await trigger.deliver(noxivo.fullMessage)).items).toEqual([
			expect.objectContaining({ event: 'message', raw: noxivo.fullMessage }),
		]);
	});
});

describe('Allowed Source IPs', () => {
	it('refuses a delivery from any other address with 401', async () => {
		trigger = await startTrigger('digital99', {
			events: ['message'],
			options: { allowedIps: '34.165.99.212, 192.117.146.95' },
		});
		expect(await trigger.deliver(digital99.incoming)).toEqual({
			status: 401,
			body: { error: 'Unauthorized', reason: 'the source address is not allowed' },
			items: null,
		});
		expect(trigger.executions).toEqual([]);
	});

	it('accepts a listed address (the test client is 127.0.0.1)', async () => {
		trigger = await startTrigger('digital99', {
			events: ['message'],
			options: { allowedIps: '34.165.99.212 127.0.0.1' },
		});
		expect((await trigger.deliver(digital99.incoming)).status).toBe(200);
	});
});

describe('shared secret of providers that do not sign (Webhook Secret in the credential)', () => {
	it.each(PROVIDERS.filter((provider) => FIXTURES[provider].webhookProof === 'shared token'))(
		'%s: 401 without it or with a wrong one; 200 with ?token= or X-Webhook-Token',
		async (provider) => {
			const { body, event } = FIXTURES[provider].webhooks.message;
			trigger = await startTrigger(
				provider,
				{ events: ['message'] },
				{ credentialData: { webhookSecret: 'shared-secret-0001' } },
			);
			expect(await trigger.deliver(body)).toEqual({
				status: 401,
				body: {
					error: 'Unauthorized',
					reason: 'missing "token" in the URL (or x-webhook-token header)',
				},
				items: null,
			});
			expect(await trigger.deliver(body, { query: { token: 'shared-secret-000' } })).toEqual({
				status: 401,
				body: { error: 'Unauthorized', reason: 'the webhook token does not match' },
				items: null,
			});
			expect((await trigger.deliver(body, { query: { token: 'shared-secret-0001' } })).status).toBe(
				200,
			);
			const other = JSON.parse(
				JSON.stringify(body)
					.split(String(event.id))
					.join(`${String(event.id)}-SECOND`),
			) as unknown;
			expect(
				(await trigger.deliver(other, { headers: { 'X-Webhook-Token': 'shared-secret-0001' } }))
					.status,
			).toBe(200);
			expect(trigger.executions).toHaveLength(2);
			expect(JSON.stringify(trigger.logs)).not.toContain('shared-secret-0001');
		},
	);
});

describe('inbox API X-Signature (§4.3.5)', () => {
	it('with a Webhook Secret, only correctly signed deliveries start the workflow', async () => {
		trigger = await startTrigger(
			'inbox',
			{ events: ['message'] },
			{ credentialData: { webhookSecret: 'inbox-hook-secret' } },
		);
		const body = JSON.stringify(inbox.received);
		expect((await trigger.deliver(body)).status).toBe(401);
		expect(
			(
				await trigger.deliver(body, {
					headers: { 'X-Signature': createHmac('sha256', 'wrong').update(body).digest('hex') },
				})
			).status,
		).toBe(401);
		expect(
			await trigger.deliver(body, {
				headers: {
					'X-Signature': createHmac('sha256', 'inbox-hook-secret').update(body).digest('hex'),
				},
			}),
		).toMatchObject({
			status: 200,
			items: [expect.objectContaining({ id: 'msg_01HZX5…' })],
		});
		expect(trigger.executions).toHaveLength(1);
	});
});
