import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Digital99Api } from '../../credentials/Digital99Api.credentials';
import { NoxivoApi } from '../../credentials/NoxivoApi.credentials';
import { VobizApi } from '../../credentials/VobizApi.credentials';
import { WhatsAppInboxApi } from '../../credentials/WhatsAppInboxApi.credentials';
import { WhatsAppChats } from '../../nodes/WhatsAppChats/WhatsAppChats.node';
import { WhatsAppMessages } from '../../nodes/WhatsAppMessages/WhatsAppMessages.node';
import { runWorkflow, singleNodeWorkflow, type RunResult } from './harness';
import { CREDENTIALS, type ProviderName } from './providerMocks';

/** The package's nodes and credentials, as n8n would load them. */
export const nodeTypes = {
	whatsAppChats: new WhatsAppChats(),
	whatsAppMessages: new WhatsAppMessages(),
};

export const credentialTypes = {
	noxivoApi: new NoxivoApi(),
	vobizApi: new VobizApi(),
	digital99Api: new Digital99Api(),
	whatsAppInboxApi: new WhatsAppInboxApi(),
};

export const NODE_NAME = 'Under Test';

/**
 * Runs one of our nodes in a workflow (Manual Trigger → node) through n8n-core's WorkflowExecute, with the
 * provider's test credential; `inputItems` instead starts at the node with those items.
 */
export async function runNode(
	type: keyof typeof nodeTypes,
	provider: ProviderName,
	parameters: INodeParameters,
	options: { inputItems?: IDataObject[]; continueOnFail?: boolean; credentialData?: IDataObject } = {},
): Promise<RunResult> {
	const credential = CREDENTIALS[provider];
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
		credentials: [{ type: credential.type, data: { ...credential.data, ...options.credentialData } }],
		workflow,
		...(options.inputItems
			? { startNode: NODE_NAME, inputItems: options.inputItems.map((json): INodeExecutionData => ({ json })) }
			: {}),
	});
}

/** Every secret of every test credential: none may appear anywhere in a run's output. */
export const ALL_SECRETS = [
	CREDENTIALS.noxivo.data.apiKey,
	CREDENTIALS.vobiz.data.authToken,
	CREDENTIALS.digital99.data.apiKey,
	CREDENTIALS.inbox.data.apiKey,
];
