import { BridgeError } from '../../errors';
import type { ProviderConfig } from '../../model';
import { phoneDigitsOf } from '../../sending/address';
import type { ProviderSending, SendContent, TemplateInput } from '../../sending/types';
import { nowIso, toIsoTimestamp } from '../../time';
import { CLOUD_API_SEND } from '../../sending/capabilities';
import { configString, record, statusFromString, str, sentWithoutId } from '../common';
import { checkResponse } from './api';
import { identity } from './identity';

/** Vobiz sending (docs/providers.md §2.4.3). */

const provider = identity.id;

function credentialField(
	config: ProviderConfig,
	field: string,
	label: string,
	bodyField: string,
): string {
	const value = configString(config, field);
	if (!value) {
		throw new BridgeError('input', `The "${identity.credentialName}" credential has no ${label}`, {
			provider,
			field,
			description: `${identity.displayName} needs it as \`${bodyField}\` to send a message. Add it to the credential.`,
		});
	}
	return value;
}

/** §2.4.3: `language: {code}` is required, body placeholders go as Meta-format `components`. */
function templateObject(template: TemplateInput): Record<string, unknown> {
	if (!template.language) {
		throw new BridgeError('input', "Vobiz needs the template's language code", {
			provider,
			field: 'templateLanguage',
			description: 'Set Template Language to the code the template was approved in, e.g. en_US.',
		});
	}
	const parameters = template.bodyParameters.map((text) => ({ type: 'text', text }));
	return {
		name: template.name,
		language: { code: template.language },
		...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
	};
}

/** §2.4.3: `text: {body}`, one `media` object for every media type, `template`. */
function messageFields(content: SendContent): Record<string, unknown> {
	switch (content.kind) {
		case 'text':
			return { type: 'text', text: { body: content.text } };
		case 'template':
			return { type: 'template', template: templateObject(content.template) };
		case 'location':
			throw new BridgeError(
				'unsupported',
				`${identity.displayName} cannot send location messages`,
				{
					provider,
					field: 'messageType',
				},
			);
		default: {
			if (content.media.from !== 'url')
				throw new BridgeError('unsupported', `${identity.displayName} takes media by URL only`, {
					provider,
					field: 'mediaSource',
				});
			const media: Record<string, unknown> = { link: content.media.url };
			if (content.caption !== null) media.caption = content.caption;
			// §2.4.3: `filename` is for documents.
			if (content.kind === 'document' && content.media.fileName !== null)
				media.filename = content.media.fileName;
			// A voice note is WhatsApp audio (Meta shows an ogg/opus audio as a voice note).
			return { type: content.kind === 'voice' ? 'audio' : content.kind, media };
		}
	}
}

export const sending: ProviderSending = {
	capabilities: {
		// §2.4.3: interactive/location/contacts are inbound-only; no reply field, media only by link or Meta id.
		kinds: ['text', 'image', 'video', 'audio', 'voice', 'document', 'template'],
		...CLOUD_API_SEND,
	},
	// §2.4.3: no idempotency key or client reference is documented.
	takesIdempotencyKey: false,

	async send(config, input, transport) {
		const body = {
			channel_id: credentialField(config, 'channelId', 'Channel ID', 'channel_id'),
			waba_id: credentialField(config, 'wabaId', 'WABA ID', 'waba_id'),
			to: `+${phoneDigitsOf(input.to)}`,
			...messageFields(input.content),
		};
		const response = await transport({ method: 'POST', path: '/messages', body });
		checkResponse(response);
		// §2.4.3: 201 with the Message: accepted, not delivered; `meta_message_id` is null until Meta takes it.
		const m = record(response.body);
		const id = str(m.id);
		if (!id) throw sentWithoutId(identity);
		return {
			value: {
				provider,
				id,
				waMessageId: str(m.meta_message_id),
				conversationId: str(m.conversation_id),
				to: body.to,
				status: statusFromString(m.status),
				timestamp: toIsoTimestamp(m.created_at) ?? nowIso(),
			},
			raw: response.body,
		};
	},

	messageStatus: {
		supported: false,
		// §2.4: "There is no get message or get message status endpoint".
		reportsStatusBy: `${identity.displayName} reports delivery only through its message.status webhook, which the WhatsApp Trigger receives as message.ack events.`,
	},

	/** A cheap authenticated call (the one the credential test makes, §2.4.4): it answers when the account can send. */
	async sessionStatus(_config, transport) {
		const response = await transport({
			method: 'GET',
			path: '/contacts',
			qs: { page: 1, limit: 1 },
		});
		checkResponse(response);
		return {
			value: { provider, status: 'connected', phone: null, name: null },
			raw: response.body,
		};
	},
};
