import { isBridgeError } from '../../../bridge/errors';
import { parseSendParameters, type SendParameters } from '../../../bridge/sending/input';

/** The Send node's parameters to a validated message (bridge/sending/input.ts). */

function fieldOfError(params: SendParameters): { message: string; field: string | undefined } {
	try {
		parseSendParameters(params, null);
	} catch (error) {
		if (isBridgeError(error)) return { message: error.message, field: error.field };
		throw error;
	}
	throw new Error('expected an input error');
}

describe('parseSendParameters', () => {
	it('trims the recipient and the text, and carries the idempotency key and reply id', () => {
		expect(
			parseSendParameters(
				{
					to: '  +972 50-123-4567 ',
					messageType: 'text',
					text: ' Hi \n',
					options: { replyTo: ' ABC ' },
				},
				'n8n-key',
			),
		).toEqual({
			to: '+972 50-123-4567',
			content: { kind: 'text', text: 'Hi' },
			replyTo: 'ABC',
			idempotencyKey: 'n8n-key',
		});
	});

	it('a number from an expression is a text', () => {
		expect(
			parseSendParameters({ to: 972501234567, messageType: 'text', text: 42 }, null),
		).toMatchObject({ to: '972501234567', content: { text: '42' } });
	});

	it('media by URL takes its file name from the URL unless one is given', () => {
		expect(
			parseSendParameters(
				{
					to: '1',
					messageType: 'media',
					mediaType: 'document',
					mediaSource: 'url',
					mediaUrl: 'https://x.example/a/Invoice%20March.pdf?sig=1',
				},
				null,
			).content,
		).toEqual({
			kind: 'document',
			caption: null,
			media: {
				from: 'url',
				url: 'https://x.example/a/Invoice%20March.pdf?sig=1',
				mimeType: null,
				fileName: 'Invoice March.pdf',
			},
		});
		expect(
			parseSendParameters(
				{
					to: '1',
					messageType: 'media',
					mediaType: 'image',
					mediaSource: 'url',
					mediaUrl: 'https://x.example/img',
					mediaOptions: { fileName: 'cat.png', caption: 'Cat' },
				},
				null,
			).content,
		).toEqual({
			kind: 'image',
			caption: 'Cat',
			media: { from: 'url', url: 'https://x.example/img', mimeType: null, fileName: 'cat.png' },
		});
	});

	it('binary media is a reference to the property, read later', () => {
		expect(
			parseSendParameters(
				{
					to: '1',
					messageType: 'media',
					mediaType: 'video',
					mediaSource: 'binary',
					binaryPropertyName: ' clip ',
				},
				null,
			).content,
		).toEqual({
			kind: 'video',
			caption: null,
			media: { from: 'binary', property: 'clip', mimeType: null, fileName: null },
		});
	});

	it('a template with every field', () => {
		expect(
			parseSendParameters(
				{
					to: '1',
					messageType: 'template',
					templateName: 'order_update',
					templateLanguage: 'en_US',
					templateBodyParameters: ['John', 456],
					templateOptions: {
						headerMediaType: 'document',
						headerMediaUrl: 'https://x.example/t.pdf',
						buttonUrlVariables: 'ORD-1',
						couponCode: 'C1',
					},
				},
				null,
			).content,
		).toEqual({
			kind: 'template',
			template: {
				name: 'order_update',
				language: 'en_US',
				bodyParameters: ['John', '456'],
				header: { kind: 'document', url: 'https://x.example/t.pdf' },
				buttonUrlVariables: ['ORD-1'],
				couponCode: 'C1',
			},
		});
	});

	it('a location from numbers or numeric text', () => {
		expect(
			parseSendParameters(
				{
					to: '1',
					messageType: 'location',
					latitude: '25.2048',
					longitude: 55.2708,
					locationOptions: { name: 'Dubai Mall' },
				},
				null,
			).content,
		).toEqual({
			kind: 'location',
			location: { latitude: 25.2048, longitude: 55.2708, name: 'Dubai Mall', address: null },
		});
	});

	it.each<[string, SendParameters, string, string]>([
		[
			'an unknown message type',
			{ to: '1', messageType: 'sticker' },
			'Message Type "sticker" is not one of text, media, template, location',
			'messageType',
		],
		[
			'a message type named like an object property',
			{ to: '1', messageType: 'constructor' },
			'Message Type "constructor" is not one of text, media, template, location',
			'messageType',
		],
		[
			'an unknown media type',
			{ to: '1', messageType: 'media', mediaType: 'gif' },
			'Media Type "gif" is not one of image, video, audio, voice, document',
			'mediaType',
		],
		[
			'a text that is an object',
			{ to: '1', messageType: 'text', text: { a: 1 } },
			'Text must be text, not an object',
			'text',
		],
		[
			'a caption on audio',
			{
				to: '1',
				messageType: 'media',
				mediaType: 'audio',
				mediaSource: 'url',
				mediaUrl: 'https://x.example/a.mp3',
				mediaOptions: { caption: 'x' },
			},
			'A caption cannot go with audio',
			'mediaOptions.caption',
		],
		[
			'an empty binary field name',
			{
				to: '1',
				messageType: 'media',
				mediaType: 'image',
				mediaSource: 'binary',
				binaryPropertyName: '',
			},
			'Input Binary Field is empty',
			'binaryPropertyName',
		],
		[
			'an unknown header type',
			{
				to: '1',
				messageType: 'template',
				templateName: 'x',
				templateOptions: { headerMediaType: 'audio' },
			},
			'Header Media Type "audio" is not one of none, image, video, document',
			'templateOptions.headerMediaType',
		],
		[
			'an empty button variable',
			{
				to: '1',
				messageType: 'template',
				templateName: 'x',
				templateOptions: { buttonUrlVariables: ['a', ' '] },
			},
			'Button URL Variable 2 is empty',
			'templateOptions.buttonUrlVariables',
		],
		[
			'a missing longitude',
			{ to: '1', messageType: 'location', latitude: 1 },
			'Longitude must be a number between -180 and 180',
			'longitude',
		],
	])('refuses %s, naming the field', (_label, params, message, field) => {
		expect(fieldOfError(params)).toEqual({ message, field });
	});
});
