/**
 * Runs the WhatsApp Trigger the way an n8n webhook processor does, over real HTTP:
 *
 *   const trigger = await startTrigger('vobiz', { events: ['message'] });
 *   const answer = await trigger.deliver(body, { headers: { 'X-Webhook-Signature': sig } });
 *   expect(answer).toEqual({ status: 200, body: { message: 'Workflow was started' }, items: [...] });
 *
 * A node:http server on 127.0.0.1 reads each POST's raw bytes, and n8n-core's own WebhookContext (the class
 * n8n gives a node's webhook()) is built around the real IncomingMessage/ServerResponse. What webhook()
 * returns is answered as n8n's webhook helper does (responseMode onReceived). Like a webhook processor
 * in queue mode, every request loads the workflow afresh, with the static data saved after the previous
 * one — only when n8n would have saved it (the data was changed) — so nothing survives in memory.
 * Lifecycle methods run in n8n-core's HookContext; their HTTP calls go through n8n-core's request helper
 * with the credential's authentication, for nock to answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	type ICredentialsHelper,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './package';
import { HarnessCredentialsHelper } from './harness';
import { CREDENTIALS, type ProviderId, type TestCredential } from '../fixtures/providers';

export const TRIGGER_NAME = 'WhatsApp Trigger';
/** The n8n instance's public webhook base: what the lifecycle registers at providers. */
export const WEBHOOK_BASE = 'https://n8n.example.test/webhook';
export const WEBHOOK_TEST_BASE = 'https://n8n.example.test/webhook-test';
export const WEBHOOK_ID = '5b8c9f7e-2d4a-4c3b-9e1f-0a2b3c4d5e6f';
/** The Trigger's production URL, as n8n builds it from the node's webhookId and path. */
export const PRODUCTION_URL = `${WEBHOOK_BASE}/${WEBHOOK_ID}/webhook`;
export const TEST_URL = `${WEBHOOK_TEST_BASE}/${WEBHOOK_ID}/webhook`;

export interface Answer {
	status: number;
	body: unknown;
	/** The items of the execution this delivery started (json only), or null when it started none. */
	items: IDataObject[] | null;
}

export interface DeliverOptions {
	/** Sent as given; `Content-Type: application/json` unless overridden. */
	headers?: Record<string, string>;
	/** Appended to the URL (the shared secret travels here). */
	query?: Record<string, string>;
	/** GET is a provider's check of the URL (the Trigger's `setup` webhook), sent without a body. */
	method?: 'POST' | 'GET';
}

export interface TriggerHarness {
	/** Where the Trigger listens on this machine (for a simulator to deliver to). */
	readonly url: string;
	/** POSTs a delivery: a string is sent byte for byte, anything else as JSON. */
	deliver(body: unknown, options?: DeliverOptions): Promise<Answer>;
	/** The items of every execution started so far. */
	readonly executions: IDataObject[][];
	/** The same, whole (json and binary). */
	readonly executionItems: INodeExecutionData[][];
	/** Errors webhook() threw (n8n would log each as a crash). */
	readonly crashes: unknown[];
	/** Every line the node logged, as `<level>: <message>`. */
	readonly logs: string[];
	/** The node's static data as last saved. */
	staticData(): IDataObject;
	/** A webhook lifecycle method as n8n runs it on activation (or, with test: true, for "Listen for test event"). */
	lifecycle(
		method: 'checkExists' | 'create' | 'delete',
		options?: { test?: boolean },
	): Promise<boolean>;
	close(): Promise<void>;
}

class TriggerNodeTypes implements INodeTypes {
	getByName(): INodeType {
		return nodeTypes.whatsAppTrigger;
	}

	getByNameAndVersion(): INodeType {
		return nodeTypes.whatsAppTrigger;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** The engine harness's CredentialsHelper over this package's credential types, holding one test credential. */
export function credentialsHelperOf(type: string, data: IDataObject): ICredentialsHelper {
	return new HarnessCredentialsHelper(credentialTypes, [{ type, data }]);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.statusCode = status;
	res.setHeader('Content-Type', 'application/json');
	res.end(JSON.stringify(body));
}

let triggersStarted = 0;

export async function startTrigger(
	provider: ProviderId,
	parameters: INodeParameters,
	options: {
		credentialData?: IDataObject;
		/** Another credential than the provider's fixture (a provider that lives only in a test). */
		credential?: TestCredential;
		webhookBase?: string;
		/**
		 * n8n 2.41.1 loses what a production webhook wrote to static data when the webhook starts a run and
		 * the workflow already had static data (WorkflowRunner.establishContextForPersistence wraps the same
		 * object again, resetting its change flag before LiveWebhooks saves). Set to reproduce that.
		 */
		losesStaticDataWhenARunStarts?: boolean;
	} = {},
): Promise<TriggerHarness> {
	const credential = options.credential ?? CREDENTIALS[provider];
	const node: INode = {
		id: 'trigger-node',
		name: TRIGGER_NAME,
		type: 'whatsAppTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: { provider, ...parameters },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
	};
	const credentialsHelper = credentialsHelperOf(credential.type, {
		...credential.data,
		...options.credentialData,
	});
	const nodeType = nodeTypes.whatsAppTrigger;
	let saved: IDataObject = {};
	const executions: IDataObject[][] = [];
	const executionItems: INodeExecutionData[][] = [];
	const crashes: unknown[] = [];
	const logs: string[] = [];
	/** n8n-core's contexts log through a memoized `logger` getter: an own property set first is used instead. */
	const recordLogs = (context: object) => {
		const line = (level: string) => (message: string, meta?: object) =>
			logs.push(`${level}: ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
		const logger = {
			error: line('error'),
			warn: line('warn'),
			info: line('info'),
			debug: line('debug'),
		};
		Object.defineProperty(context, 'logger', { value: logger });
		return context;
	};

	// A workflow of its own per trigger: the Trigger also remembers events in process memory (bridge/n8n/trigger.ts).
	const workflowId = `trigger-workflow-${++triggersStarted}`;
	const loadWorkflow = () =>
		new Workflow({
			id: workflowId,
			name: 'Trigger workflow',
			nodes: [structuredClone(node)],
			connections: {},
			active: true,
			nodeTypes: new TriggerNodeTypes(),
			staticData: structuredClone(saved),
		});
	/** n8n saves static data after a webhook or lifecycle call only when it was changed. */
	const saveStaticData = (workflow: Workflow) => {
		if (workflow.staticData.__dataChanged === true)
			saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	};
	const additionalData = (extra: Partial<IWorkflowExecuteAdditionalData> = {}) =>
		({
			credentialsHelper,
			variables: {},
			webhookBaseUrl: options.webhookBase ?? WEBHOOK_BASE,
			webhookTestBaseUrl: WEBHOOK_TEST_BASE,
			webhookWaitingBaseUrl: 'https://n8n.example.test/webhook-waiting',
			formWaitingBaseUrl: 'https://n8n.example.test/form-waiting',
			instanceBaseUrl: 'https://n8n.example.test/',
			restApiUrl: 'https://n8n.example.test/rest',
			...extra,
		}) as IWorkflowExecuteAdditionalData;
	const webhookData = (
		data: IWorkflowExecuteAdditionalData,
		isTest = false,
		httpMethod: 'POST' | 'GET' = 'POST',
	): IWebhookData => ({
		httpMethod,
		node: TRIGGER_NAME,
		path: 'webhook',
		webhookDescription: nodeType.description.webhooks!.find(
			(webhook) => webhook.httpMethod === httpMethod,
		)!,
		workflowId,
		workflowExecuteAdditionalData: data,
		webhookId: WEBHOOK_ID,
		isTest,
	});

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const raw = await readBody(req);
		const request = req as IncomingMessage & {
			rawBody: Buffer;
			body: unknown;
			query: Record<string, string>;
			params: object;
		};
		request.rawBody = raw;
		try {
			request.body = JSON.parse(raw.toString('utf8')) as unknown;
		} catch {
			request.body = {};
		}
		request.query = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
		request.params = {};
		const workflow = loadWorkflow();
		const data = additionalData({ httpRequest: request as never, httpResponse: res as never });
		const method = req.method === 'GET' ? 'GET' : 'POST';
		const context = recordLogs(
			new WebhookContext(
				workflow,
				workflow.getNode(TRIGGER_NAME)!,
				data,
				'webhook',
				webhookData(data, false, method),
				[],
				null,
			),
		) as WebhookContext;
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			crashes.push(error);
			sendJson(res, 500, { code: 0, message: 'Error in workflow' });
			return;
		}
		const lost =
			options.losesStaticDataWhenARunStarts === true &&
			result.workflowData !== undefined &&
			Object.keys(saved).length > 0;
		if (!lost) saveStaticData(workflow);
		// n8n's webhook helper, responseMode "onReceived".
		if (result.noWebhookResponse === true) return;
		if (result.workflowData === undefined) {
			sendJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		executions.push(result.workflowData[0].map((item) => item.json));
		executionItems.push(result.workflowData[0]);
		sendJson(res, 200, result.webhookResponse ?? { message: 'Workflow was started' });
	};

	const server: Server = createServer((req, res) => void handle(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/webhook`;

	return {
		url,
		executions,
		executionItems,
		crashes,
		logs,
		staticData: () => structuredClone(saved),

		async deliver(body, deliverOptions = {}) {
			const target = new URL(url);
			for (const [key, value] of Object.entries(deliverOptions.query ?? {}))
				target.searchParams.set(key, value);
			const before = executions.length;
			const response =
				deliverOptions.method === 'GET'
					? await fetch(target, { method: 'GET', headers: deliverOptions.headers })
					: await fetch(target, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json', ...deliverOptions.headers },
							body: typeof body === 'string' ? body : JSON.stringify(body),
						});
			const text = await response.text();
			let parsed: unknown = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// Not JSON: the text is the answer.
			}
			return {
				status: response.status,
				body: parsed,
				items: executions.length > before ? executions[executions.length - 1] : null,
			};
		},

		async lifecycle(method, lifecycleOptions = {}) {
			const workflow = loadWorkflow();
			const data = additionalData();
			const node = workflow.getNode(TRIGGER_NAME)!;
			const context = recordLogs(
				new HookContext(
					workflow,
					node,
					data,
					'trigger',
					'activate',
					webhookData(data, lifecycleOptions.test),
				),
			) as HookContext;
			const result = await nodeType.webhookMethods!.default![method].call(context);
			saveStaticData(workflow);
			return result;
		},

		close: () =>
			new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			),
	};
}
