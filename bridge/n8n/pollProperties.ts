import type { INodeProperties } from 'n8n-workflow';

import { downloadMediaOption, maxMediaSizeOption } from './media';
import { includeRawOption, optionsCollection } from './properties';
import { ignoreOwnMessagesOption, onlyChatsOption } from './triggerProperties';

/** The WhatsApp Poll Trigger's parameters besides provider and n8n's own Poll Times (added by n8n for `polling` nodes). */

export const DEFAULT_MAX_MESSAGES = 100;

/** The Poll Trigger's options, in the editor's (alphabetical) order; an option of another feature goes in here. */
export const pollTriggerOptions: INodeProperties[] = [
	downloadMediaOption,
	ignoreOwnMessagesOption,
	includeRawOption,
	maxMediaSizeOption,
	{
		displayName: 'Max Messages Per Poll',
		name: 'maxMessages',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_MESSAGES,
		description:
			'At most this many messages start one execution; the rest come with the next poll, in order',
	},
	onlyChatsOption,
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		description:
			'On the first poll after activation, emit the messages since this time (a backfill). Empty starts from the moment of activation. Setting a different time later starts over from that time.',
	},
];

export function pollOptionsProperty(): INodeProperties {
	return optionsCollection(pollTriggerOptions);
}

export const pollNotice: INodeProperties = {
	displayName:
		'Each poll emits the messages that arrived since the previous one, oldest first, each once, as the WhatsApp Trigger does. Use it where n8n has no public HTTPS address, or where missed webhooks must be caught up.',
	name: 'pollNotice',
	type: 'notice',
	default: '',
};
