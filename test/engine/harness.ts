/**
 * In-process n8n workflow harness for engine tests.
 *
 * Runs a workflow JSON through n8n-core's real `WorkflowExecute` (so declarative nodes go
 * through `RoutingNode` exactly as in production), with test credentials served by an
 * in-memory credentials helper that mirrors n8n's `packages/cli/src/credentials-helper.ts`.
 *
 *   const result = await runWorkflow({ nodeTypes, credentialTypes, credentials, workflow });
 *   expect(result.output('My Node')).toEqual([{ id: 1 }]);
 */
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core builds InstanceSettings for every node it runs, which writes `<user folder>/.n8n/config`
// (a fresh encryption key): keep that out of the real home folder.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Decrypted credential values, as a user would have saved them. */
export interface HarnessCredential {
	type: string;
	data: Record<string, unknown>;
}

export interface RunOptions {
	/** Keyed by node type name as used in the workflow JSON, e.g. 'whatsAppChats'. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Keyed by credential type name, e.g. 'noxivoApi'. */
	credentialTypes: Record<string, ICredentialType>;
	/** A node referencing credentials `{ noxivoApi: {id,name} }` gets the one with that type. */
	credentials: HarnessCredential[];
	/** As in an n8n workflow JSON. */
	workflow: { nodes: INode[]; connections: IConnections };
	/** Name of the node to start at (defaults to the first Manual Trigger, else the first node). */
	startNode?: string;
	/** Input items for the start node when it is not a trigger (defaults to [{json:{}}]). */
	inputItems?: INodeExecutionData[];
}

export interface RunResult {
	/** Items each node output on its first run, main output 0 — `json` only, for easy toEqual. */
	output(nodeName: string): IDataObject[];
	/** Full items (json, binary, pairedItem, error) of a node's first run. */
	items(nodeName: string): INodeExecutionData[];
	/** The error of the node's first run, if any, as n8n records it (runData[node][0].error). */
	error(nodeName: string): ExecutionError | undefined;
	/** The whole IRun, for anything else. */
	run: IRun;
	/** JSON of everything the run recorded — for asserting that no secret leaks anywhere. */
	serialized: string;
}

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** Convenience: a workflow of Manual Trigger -> one node under test, connected. */
export function singleNodeWorkflow(
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<Pick<INode, 'typeVersion'>>,
): { nodes: INode[]; connections: IConnections } {
	const trigger: INode = {
		id: 'trigger',
		name: 'Manual Trigger',
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const underTest: INode = { typeVersion: 1, ...node, id: 'node-under-test', position: [200, 0] };
	return {
		nodes: [trigger, underTest],
		connections: {
			[trigger.name]: {
				main: [[{ node: underTest.name, type: NodeConnectionTypes.Main, index: 0 }]],
			},
		},
	};
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const nodeTypes = new HarnessNodeTypes({
		[MANUAL_TRIGGER_TYPE]: manualTrigger,
		...options.nodeTypes,
	});
	// Workflow fills in parameter defaults on the nodes it is given: work on copies.
	const nodes: INode[] = structuredClone(options.workflow.nodes);
	const connections = structuredClone(options.workflow.connections);
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const startNode = pickStartNode(workflow, nodes, options.startNode);
	const executionId = String(++executionCounter);
	const mode: WorkflowExecuteMode = 'manual';

	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const additionalData = createAdditionalData(
		executionId,
		hooks,
		new HarnessCredentialsHelper(options.credentialTypes, options.credentials),
	);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.inputItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	// The engine resolves its own promise with the same IRun (also when a node throws); the hook
	// is what n8n waits on. Whichever comes first.
	const run = await Promise.race([finished, execution]);
	return toResult(run);
}

// ---------------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------------

let executionCounter = 0;

/** Minimal stand-in for n8n-nodes-base's Manual Trigger: emits one empty item. */
const manualTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return { manualTriggerFunction: async () => this.emit([[{ json: {} }]]) };
	},
};

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		// Also accept prefixed names (`CUSTOM.whatsAppChats`, `n8n-nodes-foo.whatsAppChats`).
		const type = this.types[nodeType] ?? this.types[nodeType.split('.').pop() ?? ''];
		if (!type) {
			const known = Object.keys(this.types).join(', ');
			throw new Error(`Harness: unknown node type "${nodeType}" (known: ${known})`);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function pickStartNode(workflow: Workflow, nodes: INode[], name?: string): INode {
	const start =
		name !== undefined
			? workflow.getNode(name)
			: (nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE) ?? nodes[0]);
	if (!start) throw new Error(`Harness: start node "${name ?? '(first)'}" not found`);
	return start;
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

/** Mirrors n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts), minus the database. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stored: HarnessCredential[];

	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		credentials: HarnessCredential[],
	) {
		super();
		this.stored = structuredClone(credentials);
	}

	private getType(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Harness: unknown credential type "${name}"`);
		return type;
	}

	private getStored(type: string): HarnessCredential {
		const credential = this.stored.find((c) => c.type === type);
		if (!credential) throw new Error(`Harness: no test credential of type "${type}"`);
		return credential;
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = structuredClone(this.getStored(type).data) as ICredentialDataDecryptedObject;
		if (raw === true) return original;

		// Add the credential type's defaults for fields the test left out (drops unknown fields, as n8n does).
		let data = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (data[key] === undefined && original[key] !== undefined) data[key] = original[key];
		}

		// Resolve `=` expressions in credential values (e.g. hidden fields computed from `$self`).
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.getType(typeName);
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') {
			// As n8n's CredentialsHelper calls it: a method of the credential type, with the request to change.
			return await authenticate.call(
				credentialType,
				credentials,
				requestOptions as IHttpRequestOptions,
			);
		}
		if (typeof authenticate === 'object') {
			if (!workflow || !node)
				throw new Error('Harness: generic authentication needs workflow and node');
			const resolve = (value: string): string => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				// headers / qs / body / auth: merged key by key, creating the object if absent.
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
						target[outerKey] ??= {};
						target[outerKey][resolve(key)] = resolve(value);
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(this.getStored(typeName).data, output);
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.getType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return ((await preAuthentication.call(helpers, credentials)) ?? undefined) as
			| ICredentialDataDecryptedObject
			| undefined;
	}

	async getCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		// Only n8n's CLI (encrypted storage) needs this; n8n-core's execution path does not call it.
		throw new Error(`Harness: getCredentials("${type}") is not supported; use getDecrypted`);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.getStored(type).data = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.getStored(type).data.oauthTokenData = data.oauthTokenData;
	}
}

// ---------------------------------------------------------------------------------------------
// Engine plumbing
// ---------------------------------------------------------------------------------------------

function createAdditionalData(
	executionId: string,
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: ICredentialsHelper,
): IWorkflowExecuteAdditionalData {
	const notSupported = (what: string) => async (): Promise<never> => {
		throw new Error(`Harness: ${what} is not supported`);
	};
	const baseUrl = 'http://localhost:5678';
	return {
		hooks,
		credentialsHelper,
		executionId,
		variables: {},
		// Do NOT set currentNodeParameters: when present, n8n-core uses it instead of every
		// node's own parameters to decide which credentials are displayed.
		currentNodeExecutionIndex: 0,
		userId: 'harness-user',
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notSupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notSupported('startRunnerTask (Code node task runners)'),
		logAiEvent: () => {},
	};
}

function toResult(run: IRun): RunResult {
	const { runData } = run.data.resultData;
	const firstRun = (nodeName: string) => {
		const task = runData[nodeName]?.[0];
		if (!task) {
			const ran = Object.keys(runData).join(', ') || 'none';
			throw new Error(`Harness: node "${nodeName}" did not run (nodes that ran: ${ran})`);
		}
		return task;
	};
	const items = (nodeName: string) => firstRun(nodeName).data?.main?.[0] ?? [];
	return {
		items,
		output: (nodeName) => items(nodeName).map((item) => item.json),
		error: (nodeName) => runData[nodeName]?.[0]?.error,
		run,
		// On demand: stringifying a large run costs as much as the run itself (npm run bench).
		get serialized() {
			return serialize(run);
		},
	};
}

/**
 * JSON.stringify that also writes out Error instances' non-enumerable `message`/`stack`
 * (item-level errors under continueOnFail are Error objects) and survives circular references.
 */
function serialize(value: unknown): string {
	const ancestors: Array<{ holder: object; original: object }> = [];
	return JSON.stringify(value, function (this: object, _key, v: unknown) {
		if (typeof v !== 'object' || v === null) return v;
		while (ancestors.length > 0 && ancestors[ancestors.length - 1].holder !== this) ancestors.pop();
		if (ancestors.some((a) => a.original === v)) return '[Circular]';
		const out = v instanceof Error ? { ...v, name: v.name, message: v.message, stack: v.stack } : v;
		ancestors.push({ holder: out, original: v });
		return out;
	});
}
