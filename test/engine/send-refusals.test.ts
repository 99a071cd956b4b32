import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { answer, answerAnything, resetSentRequests, sentRequests } from '../fixtures/mock-send';
import * as d99 from '../fixtures/digital99-send';
import { NODE_NAME, runNode } from './package';
import { PROVIDERS, type ProviderId } from '../fixtures/providers';

/**
 * WhatsApp Send refuses, before any request, what a provider cannot send and what no provider could: the
 * error names the item, the provider and the reason.
 */

beforeAll(() => nock.disableNetConnect());
afterEach(() => resetSentRequests());
afterAll(() => nock.enableNetConnect());

const TO = '+972 50-123-4567';
const media = (mediaType: string, extra: IDataObject = {}): IDataObject => ({
	messageType: 'media',
	mediaType,
	mediaSource: 'url',
	mediaUrl: 'https://files.example/file.bin',
	mediaOptions: { mimeType: 'application/octet-stream' },
	...extra,
});
const LOCATION: IDataObject = { messageType: 'location', latitude: 32.0753, longitude: 34.7749 };
const TEMPLATE: IDataObject = {
	messageType: 'template',
	templateName: 'order_update',
	templateLanguage: 'en_US',
};

async function refusal(
	provider: ProviderId,
	parameters: IDataObject,
	options: { credentialData?: IDataObject } = {},
) {
	answerAnything(provider);
	const result = await runNode('whatsAppSend', provider, { to: TO, ...parameters }, options);
	expect(sentRequests).toEqual([]);
	return result.error(NODE_NAME);
}

describe('a message type the provider cannot send fails before any request, naming provider and type', () => {
	const cases: Array<[ProviderId, string, IDataObject, string]> = [
		[
			'noxivo',
			'template',
			TEMPLATE,
			'Noxivo Engine cannot send template messages; it can send text, image, video, audio, voice and document',
		],
		[
			'noxivo',
			'location',
			LOCATION,
			'Noxivo Engine cannot send location messages; it can send text, image, video, audio, voice and document',
		],
		[
			'vobiz',
			'location',
			LOCATION,
			'Vobiz cannot send location messages; it can send text, image, video, audio, voice, document and template',
		],
		[
			'inbox',
			'video',
			media('video'),
			'WhatsApp Inbox API cannot send video messages; it can send text, image and template',
		],
		[
			'inbox',
			'audio',
			media('audio'),
			'WhatsApp Inbox API cannot send audio messages; it can send text, image and template',
		],
		[
			'inbox',
			'voice',
			media('voice'),
			'WhatsApp Inbox API cannot send voice messages; it can send text, image and template',
		],
		[
			'inbox',
			'document',
			media('document'),
			'WhatsApp Inbox API cannot send document messages; it can send text, image and template',
		],
		[
			'inbox',
			'location',
			LOCATION,
			'WhatsApp Inbox API cannot send location messages; it can send text, image and template',
		],
	];

	it.each(cases)('%s × %s', async (provider, _type, parameters, message) => {
		const error = await refusal(provider, parameters);
		expect(error?.message).toBe(`${message} [item 0]`);
	});
});

describe('other things a provider cannot send fail before any request', () => {
	it.each([
		['vobiz', 'Vobiz'],
		['digital99', '99digital'],
		['inbox', 'WhatsApp Inbox API'],
	] as const)(
		'%s: media from binary data, refused before the binary is even read',
		async (provider, name) => {
			// The input item has no binary at all: reading it first would give n8n's "no binary" error instead.
			const error = await refusal(provider, {
				messageType: 'media',
				mediaType: 'image',
				mediaSource: 'binary',
				binaryPropertyName: 'data',
			});
			expect(error?.message).toBe(
				`${name} cannot send media from binary data; it takes media by URL only [item 0]`,
			);
			expect(error?.description).toBe(
				'Choose Media Source "URL" and give a link the provider can download.',
			);
		},
	);

	it.each([
		['vobiz', 'Vobiz'],
		['inbox', 'WhatsApp Inbox API'],
	] as const)('%s: a reply to a message', async (provider, name) => {
		const error = await refusal(provider, {
			messageType: 'text',
			text: 'Yes',
			options: { replyTo: 'wamid.HBgL' },
		});
		expect(error?.message).toBe(`${name} cannot send a message as a reply to another [item 0]`);
	});

	it.each([
		[
			'vobiz',
			{ headerMediaType: 'image', headerMediaUrl: 'https://files.example/banner.jpg' },
			'Vobiz cannot send a template with a header media; it takes a name, a language (Template Language) and body parameters',
		],
		[
			'inbox',
			{ couponCode: 'SPRING10', buttonUrlVariables: ['ORD-1'] },
			'WhatsApp Inbox API cannot send a template with button URL variables and a coupon code; it takes a name, a language (Template Language) and body parameters',
		],
	] as const)(
		'%s: template fields it does not take',
		async (provider, templateOptions, message) => {
			const error = await refusal(provider, { ...TEMPLATE, templateOptions });
			expect(error?.message).toBe(`${message} [item 0]`);
		},
	);

	it('99digital: a template language (it is set per account, §3.3.2)', async () => {
		const error = await refusal('digital99', TEMPLATE);
		expect(error?.message).toBe(
			'99digital cannot send a template with a language (Template Language); it takes a name, body parameters, a header media, button URL variables and a coupon code [item 0]',
		);
	});

	it('99digital: more than ten body parameters (bodyVariable1..10, §3.3.2)', async () => {
		const error = await refusal('digital99', {
			messageType: 'template',
			templateName: 'x',
			templateBodyParameters: Array.from({ length: 11 }, (_, i) => `v${i}`),
		});
		expect(error?.message).toBe(
			'99digital takes at most 10 template body parameters, not 11 [item 0]',
		);
	});

	it.each([
		['vobiz', 'Vobiz', 'en_US'],
		['inbox', 'WhatsApp Inbox API', 'en'],
	] as const)('%s: a template without a language code', async (provider, name, example) => {
		const error = await refusal(provider, {
			messageType: 'template',
			templateName: 'order_update',
		});
		expect(error?.message).toBe(`${name} needs the template's language code [item 0]`);
		expect(error?.description).toBe(
			`Set Template Language to the code the template was approved in, e.g. ${example}.`,
		);
	});

	it('Vobiz: a credential without Channel ID or WABA ID (channel_id, waba_id, §2.4.3)', async () => {
		expect(
			(
				await refusal(
					'vobiz',
					{ messageType: 'text', text: 'Hi' },
					{ credentialData: { channelId: '' } },
				)
			)?.message,
		).toBe('The "Vobiz API" credential has no Channel ID [item 0]');
		expect(
			(
				await refusal(
					'vobiz',
					{ messageType: 'text', text: 'Hi' },
					{ credentialData: { wabaId: ' ' } },
				)
			)?.message,
		).toBe('The "Vobiz API" credential has no WABA ID [item 0]');
	});

	it('Noxivo Engine: media whose MIME type cannot be told (§1.4.6 requires mimeType)', async () => {
		const error = await refusal('noxivo', {
			messageType: 'media',
			mediaType: 'document',
			mediaSource: 'url',
			mediaUrl: 'https://files.example/download?id=7',
		});
		expect(error?.message).toBe('Noxivo Engine needs the MIME type of the media [item 0]');
		expect(error?.description).toBe(
			'It could not be told from the file name. Add the option MIME Type, e.g. image/jpeg or application/pdf.',
		);
	});
});

describe('recipients: typed forms are converted, impossible ones are item errors', () => {
	it.each([
		['12345', 'too short'],
		['0501234567', 'a local number without country code'],
		['call me', 'words'],
		['1234567890123456', 'longer than E.164 allows'],
	])('"%s" (%s) is refused on every provider', async (to) => {
		for (const provider of PROVIDERS) {
			answerAnything(provider);
			const result = await runNode('whatsAppSend', provider, {
				to,
				messageType: 'text',
				text: 'Hi',
			});
			expect(result.error(NODE_NAME)?.message).toBe(`To "${to}" is not a phone number [item 0]`);
			expect(result.error(NODE_NAME)?.description).toBe(
				'Give the number in international format with its country code, e.g. +972 50-123-4567, 972501234567 or 972501234567@c.us.',
			);
		}
		expect(sentRequests).toEqual([]);
	});

	it.each([
		['vobiz', 'Vobiz'],
		['digital99', '99digital'],
		['inbox', 'WhatsApp Inbox API'],
	] as const)(
		'%s sends to phone numbers only: a group and an @lid ID are refused',
		async (provider, name) => {
			answerAnything(provider);
			const group = await runNode('whatsAppSend', provider, {
				to: '120363040000000000@g.us',
				messageType: 'text',
				text: 'Hi',
			});
			expect(group.error(NODE_NAME)?.message).toBe(
				`${name} cannot send to WhatsApp groups ("120363040000000000@g.us"); it sends to phone numbers [item 0]`,
			);
			const lid = await runNode('whatsAppSend', provider, {
				to: '50805738631354@lid',
				messageType: 'text',
				text: 'Hi',
			});
			expect(lid.error(NODE_NAME)?.message).toBe(
				`${name} cannot send to "50805738631354@lid": an @lid ID hides the phone number it needs [item 0]`,
			);
			expect(sentRequests).toEqual([]);
		},
	);

	it('Noxivo refuses addresses that are neither people, groups nor @lid IDs', async () => {
		const error = await refusal('noxivo', {
			to: '120363000000000000@newsletter',
			messageType: 'text',
			text: 'Hi',
		});
		expect(error?.message).toBe(
			'Noxivo Engine cannot send to "120363000000000000@newsletter"; it sends to people (…@c.us), groups (…@g.us) and @lid IDs [item 0]',
		);
	});

	it('99digital takes a from_id (CC.<digits>) as it is (§3.2)', async () => {
		answer('digital99', 'POST', '/sendMessage', [200, { ...d99.sent, to: 'IL.1605856887361213' }]);
		const result = await runNode('whatsAppSend', 'digital99', {
			to: 'IL.1605856887361213',
			messageType: 'text',
			text: 'Hi',
		});
		expect(sentRequests.map((r) => r.body?.to)).toEqual(['IL.1605856887361213']);
		expect(result.output(NODE_NAME)[0]).toMatchObject({
			to: 'IL.1605856887361213',
			conversationId: 'IL.1605856887361213',
		});
	});
});

describe('parameters no provider could send are item errors naming the field', () => {
	const cases: Array<[string, IDataObject, string]> = [
		['an empty recipient', { to: '={{ "" }}', messageType: 'text', text: 'Hi' }, 'To is empty'],
		['an empty text', { messageType: 'text', text: '={{ " " }}' }, 'Text is empty'],
		[
			'a media URL that is not a web link',
			media('image', { mediaUrl: 'ftp://files.example/a.jpg' }),
			'Media URL "ftp://files.example/a.jpg" is not an http(s) URL',
		],
		[
			'a media URL that is not a URL',
			media('image', { mediaUrl: 'photo.jpg' }),
			'Media URL "photo.jpg" is not a URL',
		],
		[
			'a caption on a voice note',
			media('voice', { mediaOptions: { caption: 'listen' } }),
			'A caption cannot go with voice',
		],
		[
			'a latitude beyond the pole',
			{ ...LOCATION, latitude: 91 },
			'Latitude must be a number between -90 and 90',
		],
		[
			'a longitude given as words',
			{ ...LOCATION, longitude: '={{ "east" }}' },
			'Longitude must be a number between -180 and 180',
		],
		[
			'an empty template name',
			{ messageType: 'template', templateName: '={{ "" }}' },
			'Template Name is empty',
		],
		[
			'an empty template parameter',
			{ ...TEMPLATE, templateBodyParameters: ['John', '={{ "" }}'] },
			'Body Parameter 2 is empty',
		],
		[
			'a header without its URL',
			{ messageType: 'template', templateName: 'x', templateOptions: { headerMediaType: 'image' } },
			'Header Media URL is empty',
		],
	];

	it.each(cases)('%s', async (_label, parameters, message) => {
		answerAnything('digital99');
		const result = await runNode('whatsAppSend', 'digital99', { to: TO, ...parameters });
		expect(result.error(NODE_NAME)?.message).toBe(`${message} [item 0]`);
		expect(sentRequests).toEqual([]);
	});
});
