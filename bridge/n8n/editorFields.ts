import type { INodeProperties } from 'n8n-workflow';

import { PROVIDER_IDS, type ProviderId } from '../model';
import { PROVIDERS } from '../providers';

/**
 * What the editor shows for the fields a user (or, in a tool node, a model) fills in: a placeholder and a
 * hint per provider, and the `$fromAI` default of the `<node>Tool` variant.
 *
 * A field is declared once per provider (same name, shown for that provider only, so its value survives a
 * change of Provider) and once for tool nodes. n8n's `@tool` display key tells them apart: it is true in the
 * `<node>Tool` variant that n8n generates from `usableAsTool` at load time and at run time alike, so a tool
 * node gets the model's value even when the editor saved it without the default.
 */

/** Example values as each provider's API shows them (docs/providers.md §1-§4), for placeholders. */
const EXAMPLES: Record<ProviderId, { conversationId: string; conversationHint: string; to: string; messageId: string }> = {
	noxivo: {
		conversationId: '69e0af6bfbf58631dc8d4642',
		conversationHint: 'The `id` of a chat from WhatsApp Chats (24 hex characters); a chat ID or phone number also works',
		to: '+972 50-123-4567',
		messageId: '6620f0c1a1b2c3d4e5f60718',
	},
	vobiz: {
		conversationId: 'c7a1b2d3-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
		conversationHint: 'The `id` of a chat from WhatsApp Chats (a UUID)',
		to: '+91 98765 43210',
		messageId: 'e1d2c3b4-a5f6-4789-90ab-cdef01234567',
	},
	digital99: {
		conversationId: '972501234567',
		conversationHint: "The `id` of a chat from WhatsApp Chats: on 99digital, the other party's number",
		to: '+972 50-123-4567',
		messageId: 'true_972501234567@c.us_3EB0C0FFEE',
	},
	inbox: {
		conversationId: 'conv_123',
		conversationHint: 'The `id` of a chat from WhatsApp Chats',
		to: '+972 50-123-4567',
		messageId: 'msg_01HZX5',
	},
};

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

function shownFor(field: INodeProperties, show: Show): INodeProperties {
	return { ...field, displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, ...show } } };
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
		? PROVIDER_IDS.map((id) => shownFor({ ...field, ...perProvider(id) }, { '@tool': [false], provider: [id] }))
		: [shownFor(field, { '@tool': [false] })];
	return [
		...plain,
		shownFor(
			{ ...field, default: `={{ $fromAI(${JSON.stringify(field.name)}, ${JSON.stringify(fromAi)}, 'string') }}` },
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
		(id) => ({ placeholder: EXAMPLES[id].conversationId, hint: EXAMPLES[id].conversationHint }),
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
			placeholder: EXAMPLES[id].to,
			hint: PROVIDERS[id].sending.capabilities.groupChats
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
			const support = PROVIDERS[id].sending.messageStatus;
			return {
				placeholder: EXAMPLES[id].messageId,
				hint: support.supported ? 'The `id` in the output of WhatsApp Send' : support.reportsStatusBy,
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
	return [shownFor(limit, { '@tool': [false] }), shownFor({ ...limit, default: 20 }, { '@tool': [true] })];
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
		description: 'What the model reads about this tool: what it returns and which other tool its output feeds',
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** A canvas subtitle: `prefix · <provider display name>`. */
export function providerSubtitle(prefixExpression: string): string {
	const names = Object.fromEntries(PROVIDER_IDS.map((id) => [id, PROVIDERS[id].displayName]));
	return `={{ ${prefixExpression} + " · " + (${JSON.stringify(names)}[$parameter["provider"]] || $parameter["provider"]) }}`;
}
