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
 *
 * This file: the instance (CLI commands, `n8n start`/stop, owner, webhooks, screenshot) and `n8n execute`'s
 * output; it re-exports the rest: package.js (cache check, build, npm pack), api.js (REST and public API
 * clients), processes.js (process groups, temp folders, Ctrl+C, ports).
 */

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { httpJson, RestClient, PublicApiClient } = require('./api');
const {
	REPO_ROOT,
	requireSetup,
	buildPackage,
	stagePackage,
	defaultLog,
	elapsed,
} = require('./package');
const processes = require('./processes');
const setup = require('./setup');

const { liveGroups, killGroup, groupAlive, removeTempDir, makeTempDir, freePort, portOpen, sleep } =
	processes;

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
		throw new Error(
			`node "${nodeName}" did not run (nodes that ran: ${Object.keys(runData || {}).join(', ') || 'none'})`,
		);
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
// An n8n instance: a fresh user folder, fixed ports, CLI commands and `n8n start`.

const OWNER = Object.freeze({
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd', // n8n: 8-64 chars, a digit and an uppercase letter
});

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
		const noProxy = ['127.0.0.1', 'localhost', '::1', env.NO_PROXY || env.no_proxy]
			.filter(Boolean)
			.join(',');
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
		while (brokerPort === this.port || brokerPort === this.brokerPort)
			brokerPort = await freePort();
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
				reject(
					new Error(
						`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`,
					),
				);
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
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${tail(result.stdout + result.stderr)}`,
			);
		}
		return result;
	}

	writeJson(name, value) {
		const file = path.join(
			this.userFolder,
			`${name}-${crypto.randomBytes(4).toString('hex')}.json`,
		);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/**
	 * `n8n import:credentials`: [{ id, name, type, data: { ...plain fields } }] (encrypted on import with
	 * N8N_ENCRYPTION_KEY). Works before start() and while the server runs (same SQLite file; the server's
	 * REST API lists what the CLI imported).
	 */
	importCredentials(credentials) {
		return this.cliOk([
			'import:credentials',
			`--input=${this.writeJson('credentials', credentials)}`,
		]);
	}

	/** `n8n import:workflow`: one workflow or an array ({ id, name, nodes, connections, settings }). */
	importWorkflow(workflows) {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		const normalised = list.map((w) => ({
			active: false,
			settings: { executionOrder: 'v1' },
			connections: {},
			...w,
		}));
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

	/**
	 * `n8n start` (or `command`: `worker`, `webhook` in queue mode), then waits until /healthz/readiness on
	 * this instance's port says ok (the database is migrated and connected; for a worker, its health server
	 * on QUEUE_HEALTH_CHECK_PORT = this port). Its console goes to `n8n-<command>.log` in the user folder,
	 * or `n8n-<logName>.log`.
	 */
	async start({ timeoutMs = 120000, command = 'start', args = [], logName = command } = {}) {
		if (this.server) throw new Error('n8n is already started');
		for (const port of [this.port, this.brokerPort]) {
			if (await portOpen(port)) throw new Error(`port ${port} is already in use`);
		}
		const started = Date.now();
		const child = spawn(this.cache.nodeBin, [this.cache.n8nBin, command, ...args], {
			cwd: this.userFolder,
			env: this.env(),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		liveGroups.add(child.pid);
		const output = [];
		const logFile = fs.createWriteStream(path.join(this.userFolder, `n8n-${logName}.log`));
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
				throw new Error(
					`n8n ${command} exited early (${code ?? signal}):\n${tail(output.join(''))}`,
				);
			}
			try {
				const response = await httpJson('GET', `${this.baseUrl}/healthz/readiness`);
				if (response.status === 200 && response.json?.status === 'ok') break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(
					`n8n did not become ready within ${timeoutMs} ms:\n${tail(output.join(''))}`,
				);
			}
			await sleep(250);
		}
		this.log(
			`n8n ${setup.PINS.n8n} ${command === 'start' ? '' : `${logName} `}ready on ${this.baseUrl} in ${elapsed(started)}`,
		);
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
		const response = await httpJson('POST', `${this.baseUrl}/rest/owner/setup`, {
			body: owner,
			expect: 200,
		});
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
	async webhook(
		method,
		webhookPath,
		{ body, headers, registerTimeoutMs = 10000, prefix = 'webhook' } = {},
	) {
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
			if (Date.now() > deadline)
				throw new Error(`expected ${count} ${what} within ${timeoutMs} ms, got ${entries.length}`);
			await sleep(250);
		}
	}

	/**
	 * A PNG of an editor page (default: the canvas of workflow `workflowId`) in headless Chromium, logged in
	 * with `rest`'s cookie. Runs scripts/e2e/screenshot.js under the cache's Node 24 (it needs WebSocket).
	 * `click` (a selector) is clicked once `count` of `wait` are there, then it waits for `thenCount` of `then`.
	 * Needs Debian's chromium (`apt-get install -y chromium`). Returns { out, bytes, title, found, expected, after }.
	 */
	async screenshot({ rest, workflowId, route, ...options }) {
		const url = `${this.baseUrl}${route ?? `/workflow/${encodeURIComponent(workflowId)}`}`;
		// screenshot.js holds the defaults; only what is given goes on its command line.
		const given = { url, ...options, ...(rest ? { cookie: rest.cookie } : {}) };
		const args = [path.join(__dirname, 'screenshot.js')];
		for (const [key, value] of Object.entries(given))
			if (value !== undefined) args.push(`--${key}`, String(value));
		const result = await new Promise((resolve, reject) => {
			const child = spawn(this.cache.nodeBin, args, {
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' },
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c) => (stdout += c));
			child.stderr.on('data', (c) => (stderr += c));
			child.on('error', reject);
			child.on('close', (code) =>
				code === 0
					? resolve(stdout)
					: reject(new Error(`screenshot failed (${code}): ${stderr.trim()}`)),
			);
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
	const setCookie = response.headers.getSetCookie
		? response.headers.getSetCookie()
		: [response.headers.get('set-cookie')];
	const cookie = setCookie
		.filter(Boolean)
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie)
		throw new Error(
			`no n8n-auth cookie in the response (${response.status}): ${response.text.slice(0, 300)}`,
		);
	return cookie;
}

function tail(text, lines = 40) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * A fresh n8n: new user folder (new SQLite database), free ports for the server and the task broker.
 * `extensions`: the folder for N8N_CUSTOM_EXTENSIONS (stagePackage().extensionsDir). `env`: extra variables.
 * `port`: a fixed port for the server (refused when taken) instead of a free one.
 */
async function createInstance({ extensions, env = {}, log = defaultLog, port: wantedPort } = {}) {
	const cache = requireSetup();
	if (wantedPort !== undefined && (await portOpen(wantedPort))) {
		throw new Error(
			`port ${wantedPort} is already in use (another n8n?): stop it or choose another port`,
		);
	}
	const userFolder = makeTempDir('n8n-e2e-user-');
	const port = wantedPort ?? (await freePort());
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
	for (const name of expectedNodes)
		if (!customNodes.includes(`CUSTOM.${name}`))
			problems.push(`node type CUSTOM.${name} is missing`);
	const credentialNames = credentialTypes.map((c) => c.name);
	for (const name of expectedCredentials)
		if (!credentialNames.includes(name)) problems.push(`credential type ${name} is missing`);
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
	cleanupNow: processes.cleanupNow,
	onInterrupt: processes.onInterrupt,
	makeTempDir,
	RestClient,
	PublicApiClient,
	N8nInstance,
	liveProcessGroups: processes.liveProcessGroups,
};
