import { BridgeError } from '../../errors';
import type { HttpRequest } from '../../http';
import { toPhoneDigits } from '../../phone';
import { phoneDigitsOf } from '../../sending/address';
import type { ProviderSending, SendInput, TemplateInput } from '../../sending/types';
import { nowIso, toIsoTimestamp } from '../../time';
import { record, str } from '../common';
import { FROM_ID, checkResponse } from './history';
import { identity } from './identity';

/**
 * 99digital sending (docs/providers.md §3.3.2): one POST endpoint per message type; `apiKey` and `from` are
 * added to every body by the credential.
 */

const provider = identity.id;
/** §3.3.2 sendTemplate: `bodyVariable1..10`, `websiteVariable`, `websiteVariable2`. */
const MAX_BODY_VARIABLES = 10;
const WEBSITE_VARIABLES = ['websiteVariable', 'websiteVariable2'];
/** §3.3.2 sendTemplate `headerType`: 1 none, 3 image, 4 video, 5 document. */
const HEADER_TYPES = { none: 1, image: 3, video: 4, document: 5 } as const;

/** §3.2: digits without '+', or a `CC.<digits>` from_id for contacts who hide their number; private chats only. */
function recipient(to: string): string {
	return FROM_ID.test(to) ? to : phoneDigitsOf(to);
}

function tooMany(count: number, max: number, label: string, field: string): BridgeError {
	return new BridgeError(
		'input',
		`${identity.displayName} takes at most ${max} ${label}, not ${count}`,
		{
			provider,
			field,
		},
	);
}

function templateFields(template: TemplateInput): Record<string, unknown> {
	if (template.bodyParameters.length > MAX_BODY_VARIABLES) {
		throw tooMany(
			template.bodyParameters.length,
			MAX_BODY_VARIABLES,
			'template body parameters',
			'templateBodyParameters',
		);
	}
	if (template.buttonUrlVariables.length > WEBSITE_VARIABLES.length) {
		throw tooMany(
			template.buttonUrlVariables.length,
			WEBSITE_VARIABLES.length,
			'button URL variables',
			'templateOptions.buttonUrlVariables',
		);
	}
	const fields: Record<string, unknown> = {
		name: template.name,
		headerType: HEADER_TYPES[template.header?.kind ?? 'none'],
	};
	if (template.header) fields.headerLink = template.header.url;
	template.bodyParameters.forEach((value, i) => (fields[`bodyVariable${i + 1}`] = value));
	template.buttonUrlVariables.forEach((value, i) => (fields[WEBSITE_VARIABLES[i]] = value));
	if (template.couponCode !== null) fields.couponCode = template.couponCode;
	return fields;
}

/** The endpoint and its own fields for one message (§3.3.2 table). */
function endpointFor(input: SendInput): { path: string; fields: Record<string, unknown> } {
	const { content } = input;
	switch (content.kind) {
		case 'text':
			return { path: '/sendMessage', fields: { body: content.text } };
		case 'template':
			return { path: '/sendTemplate', fields: templateFields(content.template) };
		case 'location': {
			const { latitude, longitude, name, address } = content.location;
			// §3.3.2: `lat`/`lng` are strings; the optional caption is the address.
			const caption = [name, address].filter((part) => part !== null).join(', ');
			return {
				path: '/sendLocation',
				fields: { lat: String(latitude), lng: String(longitude), ...(caption ? { caption } : {}) },
			};
		}
		default:
			if (content.media.from !== 'url')
				throw new BridgeError('unsupported', `${identity.displayName} takes media by URL only`, {
					provider,
					field: 'mediaSource',
				});
			// §3.3.2 sendFile: `body` is the https link; 99digital tells the type from the file.
			return {
				path: '/sendFile',
				fields: {
					body: content.media.url,
					...(content.caption !== null ? { caption: content.caption } : {}),
				},
			};
	}
}

export const sending: ProviderSending = {
	capabilities: {
		kinds: ['text', 'image', 'video', 'audio', 'voice', 'document', 'template', 'location'],
		binaryMedia: false,
		replyTo: true,
		// §3.3.2: the template language is set per 99digital account, not per request.
		templateFields: ['bodyParameters', 'header', 'buttonUrlVariables', 'couponCode'],
		// §3.3.2: free-form sends work for private chats only.
		groupChats: false,
		lidAddresses: false,
	},
	// §3.3.2: no idempotency key or client reference is documented.
	takesIdempotencyKey: false,

	async send(_config, input, transport) {
		const to = recipient(input.to);
		const { path, fields } = endpointFor(input);
		const request: HttpRequest = {
			method: 'POST',
			path,
			body: { to, ...fields, ...(input.replyTo !== null ? { replyTo: input.replyTo } : {}) },
		};
		const response = await transport(request);
		// §3.6: a refusal is HTTP 200 with `status: "FAIL"` and a numeric reason.
		checkResponse(response);
		const b = record(response.body);
		const id = str(b.unique);
		if (!id)
			throw new BridgeError(
				'response',
				`${identity.displayName} answered the send without a "unique" id`,
				{
					provider,
				},
			);
		return {
			value: {
				provider,
				id,
				waMessageId: null,
				// docs/contract.md: a 99digital conversation is the other party's number.
				conversationId: to,
				to,
				// §3.3.2 [INF]: "OK" means the provider accepted it.
				status: 'sent',
				timestamp: toIsoTimestamp(b.timestamp) ?? nowIso(),
			},
			raw: response.body,
		};
	},

	messageStatus: {
		supported: false,
		// §3.3: no status endpoint; statuses come by webhook when `readStatus` is on (§3.3.3).
		reportsStatusBy: `${identity.displayName} reports sent/delivered/read only by webhook, once "readStatus" is turned on in its webhook settings; the WhatsApp Trigger receives them as message.ack events.`,
	},

	/** §3.3.3 getWebhook: the cheapest authenticated call; it fails with a reason when the key or number is wrong. */
	async sessionStatus(config, transport) {
		const response = await transport({ method: 'POST', path: '/getWebhook', body: {} });
		checkResponse(response);
		return {
			value: { provider, status: 'connected', phone: toPhoneDigits(str(config.from)), name: null },
			raw: response.body,
		};
	},
};
