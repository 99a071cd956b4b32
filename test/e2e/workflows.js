'use strict';
/*
 * Part 1 of the e2e run: per provider, `n8n execute --id` runs the demo workflow (Manual Trigger → Chats →
 * Messages → Send → Status) in a real n8n against the simulator, and its items are checked against what the
 * simulator holds (and every item has exactly the fields docs/contract.md lists):
 *   Chats     the 3 newest conversations, newest first (Limit 3), as the ids WhatsApp Messages takes;
 *   Messages  the first chat's whole history, oldest first: each message's id, direction, timestamp and text;
 *   Send      one item for a new outbound text in that chat at the simulator, with the text sent;
 *   Status    Noxivo Engine: that message's status as the simulator has it; elsewhere the session is "connected".
 */

const e2e = require('../../scripts/e2e/n8n');
const { DEMO_TEXT, PROVIDERS, STEP } = require('../../scripts/e2e/fixtures');
const { FIELDS, fieldProblems } = require('./contract');
const { CheckFailed, check, equal } = require('./steps');

/**
 * What the simulator holds before the run: the chats the node must list, and the first chat's history as
 * [id, direction, timestamp, text of text messages] (what a user reads off each item).
 */
function expectations(sim, provider) {
	const simulated = sim.provider(provider);
	const newest = simulated.store.byRecency().slice(0, 3);
	// WhatsApp Chats gives the JID on Noxivo (§1.4.1), the provider's conversation id elsewhere.
	const chatIds = newest.map((c) =>
		provider === 'noxivo' ? sim.noxivo.jid(c) : simulated.conversationId(c),
	);
	const first = newest[0];
	const history = first.messages.map((m) => [
		simulated.messageId(m),
		m.direction,
		new Date(m.at).toISOString(),
		m.kind === 'text' ? m.text : '(not text)',
	]);
	return { chatIds, first, history };
}

const historyRow = (m) => [
	m.id,
	m.direction,
	m.timestamp,
	m.type === 'text' ? m.text : '(not text)',
];

/** The first row where two histories differ, for a readable failure. */
function firstDifference(actual, expected) {
	const at = expected.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(actual[i]));
	return at < 0 ? undefined : { at, expected: expected[at], actual: actual[at] };
}

/** The items a node emitted, or a failure naming the node and its error (what the editor would show). */
function itemsOf(run, provider, nodeName) {
	const error = e2e.runError(run.result, nodeName);
	if (error) {
		const description = error.description ? ` (${error.description})` : '';
		throw new CheckFailed(
			`${PROVIDERS[provider].title}: node "${nodeName}" failed: ${error.message}${description}`,
		);
	}
	return e2e.outputItems(run.result, nodeName).map((item) => item.json);
}

function requestSummary(sim, provider, sinceSeq) {
	const counts = {};
	for (const r of sim.requests({ provider }))
		if (r.seq > sinceSeq) counts[r.endpoint] = (counts[r.endpoint] || 0) + 1;
	return Object.entries(counts)
		.map(([endpoint, n]) => `${endpoint} ×${n}`)
		.join(', ');
}

/** Runs and checks one provider's demo workflow; returns the Send item (the Trigger part acks that message). */
async function checkDemoWorkflow({ n8n, sim, provider, run }) {
	const { title, ids, statusOperation } = PROVIDERS[provider];
	const expected = expectations(sim, provider);
	const mark = sim.requests().length;
	const checked = await run.step(
		`${title}: n8n execute --id=${ids.demo} (Chats → Messages → Send → Status), items checked`,
		async () => {
			const result = await n8n.execute(ids.demo);
			check(
				result.result,
				`${title}: n8n execute printed no run (exit ${result.code})`,
				result.stdout + result.stderr,
			);
			const simulated = sim.provider(provider);

			const chats = itemsOf(result, provider, STEP.chats);
			equal(
				chats.map((c) => c.id),
				expected.chatIds,
				`${title}, ${STEP.chats}: chat ids (the 3 newest, newest first)`,
			);
			check(
				chats.every((c) => c.provider === provider),
				`${title}, ${STEP.chats}: every chat has provider "${provider}"`,
			);
			equal(
				fieldProblems(chats, FIELDS.chat),
				[],
				`${title}, ${STEP.chats}: fields of the Chat items`,
			);

			const history = itemsOf(result, provider, STEP.history);
			equal(
				history.length,
				expected.history.length,
				`${title}, ${STEP.history}: number of messages of ${expected.chatIds[0]}`,
			);
			const difference = firstDifference(history.map(historyRow), expected.history);
			check(
				!difference,
				`${title}, ${STEP.history}: message ${difference?.at} (oldest first) should be ${JSON.stringify(difference?.expected)} [id, direction, timestamp, text], got ${JSON.stringify(difference?.actual)}`,
			);
			check(
				history.every((m) => m.provider === provider && m.fromMe === (m.direction === 'outbound')),
				`${title}, ${STEP.history}: provider/fromMe of the messages`,
			);
			equal(
				fieldProblems(history, FIELDS.message),
				[],
				`${title}, ${STEP.history}: fields of the Message items`,
			);

			const sent = itemsOf(result, provider, STEP.send);
			equal(sent.length, 1, `${title}, ${STEP.send}: number of items`);
			equal(
				fieldProblems(sent, FIELDS.send),
				[],
				`${title}, ${STEP.send}: fields of the Send result`,
			);
			const message = simulated.message(String(sent[0].id));
			check(
				message,
				`${title}, ${STEP.send}: the simulator has no message with the id the node returned (${sent[0].id})`,
			);
			equal(
				[message.direction, message.text],
				['outbound', DEMO_TEXT],
				`${title}, ${STEP.send}: the message at the simulator (direction, text)`,
			);
			check(
				message.conversation === expected.first,
				`${title}, ${STEP.send}: the text went to another chat than the first one listed`,
			);
			equal(sent[0].provider, provider, `${title}, ${STEP.send}: provider`);

			const status = itemsOf(result, provider, STEP.status);
			equal(status.length, 1, `${title}, ${STEP.status}: number of items`);
			equal(
				fieldProblems(status, FIELDS[statusOperation]),
				[],
				`${title}, ${STEP.status}: fields of the ${statusOperation} result`,
			);
			if (statusOperation === 'messageStatus') {
				equal(
					[status[0].messageId, status[0].status],
					[sent[0].id, message.status],
					`${title}, ${STEP.status}: message id and status`,
				);
			} else {
				equal(
					[status[0].provider, status[0].status],
					[provider, 'connected'],
					`${title}, ${STEP.status}: session (provider, status)`,
				);
			}
			check(
				result.ok,
				`${title}: the run did not succeed (exit ${result.code}): ${JSON.stringify(result.error)}`,
			);
			return { chats, history, sent, status };
		},
	);
	const { chats, history, sent, status } = checked;

	run.detail(`chats     ${chats.length}: ${chats.map((c) => c.name ?? c.id).join(', ')}`);
	run.detail(
		`history   ${history.length} messages of ${chats[0].id}, ${history[0].timestamp} … ${history.at(-1).timestamp}`,
	);
	run.detail(
		`send      "${DEMO_TEXT}" to ${sent[0].to}: id ${sent[0].id}, status ${sent[0].status}`,
	);
	run.detail(
		statusOperation === 'messageStatus'
			? `status    ${status[0].status} for message ${status[0].messageId}`
			: `status    session ${status[0].status} (no message-status endpoint on ${title})`,
	);
	run.detail(`requests  ${requestSummary(sim, provider, mark)}`);
	return sent[0];
}

module.exports = { checkDemoWorkflow };
