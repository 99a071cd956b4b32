'use strict';
/* docs/contract.md "Output items": the fields each kind of item has (every one present, null when not given). */

const MESSAGE = [
	'provider',
	'id',
	'waMessageId',
	'conversationId',
	'chatId',
	'direction',
	'fromMe',
	'from',
	'to',
	'type',
	'text',
	'media',
	'location',
	'status',
	'timestamp',
];

const FIELDS = {
	chat: ['provider', 'id', 'chatId', 'name', 'phone', 'isGroup', 'unreadCount', 'lastMessage'],
	message: MESSAGE,
	send: ['provider', 'id', 'waMessageId', 'conversationId', 'to', 'status', 'timestamp'],
	messageStatus: ['provider', 'messageId', 'waMessageId', 'status', 'timestamp'],
	sessionStatus: ['provider', 'status', 'phone', 'name'],
	'event:message': ['event', 'eventId', ...MESSAGE],
	'event:message.ack': [
		'event',
		'eventId',
		'provider',
		'messageId',
		'waMessageId',
		'chatId',
		'status',
		'timestamp',
		'error',
	],
};

/** The items whose keys are not exactly `fields` (at most 3, as "item <i>: +extra -missing"). */
function fieldProblems(items, fields) {
	return items
		.map((item, index) => {
			const keys = Object.keys(item);
			const extra = keys.filter((k) => !fields.includes(k));
			const missing = fields.filter((k) => !keys.includes(k));
			return extra.length || missing.length
				? `item ${index}: ${extra
						.map((k) => `+${k}`)
						.concat(missing.map((k) => `-${k}`))
						.join(' ')}`
				: null;
		})
		.filter(Boolean)
		.slice(0, 3);
}

module.exports = { FIELDS, fieldProblems };
