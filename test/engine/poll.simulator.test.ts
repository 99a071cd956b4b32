import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSimulator, type ProviderName, type SimMessage, type Simulator } from '../simulator';
import { FIXTURES, PROVIDERS } from '../fixtures/providers';
import { startPoller, type Poller } from './pollHarness';
import { startTrigger } from './webhookHarness';

/**
 * The WhatsApp Poll Trigger against the provider simulator, polled the way n8n's main process polls it
 * (n8n-core's PollContext, static data saved as n8n saves it): messages arriving between polls, in the same
 * second as the previous poll's last message, a restart between polls, own messages, a per-poll maximum.
 */

let sim: Simulator;
let poller: Poller;

/** The history endpoint of each provider, as the simulator's request log names it. */
const HISTORY: Record<ProviderName, string> = {
	noxivo: 'GET /api/v1/inbox/conversations/:conversationId/messages',
	vobiz: 'GET /api/v1/messaging/conversations/:id/messages',
	digital99: 'POST /whatsapp/v2/getHistory',
	inbox: 'GET /api/whatsapp/messages',
};

beforeEach(async () => {
	// The simulated clock runs with the real one, as a provider's does: "now" means the same on both sides.
	const now = Math.floor(Date.now() / 1000) * 1000;
	sim = await startSimulator({
		seed: { chats: 3, messagesPerChat: 4, endAt: now - 60_000 },
		statusStepMs: null,
		startAt: now,
	});
});
afterEach(async () => {
	await sim.close();
});

const start = (provider: ProviderName, options: IDataObject = {}) =>
	(poller = startPoller(
		provider,
		{ options: options as INodeParameters },
		{ credentialData: sim.credentials(provider).data },
	));

function arrive(
	provider: ProviderName,
	chat: number,
	text: string,
	sameSecond = false,
): SimMessage {
	const simulated = sim.provider(provider);
	return simulated.receiveMessage({
		conversation: simulated.conversationId(simulated.store.conversations[chat]),
		text,
		sameSecond,
	});
}

const ids = (provider: ProviderName, messages: SimMessage[]) =>
	messages.map((m) => sim.provider(provider).messageId(m));
const emitted = (items: IDataObject[] | null) => (items ?? []).map((i) => i.id);

/**
 * Messages in time order, those of one second as a set: messages of different chats that share a second
 * have no order a provider tells (within one chat they keep the provider's order, checked in bridge tests).
 */
const bySecond = (entries: Array<[unknown, unknown]>) => {
	const groups: Array<[string, string[]]> = [];
	for (const [time, id] of entries) {
		const last = groups[groups.length - 1];
		if (last && last[0] === String(time)) last[1].push(String(id));
		else groups.push([String(time), [String(id)]]);
	}
	return groups.map(([time, group]) => [time, group.sort()]);
};
const emittedBySecond = (items: IDataObject[] | null) =>
	bySecond((items ?? []).map((i) => [i.timestamp, i.id]));
const expectedBySecond = (provider: ProviderName, messages: SimMessage[]) =>
	bySecond(
		messages.map((m) => [new Date(m.at).toISOString(), sim.provider(provider).messageId(m)]),
	);

describe.each(PROVIDERS)('WhatsApp Poll Trigger on the %s simulator', (provider) => {
	it('every message that arrived since the last poll, once, oldest first, across chats, boundaries and a restart', async () => {
		start(provider);
		expect(await poller.activate()).toBeNull();
		expect(await poller.poll()).toBeNull();

		const batch1 = [
			arrive(provider, 0, 'one'),
			arrive(provider, 2, 'two'),
			arrive(provider, 1, 'three'),
		];
		const first = await poller.poll();
		expect(emitted(first)).toEqual(ids(provider, batch1));
		expect(first?.[0]).toMatchObject({
			event: 'message',
			provider,
			direction: 'inbound',
			fromMe: false,
			type: 'text',
			text: 'one',
		});
		expect(first?.[0].eventId).toBe(
			`${provider}:message:${String(first?.[0].waMessageId ?? first?.[0].id)}`,
		);

		// Two in the same second as the last message of batch 1, in other chats, then one a second later.
		const batch2 = [
			arrive(provider, 0, 'four', true),
			arrive(provider, 2, 'five', true),
			arrive(provider, 1, 'six'),
		];
		expect(batch2[0].at).toBe(batch1[2].at);
		expect(emittedBySecond(await poller.poll())).toEqual(expectedBySecond(provider, batch2));

		// n8n restarts: the mark comes back from the saved static data; nothing is emitted again.
		expect(poller.saved().poll).toMatchObject({
			mark: { at: new Date(batch2[2].at).toISOString(), ids: ids(provider, [batch2[2]]) },
		});
		expect(await poller.restart()).toBeNull();

		const batch3 = [arrive(provider, 2, 'seven', true), arrive(provider, 0, 'eight', true)];
		expect(emittedBySecond(await poller.poll())).toEqual(expectedBySecond(provider, batch3));
		expect(await poller.poll()).toBeNull();

		expect(poller.executions.map((items) => items.length)).toEqual([3, 3, 2]);
		expect(emittedBySecond(poller.executions.flat())).toEqual(
			expectedBySecond(provider, [...batch1, ...batch2, ...batch3]),
		);
	});

	it('messages of one chat in one second come in the order they arrived', async () => {
		start(provider);
		await poller.activate();
		const batch = [
			arrive(provider, 1, 'first'),
			arrive(provider, 1, 'second', true),
			arrive(provider, 1, 'third', true),
		];
		expect(emitted(await poller.poll())).toEqual(ids(provider, batch));
	});

	it('Max Messages Per Poll: the rest on the next polls, in order, none lost at a shared second', async () => {
		start(provider, { maxMessages: 2 });
		await poller.activate();
		// Three in one second: the maximum cuts through it, and the next poll starts inside that second.
		const batch = [
			arrive(provider, 0, 'a'),
			arrive(provider, 1, 'b', true),
			arrive(provider, 2, 'c', true),
			arrive(provider, 0, 'd'),
			arrive(provider, 1, 'e'),
		];
		const polls = [
			await poller.poll(),
			await poller.poll(),
			await poller.poll(),
			await poller.poll(),
		];
		expect(polls.map((items) => items?.length ?? 0)).toEqual([2, 2, 1, 0]);
		expect(emittedBySecond(polls.flatMap((items) => items ?? []))).toEqual(
			expectedBySecond(provider, batch),
		);
	});

	it('Start From: the first poll emits everything since then (a backfill)', async () => {
		const simulated = sim.provider(provider);
		const seeded = simulated.store.timeline;
		const since = seeded[seeded.length - 3].at;
		start(provider, { startFrom: new Date(since).toISOString() });
		const backfill = await poller.activate();
		expect(emitted(backfill)).toEqual(
			ids(
				provider,
				seeded.slice(-3).filter((m) => m.direction === 'inbound'),
			),
		);
		expect(await poller.poll()).toBeNull();
	});

	it('Only These Chats (by phone number) and own messages: skipped, and not read again', async () => {
		const simulated = sim.provider(provider);
		const chosen = simulated.store.conversations[1];
		start(provider, { onlyChats: `+${chosen.contact.phone}` });
		await poller.activate();
		const mine = arrive(provider, 1, 'mine');
		arrive(provider, 0, 'not mine');
		const own = simulated.store.add(chosen, {
			direction: 'outbound',
			kind: 'text',
			text: 'our reply',
			media: null,
			location: null,
			status: 'sent',
		});
		const after = arrive(provider, 1, 'mine again');
		expect(emitted(await poller.poll())).toEqual(ids(provider, [mine, after]));
		expect(poller.saved().poll).toMatchObject({ mark: { at: new Date(after.at).toISOString() } });
		expect(own.at).toBeLessThan(after.at);
		expect(await poller.poll()).toBeNull();
	});

	it('a poll that fails (HTTP 500 on the history) emits nothing and loses nothing: the next poll has it all', async () => {
		start(provider);
		await poller.activate();
		const before = poller.saved();
		const batch = [
			arrive(provider, 0, 'during the outage'),
			arrive(provider, 1, 'also during the outage'),
		];
		const outage = sim.disturb({
			provider,
			endpoint: HISTORY[provider],
			times: Infinity,
			disturbance: { kind: 'serverError', status: 500 },
		});
		await expect(poller.poll()).rejects.toThrow(
			`${FIXTURES[provider].displayName}: the provider had an internal error (HTTP 500)`,
		);
		outage.remove();
		expect(poller.saved()).toEqual(before);
		expect(emitted(await poller.poll())).toEqual(ids(provider, batch));
	});

	it('a poll that meets one 429 (Retry-After: 1) waits, retries and emits the new messages', async () => {
		start(provider);
		await poller.activate();
		const batch = [arrive(provider, 0, 'after the rate limit')];
		const mark = sim.requests({ provider }).length;
		sim.disturb({
			provider,
			endpoint: HISTORY[provider],
			disturbance: { kind: 'rateLimit', retryAfterSeconds: 1 },
		});
		expect(emitted(await poller.poll())).toEqual(ids(provider, batch));
		const history = sim
			.requests({ provider })
			.slice(mark)
			.filter((r) => r.endpoint === HISTORY[provider]);
		expect(history[0].status).toBe(429);
		expect(history[1].receivedAt - history[0].receivedAt).toBeGreaterThanOrEqual(1000);
	});

	it('Fetch Test Event: the latest few messages, oldest first, and the mark untouched', async () => {
		start(provider);
		await poller.activate();
		const saved = poller.saved();
		const latest = await poller.fetchTestEvent();
		const inbound = sim.provider(provider).store.timeline.filter((m) => m.direction === 'inbound');
		expect(emitted(latest)).toEqual(ids(provider, inbound.slice(-5)));
		expect(poller.saved()).toEqual(saved);
		expect(poller.executions).toEqual([]);
	});
});

describe("a provider clock behind n8n's", () => {
	it.each(PROVIDERS)(
		'%s, 40 s behind: a message arriving right after activation is still emitted, the history before it is not',
		async (provider) => {
			const now = Date.now();
			const behind = await startSimulator({
				seed: { chats: 2, messagesPerChat: 3, endAt: now - 50_000 },
				startAt: now - 40_000,
				statusStepMs: null,
			});
			try {
				const polling = startPoller(
					provider,
					{},
					{ credentialData: behind.credentials(provider).data },
				);
				expect(await polling.activate()).toBeNull();
				const late = behind
					.provider(provider)
					.receiveMessage({ text: "stamped 40 s in n8n's past" });
				expect(emitted(await polling.poll())).toEqual([behind.provider(provider).messageId(late)]);
			} finally {
				await behind.close();
			}
		},
	);
});

describe('the same message through both triggers', () => {
	it.each(PROVIDERS)(
		'%s: the webhook Trigger and the Poll Trigger give it the same eventId',
		async (provider) => {
			const SECRETS = {
				vobiz: 'sim-vobiz-subscription-secret',
				inbox: 'sim-inbox-webhook-secret',
			} as const;
			const trigger = await startTrigger(
				provider,
				{ events: ['message'] },
				provider === 'vobiz' || provider === 'inbox'
					? { credentialData: { webhookSecret: SECRETS[provider] } }
					: {},
			);
			const now = Math.floor(Date.now() / 1000) * 1000;
			const both = await startSimulator({
				seed: { chats: 2, messagesPerChat: 2, endAt: now - 60_000 },
				startAt: now,
				statusStepMs: null,
				noxivo: { webhookUrl: trigger.url },
				vobiz: { webhooks: [{ url: trigger.url, secret: SECRETS.vobiz }] },
				digital99: { webhook: { url: trigger.url, readStatus: 1 } },
				inbox: { webhook: { url: trigger.url, secret: SECRETS.inbox } },
			});
			try {
				const polling = startPoller(
					provider,
					{},
					{ credentialData: both.credentials(provider).data },
				);
				await polling.activate();
				both.provider(provider).receiveMessage({ text: 'seen twice' });
				await both.webhooksIdle();
				const [polled] = (await polling.poll()) ?? [];
				const [[pushed]] = trigger.executions;
				expect(polled.eventId).toBe(pushed.eventId);
				expect(polled).toMatchObject({
					event: 'message',
					text: 'seen twice',
					timestamp: pushed.timestamp,
				});
			} finally {
				await both.close();
				await trigger.close();
			}
		},
	);
});
