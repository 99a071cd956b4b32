import { createHmac } from 'node:crypto';
import nock from 'nock';

import { fingerprint, memorySize, readMemory } from '../../bridge/webhooks/dedupe';
import * as expected from '../fixtures/expected-events';
import * as noxivo from '../fixtures/noxivo-webhooks';
import * as vobiz from '../fixtures/vobiz-webhooks';
import { CREDENTIALS } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/** Signatures, redeliveries and multi-event deliveries, over real HTTP (docs/providers.md §2.5, docs/contract.md). */

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

const SECRET = 'vobiz-hook-secret-0001';
const hmac = (secret: string, text: string) =>
	createHmac('sha256', secret).update(text).digest('hex');
const signedWith = (secret: string, text: string) => ({
	headers: { 'X-Webhook-Signature': hmac(secret, text) },
});
const STARTED = { message: 'Workflow was started' };

describe('Acceptance 2: a Vobiz delivery with a bad signature gets 401 and no workflow data; a good one passes', () => {
	const body = JSON.stringify(vobiz.inbound);
	beforeEach(async () => {
		trigger = await startTrigger(
			'vobiz',
			{ events: ['message', 'message.ack'] },
			{ credentialData: { webhookSecret: SECRET } },
		);
	});

	it('good signature: the workflow starts', async () => {
		const answer = await trigger.deliver(body, signedWith(SECRET, body));
		expect([answer.status, answer.body, answer.items?.length]).toEqual([200, STARTED, 1]);
	});

	it.each([
		['signed with another secret', signedWith('not-the-secret', body)],
		['no signature header', {}],
		['a signature of another body', signedWith(SECRET, JSON.stringify(vobiz.status))],
		['an empty signature', { headers: { 'X-Webhook-Signature': '' } }],
	])('%s: 401, nothing started, the secret nowhere', async (_case, options) => {
		const answer = await trigger.deliver(body, options);
		expect(answer.status).toBe(401);
		expect(answer.items).toBeNull();
		expect(trigger.executions).toEqual([]);
		expect(answer.body).toEqual({ error: 'Unauthorized', reason: expect.any(String) });
		const everything = JSON.stringify([answer, trigger.logs, trigger.staticData()]);
		for (const secret of [SECRET, CREDENTIALS.vobiz.data.authToken])
			expect(everything).not.toContain(secret);
	});

	it("says why in the answer and in n8n's log", async () => {
		expect(await trigger.deliver(body, signedWith('not-the-secret', body))).toEqual({
			status: 401,
			body: { error: 'Unauthorized', reason: 'x-webhook-signature does not match the body' },
			items: null,
		});
		expect(trigger.logs).toEqual([
			'warn: WhatsApp Trigger (Vobiz) refused a delivery with HTTP 401: x-webhook-signature does not match the body',
		]);
	});

	it('checks the bytes received, not the JSON they parse to', async () => {
		const pretty = JSON.stringify(vobiz.inbound, null, 2);
		expect((await trigger.deliver(pretty, signedWith(SECRET, body))).status).toBe(401);
		expect((await trigger.deliver(pretty, signedWith(SECRET, pretty))).status).toBe(200);
	});

	it('refuses before reading: a bad signature on a malformed body is a 401, not a 400', async () => {
		expect(
			(await trigger.deliver('{not json', signedWith('not-the-secret', '{not json'))).status,
		).toBe(401);
	});
});

// The same delivery twice, for every provider: trigger.deliveries.test.ts.
describe('Acceptance 3: the same delivery twice yields one execution', () => {
	it('the memory lives in the static data n8n saves, so another worker loading it also drops the redelivery', async () => {
		trigger = await startTrigger('noxivo', { events: ['message'] });
		await trigger.deliver(noxivo.fullMessage);
		const { seenEvents } = trigger.staticData()['node:WhatsApp Trigger'] as {
			seenEvents: { v: number; hours: object };
		};
		expect(Object.keys(trigger.staticData())).toEqual(['node:WhatsApp Trigger']);
		expect(seenEvents.v).toBe(2);
		expect(Object.values(seenEvents.hours)).toEqual([
			fingerprint(`noxivo:message:${noxivo.fullMessage.payload.id}`),
		]);
		// The harness loads the workflow afresh for every request (as a queue-mode webhook processor does).
		expect(
			(await trigger.deliver({ ...noxivo.fullMessage, id: 'evt_resent_with_new_envelope_id' }))
				.items,
		).toBeNull();
		expect(trigger.executions).toHaveLength(1);
	});

	it('n8n 2.41 losing the static data of a webhook that starts a run: the redelivery still starts nothing', async () => {
		trigger = await startTrigger(
			'noxivo',
			{ events: ['message'] },
			{ losesStaticDataWhenARunStarts: true },
		);
		await trigger.deliver(noxivo.fullMessage); // the first save works: the workflow had no static data yet
		const second = {
			...noxivo.fullMessage,
			id: 'evt_b',
			payload: { ...noxivo.fullMessage.payload, id: 'false_1234567890@c.us_B' },
		};
		await trigger.deliver(second); // this save is lost
		expect(
			memorySize(
				readMemory(
					(trigger.staticData()['node:WhatsApp Trigger'] as { seenEvents: object }).seenEvents,
				),
			),
		).toBe(1);
		expect((await trigger.deliver(second)).body).toEqual({
			received: true,
			started: false,
			reason: 'already received',
		});
		expect(trigger.executions).toHaveLength(2);
	});

	it('a different event of the same message (a later ack) still starts the workflow', async () => {
		trigger = await startTrigger('noxivo', { events: ['message.ack'] });
		await trigger.deliver(noxivo.ack);
		const delivered = {
			...noxivo.ack,
			id: 'evt_02',
			payload: { ...noxivo.ack.payload, ack: 4, ackName: 'PLAYED' },
		};
		expect((await trigger.deliver(delivered)).items).toEqual([
			expect.objectContaining({ status: 'played' }),
		]);
		expect(trigger.executions).toHaveLength(2);
	});
});

describe('Acceptance 4: a Vobiz delivery carrying three statuses yields three message.ack items', () => {
	it("one item per status, statuses mapped, the failure's Meta error kept", async () => {
		trigger = await startTrigger(
			'vobiz',
			{ events: ['message.ack'] },
			{ credentialData: { webhookSecret: SECRET } },
		);
		const body = JSON.stringify(vobiz.threeStatuses);
		expect(await trigger.deliver(body, signedWith(SECRET, body))).toEqual({
			status: 200,
			body: STARTED,
			items: expected.vobizThreeStatuses.map((event) => ({
				...event,
				eventId: `vobiz:message.ack:${event.messageId}:${event.status}`,
			})),
		});
	});

	it('a redelivery starts nothing; "Ack Statuses" keeps only the chosen ones', async () => {
		trigger = await startTrigger(
			'vobiz',
			{ events: ['message.ack'], options: { ackStatuses: ['read', 'failed'] } },
			{ credentialData: { webhookSecret: SECRET } },
		);
		const body = JSON.stringify(vobiz.threeStatuses);
		expect(
			(await trigger.deliver(body, signedWith(SECRET, body))).items?.map((item) => item.status),
		).toEqual(['read', 'failed']);
		expect((await trigger.deliver(body, signedWith(SECRET, body))).items).toBeNull();
	});

	it('"Include Raw" adds each status\'s own Meta object', async () => {
		trigger = await startTrigger(
			'vobiz',
			{ events: ['message.ack'], options: { includeRaw: true } },
			{ credentialData: { webhookSecret: SECRET } },
		);
		const body = JSON.stringify(vobiz.threeStatuses);
		const { items } = await trigger.deliver(body, signedWith(SECRET, body));
		expect(items?.map((item) => item.raw)).toEqual(
			vobiz.threeStatuses.payload.entry[0].changes[0].value.statuses,
		);
	});
});
