import { toChat, toMessage } from '../../../bridge/providers/inbox/history';
import * as expected from '../../fixtures/expected-chats';
import * as fx from '../../fixtures/inbox';

describe('Inbox API mapping (docs/providers.md §4.3, docs/providers.md §4)', () => {
	it('maps the documented messages', () => {
		expect(toMessage(fx.messagesPage.data[0], null)).toEqual({
			provider: 'inbox',
			id: 'msg_abc123',
			waMessageId: 'wamid.HBgLMTIzNDU2Nzg5MBUCABIYZ...',
			conversationId: 'conv_def456',
			chatId: null,
			direction: 'inbound',
			fromMe: false,
			from: null,
			to: null,
			type: 'text',
			text: "Hi, I'd like to check my order status",
			media: null,
			location: null,
			status: null,
			timestamp: '2026-05-16T10:30:00.000Z',
		});
		expect(toMessage(fx.messagesPage.data[1], null)).toMatchObject({
			direction: 'outbound',
			fromMe: true,
			status: 'read',
		});
	});

	it('maps every seed content shape', () => {
		const base = { ...fx.messagesPage.data[0] };
		expect(
			toMessage({ ...base, type: 'document', content: fx.documentContent }, null),
		).toMatchObject({
			type: 'document',
			text: null,
			media: {
				url: 'https://cdn.example.com/media/doc_001.pdf',
				mimeType: 'application/pdf',
				fileName: 'invoice_2026.pdf',
			},
		});
		expect(
			toMessage(
				{
					...base,
					type: 'image',
					content: { url: 'https://x/i.jpg', mimeType: 'image/jpeg', caption: 'Product photo' },
				},
				null,
			),
		).toMatchObject({
			type: 'image',
			text: 'Product photo',
		});
		expect(
			toMessage({ ...base, type: 'location', content: fx.locationContent }, null),
		).toMatchObject({
			type: 'location',
			text: null,
			location: {
				latitude: 25.2048,
				longitude: 55.2708,
				name: 'Dubai Mall',
				address: 'Financial Centre Rd, Dubai',
			},
		});
		expect(toMessage({ ...base, type: 'reaction', content: { text: '👍' } }, null)).toMatchObject({
			type: 'other',
			text: '👍',
		});
	});

	it('maps the assumed conversation record', () => {
		expect(toChat(fx.conversationsPage.data[0])).toEqual(expected.inboxConversation);
	});
});
