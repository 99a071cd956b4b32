import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type ProviderName, type SimMessage, type Simulator } from '../simulator';
import { PROVIDERS } from '../fixtures/providers';
import { NODE_NAME, runNode } from './package';

/**
 * Acceptance 1 of issue 11: WhatsApp Messages with Newer Than on a 10,000-message history with 150 new
 * messages, through n8n-core's WorkflowExecute against the provider simulator. And WhatsApp Chats with
 * Active Since: only the chats with activity since the time, paging stopped where the rest is older.
 */

const MAX_REQUESTS: Record<ProviderName, number> = { noxivo: 3, vobiz: 3, digital99: 4, inbox: 3 };

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 1, messagesPerChat: 10_000 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});

async function read(provider: ProviderName, parameters: IDataObject) {
	const mark = sim.requests().length;
	const result = await runNode(
		'whatsAppMessages',
		provider,
		{ returnAll: true, ...parameters },
		{ credentialData: sim.credentials(provider).data },
	);
	return { result, requests: sim.requests({ provider }).filter((r) => r.seq > mark) };
}

describe.each(PROVIDERS)('Newer Than on the %s simulator', (provider) => {
	const simulated = () => sim.provider(provider);
	let conversationId: string;
	let lastSeeded: SimMessage;
	let arrived: SimMessage[];

	beforeAll(() => {
		const conversation = simulated().store.conversations[0];
		conversationId = simulated().conversationId(conversation);
		lastSeeded = conversation.messages[conversation.messages.length - 1];
		arrived = Array.from({ length: 150 }, (_, i) =>
			simulated().receiveMessage({ conversation: conversationId, text: `new ${i}` }),
		);
	});

	const expected = () =>
		arrived.map((m) => [
			simulated().messageId(m),
			new Date(m.at).toISOString(),
			`new ${arrived.indexOf(m)}`,
		]);
	const seen = (items: IDataObject[]) => items.map((i) => [i.id, i.timestamp, i.text]);

	it(`a time: exactly the 150 new messages, oldest first, in at most ${MAX_REQUESTS[provider]} requests`, async () => {
		const { result, requests } = await read(provider, {
			conversationId,
			options: { newerThan: new Date(lastSeeded.at).toISOString() },
		});
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(seen(result.output(NODE_NAME))).toEqual(expected());
		expect(requests.length).toBeLessThanOrEqual(MAX_REQUESTS[provider]);
		expect(requests.every((r) => r.status === 200)).toBe(true);
	});

	it('a message id: the same 150, the same cost', async () => {
		const { result, requests } = await read(provider, {
			conversationId,
			options: { newerThan: simulated().messageId(lastSeeded) },
		});
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(seen(result.output(NODE_NAME))).toEqual(expected());
		expect(requests.length).toBeLessThanOrEqual(MAX_REQUESTS[provider]);
	});

	it('with Limit 20: the 20 most recent of them, one request', async () => {
		const { result, requests } = await read(provider, {
			conversationId,
			returnAll: false,
			limit: 20,
			options: { newerThan: new Date(lastSeeded.at).toISOString() },
		});
		expect(seen(result.output(NODE_NAME))).toEqual(expected().slice(-20));
		expect(requests).toHaveLength(1);
	});

	it('a time after the newest message: nothing, one request', async () => {
		const newest = arrived[arrived.length - 1];
		const { result, requests } = await read(provider, {
			conversationId,
			options: { newerThan: new Date(newest.at).toISOString() },
		});
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME)).toEqual([]);
		expect(requests).toHaveLength(1);
	});
});

describe('Newer Than input', () => {
	const conversationId = () => sim.noxivo.conversationId(sim.noxivo.store.conversations[0]);

	it('a message id that is not in the conversation is an error naming it, not the whole history', async () => {
		const { result } = await read('noxivo', {
			conversationId: conversationId(),
			options: { newerThan: 'false_000@c.us_NOPE' },
		});
		expect(result.error(NODE_NAME)).toMatchObject({
			message: `Newer Than: message "false_000@c.us_NOPE" is not in conversation ${conversationId()} [item 0]`,
		});
	}, 60_000);

	it('an n8n date from an expression works as a time', async () => {
		const conversation = sim.noxivo.store.conversations[0];
		const tenth = conversation.messages[conversation.messages.length - 11];
		const { result } = await read('noxivo', {
			conversationId: conversationId(),
			options: { newerThan: `={{ DateTime.fromMillis(${tenth.at}) }}` },
		});
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME).map((i) => i.id)).toEqual(
			conversation.messages.slice(-10).map((m) => sim.noxivo.messageId(m)),
		);
	});

	it("a time without an offset is read in the workflow's time zone (n8n's default, America/New_York, here)", async () => {
		const conversation = sim.noxivo.store.conversations[0];
		const fifth = conversation.messages[conversation.messages.length - 6];
		const local = DateTime.fromMillis(fifth.at, { zone: 'America/New_York' }).toFormat(
			"yyyy-MM-dd'T'HH:mm:ss",
		);
		const { result } = await read('noxivo', {
			conversationId: conversationId(),
			options: { newerThan: local },
		});
		expect(result.output(NODE_NAME)).toHaveLength(5);
	});
});

describe.each(PROVIDERS)('Active Since on the %s simulator', (provider) => {
	let chatSim: Simulator;
	beforeAll(async () => {
		// 150 chats: more than one page of chats on every provider that pages them.
		chatSim = await startSimulator({
			seed: { chats: 150, messagesPerChat: 2 },
			statusStepMs: null,
		});
	});
	afterAll(async () => {
		await chatSim.close();
	});

	it('only the chats with a message since the time; paging stops where the rest is older', async () => {
		const simulated = chatSim.provider(provider);
		const [c1, c2] = [simulated.store.conversations[120], simulated.store.conversations[140]];
		const since = simulated.store.timeline[simulated.store.timeline.length - 1].at + 1000;
		chatSim.advanceClock(5000);
		simulated.receiveMessage({ conversation: simulated.conversationId(c1), text: 'back again' });
		simulated.receiveMessage({ conversation: simulated.conversationId(c2), text: 'me too' });
		const mark = chatSim.requests().length;
		const result = await runNode(
			'whatsAppChats',
			provider,
			{ returnAll: true, options: { activeSince: new Date(since).toISOString() } },
			{ credentialData: chatSim.credentials(provider).data },
		);
		expect(result.error(NODE_NAME)).toBeUndefined();
		const requests = chatSim.requests({ provider }).filter((r) => r.seq > mark);
		const items = result.output(NODE_NAME);
		if (provider === 'vobiz') {
			// Vobiz gives no last message: every conversation whose 24-hour window is open at the time is kept.
			expect(items.length).toBe(150);
			const windows = simulated.store.conversations
				.map((c) => simulated.store.windowClosesAt(c))
				.sort((a, b) => a - b);
			const later = windows[75];
			const open = simulated.store.conversations.filter(
				(c) => simulated.store.windowClosesAt(c) >= later,
			);
			const narrowed = await runNode(
				'whatsAppChats',
				provider,
				{ returnAll: true, options: { activeSince: new Date(later).toISOString() } },
				{ credentialData: chatSim.credentials(provider).data },
			);
			expect(
				narrowed
					.output(NODE_NAME)
					.map((i) => i.phone)
					.sort(),
			).toEqual(open.map((c) => c.contact.phone).sort());
			expect(open.length).toBeLessThan(150);
		} else {
			expect(items.map((i) => i.phone)).toEqual([c2.contact.phone, c1.contact.phone]);
			// One page of chats (or of 99digital's account history) holds both: nothing further is fetched.
			expect(requests.filter((r) => !/contacts/.test(r.endpoint))).toHaveLength(1);
		}
	});
});
