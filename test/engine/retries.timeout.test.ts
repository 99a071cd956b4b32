import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import { NODE_NAME, nodeTypes, runNode } from './package';

/** The Timeout option of every action node, against a slow provider simulator, for reads and sends. */

const HISTORY = 'GET /api/v1/messaging/conversations/:id/messages';
const SEND = 'POST /api/v1/messaging/messages';

// Real waits (Retry-After, backoff, timeouts) on 2 shared cores: more than jest's 5 s default.
jest.setTimeout(30_000);
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 150 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.disturbances.clear());

const credentialData = () => ({ credentialData: sim.credentials('vobiz').data });

function readHistory(options: INodeParameters) {
	const conversationId = sim.vobiz.conversationId(sim.vobiz.store.conversations[0]);
	return runNode(
		'whatsAppMessages',
		'vobiz',
		{ conversationId, returnAll: true, options },
		credentialData(),
	);
}

describe('Timeout', () => {
	it('every action node has Timeout and the retry options under Options', () => {
		const actionNodes = Object.values(nodeTypes).filter(
			(node) => !node.description.group.includes('trigger'),
		);
		expect(actionNodes.map((node) => node.description.name).sort()).toEqual([
			'whatsAppChats',
			'whatsAppMessages',
			'whatsAppSend',
			'whatsAppStatus',
		]);
		for (const node of actionNodes) {
			const options = node.description.properties.find((p) => p.name === 'options')
				?.options as INodeProperties[];
			expect(options.map((o) => [o.name, o.default])).toEqual(
				expect.arrayContaining([
					['timeout', 300],
					['retryTransientErrors', true],
					['retryMaxTries', 4],
					['retryMaxWait', 60],
				]),
			);
		}
	});

	it('a page slower than the Timeout is asked for again, and the read goes on', async () => {
		sim.disturb({
			provider: 'vobiz',
			endpoint: HISTORY,
			skip: 1,
			times: 1,
			disturbance: { kind: 'slow', delayMs: 1500 },
		});
		const result = await readHistory({ timeout: 1 });
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME)).toHaveLength(150);
	});

	it('a provider that never answers in time: the error says so in seconds, and how often it was tried', async () => {
		sim.disturb({
			provider: 'vobiz',
			endpoint: HISTORY,
			times: Infinity,
			disturbance: { kind: 'slow', delayMs: 1500 },
		});
		const started = Date.now();
		const result = await readHistory({ timeout: 1, retryMaxTries: 2 });
		expect(result.error(NODE_NAME)?.message).toBe('Vobiz did not answer within 1 s');
		expect(result.error(NODE_NAME)?.description).toBe(
			'Raise the Timeout option of the node if the provider is just slow, or try again later. Retries: the request timed out, 2 tries in all.',
		);
		// Two tries of 1 s and one wait of at most 0.5 s, not n8n's 300 s.
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('a send that timed out is not sent again, and says it may have been sent', async () => {
		const phone = sim.vobiz.store.conversations[1].contact.phone;
		const before = sim.deliveryCounts('vobiz')[phone] ?? 0;
		sim.disturb({
			provider: 'vobiz',
			endpoint: SEND,
			times: 1,
			disturbance: { kind: 'slow', delayMs: 1500 },
		});
		const result = await runNode(
			'whatsAppSend',
			'vobiz',
			{ to: `+${phone}`, messageType: 'text', text: 'Hi', options: { timeout: 1 } },
			credentialData(),
		);
		expect(result.error(NODE_NAME)?.message).toBe(
			'Vobiz did not answer within 1 s; the message may have been sent',
		);
		expect(result.error(NODE_NAME)?.description).toMatch(
			/^Vobiz may have taken the message before its answer was lost, so it was not sent again\. Check WhatsApp Messages/,
		);
		// The slow provider still takes the message once its delay is over.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(
			sim.requests({ provider: 'vobiz', endpoint: SEND }).filter((r) => r.disturbance !== null),
		).toHaveLength(1);
		expect((sim.deliveryCounts('vobiz')[phone] ?? 0) - before).toBe(1);
	});

	it('a Timeout of 0 is refused with a clear error', async () => {
		const result = await readHistory({ timeout: 0 });
		expect(result.error(NODE_NAME)?.message).toBe(
			'Timeout must be a number of seconds above 0, not 0 [item 0]',
		);
	});
});
