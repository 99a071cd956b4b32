'use strict';
/*
 * The credentials and workflows the e2e run and `npm run n8n` import into n8n, all pointing at the provider
 * simulator. Per provider:
 *   - a credential (the simulator's working one, plus a webhook secret where the Trigger checks one);
 *   - the demo workflow of `npm run demo`: Manual Trigger → WhatsApp Chats (Limit 3) → WhatsApp Messages
 *     (first chat, Return All) → WhatsApp Send (a text to that chat) → WhatsApp Status (of that message on
 *     Noxivo, the only provider that can be asked; of the session elsewhere);
 *   - a Trigger workflow: WhatsApp Trigger on `message` and `message.ack`.
 * Node types are CUSTOM.<name>: how n8n registers a package loaded through N8N_CUSTOM_EXTENSIONS.
 */

const DEMO_TEXT = 'Hello from the n8n e2e demo';

/**
 * `webhookSecret`: what the credential's Webhook Secret holds, and how the Trigger checks a delivery with it.
 * Vobiz needs none: the Trigger registers its subscription with a secret derived from the Auth Token.
 */
const PROVIDERS = Object.freeze({
	noxivo: {
		title: 'Noxivo Engine',
		statusOperation: 'messageStatus',
		webhookSecret: 'e2e-noxivo-webhook-token',
		authenticity: 'shared token (?token= in the URL pasted into the dashboard)',
		ids: { credential: 'credNoxivo000001', demo: 'demoNoxivo000001', trigger: 'trigNoxivo000001' },
		webhookId: '7e2e0001-0000-4000-8000-000000000001',
	},
	vobiz: {
		title: 'Vobiz',
		statusOperation: 'sessionStatus',
		webhookSecret: undefined,
		authenticity: 'HMAC signature (X-Webhook-Signature, with the secret the Trigger registered)',
		ids: { credential: 'credVobiz0000001', demo: 'demoVobiz0000001', trigger: 'trigVobiz0000001' },
		webhookId: '7e2e0001-0000-4000-8000-000000000002',
	},
	digital99: {
		title: '99digital',
		statusOperation: 'sessionStatus',
		webhookSecret: 'e2e-99digital-webhook-token',
		authenticity: 'shared token (?token= in the URL the Trigger registered with setWebhook)',
		ids: { credential: 'credDigital99001', demo: 'demoDigital99001', trigger: 'trigDigital99001' },
		webhookId: '7e2e0001-0000-4000-8000-000000000003',
	},
	inbox: {
		title: 'Inbox API',
		statusOperation: 'sessionStatus',
		webhookSecret: 'e2e-inbox-signing-secret',
		authenticity: 'HMAC signature (X-Signature, with the shared secret)',
		ids: { credential: 'credInbox0000001', demo: 'demoInbox0000001', trigger: 'trigInbox0000001' },
		webhookId: '7e2e0001-0000-4000-8000-000000000004',
	},
});

/** Node names in the demo workflow. */
const STEP = Object.freeze({
	start: 'Manual Trigger',
	chats: 'List chats',
	history: 'Read history',
	send: 'Send a text',
	status: 'Check status',
});
const TRIGGER_NODE = 'WhatsApp Trigger';

function credentialName(provider) {
	return `${PROVIDERS[provider].title} (simulator)`;
}

/** The n8n credential for `provider`: [{ id, name, type, data }] as `n8n import:credentials` takes it. */
function credential(sim, provider) {
	const { type, data } = sim.credentials(provider);
	const { webhookSecret, ids } = PROVIDERS[provider];
	return {
		id: ids.credential,
		name: credentialName(provider),
		type,
		data: { ...data, ...(webhookSecret ? { webhookSecret } : {}) },
	};
}

function credentialRef(sim, provider) {
	return {
		[sim.credentials(provider).type]: {
			id: PROVIDERS[provider].ids.credential,
			name: credentialName(provider),
		},
	};
}

/**
 * Who the demo writes to: the first chat's address, except on Vobiz, whose conversations carry no number
 * (docs/providers.md §2.4.1): there it is the newest conversation's contact number, as the simulator knows it.
 */
function sendTo(sim, provider) {
	if (provider === 'vobiz') return sim.vobiz.conversationFor().contact.phone;
	return `={{ $('${STEP.chats}').first().json.chatId }}`;
}

function demoWorkflow(sim, provider) {
	const { title, ids, statusOperation } = PROVIDERS[provider];
	const credentials = credentialRef(sim, provider);
	const step = (id, name, type, parameters, x) => ({
		id,
		name,
		type: `CUSTOM.${type}`,
		typeVersion: 1,
		position: [x, 0],
		parameters: { provider, ...parameters },
		credentials,
		// Chats gives several items; the rest of the flow works on the first chat only.
		...(type === 'whatsAppChats' ? {} : { executeOnce: true }),
	});
	const nodes = [
		{
			id: 'start',
			name: STEP.start,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		step('chats', STEP.chats, 'whatsAppChats', { returnAll: false, limit: 3 }, 220),
		step(
			'history',
			STEP.history,
			'whatsAppMessages',
			{ conversationId: '={{ $json.id }}', returnAll: true },
			440,
		),
		step(
			'send',
			STEP.send,
			'whatsAppSend',
			{ to: sendTo(sim, provider), messageType: 'text', text: DEMO_TEXT },
			660,
		),
		statusOperation === 'messageStatus'
			? step(
					'status',
					STEP.status,
					'whatsAppStatus',
					{ operation: 'messageStatus', messageId: '={{ $json.id }}' },
					880,
				)
			: step('status', STEP.status, 'whatsAppStatus', { operation: 'sessionStatus' }, 880),
	];
	const connections = {};
	nodes.slice(1).forEach((node, i) => {
		connections[nodes[i].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return { id: ids.demo, name: `WhatsApp demo: ${title} (simulator)`, nodes, connections };
}

function triggerWorkflow(sim, provider) {
	const { title, ids, webhookId } = PROVIDERS[provider];
	return {
		id: ids.trigger,
		name: `WhatsApp Trigger: ${title} (simulator)`,
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NODE,
				type: 'CUSTOM.whatsAppTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { provider, events: ['message', 'message.ack'], options: {} },
				credentials: credentialRef(sim, provider),
			},
		],
		connections: {},
	};
}

/** The production URL n8n gives the Trigger node (webhook path `webhook` under its webhookId). */
function triggerUrl(n8nBaseUrl, provider) {
	return `${n8nBaseUrl}/webhook/${PROVIDERS[provider].webhookId}/webhook`;
}

/**
 * Points the providers without a subscription API at their Trigger URL, as a user does in their dashboards
 * (Noxivo §1.8, with the token the credential checks; the inbox API §4.3.5, with its signing secret).
 * Vobiz and 99digital need nothing: the Trigger registers itself when the workflow is activated.
 */
function configureDashboards(sim, n8nBaseUrl) {
	const noxivoUrl = new URL(triggerUrl(n8nBaseUrl, 'noxivo'));
	noxivoUrl.searchParams.set('token', PROVIDERS.noxivo.webhookSecret);
	sim.noxivo.setWebhook(noxivoUrl.toString());
	sim.inbox.setWebhook({
		url: triggerUrl(n8nBaseUrl, 'inbox'),
		secret: PROVIDERS.inbox.webhookSecret,
	});
}

module.exports = {
	DEMO_TEXT,
	PROVIDERS,
	STEP,
	TRIGGER_NODE,
	credential,
	credentialRef,
	demoWorkflow,
	triggerWorkflow,
	triggerUrl,
	configureDashboards,
};
