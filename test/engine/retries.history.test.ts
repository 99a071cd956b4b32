import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PAGES_IN_FLIGHT } from '../../bridge/pagination/engine';

import {
	startSimulator,
	PROVIDER_NAMES,
	type ProviderName,
	type SimMessage,
	type Simulator,
} from '../simulator';
import type { Disturbance } from '../simulator/core/disturbances';
import { runWorkflow, singleNodeWorkflow } from './harness';
import { NODE_NAME, credentialTypes, nodeTypes, runNode } from './package';
import { CREDENTIALS } from '../fixtures/providers';

/**
 * WhatsApp Messages, Return All, through n8n-core's WorkflowExecute against the provider simulator, with one
 * transient fault at page 5 (issue 9, acceptance 1) and with a provider that keeps refusing (acceptance 2).
 */

const HISTORY: Record<ProviderName, string> = {
	noxivo: 'GET /api/v1/inbox/conversations/:conversationId/messages',
	vobiz: 'GET /api/v1/messaging/conversations/:id/messages',
	digital99: 'POST /whatsapp/v2/getHistory',
	inbox: 'GET /api/whatsapp/messages',
};

const MESSAGES = 2100;
/** ceil(2100 / largest page): 100 for Noxivo, Vobiz and the inbox API; 99digital's fixed 50, plus the empty page that ends it. */
const PAGES: Record<ProviderName, number> = { noxivo: 21, vobiz: 21, digital99: 43, inbox: 21 };
/**
 * Noxivo's offsets and 99digital's page numbers are read PAGES_IN_FLIGHT at a time; after a fault one at a
 * time, and such a read ends by asking for its first page again (bridge/pagination/engine.ts).
 */
const IN_FLIGHT: Record<ProviderName, boolean> = {
	noxivo: true,
	vobiz: false,
	digital99: true,
	inbox: false,
};
const FIRST_PAGE_CHECK: Record<ProviderName, number> = {
	noxivo: 1,
	vobiz: 0,
	digital99: 1,
	inbox: 0,
};
/** The records of 4 whole pages, read before page 5. */
const BEFORE_PAGE_5: Record<ProviderName, number> = {
	noxivo: 400,
	vobiz: 400,
	digital99: 200,
	inbox: 400,
};
/** How each provider names the token of page 5, as the error gives it. */
const PAGE_5_AT: Record<ProviderName, RegExp> = {
	noxivo: /page 5 \(offset 400\)/,
	vobiz: /page 5 \(cursor "[^"]+"\)/,
	digital99: /page 5 after/,
	inbox: /page 5 \(before "[^"]+"\)/,
};

const FAULTS: Array<[string, Disturbance]> = [
	['a 429 with Retry-After: 1', { kind: 'rateLimit', retryAfterSeconds: 1 }],
	['a 503', { kind: 'serverError', status: 503 }],
	['a connection reset', { kind: 'reset' }],
];

// Real waits (Retry-After, backoff, timeouts) on 2 shared cores: more than jest's 5 s default.
jest.setTimeout(30_000);
let sim: Simulator;
beforeAll(async () => {
	// Reads change nothing: every run reads the same conversation.
	sim = await startSimulator({ seed: { chats: 1, messagesPerChat: MESSAGES }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.disturbances.clear());

/** What a user sees of a message, and what the simulator says it is. */
const seen = (item: IDataObject) => [item.id, item.timestamp];
const truth = (idOf: (m: SimMessage) => string) => (m: SimMessage) => [
	idOf(m),
	new Date(m.at).toISOString(),
];

async function readHistory(
	provider: ProviderName,
	conversationIndex: number,
	options: INodeParameters = {},
	continueOnFail = false,
) {
	const simulated = sim.provider(provider);
	const conversation = simulated.store.conversations[conversationIndex];
	const mark = sim.requests().length;
	const started = Date.now();
	const result = await runNode(
		'whatsAppMessages',
		provider,
		{ conversationId: simulated.conversationId(conversation), returnAll: true, options },
		{ credentialData: sim.credentials(provider).data, continueOnFail },
	);
	const requests = sim.requests({ provider }).filter((r) => r.seq > mark);
	return {
		result,
		conversation,
		requests,
		ms: Date.now() - started,
		idOf: (m: SimMessage) => simulated.messageId(m),
	};
}

describe.each(FAULTS)('Return All over 2,100 messages with %s at page 5', (_label, disturbance) => {
	it.each(PROVIDER_NAMES)(
		'%s: every message once, oldest first, in pages + 1 requests (+ the first page checked again)',
		async (provider) => {
			sim.disturb({ provider, endpoint: HISTORY[provider], skip: 4, times: 1, disturbance });
			const { result, conversation, requests, idOf } = await readHistory(provider, 0);

			expect(result.error(NODE_NAME)).toBeUndefined();
			const items = result.output(NODE_NAME);
			expect(items).toHaveLength(MESSAGES);
			expect(items.map(seen)).toEqual(conversation.messages.map(truth(idOf)));
			// The pages in flight with the faulted one were needed: none was asked for in vain.
			expect(requests).toHaveLength(PAGES[provider] + 1 + FIRST_PAGE_CHECK[provider]);
			// The failed page is asked for again, not page 1.
			const failed = requests.find((r) => r.disturbance !== null)!;
			const retried = requests.find(
				(r) =>
					r.seq > failed.seq &&
					r.path === failed.path &&
					JSON.stringify([r.query, r.body]) === JSON.stringify([failed.query, failed.body]),
			)!;
			expect(failed).toBe(requests[4]);
			expect(failed.status).toBe(
				disturbance.kind === 'reset' ? 0 : disturbance.kind === 'rateLimit' ? 429 : 503,
			);
			expect([retried.path, retried.query, retried.body]).toEqual([
				failed.path,
				failed.query,
				failed.body,
			]);
			expect(retried.status).toBe(200);
			if (disturbance.kind === 'rateLimit')
				expect(retried.receivedAt - failed.receivedAt).toBeGreaterThanOrEqual(1000);
		},
	);
});

describe('a provider that keeps answering 429 from page 5 on', () => {
	const options = { retryMaxTries: 3 };

	it('on every provider (run side by side), the run ends within the retry budget, naming the provider, the records read and the page reached', async () => {
		const runs = await Promise.all(
			PROVIDER_NAMES.map(async (provider) => {
				sim.disturb({
					provider,
					endpoint: HISTORY[provider],
					skip: 4,
					times: Infinity,
					disturbance: { kind: 'rateLimit', retryAfterSeconds: 1 },
				});
				return { provider, ...(await readHistory(provider, 0, options)) };
			}),
		);
		for (const { provider, result, requests, ms } of runs) {
			const error = result.error(NODE_NAME);
			const pageOf = (r: (typeof requests)[number]) => JSON.stringify([r.query, r.body]);
			expect(error?.message).toMatch(
				new RegExp(
					`^${providerLabel(provider)}: too many requests \\(rate limited\\) \\(HTTP 429\\); paging stopped at page 5\\b.* after ${BEFORE_PAGE_5[provider]} messages$`,
				),
			);
			expect(error?.message).toMatch(PAGE_5_AT[provider]);
			expect(error?.description).toContain(`failed at page 5`);
			expect(error?.description).toContain(`Retries: rate limited (HTTP 429), 3 tries in all.`);
			// 4 pages, then page 5 three times, 1 s apart (Retry-After), and nothing after; where pages are in
			// flight, the ones sent with page 5 before its first 429 came back retry the same way, and no other is sent.
			const page5 = requests.filter((r) => pageOf(r) === pageOf(requests[4]));
			expect(page5.map((r) => r.status)).toEqual([429, 429, 429]);
			expect(page5[2].receivedAt - page5[0].receivedAt).toBeGreaterThanOrEqual(2000);
			const after = requests.slice(4);
			expect(requests.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
			expect(after.every((r) => r.status === 429)).toBe(true);
			const pagesAfter = new Set(after.map(pageOf));
			expect(pagesAfter.size).toBeLessThanOrEqual(IN_FLIGHT[provider] ? PAGES_IN_FLIGHT : 1);
			expect(after).toHaveLength(3 * pagesAfter.size);
			// The waits (2 s) and the 7 requests, well under the 60 s wait budget.
			expect(ms).toBeLessThan(10_000);
		}
	});

	it.each(PROVIDER_NAMES)(
		'%s: with Continue On Fail, the records read come out first, oldest first, then one error item',
		async (provider) => {
			sim.disturb({
				provider,
				endpoint: HISTORY[provider],
				skip: 4,
				times: Infinity,
				disturbance: { kind: 'rateLimit', retryAfterSeconds: 0 },
			});
			const { result, conversation, idOf } = await readHistory(
				provider,
				0,
				{ retryMaxTries: 2 },
				true,
			);

			expect(result.error(NODE_NAME)).toBeUndefined();
			const items = result.items(NODE_NAME);
			const read = BEFORE_PAGE_5[provider];
			expect(items).toHaveLength(read + 1);
			// The newest `read` messages of the conversation, in chronological order.
			expect(items.slice(0, read).map((i) => seen(i.json))).toEqual(
				conversation.messages.slice(-read).map(truth(idOf)),
			);
			const last = items[read];
			expect(last.json).toEqual({
				error: expect.stringMatching(
					new RegExp(`HTTP 429\\); paging stopped at page 5\\b.* after ${read} messages$`),
				),
			});
			expect(last.error?.message).toBe(last.json.error);
			expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		},
	);
});

describe("n8n's Retry On Fail, with the bridge's retries off", () => {
	it('on every provider (run side by side), the second try goes on at the page that failed, not page 1', async () => {
		const runs = await Promise.all(
			PROVIDER_NAMES.map(async (provider) => {
				sim.disturb({
					provider,
					endpoint: HISTORY[provider],
					skip: 4,
					times: 1,
					disturbance: { kind: 'serverError', status: 503 },
				});
				const simulated = sim.provider(provider);
				const conversation = simulated.store.conversations[0];
				const credential = CREDENTIALS[provider];
				const workflow = singleNodeWorkflow({
					name: NODE_NAME,
					type: 'whatsAppMessages',
					parameters: {
						provider,
						conversationId: simulated.conversationId(conversation),
						returnAll: true,
						options: { retryTransientErrors: false },
					},
					credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
					retryOnFail: true,
					maxTries: 2,
					waitBetweenTries: 1,
				});
				const mark = sim.requests().length;
				const result = await runWorkflow({
					nodeTypes,
					credentialTypes,
					credentials: [{ type: credential.type, data: sim.credentials(provider).data }],
					workflow,
				});
				const requests = sim.requests({ provider }).filter((r) => r.seq > mark);
				return {
					provider,
					result,
					conversation,
					requests,
					idOf: (m: SimMessage) => simulated.messageId(m),
				};
			}),
		);
		for (const { provider, result, conversation, requests, idOf } of runs) {
			expect(result.error(NODE_NAME)).toBeUndefined();
			expect(result.output(NODE_NAME).map(seen)).toEqual(conversation.messages.map(truth(idOf)));
			expect(requests[4].status).toBe(503);
			// The second try starts at page 5 (after the pages in flight with it on the first try): no page read
			// before it is asked for again, but for the first page's check at the end.
			const pageOf = (r: (typeof requests)[number]) => JSON.stringify([r.path, r.query, r.body]);
			const later = requests.slice(5);
			expect(later.find((r) => pageOf(r) === pageOf(requests[4]))?.status).toBe(200);
			const readBefore = new Set(requests.slice(0, 4).map(pageOf));
			expect(
				later
					.slice(0, later.length - FIRST_PAGE_CHECK[provider])
					.filter((r) => readBefore.has(pageOf(r))),
			).toEqual([]);
			if (IN_FLIGHT[provider]) {
				expect(requests.length).toBeGreaterThanOrEqual(
					PAGES[provider] + 1 + FIRST_PAGE_CHECK[provider],
				);
				expect(requests.length).toBeLessThanOrEqual(
					PAGES[provider] + PAGES_IN_FLIGHT + FIRST_PAGE_CHECK[provider],
				);
			} else {
				expect(requests).toHaveLength(PAGES[provider] + 1);
			}
		}
	});
});

function providerLabel(provider: ProviderName): string {
	return {
		noxivo: 'Noxivo Engine',
		vobiz: 'Vobiz',
		digital99: '99digital',
		inbox: 'WhatsApp Inbox API',
	}[provider];
}
