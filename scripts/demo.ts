/**
 * `npm run demo`, the main job: the BUILT package (dist/, loaded as n8n loads it, from package.json's "n8n"
 * block) runs against the provider simulator, through n8n-core's real WorkflowExecute in-process.
 * One workflow per provider: Manual Trigger → WhatsApp Chats (Limit 3) → WhatsApp Messages (first chat,
 * Return All) → WhatsApp Send (a text to that chat) → WhatsApp Status (of that message where the provider
 * can tell, else of the session). The provider's status webhooks for the sent message go to a local
 * receiver. Prints a summary, exits 0, or 1 with the step that failed (a node type missing from the build
 * fails too).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ICredentialType, IConnections, IDataObject, INode, INodeType } from 'n8n-workflow';

import {
	startSimulator,
	PROVIDER_NAMES,
	type ProviderName,
	type Simulator,
} from '../test/simulator';
import { WebhookReceiver, type ReceivedWebhook } from '../test/simulator/receiver';

const ROOT = findPackageRoot(__dirname);
// Before the harness loads: n8n-core writes its instance settings into the user folder; keep it in .cache/.
process.env.N8N_USER_FOLDER ??= join(ROOT, '.cache', 'n8n-user');
process.env.N8N_LOG_LEVEL ??= 'silent';
mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
const { runWorkflow } =
	require('../test/engine/harness') as typeof import('../test/engine/harness');

const TITLES: Record<ProviderName, string> = {
	noxivo: 'Noxivo Engine',
	vobiz: 'Vobiz',
	digital99: '99digital',
	inbox: 'Inbox API',
};
const STEP = {
	chats: 'List chats',
	history: 'Read history',
	send: 'Send a text',
	status: 'Check status',
} as const;
const STEP_TYPES: Record<keyof typeof STEP, string> = {
	chats: 'whatsAppChats',
	history: 'whatsAppMessages',
	send: 'whatsAppSend',
	status: 'whatsAppStatus',
};
const DEMO_TEXT = 'Hello from the n8n demo';
const WEBHOOK_SECRET = 'demo-webhook-secret';

/**
 * Only Noxivo can be asked for one message's status (docs/providers.md §1.4.5); the others report delivery by
 * webhook only, so their Status step reads the session (docs/contract.md `sessionStatus`).
 */
const NO_MESSAGE_STATUS: Partial<Record<ProviderName, string>> = {
	vobiz:
		'Vobiz has no message-status endpoint: delivery comes by its message.status webhook, see docs/providers.md §2.4',
	digital99:
		'99digital reports delivery only by webhook, once readStatus is on, see docs/providers.md §3.3.3',
	inbox:
		'the inbox API documents no message-status endpoint: delivery comes by webhook, see docs/providers.md §4.3',
};

function findPackageRoot(from: string): string {
	for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
		const file = join(dir, 'package.json');
		if (
			existsSync(file) &&
			(JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name ===
				'n8n-nodes-whatsapp-inbox'
		)
			return dir;
	}
	throw new Error('cannot find the n8n-nodes-whatsapp-inbox package.json above the demo');
}

/** The built nodes and credentials, exactly the files package.json's "n8n" block names (as n8n loads them). */
function loadBuiltPackage(): {
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
} {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const instances = <T>(files: string[]): T[] =>
		files.flatMap((file) => {
			const path = join(ROOT, file);
			if (!existsSync(path)) throw new Error(`${file} is missing: run "npm run build" first`);
			return Object.values(require(path) as Record<string, new () => T>).map((Type) => new Type());
		});
	const nodeTypes = Object.fromEntries(
		instances<INodeType>(pkg.n8n.nodes).map((n) => [n.description.name, n]),
	);
	const credentialTypes = Object.fromEntries(
		instances<ICredentialType>(pkg.n8n.credentials).map((c) => [c.name, c]),
	);
	return { nodeTypes, credentialTypes };
}

/** Manual Trigger → Chats → Messages → Send → Status. */
function demoWorkflow(
	provider: ProviderName,
	credentialType: string,
): { nodes: INode[]; connections: IConnections } {
	const credentials = { [credentialType]: { id: '1', name: `${TITLES[provider]} (simulator)` } };
	const step = (key: keyof typeof STEP, parameters: IDataObject, x: number): INode => ({
		id: key,
		name: STEP[key],
		type: STEP_TYPES[key],
		typeVersion: 1,
		position: [x, 0],
		parameters: { provider, ...parameters } as INode['parameters'],
		credentials,
		// Chats gives several items; the rest of the flow works on the first chat only.
		...(key === 'chats' ? {} : { executeOnce: true }),
	});
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		step('chats', { returnAll: false, limit: 3 }, 200),
		step('history', { conversationId: '={{ $json.id }}', returnAll: true }, 400),
		// The first chat's address: a JID on Noxivo, the number elsewhere (Vobiz's from its contact, §2.4.4).
		step(
			'send',
			{ to: `={{ $('${STEP.chats}').first().json.chatId }}`, messageType: 'text', text: DEMO_TEXT },
			600,
		),
		NO_MESSAGE_STATUS[provider]
			? step('status', { operation: 'sessionStatus' }, 800)
			: step('status', { operation: 'messageStatus', messageId: '={{ $json.id }}' }, 800),
	];
	const connections: IConnections = {};
	nodes.slice(1).forEach((node, i) => {
		connections[nodes[i].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return { nodes, connections };
}

/**
 * Points every provider's webhooks at the receiver the way a user would: Vobiz and 99digital through their
 * APIs (§2.4.5 POST /webhooks, §3.3.3 setWebhook with readStatus), Noxivo and the inbox API in their
 * dashboards (§1.8, §4.3.5), which here are simulator switches.
 */
async function subscribeWebhooks(sim: Simulator, receiver: WebhookReceiver): Promise<void> {
	const vobiz = sim.credentials('vobiz').data;
	const digital99 = sim.credentials('digital99').data;
	const answers = await Promise.all([
		fetch(`${vobiz.baseUrl}/webhooks`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'X-Auth-ID': vobiz.authId,
				'X-Auth-Token': vobiz.authToken,
			},
			body: JSON.stringify({ url: `${receiver.url}/vobiz`, secret: WEBHOOK_SECRET }),
		}),
		fetch(`${digital99.baseUrl}/setWebhook`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				apiKey: digital99.apiKey,
				from: digital99.from,
				url: `${receiver.url}/digital99`,
				readStatus: 1,
			}),
		}),
	]);
	if (answers.some((a) => !a.ok)) throw new Error('the simulator refused a webhook subscription');
	sim.noxivo.setWebhook(`${receiver.url}/noxivo`);
	sim.inbox.setWebhook({ url: `${receiver.url}/inbox`, secret: WEBHOOK_SECRET });
}

/** The delivery statuses in one provider's status webhooks (each provider's envelope, docs/providers.md §1.8, §2.5, §3.4, §4.3.5). */
function statusesIn(provider: ProviderName, hook: ReceivedWebhook): string[] {
	const body = (hook.body ?? {}) as Record<string, any>;
	switch (provider) {
		case 'noxivo':
			return body.event === 'message.ack' ? [String(body.payload?.ackName)] : [];
		case 'vobiz':
			return body.event_type === 'message.status'
				? (body.payload?.entry?.[0]?.changes?.[0]?.value?.statuses ?? []).map(
						(x: { status: string }) => x.status,
					)
				: [];
		case 'digital99':
			return body.hook === 'status' ? [String(body.state)] : [];
		case 'inbox':
			return body.event === 'message.status' ? [String(body.data?.status)] : [];
	}
}

/** Waits (at most ~3 s) until the provider's status webhooks for the send reach the final status. */
async function statusWebhooks(
	provider: ProviderName,
	receiver: WebhookReceiver,
	since: number,
): Promise<string[]> {
	const final = provider === 'noxivo' ? 'READ' : 'read';
	let statuses: string[] = [];
	for (let i = 0; i < 60; i++) {
		statuses = receiver.received
			.slice(since)
			.filter((h) => h.path === `/hook/${provider}`)
			.flatMap((h) => statusesIn(provider, h));
		if (statuses.includes(final)) break;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return statuses;
}

interface ProviderReport {
	lines: string[];
	failure: string | null;
}

function describeMessage(m: IDataObject | undefined): string {
	if (!m) return '(none)';
	const when = String(m.timestamp).replace('T', ' ').replace('.000Z', 'Z');
	const text = m.text ? `"${String(m.text)}"` : '';
	const kind = m.type === 'text' ? '' : `[${String(m.type)}] `;
	return `${when}  ${m.direction === 'outbound' ? 'out' : 'in '}  ${kind}${text}`.trimEnd();
}

async function runProvider(
	sim: Simulator,
	receiver: WebhookReceiver,
	provider: ProviderName,
	pkg: ReturnType<typeof loadBuiltPackage>,
): Promise<ProviderReport> {
	const credential = sim.credentials(provider);
	const workflow = demoWorkflow(provider, credential.type);
	const missing = workflow.nodes.slice(1).filter((n) => !(n.type in pkg.nodeTypes));
	if (missing.length > 0)
		return {
			lines: [],
			failure: `${TITLES[provider]}: the build has no ${missing.map((n) => n.type).join(', ')} (package.json "n8n.nodes")`,
		};
	const mark = sim.requests().length;
	const hooksBefore = receiver.received.length;
	const started = Date.now();
	const result = await runWorkflow({
		nodeTypes: pkg.nodeTypes,
		credentialTypes: pkg.credentialTypes,
		credentials: [credential],
		workflow,
	});
	const elapsed = Date.now() - started;

	const lines = [`${TITLES[provider]}  ${sim.baseUrl(provider)}  (${elapsed} ms)`];
	for (const node of workflow.nodes.slice(1)) {
		const error = result.error(node.name);
		if (error)
			return {
				lines,
				failure: `${TITLES[provider]}, step "${node.name}": ${error.message}${error.description ? ` (${String(error.description)})` : ''}`,
			};
	}
	const chats = result.output(STEP.chats);
	const history = result.output(STEP.history);
	if (chats.length === 0 || history.length === 0)
		return {
			lines,
			failure: `${TITLES[provider]}: the workflow listed ${chats.length} chats and ${history.length} messages`,
		};
	const conversationId = String(chats[0].id);
	const held = sim
		.provider(provider)
		.history(conversationId)
		.filter((m) => m.seeded).length;
	if (history.length !== held)
		return {
			lines,
			failure: `${TITLES[provider]}: WhatsApp Messages returned ${history.length} messages, the simulator holds ${held}`,
		};
	lines.push(
		`  chats     ${chats.length} listed: ${chats.map((c) => `${String(c.name ?? c.id)}`).join(', ')}`,
	);
	lines.push(
		`  history   ${history.length} messages of ${conversationId}, oldest first (the simulator holds ${held})`,
	);
	lines.push(`    first   ${describeMessage(history[0])}`);
	lines.push(`    last    ${describeMessage(history[history.length - 1])}`);
	const sent = result.output(STEP.send)[0] ?? {};
	lines.push(
		`  send      "${DEMO_TEXT}" to ${String(sent.to)}: id ${String(sent.id)}, status ${String(sent.status)}`,
	);
	const status = result.output(STEP.status)[0] ?? {};
	const why = NO_MESSAGE_STATUS[provider];
	lines.push(
		why
			? `  status    session ${String(status.status)} (${why})`
			: `  status    ${String(status.status)} for message ${String(status.messageId)}`,
	);
	const statuses = await statusWebhooks(provider, receiver, hooksBefore);
	lines.push(
		`  webhooks  ${statuses.length > 0 ? statuses.join(' → ') : 'none'} (status webhooks of the sent message, at a local receiver)`,
	);
	const counts: Record<string, number> = {};
	for (const r of sim.requests({ provider }))
		if (r.seq > mark) counts[r.endpoint] = (counts[r.endpoint] ?? 0) + 1;
	lines.push(
		`  requests  ${Object.entries(counts)
			.map(([endpoint, n]) => `${endpoint} ×${n}`)
			.join(', ')}`,
	);
	return { lines, failure: null };
}

async function main(): Promise<number> {
	const pkg = loadBuiltPackage();
	const receiver = await new WebhookReceiver().start();
	let sim: Simulator | undefined;
	try {
		sim = await startSimulator({ statusStepMs: 100 });
		await subscribeWebhooks(sim, receiver);
		console.log(
			`WhatsApp Inbox nodes (dist/) in n8n-core's WorkflowExecute, against the provider simulator on 127.0.0.1\n`,
		);
		for (const provider of PROVIDER_NAMES) {
			const report = await runProvider(sim, receiver, provider, pkg);
			console.log(report.lines.join('\n'));
			console.log('');
			if (report.failure) {
				console.error(`Demo failed: ${report.failure}`);
				return 1;
			}
		}
	} finally {
		await sim?.close();
		await receiver.close();
	}
	console.log(
		`Demo passed: ${PROVIDER_NAMES.length} providers, chats → history → send → status through the n8n engine.`,
	);
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
