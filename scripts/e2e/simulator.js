'use strict';
/*
 * The provider simulator (test/simulator, TypeScript) for the e2e run and `npm run n8n`: compiled the way
 * `npm run demo` compiles it (`tsc -p tsconfig.demo.json` into .cache/demo/), then started in this process
 * (the orchestrator, Node 20) so the test can make a provider "receive" a message and deliver webhooks.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const COMPILED = path.join(REPO_ROOT, '.cache', 'demo', 'test', 'simulator', 'index.js');

/** `tsc -p tsconfig.demo.json` (incremental: ~2 s when nothing changed). */
function compileSimulator({ log = () => {} } = {}) {
	const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
	if (!fs.existsSync(tsc)) throw new Error(`${tsc} is missing: run \`npm ci\` first`);
	log('compiling the provider simulator (tsc -p tsconfig.demo.json)');
	const result = spawnSync(tsc, ['-p', 'tsconfig.demo.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`tsc -p tsconfig.demo.json failed:\n${result.stdout}${result.stderr}`);
	if (!fs.existsSync(COMPILED)) throw new Error(`tsc ran but ${COMPILED} is not there`);
}

/**
 * Starts the simulator on 127.0.0.1 (free ports unless `ports` says otherwise). Statuses move only when the
 * test says so (statusStepMs null): every run sees the same deliveries. Returns the Simulator
 * (test/simulator/index.ts): credentials(p), provider(p).receiveMessage / progressStatus / deliverRaw,
 * webhookDeliveries(p), requests(), close().
 */
async function startSimulator({ seed = {}, ports, statusStepMs = null } = {}) {
	const { startSimulator: start } = require(COMPILED);
	return await start({ seed, ports, statusStepMs });
}

/** The simulator's provider names, in the order the demo uses (noxivo, vobiz, digital99, inbox). */
function providerNames() {
	return require(COMPILED).PROVIDER_NAMES;
}

module.exports = { compileSimulator, startSimulator, providerNames };
