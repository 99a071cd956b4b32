'use strict';
/*
 * Part 3 of the e2e run: one Trigger workflow per provider, activated in the running n8n; the simulator
 * delivers webhooks to it and n8n's own records (executions, public API) say which runs happened.
 *
 * Per provider, in this order (n8n's HTTP answer → the runs the Trigger workflow must have afterwards):
 *   A        an incoming message (the simulator's delivery, signed or tokened as the provider does)  200 → 1 run
 *   A again  the same delivery (a provider's retry)                                                 200 → no run
 *   B bad    a new message with a bad signature (Vobiz, inbox) or a wrong token (Noxivo, 99digital) 401 → no run
 *   B        that same new message delivered correctly (only the signature/token kept it out)       200 → 1 run
 *   B again  a retry of it                                                                           200 → no run
 *   status   a delivery status of the message the demo workflow sent (message.ack)                 200 → 1 run
 *   again    a retry of it                                                                           200 → no run
 * and then exactly those 3 runs exist, in that order, each successful with one item.
 * Vobiz and 99digital must have registered the Trigger's URL at the provider on activation, and removed it
 * on deactivation.
 */

const {
	PROVIDERS,
	TRIGGER_NODE,
	configureDashboards,
	triggerUrl,
} = require('../../scripts/e2e/fixtures');
const e2e = require('../../scripts/e2e/n8n');
const { FIELDS, fieldProblems } = require('./contract');
const { CheckFailed, check, equal } = require('./steps');

const SETTLE_MS = 1000; // after a delivery that must start nothing: time for a wrong run to show up

// ---------------------------------------------------------------------------------------------------------
// The simulator's provider APIs, as a client of the provider would read them.

async function vobizSubscriptions(sim) {
	const { data } = sim.credentials('vobiz');
	const response = await fetch(`${data.baseUrl}/webhooks`, {
		headers: { 'X-Auth-ID': data.authId, 'X-Auth-Token': data.authToken },
	});
	return (await response.json()).items.map((s) => s.url);
}

async function digital99Webhook(sim) {
	const { data } = sim.credentials('digital99');
	const response = await fetch(`${data.baseUrl}/getWebhook`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ apiKey: data.apiKey, from: data.from }),
	});
	const body = await response.json();
	return { url: body.url, readStatus: body.readStatus };
}

function withToken(url, token) {
	const parsed = new URL(url);
	parsed.searchParams.set('token', token);
	return parsed.toString();
}

/** What the provider must have been told on activation (Vobiz, 99digital), read back from its API. */
async function registration(sim, provider, n8nBaseUrl) {
	const url = triggerUrl(n8nBaseUrl, provider);
	if (provider === 'vobiz') return { actual: await vobizSubscriptions(sim), expected: [url] };
	if (provider === 'digital99')
		return {
			actual: await digital99Webhook(sim),
			expected: { url: withToken(url, PROVIDERS.digital99.webhookSecret), readStatus: 1 },
		};
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Deliveries.

const DELIVERY_TIMEOUT_MS = 15000;

/**
 * The deliveries made since `mark`, once they are answered (or given up). A delivery n8n does not accept
 * is retried on the provider's schedule (Vobiz: for minutes): after DELIVERY_TIMEOUT_MS the attempts so far
 * are what the check sees.
 */
async function deliveriesSince(sim, provider, mark) {
	const made = sim.webhookDeliveries(provider).slice(mark);
	let timer;
	const timeout = new Promise((resolve) => {
		timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS);
	});
	await Promise.race([Promise.all(made.map((d) => d.settled)), timeout]);
	clearTimeout(timer);
	return made;
}

const answers = (deliveries) => deliveries.map((d) => d.attempts.map((a) => a.status ?? a.error));

/**
 * A new message the provider never sent: delivery A's body with its ids (the provider's and WhatsApp's)
 * and text replaced. The Trigger recognises a redelivery by the message's WhatsApp id where there is one
 * (its eventId), else by the provider's id, so both must change for this one to be new to it.
 */
function newMessageBody(delivery, item, textA, textB) {
	const ids = [...new Set([item.id, item.waMessageId].filter(Boolean))];
	for (const id of ids)
		check(
			delivery.body.includes(id),
			`the delivery body does not contain the message id ${id} the Trigger emitted`,
			delivery.body,
		);
	check(
		delivery.body.includes(textA),
		`the delivery body does not contain the text "${textA}"`,
		delivery.body,
	);
	let body = delivery.body;
	for (const id of ids) body = body.split(id).join(`${id}B`);
	return body.split(textA).join(textB);
}

/** Delivers `body` so that it fails the Trigger's authenticity check, as the simulator would. */
async function deliverForged(sim, provider, body, event, n8nBaseUrl) {
	if (provider === 'vobiz' || provider === 'inbox')
		return await sim.provider(provider).deliverRaw(body, { signature: 'invalid', event });
	// Noxivo and 99digital sign nothing: the secret is the ?token= in the URL they call. Point them at the
	// right URL with a wrong token for this one delivery.
	const configured =
		provider === 'noxivo'
			? withToken(triggerUrl(n8nBaseUrl, 'noxivo'), PROVIDERS.noxivo.webhookSecret)
			: (await digital99Webhook(sim)).url;
	const wrong = withToken(configured, 'not-the-webhook-secret');
	const point = (url) =>
		provider === 'noxivo' ? sim.noxivo.setWebhook(url) : sim.digital99.setWebhook({ url });
	point(wrong);
	try {
		return await sim.provider(provider).deliverRaw(body, { event });
	} finally {
		point(configured);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Executions, as n8n records them.

/** The Trigger workflow's finished executions, oldest first, through the public API. */
async function finishedRuns(pub, workflowId) {
	const executions = await pub.listExecutions({ workflowId });
	return executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status)).reverse();
}

/** One line per run: [event, text or status] of its single item, plus mode/status of the execution. */
function describeRuns(runs) {
	return runs.map((execution) => {
		const items = e2e.outputItems(execution, TRIGGER_NODE).map((i) => i.json);
		const first = items[0] || {};
		return {
			id: execution.id,
			mode: execution.mode,
			status: execution.status,
			items: items.length,
			event: first.event,
			what: first.event === 'message.ack' ? first.status : first.text,
			item: first,
		};
	});
}

async function waitForRuns(n8n, pub, workflowId, count, what) {
	return describeRuns(
		await n8n.waitFor(() => finishedRuns(pub, workflowId), { count, what, timeoutMs: 20000 }),
	);
}

// ---------------------------------------------------------------------------------------------------------

/** Dashboards for Noxivo and inbox, then activation of every Trigger workflow and its registrations. */
async function activateTriggers({ n8n, api, sim, providers, run }) {
	configureDashboards(sim, n8n.baseUrl);
	for (const provider of providers) {
		const { title, ids } = PROVIDERS[provider];
		const activated = await run.step(
			`${title}: activate the Trigger workflow (publication "published")`,
			() => api.activateWorkflow(ids.trigger),
		);
		equal(
			activated.publication.triggers.map((t) => t.status),
			['activated'],
			`${title}: Trigger activation`,
		);
		const registered = await registration(sim, provider, n8n.baseUrl);
		if (registered) {
			equal(
				registered.actual,
				registered.expected,
				`${title}: what the Trigger registered at the provider`,
			);
			run.detail(`registered at ${title}: ${JSON.stringify(registered.actual)}`);
		} else {
			run.detail(
				`${title} has no subscription API: the simulator's dashboard points at ${triggerUrl(n8n.baseUrl, provider)}`,
			);
		}
	}
}

/**
 * One delivery (or several, for `deliver`'s simulator event) and what n8n must do with it: answer
 * `statuses` and end up with exactly `expectedRuns` ([event, text or status] per run, oldest first). When
 * no new run is expected, waits SETTLE_MS for a wrong one to show up.
 */
async function deliveryStep({
	n8n,
	pub,
	sim,
	provider,
	run,
	name,
	deliver,
	statuses,
	expectedRuns,
	startsRun,
}) {
	const { title, ids } = PROVIDERS[provider];
	return await run.step(`${title}: ${name}`, async () => {
		const mark = sim.webhookDeliveries(provider).length;
		const returned = await deliver();
		const made = Array.isArray(returned) ? returned : await deliveriesSince(sim, provider, mark);
		equal(answers(made), statuses(made), `${title}, ${name}: n8n's HTTP answers`);
		let runs;
		if (startsRun) {
			const count = (typeof expectedRuns === 'function' ? expectedRuns() : expectedRuns).length;
			runs = await waitForRuns(n8n, pub, ids.trigger, count, `runs of "${title}" after: ${name}`);
		} else {
			await e2e.sleep(SETTLE_MS);
			runs = describeRuns(await finishedRuns(pub, ids.trigger));
		}
		const expected = typeof expectedRuns === 'function' ? expectedRuns() : expectedRuns;
		equal(
			runs.map((r) => [r.event, r.what]),
			expected,
			`${title}, ${name}: the Trigger workflow's runs [event, text/status]`,
		);
		return { made, runs };
	});
}

/** The deliveries of the header for one provider, and the runs they must (not) start. */
async function checkDeliveries({ n8n, pub, sim, provider, sentMessage, run }) {
	const { title, ids } = PROVIDERS[provider];
	const simulated = sim.provider(provider);
	const bad = provider === 'vobiz' || provider === 'inbox' ? 'signature' : 'token';
	const textA = `E2E ${title} message A`;
	const textB = `E2E ${title} message B`;
	const ok = (made) => made.map(() => [200]);
	const step = (options) => deliveryStep({ n8n, pub, sim, provider, run, ...options });
	const redeliver = (delivery) => () =>
		simulated.deliverRaw(delivery.body, { event: delivery.event });

	const a = await step({
		name: 'incoming message A → one run',
		deliver: () => simulated.receiveMessage({ text: textA }),
		statuses: ok,
		startsRun: true,
		expectedRuns: [['message', textA]],
	});
	const itemA = a.runs[0].item;
	equal(
		[itemA.provider, itemA.direction, itemA.fromMe],
		[provider, 'inbound', false],
		`${title}: the message item (provider, direction, fromMe)`,
	);
	const deliveryA = a.made.find((d) => d.body.includes(itemA.id)) || a.made[0];
	await step({
		name: 'message A delivered again (a retry) → 200, no run',
		deliver: redeliver(deliveryA),
		statuses: () => [[200]],
		expectedRuns: [['message', textA]],
	});

	const deliveryB = {
		body: newMessageBody(deliveryA, itemA, textA, textB),
		event: deliveryA.event,
	};
	await step({
		name: `new message B with a bad ${bad} → 401, no run`,
		deliver: () => deliverForged(sim, provider, deliveryB.body, deliveryB.event, n8n.baseUrl),
		statuses: () => [[401]],
		expectedRuns: [['message', textA]],
	});
	// The same body, delivered correctly: only the signature/token kept it out.
	const withB = [
		['message', textA],
		['message', textB],
	];
	await step({
		name: 'message B delivered correctly → one run',
		deliver: redeliver(deliveryB),
		statuses: () => [[200]],
		startsRun: true,
		expectedRuns: withB,
	});
	await step({
		name: 'message B delivered again (a retry) → 200, no run',
		deliver: redeliver(deliveryB),
		statuses: () => [[200]],
		expectedRuns: withB,
	});

	let moved = [];
	const withAck = () => [...withB, ['message.ack', moved[0]]];
	const acked = await step({
		name: 'a status of the message the demo sent → one message.ack run',
		deliver: () => {
			moved = simulated.progressStatus(String(sentMessage.id));
			check(
				moved.length === 1,
				`${title}: the simulator could not move message ${sentMessage.id} on (steps: ${JSON.stringify(moved)})`,
			);
		},
		statuses: ok,
		startsRun: true,
		expectedRuns: withAck,
	});
	const ackItem = acked.runs[2].item;
	check(
		simulated.message(String(ackItem.messageId)) === simulated.message(String(sentMessage.id)),
		`${title}: the message.ack is for ${ackItem.messageId}, not for the message the demo sent (${sentMessage.id})`,
	);
	await step({
		name: 'that status delivered again (a retry) → 200, no run',
		deliver: redeliver(acked.made[0]),
		statuses: () => [[200]],
		expectedRuns: withAck,
	});

	// The record n8n keeps.
	const final = describeRuns(await finishedRuns(pub, ids.trigger));
	for (const r of final)
		equal(
			fieldProblems([r.item], FIELDS[`event:${r.event}`] || []),
			[],
			`${title}: fields of the ${r.event} item of execution ${r.id}`,
		);
	equal(
		final.map((r) => [r.mode, r.status, r.items, r.event, r.what]),
		withAck().map(([event, what]) => ['webhook', 'success', 1, event, what]),
		`${title}: the Trigger workflow's executions (mode, status, items, event, text/status)`,
	);
	run.detail(
		`executions: ${final.map((r) => `#${r.id} ${r.event} "${r.what}"`).join(', ')} (7 deliveries: A, A again, B with a bad ${bad}, B, B again, status, status again)`,
	);
}

/** Deactivation removes what activation registered (Vobiz subscription, 99digital URL put back). */
async function deactivateTriggers({ api, sim, providers, run }) {
	for (const provider of providers) {
		const { title, ids } = PROVIDERS[provider];
		await run.step(`${title}: deactivate the Trigger workflow`, async () => {
			await api.deactivateWorkflow(ids.trigger);
			const expected =
				provider === 'vobiz'
					? []
					: provider === 'digital99'
						? { url: '', readStatus: 0 }
						: undefined;
			if (expected === undefined) return;
			const read = async () =>
				provider === 'vobiz' ? await vobizSubscriptions(sim) : await digital99Webhook(sim);
			const deadline = Date.now() + 10000;
			let actual = await read();
			while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < deadline) {
				await e2e.sleep(200);
				actual = await read();
			}
			if (JSON.stringify(actual) !== JSON.stringify(expected)) {
				throw new CheckFailed(
					`${title}: after deactivation the provider still has ${JSON.stringify(actual)} (expected ${JSON.stringify(expected)})`,
				);
			}
			run.detail(`${title} after deactivation: ${JSON.stringify(actual)}`);
		});
	}
}

module.exports = { activateTriggers, checkDeliveries, deactivateTriggers };
