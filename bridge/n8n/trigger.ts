import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { capabilityOf } from '../capabilities';
import type { MessageStatus, ProviderConfig } from '../model';
import { getProvider, type ProviderAdapter } from '../providers';
import { secretMasker } from '../secrets';
import { mergeMemories, readMemory, type SeenEvents } from '../webhooks/dedupe';
import { parseChatList } from '../webhooks/filters';
import { receiveDelivery, receiveHandshake, type TriggerSettings } from '../webhooks/receive';
import { parseIpList } from '../webhooks/sourceIp';
import { TRIGGER_EVENTS, type TriggerEventName, type WebhookRequest } from '../webhooks/types';
import { toNodeError } from './errors';
import { withDownloadedMedia } from './media';
import { secretsOf } from './itemOperation';

/** The WhatsApp Trigger's webhook: one POST, any provider; the bridge decides, this file speaks n8n. */

const ACK_STATUSES: readonly MessageStatus[] = [
	'pending',
	'sent',
	'delivered',
	'read',
	'played',
	'failed',
];

/**
 * n8n 2.41 drops what a production webhook writes to static data once the workflow has any: WorkflowRunner
 * wraps the same object again for the execution, which resets its change flag before the webhook's save.
 * The memory of events already emitted is therefore also kept in this process, within the same limits.
 */
const seenInThisProcess = new Map<string, SeenEvents>();

/** The parts of n8n's request (a Node IncomingMessage; n8n's body reader adds the raw bytes) used here. */
interface N8nRequest {
	ip?: string;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	socket?: { remoteAddress?: string };
}

/** The parts of n8n's response (a Node ServerResponse) used to answer directly. */
interface N8nResponse {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
}

export function readEvents(ctx: IWebhookFunctions | IHookFunctions): TriggerEventName[] {
	const chosen = ctx.getNodeParameter('events', []) as unknown;
	return TRIGGER_EVENTS.filter((name) => Array.isArray(chosen) && chosen.includes(name));
}

function readSettings(ctx: IWebhookFunctions): TriggerSettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const statuses = Array.isArray(options.ackStatuses)
		? (options.ackStatuses as unknown[])
		: ['all'];
	return {
		events: readEvents(ctx),
		ignoreOwnMessages: options.ignoreOwnMessages !== false,
		onlyChats: parseChatList(typeof options.onlyChats === 'string' ? options.onlyChats : ''),
		ackStatuses: statuses.includes('all')
			? 'all'
			: ACK_STATUSES.filter((status) => statuses.includes(status)),
		allowedIps: parseIpList(typeof options.allowedIps === 'string' ? options.allowedIps : ''),
		includeRaw: options.includeRaw === true,
	};
}

/** One Trigger node, the same in test and production runs and on every worker (see WebhookTarget.secretScope). */
export function secretScope(ctx: IWebhookFunctions | IHookFunctions): string {
	const node = ctx.getNode();
	return node.webhookId ?? `${ctx.getWorkflow().id ?? ''}/${node.name}`;
}

async function readRequest(ctx: IWebhookFunctions): Promise<WebhookRequest> {
	const req = ctx.getRequestObject() as unknown as N8nRequest;
	// n8n reads the raw bytes itself only for the content types it parses; signatures need them for all.
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function')
		await req.readRawBody();
	return {
		rawBody: Buffer.isBuffer(req.rawBody) ? req.rawBody : null,
		parsedBody: ctx.getBodyData(),
		headers: ctx.getHeaderData(),
		query: ctx.getQueryData() as Record<string, unknown>,
		sourceIp: req.ip ?? req.socket?.remoteAddress ?? null,
	};
}

/** The credential's secrets and those the provider derives from it for this Trigger: none may be shown. */
export function triggerSecrets(
	ctx: IWebhookFunctions | IHookFunctions,
	adapter: ProviderAdapter,
	config: ProviderConfig,
): string[] {
	return [
		...secretsOf(adapter, config),
		...(adapter.webhooks?.derivedSecrets?.(config, secretScope(ctx)) ?? []),
	];
}

function respond(res: N8nResponse, statusCode: number, body: IDataObject | string): void {
	res.statusCode = statusCode;
	res.setHeader(
		'Content-Type',
		typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
	);
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The Trigger's GET (its `setup` webhook): a provider's check of the URL, answered directly; starts nothing. */
async function answerHandshake(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const adapter = getProvider(ctx.getNodeParameter('provider'));
	const config: ProviderConfig = await ctx.getCredentials(adapter.credentialType);
	const answer = receiveHandshake(
		await readRequest(ctx),
		capabilityOf(adapter, 'webhooks'),
		config,
		readSettings(ctx).allowedIps,
	);
	respond(ctx.getResponseObject() as unknown as N8nResponse, answer.statusCode, answer.body);
	return { noWebhookResponse: true };
}

/**
 * A delivery: 401 (source or authenticity) and 400 (not JSON, not this provider's webhook) are answered
 * here and start nothing; a delivery with nothing to emit (another kind, filtered, already received) is
 * answered 200 with the reason; otherwise one item per event starts the workflow.
 */
export async function receiveWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	let secrets: string[] = [];
	try {
		if (this.getWebhookName() === 'setup') return await answerHandshake(this);
		const adapter = getProvider(this.getNodeParameter('provider'));
		const config: ProviderConfig = await this.getCredentials(adapter.credentialType);
		secrets = triggerSecrets(this, adapter, config);
		const mask = secretMasker(secrets);
		const staticData = this.getWorkflowStaticData('node');
		const memoryKey = `${this.getWorkflow().id ?? ''}/${secretScope(this)}`;
		const now = Date.now();
		const inProcess = seenInThisProcess.get(memoryKey);
		const stored = readMemory(staticData.seenEvents);
		const outcome = receiveDelivery(await readRequest(this), {
			webhooks: capabilityOf(adapter, 'webhooks'),
			config,
			secretScope: secretScope(this),
			settings: readSettings(this),
			seen: inProcess ? mergeMemories(stored, inProcess, now) : stored,
			now,
		});
		if (outcome.seen) {
			staticData.seenEvents = outcome.seen as unknown as IDataObject;
			seenInThisProcess.set(memoryKey, outcome.seen);
		}
		// What the sender sent may hold a secret (a misdirected delivery): the log, the answer and the items never do.
		const body = mask.deep(outcome.body) as IDataObject;
		if (outcome.statusCode !== 200) {
			this.logger.warn(
				`WhatsApp Trigger (${adapter.displayName}) refused a delivery with HTTP ${outcome.statusCode}: ${String(body.reason)}`,
			);
			respond(this.getResponseObject() as unknown as N8nResponse, outcome.statusCode, body);
			return { noWebhookResponse: true };
		}
		if (outcome.items.length === 0) return { webhookResponse: body };
		// A file that cannot be fetched never costs the event: its item carries `mediaError`.
		return {
			workflowData: [
				await withDownloadedMedia(
					this,
					this.helpers.returnJsonArray(mask.deep(outcome.items) as IDataObject[]),
					'mediaError',
				),
			],
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error, null, secrets);
	}
}
