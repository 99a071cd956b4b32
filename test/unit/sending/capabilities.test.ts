import { isBridgeError } from '../../../bridge/errors';
import { assertCanSend, listInWords } from '../../../bridge/sending/capabilities';
import { parseSendParameters, type SendParameters } from '../../../bridge/sending/input';
import type { SendCapabilities } from '../../../bridge/sending/types';

/** The refusals are generated from what a provider declares; a new provider gets them without new text. */

const imaginary = { id: 'noxivo' as const, displayName: 'Carrier Pigeon' };
const declared: SendCapabilities = {
	kinds: ['text', 'location'],
	binaryMedia: false,
	replyTo: false,
	templateFields: ['bodyParameters'],
	groupChats: false,
	lidAddresses: false,
};

function refusal(
	params: SendParameters,
	capabilities: SendCapabilities = declared,
): { kind: string; message: string; field?: string } | null {
	try {
		assertCanSend(imaginary, capabilities, parseSendParameters(params, null));
		return null;
	} catch (error) {
		if (!isBridgeError(error)) throw error;
		return { kind: error.kind, message: error.message, field: error.field };
	}
}

describe('assertCanSend', () => {
	it('lets through what is declared', () => {
		expect(refusal({ to: '1', messageType: 'text', text: 'Hi' })).toBeNull();
		expect(refusal({ to: '1', messageType: 'location', latitude: 1, longitude: 2 })).toBeNull();
	});

	it('names the provider, the refused type and what it can send instead', () => {
		expect(
			refusal({
				to: '1',
				messageType: 'media',
				mediaType: 'voice',
				mediaSource: 'url',
				mediaUrl: 'https://x.example/n.ogg',
			}),
		).toEqual({
			kind: 'unsupported',
			message: 'Carrier Pigeon cannot send voice messages; it can send text and location',
			field: 'messageType',
		});
	});

	it('refuses binary media, replies and template fields the provider does not take', () => {
		const withMedia: SendCapabilities = { ...declared, kinds: ['image', 'template'] };
		expect(
			refusal(
				{
					to: '1',
					messageType: 'media',
					mediaType: 'image',
					mediaSource: 'binary',
					binaryPropertyName: 'data',
				},
				withMedia,
			)?.message,
		).toBe('Carrier Pigeon cannot send media from binary data; it takes media by URL only');
		expect(
			refusal(
				{ to: '1', messageType: 'text', text: 'x', options: { replyTo: 'm1' } },
				{ ...declared, replyTo: false },
			)?.message,
		).toBe('Carrier Pigeon cannot send a message as a reply to another');
		expect(
			refusal(
				{
					to: '1',
					messageType: 'template',
					templateName: 't',
					templateLanguage: 'en',
					templateBodyParameters: ['a'],
				},
				withMedia,
			)?.message,
		).toBe(
			'Carrier Pigeon cannot send a template with a language (Template Language); it takes a name and body parameters',
		);
		expect(
			refusal(
				{ to: '1', messageType: 'template', templateName: 't', templateBodyParameters: ['a'] },
				withMedia,
			),
		).toBeNull();
	});

	it('refuses groups and @lid IDs unless declared', () => {
		const group = { to: '120363040000000000@g.us', messageType: 'text', text: 'Hi' };
		const lid = { to: '50805738631354@lid', messageType: 'text', text: 'Hi' };
		expect(refusal(group)).toEqual({
			kind: 'unsupported',
			message:
				'Carrier Pigeon cannot send to WhatsApp groups ("120363040000000000@g.us"); it sends to phone numbers',
			field: 'to',
		});
		expect(refusal(lid)).toEqual({
			kind: 'unsupported',
			message:
				'Carrier Pigeon cannot send to "50805738631354@lid": an @lid ID hides the phone number it needs',
			field: 'to',
		});
		expect(refusal(group, { ...declared, groupChats: true })).toBeNull();
		expect(refusal(lid, { ...declared, lidAddresses: true })).toBeNull();
	});

	it('lists in words', () => {
		expect([
			listInWords([]),
			listInWords(['a']),
			listInWords(['a', 'b']),
			listInWords(['a', 'b', 'c']),
		]).toEqual(['', 'a', 'a and b', 'a, b and c']);
	});
});
