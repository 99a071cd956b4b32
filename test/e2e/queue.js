#!/usr/bin/env node
'use strict';
/*
 * `npm run test:e2e:queue`: the package in n8n's queue mode, as users scale it out (scripts/e2e/queue.js):
 * PostgreSQL and Redis from Debian's packages, one main, one worker and two webhook processes of n8n 2.41.1,
 * a round-robin proxy in front of the webhook processes, the provider simulator delivering to the proxy.
 *
 *   1. every provider's demo workflow, run from the editor's "Execute workflow" (REST), executed by the worker
 *      (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS) and checked item by item (the same checks as test:e2e);
 *   2. per provider, a Trigger workflow with the documented dedupe step (WhatsApp Trigger → Remove Duplicates
 *      "Remove Items Processed in Previous Executions" on {{ $json.eventId }} → "Act on event"): a message and
 *      a delivery status, each delivered once (one run), again to the same webhook process and again to the
 *      other one; the step after the dedupe must run exactly once per event;
 *   3. per provider, a WhatsApp Poll Trigger workflow (n8n runs pollers on the main process, the worker runs
 *      the executions): three batches of new messages, two of them in the previous batch's last second;
 *      every message emitted exactly once (the checks of `npm run test:e2e -- --poll`, test/e2e/poll.js,
 *      without its restart);
 *   4. a table of executions per delivery / redelivery / poll, split by process (which webhook process
 *      received it, which process executed the run, how many items got past the dedupe step);
 *   5. every process, port and temporary folder it started is gone at the end.
 *
 *   npm run test:e2e:queue [-- --no-build] [-- --provider vobiz]
 */

const fs = require('node:fs');

const e2e = require('../../scripts/e2e/n8n');
const fixtures = require('../../scripts/e2e/fixtures');
const { startQueueCluster } = require('../../scripts/e2e/queue');
const setup = require('../../scripts/e2e/setup');
const simulator = require('../../scripts/e2e/simulator');
const { checkPolling, pollWorkflow, POLL_IDS } = require('./poll');
const { CheckFailed, check, equal, createRun } = require('./steps');

const { PROVIDERS, STEP, TRIGGER_NODE } = fixtures;
// The history ends a minute ago, so the simulator's clock runs with n8n's (the Poll Trigger marks "now").
const SEED = {
	chats: 5,
	messagesPerChat: 150,
	endAt: Math.floor(Date.now() / 1000) * 1000 - 60_000,
};
const DEDUPE_NODE = 'Remove Duplicates';
const ACT_NODE = 'Act on event';
const SETTLE_MS = 2500; // after a delivery that must start nothing after the dedupe step

const run = createRun('e2e:queue');
const live = { cluster: undefined, sim: undefined, pkg: undefined };

function parseArgs(argv) {
	const options = { build: true, providers: [] };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--no-build') options.build = false;
		else if (argv[i] === '--provider' && argv[i + 1]) options.providers.push(argv[++i]);
		else
			throw new Error(
				`unknown argument "${argv[i]}" (--no-build, --provider <${Object.keys(PROVIDERS).join('|')}>)`,
			);
	}
	if (options.providers.length === 0) options.providers = Object.keys(PROVIDERS);
	return options;
}

/** The Trigger workflow with the n8n-native pattern that makes a second run impossible to act twice. */
function dedupedTriggerWorkflow(sim, provider) {
	const workflow = fixtures.triggerWorkflow(sim, provider);
	workflow.nodes.push(
		{
			id: 'dedupe',
			name: DEDUPE_NODE,
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				operation: 'removeItemsSeenInPreviousExecutions',
				dedupeValue: '={{ $json.eventId }}',
				options: {},
			},
		},
		{
			id: 'act',
			name: ACT_NODE,
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [440, 0],
			parameters: {},
		},
	);
	workflow.connections = {
		[TRIGGER_NODE]: { main: [[{ node: DEDUPE_NODE, type: 'main', index: 0 }]] },
		[DEDUPE_NODE]: { main: [[{ node: ACT_NODE, type: 'main', index: 0 }]] },
	};
	return workflow;
}

async function finishedExecutions(pub, workflowId) {
	const list = await pub.listExecutions({ workflowId });
	return list.filter((e) => !['new', 'running', 'waiting'].includes(e.status)).reverse();
}

function actItems(execution) {
	const runData = execution.data?.resultData?.runData ?? {};
	return runData[ACT_NODE] ? e2e.outputItems(execution, ACT_NODE).map((i) => i.json) : [];
}

/** Waits until the workflow has `count` finished executions (or SETTLE_MS passed when no new one is due). */
async function executionsAfter(cluster, pub, workflowId, count, startsRun) {
	if (startsRun)
		return await cluster.main.waitFor(() => finishedExecutions(pub, workflowId), {
			count,
			timeoutMs: 30000,
			what: 'executions',
		});
	await e2e.sleep(SETTLE_MS);
	return await finishedExecutions(pub, workflowId);
}

/** One delivery through the proxy and what it caused: the row of the table. */
async function deliver({ cluster, pub, sim, provider, label, send, to, expectRun }) {
	const { ids } = PROVIDERS[provider];
	const before = await finishedExecutions(pub, ids.trigger);
	const proxied = cluster.proxy.requests.length;
	if (to) cluster.proxy.routeNextTo(to);
	const mark = sim.webhookDeliveries(provider).length;
	await send();
	await Promise.all(
		sim
			.webhookDeliveries(provider)
			.slice(mark)
			.map((d) => d.settled),
	);
	const received = cluster.proxy.requests.slice(proxied);
	const after = await executionsAfter(
		cluster,
		pub,
		ids.trigger,
		before.length + (expectRun ? 1 : 0),
		expectRun,
	);
	const started = after.slice(before.length);
	const workerRan = new Set(cluster.workerExecutions());
	return {
		provider,
		label,
		receivedBy: received.map((r) => `${r.backend} ${r.status}`).join(', ') || '(no request)',
		executions: started.length,
		executedBy:
			started.map((e) => (workerRan.has(String(e.id)) ? 'worker' : 'main')).join(', ') || '-',
		acted: started.reduce((n, e) => n + actItems(e).length, 0),
		started,
	};
}

async function checkTrigger({ cluster, pub, sim, provider, sentMessage, rows }) {
	const { title } = PROVIDERS[provider];
	const simulated = sim.provider(provider);
	const step = async (options) => {
		const row = await run.step(`${title}: ${options.label}`, () =>
			deliver({ cluster, pub, sim, provider, ...options }),
		);
		rows.push(row);
		return row;
	};
	const other = (row) => (row.receivedBy.startsWith('webhook-1') ? 'webhook-2' : 'webhook-1');
	const same = (row) => row.receivedBy.split(' ')[0];

	const first = await step({
		label: 'message: delivery',
		send: () => simulated.receiveMessage({ text: `Queue ${title} message` }),
		expectRun: true,
	});
	equal(
		[first.executions, first.acted],
		[1, 1],
		`${title}: a new message starts one execution that acts once`,
	);
	const delivery = sim.webhookDeliveries(provider).at(-1);
	const again = () => simulated.deliverRaw(delivery.body, { event: delivery.event });
	const sameHook = await step({
		label: 'message: redelivery, same webhook process',
		send: again,
		to: same(first),
		expectRun: false,
	});
	equal(
		[sameHook.executions, sameHook.acted],
		[0, 0],
		`${title}: a redelivery to the process that received the message starts nothing`,
	);
	const otherHook = await step({
		label: 'message: redelivery, other webhook process',
		send: again,
		to: other(first),
		expectRun: false,
	});
	equal(
		otherHook.acted,
		0,
		`${title}: a redelivery to the other webhook process acts on nothing after "${DEDUPE_NODE}"`,
	);

	let moved = [];
	const ack = await step({
		label: 'status: delivery',
		send: () => {
			moved = simulated.progressStatus(String(sentMessage.id));
			check(
				moved.length === 1,
				`${title}: the simulator could not move message ${sentMessage.id} on`,
			);
		},
		expectRun: true,
	});
	equal(
		[ack.executions, ack.acted],
		[1, 1],
		`${title}: a delivery status starts one execution that acts once`,
	);
	const ackDelivery = sim.webhookDeliveries(provider).at(-1);
	const ackAgain = () => simulated.deliverRaw(ackDelivery.body, { event: ackDelivery.event });
	const ackOther = await step({
		label: 'status: redelivery, other webhook process',
		send: ackAgain,
		to: other(ack),
		expectRun: false,
	});
	equal(
		ackOther.acted,
		0,
		`${title}: a status redelivered to the other webhook process acts on nothing after "${DEDUPE_NODE}"`,
	);
}

function printTable(rows) {
	const header = [
		'provider',
		'event',
		'received by (HTTP)',
		'executions',
		'executed by',
		'items after dedupe / emitted',
	];
	const body = rows.map((r) => [
		PROVIDERS[r.provider].title,
		r.label,
		r.receivedBy,
		String(r.executions),
		r.executedBy,
		String(r.acted),
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
	const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	run.log('executions per delivery, redelivery and poll, by process:');
	for (const text of [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)])
		process.stdout.write(`${text}\n`);
}

async function stopEverything() {
	const { cluster, sim, pkg } = live;
	live.cluster = live.sim = live.pkg = undefined;
	try {
		if (cluster) await cluster.stop();
	} finally {
		if (sim) await sim.close();
		if (pkg) pkg.dispose();
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const { providers } = options;
	e2e.onInterrupt(async () => {
		await stopEverything();
		return 130;
	});
	await run.step('setup: Node 24 + n8n in the cache (scripts/e2e/setup.js)', () => setup.setup());
	if (options.build) await run.step('npm run build', () => e2e.buildPackage({ log: run.log }));
	await run.step('compile the simulator (tsconfig.demo.json)', () =>
		simulator.compileSimulator({ log: run.log }),
	);
	live.pkg = await run.step('npm pack + unpack for N8N_CUSTOM_EXTENSIONS', () =>
		e2e.stagePackage({ log: run.log }),
	);
	const sim = (live.sim = await simulator.startSimulator({ seed: SEED }));

	const cluster = (live.cluster = await run.step(
		'PostgreSQL, Redis, n8n main + worker + 2 webhook processes, proxy',
		() =>
			startQueueCluster({
				extensions: live.pkg.extensionsDir,
				log: run.log,
				env: { OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' },
			}),
	));
	const resources = cluster.resources();
	run.detail(
		`main ${cluster.main.baseUrl}, worker health :${cluster.worker.port}, webhook processes :${cluster.webhooks.map((w) => w.port).join(', :')}, proxy ${cluster.proxy.baseUrl}`,
	);

	const credentials = providers.map((p) => fixtures.credential(sim, p));
	await run.step(`n8n import:credentials (${credentials.length})`, () =>
		cluster.main.importCredentials(credentials),
	);
	const workflows = providers.flatMap((p) => [
		fixtures.demoWorkflow(sim, p),
		dedupedTriggerWorkflow(sim, p),
	]);
	await run.step(`n8n import:workflow (${workflows.length})`, () =>
		cluster.main.importWorkflow(workflows),
	);
	const api = await run.step('POST /rest/owner/setup', () => cluster.main.setupOwner());
	const pub = await run.step('POST /rest/api-keys', () => api.createApiKey());

	// 1. Demo workflows, on the worker.
	const sent = {};
	for (const provider of providers) {
		const { title, ids } = PROVIDERS[provider];
		sent[provider] = await run.step(
			`${title}: demo workflow (Execute workflow), run by the worker`,
			async () => {
				const execution = await api.runManually(ids.demo, {
					trigger: STEP.start,
					timeoutMs: 90000,
				});
				const runData = execution.data?.resultData?.runData ?? {};
				const error = execution.data?.resultData?.error;
				check(
					execution.status === 'success' && !error,
					`${title}: the demo workflow ended "${execution.status}": ${error?.message ?? ''}`,
				);
				equal(
					Object.keys(runData),
					[STEP.start, STEP.chats, STEP.history, STEP.send, STEP.status],
					`${title}: the nodes that ran`,
				);
				const counts = [STEP.chats, STEP.history, STEP.send, STEP.status].map(
					(n) => e2e.outputItems(execution, n).length,
				);
				equal(
					counts,
					[3, SEED.messagesPerChat, 1, 1],
					`${title}: items of Chats, Messages, Send, Status`,
				);
				check(
					cluster.workerExecutions().includes(String(execution.id)),
					`${title}: execution ${execution.id} was not run by the worker (worker log)`,
				);
				run.detail(`execution ${execution.id} on the worker: ${counts.join(' / ')} items`);
				return e2e.outputItems(execution, STEP.send)[0].json;
			},
		);
	}

	// 2. Triggers, through the proxy.
	fixtures.configureDashboards(sim, cluster.proxy.baseUrl);
	for (const provider of providers) {
		const { title, ids } = PROVIDERS[provider];
		await run.step(`${title}: activate the Trigger workflow`, () =>
			api.activateWorkflow(ids.trigger),
		);
	}
	// The webhook processes learn of an activation from the database: give them a moment (n8n answers 404 until then).
	await e2e.sleep(2000);
	const rows = [];
	const failures = [];
	for (const provider of providers) {
		try {
			await checkTrigger({ cluster, pub, sim, provider, sentMessage: sent[provider], rows });
		} catch (error) {
			if (!(error instanceof CheckFailed)) throw error;
			failures.push(error.message);
			process.stderr.write(`[e2e:queue] FAIL ${PROVIDERS[provider].title}: ${error.message}\n`);
		}
	}

	// 3. Poll Triggers, on the main process (executions queued to the worker).
	await run.step(`n8n import:workflow (${providers.length} Poll Trigger workflows)`, () =>
		cluster.main.importWorkflow(providers.map((p) => pollWorkflow(sim, p))),
	);
	try {
		// A restart between polls is test:e2e -- --poll's part (one process); here the polls run as queue mode runs them.
		await checkPolling({ n8n: cluster.main, api, sim, providers, run, restart: false });
	} catch (error) {
		if (!(error instanceof CheckFailed)) throw error;
		failures.push(`Poll Trigger: ${error.message}`);
		process.stderr.write(`[e2e:queue] FAIL Poll Trigger: ${error.message}\n`);
	}
	const workerRan = new Set(cluster.workerExecutions());
	for (const provider of providers) {
		const polls = (await pub.listExecutions({ workflowId: POLL_IDS[provider] })).reverse();
		polls.forEach((execution, i) => {
			const items = e2e.outputItems(execution, 'WhatsApp Poll Trigger').length;
			rows.push({
				provider,
				label: `poll ${i + 1} (${items} new messages)`,
				receivedBy: 'main (poller)',
				executions: 1,
				executedBy: workerRan.has(String(execution.id)) ? 'worker' : 'main',
				acted: items,
			});
		});
	}
	printTable(rows);

	// 4. Nothing left behind.
	await run.step('stop n8n, Redis, PostgreSQL, proxy, simulator', () => stopEverything());
	check(
		e2e.liveProcessGroups().length === 0,
		`process groups still running: ${e2e.liveProcessGroups().join(', ')}`,
	);
	const leftDirs = resources.dirs.filter((d) => fs.existsSync(d));
	check(
		process.env.N8N_E2E_KEEP === '1' || leftDirs.length === 0,
		`temporary folders left: ${leftDirs.join(', ')}`,
	);
	const openPorts = [];
	for (const port of resources.ports) if (await e2e.portOpen(port)) openPorts.push(port);
	equal(openPorts, [], 'ports still open after the run');
	run.detail(
		`gone: ${resources.dirs.length} temporary folders, ${resources.ports.length} ports, every process group`,
	);
	if (failures.length)
		throw new CheckFailed(
			`${failures.length} provider check(s) failed:\n- ${failures.join('\n- ')}`,
		);
	run.log(
		`PASS in ${run.elapsed()} s: queue mode (main, worker, 2 webhook processes), ${providers.length} providers`,
	);
}

main().catch(async (error) => {
	process.stderr.write(`\n[e2e:queue] FAIL at "${run.current}": ${error.message}\n`);
	if (error.detail)
		process.stderr.write(`${String(error.detail).trimEnd().split('\n').slice(-30).join('\n')}\n`);
	if (!(error instanceof CheckFailed) && error.stack)
		process.stderr.write(`${error.stack.split('\n').slice(1, 6).join('\n')}\n`);
	const cluster = live.cluster;
	if (cluster)
		for (const name of ['main', 'worker', 'webhook-1', 'webhook-2'])
			process.stderr.write(
				`\n[e2e:queue] last lines of ${name}:\n${cluster.logOf(name).trimEnd().split('\n').slice(-8).join('\n')}\n`,
			);
	try {
		await stopEverything();
	} catch (stopError) {
		process.stderr.write(`[e2e:queue] while stopping: ${stopError.message}\n`);
	}
	e2e.cleanupNow();
	process.exit(1);
});
