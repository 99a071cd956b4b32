import { createServer } from 'node:net';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FIXTURES, PROVIDERS, type ProviderId } from '../fixtures/providers';
import { startSimulator, type LoggedRequest, type SimMessage, type Simulator } from '../simulator';
import { NODE_NAME, runNode } from './package';
import { MESSAGE_FIELDS } from '../contract';

/**
 * WhatsApp Messages through n8n-core's WorkflowExecute against the provider simulator, over one conversation
 * of 250 messages: the exact page requests of Return All, Limit, the item a user gets and its pairing, Include
 * Raw, and the errors a user reads. Long histories and messages arriving while paging: simulator.history.test.ts.
 */

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 1, messagesPerChat: 250 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});

async function read(
	provider: ProviderId,
	parameters: INodeParameters,
	options: {
		credentialData?: IDataObject;
		continueOnFail?: boolean;
		inputItems?: IDataObject[];
	} = {},
) {
	const simulated = sim.provider(provider);
	const conversation = simulated.store.conversations[0];
	const conversationId = simulated.conversationId(conversation);
	const mark = sim.requests().length;
	const result = await runNode(
		'whatsAppMessages',
		provider,
		{ conversationId, ...parameters },
		{
			...options,
			credentialData: { ...sim.credentials(provider).data, ...options.credentialData },
		},
	);
	const requests = sim.requests({ provider }).filter((r) => r.seq > mark);
	return {
		result,
		history: conversation.messages,
		conversationId,
		requests,
		idOf: (m: SimMessage) => simulated.messageId(m),
	};
}

type Run = Awaited<ReturnType<typeof read>>;
type PageRequest = Pick<LoggedRequest, 'method' | 'path' | 'query'> & { body?: unknown };
const pageRequest = ({ method, path, query, body }: LoggedRequest): PageRequest => ({
	method,
	path,
	query,
	...(body === undefined ? {} : { body }),
});

/** The exact page requests each provider should see for Return All over 250 messages (docs/providers.md §1.4.3, §2.4.2, §3.3.1, §4.3.1). */
const RETURN_ALL_REQUESTS: Record<ProviderId, (run: Run) => PageRequest[]> = {
	// Offsets and page numbers are read three at a time (bridge/pagination/engine.ts): two pages past the last
	// are asked for, and the first page once more at the end; those in flight at once go out in any order.
	noxivo: ({ conversationId }) =>
		[0, 100, 200, 300, 400, 0].map((offset) => ({
			method: 'GET',
			path: `/api/v1/inbox/conversations/${conversationId}/messages`,
			query: { limit: '100', offset: String(offset) },
		})),
	// The opaque cursor of each page is the one the page before it gave.
	vobiz: ({ conversationId, requests }) =>
		[0, 1, 2].map((i) => ({
			method: 'GET',
			path: `/api/v1/messaging/conversations/${conversationId}/messages`,
			query:
				i === 0
					? { limit: '100' }
					: ({
							limit: '100',
							cursor: String(
								(requests[i - 1]?.responseBody as { next_cursor?: unknown } | undefined)
									?.next_cursor,
							),
						} as Record<string, string>),
		})),
	// 250 is exactly five full pages of 50 and getHistory gives no total (§3.3.1): only a sixth, empty page
	// shows the history has ended. 249 messages cost five requests (below).
	digital99: ({ conversationId }) =>
		[1, 2, 3, 4, 5, 6, 7, 8, 1].map((page) => ({
			method: 'POST',
			path: '/whatsapp/v2/getHistory',
			query: {},
			body: {
				to: conversationId,
				page,
				apiKey: sim.credentials('digital99').data.apiKey,
				from: sim.credentials('digital99').data.from,
			},
		})),
	// `before` is the oldest message of the page before.
	inbox: ({ conversationId, history, idOf }) =>
		[undefined, history[150], history[50]].map((before) => ({
			method: 'GET',
			path: '/api/whatsapp/messages',
			query: { conversationId, limit: '100', ...(before ? { before: idOf(before) } : {}) },
		})),
};

/** The provider records of a history answer (what Include Raw puts in `raw`). */
const RECORDS: Record<ProviderId, (answer: unknown) => unknown[]> = {
	noxivo: (answer) => (answer as { messages: unknown[] }).messages,
	vobiz: (answer) => (answer as { items: unknown[] }).items,
	digital99: (answer) => answer as unknown[],
	inbox: (answer) => (answer as { data: unknown[] }).data,
};

/** A credential with a wrong key, and the error a user reads for it. */
const REJECTED_KEY: Record<ProviderId, { credentialData: IDataObject; message: string }> = {
	noxivo: {
		credentialData: { apiKey: 'nx_wrong_key' },
		message: 'Noxivo Engine: the credentials were rejected (HTTP 401)',
	},
	vobiz: {
		credentialData: { authToken: 'vobiz-wrong-token' },
		message: 'Vobiz: the credentials were rejected (HTTP 401)',
	},
	digital99: {
		credentialData: { apiKey: 'd99-wrong-key' },
		message: '99digital refused the request: the API key is wrong',
	},
	inbox: {
		credentialData: { apiKey: 'inbox-wrong-key' },
		message: 'WhatsApp Inbox API: the credentials were rejected (HTTP 401)',
	},
};

/** Whether the provider reports a voice note as played (Noxivo's ack 4, docs/providers.md §0.1); the others' last status is read. */
const REPORTS_PLAYED: Record<ProviderId, boolean> = {
	noxivo: true,
	vobiz: false,
	digital99: false,
	inbox: false,
};
const statusSeen = (provider: ProviderId, m: SimMessage) =>
	m.direction === 'inbound'
		? null
		: m.status === 'played' && !REPORTS_PLAYED[provider]
			? 'read'
			: m.status;

/** The simulator's credential secrets for the provider: none may appear in a run's output. */
const secretsOf = (provider: ProviderId) =>
	FIXTURES[provider].secretFields.map((field) => sim.credentials(provider).data[field]);

describe.each(PROVIDERS)('WhatsApp Messages on %s', (provider) => {
	it('Return All over a 250-message history: 250 unique messages, oldest first, in the fewest requests', async () => {
		const run = await read(provider, { returnAll: true });
		const { result, history, requests, idOf } = run;

		expect(result.error(NODE_NAME)).toBeUndefined();
		const items = result.output(NODE_NAME);
		expect(items).toHaveLength(250);
		expect(new Set(items.map((m) => m.id)).size).toBe(250);
		expect(items.map((m) => m.id)).toEqual(history.map(idOf));
		expect(items.map((m) => m.timestamp)).toEqual(history.map((m) => new Date(m.at).toISOString()));
		const sent = requests.map(pageRequest);
		const expected = RETURN_ALL_REQUESTS[provider](run);
		const inAnyOrder = (list: PageRequest[]) => list.map((r) => JSON.stringify(r)).sort();
		expect(sent[0]).toEqual(expected[0]);
		expect(sent.at(-1)).toEqual(expected.at(-1));
		expect(inAnyOrder(sent)).toEqual(inAnyOrder(expected));
	});

	it('Limit 30: one request, the 30 most recent messages, oldest first', async () => {
		const { result, history, requests, idOf } = await read(provider, {
			returnAll: false,
			limit: 30,
		});
		expect(result.output(NODE_NAME).map((m) => m.id)).toEqual(history.slice(220).map(idOf));
		expect(requests).toHaveLength(1);
		// 99digital has a fixed page of 50 (§3.3.1); the others are asked for exactly 30.
		if (provider === 'digital99') expect((requests[0].body as IDataObject).page).toBe(1);
		else expect(requests[0].query.limit).toBe('30');
	});

	it('every item is the unified Message with all fields present, as the provider has it, and paired to its input item', async () => {
		const { result, history, idOf } = await read(provider, { returnAll: false, limit: 20 });
		const items = result.items(NODE_NAME);
		const recent = history.slice(230);
		for (const { json } of items)
			expect(Object.keys(json).sort()).toEqual(MESSAGE_FIELDS.slice().sort());
		expect(
			items.map(({ json }) => [json.provider, json.id, json.direction, json.fromMe, json.status]),
		).toEqual(
			recent.map((m) => [
				provider,
				idOf(m),
				m.direction,
				m.direction === 'outbound',
				statusSeen(provider, m),
			]),
		);
		const texts = recent.filter((m) => m.kind === 'text');
		expect(items.filter(({ json }) => json.type === 'text').map(({ json }) => json.text)).toEqual(
			texts.map((m) => m.text),
		);
		expect(items.map((i) => i.pairedItem)).toEqual(recent.map(() => ({ item: 0 })));
	});

	it('Include Raw adds the provider record as raw', async () => {
		const { result, requests } = await read(provider, {
			returnAll: false,
			limit: 5,
			options: { includeRaw: true },
		});
		const raws = result.output(NODE_NAME).map((item) => JSON.stringify(item.raw));
		const records = RECORDS[provider](requests[0].responseBody).map((record) =>
			JSON.stringify(record),
		);
		expect(raws).toHaveLength(5);
		expect(records).toEqual(expect.arrayContaining(raws));
	});

	it('a rejected key ends the run with an error a user understands, with no secret anywhere', async () => {
		const { credentialData, message } = REJECTED_KEY[provider];
		const { result } = await read(provider, { returnAll: true }, { credentialData });
		const error = result.error(NODE_NAME);
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/credential/);
		for (const secret of [...secretsOf(provider), ...Object.values(credentialData).map(String)])
			expect(result.serialized).not.toContain(secret);
	});
});

describe('WhatsApp Messages on digital99, a history of 249', () => {
	it('Return All: five pages, the last one short (+ two in flight past it, and page 1 checked again)', async () => {
		const short = await startSimulator({
			seed: { chats: 1, messagesPerChat: 249 },
			statusStepMs: null,
		});
		try {
			const conversationId = short.digital99.conversationId(short.digital99.store.conversations[0]);
			const result = await runNode(
				'whatsAppMessages',
				'digital99',
				{ conversationId, returnAll: true },
				{ credentialData: short.credentials('digital99').data },
			);
			expect(result.output(NODE_NAME)).toHaveLength(249);
			const pages = short
				.requests({ provider: 'digital99' })
				.map((r) => Number((r.body as IDataObject).page));
			expect([...pages].sort()).toEqual([1, 1, 2, 3, 4, 5, 6, 7]);
			expect(pages.at(-1)).toBe(1);
		} finally {
			await short.close();
		}
	});
});

describe('WhatsApp Messages, a provider that ignores the cursor', () => {
	const ignoringCursor = (provider: ProviderId, endpoint: string) =>
		sim.disturb({ provider, endpoint, skip: 1, times: 1, disturbance: { kind: 'repeatAnswer' } });

	it('Vobiz giving the same page again ends the run with an error naming the provider and the cursor', async () => {
		const rule = ignoringCursor('vobiz', 'GET /api/v1/messaging/conversations/:id/messages');
		try {
			const started = Date.now();
			const { result, requests } = await read('vobiz', { returnAll: true });
			const cursor = String((requests[0].responseBody as { next_cursor: unknown }).next_cursor);
			expect(result.error(NODE_NAME)?.message).toBe(
				`Vobiz returned the same cursor "${cursor}" twice while paging messages`,
			);
			expect(requests).toHaveLength(2);
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			rule.remove();
		}
	});

	it('an inbox API that ignores `before` ends with an error naming the anchor', async () => {
		const rule = ignoringCursor('inbox', 'GET /api/whatsapp/messages');
		try {
			const { result, history, idOf } = await read('inbox', { returnAll: true });
			expect(result.error(NODE_NAME)?.message).toBe(
				`WhatsApp Inbox API returned the same before "${idOf(history[150])}" twice while paging messages`,
			);
		} finally {
			rule.remove();
		}
	});
});

describe('WhatsApp Messages, provider errors a user understands, with no secret anywhere', () => {
	it('a secret echoed back by a provider is masked', async () => {
		const rule = sim.disturb({
			provider: 'inbox',
			endpoint: 'GET /api/whatsapp/messages',
			disturbance: { kind: 'echoRequest', status: 400 },
		});
		try {
			const { result } = await read('inbox', { returnAll: true });
			expect(result.error(NODE_NAME)?.description).toMatch(
				/^WhatsApp Inbox API said: Rejected request GET \/api\/whatsapp\/messages: .*\*\*\*/,
			);
			for (const secret of secretsOf('inbox')) expect(result.serialized).not.toContain(secret);
		} finally {
			rule.remove();
		}
	});

	it('an unreachable provider says where it tried, and how often, without the request', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as { port: number };
				server.close(() => resolve(port));
			});
		});
		const baseUrl = `http://127.0.0.1:${closedPort}/api/v1/messaging`;
		const { result } = await read(
			'vobiz',
			{ returnAll: true, options: { retryMaxTries: 2 } },
			{ credentialData: { baseUrl } },
		);
		expect(result.error(NODE_NAME)?.message).toBe(
			`Could not reach Vobiz at ${baseUrl}: the connection was refused`,
		);
		expect(result.error(NODE_NAME)?.description).toBe(
			'Check the Base URL of the credential and that the service is up. Retries: the connection was refused, 2 tries in all.',
		);
		for (const secret of secretsOf('vobiz')) expect(result.serialized).not.toContain(secret);
	});
});

describe('WhatsApp Messages, per item', () => {
	it('reads one history per input item, pairs items, and with Continue On Fail reports the bad item and goes on', async () => {
		const conversation = sim.inbox.conversationId(sim.inbox.store.conversations[0]);
		const { result } = await read(
			'inbox',
			{ conversationId: '={{ $json.conversation }}', returnAll: false, limit: 2 },
			{
				inputItems: [{ conversation }, { conversation: '' }, { conversation }],
				continueOnFail: true,
			},
		);
		const items = result.items(NODE_NAME);
		expect(items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
		]);
		expect(items[2].json).toEqual({ error: 'Conversation ID is empty [item 1]' });
	});

	it('without Continue On Fail, an empty conversation id stops with an error naming item and field', async () => {
		// A literally empty required field is refused by n8n itself before the run; an expression can still be empty.
		const { result, requests } = await read('noxivo', {
			conversationId: '={{ $json.missing ?? "" }}',
			returnAll: true,
		});
		expect(result.error(NODE_NAME)?.message).toBe('Conversation ID is empty [item 0]');
		expect(requests).toEqual([]);
	});
});
