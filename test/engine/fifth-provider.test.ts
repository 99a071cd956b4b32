// The test-only providers go into the registry before the nodes are loaded (their descriptions list them).
import '../fifth-provider/register';

import nock from 'nock';

import { echoCredential } from '../fifth-provider/credential';
import { ECHO_ID, echoSendOnly } from '../fifth-provider/echo';
import type { TestCredential } from '../fixtures/providers';
import { credentialTypes, NODE_NAME, nodeTypes, runNode } from './package';
import { startPoller } from './pollHarness';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * A fifth provider that lives only in the tests (test/fifth-provider/echo.ts, docs/architecture.md "A worked
 * example"), run through every node in n8n's engine. Nothing under nodes/ knows it: the nodes take it from
 * the registry like the four real ones.
 */

const BASE = 'https://echo.test';
const ECHO: TestCredential = {
	type: 'echoApi',
	data: { baseUrl: BASE, apiKey: 'echo-key-1', webhookSecret: 'echo-hook-secret' },
};
const SEND_ONLY_ID = echoSendOnly.id;
const SEND_ONLY: TestCredential = { type: 'echoSendOnlyApi', data: ECHO.data };
credentialTypes.echoApi = echoCredential(ECHO_ID);
credentialTypes.echoSendOnlyApi = echoCredential(SEND_ONLY_ID);

const echoApi = () => nock(BASE, { reqheaders: { 'x-echo-key': 'echo-key-1' } });
const run = async (
	type: string,
	parameters: Record<string, unknown>,
	provider = ECHO_ID,
	credential = ECHO,
) => await runNode(type, provider, parameters as never, { credential });

afterEach(() => nock.cleanAll());

describe('the nodes offer the fifth provider without a change to any node file', () => {
	it.each(Object.keys(nodeTypes))(
		'%s lists Echo under Provider and its credential for it only',
		(name) => {
			const { properties, credentials } = nodeTypes[name].description;
			const provider = properties.find((p) => p.name === 'provider');
			expect(provider?.options).toContainEqual({ name: 'Echo', value: ECHO_ID });
			expect(credentials).toContainEqual({
				name: 'echoApi',
				required: true,
				displayOptions: { show: { '/provider': [ECHO_ID], authentication: [ECHO_ID] } },
			});
		},
	);
});

describe('WhatsApp Chats and Messages on Echo', () => {
	it('Chats, Return All: both pages, each chat once, in the unified model', async () => {
		echoApi()
			.get('/chats')
			.query({ page: '1', limit: '100' })
			.reply(200, {
				chats: [
					{
						id: 'c1',
						name: 'Ada',
						phone: '15550100001',
						last: { text: 'see you', at: '2026-11-30T10:00:00Z', out: false },
					},
					{
						id: 'c2',
						name: 'Bo',
						phone: '15550100002',
						last: { text: 'ok', at: '2026-11-29T10:00:00Z', out: true },
					},
				],
				more: true,
			})
			.get('/chats')
			.query({ page: '2', limit: '100' })
			.reply(200, { chats: [{ id: 'c3', name: null, phone: '15550100003' }], more: false });
		const result = await run('whatsAppChats', { returnAll: true });
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'echo',
				id: 'c1',
				chatId: '15550100001',
				name: 'Ada',
				phone: '15550100001',
				isGroup: false,
				unreadCount: null,
				lastMessage: { text: 'see you', timestamp: '2026-11-30T10:00:00.000Z', fromMe: false },
			},
			{
				provider: 'echo',
				id: 'c2',
				chatId: '15550100002',
				name: 'Bo',
				phone: '15550100002',
				isGroup: false,
				unreadCount: null,
				lastMessage: { text: 'ok', timestamp: '2026-11-29T10:00:00.000Z', fromMe: true },
			},
			{
				provider: 'echo',
				id: 'c3',
				chatId: '15550100003',
				name: null,
				phone: '15550100003',
				isGroup: false,
				unreadCount: null,
				lastMessage: null,
			},
		]);
		expect(nock.isDone()).toBe(true);
	});

	const message = (id: string, at: string, out: boolean) => ({
		id,
		from: out ? '15550100000' : '15550100001',
		to: out ? '15550100001' : '15550100000',
		text: `text ${id}`,
		at,
		out,
		status: out ? 'delivered' : undefined,
	});
	const unified = (id: string, at: string, out: boolean) => ({
		provider: 'echo',
		id,
		waMessageId: null,
		conversationId: 'c1',
		chatId: '15550100001',
		direction: out ? 'outbound' : 'inbound',
		fromMe: out,
		from: out ? '15550100000' : '15550100001',
		to: out ? '15550100001' : '15550100000',
		type: 'text',
		text: `text ${id}`,
		media: null,
		location: null,
		status: out ? 'delivered' : null,
		timestamp: at,
	});

	it('Messages, Return All: two pages newest first come out oldest first', async () => {
		echoApi()
			.get('/chats/c1/messages')
			.query({ page: '1', limit: '100' })
			.reply(200, {
				messages: [
					message('m4', '2026-11-30T10:04:00.000Z', true),
					message('m3', '2026-11-30T10:03:00.000Z', false),
				],
				more: true,
			})
			.get('/chats/c1/messages')
			.query({ page: '2', limit: '100' })
			.reply(200, {
				messages: [
					message('m2', '2026-11-30T10:02:00.000Z', true),
					message('m1', '2026-11-30T10:01:00.000Z', false),
				],
				more: false,
			});
		const result = await run('whatsAppMessages', { conversationId: 'c1', returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([
			unified('m1', '2026-11-30T10:01:00.000Z', false),
			unified('m2', '2026-11-30T10:02:00.000Z', true),
			unified('m3', '2026-11-30T10:03:00.000Z', false),
			unified('m4', '2026-11-30T10:04:00.000Z', true),
		]);
		expect(nock.isDone()).toBe(true);
	});

	it('Messages, Limit 2: one request for two, the two newest', async () => {
		echoApi()
			.get('/chats/c1/messages')
			.query({ page: '1', limit: '2' })
			.reply(200, {
				messages: [
					message('m4', '2026-11-30T10:04:00.000Z', true),
					message('m3', '2026-11-30T10:03:00.000Z', false),
				],
				more: true,
			});
		const result = await run('whatsAppMessages', {
			conversationId: 'c1',
			returnAll: false,
			limit: 2,
		});
		expect(result.output(NODE_NAME)).toEqual([
			unified('m3', '2026-11-30T10:03:00.000Z', false),
			unified('m4', '2026-11-30T10:04:00.000Z', true),
		]);
		expect(nock.isDone()).toBe(true);
	});

	it("an Echo error reads as the provider's own words, with no secret", async () => {
		echoApi().get('/chats').query(true).reply(401, { error: 'unknown key echo-key-1' });
		const result = await run('whatsAppChats', { returnAll: true });
		expect(result.error(NODE_NAME)?.message).toBe('Echo: the credentials were rejected (HTTP 401)');
		expect(result.error(NODE_NAME)?.description).toBe(
			'Echo said: unknown key *** Check the API key and other fields of the "Echo API" credential.',
		);
		expect(result.serialized).not.toContain('echo-key-1');
	});
});

describe('WhatsApp Send and Status on Echo', () => {
	it('Send: one POST with the recipient and the text; the result in the unified model', async () => {
		echoApi()
			.post('/messages', { to: '+15550100001', text: 'hello' })
			.reply(200, { id: 'm9', status: 'sent', at: '2026-12-01T09:00:00Z' });
		const result = await run('whatsAppSend', {
			messageType: 'text',
			to: '+15550100001',
			text: 'hello',
		});
		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'echo',
				id: 'm9',
				waMessageId: null,
				conversationId: null,
				to: '+15550100001',
				status: 'sent',
				timestamp: '2026-12-01T09:00:00.000Z',
			},
		]);
		expect(nock.isDone()).toBe(true);
	});

	it("Send refuses what Echo's capabilities leave out, before any request", async () => {
		const result = await run('whatsAppSend', {
			messageType: 'media',
			to: '+15550100001',
			mediaType: 'image',
			mediaUrl: 'https://example.test/a.jpg',
		});
		expect(result.error(NODE_NAME)?.message).toBe(
			'Echo cannot send image messages; it can send text [item 0]',
		);
	});

	it("Status: a message's delivery status, and the session", async () => {
		echoApi()
			.get('/messages/m9')
			.reply(200, { id: 'm9', status: 'read', at: '2026-12-01T09:01:00Z' })
			.get('/session')
			.reply(200, { state: 'online', phone: '15550100000' });
		const message = await run('whatsAppStatus', { operation: 'messageStatus', messageId: 'm9' });
		expect(message.output(NODE_NAME)).toEqual([
			{
				provider: 'echo',
				messageId: 'm9',
				waMessageId: null,
				status: 'read',
				timestamp: '2026-12-01T09:01:00.000Z',
			},
		]);
		const session = await run('whatsAppStatus', { operation: 'sessionStatus' });
		expect(session.output(NODE_NAME)).toEqual([
			{ provider: 'echo', status: 'connected', phone: '15550100000', name: null },
		]);
		expect(nock.isDone()).toBe(true);
	});
});

describe('WhatsApp Trigger on Echo', () => {
	let trigger: TriggerHarness;
	afterEach(async () => await trigger?.close());

	const delivery = {
		type: 'message',
		message: {
			id: 'm10',
			from: '15550100001',
			to: '15550100000',
			text: 'hi there',
			at: '2026-12-01T09:05:00Z',
			out: false,
		},
	};

	it('a delivery with the token starts one execution with the unified event; the same again starts none', async () => {
		trigger = await startTrigger(ECHO_ID, { events: ['message'] }, { credential: ECHO });
		const first = await trigger.deliver(delivery, { query: { token: 'echo-hook-secret' } });
		expect(first.status).toBe(200);
		expect(first.items).toEqual([
			{
				event: 'message',
				provider: 'echo',
				id: 'm10',
				waMessageId: null,
				conversationId: null,
				chatId: '15550100001',
				direction: 'inbound',
				fromMe: false,
				from: '15550100001',
				to: '15550100000',
				type: 'text',
				text: 'hi there',
				media: null,
				location: null,
				status: null,
				timestamp: '2026-12-01T09:05:00.000Z',
				eventId: 'echo:message:m10',
			},
		]);
		const again = await trigger.deliver(delivery, { query: { token: 'echo-hook-secret' } });
		expect(again).toEqual({
			status: 200,
			body: { received: true, started: false, reason: 'already received' },
			items: null,
		});
		expect(trigger.executions).toHaveLength(1);
	});

	it('a delivery without the token is refused and starts nothing', async () => {
		trigger = await startTrigger(ECHO_ID, { events: ['message'] }, { credential: ECHO });
		const answer = await trigger.deliver(delivery);
		expect(answer.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it('the GET handshake echoes the challenge with the right token, and refuses a wrong one', async () => {
		trigger = await startTrigger(ECHO_ID, { events: ['message'] }, { credential: ECHO });
		expect(
			await trigger.deliver(undefined, {
				method: 'GET',
				query: { token: 'echo-hook-secret', challenge: 'c-4711' },
			}),
		).toEqual({ status: 200, body: 'c-4711', items: null });
		expect(
			await trigger.deliver(undefined, {
				method: 'GET',
				query: { token: 'wrong', challenge: 'c-4711' },
			}),
		).toEqual({ status: 403, body: 'the token does not match', items: null });
		expect(trigger.executions).toHaveLength(0);
	});

	it('a provider without a handshake answers a GET 405 (Noxivo Engine)', async () => {
		trigger = await startTrigger('noxivo', { events: ['message'] });
		expect(await trigger.deliver(undefined, { method: 'GET' })).toEqual({
			status: 405,
			body: 'this provider delivers webhooks by POST only',
			items: null,
		});
	});
});

describe('WhatsApp Poll Trigger on Echo', () => {
	it('the activation poll marks where it starts; the next poll emits what arrived since, once, oldest first', async () => {
		const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
		const inbound = (id: string, at: string) => ({
			id,
			from: '15550100001',
			to: '15550100000',
			text: `text ${id}`,
			at,
			out: false,
		});
		let messages = [inbound('m1', minutesAgo(30))];
		const chats = () => ({
			chats: [
				{
					id: 'c1',
					name: 'Ada',
					phone: '15550100001',
					last: { text: 'x', at: messages[0].at, out: false },
				},
			],
			more: false,
		});
		echoApi()
			.persist()
			.get('/chats')
			.query(true)
			.reply(200, () => chats())
			.get('/chats/c1/messages')
			.query(true)
			.reply(200, () => ({ messages, more: false }));
		const poller = startPoller(ECHO_ID, {}, { credential: ECHO });
		expect(await poller.activate()).toBeNull();
		messages = [inbound('m3', minutesAgo(0)), inbound('m2', minutesAgo(0.5)), ...messages];
		const emitted = await poller.poll();
		expect(emitted?.map((item) => [item.provider, item.id, item.text])).toEqual([
			['echo', 'm2', 'text m2'],
			['echo', 'm3', 'text m3'],
		]);
		expect(await poller.poll()).toBeNull();
	});
});

describe('a provider without a history API (Echo Send-Only)', () => {
	it.each([
		['whatsAppChats', { returnAll: true }],
		['whatsAppMessages', { conversationId: 'c1', returnAll: true }],
	])('%s says it cannot, and what to use instead, before any request', async (type, parameters) => {
		const result = await run(type, parameters, SEND_ONLY_ID, SEND_ONLY);
		expect(result.error(NODE_NAME)?.message).toBe(
			'Echo Send-Only cannot list chats or read message history [item 0]',
		);
		expect(result.error(NODE_NAME)?.description).toBe(
			'Use the WhatsApp Trigger to receive its messages as they arrive.',
		);
	});

	it('still sends', async () => {
		echoApi()
			.post('/messages', { to: '+15550100001', text: 'hello' })
			.reply(200, { id: 'm11', status: 'sent', at: '2026-12-01T09:00:00Z' });
		const result = await run(
			'whatsAppSend',
			{ messageType: 'text', to: '+15550100001', text: 'hello' },
			SEND_ONLY_ID,
			SEND_ONLY,
		);
		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'echoSendOnly',
				id: 'm11',
				waMessageId: null,
				conversationId: null,
				to: '+15550100001',
				status: 'sent',
				timestamp: '2026-12-01T09:00:00.000Z',
			},
		]);
	});
});
