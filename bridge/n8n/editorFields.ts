import type { INodeProperties } from 'n8n-workflow';

import type { ProviderId } from '../model';
import { PROVIDERS, PROVIDER_IDS } from '../providers';

/**
 * What the editor shows for the fields a user (or, in a tool node, a model) fills in: a placeholder and a
 * hint per provider, and the `$fromAI` default of the `<node>Tool` variant.
 *
 * A field is declared once per provider (same name, shown for that provider only, so its value survives a
 * change of Provider) and once for tool nodes. n8n's `@tool` display key tells them apart: it is true in the
 * `<node>Tool` variant that n8n generates from `usableAsTool` at load time and at run time alike, so a tool
 * node gets the model's value even when the editor saved it without the default.
 */

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

function shownFor(field: INodeProperties, show: Show): INodeProperties {
	return {
		...field,
		displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, ...show } },
	};
}

/**
 * `field` for the plain node (once per provider with `perProvider`'s placeholder/hint, if given), and once
 * for the tool node with `$fromAI(name, fromAi)` as its default.
 */
function fieldVariants(
	field: INodeProperties,
	perProvider: ((id: ProviderId) => Partial<INodeProperties>) | undefined,
	fromAi: string,
): INodeProperties[] {
	const plain = perProvider
		? PROVIDER_IDS.map((id) =>
				shownFor({ ...field, ...perProvider(id) }, { '@tool': [false], provider: [id] }),
			)
		: [shownFor(field, { '@tool': [false] })];
	return [
		...plain,
		shownFor(
			{
				...field,
				default: `={{ $fromAI(${JSON.stringify(field.name)}, ${JSON.stringify(fromAi)}, 'string') }}`,
			},
			{ '@tool': [true] },
		),
	];
}

export function conversationIdFields(): INodeProperties[] {
	return fieldVariants(
		{
			displayName: 'Conversation ID',
			name: 'conversationId',
			type: 'string',
			required: true,
			default: '',
		},
		(id) => ({
			placeholder: PROVIDERS[id].examples.conversationId,
			hint: PROVIDERS[id].examples.conversationHint,
		}),
		'The `id` of a chat as returned by the WhatsApp Chats tool',
	);
}

export function toFields(): INodeProperties[] {
	return fieldVariants(
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			description:
				'The recipient: a phone number in international format (+972 50-123-4567, 972501234567) or a WhatsApp chat ID (972501234567@c.us; a group …@g.us where the provider sends to groups)',
		},
		(id) => ({
			placeholder: PROVIDERS[id].examples.to,
			hint: PROVIDERS[id].sending?.capabilities.groupChats
				? 'A phone number, a chat ID (…@c.us) or a group (…@g.us)'
				: `A phone number or a chat ID (…@c.us); ${PROVIDERS[id].displayName} does not send to groups`,
		}),
		'The recipient: the `chatId` (or `phone`) of a chat from the WhatsApp Chats tool, or a phone number in international format such as +972501234567',
	);
}

export function textFields(): INodeProperties[] {
	return fieldVariants(
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			displayOptions: { show: { messageType: ['text'] } },
		},
		undefined,
		'The text of the WhatsApp message to send, as the recipient will read it',
	);
}

export function messageIdFields(): INodeProperties[] {
	return fieldVariants(
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			required: true,
			default: '',
			description: 'The message ID that WhatsApp Send returned',
			displayOptions: { show: { operation: ['messageStatus'] } },
		},
		(id) => {
			const support = PROVIDERS[id].sending?.messageStatus;
			return {
				placeholder: PROVIDERS[id].examples.messageId,
				hint:
					support?.supported === false
						? support.reportsStatusBy
						: 'The `id` in the output of WhatsApp Send',
			};
		},
		'The `id` returned by the WhatsApp Send tool for the message whose delivery status you want',
	);
}

/** Limit for the plain node, and a smaller one that fits a model's context for the tool node. */
export function limitFields(): INodeProperties[] {
	const limit: INodeProperties = {
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	};
	return [
		shownFor(limit, { '@tool': [false] }),
		shownFor({ ...limit, default: 20 }, { '@tool': [true] }),
	];
}

/**
 * The description a model reads for the tool node (n8n's own Tool Description field; declaring it here
 * keeps n8n from adding one that repeats the node's one-line description).
 */
export function toolDescriptionProperty(text: string): INodeProperties {
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: text,
		description:
			'What the model reads about this tool: what it returns and which other tool its output feeds',
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** A canvas subtitle: `prefix · <provider display name>`. */
export function providerSubtitle(prefixExpression: string): string {
	const names = Object.fromEntries(PROVIDER_IDS.map((id) => [id, PROVIDERS[id].displayName]));
	return `={{ ${prefixExpression} + " · " + (${JSON.stringify(names)}[$parameter["provider"]] || $parameter["provider"]) }}`;
}
