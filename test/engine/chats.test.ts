import nock from 'nock';

import * as expected from '../fixtures/expected-chats';
import * as noxivoFx from '../fixtures/noxivo';
import * as vobizFx from '../fixtures/vobiz';
import * as inboxFx from '../fixtures/inbox';
import { runNode, NODE_NAME } from './package';
import { BASE, CREDENTIALS } from '../fixtures/providers';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('WhatsApp Chats', () => {
	it('Noxivo Engine: offset pages of 100 until hasMore is false, short pages included (§1.4.1, §1.5)', async () => {
		const scope = nock(BASE.noxivo, { reqheaders: { 'x-api-key': CREDENTIALS.noxivo.data.apiKey } })
			.get('/api/v1/inbox/chats')
			.query({ limit: '100', offset: '0' })
			.reply(200, noxivoFx.chatsPage)
			.get('/api/v1/inbox/chats')
			.query({ limit: '100', offset: '100' })
			.reply(200, { chats: [], total: 142, hasMore: true })
			.get('/api/v1/inbox/chats')
			.query({ limit: '100', offset: '200' })
			.reply(200, {
				chats: [{ ...noxivoFx.chatsPage.chats[0], id: '15550109999@c.us' }],
				total: 142,
				hasMore: false,
			});
		const result = await runNode('whatsAppChats', 'noxivo', { returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([
			...expected.noxivoChatsPage,
			{
				...expected.noxivoChatsPage[0],
				id: '15550109999@c.us',
				chatId: '15550109999@c.us',
				phone: '15550109999',
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('Noxivo Engine: sends agencyId/tenantId only when the credential has them (strict query schema, §1.4.1)', async () => {
		const scope = nock(BASE.noxivo)
			.get('/api/v1/inbox/chats')
			.query({ agencyId: 'ag1', tenantId: 'tn1', limit: '5', offset: '0' })
			.reply(200, { ...noxivoFx.chatsPage, hasMore: false });
		const result = await runNode(
			'whatsAppChats',
			'noxivo',
			{ returnAll: false, limit: 5 },
			{ credentialData: { agencyId: 'ag1', tenantId: 'tn1' } },
		);
		expect(result.output(NODE_NAME)).toHaveLength(2);
		expect(scope.isDone()).toBe(true);
	});

	it('Noxivo Engine: a WAHA 404 on /api/v1/inbox retries on /v1/inbox (§1.4 path-prefix warning)', async () => {
		const scope = nock(BASE.noxivo)
			.get('/api/v1/inbox/chats')
			.query(true)
			.reply(404, noxivoFx.wahaNotFound)
			.get('/v1/inbox/chats')
			.query({ limit: '100', offset: '0' })
			.reply(200, { ...noxivoFx.chatsPage, hasMore: false });
		const result = await runNode('whatsAppChats', 'noxivo', { returnAll: true });
		expect(result.output(NODE_NAME).map((c) => c.id)).toEqual([
			'1234567890@c.us',
			'120363040000000000@g.us',
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('Vobiz: a current conversation gets name and phone from its contact (§2.4.1, §2.4.4)', async () => {
		const scope = nock(BASE.vobiz, {
			reqheaders: { 'x-auth-id': 'MA_TEST0001', 'x-auth-token': CREDENTIALS.vobiz.data.authToken },
		})
			.get('/conversations')
			.reply(200, vobizFx.conversations)
			.get(`/contacts/${vobizFx.contact.id}`)
			.reply(200, vobizFx.contact);
		const result = await runNode('whatsAppChats', 'vobiz', { returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'vobiz',
				id: 'c7a1b2d3-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
				chatId: '919876543210',
				name: 'Rahul Sharma',
				phone: '919876543210',
				isGroup: false,
				unreadCount: null,
				lastMessage: null,
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('Vobiz: a deleted contact (404) leaves the chat with nulls, no error', async () => {
		nock(BASE.vobiz)
			.get('/conversations')
			.reply(200, vobizFx.conversations)
			.get(`/contacts/${vobizFx.contact.id}`)
			.reply(404, { status: 'error', error: { code: 'NOT_FOUND', message: 'Contact not found' } });
		const result = await runNode('whatsAppChats', 'vobiz', { returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([expected.vobizConversation]);
	});

	it('Vobiz: many chats are completed from the paged contact list, not one request each', async () => {
		const conversations = Array.from({ length: 12 }, (_, i) => ({
			...vobizFx.conversations.items[0],
			id: `conv-${i}`,
			contact_id: `contact-${i}`,
		}));
		const contacts = conversations.map((c, i) => ({
			...vobizFx.contact,
			id: c.contact_id,
			phone_number: `+97250000000${String(i).padStart(2, '0')}`,
			name: `Person ${i}`,
		}));
		const scope = nock(BASE.vobiz)
			.get('/conversations')
			.reply(200, { items: conversations })
			.get('/contacts')
			.query({ limit: '100', page: '1' })
			.reply(200, {
				items: contacts.slice(0, 100),
				total: 12,
				page: 1,
				limit: 100,
				has_more: false,
			});
		const result = await runNode('whatsAppChats', 'vobiz', { returnAll: true });
		const chats = result.output(NODE_NAME);
		expect(chats.map((c) => [c.id, c.name, c.phone])).toEqual(
			conversations.map((c, i) => [
				c.id,
				`Person ${i}`,
				`97250000000${String(i).padStart(2, '0')}`,
			]),
		);
		expect(scope.isDone()).toBe(true);
	});

	it('Vobiz: the legacy shape already has the contact, so nothing more is asked (§2.4.1)', async () => {
		const scope = nock(BASE.vobiz).get('/conversations').reply(200, vobizFx.legacyConversations);
		const legacy = await runNode('whatsAppChats', 'vobiz', { returnAll: true });
		expect(legacy.output(NODE_NAME)).toEqual([expected.vobizLegacyConversation]);
		expect(scope.isDone()).toBe(true);
	});

	it('99digital: chats are the account history grouped by the other party, newest record as last message (docs/contract.md)', async () => {
		const row = (
			unique: string,
			ts: number,
			direction: '1' | '2',
			party: string,
			message: string,
		) => ({
			unique,
			timestamp: String(ts),
			direction,
			type: 'chat',
			state: 1,
			message,
			from: direction === '1' ? party : '972771234567',
			to: direction === '1' ? '972771234567' : party,
		});
		const page1 = Array.from({ length: 50 }, (_, i) =>
			row(
				`A${i}`,
				1700000000 - i,
				i % 2 ? '1' : '2',
				i < 30 ? '972500000001' : '972500000002',
				`a${i}`,
			),
		);
		const page2 = [
			row('B0', 1600000000, '1', '972500000003', 'oldest party'),
			row('B1', 1599999999, '1', '972500000001', 'older'),
		];
		const scope = nock(BASE.digital99)
			.post('/getHistory', {
				page: 1,
				apiKey: CREDENTIALS.digital99.data.apiKey,
				from: '972771234567',
			})
			.reply(200, page1)
			.post('/getHistory', {
				page: 2,
				apiKey: CREDENTIALS.digital99.data.apiKey,
				from: '972771234567',
			})
			.reply(200, page2);
		const result = await runNode('whatsAppChats', 'digital99', { returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'digital99',
				id: '972500000001',
				chatId: '972500000001',
				name: null,
				phone: '972500000001',
				isGroup: false,
				unreadCount: null,
				lastMessage: { text: 'a0', timestamp: '2023-11-14T22:13:20.000Z', fromMe: true },
			},
			{
				provider: 'digital99',
				id: '972500000002',
				chatId: '972500000002',
				name: null,
				phone: '972500000002',
				isGroup: false,
				unreadCount: null,
				lastMessage: { text: 'a30', timestamp: '2023-11-14T22:12:50.000Z', fromMe: true },
			},
			{
				provider: 'digital99',
				id: '972500000003',
				chatId: '972500000003',
				name: null,
				phone: '972500000003',
				isGroup: false,
				unreadCount: null,
				lastMessage: { text: 'oldest party', timestamp: '2020-09-13T12:26:40.000Z', fromMe: false },
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('99digital: Limit 2 stops paging once two parties are known', async () => {
		const rows = [
			{
				unique: 'x1',
				timestamp: '1700000000',
				direction: '1',
				from: '972500000001',
				to: '972771234567',
				type: 'chat',
				state: 0,
				message: 'hi',
			},
			{
				unique: 'x2',
				timestamp: '1699999999',
				direction: '1',
				from: '972500000002',
				to: '972771234567',
				type: 'chat',
				state: 0,
				message: 'yo',
			},
			...Array.from({ length: 48 }, (_, i) => ({
				unique: `y${i}`,
				timestamp: String(1690000000 - i),
				direction: '1',
				from: '972500000009',
				to: '972771234567',
				type: 'chat',
				state: 0,
				message: 'z',
			})),
		];
		const scope = nock(BASE.digital99).post('/getHistory').reply(200, rows);
		const result = await runNode('whatsAppChats', 'digital99', { returnAll: false, limit: 2 });
		expect(result.output(NODE_NAME).map((c) => c.id)).toEqual(['972500000001', '972500000002']);
		expect(scope.isDone()).toBe(true);
	});

	it('inbox API: page numbers until hasNext is false (§4.3.4)', async () => {
		const scope = nock(BASE.inbox, {
			reqheaders: { authorization: `Bearer ${CREDENTIALS.inbox.data.apiKey}` },
		})
			.get('/api/whatsapp/conversations')
			.query({ limit: '100', page: '1' })
			.reply(200, { ...inboxFx.conversationsPage, hasNext: true })
			.get('/api/whatsapp/conversations')
			.query({ limit: '100', page: '2' })
			.reply(200, {
				...inboxFx.conversationsPage,
				data: [
					{
						...inboxFx.conversationsPage.data[0],
						id: 'conv_124',
						contactPhone: null,
						lastMessageAt: null,
						lastMessagePreview: null,
					},
				],
			});
		const result = await runNode('whatsAppChats', 'inbox', { returnAll: true });
		expect(result.output(NODE_NAME)).toEqual([
			expected.inboxConversation,
			{
				provider: 'inbox',
				id: 'conv_124',
				chatId: null,
				name: 'Dana',
				phone: null,
				isGroup: false,
				unreadCount: 2,
				lastMessage: null,
			},
		]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('WhatsApp Messages on Noxivo with a chat id from WhatsApp Chats', () => {
	it('looks the JID up in GET /api/v1/chats and reads that conversation (§1.3, §1.4.2)', async () => {
		const scope = nock(BASE.noxivo)
			.get('/api/v1/chats')
			.query({ limit: '100', offset: '0' })
			.reply(200, noxivoFx.storedConversations)
			.get('/api/v1/inbox/conversations/69e0af6bfbf58631dc8d4643/messages')
			.query({ limit: '100', offset: '0' })
			.reply(200, { messages: [noxivoFx.inboundText], hasMore: false });
		const result = await runNode('whatsAppMessages', 'noxivo', {
			conversationId: '972501234567@c.us',
			returnAll: true,
		});
		expect(result.output(NODE_NAME).map((m) => [m.id, m.conversationId])).toEqual([
			['false_1234567890@c.us_3EB0...', '69e0af6bfbf58631dc8d4643'],
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('an unknown conversation is a clear 404, not an empty result (§1.4.3)', async () => {
		nock(BASE.noxivo)
			.get(`/api/v1/inbox/conversations/${noxivoFx.CONVERSATION_ID}/messages`)
			.query(true)
			.reply(404, { messages: [], hasMore: false });
		const result = await runNode('whatsAppMessages', 'noxivo', {
			conversationId: noxivoFx.CONVERSATION_ID,
			returnAll: true,
		});
		expect(result.error(NODE_NAME)?.message).toBe(
			`Noxivo Engine: conversation ${noxivoFx.CONVERSATION_ID} not found (HTTP 404)`,
		);
	});
});
