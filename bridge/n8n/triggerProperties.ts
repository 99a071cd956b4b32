import type { INodeProperties } from 'n8n-workflow';

import { PROVIDERS, PROVIDER_IDS } from '../providers';
import { downloadMediaOption, maxMediaSizeOption } from './media';
import { includeRawOption, optionsCollection } from './properties';

/** The WhatsApp Trigger's parameters, generated from the provider registry (the node lists no provider). */

export const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	options: [
		{ name: 'Message', value: 'message', description: 'A message arrived in a chat' },
		{
			name: 'Message Ack',
			value: 'message.ack',
			description: 'A message you sent was sent, delivered, read, played or failed',
		},
	],
	default: ['message'],
	description: 'Which events start the workflow',
};

/** How deliveries reach n8n, for the selected provider (registered by n8n, or a URL to paste). */
export function setupNotices(): INodeProperties[] {
	return PROVIDER_IDS.map((id) => ({
		displayName:
			PROVIDERS[id].webhooks?.setupNotice ??
			`${PROVIDERS[id].displayName} cannot deliver messages to a webhook: use the WhatsApp Poll Trigger.`,
		name: `setupNotice_${id}`,
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: [id] } },
	}));
}

function documentedSources(): string {
	const known = PROVIDER_IDS.filter(
		(id) => PROVIDERS[id].webhooks?.documentedSourceIps?.length,
	).map(
		(id) =>
			`${PROVIDERS[id].displayName}: ${PROVIDERS[id].webhooks?.documentedSourceIps?.join(', ')}`,
	);
	return known.length > 0 ? ` Documented sender addresses — ${known.join('; ')}.` : '';
}

/** Options both triggers share (the Poll Trigger: bridge/n8n/pollProperties.ts). */
export const ignoreOwnMessagesOption: INodeProperties = {
	displayName: 'Ignore Own Messages',
	name: 'ignoreOwnMessages',
	type: 'boolean',
	default: true,
	description:
		'Whether to skip messages your own number sent (echoes), so a workflow that replies does not trigger itself',
};

export const onlyChatsOption: INodeProperties = {
	displayName: 'Only These Chats',
	name: 'onlyChats',
	type: 'string',
	default: '',
	placeholder: '+972 50-123-4567, 120363040000000000@g.us',
	description:
		'Comma-separated phone numbers, chat IDs or conversation IDs; events of other chats are skipped. Empty means every chat.',
};

export function triggerOptions(): INodeProperties {
	return optionsCollection([
		{
			displayName: 'Ack Statuses',
			name: 'ackStatuses',
			type: 'multiOptions',
			options: [
				{ name: 'All', value: 'all' },
				{ name: 'Delivered', value: 'delivered' },
				{ name: 'Failed', value: 'failed' },
				{ name: 'Pending', value: 'pending' },
				{ name: 'Played', value: 'played' },
				{ name: 'Read', value: 'read' },
				{ name: 'Sent', value: 'sent' },
			],
			default: ['all'],
			description:
				'Which delivery statuses start the workflow for Message Ack events, to avoid one execution per status change of every message',
		},
		{
			displayName: 'Allowed Source IPs',
			name: 'allowedIps',
			type: 'string',
			default: '',
			placeholder: '34.165.99.212, 192.117.146.95',
			description: `Comma-separated addresses deliveries may come from; any other gets HTTP 401. Empty accepts any address. Behind a reverse proxy, n8n must be told to trust it (N8N_PROXY_HOPS).${documentedSources()}`,
		},
		downloadMediaOption,
		ignoreOwnMessagesOption,
		includeRawOption,
		maxMediaSizeOption,
		onlyChatsOption,
	]);
}
