import { BridgeError } from '../errors';
import { isGroupJid, parseJid } from '../phone';
import type { ProviderIdentity } from '../model';
import { PHONE_ADVICE } from './address';
import type { SendCapabilities, SendDraft, SendKind, TemplateField, TemplateInput } from './types';

/**
 * Refuses, before any request, what a provider's declared SendCapabilities do not cover. The messages are
 * generated from the declaration ("<provider> cannot send X; it can send Y"), so no node or adapter
 * writes them by hand.
 */

const TEMPLATE_FIELD_LABELS: Record<TemplateField, string> = {
	language: 'a language (Template Language)',
	bodyParameters: 'body parameters',
	header: 'a header media',
	buttonUrlVariables: 'button URL variables',
	couponCode: 'a coupon code',
};

/** `a, b and c` */
export function listInWords(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function unsupported(
	provider: Pick<ProviderIdentity, 'id' | 'displayName'>,
	message: string,
	field: string,
	description?: string,
): BridgeError {
	return new BridgeError('unsupported', message, { provider: provider.id, field, description });
}

function templateFieldsGiven(template: TemplateInput): TemplateField[] {
	const given: Array<[TemplateField, boolean]> = [
		['language', template.language !== null],
		['bodyParameters', template.bodyParameters.length > 0],
		['header', template.header !== null],
		['buttonUrlVariables', template.buttonUrlVariables.length > 0],
		['couponCode', template.couponCode !== null],
	];
	return given.filter(([, isGiven]) => isGiven).map(([field]) => field);
}

export function assertCanSend(
	provider: Pick<ProviderIdentity, 'id' | 'displayName'>,
	capabilities: SendCapabilities,
	draft: SendDraft,
): void {
	const { content } = draft;
	const kind: SendKind = content.kind;
	if (!capabilities.kinds.includes(kind)) {
		throw unsupported(
			provider,
			`${provider.displayName} cannot send ${kind} messages; it can send ${listInWords(capabilities.kinds)}`,
			'messageType',
		);
	}
	if ('media' in content && content.media.from === 'binary' && !capabilities.binaryMedia) {
		throw unsupported(
			provider,
			`${provider.displayName} cannot send media from binary data; it takes media by URL only`,
			'mediaSource',
			'Choose Media Source "URL" and give a link the provider can download.',
		);
	}
	if (isGroupJid(draft.to) && !capabilities.groupChats) {
		throw unsupported(
			provider,
			`${provider.displayName} cannot send to WhatsApp groups ("${draft.to}"); it sends to phone numbers`,
			'to',
		);
	}
	if (parseJid(draft.to)?.server === 'lid' && !capabilities.lidAddresses) {
		throw unsupported(
			provider,
			`${provider.displayName} cannot send to "${draft.to}": an @lid ID hides the phone number it needs`,
			'to',
			PHONE_ADVICE,
		);
	}
	if (draft.replyTo !== null && !capabilities.replyTo) {
		throw unsupported(
			provider,
			`${provider.displayName} cannot send a message as a reply to another`,
			'options.replyTo',
			'Remove Reply To Message ID to send it as a new message.',
		);
	}
	if (content.kind === 'template') {
		const refused = templateFieldsGiven(content.template).filter(
			(field) => !capabilities.templateFields.includes(field),
		);
		if (refused.length > 0) {
			const accepted = [
				'a name',
				...capabilities.templateFields.map((field) => TEMPLATE_FIELD_LABELS[field]),
			];
			throw unsupported(
				provider,
				`${provider.displayName} cannot send a template with ${listInWords(refused.map((field) => TEMPLATE_FIELD_LABELS[field]))}; it takes ${listInWords(accepted)}`,
				'templateOptions',
			);
		}
	}
}

/**
 * What Meta's WhatsApp Cloud API send takes besides the kinds, for the providers that pass its message object
 * on (Vobiz docs/providers.md §2.4.3, the inbox API §4.3.2): media by link only, no reply field, templates with
 * a language and body parameters, phone numbers only.
 */
export const CLOUD_API_SEND: Omit<SendCapabilities, 'kinds'> = {
	binaryMedia: false,
	replyTo: false,
	templateFields: ['language', 'bodyParameters'],
	groupChats: false,
	lidAddresses: false,
};
