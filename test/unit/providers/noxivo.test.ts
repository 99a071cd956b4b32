import { withInboxPrefixFallback } from '../../../bridge/providers/noxivo/api';
import { toChat, toMessage } from '../../../bridge/providers/noxivo/history';
import { noxivo } from '../../../bridge/providers/noxivo';
import type { HttpRequest, HttpResponse } from '../../../bridge/http';
import * as expected from '../../fixtures/expected-chats';
import * as fx from '../../fixtures/noxivo';

describe('Noxivo mapping (docs/providers.md §1)', () => {
	it('maps the documented chat and a null-heavy group chat', () => {
		expect(fx.chatsPage.chats.map(toChat)).toEqual(expected.noxivoChatsPage);
	});

	it('maps an inbound text: no status for inbound, "me" is no address', () => {
		expect(toMessage(fx.inboundText, fx.CONVERSATION_ID)).toEqual({
			provider: 'noxivo',
			id: 'false_1234567890@c.us_3EB0...',
			waMessageId: 'false_1234567890@c.us_3EB0...',
			conversationId: fx.CONVERSATION_ID,
			chatId: '1234567890@c.us',
			direction: 'inbound',
			fromMe: false,
			from: '1234567890@c.us',
			to: null,
			type: 'text',
			text: 'Hello!',
			media: null,
			location: null,
			status: null,
			timestamp: '2024-04-17T09:20:00.000Z',
		});
	});

	it('maps a played voice note (ack 4) and a failed document with an engine id', () => {
		expect(toMessage(fx.outboundVoiceNote, fx.CONVERSATION_ID)).toMatchObject({
			direction: 'outbound',
			fromMe: true,
			chatId: '1234567890@c.us',
			from: null,
			to: '1234567890@c.us',
			type: 'voice',
			text: null,
			media: {
				url: 'https://files.example/voice.ogg',
				mimeType: 'audio/ogg; codecs=opus',
				fileName: null,
			},
			status: 'played',
		});
		expect(toMessage(fx.outboundDocument, fx.CONVERSATION_ID)).toMatchObject({
			id: '6620f0c1a1b2c3d4e5f60718',
			waMessageId: null,
			type: 'document',
			text: 'Your invoice',
			media: {
				url: 'https://files.example/invoice.pdf',
				mimeType: 'application/pdf',
				fileName: 'invoice.pdf',
			},
			status: 'failed',
		});
	});

	it('reads a WAHA location, naming the place from `description` when there is no `name` (§1.8)', () => {
		const located = {
			...fx.inboundText,
			body: null,
			location: { latitude: '32.0853', longitude: 34.7818, description: 'Tel Aviv port' },
		};
		expect(toMessage(located, null)).toMatchObject({
			type: 'location',
			text: null,
			location: { latitude: 32.0853, longitude: 34.7818, name: 'Tel Aviv port', address: null },
		});
		expect(
			toMessage({ ...fx.inboundText, location: { latitude: null, longitude: 34.7 } }, null)
				.location,
		).toBeNull();
	});

	it('accepts a WAHA id given as an object (§1.8)', () => {
		expect(toMessage({ ...fx.inboundText, id: { _serialized: 'false_1@c.us_X' } }, null).id).toBe(
			'false_1@c.us_X',
		);
	});

	it('a message without a timestamp is an error naming it, not a made-up time', () => {
		expect(() =>
			toMessage({ ...fx.inboundText, timestamp: undefined }, fx.CONVERSATION_ID),
		).toThrow('Noxivo Engine returned a message without a timestamp');
	});

	it('resolves a phone number to the stored conversation id through GET /api/v1/chats (§1.4.2)', async () => {
		const requests: HttpRequest[] = [];
		const transport = async (r: HttpRequest): Promise<HttpResponse> => {
			requests.push(r);
			return { statusCode: 200, body: fx.storedConversations, headers: {} };
		};
		const spec = await noxivo.history!.listMessages(
			{ tenantId: 't1' },
			'+972 50-123-4567',
			transport,
		);
		expect(spec.request.path).toBe('/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages');
		expect(requests).toEqual([
			{
				method: 'GET',
				path: '/api/v1/chats',
				qs: { tenantId: 't1', limit: 100, offset: 0 },
				body: undefined,
			},
		]);
	});

	it('says clearly when no conversation exists for a number', async () => {
		const transport = async (): Promise<HttpResponse> => ({
			statusCode: 200,
			body: fx.storedConversations,
			headers: {},
		});
		await expect(noxivo.history!.listMessages({}, '15550109999', transport)).rejects.toThrow(
			'Noxivo Engine has no conversation with 15550109999@c.us',
		);
	});

	it('falls back to /v1/inbox once on a WAHA-shaped 404, and stays there (§1.4)', async () => {
		const paths: string[] = [];
		const transport = withInboxPrefixFallback(async (r: HttpRequest): Promise<HttpResponse> => {
			paths.push(r.path);
			return r.path.startsWith('/api/')
				? { statusCode: 404, body: fx.wahaNotFound, headers: {} }
				: { statusCode: 200, body: fx.chatsPage, headers: {} };
		});
		await transport({ method: 'GET', path: '/api/v1/inbox/chats' });
		await transport({ method: 'GET', path: '/api/v1/inbox/chats' });
		expect(paths).toEqual(['/api/v1/inbox/chats', '/v1/inbox/chats', '/v1/inbox/chats']);
	});
});
