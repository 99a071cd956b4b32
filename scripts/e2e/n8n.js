'use strict';
/*
 * Drives a REAL n8n (the one scripts/e2e/setup.js put in the cache) for end-to-end tests. Plain CommonJS,
 * run by the machine's Node 20; n8n itself runs under the cache's Node 24.
 *
 *   const e2e = require('./scripts/e2e/n8n');
 *   const pkg = e2e.stagePackage();                      // `npm pack` of the built repo, unpacked in a temp dir
 *   const n8n = await e2e.createInstance({ extensions: pkg.extensionsDir });
 *   await n8n.importCredentials([{ id, name, type, data }]);
 *   await n8n.importWorkflow({ id, name, nodes, connections });
 *   const run = await n8n.execute(id);                   // `n8n execute --id --rawOutput`, parsed
 *   e2e.outputItems(run.result, 'WhatsApp Chats');        // -> [{ json, pairedItem }]
 *   await n8n.start();                                    // `n8n start` on free ports, waits for /healthz/readiness
 *   const api = await n8n.setupOwner();                   // POST /rest/owner/setup, cookie kept
 *   await api.nodeTypes(); await api.activateWorkflow(id); await n8n.webhook('POST', 'path', body);
 *   const pub = await api.createApiKey();                 // public API /api/v1 with X-N8N-API-KEY
 *   await n8n.dispose(); pkg.dispose();                   // stop (whole process group), delete temp dirs
 *
 * Every process this starts runs in its own process group and is killed (with its task runner) when it
 * finishes, when dispose() runs, and when the orchestrator exits, is interrupted or crashes.
 */

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const setup = require('./setup');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------------
// Process bookkeeping: nothing outlives the orchestrator.

const liveGroups = new Set(); // process group ids (= pid of a detached child)
const tempDirs = new Set();

function killGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false; // ESRCH: already gone
	}
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

function cleanupNow() {
	for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
	liveGroups.clear();
	if (process.env.N8N_E2E_KEEP !== '1') {
		for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
		tempDirs.clear();
	}
}

let exitHooksInstalled = false;
function installExitHooks() {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', cleanupNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			process.stderr.write(`\n[e2e] ${signal}: stopping n8n processes and removing temp folders\n`);
			cleanupNow();
			process.exit(130);
		});
	}
}

function makeTempDir(prefix) {
	installExitHooks();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

function removeTempDir(dir) {
	if (process.env.N8N_E2E_KEEP === '1') return;
	fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portOpen(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------
// The cache and the package under test.

/** The cache paths; throws a readable error when setup has not run. */
function requireSetup() {
	const p = setup.paths();
	if (!setup.isReady(p)) {
		throw new Error(
			`The e2e cache at ${p.root} is not ready (n8n ${setup.PINS.n8n}, Node ${setup.PINS.node.version}). ` +
				'Run `node scripts/e2e/setup.js` first (about 4 minutes and 2.4 GB the first time).',
		);
	}
	return p;
}

/** `npm run build` in the repo (the machine's Node/npm, as a developer runs it). */
function buildPackage({ repoRoot = REPO_ROOT, log = defaultLog } = {}) {
	const started = Date.now();
	log('building the package (npm run build)');
	const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	log(`built in ${elapsed(started)}`);
}

/**
 * Stages the built package as npm would install it: `npm pack` (honours "files" and the n8n block's dist
 * paths), unpacked to <tmp>/extensions/package. N8N_CUSTOM_EXTENSIONS=<extensionsDir> then loads it.
 * n8n's custom-directory loader loads EVERY *.node.js / *.credentials.js under that folder, while an
 * installed package only registers what its "n8n" block lists: files the block does not list are removed
 * from the staged copy (returned as `unlisted`).
 */
function stagePackage({ repoRoot = REPO_ROOT, log = defaultLog } = {}) {
	const pkgJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	for (const file of [...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])]) {
		if (!fs.existsSync(path.join(repoRoot, file))) {
			throw new Error(`${file} (package.json "n8n" block) is not built: run \`npm run build\` first`);
		}
	}
	const dir = makeTempDir('n8n-e2e-package-');
	const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
	const info = JSON.parse(packed.stdout)[0];
	const extensionsDir = path.join(dir, 'extensions');
	fs.mkdirSync(extensionsDir);
	const untar = spawnSync('tar', ['-xzf', path.join(dir, info.filename), '-C', extensionsDir], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	const packageDir = path.join(extensionsDir, 'package');
	// n8n registers an installed package's nodes and credentials from its "n8n" block only, but the
	// custom-directory loader (N8N_CUSTOM_EXTENSIONS) loads every *.node.js / *.credentials.js it finds.
	// Remove the ones the block does not list, so n8n sees what an `npm install` of this package would give.
	const listed = new Set([...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])].map((f) => path.normalize(f)));
	const unlisted = info.files
		.map((f) => f.path)
		.filter((f) => /\.(node|credentials)\.js$/.test(f) && !listed.has(path.normalize(f)));
	for (const file of unlisted) fs.rmSync(path.join(packageDir, file));
	log(
		`staged ${info.name}@${info.version} (${info.entryCount} files) in ${extensionsDir}` +
			(unlisted.length ? `; not in the "n8n" block, so not loaded: ${unlisted.join(', ')}` : ''),
	);
	return {
		dir,
		extensionsDir,
		packageDir,
		packageJson: pkgJson,
		files: info.files.map((f) => f.path),
		unlisted,
		dispose: () => removeTempDir(dir),
	};
}

// ---------------------------------------------------------------------------------------------------------
// Output of `n8n execute --rawOutput`.

/**
 * `n8n execute --id --rawOutput` prints the run as pretty JSON, but on stdout among log lines ("n8n Task
 * Broker ready ...", license notices). On failure the same JSON comes through the logger after "Execution
 * was NOT successful". Finds the last top-level `{ ... }` block that parses and looks like a run.
 */
function parseRawOutput(text) {
	const lines = String(text).split(/\r?\n/);
	const openers = [];
	lines.forEach((line, index) => line === '{' && openers.push(index));
	for (let o = openers.length - 1; o >= 0; o--) {
		for (let close = lines.length - 1; close > openers[o]; close--) {
			if (lines[close] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(openers[o], close + 1).join('\n'));
				if (parsed && parsed.data && parsed.data.resultData) return parsed;
			} catch {
				// not this block
			}
		}
	}
	return undefined;
}

/** Items one node emitted: runData[node][run].data.main[output] (empty array when it emitted none). */
function outputItems(result, nodeName, { run = 0, output = 0 } = {}) {
	const runData = result?.data?.resultData?.runData ?? result?.resultData?.runData;
	const taskData = runData?.[nodeName]?.[run];
	if (!taskData) {
		throw new Error(`node "${nodeName}" did not run (nodes that ran: ${Object.keys(runData || {}).join(', ') || 'none'})`);
	}
	return taskData.data?.main?.[output] ?? [];
}

/** The error a node or the run ended with, if any. */
function runError(result, nodeName) {
	const resultData = result?.data?.resultData ?? result?.resultData;
	if (nodeName) return resultData?.runData?.[nodeName]?.[0]?.error;
	return resultData?.error;
}

// ---------------------------------------------------------------------------------------------------------
// HTTP helpers (Node 20's global fetch).

async function httpJson(method, url, { headers = {}, body, expect } = {}) {
	const init = { method, headers: { accept: 'application/json', ...headers }, redirect: 'manual' };
	if (body !== undefined) {
		init.body = typeof body === 'string' ? body : JSON.stringify(body);
		init.headers['content-type'] = init.headers['content-type'] || 'application/json';
	}
	const response = await fetch(url, init);
	const text = await response.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	const result = { status: response.status, headers: response.headers, text, json };
	if (expect !== undefined && !(Array.isArray(expect) ? expect : [expect]).includes(response.status)) {
		throw new Error(`${method} ${url} -> ${response.status}, expected ${expect}: ${text.slice(0, 600)}`);
	}
	return result;
}

/** A client for n8n's internal REST API (/rest/..., /types/...), authenticated by the n8n-auth cookie. */
class RestClient {
	constructor(baseUrl, cookie) {
		this.baseUrl = baseUrl;
		this.cookie = cookie;
	}

	request(method, route, options = {}) {
		return httpJson(method, `${this.baseUrl}${route}`, {
			...options,
			headers: { cookie: this.cookie, ...(options.headers || {}) },
		});
	}

	async data(method, route, body) {
		const response = await this.request(method, route, { body, expect: 200 });
		return response.json?.data ?? response.json;
	}

	/** GET /types/nodes.json: every node type description the editor gets (~18 MB). */
	async nodeTypes() {
		return (await this.request('GET', '/types/nodes.json', { expect: 200 })).json;
	}

	/** GET /types/credentials.json: every credential type description. */
	async credentialTypes() {
		return (await this.request('GET', '/types/credentials.json', { expect: 200 })).json;
	}

	createCredential({ name, type, data }) {
		return this.data('POST', '/rest/credentials', { name, type, data });
	}

	listCredentials() {
		return this.data('GET', '/rest/credentials');
	}

	/** "Test credential" as the editor does it: POST /rest/credentials/test -> { status: 'OK'|'Error', message }. */
	testCredential({ id, name = '', type, data }) {
		return this.data('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
	}

	createWorkflow(workflow) {
		const { id: _ignored, active: _active, ...body } = workflow;
		return this.data('POST', '/rest/workflows', body);
	}

	getWorkflow(id) {
		return this.data('GET', `/rest/workflows/${encodeURIComponent(id)}`);
	}

	/**
	 * n8n 2.x "publish": POST /rest/workflows/:id/activate with the current versionId. The call only queues
	 * the publication (an outbox): the triggers/webhooks are registered a moment later, and a trigger whose
	 * activation fails does NOT fail this call. With `wait` (default) it then waits for waitForPublication
	 * and throws when a trigger failed. Returns the workflow with `publication` added.
	 */
	async activateWorkflow(id, { wait = true, timeoutMs } = {}) {
		const { versionId } = await this.getWorkflow(id);
		const workflow = await this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, { versionId });
		if (!wait) return workflow;
		const publication = await this.waitForPublication(id, { timeoutMs });
		if (publication.status !== 'published') {
			throw new Error(`workflow ${id} was activated but its publication is "${publication.status}": ${JSON.stringify(publication.triggers)}`);
		}
		return { ...workflow, publication };
	}

	/** GET /rest/workflows/:id/publication-status: { status, liveVersionId, pendingVersionId, triggers: [{ nodeId, status, errorMessage }] }. */
	publicationStatus(id) {
		return this.data('GET', `/rest/workflows/${encodeURIComponent(id)}/publication-status`);
	}

	/**
	 * Polls publication-status until it settles: 'published' (every trigger/webhook registered), 'partial' or
	 * 'failed' (triggers[].errorMessage says why, e.g. a trigger's webhookMethods.create threw).
	 */
	async waitForPublication(id, { timeoutMs = 20000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const publication = await this.publicationStatus(id);
			if (['published', 'partial', 'failed'].includes(publication.status)) return publication;
			if (Date.now() > deadline) throw new Error(`workflow ${id}: publication still "${publication.status}" after ${timeoutMs} ms`);
			await sleep(100);
		}
	}

	/** GET /rest/active-workflows/error/:id: the last activation error n8n recorded for a workflow, if any. */
	activationError(id) {
		return this.data('GET', `/rest/active-workflows/error/${encodeURIComponent(id)}`);
	}

	async deactivateWorkflow(id) {
		return this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/**
	 * The editor's "Execute workflow": POST /rest/workflows/:id/run { triggerToStartFrom: { name } } on the
	 * saved workflow, then waits for the execution to finish and returns it with `data` decoded. Much faster
	 * than `n8n execute` (no new process) but needs a running server.
	 */
	async runManually(id, { trigger = 'Start', timeoutMs = 60000 } = {}) {
		const started = await this.data('POST', `/rest/workflows/${encodeURIComponent(id)}/run`, { triggerToStartFrom: { name: trigger } });
		if (!started?.executionId) throw new Error(`POST /rest/workflows/${id}/run started no execution: ${JSON.stringify(started)}`);
		return this.waitForExecution(started.executionId, { timeoutMs });
	}

	/** Polls GET /rest/executions/:id until it is finished (status other than new/running/waiting). */
	async waitForExecution(executionId, { timeoutMs = 60000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await this.request('GET', `/rest/executions/${encodeURIComponent(executionId)}`);
			const execution = response.status === 200 ? response.json?.data : undefined;
			if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
				if (typeof execution.data === 'string') execution.data = unflatten(execution.data);
				return execution;
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} not finished after ${timeoutMs} ms (${execution?.status ?? response.status})`);
			await sleep(150);
		}
	}

	/**
	 * GET /rest/executions?filter={"workflowId":..}: summaries, newest first. The full run is in
	 * getExecution(id).data, which the internal API returns `flatted`-encoded; getExecution decodes it.
	 */
	async listExecutions({ workflowId, limit = 50 } = {}) {
		const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
		const data = await this.data('GET', `/rest/executions?limit=${limit}${filter}`);
		return data.results;
	}

	async getExecution(id) {
		const execution = await this.data('GET', `/rest/executions/${encodeURIComponent(id)}`);
		if (typeof execution.data === 'string') execution.data = unflatten(execution.data);
		return execution;
	}

	/** POST /rest/api-keys with every scope the instance offers; returns a PublicApiClient. */
	async createApiKey(label = 'e2e') {
		const scopes = await this.data('GET', '/rest/api-keys/scopes');
		const key = await this.data('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		return new PublicApiClient(this.baseUrl, key.rawApiKey);
	}
}

/** n8n's public API (/api/v1), authenticated by an API key (X-N8N-API-KEY). Plain JSON everywhere. */
class PublicApiClient {
	constructor(baseUrl, apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	request(method, route, options = {}) {
		return httpJson(method, `${this.baseUrl}/api/v1${route}`, {
			...options,
			headers: { 'x-n8n-api-key': this.apiKey, ...(options.headers || {}) },
		});
	}

	async json(method, route, body) {
		return (await this.request(method, route, { body, expect: 200 })).json;
	}

	/** GET /api/v1/executions?workflowId=&includeData=: executions newest first, `data` as plain JSON. */
	async listExecutions({ workflowId, includeData = true, status, limit = 100 } = {}) {
		const query = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) query.set('workflowId', workflowId);
		if (status) query.set('status', status);
		return (await this.json('GET', `/executions?${query}`)).data;
	}

	getExecution(id, { includeData = true } = {}) {
		return this.json('GET', `/executions/${encodeURIComponent(id)}?includeData=${includeData}`);
	}

	activateWorkflow(id) {
		return this.json('POST', `/workflows/${encodeURIComponent(id)}/activate`);
	}

	deactivateWorkflow(id) {
		return this.json('POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
	}

	createWorkflow(workflow) {
		const { id: _ignored, active: _active, ...body } = workflow;
		return this.json('POST', '/workflows', { settings: {}, ...body });
	}

	createCredential({ name, type, data }) {
		return this.json('POST', '/credentials', { name, type, data });
	}
}

/** Decodes the `flatted` format the internal REST API stores execution data in (n8n ships `flatted`). */
function unflatten(text) {
	const { n8nDir } = setup.paths();
	const flatted = require(require.resolve('flatted', { paths: [path.join(n8nDir, 'node_modules', 'n8n')] }));
	return flatted.parse(text);
}

// ---------------------------------------------------------------------------------------------------------
// An n8n instance: a fresh user folder, fixed ports, CLI commands and `n8n start`.

const OWNER = Object.freeze({
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd', // n8n: 8-64 chars, a digit and an uppercase letter
});

function defaultLog(message) {
	process.stdout.write(`[e2e] ${message}\n`);
}

function elapsed(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

class N8nInstance {
	constructor({ cache, userFolder, extensions, port, brokerPort, env, log }) {
		this.cache = cache;
		this.userFolder = userFolder;
		this.extensions = extensions;
		this.port = port;
		this.brokerPort = brokerPort;
		this.extraEnv = env;
		this.log = log;
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.server = undefined; // { child, pgid, output: string[], exited: Promise }
	}

	/** The environment every n8n command of this instance runs with (`brokerPort`: its task broker's port). */
	env(brokerPort = this.brokerPort) {
		const env = { ...process.env };
		// n8n's internal task runner is started as `node` from PATH: it must be Node 24 too.
		env.PATH = `${path.join(this.cache.nodeDir, 'bin')}${path.delimiter}${env.PATH || ''}`;
		const noProxy = ['127.0.0.1', 'localhost', '::1', env.NO_PROXY || env.no_proxy].filter(Boolean).join(',');
		Object.assign(env, {
			NO_PROXY: noProxy,
			no_proxy: noProxy,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
			N8N_CUSTOM_EXTENSIONS: this.extensions || '',
			// `execute --rawOutput` prints through the logger: below info it prints nothing.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			// What n8n tells a trigger its webhook URL is (a trigger registering itself with a provider). 2.x name;
			// the old WEBHOOK_URL still works but logs a deprecation.
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			// The task broker defaults to a fixed port (5679), and `n8n execute`/`import:*` start one too: each
			// process gets its own, so CLI commands run beside `n8n start` and beside other instances.
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// Plain http on loopback: a browser (the editor screenshot) must get the cookie back.
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_PUBLIC_API_DISABLED: 'false',
			// Its refresh task calls api.n8n.io at start and logs a stack trace when the network is closed.
			N8N_DISABLED_MODULES: 'mcp-registry',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			EXECUTIONS_MODE: 'regular',
		});
		return { ...env, ...this.extraEnv };
	}

	/** Runs `n8n <args>` to completion under Node 24 in its own process group. */
	async cli(args, { timeoutMs = 120000, input } = {}) {
		const started = Date.now();
		let brokerPort = await freePort();
		while (brokerPort === this.port || brokerPort === this.brokerPort) brokerPort = await freePort();
		return await new Promise((resolve, reject) => {
			const child = spawn(this.cache.nodeBin, [this.cache.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(brokerPort),
				detached: true,
				stdio: ['pipe', 'pipe', 'pipe'],
			});
			liveGroups.add(child.pid);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			if (input !== undefined) child.stdin.end(input);
			else child.stdin.end();
			const timer = setTimeout(() => {
				killGroup(child.pid, 'SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`));
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				liveGroups.delete(child.pid);
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				// The task runner it started is in the same group: make sure nothing of it is left.
				killGroup(child.pid, 'SIGKILL');
				liveGroups.delete(child.pid);
				resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
			});
		});
	}

	async cliOk(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${tail(result.stdout + result.stderr)}`);
		}
		return result;
	}

	writeJson(name, value) {
		const file = path.join(this.userFolder, `${name}-${crypto.randomBytes(4).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/**
	 * `n8n import:credentials`: [{ id, name, type, data: { ...plain fields } }] (encrypted on import with
	 * N8N_ENCRYPTION_KEY). Works before start() and while the server runs (same SQLite file; the server's
	 * REST API lists what the CLI imported).
	 */
	importCredentials(credentials) {
		return this.cliOk(['import:credentials', `--input=${this.writeJson('credentials', credentials)}`]);
	}

	/** `n8n import:workflow`: one workflow or an array ({ id, name, nodes, connections, settings }). */
	importWorkflow(workflows) {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		const normalised = list.map((w) => ({ active: false, settings: { executionOrder: 'v1' }, connections: {}, ...w }));
		return this.cliOk(['import:workflow', `--input=${this.writeJson('workflows', normalised)}`]);
	}

	/** `n8n publish:workflow --id` (2.x's CLI activation; takes effect at the next start). */
	publishWorkflow(id) {
		return this.cliOk(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput` (the workflow's start node must be a Manual Trigger).
	 * Returns { ok, code, result, error, stdout, stderr, ms }: `result` is the parsed run (also on failure,
	 * when n8n printed one), `error` the run's resultData.error.
	 */
	async execute(id, { timeoutMs = 120000 } = {}) {
		const run = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
		const result = parseRawOutput(run.stdout) ?? parseRawOutput(run.stderr);
		const error = result?.data?.resultData?.error;
		return { ...run, ok: run.code === 0 && !!result && !error, result, error };
	}

	/** `n8n start`, then waits until /healthz/readiness says ok (the database is migrated and connected). */
	async start({ timeoutMs = 120000 } = {}) {
		if (this.server) throw new Error('n8n is already started');
		for (const port of [this.port, this.brokerPort]) {
			if (await portOpen(port)) throw new Error(`port ${port} is already in use`);
		}
		const started = Date.now();
		const child = spawn(this.cache.nodeBin, [this.cache.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		liveGroups.add(child.pid);
		const output = [];
		const logFile = fs.createWriteStream(path.join(this.userFolder, 'n8n-start.log'));
		const collect = (chunk) => {
			output.push(String(chunk));
			logFile.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				logFile.end();
				resolve({ code, signal });
			}),
		);
		this.server = { child, pgid: child.pid, output, exited, exitStatus: undefined };
		exited.then((status) => {
			if (this.server && this.server.child === child) this.server.exitStatus = status;
		});

		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.server.exitStatus) {
				const { code, signal } = this.server.exitStatus;
				await this.stop();
				throw new Error(`n8n start exited early (${code ?? signal}):\n${tail(output.join(''))}`);
			}
			try {
				const response = await httpJson('GET', `${this.baseUrl}/healthz/readiness`);
				if (response.status === 200 && response.json?.status === 'ok') break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n did not become ready within ${timeoutMs} ms:\n${tail(output.join(''))}`);
			}
			await sleep(250);
		}
		this.log(`n8n ${setup.PINS.n8n} ready on ${this.baseUrl} in ${elapsed(started)}`);
		return this;
	}

	/** The server's console output so far. */
	serverOutput() {
		return this.server ? this.server.output.join('') : '';
	}

	/** SIGTERM to the whole group (n8n + task runner), SIGKILL after `graceMs`; then checks the ports closed. */
	async stop({ graceMs = 15000 } = {}) {
		if (!this.server) return;
		const { pgid, exited } = this.server;
		const started = Date.now();
		killGroup(pgid, 'SIGTERM');
		let graceTimer;
		const outcome = await Promise.race([
			exited.then(() => 'exited'),
			new Promise((resolve) => (graceTimer = setTimeout(() => resolve('timeout'), graceMs))),
		]);
		clearTimeout(graceTimer);
		if (outcome === 'timeout') this.log(`n8n did not stop within ${graceMs} ms: SIGKILL`);
		if (outcome === 'timeout') killGroup(pgid, 'SIGKILL');
		// Whatever is left of the group (the task runner, if n8n exited first) gets 3 s, then SIGKILL.
		const lingerUntil = Date.now() + 3000;
		while (groupAlive(pgid) && Date.now() < lingerUntil) await sleep(100);
		killGroup(pgid, 'SIGKILL');
		liveGroups.delete(pgid);
		this.server = undefined;
		for (const port of [this.port, this.brokerPort]) {
			for (let i = 0; i < 50 && (await portOpen(port)); i++) await sleep(100);
			if (await portOpen(port)) throw new Error(`port ${port} is still open after n8n stopped`);
		}
		this.log(`n8n stopped in ${elapsed(started)}`);
	}

	/** Creates the instance owner (n8n 2.x has no usable REST API before this) and returns a logged-in client. */
	async setupOwner(owner = OWNER) {
		const response = await httpJson('POST', `${this.baseUrl}/rest/owner/setup`, { body: owner, expect: 200 });
		return new RestClient(this.baseUrl, authCookie(response));
	}

	/** POST /rest/login (after setupOwner, or with an owner managed by env). */
	async login({ email, password } = OWNER) {
		const response = await httpJson('POST', `${this.baseUrl}/rest/login`, {
			body: { emailOrLdapLoginId: email, password },
			expect: 200,
		});
		return new RestClient(this.baseUrl, authCookie(response));
	}

	/**
	 * Calls a production webhook (/webhook/<path>). Right after activation n8n can still answer 404 "not
	 * registered" for a moment: retries those for up to `registerTimeoutMs`.
	 */
	async webhook(method, webhookPath, { body, headers, registerTimeoutMs = 10000, prefix = 'webhook' } = {}) {
		const url = `${this.baseUrl}/${prefix}/${webhookPath.replace(/^\//, '')}`;
		const started = Date.now();
		for (let attempts = 1; ; attempts++) {
			const response = await httpJson(method, url, { body, headers });
			const notRegistered = response.status === 404 && /not registered/i.test(response.text);
			if (!notRegistered || Date.now() - started > registerTimeoutMs) {
				return { ...response, attempts, ms: Date.now() - started };
			}
			await sleep(100);
		}
	}

	/** Polls `list()` until it returns at least `count` entries (e.g. executions); returns them. */
	async waitFor(list, { count = 1, timeoutMs = 15000, what = 'executions' } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const entries = await list();
			if (entries.length >= count) return entries;
			if (Date.now() > deadline) throw new Error(`expected ${count} ${what} within ${timeoutMs} ms, got ${entries.length}`);
			await sleep(250);
		}
	}

	/**
	 * A PNG of an editor page (default: the canvas of workflow `workflowId`) in headless Chromium, logged in
	 * with `rest`'s cookie. Runs scripts/e2e/screenshot.js under the cache's Node 24 (it needs WebSocket).
	 * Needs Debian's chromium (`apt-get install -y chromium`). Returns { out, bytes, title, found, expected }.
	 */
	async screenshot({ rest, workflowId, route, out, wait = '.vue-flow__node', count = 1, width = 1600, height = 900 }) {
		const url = `${this.baseUrl}${route ?? `/workflow/${encodeURIComponent(workflowId)}`}`;
		const args = [path.join(__dirname, 'screenshot.js'), '--url', url, '--out', out, '--wait', wait, '--count', String(count), '--width', String(width), '--height', String(height)];
		if (rest) args.push('--cookie', rest.cookie);
		const result = await new Promise((resolve, reject) => {
			const child = spawn(this.cache.nodeBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' } });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c) => (stdout += c));
			child.stderr.on('data', (c) => (stderr += c));
			child.on('error', reject);
			child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`screenshot failed (${code}): ${stderr.trim()}`))));
		});
		return JSON.parse(result.trim().split('\n').pop());
	}

	/** Stops the server (if started) and deletes the user folder. */
	async dispose() {
		try {
			await this.stop();
		} finally {
			removeTempDir(this.userFolder);
		}
	}
}

function authCookie(response) {
	const setCookie = response.headers.getSetCookie ? response.headers.getSetCookie() : [response.headers.get('set-cookie')];
	const cookie = setCookie.filter(Boolean).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`no n8n-auth cookie in the response (${response.status}): ${response.text.slice(0, 300)}`);
	return cookie;
}

function tail(text, lines = 40) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * A fresh n8n: new user folder (new SQLite database), free ports for the server and the task broker.
 * `extensions`: the folder for N8N_CUSTOM_EXTENSIONS (stagePackage().extensionsDir). `env`: extra variables.
 */
async function createInstance({ extensions, env = {}, log = defaultLog } = {}) {
	const cache = requireSetup();
	const userFolder = makeTempDir('n8n-e2e-user-');
	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	return new N8nInstance({ cache, userFolder, extensions, port, brokerPort, env, log });
}

/**
 * Cross-checks what n8n loaded from the package against its package.json "n8n" block: every node file in
 * the block must show up as CUSTOM.<name>, and nothing else from the package may (the custom-directory loader
 * would load a stray *.node.js that the published package would not register).
 */
function assertPackageTypes({ nodeTypes, credentialTypes, expectedNodes, expectedCredentials }) {
	const problems = [];
	const customNodes = nodeTypes.filter((t) => t.name.startsWith('CUSTOM.')).map((t) => t.name);
	const plainNodes = customNodes.filter((name) => !name.endsWith('Tool'));
	for (const name of expectedNodes) if (!customNodes.includes(`CUSTOM.${name}`)) problems.push(`node type CUSTOM.${name} is missing`);
	const credentialNames = credentialTypes.map((c) => c.name);
	for (const name of expectedCredentials) if (!credentialNames.includes(name)) problems.push(`credential type ${name} is missing`);
	return { problems, customNodes, plainNodes };
}

module.exports = {
	OWNER,
	REPO_ROOT,
	requireSetup,
	buildPackage,
	stagePackage,
	createInstance,
	parseRawOutput,
	outputItems,
	runError,
	assertPackageTypes,
	httpJson,
	freePort,
	portOpen,
	sleep,
	cleanupNow,
	makeTempDir,
	RestClient,
	PublicApiClient,
	N8nInstance,
	liveProcessGroups: () => [...liveGroups],
};
