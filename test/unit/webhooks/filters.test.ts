import {
	chatRef,
	parseChatList,
	rejection,
	type EventFilter,
} from '../../../bridge/webhooks/filters';
import { parsedEvent, toAckEvent, toMessageEvent } from '../../../bridge/webhooks/events';
import { parseIpList, isAllowedSource } from '../../../bridge/webhooks/sourceIp';
import type { Message } from '../../../bridge/model';

const message: Message = {
	provider: 'noxivo',
	id: 'false_972501234567@c.us_3EB0',
	waMessageId: 'false_972501234567@c.us_3EB0',
	conversationId: null,
	chatId: '972501234567@c.us',
	direction: 'inbound',
	fromMe: false,
	from: '972501234567@c.us',
	to: null,
	type: 'text',
	text: 'hi',
	media: null,
	location: null,
	status: null,
	timestamp: '2026-03-25T10:00:00.000Z',
};
const incoming = parsedEvent(toMessageEvent(message), {}, [message.chatId]);
const echo = parsedEvent(
	toMessageEvent({ ...message, id: 'true_x', direction: 'outbound', fromMe: true }),
	{},
	[message.chatId],
);
const read = parsedEvent(
	toAckEvent({
		provider: 'vobiz',
		messageId: 'wamid.A',
		waMessageId: 'wamid.A',
		chatId: '918888888888',
		status: 'read',
		timestamp: null,
		error: null,
	}),
	{},
	['918888888888'],
);
const all: EventFilter = {
	events: ['message', 'message.ack'],
	ignoreOwnMessages: true,
	onlyChats: [],
	ackStatuses: 'all',
};

describe('the Trigger filters', () => {
	it('emits only the selected event kinds', () => {
		expect(rejection(incoming, { ...all, events: ['message.ack'] })).toBe(
			'"message" events are not selected',
		);
		expect(rejection(read, { ...all, events: ['message'] })).toBe(
			'"message.ack" events are not selected',
		);
		expect(rejection(incoming, all)).toBeNull();
	});

	it('skips own messages unless asked for them', () => {
		expect(rejection(echo, all)).toBe('own outgoing message');
		expect(rejection(echo, { ...all, ignoreOwnMessages: false })).toBeNull();
	});

	it('emits only the selected ack statuses', () => {
		expect(rejection(read, { ...all, ackStatuses: ['delivered', 'failed'] })).toBe(
			'ack status "read" is not selected',
		);
		expect(rejection(read, { ...all, ackStatuses: ['read'] })).toBeNull();
		expect(rejection(read, { ...all, ackStatuses: [] })).toBe('ack status "read" is not selected');
	});

	it('matches chats by number however typed, or by id', () => {
		expect(parseChatList('+972 50-123-4567, 120363040000000000@g.us;\nconv_123')).toEqual([
			'972501234567',
			'120363040000000000@g.us',
			'conv_123',
		]);
		expect(chatRef('972501234567@c.us')).toBe('972501234567');
		expect(
			rejection(incoming, { ...all, onlyChats: parseChatList('+972 50-123-4567') }),
		).toBeNull();
		expect(rejection(read, { ...all, onlyChats: parseChatList('+91 88888 88888') })).toBeNull();
		expect(rejection(read, { ...all, onlyChats: parseChatList('+972 50-123-4567') })).toBe(
			'not one of the selected chats',
		);
	});

	it('allows listed source addresses only, IPv4 seen through IPv6 included', () => {
		const allowed = parseIpList('34.165.99.212, 192.117.146.95');
		expect(isAllowedSource('::ffff:34.165.99.212', allowed)).toBe(true);
		expect(isAllowedSource('34.165.99.213', allowed)).toBe(false);
		expect(isAllowedSource(null, allowed)).toBe(false);
		expect(isAllowedSource('10.0.0.1', [])).toBe(true);
	});
});
