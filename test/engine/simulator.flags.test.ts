import { PAGES_IN_FLIGHT } from '../../bridge/pagination/engine';
import { startSimulator, type Simulator } from '../simulator';
import { NODE_NAME, runNode } from './package';

/**
 * Issue 9: Noxivo's `hasMore` as the string "true" used to stop Return All after the first page, silently
 * (100 of 2,100 messages through n8n, no error). Through n8n-core's WorkflowExecute against the simulator.
 */

const HISTORY = 'GET /api/v1/inbox/conversations/:conversationId/messages';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({
		seed: { chats: 1, messagesPerChat: 2100 },
		statusStepMs: null,
		noxivo: { hasMoreAsString: true },
	});
});
afterAll(async () => {
	await sim.close();
});

it('Noxivo hasMore "true": Return All over 2,100 messages reads every one, oldest first, in 21 pages (+ in flight)', async () => {
	const noxivo = sim.provider('noxivo');
	const conversation = noxivo.store.conversations[0];
	const result = await runNode(
		'whatsAppMessages',
		'noxivo',
		{ conversationId: noxivo.conversationId(conversation), returnAll: true },
		{ credentialData: sim.credentials('noxivo').data },
	);
	expect(result.error(NODE_NAME)).toBeUndefined();
	const requests = sim.requests({ provider: 'noxivo' });
	// 21 pages, the two in flight past the last, and the first page checked again (bridge/pagination/engine.ts).
	expect(requests.filter((r) => r.endpoint === HISTORY).map((r) => r.status)).toEqual(
		Array(21 + PAGES_IN_FLIGHT).fill(200),
	);
	expect(result.output(NODE_NAME).map((item) => item.id)).toEqual(
		conversation.messages.map((m) => noxivo.messageId(m)),
	);
});
