import { PAGES_IN_FLIGHT } from '../../bridge/pagination/engine';
import { startSimulator, type ProviderName, type Simulator } from '../simulator';
import { NODE_NAME, runNode } from './package';

/**
 * WhatsApp Messages, Return All, through n8n-core's WorkflowExecute against the provider simulator, on the
 * providers whose pages can be in flight at once (Noxivo's offsets, 99digital's page numbers): a 429 mid-read
 * makes the read go one page at a time, and every message still comes once, oldest first.
 */

const HISTORY: Partial<Record<ProviderName, string>> = {
	noxivo: 'GET /api/v1/inbox/conversations/:conversationId/messages',
	digital99: 'POST /whatsapp/v2/getHistory',
};
const MESSAGES = 1000;
/** 10 pages of 100; 99digital's 20 pages of 50 and the empty page that ends them. */
const PAGES: Partial<Record<ProviderName, number>> = { noxivo: 10, digital99: 21 };

// A real Retry-After wait on 2 shared cores.
jest.setTimeout(30_000);
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 1, messagesPerChat: MESSAGES }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.disturbances.clear());

describe.each(['noxivo', 'digital99'] as const)('%s, pages in flight', (provider) => {
	it('a 429 (Retry-After: 1) on the 4th request: then one request at a time; every message once, oldest first; pages + in flight requests at most, the retry aside', async () => {
		const simulated = sim.provider(provider);
		const conversation = simulated.store.conversations[0];
		sim.disturb({
			provider,
			endpoint: HISTORY[provider],
			skip: 3,
			times: 1,
			disturbance: { kind: 'rateLimit', retryAfterSeconds: 1 },
		});
		// Answers that take a while, so that requests out at once would overlap in the log.
		sim.disturb({
			provider,
			endpoint: HISTORY[provider],
			times: Infinity,
			disturbance: { kind: 'slow', delayMs: 40 },
		});
		const mark = sim.requests().length;
		const result = await runNode(
			'whatsAppMessages',
			provider,
			{ conversationId: simulated.conversationId(conversation), returnAll: true },
			{ credentialData: sim.credentials(provider).data },
		);

		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.id)).toEqual(
			conversation.messages.map((m) => simulated.messageId(m)),
		);
		const requests = sim
			.requests({ provider })
			.filter((r) => r.seq > mark)
			.sort((a, b) => a.receivedAt - b.receivedAt);
		expect(requests.length).toBeLessThanOrEqual(PAGES[provider]! + PAGES_IN_FLIGHT + 1);
		const limited = requests.findIndex((r) => r.status === 429);
		expect(requests.filter((r) => r.status === 429)).toHaveLength(1);
		const page = (r: (typeof requests)[number]) => JSON.stringify([r.query, r.body]);
		const retried = requests.findIndex(
			(r, i) => i > limited && page(r) === page(requests[limited]),
		);
		expect(requests[retried].receivedAt - requests[limited].receivedAt).toBeGreaterThanOrEqual(
			1000,
		);
		// From the retried page on, each request goes out only after the one before was answered.
		for (let i = retried + 1; i < requests.length; i++) {
			expect(requests[i].receivedAt).toBeGreaterThanOrEqual(
				requests[i - 1].receivedAt + requests[i - 1].durationMs,
			);
		}
	});
});
