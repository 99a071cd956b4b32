import { toChat, toMessage } from '../../../bridge/providers/vobiz/history';
import * as expected from '../../fixtures/expected-chats';
import * as fx from '../../fixtures/vobiz';

describe('Vobiz mapping (docs/providers.md §2)', () => {
	it('parses the JSON-string content of a current message', () => {
		expect(toMessage(fx.outboundText, null)).toEqual({
			provider: 'vobiz',
			id: 'e1d2c3b4-a5f6-4789-90ab-cdef01234567',
			waMessageId: 'wamid.HBgL...',
			conversationId: 'c7a1b2d3-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
			chatId: null,
			direction: 'outbound',
			fromMe: true,
			from: null,
			to: null,
			type: 'text',
			text: 'How can I help?',
			media: null,
			location: null,
			status: 'read',
			timestamp: '2026-03-17T14:20:00.000Z',
		});
	});

	it('maps media content to media + caption, and no status on inbound', () => {
		expect(toMessage(fx.inboundDocument, null)).toMatchObject({
			waMessageId: null,
			direction: 'inbound',
			type: 'document',
			text: 'Invoice',
			media: { url: 'https://files.example/invoice.pdf', mimeType: null, fileName: 'invoice.pdf' },
			status: null,
		});
	});

	it('accepts the legacy message shape (body, timestamp) and falls back to the requested conversation', () => {
		expect(toMessage(fx.legacyMessagesPage.data[0], fx.CONVERSATION_ID)).toMatchObject({
			id: 'msg_002',
			conversationId: fx.CONVERSATION_ID,
			text: 'How can I help?',
			status: 'read',
			timestamp: '2026-03-17T14:20:00.000Z',
		});
	});

	it('maps unknown types to other and keeps the text', () => {
		const interactive = {
			...fx.outboundText,
			direction: 'inbound',
			type: 'interactive',
			content: '{"interactive":{"button_reply":{"id":"b1","title":"Yes please"}}}',
		};
		expect(toMessage(interactive, null)).toMatchObject({ type: 'other', text: 'Yes please' });
	});

	it('current conversations have no name, phone or last message (null); the legacy shape has them', () => {
		expect(toChat(fx.conversations.items[0])).toEqual(expected.vobizConversation);
		expect(toChat(fx.legacyConversations.data[0])).toEqual(expected.vobizLegacyConversation);
	});
});
