import { BridgeError } from '../../errors';
import { phoneDigitsOf } from '../../sending/address';
import type { ProviderSending, SendContent } from '../../sending/types';
import { nowIso } from '../../time';
import { CLOUD_API_SEND } from '../../sending/capabilities';
import { record, statusFromString, str, sentWithoutId } from '../common';
import { checkResponse, pathPrefix } from './history';
import { identity } from './identity';

/** The generic inbox API's sending (docs/providers.md §4.3.2–§4.3.3, docs/providers.md §4.3.2 "Send message"). */

const provider = identity.id;

/** §4.3.2: `type` and an object of that name; the seed gives text as a plain string. */
function messageFields(content: SendContent): Record<string, unknown> {
	switch (content.kind) {
		case 'text':
			return { type: 'text', text: content.text };
		case 'image':
			if (content.media.from !== 'url') break;
			return {
				type: 'image',
				image: {
					url: content.media.url,
					...(content.caption !== null ? { caption: content.caption } : {}),
				},
			};
		case 'template': {
			const { name, language, bodyParameters } = content.template;
			if (!language) {
				throw new BridgeError(
					'input',
					`${identity.displayName} needs the template's language code`,
					{
						provider,
						field: 'templateLanguage',
						description: 'Set Template Language to the code the template was approved in, e.g. en.',
					},
				);
			}
			const parameters = bodyParameters.map((text) => ({ type: 'text', text }));
			return {
				type: 'template',
				template: {
					name,
					language,
					...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
				},
			};
		}
	}
	throw new BridgeError(
		'unsupported',
		`${identity.displayName} cannot send this ${content.kind} message`,
		{ provider, field: 'messageType' },
	);
}

/**
 * The seed's send responses carry the `wamid.` in `vendorMessageId` and the `msg_` id in `waMessageId`,
 * the opposite of its message list (where `id` is `msg_…` and `waMessageId` is `wamid.…`). The WhatsApp
 * id is told by its `wamid.` prefix, so the result's `id` is the one WhatsApp Messages shows as `id`.
 */
export function sentIds(data: Record<string, unknown>): {
	id: string | null;
	waMessageId: string | null;
} {
	const vendor = str(data.vendorMessageId);
	const whatsApp = str(data.waMessageId);
	const isWamid = (value: string | null) => value?.startsWith('wamid.') === true;
	if (isWamid(vendor) && !isWamid(whatsApp)) return { id: whatsApp ?? vendor, waMessageId: vendor };
	return { id: vendor ?? whatsApp, waMessageId: whatsApp };
}

export const sending: ProviderSending = {
	capabilities: {
		// §4.3.2 [GIVEN]: `type: "text" | "template" | "image"`; no reply field, media by URL.
		kinds: ['text', 'image', 'template'],
		...CLOUD_API_SEND,
	},
	// §4.3.2: no idempotency key or client reference is documented.
	takesIdempotencyKey: false,

	async send(config, input, transport) {
		// §4.3.2: `to` in E.164.
		const body = { to: `+${phoneDigitsOf(input.to)}`, ...messageFields(input.content) };
		const response = await transport({
			method: 'POST',
			path: `${pathPrefix(config)}/messages/send`,
			body,
		});
		checkResponse(response);
		const data = record(record(response.body).data);
		const { id, waMessageId } = sentIds(data);
		if (!id) throw sentWithoutId(identity);
		return {
			value: {
				provider,
				id,
				waMessageId,
				conversationId: str(data.conversationId),
				to: body.to,
				status: statusFromString(data.status),
				timestamp: nowIso(),
			},
			raw: response.body,
		};
	},

	messageStatus: {
		supported: false,
		// §4.3: the API documents no way to read one message's status.
		reportsStatusBy: `${identity.displayName} documents no way to ask for one message's status; statuses arrive by webhook, which the WhatsApp Trigger receives as message.ack events.`,
	},

	/** A cheap authenticated call (the credential test's): the conversation list, one record. */
	async sessionStatus(config, transport) {
		const response = await transport({
			method: 'GET',
			path: `${pathPrefix(config)}/conversations`,
			qs: { limit: 1, page: 1 },
		});
		checkResponse(response);
		return {
			value: { provider, status: 'connected', phone: null, name: null },
			raw: response.body,
		};
	},
};
