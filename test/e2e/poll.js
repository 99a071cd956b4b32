'use strict';
/*
 * `npm run test:e2e -- --poll` (issue 11, acceptance 2): one WhatsApp Poll Trigger workflow per provider,
 * active in the real n8n, polling every minute (n8n's Poll Times, cron at second 0). The simulator receives
 * three batches of new messages between polls:
 *   batch 1  three messages in three chats                                       → the next poll: 1 run
 *   batch 2  two in the same second as batch 1's last message, one a second later → the next poll: 1 run
 *   (n8n stops; its saved static data is read back; batch 3 arrives while n8n is down)
 *   batch 3  two in the same second as batch 2's last message                    → the poll at start: 1 run
 *   then one more scheduled poll                                                 → no run
 * n8n's executions (public API) must hold every message exactly once and none else. Messages of one second
 * in different chats have no order a provider tells, so order is checked second by second (as a set within
 * one second). About 5 minutes after n8n starts: the polls are a minute apart.
 */

const fixtures = require('../../scripts/e2e/fixtures');
const e2e = require('../../scripts/e2e/n8n');
const simulator = require('../../scripts/e2e/simulator');
const { FIELDS, fieldProblems } = require('./contract');
const { CheckFailed, check, equal } = require('./steps');

const POLL_NODE = 'WhatsApp Poll Trigger';
const POLL_IDS = {
	noxivo: 'pollNoxivo000001',
	vobiz: 'pollVobiz0000001',
	digital99: 'pollDigital99001',
	inbox: 'pollInbox0000001',
};
/** A scheduled poll at the next minute, plus time for n8n to run it and record the execution. */
const NEXT_POLL_MS = 75_000;

function pollWorkflow(sim, provider) {
	const credential = sim.credentials(provider);
	return {
		id: POLL_IDS[provider],
		name: `WhatsApp Poll Trigger: ${fixtures.PROVIDERS[provider].title} (simulator)`,
		nodes: [
			{
				id: 'poll',
				name: POLL_NODE,
				type: 'CUSTOM.whatsAppPollTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { provider, pollTimes: { item: [{ mode: 'everyMinute' }] }, options: {} },
				credentials: {
					[credential.type]: {
						id: fixtures.PROVIDERS[provider].ids.credential,
						name: `${fixtures.PROVIDERS[provider].title} (simulator)`,
					},
				},
			},
		],
		connections: {},
	};
}

/** A new inbound text in chat `chat` of the provider's simulator; `sameSecond`: in the newest message's second. */
function arrive(sim, provider, chat, text, sameSecond = false) {
	const simulated = sim.provider(provider);
	const conversation = simulated.store.conversations[chat];
	const message = simulated.receiveMessage({
		conversation: simulated.conversationId(conversation),
		text,
		sameSecond,
	});
	return { id: simulated.messageId(message), timestamp: new Date(message.at).toISOString(), text };
}

/** [[timestamp, sorted ids of that second], ...] in the order given. */
function bySecond(messages) {
	const groups = [];
	for (const { timestamp, id } of messages) {
		const last = groups[groups.length - 1];
		if (last && last[0] === timestamp) last[1].push(id);
		else groups.push([timestamp, [id]]);
	}
	return groups.map(([timestamp, ids]) => [timestamp, ids.sort()]);
}

/** The Poll Trigger workflow's finished executions, oldest first, each as its items' json. */
async function runs(pub, provider) {
	const executions = await pub.listExecutions({ workflowId: POLL_IDS[provider] });
	return executions
		.filter((e) => !['new', 'running', 'waiting'].includes(e.status))
		.reverse()
		.map((execution) => ({
			id: execution.id,
			mode: execution.mode,
			status: execution.status,
			items: e2e.outputItems(execution, POLL_NODE).map((i) => i.json),
		}));
}

async function waitForRuns(pub, providers, count, what) {
	const deadline = Date.now() + NEXT_POLL_MS;
	for (;;) {
		const all = await Promise.all(providers.map((p) => runs(pub, p)));
		if (all.every((list) => list.length >= count))
			return Object.fromEntries(providers.map((p, i) => [p, all[i]]));
		if (Date.now() > deadline) {
			throw new CheckFailed(
				`${what}: expected ${count} runs per provider within ${NEXT_POLL_MS / 1000} s, got ${providers.map((p, i) => `${p} ${all[i].length}`).join(', ')}`,
			);
		}
		await e2e.sleep(1000);
	}
}

/** The static data n8n keeps for the workflow, read back through the public API. */
async function savedMark(pub, provider) {
	const workflow = await pub.json('GET', `/workflows/${POLL_IDS[provider]}`);
	return workflow.staticData?.[`node:${POLL_NODE}`]?.poll?.mark;
}

/**
 * The whole poll e2e on a fresh n8n (after run.js's prepare): simulator, credentials and Poll Trigger
 * workflows imported, n8n started; `live` gets the simulator and n8n so run.js stops them whatever happens.
 */
async function runPolling({ providers, run, live }) {
	const now = Date.now();
	// The seeded history ends a minute ago (the simulator's clock then runs with n8n's): it is all "old".
	const sim = (live.sim = await simulator.startSimulator({
		seed: { chats: 3, messagesPerChat: 5, endAt: Math.floor(now / 1000) * 1000 - 60_000 },
	}));
	const n8n = (live.n8n = await e2e.createInstance({
		extensions: live.pkg.extensionsDir,
		log: run.log,
	}));
	await run.step(
		`n8n import:credentials + import:workflow (${providers.length} Poll Trigger workflows)`,
		async () => {
			await n8n.importCredentials(providers.map((p) => fixtures.credential(sim, p)));
			await n8n.importWorkflow(providers.map((p) => pollWorkflow(sim, p)));
		},
	);
	await run.step('n8n start (until /healthz/readiness)', () => n8n.start());
	const api = await run.step('POST /rest/owner/setup', () => n8n.setupOwner());
	await checkPolling({ n8n, api, sim, providers, run });
	await run.step('stop n8n (process group, ports closed)', () => n8n.stop());
}

/**
 * The batches, on a started n8n with the Poll Trigger workflows imported (not yet active). With `restart`,
 * n8n is stopped before batch 3 and started again (the poll at start must emit it).
 */
async function checkPolling({ n8n, api: firstApi, sim, providers, run, restart = true }) {
	let api = firstApi;
	const pub = await run.step('POST /rest/api-keys (public API for executions)', () =>
		api.createApiKey('poll e2e'),
	);
	await run.step(
		`activate ${providers.length} Poll Trigger workflows (their activation polls mark "now")`,
		async () => {
			for (const provider of providers) await api.activateWorkflow(POLL_IDS[provider]);
		},
	);
	for (const provider of providers) {
		const mark = await savedMark(pub, provider);
		check(
			mark && typeof mark.at === 'string',
			`${provider}: no high-water mark in the workflow's static data after activation (${JSON.stringify(mark)})`,
		);
		run.detail(`${provider}: activation mark ${JSON.stringify(mark)}`);
	}

	const sent = Object.fromEntries(providers.map((p) => [p, []]));
	const expectRuns = async (count, batches, what) => {
		const seen = await run.step(what, () => waitForRuns(pub, providers, count, what));
		for (const provider of providers) {
			const list = seen[provider];
			equal(list.length, count, `${provider}: runs of the Poll Trigger workflow after ${what}`);
			const latest = list[count - 1];
			equal([latest.status, latest.mode], ['success', 'trigger'], `${provider}: run ${latest.id}`);
			equal(
				bySecond(latest.items),
				bySecond(batches[provider]),
				`${provider}: the messages of run ${latest.id} (by second)`,
			);
			equal(
				fieldProblems(latest.items, FIELDS['event:message']),
				[],
				`${provider}: fields of the items of run ${latest.id} (the WhatsApp Trigger's message events)`,
			);
			equal(
				latest.items.map((i) => [i.event, i.eventId]),
				latest.items.map((i) => ['message', `${provider}:message:${i.waMessageId ?? i.id}`]),
				`${provider}: event and eventId of run ${latest.id}`,
			);
			run.detail(
				`${provider}: run ${latest.id}: ${latest.items.map((i) => `${i.text}@${i.timestamp.slice(11, 19)}`).join(', ')}`,
			);
		}
	};
	const batch = (make) => {
		const made = {};
		for (const provider of providers) {
			made[provider] = make(provider);
			sent[provider].push(...made[provider]);
		}
		return made;
	};

	const batch1 = batch((p) => [
		arrive(sim, p, 0, 'b1 one'),
		arrive(sim, p, 2, 'b1 two'),
		arrive(sim, p, 1, 'b1 three'),
	]);
	await expectRuns(1, batch1, 'batch 1 (3 messages) → the next scheduled poll');

	const batch2 = batch((p) => [
		arrive(sim, p, 0, 'b2 same second', true),
		arrive(sim, p, 2, 'b2 same second too', true),
		arrive(sim, p, 1, 'b2 next second'),
	]);
	for (const p of providers)
		equal(
			batch2[p][0].timestamp,
			batch1[p][2].timestamp,
			`${p}: batch 2 starts in batch 1's last second`,
		);
	await expectRuns(
		2,
		batch2,
		'batch 2 (2 in the previous last second, 1 after) → the next scheduled poll',
	);

	if (!restart) {
		const batch3 = batch((p) => [
			arrive(sim, p, 1, 'b3 same second', true),
			arrive(sim, p, 0, 'b3 same second too', true),
		]);
		for (const p of providers)
			equal(
				batch3[p][0].timestamp,
				batch2[p][2].timestamp,
				`${p}: batch 3 is in batch 2's last second`,
			);
		await expectRuns(
			3,
			batch3,
			'batch 3 (2 in the previous last second) → the next scheduled poll',
		);
	} else {
		await run.step('stop n8n', () => n8n.stop());
		const batch3 = batch((p) => [
			arrive(sim, p, 1, 'b3 while n8n is down', true),
			arrive(sim, p, 0, 'b3 while n8n is down too', true),
		]);
		for (const p of providers)
			equal(
				batch3[p][0].timestamp,
				batch2[p][2].timestamp,
				`${p}: batch 3 is in batch 2's last second`,
			);
		await run.step(
			'start n8n again (the active workflows are activated, each with its activation poll)',
			() => n8n.start(),
		);
		api = await n8n.login();
		for (const provider of providers) {
			const mark = await savedMark(pub, provider);
			const last = batch2[provider][2];
			equal(
				mark,
				{ at: last.timestamp, ids: [last.id] },
				`${provider}: the high-water mark n8n saved, read back after the restart`,
			);
		}
		run.detail(
			"static data saved by n8n and read back after the restart: the mark of batch 2's last message",
		);
		await expectRuns(
			3,
			batch3,
			'batch 3 (2 in the previous last second, arrived while n8n was down) → the poll at start',
		);
	}

	await run.step('one more scheduled poll with nothing new: no run', async () => {
		await e2e.sleep(NEXT_POLL_MS);
		for (const provider of providers) {
			const list = await runs(pub, provider);
			equal(list.length, 3, `${provider}: runs after a poll with nothing new`);
			const emitted = list.flatMap((r) => r.items);
			equal(
				emitted.length,
				sent[provider].length,
				`${provider}: messages emitted in all (each exactly once)`,
			);
			equal(
				bySecond(emitted),
				bySecond(sent[provider]),
				`${provider}: every message sent, exactly once, oldest first`,
			);
		}
	});
	for (const provider of providers) await api.deactivateWorkflow(POLL_IDS[provider]);
	run.detail(`${providers.map((p) => `${p}: ${sent[p].length} messages in 3 runs`).join('; ')}`);
}

module.exports = { runPolling, checkPolling, pollWorkflow, POLL_IDS };
