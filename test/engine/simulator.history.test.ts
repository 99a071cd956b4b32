import type { IDataObject } from 'n8n-workflow';

import { PAGES_IN_FLIGHT } from '../../bridge/pagination/engine';

import { startSimulator, type ProviderName, type SimMessage, type Simulator } from '../simulator';
import { PROVIDERS } from '../fixtures/providers';
import { NODE_NAME, runNode } from './package';

/**
 * WhatsApp Messages, Return All, through n8n-core's WorkflowExecute against the provider simulator (a real
 * HTTP server): 2,000 messages per conversation, then the same while new messages arrive on every page.
 */

/** The history endpoint of each provider, as the simulator's request log names it. */
const HISTORY: Record<ProviderName, string> = {
	noxivo: 'GET /api/v1/inbox/conversations/:conversationId/messages',
	vobiz: 'GET /api/v1/messaging/conversations/:id/messages',
	digital99: 'POST /whatsapp/v2/getHistory',
	inbox: 'GET /api/whatsapp/messages',
};

/**
 * ceil(2000 / largest page): 100 for Noxivo, Vobiz and the inbox API; 99digital's fixed 50, plus the empty page
 * that ends it. Noxivo's offsets and 99digital's page numbers are read PAGES_IN_FLIGHT at a time: up to two pages
 * past the last are asked for, and the first page once more at the end (bridge/pagination/engine.ts).
 */
const REQUESTS_FOR_2000: Record<ProviderName, number> = {
	noxivo: 20 + PAGES_IN_FLIGHT,
	vobiz: 20,
	digital99: 41 + PAGES_IN_FLIGHT,
	inbox: 20,
};

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 2000 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});

async function readHistory(provider: ProviderName, conversationIndex: number) {
	const simulated = sim.provider(provider);
	const conversation = simulated.store.conversations[conversationIndex];
	const mark = sim.requests().length;
	const result = await runNode(
		'whatsAppMessages',
		provider,
		{ conversationId: simulated.conversationId(conversation), returnAll: true },
		{ credentialData: sim.credentials(provider).data },
	);
	expect(result.error(NODE_NAME)).toBeUndefined();
	const requests = sim.requests({ provider }).filter((r) => r.seq > mark);
	return {
		items: result.output(NODE_NAME),
		conversation,
		requests,
		idOf: (m: SimMessage) => simulated.messageId(m),
	};
}

/** What a user sees of a message, and what the simulator says it is. */
const seen = (item: IDataObject) => [item.id, item.timestamp, item.direction, item.fromMe];
const truth = (idOf: (m: SimMessage) => string) => (m: SimMessage) => [
	idOf(m),
	new Date(m.at).toISOString(),
	m.direction,
	m.direction === 'outbound',
];

describe.each(PROVIDERS)('WhatsApp Messages against the %s simulator', (provider) => {
	it('Return All over 2,000 messages gives exactly the seeded history, oldest first, in the fewest requests', async () => {
		const { items, conversation, requests, idOf } = await readHistory(provider, 0);
		expect(items).toHaveLength(2000);
		expect(items.map(seen)).toEqual(conversation.messages.map(truth(idOf)));
		const texts = conversation.messages.filter((m) => m.kind === 'text');
		const textIds = new Set(texts.map(idOf));
		expect(items.filter((i) => textIds.has(String(i.id))).map((i) => i.text)).toEqual(
			texts.map((m) => m.text),
		);
		expect(requests.map((r) => `${r.endpoint} ${r.status}`)).toEqual(
			Array(REQUESTS_FOR_2000[provider]).fill(`${HISTORY[provider]} 200`),
		);
	});

	it('the same while 7 new messages arrive before every page after the first: no duplicate, no gap in the seeded part', async () => {
		const arrivals = sim.disturb({
			provider,
			endpoint: HISTORY[provider],
			skip: 1,
			times: Infinity,
			disturbance: { kind: 'insertMessages', count: 7 },
		});
		let run: Awaited<ReturnType<typeof readHistory>>;
		try {
			run = await readHistory(provider, 1);
		} finally {
			arrivals.remove();
		}
		const { items, conversation, requests, idOf } = run;
		const ids = items.map((i) => String(i.id));
		expect(new Set(ids).size).toBe(ids.length);

		const seeded = conversation.messages.filter((m) => m.seeded);
		const seededIds = new Set(seeded.map(idOf));
		expect(items.filter((i) => seededIds.has(String(i.id))).map(seen)).toEqual(
			seeded.map(truth(idOf)),
		);

		const arrived = conversation.messages.filter((m) => !m.seeded);
		expect(arrived).toHaveLength(7 * (requests.length - 1));
		const arrivedIds = new Set(arrived.map(idOf));
		expect(ids.filter((id) => !seededIds.has(id)).every((id) => arrivedIds.has(id))).toBe(true);
		const times = items.map((i) => String(i.timestamp));
		expect(times).toEqual(times.slice().sort());
	});
});
