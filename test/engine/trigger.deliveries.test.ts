import { createHmac } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import * as digital99 from '../fixtures/digital99-webhooks';
import * as inbox from '../fixtures/inbox-webhooks';
import * as noxivo from '../fixtures/noxivo-webhooks';
import * as vobiz from '../fixtures/vobiz-webhooks';
import type { ProviderName } from './providerMocks';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * Deliveries over real HTTP into the Trigger's webhook(), one provider at a time: what the workflow
 * receives, and what the provider is answered.
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
const displayName: Record<ProviderName, string> = { noxivo: 'Noxivo Engine', vobiz: 'Vobiz', digital99: '99digital', inbox: 'WhatsApp Inbox API' };
const BOTH: INodeParameters = { events: ['message', 'message.ack'] };

/** Vobiz signs every delivery (§2.5): these tests use a subscription secret set in the credential. */
const VOBIZ_SECRET = 'vobiz-hook-secret-0001';

const start = async (provider: ProviderName, parameters: INodeParameters = BOTH) =>
	(trigger = await startTrigger(provider, parameters, provider === 'vobiz' ? { credentialData: { webhookSecret: VOBIZ_SECRET } } : {}));

/** POSTs the body (a string byte for byte, else as JSON), signed as Vobiz signs when the provider is Vobiz. */
const deliver = async (provider: ProviderName, body: unknown) => {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const signature = createHmac('sha256', VOBIZ_SECRET).update(text).digest('hex');
	return await trigger!.deliver(text, provider === 'vobiz' ? { headers: { 'X-Webhook-Signature': signature } } : {});
};

describe('Acceptance 1: a documented incoming message yields exactly the docs/contract.md Message + event', () => {
	it('Noxivo (§1.8, documented example)', async () => {
		await start('noxivo', { events: ['message'] });
		expect(await deliver('noxivo', noxivo.documentedMessage)).toEqual({
			status: 200,
			body: STARTED,
			items: [
				{
					event: 'message',
					provider: 'noxivo',
					id: 'false_1234567890@c.us_3EB0...',
					waMessageId: 'false_1234567890@c.us_3EB0...',
					conversationId: null,
					chatId: '1234567890@c.us',
					direction: 'inbound',
					fromMe: false,
					from: '1234567890@c.us',
					to: null,
					type: 'text',
					text: 'Help with order',
					media: null,
					location: null,
					status: null,
					timestamp: '2024-04-17T09:20:00.000Z',
					eventId: 'noxivo:message:false_1234567890@c.us_3EB0...',
				},
			],
		});
	});

	it('Vobiz (§2.5 message.inbound)', async () => {
		await start('vobiz', { events: ['message'] });
		expect(await deliver('vobiz', vobiz.inbound)).toEqual({
			status: 200,
			body: STARTED,
			items: [
				{
					event: 'message',
					provider: 'vobiz',
					id: 'wamid.HBgMOTE4ODg4ODg4ODg4FQIAEhg..',
					waMessageId: 'wamid.HBgMOTE4ODg4ODg4ODg4FQIAEhg..',
					conversationId: null,
					chatId: '918888888888',
					direction: 'inbound',
					fromMe: false,
					from: '918888888888',
					to: '919876543210',
					type: 'text',
					text: 'Hi, is my order shipped?',
					media: null,
					location: null,
					status: null,
					timestamp: '2024-03-25T10:00:00.000Z',
					eventId: 'vobiz:message:wamid.HBgMOTE4ODg4ODg4ODg4FQIAEhg..',
				},
			],
		});
	});

	it('99digital (§3.4 hook "new")', async () => {
		await start('digital99', { events: ['message'] });
		expect(await deliver('digital99', digital99.incoming)).toEqual({
			status: 200,
			body: STARTED,
			items: [
				{
					event: 'message',
					provider: 'digital99',
					id: '92E004B950CCEA3C386FCFA2AAF8558A',
					waMessageId: null,
					conversationId: '972507654321',
					chatId: '972507654321',
					direction: 'inbound',
					fromMe: false,
					from: '972507654321',
					to: '972501234567',
					type: 'text',
					text: 'hello',
					media: null,
					location: null,
					status: null,
					timestamp: '2020-09-19T12:06:49.000Z',
					eventId: 'digital99:message:92E004B950CCEA3C386FCFA2AAF8558A',
				},
			],
		});
	});

	it('inbox API (§4.3.5 message.received)', async () => {
		await start('inbox', { events: ['message'] });
		expect(await deliver('inbox', inbox.received)).toEqual({
			status: 200,
			body: STARTED,
			items: [
				{
					event: 'message',
					provider: 'inbox',
					id: 'msg_01HZX5…',
					waMessageId: 'wamid.HBgM…',
					conversationId: 'conv_123',
					chatId: null,
					direction: 'inbound',
					fromMe: false,
					from: null,
					to: null,
					type: 'text',
					text: 'Hi',
					media: null,
					location: null,
					status: null,
					timestamp: '2026-03-17T14:22:00.000Z',
					eventId: 'inbox:message:wamid.HBgM…',
				},
			],
		});
	});
});

describe('a delivery receipt yields one message.ack item', () => {
	it.each<[ProviderName, unknown, Record<string, unknown>]>([
		['noxivo', noxivo.ack, { provider: 'noxivo', messageId: 'true_1234567890@c.us_3EB0C0FFEE', waMessageId: 'true_1234567890@c.us_3EB0C0FFEE', chatId: '1234567890@c.us', status: 'read', timestamp: '2024-04-17T09:20:05.123Z', error: null }],
		['vobiz', vobiz.status, { provider: 'vobiz', messageId: 'wamid.HBgMOTE4ODg4ODg4ODg4FQIAERg...', waMessageId: 'wamid.HBgMOTE4ODg4ODg4ODg4FQIAERg...', chatId: '918888888888', status: 'delivered', timestamp: '2024-03-25T10:00:05.000Z', error: null }],
		['digital99', digital99.assumedStatus, { provider: 'digital99', messageId: '<sent unique>', waMessageId: null, chatId: '972507654321', status: 'delivered', timestamp: '2020-09-19T12:08:20.000Z', error: null }],
		['inbox', inbox.failedStatus, { provider: 'inbox', messageId: 'msg_01HZX5…', waMessageId: 'wamid.HBgM…', chatId: null, status: 'failed', timestamp: '2026-03-17T14:23:00.000Z', error: { code: 131047, title: 'Re-engagement message' } }],
	])('%s', async (provider, body, expected) => {
		await start(provider);
		expect(await deliver(provider, body)).toEqual({ status: 200, body: STARTED, items: [{ event: 'message.ack', ...expected, eventId: `${provider}:message.ack:${String(expected.waMessageId ?? expected.messageId)}:${String(expected.status)}` }] });
	});
});

describe('bad input is answered, starts nothing and crashes nothing', () => {
	const PROVIDERS: ProviderName[] = ['noxivo', 'vobiz', 'digital99', 'inbox'];
	it.each(PROVIDERS)('%s: malformed JSON is a 400', async (provider) => {
		await start(provider);
		expect(await deliver(provider, '{"event": "message", "payload": {')).toEqual({ status: 400, body: { error: 'Bad Request', reason: 'the body is not valid JSON' }, items: null });
		expect(trigger!.logs).toEqual([`warn: WhatsApp Trigger (${displayName[provider]}) refused a delivery with HTTP 400: the body is not valid JSON`]);
	});

	it.each(PROVIDERS)('%s: an empty body is a 400', async (provider) => {
		await start(provider);
		expect(await deliver(provider, '')).toEqual({ status: 400, body: { error: 'Bad Request', reason: 'the body is empty' }, items: null });
	});

	it.each<[ProviderName, unknown, string]>([
		['noxivo', vobiz.inbound, 'not a Noxivo webhook: expected a WAHA envelope with "event" and "payload"'],
		['vobiz', noxivo.fullMessage, 'not a Vobiz webhook: expected an envelope with "event_type" and "payload"'],
		['digital99', inbox.received, 'not a 99digital webhook: expected "hook" and "unique"'],
		['inbox', digital99.incoming, 'not an Inbox API webhook: expected "event" and "data"'],
	])('%s: another provider\'s delivery is a 400', async (provider, body, reason) => {
		await start(provider);
		expect(await deliver(provider, body)).toEqual({ status: 400, body: { error: 'Bad Request', reason }, items: null });
	});

	it.each<[ProviderName, unknown, string]>([
		['noxivo', noxivo.sessionStatus, 'Noxivo event "session.status" is not a Trigger event'],
		['vobiz', vobiz.call, 'Vobiz event "call.ringing" is not a Trigger event'],
		['digital99', { status: 'OK', hook: 'system', text: 'session expired' }, '99digital "system" notification is not a Trigger event'],
		['inbox', { event: 'conversation.closed', data: { id: 'conv_123' } }, 'Inbox API event "conversation.closed" is not a Trigger event'],
	])('%s: a well-formed event the Trigger does not emit is a 200', async (provider, body, reason) => {
		await start(provider);
		expect(await deliver(provider, body)).toEqual({ status: 200, body: { received: true, started: false, reason }, items: null });
	});

	it('a JSON value that is not an object is a 400', async () => {
		await start('noxivo');
		const answer = { status: 400, body: { error: 'Bad Request', reason: 'not a Noxivo webhook: expected a WAHA envelope with "event" and "payload"' }, items: null };
		expect(await deliver('noxivo', '[1,2,3]')).toEqual(answer);
		expect(await deliver('noxivo', '"message"')).toEqual(answer);
	});
});

