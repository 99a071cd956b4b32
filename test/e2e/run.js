#!/usr/bin/env node
'use strict';
/*
 * `npm run test:e2e`: the package in a REAL n8n (2.41.1 under Node 24, from scripts/e2e/setup.js's cache
 * outside the repo), against the provider simulator on 127.0.0.1.
 *
 *   0. setup (idempotent; ~4 min and 2.4 GB the first time), npm run build, npm pack; the tarball holds only
 *      package.json, README.md, the licence, the docs/ pages and dist/, and its JS passes n8n's community-package lint.
 *   1. CLI, no server: import a credential and two workflows per provider (the demo workflow, a Trigger
 *      workflow), `n8n execute --id` each demo workflow and check its items   (test/e2e/workflows.js)
 *   2. `n8n start`: every node and credential type in /types/*.json, "Test credential" (test/e2e/server.js)
 *   2b. the editor in headless Chromium: a new node per provider, Provider chosen: only its credentials are
 *      listed, right under Provider, the default one preselected, the subtitle; a node holding one provider's
 *      credential switched to another: only the new one's listed and, once chosen, held, and the node runs
 *      (test/e2e/editor.js; E2E_EDITOR_REQUIRE_SWITCH_PRESELECT=1 also requires it preselected, which n8n
 *      2.41.1 does not do); an MCP round trip with the MCP SDK client through an MCP Server Trigger and the
 *      four tools (test/e2e/mcp.js)
 *   3. activate the Trigger workflows; the simulator delivers a message, a repeat, a bad signature/token,
 *      a second message and a status; n8n's executions show exactly which runs happened (test/e2e/trigger.js)
 *
 *   npm run test:e2e                       # everything
 *   npm run test:e2e -- --no-build         # use the dist/ that is there
 *   npm run test:e2e -- --provider vobiz   # one provider (repeatable)
 *   npm run test:e2e -- --poll             # only the Poll Trigger workflows, polls a minute apart (~7 min; test/e2e/poll.js)
 *   N8N_E2E_KEEP=1 npm run test:e2e        # keep the temp folders (n8n user folder with n8n-start.log)
 *
 * Exits 0 on PASS, 1 with the step that failed and why. Every process it starts (n8n and its task runner,
 * in their own process groups; the simulator, in this process) is stopped on success, failure and Ctrl+C.
 */

const e2e = require('../../scripts/e2e/n8n');
const fixtures = require('../../scripts/e2e/fixtures');
const setup = require('../../scripts/e2e/setup');
const simulator = require('../../scripts/e2e/simulator');
const tarball = require('../../scripts/e2e/tarball');
const { checkEditor } = require('./editor');
const { checkMcpRoundTrip } = require('./mcp');
const { runPolling } = require('./poll');
const { checkCredentialTests, checkTypes } = require('./server');
const { CheckFailed, check, createRun } = require('./steps');
const { activateTriggers, checkDeliveries, deactivateTriggers } = require('./trigger');
const { checkDemoWorkflow } = require('./workflows');

const SEED = { chats: 5, messagesPerChat: 150 }; // 150 messages: more than one page on every provider

const run = createRun('e2e');
const live = { n8n: undefined, sim: undefined, pkg: undefined, interrupted: false };

function parseArgs(argv) {
	const options = { build: true, providers: [], poll: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--no-build') options.build = false;
		else if (argv[i] === '--poll') options.poll = true;
		else if (argv[i] === '--provider' && argv[i + 1]) options.providers.push(argv[++i]);
		else
			throw new Error(
				`unknown argument "${argv[i]}" (--no-build, --poll, --provider <${Object.keys(fixtures.PROVIDERS).join('|')}>)`,
			);
	}
	const unknown = options.providers.filter((p) => !(p in fixtures.PROVIDERS));
	if (unknown.length) throw new Error(`unknown provider ${unknown.join(', ')}`);
	if (options.providers.length === 0) options.providers = Object.keys(fixtures.PROVIDERS);
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

async function prepare(options) {
	await run.step('setup: Node 24 + n8n in the cache (scripts/e2e/setup.js)', () => setup.setup());
	if (options.build) await run.step('npm run build', () => e2e.buildPackage({ log: run.log }));
	await run.step('compile the simulator (tsconfig.demo.json)', () =>
		simulator.compileSimulator({ log: run.log }),
	);
	live.pkg = await run.step('npm pack + unpack for N8N_CUSTOM_EXTENSIONS', () =>
		e2e.stagePackage({ log: run.log }),
	);
	const inspected = await run.step(
		'tarball: only package.json, README, licence, docs/ pages, dist/; n8n community lint',
		async () => {
			const result = await tarball.inspectTarball(live.pkg.tarball);
			check(
				result.problems.length === 0,
				`the tarball fails the community-package checks:\n- ${result.problems.join('\n- ')}`,
			);
			return result;
		},
	);
	run.detail(`entries: ${tarball.describeEntries(inspected.entries)}`);
	run.detail(
		`lint: ${inspected.lint.files.length} files, ${inspected.lint.errorCount} errors, ${inspected.lint.warningCount} warnings`,
	);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const { providers } = options;
	e2e.onInterrupt(async (signal) => {
		live.interrupted = true;
		run.log(`${signal}: stopping n8n and the simulator`);
		await stopEverything();
		return 130;
	});
	await prepare(options);
	if (options.poll) {
		await runPolling({ providers, run, live });
		await stopEverything();
		run.log(
			`PASS in ${run.elapsed()} s: ${providers.length} Poll Trigger workflows, every message exactly once across polls and a restart`,
		);
		return;
	}

	const sim = (live.sim = await simulator.startSimulator({ seed: SEED }));
	run.log(`simulator on ${providers.map((p) => `${p} ${sim.baseUrl(p)}`).join(', ')}`);
	const n8n = (live.n8n = await e2e.createInstance({
		extensions: live.pkg.extensionsDir,
		log: run.log,
	}));
	run.log(`n8n ${setup.PINS.n8n}: user folder ${n8n.userFolder}, port ${n8n.port}`);

	// 1. CLI.
	const credentials = providers.map((p) => fixtures.credential(sim, p));
	await run.step(`n8n import:credentials (${credentials.length})`, () =>
		n8n.importCredentials(credentials),
	);
	const workflows = providers.flatMap((p) => [
		fixtures.demoWorkflow(sim, p),
		fixtures.triggerWorkflow(sim, p),
	]);
	await run.step(`n8n import:workflow (${workflows.length})`, () => n8n.importWorkflow(workflows));
	// A provider that fails is reported and the others still run (a failure shows which providers it hits).
	const failures = [];
	const sent = {};
	for (const provider of providers) {
		sent[provider] = await perProvider(failures, provider, 'demo workflow', () =>
			checkDemoWorkflow({ n8n, sim, provider, run }),
		);
	}

	// 2. Server.
	await run.step('n8n start (until /healthz/readiness)', () => n8n.start());
	const api = await run.step('POST /rest/owner/setup', () => n8n.setupOwner());
	await checkTypes({ api, run });
	await checkCredentialTests({ api, credentials, run });
	await perProvider(failures, providers[0], 'editor', () =>
		checkEditor({ n8n, api, providers, run }),
	);
	// Noxivo Engine: the one provider WhatsApp Status can ask for a message's status, so the chain runs to its end.
	if (providers.includes('noxivo'))
		await perProvider(failures, 'noxivo', 'MCP round trip', () =>
			checkMcpRoundTrip({ n8n, api, sim, provider: 'noxivo', run }),
		);

	// 3. Trigger.
	const pub = await run.step('POST /rest/api-keys (public API for executions)', () =>
		api.createApiKey(),
	);
	await activateTriggers({ n8n, api, sim, providers, run });
	for (const provider of providers) {
		if (!sent[provider]) {
			run.log(
				`skipped ${fixtures.PROVIDERS[provider].title}'s Trigger deliveries: its demo workflow failed (the status delivery needs its sent message)`,
			);
			continue;
		}
		await perProvider(failures, provider, 'Trigger', () =>
			checkDeliveries({ n8n, pub, sim, provider, sentMessage: sent[provider], run }),
		);
	}
	await deactivateTriggers({ api, sim, providers, run });

	await run.step('stop n8n (process group, ports closed)', () => n8n.stop());
	check(
		e2e.liveProcessGroups().length === 0,
		`n8n process groups still running: ${e2e.liveProcessGroups().join(', ')}`,
	);
	await stopEverything();

	for (const [name, ms] of run.timings())
		run.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
	if (failures.length) {
		const lines = failures.map((f) => `  - ${f.message.split('\n').join('\n    ')}`);
		throw new CheckFailed(`${failures.length} provider check(s) failed:\n${lines.join('\n')}`);
	}
	run.log(
		`PASS in ${run.elapsed()} s: ${providers.length} providers; demo workflows, node and credential types, Trigger deliveries`,
	);
}

/** Runs one provider's part; a failed check is recorded (and printed) instead of ending the run. */
async function perProvider(failures, provider, part, fn) {
	try {
		return await fn();
	} catch (error) {
		if (!(error instanceof CheckFailed)) throw error;
		failures.push({ provider, part, step: run.current, message: error.message });
		process.stderr.write(
			`[e2e] FAIL ${fixtures.PROVIDERS[provider].title}, ${part}, at "${run.current}": ${error.message}\n`,
		);
		if (error.detail)
			process.stderr.write(`${String(error.detail).trimEnd().split('\n').slice(-20).join('\n')}\n`);
		return undefined;
	}
}

main().catch(async (error) => {
	// Interrupted: what was running failed because n8n went away; the interrupt handler stops and exits.
	if (live.interrupted) return;
	const where =
		error instanceof CheckFailed && /provider check\(s\) failed/.test(error.message)
			? ''
			: ` at "${run.current}"`;
	process.stderr.write(`\n[e2e] FAIL${where}: ${error.message}\n`);
	if (error.detail)
		process.stderr.write(`${String(error.detail).trimEnd().split('\n').slice(-30).join('\n')}\n`);
	if (!(error instanceof CheckFailed) && error.stack)
		process.stderr.write(`${error.stack.split('\n').slice(1, 6).join('\n')}\n`);
	const serverLog = live.n8n?.serverOutput();
	if (serverLog)
		process.stderr.write(
			`\n[e2e] last lines of n8n's log:\n${serverLog.trimEnd().split('\n').slice(-15).join('\n')}\n`,
		);
	try {
		await stopEverything();
	} catch (stopError) {
		process.stderr.write(`[e2e] while stopping: ${stopError.message}\n`);
	}
	e2e.cleanupNow();
	process.exit(1);
});
