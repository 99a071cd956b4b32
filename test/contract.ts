/**
 * docs/contract.md's output shapes as a checker, for any test that wants to know an item keeps the contract:
 * the Chat, the Message, and the Trigger's `message` and `message.ack` events. Each function returns the list of
 * violations (empty = the item keeps the contract), each naming the field and what is wrong.
 */

import { FIELDS } from './e2e/contract';
import { PROVIDERS } from './fixtures/providers';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const MESSAGE_TYPES = [
	'text',
	'image',
	'video',
	'audio',
	'voice',
	'document',
	'sticker',
	'location',
	'contact',
	'template',
	'other',
] as const;
export const STATUSES = ['pending', 'sent', 'delivered', 'read', 'played', 'failed'] as const;

/**
 * docs/contract.md "Output items": the fields of each kind of item, every one present. They live in
 * test/e2e/contract.js, which the real n8n's Node 24 runs as plain JavaScript.
 */
export const MESSAGE_FIELDS = FIELDS.message;

/** "An ISO-8601 UTC string with milliseconds and a Z", and a real instant (no 2024-02-30). */
export function isContractTimestamp(value: unknown): boolean {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value))
		return false;
	const time = Date.parse(value);
	return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

type Check = (violations: string[], path: string, value: unknown) => void;

const nonEmptyString: Check = (v, path, value) => {
	if (typeof value !== 'string') v.push(`${path}: expected a string, got ${describe(value)}`);
	else if (value === '') v.push(`${path}: "" where null is meant`);
};
const stringOrNull: Check = (v, path, value) => {
	if (value !== null) nonEmptyString(v, path, value);
};
const oneOf =
	(allowed: readonly unknown[], nullable = false): Check =>
	(v, path, value) => {
		if (!(nullable && value === null) && !allowed.includes(value))
			v.push(
				`${path}: ${describe(value)} is not one of ${allowed.join('|')}${nullable ? '|null' : ''}`,
			);
	};
const timestamp =
	(nullable: boolean): Check =>
	(v, path, value) => {
		if (!(nullable && value === null) && !isContractTimestamp(value))
			v.push(`${path}: ${describe(value)} is not an ISO time with milliseconds and Z`);
	};
const finiteNumber: Check = (v, path, value) => {
	if (typeof value !== 'number' || !Number.isFinite(value))
		v.push(`${path}: expected a finite number, got ${describe(value)}`);
};

function describe(value: unknown): string {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value) ?? typeof value;
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.getPrototypeOf(value) === Object.prototype
	);
}

/** Every field of `fields` present (undefined counts as absent), no other key but `extra`. */
function exactKeys(
	v: string[],
	path: string,
	value: Record<string, unknown>,
	fields: readonly string[],
	extra: readonly string[] = [],
): void {
	for (const field of fields) {
		if (!Object.hasOwn(value, field) || value[field] === undefined)
			v.push(`${path}.${field}: missing`);
	}
	for (const key of Object.keys(value)) {
		if (!fields.includes(key) && !extra.includes(key))
			v.push(`${path}.${key}: not a contract field`);
	}
}

function objectOrNull(
	v: string[],
	path: string,
	value: unknown,
	fields: Record<string, Check>,
): void {
	if (value === null) return;
	if (!isPlainObject(value)) {
		v.push(`${path}: expected an object or null, got ${describe(value)}`);
		return;
	}
	exactKeys(v, path, value, Object.keys(fields));
	for (const [field, check] of Object.entries(fields)) check(v, `${path}.${field}`, value[field]);
}

function messageFields(v: string[], path: string, m: Record<string, unknown>): void {
	oneOf(PROVIDERS)(v, `${path}.provider`, m.provider);
	nonEmptyString(v, `${path}.id`, m.id);
	for (const field of ['waMessageId', 'conversationId', 'chatId', 'from', 'to', 'text'])
		stringOrNull(v, `${path}.${field}`, m[field]);
	oneOf(DIRECTIONS)(v, `${path}.direction`, m.direction);
	if (typeof m.fromMe !== 'boolean')
		v.push(`${path}.fromMe: expected a boolean, got ${describe(m.fromMe)}`);
	else if (m.fromMe !== (m.direction === 'outbound'))
		v.push(`${path}.fromMe: ${String(m.fromMe)} but direction is ${describe(m.direction)}`);
	oneOf(MESSAGE_TYPES)(v, `${path}.type`, m.type);
	objectOrNull(v, `${path}.media`, m.media, {
		url: stringOrNull,
		mimeType: stringOrNull,
		fileName: stringOrNull,
	});
	objectOrNull(v, `${path}.location`, m.location, {
		latitude: finiteNumber,
		longitude: finiteNumber,
		name: stringOrNull,
		address: stringOrNull,
	});
	oneOf(STATUSES, true)(v, `${path}.status`, m.status);
	if (m.direction === 'inbound' && m.status !== null && m.status !== undefined)
		v.push(`${path}.status: ${describe(m.status)} on an inbound message (null for inbound)`);
	timestamp(false)(v, `${path}.timestamp`, m.timestamp);
}

/** A Message item of WhatsApp Messages (`raw` allowed, for Include Raw). */
export function messageViolations(item: unknown, path = 'message'): string[] {
	const v: string[] = [];
	if (!isPlainObject(item)) return [`${path}: expected an object, got ${describe(item)}`];
	exactKeys(v, path, item, MESSAGE_FIELDS, ['raw']);
	messageFields(v, path, item);
	return v;
}

/** A Chat item of WhatsApp Chats (`raw` allowed, for Include Raw). */
export function chatViolations(item: unknown, path = 'chat'): string[] {
	if (!isPlainObject(item)) return [`${path}: expected an object, got ${describe(item)}`];
	const v: string[] = [];
	exactKeys(v, path, item, FIELDS.chat, ['raw']);
	oneOf(PROVIDERS)(v, `${path}.provider`, item.provider);
	nonEmptyString(v, `${path}.id`, item.id);
	for (const field of ['chatId', 'name']) stringOrNull(v, `${path}.${field}`, item[field]);
	if (item.phone !== null && !(typeof item.phone === 'string' && /^\d+$/.test(item.phone)))
		v.push(`${path}.phone: ${describe(item.phone)} is not digits only or null`);
	if (typeof item.isGroup !== 'boolean')
		v.push(`${path}.isGroup: expected a boolean, got ${describe(item.isGroup)}`);
	if (item.unreadCount !== null) finiteNumber(v, `${path}.unreadCount`, item.unreadCount);
	objectOrNull(v, `${path}.lastMessage`, item.lastMessage, {
		text: stringOrNull,
		timestamp: timestamp(true),
		fromMe: (violations, p, value) => {
			if (value !== null && typeof value !== 'boolean')
				violations.push(`${p}: expected a boolean or null, got ${describe(value)}`);
		},
	});
	return v;
}

export interface EventCheckOptions {
	/**
	 * docs/contract.md "Trigger events" gives every event an `eventId`. Off only where a test documents that the
	 * Trigger does not emit one yet.
	 */
	requireEventId?: boolean;
}

/** A WhatsApp Trigger item: a `message` event (a Message plus event and eventId) or a `message.ack` event. */
export function triggerEventViolations(
	item: unknown,
	options: EventCheckOptions = {},
	path = 'event',
): string[] {
	const requireEventId = options.requireEventId ?? true;
	if (!isPlainObject(item)) return [`${path}: expected an object, got ${describe(item)}`];
	const v: string[] = [];
	const eventId = (fields: readonly string[]) =>
		requireEventId ? fields : fields.filter((f) => f !== 'eventId');
	const extra = requireEventId ? ['raw'] : ['raw', 'eventId'];
	if (item.event === 'message') {
		exactKeys(v, path, item, eventId(FIELDS['event:message']), extra);
		messageFields(v, path, item);
	} else if (item.event === 'message.ack') {
		exactKeys(v, path, item, eventId(FIELDS['event:message.ack']), extra);
		oneOf(PROVIDERS)(v, `${path}.provider`, item.provider);
		nonEmptyString(v, `${path}.messageId`, item.messageId);
		stringOrNull(v, `${path}.waMessageId`, item.waMessageId);
		stringOrNull(v, `${path}.chatId`, item.chatId);
		oneOf(STATUSES)(v, `${path}.status`, item.status);
		timestamp(true)(v, `${path}.timestamp`, item.timestamp);
		objectOrNull(v, `${path}.error`, item.error, {
			code: (violations, p, value) => {
				if (value !== null && !(typeof value === 'number' && Number.isFinite(value)))
					stringOrNull(violations, p, value);
			},
			title: stringOrNull,
		});
	} else {
		return [`${path}.event: ${describe(item.event)} is not "message" or "message.ack"`];
	}
	if (requireEventId || item.eventId !== undefined)
		nonEmptyString(v, `${path}.eventId`, item.eventId);
	return v;
}
