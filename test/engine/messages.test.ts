import nock from 'nock';

import { runNode, NODE_NAME, ALL_SECRETS } from './package';
import { BASE, CONVERSATION, CREDENTIALS, isoOf, mockHistory, providerMessageId, type ProviderName } from './providerMocks';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const PROVIDERS: ProviderName[] = ['noxivo', 'vobiz', 'digital99', 'inbox'];

/** The auth each credential must put on the wire (docs/providers.md §1.2, §2.2, §3.2, §4.2). */
const expectedAuth = {
	noxivo: (r: { headers: Record<string, string | undefined> }) => expect(r.headers['x-api-key']).toBe(CREDENTIALS.noxivo.data.apiKey),
	vobiz: (r: { headers: Record<string, string | undefined> }) => {
		expect(r.headers['x-auth-id']).toBe(CREDENTIALS.vobiz.data.authId);
		expect(r.headers['x-auth-token']).toBe(CREDENTIALS.vobiz.data.authToken);
	},
	digital99: (r: { body?: Record<string, unknown> }) => {
		expect(r.body?.apiKey).toBe(CREDENTIALS.digital99.data.apiKey);
		expect(r.body?.from).toBe(CREDENTIALS.digital99.data.from);
	},
	inbox: (r: { headers: Record<string, string | undefined> }) =>
		expect(r.headers.authorization).toBe(`Bearer ${CREDENTIALS.inbox.data.apiKey}`),
};

/**
 * The exact page requests each provider should see for Return All over 250 messages. Noxivo's offsets and
 * 99digital's page numbers are read three at a time (bridge/pagination/engine.ts): two pages past the last are
 * asked for, and the first page once more at the end; those in flight at once may go out in any order.
 */
const returnAllRequests: Record<ProviderName, Array<{ method: string; path: string; query: Record<string, string>; body?: Record<string, unknown> }>> = {
	noxivo: [0, 100, 200, 300, 400, 0].map((offset) => ({
		method: 'GET',
		path: `/api/v1/inbox/conversations/${CONVERSATION.noxivo}/messages`,
		query: { limit: '100', offset: String(offset) },
	})),
	vobiz: [undefined, 150, 50].map((lastIndex) => ({
		method: 'GET',
		path: `/api/v1/messaging/conversations/${CONVERSATION.vobiz}/messages`,
		query: lastIndex === undefined
			? ({ limit: '100' } as Record<string, string>)
			: { limit: '100', cursor: Buffer.from(JSON.stringify({ id: providerMessageId('vobiz', { index: lastIndex, epochSeconds: 0, inbound: true, text: '' }) })).toString('base64') },
	})),
	// 250 is exactly five full pages of 50 and getHistory gives no total (§3.3.1): only a sixth, empty page
	// shows the history has ended. 249 messages need five pages (below).
	digital99: [1, 2, 3, 4, 5, 6, 7, 8, 1].map((page) => ({
		method: 'POST',
		path: '/whatsapp/v2/getHistory',
		query: {},
		body: { to: CONVERSATION.digital99, page, apiKey: CREDENTIALS.digital99.data.apiKey, from: CREDENTIALS.digital99.data.from },
	})),
	inbox: [undefined, 'msg_000150', 'msg_000050'].map((before) => ({
		method: 'GET',
		path: '/api/whatsapp/messages',
		query: { conversationId: CONVERSATION.inbox, limit: '100', ...(before ? { before } : {}) },
	})),
};

describe.each(PROVIDERS)('WhatsApp Messages on %s', (provider) => {
	it('Return All over a 250-message history: 250 unique messages, oldest first, in the fewest requests', async () => {
		const { log, history } = mockHistory(provider, 250);
		const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: true });

		expect(result.error(NODE_NAME)).toBeUndefined();
		const items = result.output(NODE_NAME);
		expect(items).toHaveLength(250);
		expect(new Set(items.map((m) => m.id)).size).toBe(250);
		expect(items.map((m) => m.timestamp)).toEqual(history.map(isoOf));
		expect(items.map((m) => m.text)).toEqual(history.map((s) => s.text));
		expect(items.map((m) => m.id)).toEqual(history.map((s) => providerMessageId(provider, s)));

		const sent = log.map(({ method, path, query, body }) => ({ method, path, query, ...(body ? { body } : {}) }));
		const inAnyOrder = (requests: typeof sent) => requests.map((r) => JSON.stringify(r)).sort();
		expect(sent[0]).toEqual(returnAllRequests[provider][0]);
		expect(sent.at(-1)).toEqual(returnAllRequests[provider].at(-1));
		expect(inAnyOrder(sent)).toEqual(inAnyOrder(returnAllRequests[provider]));
		log.forEach((r) => expectedAuth[provider](r));
	});

	if (provider === 'digital99') {
		it('Return All over 249 messages: five pages, the last one short (+ two in flight past it, and page 1 checked again)', async () => {
			const { log } = mockHistory(provider, 249);
			const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: true });
			expect(result.output(NODE_NAME)).toHaveLength(249);
			expect(log.map((r) => Number(r.body?.page)).sort()).toEqual([1, 1, 2, 3, 4, 5, 6, 7]);
			expect(log.at(-1)?.body?.page).toBe(1);
		});
	}

	it('Limit 30: one request, the 30 most recent messages, oldest first', async () => {
		const { log, history } = mockHistory(provider, 250);
		const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: false, limit: 30 });

		const items = result.output(NODE_NAME);
		expect(items.map((m) => m.id)).toEqual(history.slice(220).map((s) => providerMessageId(provider, s)));
		expect(log).toHaveLength(1);
		// 99digital has a fixed page of 50 (§3.3.1); the others are asked for exactly 30.
		if (provider === 'digital99') expect(log[0].body?.page).toBe(1);
		else expect(log[0].query.limit).toBe('30');
	});

	it('every item is the unified Message with all fields present, and paired to its input item', async () => {
		mockHistory(provider, 2);
		const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: true });
		const [first, second] = result.items(NODE_NAME);
		expect(Object.keys(first.json).sort()).toEqual(
			['provider', 'id', 'waMessageId', 'conversationId', 'chatId', 'direction', 'fromMe', 'from', 'to', 'type', 'text', 'media', 'location', 'status', 'timestamp'].sort(),
		);
		expect(first.json).toMatchObject({ provider, direction: 'inbound', fromMe: false, type: 'text', text: 'message 0', status: null, media: null, location: null });
		expect(second.json).toMatchObject({ direction: 'outbound', fromMe: true, status: 'read' });
		expect(first.pairedItem).toEqual({ item: 0 });
	});

	it('Include Raw adds the provider record as raw', async () => {
		mockHistory(provider, 1);
		const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: true, options: { includeRaw: true } });
		const [item] = result.output(NODE_NAME);
		expect(item.raw).toEqual(expect.objectContaining(provider === 'digital99' ? { unique: '3EB0000000' } : {}));
		expect(item.raw).toBeDefined();
	});
});

describe('WhatsApp Messages, pagination faults', () => {
	it('a repeated Vobiz cursor ends the run with an error naming the provider and the cursor', async () => {
		const page = (id: string) => ({
			items: [{ id, direction: 'inbound', type: 'text', status: 'delivered', content: '{"body":"x"}', created_at: '2026-03-17T14:20:00Z' }],
			has_more: true,
			next_cursor: 'eyJpZCI6Im1zZzAwMSJ9',
		});
		nock(BASE.vobiz)
			.get(`/conversations/${CONVERSATION.vobiz}/messages`).query({ limit: '100' }).reply(200, page('a'))
			.get(`/conversations/${CONVERSATION.vobiz}/messages`).query({ limit: '100', cursor: 'eyJpZCI6Im1zZzAwMSJ9' }).reply(200, page('b'));
		const started = Date.now();
		const result = await runNode('whatsAppMessages', 'vobiz', { conversationId: CONVERSATION.vobiz, returnAll: true });
		expect(result.error(NODE_NAME)?.message).toBe('Vobiz returned the same cursor "eyJpZCI6Im1zZzAwMSJ9" twice while paging messages');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(nock.isDone()).toBe(true);
	});

	it('an inbox API that ignores `before` ends with an error naming the anchor', async () => {
		const page = { data: [{ id: 'msg_1', direction: 'inbound', type: 'text', content: { text: 'x' }, timestamp: '2026-05-16T10:30:00.000Z' }], hasNext: true };
		nock(BASE.inbox).get('/api/whatsapp/messages').query(true).times(2).reply(200, page);
		const result = await runNode('whatsAppMessages', 'inbox', { conversationId: CONVERSATION.inbox, returnAll: true });
		expect(result.error(NODE_NAME)?.message).toBe('Inbox API returned the same before "msg_1" twice while paging messages');
	});
});

describe('WhatsApp Messages, provider errors a user understands, with no secret anywhere', () => {
	const cases: Array<[ProviderName, () => void, string]> = [
		['noxivo', () => nock(BASE.noxivo).get(/.*/).times(2).reply(401, { error: 'Unauthorized: Invalid API Key' }), 'Noxivo: the credentials were rejected (HTTP 401)'],
		['vobiz', () => nock(BASE.vobiz).get(/.*/).times(2).reply(401, { status: 'error', error: { code: 'INVALID_CREDENTIALS', message: 'Invalid auth id or token' } }), 'Vobiz: the credentials were rejected (HTTP 401)'],
		['digital99', () => nock(BASE.digital99).post('/getHistory').times(2).reply(200, { status: 'FAIL', reason: 3 }), '99digital refused the request: the API key is wrong'],
		['inbox', () => nock(BASE.inbox).get(/.*/).times(2).reply(401, { success: false, error: 'Unauthorized', details: { code: 'UNAUTHORIZED', title: 'Invalid API key' } }), 'Inbox API: the credentials were rejected (HTTP 401)'],
	];

	it.each(cases)('%s: a rejected key', async (provider, mock, message) => {
		mock();
		const result = await runNode('whatsAppMessages', provider, { conversationId: CONVERSATION[provider], returnAll: true });
		const error = result.error(NODE_NAME);
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/credential/);
		for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	});

	it('a secret echoed back by a provider is masked', async () => {
		nock(BASE.inbox).get(/.*/).reply(400, { success: false, error: `bad key ${CREDENTIALS.inbox.data.apiKey}` });
		const result = await runNode('whatsAppMessages', 'inbox', { conversationId: CONVERSATION.inbox, returnAll: true });
		expect(result.error(NODE_NAME)?.description).toBe('Inbox API said: bad key ***');
		expect(result.serialized).not.toContain(CREDENTIALS.inbox.data.apiKey);
	});

	it('an unreachable provider says where it tried, and how often, without the request', async () => {
		const refused = nock(BASE.vobiz).get(/.*/).times(2).replyWithError(Object.assign(new Error('connect ECONNREFUSED 203.0.113.1:443'), { code: 'ECONNREFUSED' }));
		const result = await runNode('whatsAppMessages', 'vobiz', { conversationId: CONVERSATION.vobiz, returnAll: true, options: { retryMaxTries: 2 } });
		expect(refused.isDone()).toBe(true);
		expect(result.error(NODE_NAME)?.message).toBe(`Could not reach Vobiz at ${BASE.vobiz}: the connection was refused`);
		expect(result.error(NODE_NAME)?.description).toBe('Check the Base URL of the credential and that the service is up. Retries: the connection was refused, 2 tries in all.');
		for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	});
});

describe('WhatsApp Messages, per item', () => {
	it('reads one history per input item, pairs items, and with Continue On Fail reports the bad item and goes on', async () => {
		mockHistory('inbox', 2);
		const result = await runNode(
			'whatsAppMessages',
			'inbox',
			{ conversationId: '={{ $json.conversation }}', returnAll: true },
			{ inputItems: [{ conversation: CONVERSATION.inbox }, { conversation: '' }, { conversation: CONVERSATION.inbox }], continueOnFail: true },
		);
		const items = result.items(NODE_NAME);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 2 }, { item: 2 }]);
		expect(items[2].json).toEqual({ error: 'Conversation ID is empty [item 1]' });
	});

	it('without Continue On Fail, an empty conversation id stops with an error naming item and field', async () => {
		// A literally empty required field is refused by n8n itself before the run; an expression can still be empty.
		const result = await runNode('whatsAppMessages', 'noxivo', { conversationId: '={{ $json.missing ?? "" }}', returnAll: true });
		expect(result.error(NODE_NAME)?.message).toBe('Conversation ID is empty [item 0]');
	});
});
