import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import {
	answer,
	resetSentRequests,
	sentRequests,
	type Reply,
	type SentRequest,
} from '../fixtures/mock-send';
import * as d99 from '../fixtures/digital99-send';
import * as ibx from '../fixtures/inbox-send';
import * as nx from '../fixtures/noxivo-send';
import * as vbz from '../fixtures/vobiz-send';
import { ALL_SECRETS, NODE_NAME, runNode } from './package';
import { CREDENTIALS, PROVIDERS, type ProviderId } from '../fixtures/providers';

/** WhatsApp Send, the happy paths: every provider × every message type it can send, exact request and result. */

beforeAll(() => nock.disableNetConnect());
afterEach(() => resetSentRequests());
afterAll(() => nock.enableNetConnect());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const IDEMPOTENCY_KEY = /^n8n-[0-9a-f]{40}$/;

/** The three ways users type a number, and each provider's form of them (docs/providers.md §5.1). */
const TYPED = ['+972 50-123-4567', '972501234568', '972501234569@c.us'];
const DIGITS = ['972501234567', '972501234568', '972501234569'];
const PROVIDER_FORM: Record<ProviderId, (digits: string) => string> = {
	noxivo: (d) => `${d}@c.us`, // §1.4.6
	vobiz: (d) => `+${d}`, // §2.3 E.164 with '+'
	digital99: (d) => d, // §3.2 digits without '+'
	inbox: (d) => `+${d}`, // §4.3.2 E.164
};

/** Where each provider takes a send, and its answer for the n-th request (ids differ per request). */
const SEND_ENDPOINT: Record<
	ProviderId,
	{ path: string | RegExp; reply: (request: SentRequest, n: number) => Reply }
> = {
	noxivo: {
		path: '/api/v1/messages/send',
		reply: (_r, n) => [200, { ...nx.sent, id: `6620f0c1a1b2c3d4e5f6071${n}` }],
	},
	vobiz: {
		path: '/messages',
		reply: (_r, n) => [201, { ...vbz.sentText, id: `9b2e1c40-8a3d-4f5e-9c1a-7d6b2e8f4a0${n}` }],
	},
	digital99: {
		path: /\/send[A-Za-z]+$/,
		reply: (r, n) => [200, { ...d99.sent, unique: `65dfd4r4dref34rdfxd34r${n}`, to: r.body?.to }],
	},
	inbox: {
		path: '/api/whatsapp/messages/send',
		reply: (_r, n) => [
			200,
			{ success: true, data: { ...ibx.sentText.data, waMessageId: `msg_abc12${n}` } },
		],
	},
};

function answerSends(provider: ProviderId): void {
	const { path, reply } = SEND_ENDPOINT[provider];
	answer(provider, 'POST', path, reply);
}

/** The documented body of a text send per provider (§1.4.6, §2.4.3, §3.3.2, §4.3.2), with the credential's fields. */
const TEXT_BODY: Record<ProviderId, (to: string, text: string) => Record<string, unknown>> = {
	noxivo: (to, text) => ({ to, text }),
	vobiz: (to, text) => ({
		channel_id: CREDENTIALS.vobiz.data.channelId,
		waba_id: CREDENTIALS.vobiz.data.wabaId,
		to,
		type: 'text',
		text: { body: text },
	}),
	digital99: (to, text) => ({
		to,
		body: text,
		apiKey: CREDENTIALS.digital99.data.apiKey,
		from: CREDENTIALS.digital99.data.from,
	}),
	inbox: (to, text) => ({ to, type: 'text', text }),
};

const TEXT_PATH: Record<ProviderId, string> = {
	noxivo: '/api/v1/messages/send',
	vobiz: '/messages',
	digital99: '/sendMessage',
	inbox: '/api/whatsapp/messages/send',
};

/** The Send result each provider's answer to request n reads as (docs/contract.md "Send result"). */
const TEXT_RESULT: Record<ProviderId, (to: string, n: number) => IDataObject> = {
	noxivo: (to, n) => ({
		provider: 'noxivo',
		id: `6620f0c1a1b2c3d4e5f6071${n}`,
		waMessageId: null,
		conversationId: null,
		to,
		status: 'sent',
		timestamp: '2025-04-22T10:30:00.000Z',
	}),
	vobiz: (to, n) => ({
		provider: 'vobiz',
		id: `9b2e1c40-8a3d-4f5e-9c1a-7d6b2e8f4a0${n}`,
		waMessageId: null,
		conversationId: 'c7d1e9a3-2b4f-4a6c-8d5e-1f3a9b7c2e04',
		to,
		status: 'pending',
		timestamp: '2026-06-15T10:30:00.000Z',
	}),
	digital99: (to, n) => ({
		provider: 'digital99',
		id: `65dfd4r4dref34rdfxd34r${n}`,
		waMessageId: null,
		conversationId: to,
		to,
		status: 'sent',
		timestamp: '2020-09-14T20:35:19.000Z',
	}),
	// The seed's send response swaps the ids (fixtures/inbox-send.ts): `id` is the msg_ id, as in WhatsApp Messages.
	inbox: (to, n) => ({
		provider: 'inbox',
		id: `msg_abc12${n}`,
		waMessageId: 'wamid.HBgLMTIzNDU2Nzg5MBUCABIYZ...',
		conversationId: 'conv_def456',
		to,
		status: 'sent',
		timestamp: expect.stringMatching(ISO),
	}),
};

describe.each(PROVIDERS)('WhatsApp Send text on %s', (provider) => {
	it('three input items: three requests with the documented body, three Send results paired to their items', async () => {
		answerSends(provider);
		const result = await runNode(
			'whatsAppSend',
			provider,
			{ to: '={{ $json.phone }}', messageType: 'text', text: '={{ "Hello " + $json.name }}' },
			{ inputItems: TYPED.map((phone, i) => ({ phone, name: `friend ${i}` })) },
		);

		expect(result.error(NODE_NAME)).toBeUndefined();
		const to = DIGITS.map(PROVIDER_FORM[provider]);
		expect(sentRequests.map(({ method, path, body }) => ({ method, path, body }))).toEqual(
			to.map((address, i) => ({
				method: 'POST',
				path: TEXT_PATH[provider],
				body: TEXT_BODY[provider](address, `Hello friend ${i}`),
			})),
		);
		expect(result.items(NODE_NAME).map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual(
			to.map((address, i) => ({
				json: TEXT_RESULT[provider](address, i),
				pairedItem: { item: i },
			})),
		);
		for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	});
});

describe('WhatsApp Send, idempotency (Noxivo Idempotency-Key, docs/providers.md §1.4.6)', () => {
	it('each item gets its own key; providers without one get no such header', async () => {
		for (const provider of PROVIDERS) answerSends(provider);
		for (const provider of PROVIDERS) {
			await runNode(
				'whatsAppSend',
				provider,
				{ to: '={{ $json.phone }}', messageType: 'text', text: 'Hi' },
				{ inputItems: TYPED.map((phone) => ({ phone })) },
			);
		}
		const keys = (provider: ProviderId) =>
			sentRequests
				.filter((r) => r.path === TEXT_PATH[provider])
				.map((r) => r.headers['idempotency-key']);
		expect(keys('noxivo')).toHaveLength(3);
		keys('noxivo').forEach((key) => expect(key).toMatch(IDEMPOTENCY_KEY));
		expect(new Set(keys('noxivo')).size).toBe(3);
		for (const provider of PROVIDERS.filter((p) => p !== 'noxivo'))
			expect(keys(provider)).toEqual([undefined, undefined, undefined]);
	});

	it('another execution of the same workflow gets other keys', async () => {
		answerSends('noxivo');
		const parameters = { to: '972501234567', messageType: 'text', text: 'Hi' };
		await runNode('whatsAppSend', 'noxivo', parameters);
		await runNode('whatsAppSend', 'noxivo', parameters);
		const [first, second] = sentRequests.map((r) => r.headers['idempotency-key']);
		expect(first).toMatch(IDEMPOTENCY_KEY);
		expect(second).toMatch(IDEMPOTENCY_KEY);
		expect(first).not.toBe(second);
	});
});

/** One message of each type per provider: the node parameters, the request docs/providers.md documents, the result. */
interface TypeCase {
	label: string;
	parameters: IDataObject;
	request: { path: string; body: Record<string, unknown> };
}

const PHOTO = 'https://files.example/shop/photo.jpg';
const CLIP = 'https://files.example/clip.mp4';
const SONG = 'https://files.example/song.mp3';
const NOTE = 'https://files.example/note.ogg';
const INVOICE = 'https://example.com/invoice_101.pdf';

const media = (
	mediaType: string,
	mediaUrl: string,
	mediaOptions: IDataObject = {},
): IDataObject => ({ messageType: 'media', mediaType, mediaSource: 'url', mediaUrl, mediaOptions });
const template: IDataObject = {
	messageType: 'template',
	templateName: 'order_update',
	templateLanguage: 'en_US',
	templateBodyParameters: ['John', 'ORD-456'],
};

const TYPE_CASES: Record<ProviderId, TypeCase[]> = {
	// §1.4.6: one attachment {url, kind, mimeType, fileName?, caption?}; audio goes to WAHA sendVoice either way.
	noxivo: [
		{
			label: 'image with caption',
			parameters: media('image', PHOTO, { caption: 'Our new shop' }),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [
						{
							url: PHOTO,
							kind: 'image',
							mimeType: 'image/jpeg',
							fileName: 'photo.jpg',
							caption: 'Our new shop',
						},
					],
				},
			},
		},
		{
			label: 'video',
			parameters: media('video', CLIP),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [{ url: CLIP, kind: 'video', mimeType: 'video/mp4', fileName: 'clip.mp4' }],
				},
			},
		},
		{
			label: 'audio',
			parameters: media('audio', SONG),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [{ url: SONG, kind: 'audio', mimeType: 'audio/mpeg', fileName: 'song.mp3' }],
				},
			},
		},
		{
			label: 'voice note',
			parameters: media('voice', NOTE),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [{ url: NOTE, kind: 'audio', mimeType: 'audio/ogg', fileName: 'note.ogg' }],
				},
			},
		},
		{
			label: 'document, the documented example',
			parameters: media('document', INVOICE, { caption: 'Your monthly invoice' }),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [
						{
							url: INVOICE,
							kind: 'document',
							mimeType: 'application/pdf',
							fileName: 'invoice_101.pdf',
							caption: 'Your monthly invoice',
						},
					],
				},
			},
		},
		{
			label: 'document with its own name and MIME type',
			parameters: media('document', 'https://files.example/download?id=7', {
				fileName: 'report.xlsx',
				mimeType: 'application/vnd.ms-excel',
			}),
			request: {
				path: '/api/v1/messages/send',
				body: {
					to: '972501234567@c.us',
					attachments: [
						{
							url: 'https://files.example/download?id=7',
							kind: 'document',
							mimeType: 'application/vnd.ms-excel',
							fileName: 'report.xlsx',
						},
					],
				},
			},
		},
	],
	// §2.4.3: `media: {link, caption?, filename?}`; a voice note is WhatsApp audio; templates in Meta format.
	vobiz: [
		{
			label: 'image with caption',
			parameters: media('image', PHOTO, { caption: 'Our new shop' }),
			request: {
				path: '/messages',
				body: { type: 'image', media: { link: PHOTO, caption: 'Our new shop' } },
			},
		},
		{
			label: 'video',
			parameters: media('video', CLIP),
			request: { path: '/messages', body: { type: 'video', media: { link: CLIP } } },
		},
		{
			label: 'audio',
			parameters: media('audio', SONG),
			request: { path: '/messages', body: { type: 'audio', media: { link: SONG } } },
		},
		{
			label: 'voice note',
			parameters: media('voice', NOTE),
			request: { path: '/messages', body: { type: 'audio', media: { link: NOTE } } },
		},
		{
			label: 'document, the documented example',
			parameters: media('document', 'https://example.com/invoice.pdf', { caption: 'Your invoice' }),
			request: {
				path: '/messages',
				body: {
					type: 'document',
					media: {
						link: 'https://example.com/invoice.pdf',
						filename: 'invoice.pdf',
						caption: 'Your invoice',
					},
				},
			},
		},
		{
			label: 'template with body parameters',
			parameters: template,
			request: {
				path: '/messages',
				body: {
					type: 'template',
					template: {
						name: 'order_update',
						language: { code: 'en_US' },
						components: [
							{
								type: 'body',
								parameters: [
									{ type: 'text', text: 'John' },
									{ type: 'text', text: 'ORD-456' },
								],
							},
						],
					},
				},
			},
		},
		{
			label: 'template without parameters',
			parameters: {
				messageType: 'template',
				templateName: 'hello_world',
				templateLanguage: 'en_US',
			},
			request: {
				path: '/messages',
				body: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
			},
		},
	],
	// §3.3.2: one endpoint per type; sendFile takes the link as `body`; lat/lng are strings.
	digital99: [
		{
			label: 'image with caption',
			parameters: media('image', PHOTO, { caption: 'Our new shop' }),
			request: {
				path: '/sendFile',
				body: { to: '972501234567', body: PHOTO, caption: 'Our new shop' },
			},
		},
		{
			label: 'video',
			parameters: media('video', CLIP),
			request: { path: '/sendFile', body: { to: '972501234567', body: CLIP } },
		},
		{
			label: 'audio',
			parameters: media('audio', SONG),
			request: { path: '/sendFile', body: { to: '972501234567', body: SONG } },
		},
		{
			label: 'voice note',
			parameters: media('voice', NOTE),
			request: { path: '/sendFile', body: { to: '972501234567', body: NOTE } },
		},
		{
			label: 'document',
			parameters: media('document', INVOICE, { caption: 'Your monthly invoice' }),
			request: {
				path: '/sendFile',
				body: { to: '972501234567', body: INVOICE, caption: 'Your monthly invoice' },
			},
		},
		{
			label: 'location with name and address',
			parameters: {
				messageType: 'location',
				latitude: 32.0753,
				longitude: 34.7749,
				locationOptions: { name: 'Dizengoff Center', address: '50 Dizengoff St, Tel Aviv' },
			},
			request: {
				path: '/sendLocation',
				body: {
					to: '972501234567',
					lat: '32.0753',
					lng: '34.7749',
					caption: 'Dizengoff Center, 50 Dizengoff St, Tel Aviv',
				},
			},
		},
		{
			label: 'location, bare',
			parameters: { messageType: 'location', latitude: -33.8568, longitude: 151.2153 },
			request: {
				path: '/sendLocation',
				body: { to: '972501234567', lat: '-33.8568', lng: '151.2153' },
			},
		},
		{
			label: 'template with its own fields',
			parameters: {
				...template,
				templateLanguage: '',
				templateOptions: {
					headerMediaType: 'image',
					headerMediaUrl: PHOTO,
					buttonUrlVariables: ['ORD-456', 'track'],
					couponCode: 'SPRING10',
				},
			},
			request: {
				path: '/sendTemplate',
				body: {
					to: '972501234567',
					name: 'order_update',
					headerType: 3,
					headerLink: PHOTO,
					bodyVariable1: 'John',
					bodyVariable2: 'ORD-456',
					websiteVariable: 'ORD-456',
					websiteVariable2: 'track',
					couponCode: 'SPRING10',
				},
			},
		},
		{
			label: 'template without header',
			parameters: { messageType: 'template', templateName: 'welcome' },
			request: {
				path: '/sendTemplate',
				body: { to: '972501234567', name: 'welcome', headerType: 1 },
			},
		},
		{
			label: 'text as a reply (replyTo is the quoted unique)',
			parameters: {
				messageType: 'text',
				text: 'Yes, shipped today',
				options: { replyTo: '92E004B950CCEA3C386FCFA2AAF8558A' },
			},
			request: {
				path: '/sendMessage',
				body: {
					to: '972501234567',
					body: 'Yes, shipped today',
					replyTo: '92E004B950CCEA3C386FCFA2AAF8558A',
				},
			},
		},
	],
	// §4.3.2: `type` + an object of that name; the seed's template and image examples.
	inbox: [
		{
			label: 'image, the seed example',
			parameters: media('image', 'https://example.com/product.jpg', {
				caption: "Here's the product you asked about",
			}),
			request: {
				path: '/api/whatsapp/messages/send',
				body: {
					to: '+972501234567',
					type: 'image',
					image: {
						url: 'https://example.com/product.jpg',
						caption: "Here's the product you asked about",
					},
				},
			},
		},
		{
			label: 'template, the seed example',
			parameters: { ...template, templateLanguage: 'en' },
			request: {
				path: '/api/whatsapp/messages/send',
				body: {
					to: '+972501234567',
					type: 'template',
					template: {
						name: 'order_update',
						language: 'en',
						components: [
							{
								type: 'body',
								parameters: [
									{ type: 'text', text: 'John' },
									{ type: 'text', text: 'ORD-456' },
								],
							},
						],
					},
				},
			},
		},
	],
};

/** The credential fields Vobiz and 99digital carry in every body (§2.4.3, §3.2). */
const CREDENTIAL_BODY: Record<ProviderId, Record<string, unknown>> = {
	noxivo: {},
	vobiz: {
		channel_id: CREDENTIALS.vobiz.data.channelId,
		waba_id: CREDENTIALS.vobiz.data.wabaId,
		to: '+972501234567',
	},
	digital99: { apiKey: CREDENTIALS.digital99.data.apiKey, from: CREDENTIALS.digital99.data.from },
	inbox: {},
};

describe.each(PROVIDERS)('WhatsApp Send, every message type %s can send', (provider) => {
	it.each(TYPE_CASES[provider].map((c) => [c.label, c] as const))(
		'%s',
		async (_label, { parameters, request }) => {
			answerSends(provider);
			const result = await runNode('whatsAppSend', provider, {
				to: '+972 50-123-4567',
				...parameters,
			});

			expect(result.error(NODE_NAME)).toBeUndefined();
			expect(sentRequests.map(({ path, body }) => ({ path, body }))).toEqual([
				{ path: request.path, body: { ...CREDENTIAL_BODY[provider], ...request.body } },
			]);
			expect(result.output(NODE_NAME)).toEqual([
				TEXT_RESULT[provider](PROVIDER_FORM[provider]('972501234567'), 0),
			]);
		},
	);
});

describe('WhatsApp Send on Noxivo Engine: addresses, replies and conversations', () => {
	it('a group JID and an @lid ID go to the send endpoint as given', async () => {
		answerSends('noxivo');
		const result = await runNode(
			'whatsAppSend',
			'noxivo',
			{ to: '={{ $json.to }}', messageType: 'text', text: 'Hi all' },
			{
				inputItems: [
					{ to: '120363040000000000@g.us' },
					{ to: '50805738631354@lid' },
					{ to: '972501234567@s.whatsapp.net' },
				],
			},
		);
		expect(sentRequests.map((r) => r.body?.to)).toEqual([
			'120363040000000000@g.us',
			'50805738631354@lid',
			'972501234567@c.us',
		]);
		expect(result.output(NODE_NAME).map((item) => item.to)).toEqual([
			'120363040000000000@g.us',
			'50805738631354@lid',
			'972501234567@c.us',
		]);
	});

	it('Reply To goes through the conversation endpoint (§1.4.4) with operatorUserId, after finding the conversation (§1.4.2)', async () => {
		answer('noxivo', 'GET', '/api/v1/chats', [200, nx.storedConversations]);
		answer('noxivo', 'POST', '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages', [
			200,
			nx.replied,
		]);
		const before = Date.now();
		const result = await runNode('whatsAppSend', 'noxivo', {
			to: '+972 50-123-4567',
			messageType: 'text',
			text: 'Yes, shipped today',
			options: { replyTo: 'false_972501234567@c.us_3EB0AAAA' },
		});

		expect(
			sentRequests.map(({ method, path, query, body }) => ({ method, path, query, body })),
		).toEqual([
			{
				method: 'GET',
				path: '/api/v1/chats',
				query: { limit: '100', offset: '0' },
				body: undefined,
			},
			{
				method: 'POST',
				path: '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages',
				query: {},
				body: {
					operatorUserId: 'n8n',
					content: 'Yes, shipped today',
					replyToMessageId: 'false_972501234567@c.us_3EB0AAAA',
				},
			},
		]);
		expect(sentRequests[1].headers['idempotency-key']).toMatch(IDEMPOTENCY_KEY);
		const [item] = result.output(NODE_NAME);
		expect(item).toEqual({
			provider: 'noxivo',
			id: '6620f0c1a1b2c3d4e5f60719',
			waMessageId: null,
			conversationId: '69e0af6bfbf58631dc8d4643',
			to: '972501234567@c.us',
			status: 'pending', // §1.4.4 "queued"
			timestamp: expect.stringMatching(ISO),
		});
		expect(Date.parse(item.timestamp as string)).toBeGreaterThanOrEqual(before - 1000);
	});

	it('a conversation ID as To sends in that conversation, with agencyId/tenantId when the credential has them', async () => {
		answer('noxivo', 'POST', '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages', [
			200,
			{ ...nx.replied, conversationId: '69e0af6bfbf58631dc8d4642' },
		]);
		const result = await runNode(
			'whatsAppSend',
			'noxivo',
			{
				to: '69e0af6bfbf58631dc8d4642',
				messageType: 'media',
				mediaType: 'image',
				mediaSource: 'url',
				mediaUrl: PHOTO,
			},
			{
				credentialData: {
					agencyId: '64a1b2c3d4e5f6a7b8c9d0e1',
					tenantId: '75b2c3d4e5f6a7b8c9d0e1f2',
				},
			},
		);
		expect(sentRequests.map(({ path, body }) => ({ path, body }))).toEqual([
			{
				path: '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages',
				body: {
					agencyId: '64a1b2c3d4e5f6a7b8c9d0e1',
					tenantId: '75b2c3d4e5f6a7b8c9d0e1f2',
					operatorUserId: 'n8n',
					attachments: [
						{ kind: 'image', url: PHOTO, mimeType: 'image/jpeg', filename: 'photo.jpg' },
					],
				},
			},
		]);
		expect(result.output(NODE_NAME)[0]).toMatchObject({
			id: '6620f0c1a1b2c3d4e5f60719',
			conversationId: '69e0af6bfbf58631dc8d4642',
			to: '69e0af6bfbf58631dc8d4642',
		});
	});

	it('the conversation endpoint falls back to /v1/inbox when the documented prefix answers a WAHA 404 (§1.4)', async () => {
		answer('noxivo', 'POST', '/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages', [
			404,
			{
				...nx.wahaNotFound,
				message: 'Cannot POST /api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages',
			},
		]);
		answer('noxivo', 'POST', '/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages', [
			200,
			nx.replied,
		]);
		const result = await runNode('whatsAppSend', 'noxivo', {
			to: '69e0af6bfbf58631dc8d4642',
			messageType: 'text',
			text: 'Hi',
		});
		expect(sentRequests.map((r) => r.path)).toEqual([
			'/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages',
			'/v1/inbox/conversations/69e0af6bfbf58631dc8d4642/messages',
		]);
		// The retry is the same send: the same key.
		expect(sentRequests[0].headers['idempotency-key']).toBe(
			sentRequests[1].headers['idempotency-key'],
		);
		expect(result.output(NODE_NAME)[0]).toMatchObject({ id: '6620f0c1a1b2c3d4e5f60719' });
	});
});

describe('WhatsApp Send on the inbox API: the id quirk', () => {
	it('a queued send whose only id is the msg_ one keeps it as id, with no WhatsApp id yet', async () => {
		answer('inbox', 'POST', '/api/whatsapp/messages/send', [200, ibx.queued]);
		const result = await runNode('whatsAppSend', 'inbox', {
			to: '972501234567',
			messageType: 'text',
			text: 'Hi',
		});
		expect(result.output(NODE_NAME)[0]).toMatchObject({
			id: 'msg_abc128',
			waMessageId: null,
			status: 'pending',
		});
	});
});

describe('WhatsApp Send, Include Raw', () => {
	it('adds the provider answer as raw', async () => {
		answer('vobiz', 'POST', '/messages', [201, vbz.sentText]);
		const result = await runNode('whatsAppSend', 'vobiz', {
			to: '+919876543210',
			messageType: 'text',
			text: 'Hello from Vobiz!',
			options: { includeRaw: true },
		});
		expect(result.output(NODE_NAME)[0].raw).toEqual(vbz.sentText);
	});
});
