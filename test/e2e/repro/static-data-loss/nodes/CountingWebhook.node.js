'use strict';
/*
 * A webhook trigger that counts its deliveries in the workflow's static data, the way any trigger keeps a
 * cursor or the ids it has seen. Each delivery reads the count, adds one, writes it back and emits it.
 * n8n saves static data a webhook changed (LiveWebhooks.executeWebhook → saveStaticData), so after N
 * deliveries the saved count should be N.
 */
class CountingWebhook {
	constructor() {
		this.description = {
			displayName: 'Counting Webhook',
			name: 'countingWebhook',
			group: ['trigger'],
			version: 1,
			description: 'Counts deliveries in static data',
			defaults: { name: 'Counting Webhook' },
			inputs: [],
			outputs: ['main'],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'count' },
			],
			properties: [],
		};
	}

	async webhook() {
		const staticData = this.getWorkflowStaticData('node');
		staticData.count = (typeof staticData.count === 'number' ? staticData.count : 0) + 1;
		return { workflowData: [[{ json: { count: staticData.count } }]] };
	}
}

module.exports = { CountingWebhook };
