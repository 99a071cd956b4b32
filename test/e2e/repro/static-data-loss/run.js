#!/usr/bin/env node
'use strict';
/*
 * `npm run repro:static-data`: the smallest reproduction of n8n 2.41.1 losing what a production webhook
 * writes to workflow static data once the workflow has any (docs/n8n-static-data-report.md).
 *
 * One workflow, one node: Counting Webhook (nodes/CountingWebhook.node.js, loaded through
 * N8N_CUSTOM_EXTENSIONS), which adds one to `staticData.count` on every delivery and emits the new count.
 * It is activated in a real n8n (`n8n start`, SQLite), receives 3 deliveries, and then the counts the
 * executions emitted and the count n8n saved are printed.
 *
 *   expected (n8n saves every change):   emitted 1, 2, 3   saved 3
 *   n8n 2.41.1:                          emitted 1, 2, 2   saved 1
 *
 * Exit 0 while the loss reproduces (the package's in-process fallback in bridge/n8n/trigger.ts is still
 * needed); exit 3 when n8n saved every delivery (the bug is fixed in this n8n: the fallback can go); 1 on
 * any other failure.
 */

const fs = require('node:fs');
const path = require('node:path');

const e2e = require('../../../../scripts/e2e/n8n');

const WORKFLOW_ID = 'reproStaticData1';
const WEBHOOK_ID = '5a7e0000-0000-4000-8000-00000000c0de';
const DELIVERIES = 3;
const log = (m) => process.stdout.write(`[repro] ${m}\n`);

async function savedStaticData(n8n) {
	const out = path.join(n8n.userFolder, 'export.json');
	await n8n.cliOk(['export:workflow', `--id=${WORKFLOW_ID}`, `--output=${out}`]);
	const [workflow] = JSON.parse(fs.readFileSync(out, 'utf8'));
	return workflow.staticData ?? null;
}

async function main() {
	const n8n = await e2e.createInstance({ extensions: __dirname, log });
	try {
		await n8n.importWorkflow({
			id: WORKFLOW_ID,
			name: 'Static data loss (repro)',
			nodes: [
				{
					id: 'count',
					name: 'Counting Webhook',
					type: 'CUSTOM.countingWebhook',
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: {},
				},
			],
			connections: {},
		});
		await n8n.start();
		const api = await n8n.setupOwner();
		await api.activateWorkflow(WORKFLOW_ID);
		const pub = await api.createApiKey();
		for (let i = 1; i <= DELIVERIES; i++) {
			const response = await n8n.webhook('POST', `${WEBHOOK_ID}/count`, { body: { delivery: i } });
			if (response.status !== 200)
				throw new Error(`delivery ${i}: HTTP ${response.status} ${response.text}`);
			await n8n.waitFor(
				() =>
					pub
						.listExecutions({ workflowId: WORKFLOW_ID })
						.then((l) => l.filter((e) => e.status === 'success')),
				{ count: i },
			);
		}
		const executions = (await pub.listExecutions({ workflowId: WORKFLOW_ID })).reverse();
		const emitted = executions.map((e) => e2e.outputItems(e, 'Counting Webhook')[0]?.json.count);
		const saved = (await savedStaticData(n8n))?.['node:Counting Webhook']?.count ?? null;
		log(
			`n8n ${require('../../../../scripts/e2e/setup').PINS.n8n}: ${DELIVERIES} deliveries; counts emitted ${emitted.join(', ')}; count saved in static data: ${saved}`,
		);
		log(
			`expected if every change were saved: emitted ${[...Array(DELIVERIES)].map((_, i) => i + 1).join(', ')}; saved ${DELIVERIES}`,
		);
		if (
			saved === DELIVERIES &&
			emitted.join() === [...Array(DELIVERIES)].map((_, i) => i + 1).join()
		) {
			log(
				'NOT REPRODUCED: this n8n saved every delivery; the in-process fallback of the WhatsApp Trigger can be dropped',
			);
			return 3;
		}
		log('REPRODUCED: static data written by a production webhook was lost after the first save');
		return 0;
	} finally {
		await n8n.dispose();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`[repro] FAIL: ${error.message}\n`);
		e2e.cleanupNow();
		process.exit(1);
	},
);
