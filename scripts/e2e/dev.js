#!/usr/bin/env node
'use strict';
/*
 * `npm run n8n`: a real n8n on localhost with this package, the provider simulator, and the demo and
 * Trigger workflows and credentials imported, for a person to open the editor and click. Same set-up as
 * `npm run test:e2e` (scripts/e2e/setup.js's cache: Node 24 + n8n 2.41.1, outside the repo).
 *
 *   npm run n8n                                  # n8n on http://127.0.0.1:5678 until Ctrl+C
 *   npm run n8n -- --port 5690                   # another port
 *   npm run n8n -- --no-build                    # use the dist/ that is there
 *   npm run n8n -- --screenshot docs/demo-workflow.png   # the Noxivo demo workflow run in the editor, as a PNG; then stop
 *
 * While it runs: Enter makes every provider's simulator receive a message and deliver it to its (active)
 * Trigger workflow. The simulator moves sent messages on (sent → delivered → read) every 2 s, so running a
 * demo workflow also starts its provider's Trigger workflow with message.ack events. Ctrl+C stops n8n (and
 * its task runner) and the simulator, and deletes n8n's temporary user folder.
 */

const readline = require('node:readline');

const { ensureChromium } = require('./chromium');
const e2e = require('./n8n');
const fixtures = require('./fixtures');
const setup = require('./setup');
const simulator = require('./simulator');

const log = (message) => process.stdout.write(`[n8n] ${message}\n`);
const live = { n8n: undefined, sim: undefined, pkg: undefined, stopping: false };

function parseArgs(argv) {
	const options = { port: 5678, build: true, screenshot: undefined };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--no-build') options.build = false;
		else if (argv[i] === '--port' && /^\d+$/.test(argv[i + 1] || ''))
			options.port = Number(argv[++i]);
		else if (argv[i] === '--screenshot' && argv[i + 1]) options.screenshot = argv[++i];
		else
			throw new Error(
				`unknown argument "${argv[i]}" (--port N, --no-build, --screenshot file.png)`,
			);
	}
	return options;
}

async function stopEverything() {
	const { n8n, sim, pkg } = live;
	live.n8n = live.sim = live.pkg = undefined;
	try {
		if (n8n) await n8n.dispose();
	} finally {
		if (sim) await sim.close();
		if (pkg) pkg.dispose();
	}
}

async function start(options) {
	setup.setup();
	if (options.build) e2e.buildPackage({ log });
	simulator.compileSimulator({ log });
	live.pkg = e2e.stagePackage({ log });
	const sim = (live.sim = await simulator.startSimulator({ statusStepMs: 2000 }));
	const n8n = (live.n8n = await e2e.createInstance({
		extensions: live.pkg.extensionsDir,
		port: options.port,
		log,
	}));
	const providers = Object.keys(fixtures.PROVIDERS);
	const credentials = providers.map((p) => fixtures.credential(sim, p));
	await n8n.importCredentials(credentials);
	await n8n.importWorkflow(
		providers.flatMap((p) => [fixtures.demoWorkflow(sim, p), fixtures.triggerWorkflow(sim, p)]),
	);
	await n8n.start();
	const api = await n8n.setupOwner();
	fixtures.configureDashboards(sim, n8n.baseUrl);
	for (const provider of providers)
		await api.activateWorkflow(fixtures.PROVIDERS[provider].ids.trigger);
	return { sim, n8n, api, providers, credentials };
}

function printSummary({ sim, n8n, providers, credentials }) {
	const { email, password } = e2e.OWNER;
	const lines = [
		'',
		`n8n ${setup.PINS.n8n} is running with n8n-nodes-whatsapp-inbox (nodes CUSTOM.whatsApp*) and the provider simulator.`,
		'',
		`  Editor       ${n8n.baseUrl}   log in as ${email} / ${password}`,
		'',
		'  Workflows    (open one and click "Execute workflow"; the Trigger workflows are active)',
		...providers.flatMap((p) => {
			const demo = fixtures.demoWorkflow(sim, p);
			const trigger = fixtures.triggerWorkflow(sim, p);
			return [
				`               ${demo.name.padEnd(46)} ${n8n.baseUrl}/workflow/${demo.id}`,
				`               ${trigger.name.padEnd(46)} ${n8n.baseUrl}/workflow/${trigger.id}`,
			];
		}),
		'',
		'  Credentials  (pointing at the simulator)',
		...credentials.map(
			(c) => `               ${c.name.padEnd(28)} ${c.type.padEnd(17)} ${c.data.baseUrl}`,
		),
		'',
		`  n8n's folder ${n8n.userFolder} (deleted on exit)`,
		'',
		'  Enter        every provider receives a message and delivers it to its Trigger workflow (see Executions)',
		'  Ctrl+C       stops n8n and the simulator',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

/** Enter: one incoming message per provider, delivered to the active Trigger workflows. */
function listenForEnter(sim, providers) {
	if (!process.stdin.isTTY) return;
	let count = 0;
	const rl = readline.createInterface({ input: process.stdin });
	rl.on('line', () => {
		count++;
		for (const provider of providers)
			sim.provider(provider).receiveMessage({ text: `Hello from the simulator (${count})` });
		log(
			`${providers.length} messages "Hello from the simulator (${count})" sent to the Trigger workflows`,
		);
	});
	// readline turns Ctrl+C into its own SIGINT: hand it to the process, where the graceful stop waits.
	rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
}

async function screenshot({ n8n, api }, out) {
	ensureChromium({ log });
	const workflowId = fixtures.PROVIDERS.noxivo.ids.demo;
	// The canvas after a click on "Execute workflow": every node marked successful, item counts on the connections.
	const shot = await n8n.screenshot({
		rest: api,
		workflowId,
		out,
		count: 5,
		click: '[data-test-id="execute-workflow-button"]',
		then: '[data-test-id="canvas-node-status-success"]',
		thenCount: 5,
		width: 1280,
		height: 720,
	});
	if (shot.found < 5 || shot.after < 5)
		throw new Error(
			`the editor showed ${shot.found} of 5 nodes, ${shot.after} of them successful (see ${shot.out})`,
		);
	log(
		`screenshot: ${shot.out} (${shot.bytes} bytes, "${shot.title}", ${shot.found} nodes, ${shot.after} run successfully in the editor)`,
	);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	e2e.onInterrupt(async (signal) => {
		live.stopping = true;
		log(`${signal}: stopping n8n and the simulator`);
		await stopEverything();
		log('stopped');
		return 0;
	});
	const running = await start(options);
	if (options.screenshot) {
		await screenshot(running, options.screenshot);
		await stopEverything();
		return;
	}
	printSummary(running);
	listenForEnter(running.sim, running.providers);
	const exit = await running.n8n.server.exited;
	if (live.stopping) return new Promise(() => {}); // the interrupt handler exits
	throw new Error(
		`n8n exited by itself (${exit.code ?? exit.signal}); its log:\n${running.n8n.serverOutput().trimEnd().split('\n').slice(-20).join('\n')}`,
	);
}

main().catch(async (error) => {
	if (live.stopping) return; // Ctrl+C during start-up: the interrupt handler stops and exits
	process.stderr.write(`[n8n] FAILED: ${error.message}\n`);
	try {
		await stopEverything();
	} catch (stopError) {
		process.stderr.write(`[n8n] while stopping: ${stopError.message}\n`);
	}
	e2e.cleanupNow();
	process.exit(1);
});
