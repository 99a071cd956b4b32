import { toChat, toMessage } from '../../../bridge/providers/digital99/history';
import { digital99 } from '../../../bridge/providers/digital99';
import * as fx from '../../fixtures/digital99';

describe('99digital mapping (docs/providers.md §3)', () => {
	it('maps the documented history records (chat → text, string seconds, direction)', () => {
		expect(fx.historyPage.map(toMessage)).toEqual([
			{
				provider: 'digital99',
				id: '3EB08F941940DDC30F58',
				waMessageId: null,
				conversationId: '972502222222',
				chatId: '972502222222',
				direction: 'outbound',
				fromMe: true,
				from: '972501234567',
				to: '972502222222',
				type: 'text',
				text: 'outgoing message',
				media: null,
				location: null,
				status: 'sent',
				timestamp: '2021-02-24T20:32:57.000Z',
			},
			{
				provider: 'digital99',
				id: '3EB08F941940DDCFGF58',
				waMessageId: null,
				conversationId: '972523443432',
				chatId: '972523443432',
				direction: 'inbound',
				fromMe: false,
				from: '972523443432',
				to: '972501234567',
				type: 'text',
				text: 'incoming message',
				media: null,
				location: null,
				status: null,
				timestamp: '2021-02-24T20:23:31.000Z',
			},
		]);
	});

	it('ptt is a voice note with the link as media; location "lat,lng"; outgoing file typed by extension', () => {
		expect(toMessage(fx.inboundVoice)).toMatchObject({
			type: 'voice',
			text: null,
			media: { url: fx.inboundVoice.message, mimeType: null, fileName: null },
		});
		expect(toMessage(fx.inboundLocation)).toMatchObject({
			type: 'location',
			text: null,
			media: null,
			location: { latitude: 32.0853, longitude: 34.7818, name: null, address: null },
		});
		expect(toMessage(fx.outboundFile)).toMatchObject({
			type: 'image',
			status: 'delivered',
			media: { url: 'https://cdn.example/photo.jpg' },
		});
	});

	it('a chat is the other party, with its record as the last message', () => {
		expect(toChat(fx.historyPage[1])).toEqual({
			provider: 'digital99',
			id: '972523443432',
			chatId: '972523443432',
			name: null,
			phone: '972523443432',
			isGroup: false,
			unreadCount: null,
			lastMessage: {
				text: 'incoming message',
				timestamp: '2021-02-24T20:23:31.000Z',
				fromMe: false,
			},
		});
	});

	it('status FAIL in a 200 is an error in words', async () => {
		const spec = await digital99.history!.listChats({}, async () => ({
			statusCode: 200,
			body: fx.wrongApiKey,
			headers: {},
		}));
		expect(() =>
			spec.checkResponse({ statusCode: 200, body: fx.wrongApiKey, headers: {} }),
		).toThrow('99digital refused the request: the API key is wrong');
	});

	it('takes a conversation as a typed phone number or a from_id, and refuses anything else', async () => {
		const none = async () => ({ statusCode: 200, body: [], headers: {} });
		expect(
			(await digital99.history!.listMessages({}, '+972 52-344-3432', none)).request.body,
		).toEqual({ to: '972523443432' });
		expect(
			(await digital99.history!.listMessages({}, 'IL.1605856887361213', none)).request.body,
		).toEqual({ to: 'IL.1605856887361213' });
		await expect(digital99.history!.listMessages({}, 'somebody', none)).rejects.toThrow(
			'"somebody" is not a phone number 99digital can look up',
		);
	});
});
