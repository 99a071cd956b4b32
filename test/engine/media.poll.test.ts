import { PollContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { startSimulator, type ProviderName, type Simulator } from '../simulator';
import { nodeTypes } from './package';
import { CREDENTIALS } from '../fixtures/providers';
import { PollNodeTypes } from './pollHarness';
import { credentialsHelperOf } from './webhookHarness';

/** The WhatsApp Poll Trigger with Download Media: n8n-core's PollContext, the simulator's files. */

const NAME = 'WhatsApp Poll Trigger';

/** One poll (a scheduled one, or the editor's Fetch Test Event): the whole items it emits. */
async function pollOnce(
	s: Simulator,
	provider: ProviderName,
	mode: WorkflowExecuteMode,
	options: IDataObject,
): Promise<INodeExecutionData[]> {
	const credential = CREDENTIALS[provider];
	const node: INode = {
		id: 'poll-node',
		name: NAME,
		type: 'whatsAppPollTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { provider, options: { downloadMedia: true, ...options } },
		credentials: { [credential.type]: { id: '1', name: `${provider} test` } },
	};
	const workflow = new Workflow({
		id: 'media-poll',
		name: 'Media poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new PollNodeTypes(),
		staticData: {},
	});
	const additionalData = {
		credentialsHelper: credentialsHelperOf(credential.type, s.credentials(provider).data),
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new PollContext(
		workflow,
		workflow.getNode(NAME)!,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	const emitted = await nodeTypes.whatsAppPollTrigger.poll!.call(context);
	return emitted?.[0] ?? [];
}

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 5 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});

describe('WhatsApp Poll Trigger, Download Media', () => {
	it('a poll from Start From emits the new image with its file in binary "data"', async () => {
		const startFrom = new Date(sim.clock.now()).toISOString();
		sim.advanceClock(5_000);
		const image = sim.noxivo.receiveMessage({ kind: 'image' });
		const items = await pollOnce(sim, 'noxivo', 'trigger', { startFrom });

		expect(items.map((item) => item.json.id)).toEqual([sim.noxivo.messageId(image)]);
		expect(items[0].binary?.data).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: `${image.seq}.jpg`,
		});
		expect(Buffer.from(items[0].binary?.data.data ?? '', 'base64')).toEqual(
			sim.noxivo.media.bytesOf(image),
		);
	});

	it('Fetch Test Event: an expired link keeps its message, with mediaError', async () => {
		const image = sim.inbox.receiveMessage({ kind: 'image' });
		sim.inbox.media.expire(image);
		const items = await pollOnce(sim, 'inbox', 'manual', {});

		const item = items.find((i) => i.json.id === sim.inbox.messageId(image));
		expect(item?.json.mediaError).toBe(
			`Could not download the media of message ${sim.inbox.messageId(image)}: the download was refused (HTTP 403); the link may have expired`,
		);
		expect(item?.binary).toBeUndefined();
	});
});
