import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSimulator, PROVIDER_NAMES, type ProviderName, type Simulator } from '../simulator';
import type { Disturbance } from '../simulator/core/disturbances';
import { runWorkflow, singleNodeWorkflow } from './harness';
import { NODE_NAME, credentialTypes, nodeTypes } from './package';
import { CREDENTIALS } from '../fixtures/providers';

/**
 * WhatsApp Send under faults, with n8n's Retry On Fail on, against the provider simulator: each recipient
 * gets exactly one message (counted at the simulator), and a send that may have gone out says so (issue 9,
 * acceptance 3).
 */

const SEND: Record<ProviderName, string> = {
	noxivo: 'POST /api/v1/messages/send',
	vobiz: 'POST /api/v1/messaging/messages',
	digital99: 'POST /whatsapp/v2/sendMessage',
	inbox: 'POST /api/whatsapp/messages/send',
};

// Real waits (Retry-After, backoff, timeouts) on 2 shared cores: more than jest's 5 s default.
jest.setTimeout(30_000);
let sim: Simulator;
beforeAll(async () => {
	// 99digital sends free text only within 24 h of the contact's last message: the seeded chats are recent.
	sim = await startSimulator({ seed: { chats: 9, messagesPerChat: 2 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.disturbances.clear());

/** Three recipients of the provider no other test sends to. */
let nextChat = 0;
function recipients(provider: ProviderName): string[] {
	const conversations = sim.provider(provider).store.conversations;
	return [0, 1, 2].map(() => conversations[nextChat++ % conversations.length].contact.phone);
}

function deliveriesTo(
	provider: ProviderName,
	phones: string[],
	before: Record<string, number>,
): number[] {
	const now = sim.deliveryCounts(provider);
	return phones.map((phone) => (now[phone] ?? 0) - (before[phone] ?? 0));
}

/** Sends "Hi" to each phone, one item each, with n8n's Retry On Fail (2 tries, 1 ms apart). */
async function sendWithRetryOnFail(
	provider: ProviderName,
	phones: string[],
	options: INodeParameters = {},
) {
	const credential = CREDENTIALS[provider];
	const workflow = singleNodeWorkflow({
		name: NODE_NAME,
		type: 'whatsAppSend',
		parameters: { provider, to: '={{ $json.to }}', messageType: 'text', text: 'Hi', options },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
		retryOnFail: true,
		maxTries: 2,
		waitBetweenTries: 1,
	});
	const mark = sim.requests().length;
	const before = sim.deliveryCounts(provider);
	const result = await runWorkflow({
		nodeTypes,
		credentialTypes,
		credentials: [{ type: credential.type, data: sim.credentials(provider).data }],
		workflow,
		startNode: NODE_NAME,
		inputItems: phones.map((phone): INodeExecutionData => ({ json: { to: `+${phone}` } })),
	});
	const sends = sim.requests({ provider, endpoint: SEND[provider] }).filter((r) => r.seq > mark);
	const secrets = Object.entries(sim.credentials(provider).data).filter(([field]) =>
		/key|token|secret/i.test(field),
	);
	for (const [, secret] of secrets) expect(result.serialized).not.toContain(String(secret));
	return { result, sends, deliveries: deliveriesTo(provider, phones, before) };
}

/** The second item's send is disturbed once. */
function disturbItem2(provider: ProviderName, disturbance: Disturbance): void {
	sim.disturb({ provider, endpoint: SEND[provider], skip: 1, times: 1, disturbance });
}

describe.each(PROVIDER_NAMES)(
	'WhatsApp Send on %s, 3 items, the second failing once',
	(provider) => {
		it('with a 503: the bridge sends it again (nothing was processed); each recipient receives exactly one message', async () => {
			const phones = recipients(provider);
			disturbItem2(provider, { kind: 'serverError', status: 503 });
			const { result, sends, deliveries } = await sendWithRetryOnFail(provider, phones);
			expect(result.error(NODE_NAME)).toBeUndefined();
			expect(result.output(NODE_NAME)).toHaveLength(3);
			expect(sends.map(outcome)).toEqual(['accepted', 503, 'accepted', 'accepted']);
			expect(deliveries).toEqual([1, 1, 1]);
		});

		it("with a 503 and the bridge's retries off: n8n's Retry On Fail runs the node again, and item 1 is not sent again", async () => {
			const phones = recipients(provider);
			disturbItem2(provider, { kind: 'serverError', status: 503 });
			const { result, sends, deliveries } = await sendWithRetryOnFail(provider, phones, {
				retryTransientErrors: false,
			});
			expect(result.error(NODE_NAME)).toBeUndefined();
			// Try 1: item 1 sent, item 2 refused (item 3 waits for it and is not sent); try 2: items 2 and 3.
			expect(sends.map((r) => bodyTo(r.body))).toEqual(
				[phones[0], phones[1], phones[1], phones[2]].map((p) => expect.stringContaining(p)),
			);
			expect(deliveries).toEqual([1, 1, 1]);
			const ids = result.output(NODE_NAME).map((item) => item.id);
			expect(new Set(ids).size).toBe(3);
		});
	},
);

describe.each(PROVIDER_NAMES)(
	'WhatsApp Send on %s: the provider accepted item 2 but its answer is lost',
	(provider) => {
		it('the connection drops: one delivery per recipient, and without an idempotency key an error that says it may have been sent', async () => {
			const phones = recipients(provider);
			disturbItem2(provider, { kind: 'resetAfterProcessing' });
			const { result, sends, deliveries } = await sendWithRetryOnFail(provider, phones);
			if (provider === 'noxivo') {
				// The bridge sends it again with the same Idempotency-Key; Noxivo answers the first send's result.
				expect(result.error(NODE_NAME)).toBeUndefined();
				expect(sends).toHaveLength(4);
				expect(sends[2].headers['idempotency-key']).toBe(sends[1].headers['idempotency-key']);
				expect(deliveries).toEqual([1, 1, 1]);
				return;
			}
			const error = result.error(NODE_NAME);
			expect(error?.message).toMatch(
				/was dropped before an answer came; the message may have been sent$/,
			);
			expect(error?.description).toMatch(MAY_HAVE_BEEN_SENT);
			// n8n ran the node twice; item 2 went out once, and item 3, after a failed item, not at all.
			expect(sends.map(outcome)).toEqual(['accepted', 'reset']);
			expect(deliveries).toEqual([1, 1, 0]);
		});

		it('its answer is cut off: one delivery per recipient, and an error that says it may have been sent', async () => {
			const phones = recipients(provider);
			disturbItem2(provider, { kind: 'truncatedJson' });
			const { result, sends, deliveries } = await sendWithRetryOnFail(provider, phones);
			const error = result.error(NODE_NAME);
			expect(error?.message).toMatch(
				/answered the send without a (message|"unique") id; the message may have been sent$/,
			);
			expect(error?.description).toMatch(MAY_HAVE_BEEN_SENT);
			expect(sends).toHaveLength(2);
			expect(deliveries).toEqual([1, 1, 0]);
		});
	},
);

const MAY_HAVE_BEEN_SENT =
	/may have taken the message before its answer was lost, so it was not sent again\. Check WhatsApp Messages for this conversation, or the WhatsApp Trigger's message\.ack events, before you send it again\./;

/** A send request's outcome at the simulator: accepted (2xx), the connection reset (logged as 0), or the status. */
function outcome(request: { status: number }): string | number {
	if (request.status === 0) return 'reset';
	return request.status >= 200 && request.status < 300 ? 'accepted' : request.status;
}

function bodyTo(body: unknown): string {
	const to = (body as { to?: unknown } | undefined)?.to;
	return typeof to === 'string' ? to : '';
}
