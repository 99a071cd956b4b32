'use strict';
/*
 * The provider simulator for `npm run bench`, in its own process so that serving pages does not share a CPU
 * thread with the client being measured. Started by measure.js with `fork`; it seeds one conversation of
 * `--messages` messages per provider and answers over IPC:
 *   -> { type: 'ready', providers: { <name>: { credential, conversationId, expected } } }
 *      (expected: the conversation's ids as digests, ids.js: the measuring process holds no copy of them)
 *   <- { type: 'requests', id }   -> { type: 'requests', id, counts: { <provider>: <requests since the last ask> } }
 * (the request log is emptied on every ask: it keeps every response body, which would otherwise pile up).
 */

const path = require('node:path');

const { digestOfIds } = require('./ids');

const COMPILED = path.join(
	__dirname,
	'..',
	'..',
	'.cache',
	'demo',
	'test',
	'simulator',
	'index.js',
);

async function main() {
	const messages = Number(process.argv[process.argv.indexOf('--messages') + 1]);
	if (!Number.isInteger(messages) || messages < 1)
		throw new Error('simulator.js needs --messages <n>');
	const { startSimulator, PROVIDER_NAMES } = require(COMPILED);
	const sim = await startSimulator({
		seed: { chats: 1, messagesPerChat: messages },
		statusStepMs: null,
	});
	const providers = {};
	for (const name of PROVIDER_NAMES) {
		const simulated = sim.provider(name);
		const conversation = simulated.store.conversations[0];
		providers[name] = {
			credential: sim.credentials(name),
			conversationId: simulated.conversationId(conversation),
			expected: digestOfIds(conversation.messages.map((m) => simulated.messageId(m))),
		};
	}
	const total = (name) => Object.values(sim.requestCounts(name)).reduce((a, b) => a + b, 0);
	process.on('message', (message) => {
		if (message.type === 'requests') {
			const counts = Object.fromEntries(PROVIDER_NAMES.map((n) => [n, total(n)]));
			sim.log.clear();
			process.send({ type: 'requests', id: message.id, counts });
		}
	});
	process.on('disconnect', () => {
		void sim.close().then(() => process.exit(0));
	});
	process.send({ type: 'ready', providers });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
