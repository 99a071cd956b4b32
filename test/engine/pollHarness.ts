/**
 * Runs the WhatsApp Poll Trigger the way n8n's main process does, in-process: n8n-core's own PollContext
 * (the class n8n gives a node's poll()), HTTP through n8n-core's request helper with the credential's
 * authentication. As in n8n 2.41 (trigger-execution-context.factory.ts), the active workflow object lives
 * across polls, its static data is saved when a poll emits and after the activation poll, and a restart
 * loads the workflow again with the static data last saved.
 */
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { nodeTypes } from './package';
import { CREDENTIALS, type ProviderId, type TestCredential } from '../fixtures/providers';
import { credentialsHelperOf } from './webhookHarness';

export const POLL_TRIGGER_NAME = 'WhatsApp Poll Trigger';

export interface Poller {
	/** One scheduled poll: the items it emitted (json only), or null when it emitted nothing. */
	poll(): Promise<IDataObject[] | null>;
	/** The poll n8n runs when the workflow is activated (also after every restart). */
	activate(): Promise<IDataObject[] | null>;
	/** "Fetch Test Event" in the editor (mode manual); static data untouched. */
	fetchTestEvent(): Promise<IDataObject[] | null>;
	/** n8n stops and starts again: what was not saved is gone, then the activation poll runs. */
	restart(): Promise<IDataObject[] | null>;
	/** Items of every emitting poll so far, one entry per execution. */
	readonly executions: IDataObject[][];
	/** The node's static data as n8n last saved it. */
	saved(): IDataObject;
}

/** The one node type a poll test's workflow holds. */
export class PollNodeTypes implements INodeTypes {
	getByName(): INodeType {
		return nodeTypes.whatsAppPollTrigger;
	}

	getByNameAndVersion(): INodeType {
		return nodeTypes.whatsAppPollTrigger;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export function startPoller(
	provider: ProviderId,
	parameters: INodeParameters,
	options: { credentialData?: IDataObject; timezone?: string; credential?: TestCredential } = {},
): Poller {
	const credential = options.credential ?? CREDENTIALS[provider];
	const node: INode = {
		id: 'poll-node',
		name: POLL_TRIGGER_NAME,
		type: 'whatsAppPollTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { provider, ...parameters },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
	};
	const additionalData = {
		credentialsHelper: credentialsHelperOf(credential.type, {
			...credential.data,
			...options.credentialData,
		}),
		variables: {},
		instanceBaseUrl: 'https://n8n.example.test/',
		restApiUrl: 'https://n8n.example.test/rest',
	} as unknown as IWorkflowExecuteAdditionalData;

	let saved: IDataObject = {};
	const executions: IDataObject[][] = [];
	const load = () =>
		new Workflow({
			id: 'poll-workflow',
			name: 'Poll workflow',
			nodes: [structuredClone(node)],
			connections: {},
			active: true,
			nodeTypes: new PollNodeTypes(),
			staticData: structuredClone(saved),
			settings: options.timezone ? { timezone: options.timezone } : {},
		});
	let workflow = load();
	const save = () => {
		if (workflow.staticData.__dataChanged === true) {
			saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			workflow.staticData.__dataChanged = false;
		}
	};

	const run = async (
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode | null,
	): Promise<IDataObject[] | null> => {
		let emitted: IDataObject[] | null = null;
		const context = new PollContext(
			workflow,
			workflow.getNode(POLL_TRIGGER_NAME)!,
			additionalData,
			mode,
			activation ?? 'init',
			(data) => {
				emitted = data[0].map((item) => item.json);
				if (mode !== 'manual') {
					save();
					executions.push(emitted);
				}
			},
		);
		const response = await nodeTypes.whatsAppPollTrigger.poll!.call(context);
		if (response !== null) context.__emit(response);
		if (activation === 'activate' || activation === 'init') save();
		return emitted;
	};

	return {
		executions,
		saved: () => structuredClone((saved[`node:${POLL_TRIGGER_NAME}`] ?? {}) as IDataObject),
		poll: async () => await run('trigger', null),
		activate: async () => await run('trigger', 'activate'),
		fetchTestEvent: async () => await run('manual', 'manual'),
		async restart() {
			workflow = load();
			return await run('trigger', 'init');
		},
	};
}
