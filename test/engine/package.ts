import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { runWorkflow, singleNodeWorkflow, type RunResult } from './harness';
import { CREDENTIALS, type ProviderId, type TestCredential } from '../fixtures/providers';

const ROOT = join(__dirname, '..', '..');

/** Instances of every class a source file exports. */
function instancesOf<T>(file: string): T[] {
	const exported = require(file) as Record<string, new () => T>;
	return Object.values(exported).map((Type) => new Type());
}

/** The package's nodes (nodes/<Name>/<Name>.node.ts), keyed by type name, as n8n would load them. */
export const nodeTypes: Record<string, INodeType> = Object.fromEntries(
	readdirSync(join(ROOT, 'nodes'), { withFileTypes: true })
		.filter((d) => d.isDirectory() && d.name !== 'icons')
		.flatMap((d) => instancesOf<INodeType>(join(ROOT, 'nodes', d.name, `${d.name}.node.ts`)))
		.map((node) => [node.description.name, node]),
);

/** The package's credentials (credentials/*.credentials.ts), keyed by type name. */
export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	readdirSync(join(ROOT, 'credentials'))
		.filter((f) => f.endsWith('.credentials.ts'))
		.flatMap((f) => instancesOf<ICredentialType>(join(ROOT, 'credentials', f)))
		.map((credential) => [credential.name, credential]),
);

export const NODE_NAME = 'Under Test';

/**
 * Runs one of our nodes in a workflow (Manual Trigger → node) through n8n-core's WorkflowExecute, with the
 * provider's test credential; `inputItems` instead starts at the node with those items.
 */
export async function runNode(
	type: string,
	provider: ProviderId,
	parameters: INodeParameters,
	options: {
		inputItems?: IDataObject[];
		continueOnFail?: boolean;
		credentialData?: IDataObject;
		credential?: TestCredential;
	} = {},
): Promise<RunResult> {
	const credential = options.credential ?? CREDENTIALS[provider];
	const workflow = singleNodeWorkflow({
		name: NODE_NAME,
		type,
		parameters: { provider, ...parameters },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	});
	return await runWorkflow({
		nodeTypes,
		credentialTypes,
		credentials: [
			{ type: credential.type, data: { ...credential.data, ...options.credentialData } },
		],
		workflow,
		...(options.inputItems
			? {
					startNode: NODE_NAME,
					inputItems: options.inputItems.map((json): INodeExecutionData => ({ json })),
				}
			: {}),
	});
}

/** Every secret of every test credential: none may appear anywhere in a run's output. */
export { ALL_SECRETS } from '../fixtures/providers';
