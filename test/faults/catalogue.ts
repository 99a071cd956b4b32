import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deriveSubscriptionSecret } from '../../bridge/webhooks/signature';
import { runWorkflow, singleNodeWorkflow, type RunResult } from '../engine/harness';
import { credentialTypes, NODE_NAME, nodeTypes } from '../engine/package';
import {
	startSimulator,
	type Disturbance,
	type LoggedRequest,
	type ProviderName,
	type SimMessage,
	type Simulator,
} from '../simulator';
import { PROVIDERS } from '../fixtures/providers';
import { leaksIn, needlesOf, type Needle } from './secrets';

/**
 * The fault catalogue: every provider × fault × operation, run through n8n's engine (the real node, its real
 * requests) against the simulator with the fault injected once, mid-run (a list's page 2, a send's item 2), and
 * what a user would get classified:
 *
 * - recovered: exactly the right items (every record once, in order; each send's result) and, for a send, each
 *   recipient got exactly one message at the simulator.
 * - clear error: a NodeApiError/NodeOperationError naming the provider, with no raw error or stack in it; for a
 *   list it says how many records were read and that paging stopped at page 2; for a send that had reached the
 *   provider (the simulator stored it), it says the message may have been sent.
 * - records lost: a success with records missing, a list error without that count or page, or a send that went
 *   out with an error that does not say it may have been sent (the user would send it again).
 * - duplicate deliveries: a recipient got the message more than once.
 * - crash: anything else (a raw error, a stack, wrong items, Retry-After or the Timeout not honoured, paging
 *   restarted).
 *
 * An HTML page with 200 and a truncated JSON body look alike to a client: an answer it cannot read. A list page
 * is a GET and may be asked again, so either recovering or a clear error is fine. A send must not be repeated on
 * an answer it cannot read unless the provider takes an idempotency key (Noxivo): the simulator stores a send
 * before truncating its answer, so a repeat shows up as a duplicate delivery and a missing "may have been sent"
 * as records lost. Behind the HTML page the provider never saw the send (the proxy answered for it), so there a
 * repeat delivers once and a plain error is not a loss.
 */

/** Send also under n8n's Retry On Fail, which re-runs the whole node: no item may go out twice. */
export const OPERATIONS = [
	'Chats Return All',
	'Messages Return All',
	'Send',
	'Send (Retry On Fail)',
] as const;
export type Operation = (typeof OPERATIONS)[number];

const isSend = (operation: Operation) =>
	operation === 'Send' || operation === 'Send (Retry On Fail)';

export interface Fault {
	name: string;
	disturbance: Disturbance;
	/** From the client's side, whether a send hit by this fault may have reached the provider. */
	sendMayHaveGoneOut: boolean;
}

/**
 * The node's Timeout option (seconds) and an answer well past it. Only the slow cases set it: a loaded test
 * machine can take over a second for an ordinary answer (seen on a fresh clone with Timeout 1 s), and a
 * spurious timeout would move the fault off the page it is meant for.
 */
const TIMEOUT_SECONDS = 2;
const SLOW_MS = 6000;

export const FAULTS: readonly Fault[] = [
	{
		name: '429 (Retry-After: 1)',
		disturbance: { kind: 'rateLimit', retryAfterSeconds: 1 },
		sendMayHaveGoneOut: false,
	},
	{ name: '503', disturbance: { kind: 'serverError', status: 503 }, sendMayHaveGoneOut: false },
	{ name: 'reset', disturbance: { kind: 'reset' }, sendMayHaveGoneOut: true },
	{
		name: 'reset after processing',
		disturbance: { kind: 'resetAfterProcessing' },
		sendMayHaveGoneOut: true,
	},
	{
		name: `slow (${SLOW_MS / 1000} s > Timeout ${TIMEOUT_SECONDS} s)`,
		disturbance: { kind: 'slow', delayMs: SLOW_MS },
		sendMayHaveGoneOut: true,
	},
	{ name: 'HTML with 200', disturbance: { kind: 'html200' }, sendMayHaveGoneOut: true },
	{ name: 'truncated JSON', disturbance: { kind: 'truncatedJson' }, sendMayHaveGoneOut: true },
	{
		name: 'error echoing the key (400)',
		disturbance: { kind: 'echoRequest', status: 400 },
		sendMayHaveGoneOut: false,
	},
];

export { PROVIDERS };

export const OUTCOMES = [
	'recovered',
	'clear error',
	'records lost',
	'duplicate deliveries',
	'crash',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CaseResult {
	provider: ProviderName;
	fault: string;
	operation: Operation;
	outcome: Outcome;
	/** Why, in a few words (the error a user reads, what was missing). */
	note: string;
	/** Forms of a credential secret found in the run's output, errors or the lines it logged. */
	leaks: string[];
	durationMs: number;
}

/**
 * Long secrets with characters URL-encoding changes, so each encoding of them is a distinct text. The Vobiz
 * subscription secret the Trigger derives from the Auth Token is checked as well.
 */
const SECRETS: Record<ProviderName, { key: string; webhookSecret: string }> = {
	noxivo: {
		key: 'nx_Catalogue+Noxivo/Key=7f3a9c2e&5b1d8e6f?04a2',
		webhookSecret: 'whsec_Catalogue+Noxivo/Webhook=91c4e7&a2',
	},
	vobiz: {
		key: 'vbz_Catalogue+Vobiz/Token=4d9b2f7e&1a6c?3085ef',
		webhookSecret: 'whsec_Catalogue+Vobiz/Webhook=6b08d2&f5',
	},
	digital99: {
		key: 'd99_Catalogue+99digital/Key=c81e05a4&9f2b?7d63',
		webhookSecret: 'whsec_Catalogue+99digital/Webhook=3e7a&c9',
	},
	inbox: {
		key: 'inbox_Catalogue+Inbox/Key=e62d9a18&b4f7?0c35a1',
		webhookSecret: 'whsec_Catalogue+Inbox/Webhook=d40b9f&17',
	},
};

/** What secretScope() gives a Trigger in the harness's workflow (bridge/n8n/trigger.ts). */
const HARNESS_SCOPE = `harness-workflow/${NODE_NAME}`;

export const NEEDLES: readonly Needle[] = [
	...PROVIDERS.flatMap((p) => [
		...needlesOf(`${p} key`, SECRETS[p].key),
		...needlesOf(`${p} webhook secret`, SECRETS[p].webhookSecret),
	]),
	...needlesOf(
		'Vobiz subscription secret',
		deriveSubscriptionSecret(SECRETS.vobiz.key, HARNESS_SCOPE),
	),
];

/** How each provider names itself in its errors (bridge/providers/*: providerName). */
const PROVIDER_WORDS: Record<ProviderName, RegExp> = {
	noxivo: /Noxivo/,
	vobiz: /Vobiz/,
	digital99: /99digital/,
	inbox: /Inbox API/i,
};

const SEND_ENDPOINT: Record<ProviderName, string> = {
	noxivo: 'POST /api/v1/messages/send',
	vobiz: 'POST /api/v1/messaging/messages',
	digital99: 'POST /whatsapp/v2/sendMessage',
	inbox: 'POST /api/whatsapp/messages/send',
};

/** Where the fault goes: the list's page request (the second, so one page has been read) or the send of item 2. */
const FAULTED_ENDPOINT: Record<Operation, Record<ProviderName, string>> = {
	'Chats Return All': {
		noxivo: 'GET /api/v1/inbox/chats',
		// §2.4.1: one unpaged conversation list, then the contacts pages that name each chat.
		vobiz: 'GET /api/v1/messaging/contacts',
		digital99: 'POST /whatsapp/v2/getHistory',
		inbox: 'GET /api/whatsapp/conversations',
	},
	'Messages Return All': {
		noxivo: 'GET /api/v1/inbox/conversations/:conversationId/messages',
		vobiz: 'GET /api/v1/messaging/conversations/:id/messages',
		digital99: 'POST /whatsapp/v2/getHistory',
		inbox: 'GET /api/whatsapp/messages',
	},
	Send: SEND_ENDPOINT,
	'Send (Retry On Fail)': SEND_ENDPOINT,
};
const FAULTED_PAGE = 2;

/** Small histories that still page: 150 chats (2 pages of 100; 99digital: 300 history records, 7 pages of 50), 250 messages (3 pages; 99digital 6). */
const SEEDS: Record<Operation, { chats: number; messagesPerChat: number }> = {
	'Chats Return All': { chats: 150, messagesPerChat: 2 },
	'Messages Return All': { chats: 2, messagesPerChat: 250 },
	Send: { chats: 3, messagesPerChat: 4 },
	'Send (Retry On Fail)': { chats: 3, messagesPerChat: 4 },
};

const SEND_RECIPIENTS = 3;

interface Run {
	result: RunResult;
	/** The ids a correct run outputs, in order. */
	expectedIds: string[];
	/** Send: the recipients, in item order (digits). */
	recipients: string[];
}

/** The node in a workflow (Manual Trigger → node, or the node fed `inputItems`) through n8n's WorkflowExecute. */
async function runInEngine(
	sim: Simulator,
	provider: ProviderName,
	type: string,
	parameters: INodeParameters,
	settings: { inputItems?: IDataObject[]; retryOnFail?: boolean; timeoutSeconds?: number } = {},
): Promise<RunResult> {
	const { type: credentialType, data } = sim.credentials(provider);
	const workflow = singleNodeWorkflow({
		name: NODE_NAME,
		type,
		// Include Raw on: the provider's own objects must not carry a secret either.
		parameters: {
			provider,
			...parameters,
			options: {
				includeRaw: true,
				...(settings.timeoutSeconds ? { timeout: settings.timeoutSeconds } : {}),
			},
		},
		credentials: { [credentialType]: { id: '1', name: `${provider} catalogue` } },
		...(settings.retryOnFail ? { retryOnFail: true, maxTries: 2, waitBetweenTries: 100 } : {}),
	});
	return await runWorkflow({
		nodeTypes,
		credentialTypes,
		credentials: [
			{ type: credentialType, data: { ...data, webhookSecret: SECRETS[provider].webhookSecret } },
		],
		workflow,
		...(settings.inputItems
			? { startNode: NODE_NAME, inputItems: settings.inputItems.map((json) => ({ json })) }
			: {}),
	});
}

async function runOperation(
	sim: Simulator,
	provider: ProviderName,
	operation: Operation,
	fault: Fault,
): Promise<Run> {
	const simulated = sim.provider(provider);
	const timeoutSeconds = fault.disturbance.kind === 'slow' ? TIMEOUT_SECONDS : undefined;
	if (operation === 'Chats Return All') {
		const expectedIds = simulated.store
			.byRecency()
			.map((c) => (provider === 'noxivo' ? sim.noxivo.jid(c) : simulated.conversationId(c)));
		return {
			result: await runInEngine(
				sim,
				provider,
				'whatsAppChats',
				{ returnAll: true },
				{ timeoutSeconds },
			),
			expectedIds,
			recipients: [],
		};
	}
	if (operation === 'Messages Return All') {
		const conversation = simulated.store.conversations[0];
		const expectedIds = conversation.messages.map((m) => simulated.messageId(m));
		const result = await runInEngine(
			sim,
			provider,
			'whatsAppMessages',
			{ conversationId: simulated.conversationId(conversation), returnAll: true },
			{ timeoutSeconds },
		);
		return { result, expectedIds, recipients: [] };
	}
	const recipients = simulated.store.conversations
		.slice(0, SEND_RECIPIENTS)
		.map((c) => c.contact.phone);
	const result = await runInEngine(
		sim,
		provider,
		'whatsAppSend',
		{
			to: '={{ $json.to }}',
			messageType: 'text',
			text: '={{ "Your order " + $json.order + " has shipped" }}',
		},
		{
			inputItems: recipients.map((phone, i) => ({ to: `+${phone}`, order: 1001 + i })),
			retryOnFail: operation === 'Send (Retry On Fail)',
			timeoutSeconds,
		},
	);
	// The ids are known once every request has landed (see runCase).
	return { result, expectedIds: [], recipients };
}

/** The records of a list page, whatever the provider's envelope (bare array, chats, messages, items, data). */
function recordsIn(body: unknown): Array<Record<string, unknown>> {
	if (Array.isArray(body)) return body as Array<Record<string, unknown>>;
	if (typeof body !== 'object' || body === null) return [];
	for (const key of ['chats', 'messages', 'items', 'data']) {
		const value = (body as Record<string, unknown>)[key];
		if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
	}
	return [];
}

/**
 * The counts an honest "N records read" can give after the pages answered before paging stopped: all records,
 * those of one endpoint (Vobiz: conversations or contacts), or the distinct chats they make (99digital's
 * history records, Noxivo's JIDs).
 */
function plausibleReadCounts(operation: Operation, answered: LoggedRequest[]): Set<number> {
	const byEndpoint = new Map<string, Array<Record<string, unknown>>>();
	for (const request of answered)
		byEndpoint.set(request.endpoint, [
			...(byEndpoint.get(request.endpoint) ?? []),
			...recordsIn(request.responseBody),
		]);
	const all = [...byEndpoint.values()].flat();
	const counts = new Set([
		all.length,
		...[...byEndpoint.values()].map((records) => records.length),
	]);
	if (operation === 'Chats Return All') {
		// 99digital's chats are its history records grouped by the other party (§3.3.1); Noxivo's are JIDs.
		const party = (r: Record<string, unknown>) =>
			String(r.direction === '1' ? r.from : (r.to ?? r.id));
		counts.add(new Set(all.map(party)).size);
	}
	return counts;
}

/** What a user must never read instead of an explanation: a JavaScript error, a parser's words, a bare network code, a stack. */
const RAW_ERROR =
	/TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|Unexpected token|Unexpected end of JSON|JSON at position|Unterminated string|socket hang up|\bE(CONN[A-Z]+|TIMEDOUT|PIPE|NOTFOUND|AI_AGAIN|PROTO)\b|\n\s+at\s/;
/** "100 messages", "99 chats", "1,200 records": a count of what was read. */
const READ_COUNT = /(\d[\d,]*)\s+(?:records?|messages?|chats?|conversations?|contacts?|items?)\b/gi;
const MAY_HAVE_BEEN_SENT =
	/may (already )?have been sent|might (already )?have been sent|may have gone out/i;

function errorText(error: { message: string; description?: unknown }): string {
	return `${error.message} ${typeof error.description === 'string' ? error.description : ''}`;
}

function short(text: string, length = 90): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function classify(
	sim: Simulator,
	provider: ProviderName,
	operation: Operation,
	fault: Fault,
	run: Run,
): { outcome: Outcome; note: string } {
	const { result, expectedIds, recipients } = run;
	const error = result.error(NODE_NAME);
	const ids = error ? [] : result.output(NODE_NAME).map((item) => String(item.id));
	// The log is in the order answers went out (a slow one comes last): order by arrival.
	const requests = sim
		.requests({ provider })
		.sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq);
	const faulted = requests.find((r) => r.disturbance !== null);
	const same = (r: LoggedRequest) => JSON.stringify([r.endpoint, r.path, r.query, r.body]);
	const retry = faulted
		? requests.find(
				(r) => r !== faulted && r.receivedAt >= faulted.receivedAt && same(r) === same(faulted),
			)
		: undefined;
	const retried =
		faulted && retry
			? `retried after ${((retry.receivedAt - faulted.receivedAt) / 1000).toFixed(2)} s`
			: 'not retried';

	if (isSend(operation)) {
		const counts = recipients.map((phone) => sim.provider(provider).sentTo(phone).length);
		if (counts.some((n) => n > 1))
			return {
				outcome: 'duplicate deliveries',
				note: `deliveries per recipient ${counts.join('/')}, ${retried}`,
			};
	}
	if (!faulted)
		return {
			outcome: 'crash',
			note: 'the fault was never injected (the run made too few requests)',
		};

	if (!error) {
		if (ids.length === expectedIds.length && ids.every((id, i) => id === expectedIds[i])) {
			if (fault.disturbance.kind === 'slow' && !retry)
				return {
					outcome: 'crash',
					note: `waited ${SLOW_MS} ms for the slow answer: the ${TIMEOUT_SECONDS} s Timeout did not apply`,
				};
			const waitedMs = retry ? retry.receivedAt - faulted.receivedAt : 0;
			if (
				fault.disturbance.kind === 'rateLimit' &&
				waitedMs < (fault.disturbance.retryAfterSeconds ?? 1) * 1000
			) {
				return {
					outcome: 'crash',
					note: `${ids.length} items, but ${retried}: Retry-After was not honoured`,
				};
			}
			// A list resumes at the page that failed: no page read before the fault is asked for again, but for the
			// first page once at the end, which checks a read whose pages were in flight at once (pagination/engine.ts).
			const readBefore = new Set(requests.slice(0, requests.indexOf(faulted)).map(same));
			const after = requests.slice(requests.indexOf(faulted) + 1);
			const firstPageCheck =
				after.length > 0 && same(after[after.length - 1]) === same(requests[0]) ? 1 : 0;
			const askedAgain = after.filter((r) => readBefore.has(same(r))).length - firstPageCheck;
			if (!isSend(operation) && askedAgain > 0)
				return {
					outcome: 'crash',
					note: `${ids.length} items, but ${askedAgain} pages read before the fault were asked for again: paging restarted`,
				};
			return { outcome: 'recovered', note: `${ids.length} items, ${retried}` };
		}
		const missing = expectedIds.filter((id) => !ids.includes(id)).length;
		if (missing > 0)
			return {
				outcome: 'records lost',
				note: `success with ${ids.length} of ${expectedIds.length} items (${missing} missing), ${retried}`,
			};
		return {
			outcome: 'crash',
			note: `success with wrong items: ${ids.length} items, ${new Set(ids).size} distinct, expected ${expectedIds.length}`,
		};
	}

	const text = errorText(error);
	// n8n records a node's error as a plain object with the class's name.
	if (error.name !== 'NodeApiError' && error.name !== 'NodeOperationError')
		return { outcome: 'crash', note: `${error.name}: ${short(text)}` };
	if (RAW_ERROR.test(text)) return { outcome: 'crash', note: `raw error: ${short(text)}` };
	if (!PROVIDER_WORDS[provider].test(text))
		return { outcome: 'crash', note: `error does not name the provider: ${short(text)}` };

	if (isSend(operation)) {
		const delivered = recipients.map((phone) => sim.provider(provider).sentTo(phone).length);
		if (fault.sendMayHaveGoneOut && !MAY_HAVE_BEEN_SENT.test(text) && delivered[1] > 0) {
			return {
				outcome: 'records lost',
				note: `item 2 was delivered but the error does not say it may have been sent: ${short(text)}`,
			};
		}
		return { outcome: 'clear error', note: short(text) };
	}

	const answered = requests
		.slice(0, requests.indexOf(faulted))
		.filter((r) => r.status >= 200 && r.status < 300 && r.disturbance === null);
	const counts = plausibleReadCounts(operation, answered);
	const numbers = new Set(
		[...text.matchAll(READ_COUNT)].map((m) => Number(m[1].replace(/,/g, ''))),
	);
	const saysCount = [...counts].some((n) => numbers.has(n));
	const saysPage = new RegExp(`\\bpage\\s+${FAULTED_PAGE}\\b`, 'i').test(text);
	if (!saysCount || !saysPage) {
		const lacking = [
			saysCount ? null : `the records read (${[...counts].join(' or ')})`,
			saysPage ? null : `page ${FAULTED_PAGE}`,
		]
			.filter(Boolean)
			.join(' and ');
		return { outcome: 'records lost', note: `error without ${lacking}: ${short(text)}` };
	}
	return { outcome: 'clear error', note: short(text) };
}

/** The id of the one message each recipient got (' + '-joined when more than one: never a right result). */
function sentIds(sim: Simulator, provider: ProviderName, recipients: string[]): string[] {
	const simulated = sim.provider(provider);
	// A Noxivo send answers with the engine's id (§1.4.6); its history lists the WAHA id.
	const idOf = (m: SimMessage) =>
		provider === 'noxivo' ? sim.noxivo.engineId(m) : simulated.messageId(m);
	return recipients.map((phone) => simulated.sentTo(phone).map(idOf).join(' + ') || '(not sent)');
}

/** Resolves when the slow request has been answered (its send may land only then), at most after `ms`. */
async function settled(sim: Simulator, provider: ProviderName, ms: number): Promise<void> {
	const until = Date.now() + ms;
	while (
		Date.now() < until &&
		!sim.requests({ provider }).some((r) => r.disturbance?.startsWith('slow'))
	)
		await new Promise((r) => setTimeout(r, 20));
}

/** Runs one case on a simulator of its own; everything the run recorded is searched for the secrets. */
export async function runCase(
	provider: ProviderName,
	fault: Fault,
	operation: Operation,
): Promise<CaseResult> {
	const started = Date.now();
	const sim = await startSimulator({
		seed: SEEDS[operation],
		statusStepMs: null,
		noxivo: { scopedKey: SECRETS.noxivo.key },
		vobiz: { authToken: SECRETS.vobiz.key },
		digital99: { apiKey: SECRETS.digital99.key },
		inbox: { apiKey: SECRETS.inbox.key },
	});
	try {
		sim.disturb({
			provider,
			endpoint: FAULTED_ENDPOINT[operation][provider],
			skip: FAULTED_PAGE - 1,
			disturbance: fault.disturbance,
		});
		let run: Run;
		try {
			run = await runOperation(sim, provider, operation, fault);
		} catch (thrown) {
			// The engine itself failed: nothing a user could read.
			return {
				provider,
				fault: fault.name,
				operation,
				outcome: 'crash',
				note: `engine threw: ${short(String(thrown))}`,
				leaks: leaksIn(String(thrown), NEEDLES),
				durationMs: Date.now() - started,
			};
		}
		if (fault.disturbance.kind === 'slow') await settled(sim, provider, SLOW_MS * 2);
		if (isSend(operation)) run = { ...run, expectedIds: sentIds(sim, provider, run.recipients) };
		const { outcome, note } = classify(sim, provider, operation, fault, run);
		return {
			provider,
			fault: fault.name,
			operation,
			outcome,
			note,
			leaks: leaksIn(run.result.serialized, NEEDLES),
			durationMs: Date.now() - started,
		};
	} finally {
		await sim.close();
	}
}

export interface CatalogueCase {
	provider: ProviderName;
	fault: Fault;
	operation: Operation;
}

export const CASES: readonly CatalogueCase[] = PROVIDERS.flatMap((provider) =>
	FAULTS.flatMap((fault) => OPERATIONS.map((operation) => ({ provider, fault, operation }))),
);

/** Runs `tasks` with at most `width` at a time, results in task order. */
export async function pooled<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
	const results: T[] = new Array<T>(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const at = next++;
			results[at] = await tasks[at]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
	return results;
}
