#!/usr/bin/env node
'use strict';
/*
 * End-to-end smoke test against a REAL n8n (scripts/e2e/setup.js's cache): proves the whole chain.
 *
 *   node scripts/e2e/smoke.js              # setup (idempotent) + build + stage + everything below
 *   node scripts/e2e/smoke.js --no-build   # use the dist/ that is there
 *   node scripts/e2e/smoke.js --screenshot /tmp/canvas.png   # also a PNG of the editor canvas (needs
 *                                          # Debian's chromium: apt-get update && apt-get install -y chromium)
 *   N8N_E2E_KEEP=1 node scripts/e2e/smoke.js   # keep the temp folders (user folder, n8n-start.log)
 *
 *  1. CLI, no server: import a whatsAppInboxApi credential pointing at an inline stub of the inbox API and a
 *     workflow Manual Trigger -> CUSTOM.whatsAppChats (provider inbox, returnAll); `n8n execute --id
 *     --rawOutput`; the item is the unified Chat. A second workflow whose API refuses shows a failed run is
 *     reported parseably too.
 *  2. `n8n start`: owner setup, the package's node and credential types in /types/*.json, "Test credential".
 *  3. The trigger path: n8n's own Webhook node, activated three ways (REST, public API, CLI publish before
 *     start), a POST to /webhook/<path>, the execution read back through the public API and the REST API.
 *     The chats workflow once more as the editor runs it (POST /rest/workflows/:id/run), and the CLI run of
 *     step 1 read back as a stored execution.
 *
 * Exits non-zero with a readable message on the first failure; stops n8n and removes every temp folder.
 */

const http = require('node:http');

const e2e = require('./n8n');
const setup = require('./setup');

const started = Date.now();
const timings = [];
let step = 'start';

function log(message) {
	process.stdout.write(`[e2e:smoke] ${message}\n`);
}

async function timed(name, fn) {
	step = name;
	const t0 = Date.now();
	const value = await fn();
	const ms = Date.now() - t0;
	timings.push([name, ms]);
	log(`ok  ${name} (${(ms / 1000).toFixed(1)} s)`);
	return value;
}

function assert(condition, message, detail) {
	if (!condition) {
		const error = new Error(message);
		error.detail = detail;
		throw error;
	}
}

function assertEqual(actual, expected, what) {
	const a = JSON.stringify(actual);
	const b = JSON.stringify(expected);
	assert(a === b, `${what}: expected ${b}, got ${a}`);
}

// ---------------------------------------------------------------------------------------------------------
// The inbox API stub (docs/providers.md §4: GET {prefix}/conversations?limit=&page=, Bearer key).

const API_KEY = 'sk_e2e_inbox_key';
const CONVERSATIONS = {
	data: [
		{
			id: 'conv_123',
			contactName: 'Dana',
			contactPhone: '+972501234567',
			lastMessageAt: '2026-03-17T14:22:00.000Z',
			lastMessagePreview: 'Hi',
			unreadCount: 2,
		},
	],
	total: 1,
	page: 1,
	hasNext: false,
};

function startStub() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://stub');
		requests.push({
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			auth: req.headers.authorization,
		});
		res.setHeader('content-type', 'application/json');
		if (req.headers.authorization !== `Bearer ${API_KEY}`) {
			res.statusCode = 401;
			res.end(JSON.stringify({ error: 'unauthorized' }));
			return;
		}
		if (
			req.method === 'GET' &&
			url.pathname === '/api/whatsapp/conversations' &&
			url.searchParams.get('page') === '1'
		) {
			res.end(JSON.stringify(CONVERSATIONS));
			return;
		}
		res.statusCode = 404;
		res.end(JSON.stringify({ error: `no route ${req.method} ${url.pathname}` }));
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, requests, baseUrl: `http://127.0.0.1:${server.address().port}` }),
		),
	);
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures.

const IDS = {
	credential: 'e2eInboxCred0001',
	badCredential: 'e2eInboxCred0002',
	chats: 'e2eChatsWorkflow',
	chatsBadKey: 'e2eChatsBadKey01',
	hookRest: 'e2eHookRest00001',
	hookPublic: 'e2eHookPublic001',
	hookCli: 'e2eHookCli000001',
};

function chatsWorkflow(id, credentialId, name) {
	return {
		id,
		name,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'chats',
				name: 'WhatsApp Chats',
				type: 'CUSTOM.whatsAppChats',
				typeVersion: 1,
				position: [240, 0],
				parameters: { provider: 'inbox', returnAll: true },
				credentials: { whatsAppInboxApi: { id: credentialId, name: `Inbox stub ${credentialId}` } },
			},
		],
		connections: { Start: { main: [[{ node: 'WhatsApp Chats', type: 'main', index: 0 }]] } },
	};
}

function webhookWorkflow(id, hookPath, webhookId) {
	return {
		id,
		name: `e2e webhook ${hookPath}`,
		nodes: [
			{
				id: 'hook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
	};
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
	const args = process.argv.slice(2);
	const shotIndex = args.indexOf('--screenshot');
	const screenshotPath = shotIndex >= 0 ? args[shotIndex + 1] : undefined;
	if (shotIndex >= 0 && !screenshotPath)
		throw new Error('--screenshot needs a file name (a PNG under /tmp)');
	await timed('setup (cache check)', () => setup.setup());
	if (!args.includes('--no-build')) await timed('npm run build', () => e2e.buildPackage({ log }));
	const pkg = await timed('stage the package (npm pack)', () => e2e.stagePackage({ log }));
	const stub = await startStub();
	log(`inbox API stub on ${stub.baseUrl}`);
	const n8n = await e2e.createInstance({ extensions: pkg.extensionsDir, log });
	log(`n8n user folder ${n8n.userFolder}, port ${n8n.port}, task broker ${n8n.brokerPort}`);

	try {
		// --- 1. CLI --------------------------------------------------------------------------------------------
		await timed('import credentials (CLI)', () =>
			n8n.importCredentials([
				{
					id: IDS.credential,
					name: `Inbox stub ${IDS.credential}`,
					type: 'whatsAppInboxApi',
					data: { baseUrl: stub.baseUrl, apiKey: API_KEY },
				},
				{
					id: IDS.badCredential,
					name: `Inbox stub ${IDS.badCredential}`,
					type: 'whatsAppInboxApi',
					data: { baseUrl: stub.baseUrl, apiKey: 'wrong-key' },
				},
			]),
		);
		await timed('import workflows (CLI)', () =>
			n8n.importWorkflow([
				chatsWorkflow(IDS.chats, IDS.credential, 'e2e chats'),
				chatsWorkflow(IDS.chatsBadKey, IDS.badCredential, 'e2e chats (wrong key)'),
				webhookWorkflow(IDS.hookRest, 'e2e-rest', '6f0c6c39-6d1b-4b6e-9b0a-000000000001'),
				webhookWorkflow(IDS.hookPublic, 'e2e-public', '6f0c6c39-6d1b-4b6e-9b0a-000000000002'),
				webhookWorkflow(IDS.hookCli, 'e2e-cli', '6f0c6c39-6d1b-4b6e-9b0a-000000000003'),
			]),
		);

		const run = await timed('n8n execute --id (Manual Trigger -> WhatsApp Chats)', () =>
			n8n.execute(IDS.chats),
		);
		assert(
			run.result,
			`n8n execute printed no parseable run (exit ${run.code})`,
			run.stdout + run.stderr,
		);
		assert(
			run.ok,
			`the run failed: ${JSON.stringify(run.error || e2e.runError(run.result, 'WhatsApp Chats'))}`,
		);
		const items = e2e.outputItems(run.result, 'WhatsApp Chats');
		assertEqual(items.length, 1, 'number of chat items');
		const chat = items[0].json;
		assertEqual(
			[chat.provider, chat.id, chat.phone],
			['inbox', 'conv_123', '972501234567'],
			'chat provider/id/phone',
		);
		assertEqual(items[0].pairedItem, { item: 0 }, 'pairedItem');
		const call = stub.requests.find((r) => r.path === '/api/whatsapp/conversations');
		assert(call, 'the node never called GET /api/whatsapp/conversations on the stub');
		assertEqual(call.query.page, '1', 'page query');
		log(`    item: ${JSON.stringify(chat)}`);
		log(
			`    stub saw: ${call.method} ${call.path}?${new URLSearchParams(call.query)} (Authorization: Bearer ***)`,
		);

		const failed = await timed(
			'n8n execute --id, API answers 401 (a failed run is parseable)',
			() => n8n.execute(IDS.chatsBadKey),
		);
		assert(failed.code !== 0, `a failed run should exit non-zero (exit ${failed.code})`);
		assert(
			failed.result,
			'n8n execute printed no parseable run for a failed execution',
			failed.stdout + failed.stderr,
		);
		const nodeError = e2e.runError(failed.result, 'WhatsApp Chats');
		assert(nodeError, 'the failed run has no runData["WhatsApp Chats"][0].error');
		assert(
			!JSON.stringify(failed.result).includes('wrong-key'),
			'the API key appears in the run output',
		);
		log(
			`    exit ${failed.code}; node error: ${nodeError.name} httpCode=${nodeError.httpCode} "${nodeError.message}"`,
		);

		await timed('n8n publish:workflow --id (CLI activation before start)', () =>
			n8n.publishWorkflow(IDS.hookCli),
		);

		// --- 2. Server ---------------------------------------------------------------------------------------
		await timed('n8n start (until /healthz/readiness)', () => n8n.start());
		const api = await timed('POST /rest/owner/setup (owner + auth cookie)', () => n8n.setupOwner());
		await timed('POST /rest/login', () => n8n.login());

		const [nodeTypes, credentialTypes] = await timed(
			'GET /types/nodes.json + /types/credentials.json',
			() => Promise.all([api.nodeTypes(), api.credentialTypes()]),
		);
		const expectedNodes = ['whatsAppChats', 'whatsAppMessages'];
		const expectedCredentials = ['noxivoApi', 'vobizApi', 'digital99Api', 'whatsAppInboxApi'];
		const check = e2e.assertPackageTypes({
			nodeTypes,
			credentialTypes,
			expectedNodes,
			expectedCredentials,
		});
		assert(check.problems.length === 0, `package types: ${check.problems.join('; ')}`);
		assertEqual(
			check.plainNodes.length,
			pkg.packageJson.n8n.nodes.length,
			'CUSTOM.* nodes (without *Tool) vs package.json n8n.nodes',
		);
		log(`    ${nodeTypes.length} node types; custom: ${check.customNodes.join(', ')}`);
		log(`    ${credentialTypes.length} credential types incl. ${expectedCredentials.join(', ')}`);

		const credentials = await api.listCredentials();
		assert(
			credentials.some((c) => c.id === IDS.credential && c.type === 'whatsAppInboxApi'),
			'GET /rest/credentials does not list the imported credential',
		);
		const good = await timed('POST /rest/credentials/test (right key)', () =>
			api.testCredential({
				id: IDS.credential,
				type: 'whatsAppInboxApi',
				data: { baseUrl: stub.baseUrl, apiKey: API_KEY },
			}),
		);
		assertEqual(good.status, 'OK', `Test credential with the right key (${good.message})`);
		const bad = await timed('POST /rest/credentials/test (wrong key)', () =>
			api.testCredential({
				id: IDS.badCredential,
				type: 'whatsAppInboxApi',
				data: { baseUrl: stub.baseUrl, apiKey: 'wrong-key' },
			}),
		);
		assertEqual(bad.status, 'Error', 'Test credential with a wrong key');
		log(`    right key: ${good.status}; wrong key: ${bad.status} "${bad.message}"`);

		// --- 3. Webhooks and executions ------------------------------------------------------------------------
		const pub = await timed('POST /rest/api-keys (public API key)', () => api.createApiKey());

		const viaRest = await timed(
			'POST /rest/workflows/:id/activate + wait for publication-status',
			() => api.activateWorkflow(IDS.hookRest),
		);
		assert(viaRest.active === true, 'REST activation: workflow is not active');
		log(`    publication: ${JSON.stringify(viaRest.publication)}`);
		await hookAndReadBack('e2e-rest', IDS.hookRest);

		const viaPublic = await timed('POST /api/v1/workflows/:id/activate', () =>
			pub.activateWorkflow(IDS.hookPublic),
		);
		assert(viaPublic.active === true, 'public API activation: workflow is not active');
		const publicPublication = await api.waitForPublication(IDS.hookPublic);
		assertEqual(
			publicPublication.status,
			'published',
			'publication status after public API activation',
		);
		await hookAndReadBack('e2e-public', IDS.hookPublic);

		// Published with the CLI before start: n8n activated it at boot.
		assertEqual(
			(await api.publicationStatus(IDS.hookCli)).status,
			'published',
			'publication status of the CLI-published workflow',
		);
		await hookAndReadBack('e2e-cli', IDS.hookCli);

		async function hookAndReadBack(hookPath, workflowId) {
			const marker = `m-${hookPath}-${Date.now()}`;
			const response = await timed(`POST /webhook/${hookPath}`, () =>
				n8n.webhook('POST', hookPath, { body: { marker } }),
			);
			assertEqual(
				response.status,
				200,
				`POST /webhook/${hookPath} status (${response.text.slice(0, 200)})`,
			);
			const executions = await timed(
				`GET /api/v1/executions?workflowId=${workflowId}&includeData=true`,
				() =>
					n8n.waitFor(async () =>
						(await pub.listExecutions({ workflowId })).filter((e) => e.finished),
					),
			);
			const body = e2e.outputItems(executions[0], 'Webhook')[0]?.json?.body;
			assertEqual(body, { marker }, 'webhook body in the execution (public API)');
			const restList = await api.listExecutions({ workflowId });
			assert(restList.length >= 1, 'GET /rest/executions lists no execution');
			const restExecution = await api.getExecution(restList[0].id);
			assertEqual(
				e2e.outputItems(restExecution.data, 'Webhook')[0]?.json?.body,
				{ marker },
				'webhook body (REST, flatted)',
			);
			const webhookUrl = e2e.outputItems(executions[0], 'Webhook')[0]?.json?.webhookUrl;
			log(
				`    POST answered ${response.status} after ${response.attempts} attempt(s) (${response.ms} ms); execution ` +
					`${executions[0].id}: mode=${executions[0].mode} status=${executions[0].status} webhookUrl=${webhookUrl}`,
			);
		}

		// The editor's "Execute workflow" on the same workflow, through the running server.
		const manual = await timed(
			'POST /rest/workflows/:id/run (manual run) + GET /rest/executions/:id',
			() => api.runManually(IDS.chats),
		);
		assertEqual([manual.mode, manual.status], ['manual', 'success'], 'manual run mode/status');
		assertEqual(
			e2e.outputItems(manual.data, 'WhatsApp Chats')[0]?.json?.id,
			'conv_123',
			'chat id in the manual run',
		);

		// The CLI runs from step 1 are stored executions too (mode "cli").
		const cliRuns = (await pub.listExecutions({ workflowId: IDS.chats })).filter(
			(e) => e.mode === 'cli',
		);
		assertEqual(
			cliRuns.map((e) => [e.mode, e.status]),
			[['cli', 'success']],
			'CLI execution read back through the public API',
		);
		assertEqual(
			e2e.outputItems(cliRuns[0], 'WhatsApp Chats')[0]?.json?.id,
			'conv_123',
			'chat id in the stored CLI execution',
		);

		if (screenshotPath) {
			const shot = await timed('screenshot of the editor canvas (headless Chromium)', () =>
				n8n.screenshot({ rest: api, workflowId: IDS.chats, out: screenshotPath, count: 2 }),
			);
			assert(shot.found >= 2, `the canvas showed ${shot.found} of 2 nodes (see ${shot.out})`);
			log(`    ${shot.out}: ${shot.bytes} bytes, "${shot.title}", ${shot.found} canvas nodes`);
		}

		const nodeProcesses = e2e.liveProcessGroups().length;
		await timed('stop n8n (process group, ports closed)', () => n8n.stop());
		assertEqual(
			e2e.liveProcessGroups().length,
			nodeProcesses - 1,
			'live n8n process groups after stop',
		);
	} finally {
		await n8n.dispose();
		pkg.dispose();
		await new Promise((resolve) => stub.server.close(resolve));
	}

	const total = ((Date.now() - started) / 1000).toFixed(1);
	log(`PASS in ${total} s`);
	for (const [name, ms] of timings) log(`    ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
}

main().catch((error) => {
	process.stderr.write(`\n[e2e:smoke] FAIL at "${step}": ${error.message}\n`);
	if (error.detail)
		process.stderr.write(`${String(error.detail).trimEnd().split('\n').slice(-40).join('\n')}\n`);
	e2e.cleanupNow();
	process.exit(1);
});
