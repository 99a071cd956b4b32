import { isBridgeError } from '../../../bridge/errors';
import {
	mediaFileOf,
	mediaRequestOf,
	redirectOf,
	sameOrigin,
} from '../../../bridge/media/download';
import type { MediaResponse } from '../../../bridge/media/types';
import type { Message } from '../../../bridge/model';
import { capabilityOf } from '../../../bridge/capabilities';
import type { MediaProvider } from '../../../bridge/media/download';
import { PROVIDERS as ADAPTERS } from '../../../bridge/providers';

/** Each provider with its media part, as bridge/n8n/media.ts hands it to the download logic. */
const PROVIDERS = Object.fromEntries(
	Object.values(ADAPTERS).map((a) => [a.id, { ...a, media: capabilityOf(a, 'media') }]),
) as Record<keyof typeof ADAPTERS, MediaProvider>;

/** The decisions of Download Media without I/O: where the credential goes, what an answer means. */

const BASE = 'https://api.vobiz.ai/api/v1/messaging';

function message(media: Message['media'], id = 'msg-1'): Message {
	return {
		provider: 'vobiz',
		id,
		waMessageId: null,
		conversationId: 'c',
		chatId: null,
		direction: 'inbound',
		fromMe: false,
		from: null,
		to: null,
		type: 'image',
		text: null,
		media,
		location: null,
		status: null,
		timestamp: '2026-03-17T14:20:00.000Z',
	};
}

const image = (url: string | null, more: Partial<NonNullable<Message['media']>> = {}) =>
	message({ url, mimeType: null, fileName: null, ...more });

function answer(
	statusCode: number,
	headers: Record<string, string>,
	body = '',
	tooLarge = false,
): MediaResponse {
	return { statusCode, headers, body: Buffer.from(body), tooLarge };
}

function errorOf(run: () => unknown): { message: string; description: string | undefined } {
	try {
		run();
	} catch (error) {
		if (isBridgeError(error)) return { message: error.message, description: error.description };
		throw error;
	}
	throw new Error('no error');
}

describe('which link gets the credential', () => {
	it.each([
		['https://api.vobiz.ai/api/v1/messaging/media/1.jpg', true],
		['https://api.vobiz.ai:443/files/1.jpg', true],
		['http://api.vobiz.ai/api/v1/messaging/media/1.jpg', false],
		['https://cdn.vobiz.ai/1.jpg', false],
		['https://api.vobiz.ai.evil.example/1.jpg', false],
		['https://api.vobiz.ai:8443/1.jpg', false],
	])('%s → %s', (url, expected) => {
		expect(sameOrigin(url, BASE)).toBe(expected);
		expect(mediaRequestOf(image(url), PROVIDERS.vobiz, BASE)).toEqual({
			url: new URL(url).toString(),
			withCredential: expected,
		});
	});

	it('a path instead of a link is on the Base URL', () => {
		expect(mediaRequestOf(image('/api/v1/messaging/media/7.jpg'), PROVIDERS.vobiz, BASE)).toEqual({
			url: 'https://api.vobiz.ai/api/v1/messaging/media/7.jpg',
			withCredential: true,
		});
	});

	it('99digital links never get it, even on its own host (the key is a POST body field, §3.2)', () => {
		const url = 'https://api.99digital.co.il/whatsapp/myfile/972501234567/file.jpg';
		expect(
			mediaRequestOf(image(url), PROVIDERS.digital99, 'https://api.99digital.co.il/whatsapp/v2'),
		).toEqual({ url, withCredential: false });
	});

	it('a redirect is decided again: from the own host to a CDN, the credential stays behind', () => {
		const first = { url: `${BASE}/media/1.jpg`, withCredential: true };
		expect(
			redirectOf(
				image(first.url),
				answer(302, { Location: 'https://cdn.example.com/1.jpg?sig=x' }),
				first,
				0,
				PROVIDERS.vobiz,
				BASE,
			),
		).toEqual({ url: 'https://cdn.example.com/1.jpg?sig=x', withCredential: false });
		expect(
			redirectOf(
				image(first.url),
				answer(301, { location: '/api/v1/messaging/media/2.jpg' }),
				first,
				0,
				PROVIDERS.vobiz,
				BASE,
			),
		).toEqual({ url: `${BASE}/media/2.jpg`, withCredential: true });
		expect(
			redirectOf(image(first.url), answer(200, {}), first, 0, PROVIDERS.vobiz, BASE),
		).toBeNull();
		expect(
			errorOf(() =>
				redirectOf(
					image(first.url),
					answer(302, { location: '/x' }),
					first,
					5,
					PROVIDERS.vobiz,
					BASE,
				),
			).message,
		).toBe('Could not download the media of message msg-1: the link redirected more than 5 times');
	});

	it('no link, or not a web address: the error names the message', () => {
		expect(mediaRequestOf(message(null), PROVIDERS.vobiz, BASE)).toBeNull();
		expect(errorOf(() => mediaRequestOf(image(null), PROVIDERS.vobiz, BASE))).toEqual({
			message: 'Could not download the media of message msg-1: the message has no download link',
			description: PROVIDERS.vobiz.media.missingLink,
		});
		expect(
			errorOf(() => mediaRequestOf(image('ftp://files.example.com/1.jpg'), PROVIDERS.vobiz, BASE))
				.message,
		).toBe('Could not download the media of message msg-1: its link is not an http(s) address');
	});
});

describe('what an answer means', () => {
	const url = `${BASE}/media/abc`;
	const limit = 1024 * 1024;

	it("file name: the message's, else Content-Disposition, else the link's, else the message id with the type's extension", () => {
		const png = answer(200, { 'content-type': 'image/png' }, 'x');
		expect(
			mediaFileOf(image(url, { fileName: 'chart.png' }), png, url, PROVIDERS.vobiz, limit),
		).toEqual({ fileName: 'chart.png', mimeType: 'image/png' });
		expect(
			mediaFileOf(
				image(url),
				answer(
					200,
					{
						'content-type': 'application/pdf',
						'content-disposition': 'attachment; filename="Invoice%20101.pdf"',
					},
					'x',
				),
				url,
				PROVIDERS.vobiz,
				limit,
			),
		).toEqual({ fileName: 'Invoice 101.pdf', mimeType: 'application/pdf' });
		expect(
			mediaFileOf(
				image(`${BASE}/media/9.jpg`),
				answer(200, { 'content-type': 'image/jpeg' }, 'x'),
				url,
				PROVIDERS.vobiz,
				limit,
			).fileName,
		).toBe('9.jpg');
		expect(
			mediaFileOf(
				message({ url, mimeType: null, fileName: null }, 'wamid.HBg/1=='),
				png,
				url,
				PROVIDERS.vobiz,
				limit,
			).fileName,
		).toBe('wamid.HBg_1_.png');
	});

	it("MIME type: the answer's, unless it only says octet-stream; then the message's, then the file name's", () => {
		expect(
			mediaFileOf(
				image(url, { mimeType: 'audio/ogg; codecs=opus' }),
				answer(200, { 'content-type': 'Audio/OGG; codecs=opus' }, 'x'),
				url,
				PROVIDERS.vobiz,
				limit,
			).mimeType,
		).toBe('audio/ogg');
		expect(
			mediaFileOf(
				image(url, { mimeType: 'video/mp4' }),
				answer(200, { 'content-type': 'application/octet-stream' }, 'x'),
				url,
				PROVIDERS.vobiz,
				limit,
			).mimeType,
		).toBe('video/mp4');
		expect(
			mediaFileOf(image(`${BASE}/media/a.pdf`), answer(200, {}, 'x'), url, PROVIDERS.vobiz, limit)
				.mimeType,
		).toBe('application/pdf');
		expect(mediaFileOf(image(url), answer(200, {}, 'x'), url, PROVIDERS.vobiz, limit)).toEqual({
			fileName: 'msg-1.bin',
			mimeType: 'application/octet-stream',
		});
	});

	it('a JSON document where a file was due is no file; a JSON file that is due is one', () => {
		const json = answer(
			200,
			{ 'content-type': 'application/json' },
			'{"status":"FAIL","reason":4}',
		);
		expect(errorOf(() => mediaFileOf(image(url), json, url, PROVIDERS.digital99, limit))).toEqual({
			message:
				'Could not download the media of message msg-1: the link answered with a JSON document, not the file',
			description: `99digital answered: {"status":"FAIL","reason":4}. ${PROVIDERS.digital99.media.retention}`,
		});
		expect(
			mediaFileOf(
				image(url, { mimeType: 'application/json', fileName: 'export.json' }),
				json,
				url,
				PROVIDERS.digital99,
				limit,
			),
		).toEqual({ fileName: 'export.json', mimeType: 'application/json' });
	});

	it.each([
		[404, 'the link has expired or the file was removed (HTTP 404)'],
		[410, 'the link has expired or the file was removed (HTTP 410)'],
		[403, 'the download was refused (HTTP 403); the link may have expired'],
		[500, 'api.vobiz.ai answered HTTP 500'],
	])('HTTP %s: %s, quoting the provider', (status, reason) => {
		const error = errorOf(() =>
			mediaFileOf(
				image(url),
				answer(
					status,
					{ 'content-type': 'application/json' },
					'{"status":"error","error":{"code":"X","message":"Media gone"}}',
				),
				url,
				PROVIDERS.vobiz,
				limit,
			),
		);
		expect(error).toEqual({
			message: `Could not download the media of message msg-1: ${reason}`,
			description: 'Vobiz answered: Media gone',
		});
	});

	it('too large, with and without a declared size', () => {
		expect(
			errorOf(() =>
				mediaFileOf(
					image(url),
					answer(200, { 'content-length': String(24 * 1024 * 1024) }, '', true),
					url,
					PROVIDERS.vobiz,
					16 * 1024 * 1024,
				),
			).message,
		).toBe(
			'Could not download the media of message msg-1: the file is larger than the Max Media Size of 16 MB (24 MB)',
		);
		expect(
			errorOf(() =>
				mediaFileOf(image(url), answer(200, {}, 'x', true), url, PROVIDERS.vobiz, 512 * 1024),
			).message,
		).toBe(
			'Could not download the media of message msg-1: the file is larger than the Max Media Size of 0.5 MB',
		);
		expect(
			errorOf(() =>
				mediaFileOf(
					image(url),
					answer(200, { 'content-type': 'image/jpeg' }),
					url,
					PROVIDERS.vobiz,
					limit,
				),
			).message,
		).toBe('Could not download the media of message msg-1: the file is empty');
	});
});
