import { BridgeError } from '../errors';
import { header, isRecord, type HttpResponse } from '../http';
import {
	MEDIA_MESSAGE_TYPES,
	type Chat,
	type LastMessage,
	type Location,
	type Message,
	type MessageStatus,
	type MessageType,
	type ProviderIdentity,
} from '../model';
import { compareIso, toIsoTimestamp } from '../time';

/** Helpers every adapter uses to read loosely typed provider JSON into the unified model. */

export function str(value: unknown): string | null {
	if (typeof value === 'string') return value === '' ? null : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

export function num(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return null;
}

/**
 * The value a lookup table holds for `key` itself, never one it inherits: a provider that sends
 * `"constructor"` or `"__proto__"` as a type or status must not get Object.prototype's members.
 */
export function lookup<V>(
	table: Readonly<Record<string, V>>,
	key: string | number | null | undefined,
): V | undefined {
	if (key === null || key === undefined) return undefined;
	const name = String(key);
	return Object.hasOwn(table, name) ? table[name] : undefined;
}

const FLAG_WORDS: Readonly<Record<string, boolean>> = {
	true: true,
	false: false,
	'1': true,
	'0': false,
};

/**
 * A provider's yes/no field: true/false, 1/0, or those as strings in any letter case. Absent (undefined or
 * null) is null, for the caller to decide; anything else is an error naming the provider and the field,
 * so a flag like `hasMore: "yes"` never silently stops paging.
 */
export function flag(value: unknown, who: ProviderIdentity, field: string): boolean | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' || typeof value === 'string') {
		const known = lookup(FLAG_WORDS, String(value).trim().toLowerCase());
		if (known !== undefined) return known;
	}
	throw new BridgeError(
		'response',
		`${who.displayName} sent ${JSON.stringify(value)?.slice(0, 40) ?? typeof value} as "${field}", which is not true or false`,
		{
			provider: who.id,
			description: `This node reads "${field}" as true/false (or 1/0). Check the credential's Base URL points at the provider's API.`,
		},
	);
}

/** `"outbound"` in any letter case; any other direction (or none) is inbound. */
export function isOutbound(direction: unknown): boolean {
	return typeof direction === 'string' && direction.trim().toLowerCase() === 'outbound';
}

export function record(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

/** A credential field as a non-empty string, or undefined (optional fields are not sent when empty). */
export function configString(config: Record<string, unknown>, field: string): string | undefined {
	const value = config[field];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Newest first, for ListSpec.compare on messages. */
export function newestFirst(a: Message, b: Message): number {
	return compareIso(b.timestamp, a.timestamp);
}

/** The array under the first of `keys` that holds one, or the body itself when it is an array. */
export function recordsAt(
	body: unknown,
	keys: readonly string[],
	who: ProviderIdentity,
	what: string,
): unknown[] {
	if (Array.isArray(body)) return body;
	if (isRecord(body)) {
		for (const key of keys) {
			if (Array.isArray(body[key])) return body[key] as unknown[];
		}
	}
	throw new BridgeError(
		'response',
		`${who.displayName} answered with ${what} in a shape this node does not know`,
		{
			provider: who.id,
			description: `Expected a JSON object with ${keys.map((k) => `"${k}"`).join(' or ')} holding a list. Check the credential's Base URL points at the provider's API.`,
		},
	);
}

const HTTP_REASONS: Record<number, string> = {
	400: 'the request was refused as invalid',
	401: 'the credentials were rejected',
	402: 'the account has insufficient balance',
	403: 'the credentials have no permission for this',
	404: 'not found',
	409: 'conflict',
	422: 'the request did not pass validation',
	429: 'too many requests (rate limited)',
	500: 'the provider had an internal error',
	502: 'the provider could not reach WhatsApp',
	503: 'the provider is unavailable',
	504: 'the provider timed out',
};

/**
 * The error for a non-2xx answer: `<Provider>: <reason> (HTTP <code>)`, with what the provider said and
 * what to do in the description. `detail` is the provider's own error text, read by the adapter.
 */
export function httpError(
	who: ProviderIdentity,
	response: HttpResponse,
	detail: string | null,
	advice?: string,
): BridgeError {
	const code = response.statusCode;
	const reason =
		HTTP_REASONS[code] ?? (code >= 500 ? 'the provider had an error' : 'the request failed');
	const parts: string[] = [];
	if (detail) parts.push(`${who.displayName} said: ${detail}`);
	if (advice) parts.push(advice);
	else if (code === 401 || code === 403)
		parts.push(`Check the API key and other fields of the "${who.credentialName}" credential.`);
	else if (code === 429) {
		const retryAfter = header(response, 'retry-after');
		parts.push(retryAfter ? `Try again in ${retryAfter} seconds.` : 'Wait a little and try again.');
	} else if (code >= 500) parts.push("This is on the provider's side; try again later.");
	return new BridgeError('http', `${who.displayName}: ${reason} (HTTP ${code})`, {
		provider: who.id,
		httpCode: code,
		description: parts.join(' ') || undefined,
	});
}

export function isSuccess(response: HttpResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

const STATUS_RANK: Record<MessageStatus, number> = {
	pending: 0,
	sent: 1,
	delivered: 2,
	read: 3,
	played: 4,
	failed: 5,
};

/** The status strings Vobiz and the inbox API use (docs/providers.md §0.1), to the canonical set; null if unknown. */
export function statusFromString(value: unknown): MessageStatus | null {
	if (typeof value !== 'string') return null;
	const v = value.trim().toLowerCase();
	if (v === 'queued' || v === 'pending' || v === 'accepted' || v === 'retry_queued')
		return 'pending';
	return lookup(STATUS_RANK, v) !== undefined ? (v as MessageStatus) : null;
}

const MEDIA_TYPES: ReadonlySet<MessageType> = new Set(MEDIA_MESSAGE_TYPES);

/** Types whose content is a file (docs/contract.md: `media` is set, `text` is the caption). */
export function isMediaType(type: MessageType): boolean {
	return MEDIA_TYPES.has(type);
}

/** A record the unified Message cannot be made of: its id or its time is missing. */
export function unreadableRecord(
	who: ProviderIdentity,
	what: string,
	id: string | null,
	idName = 'an id',
): BridgeError {
	return new BridgeError(
		'response',
		`${who.displayName} returned ${what} without ${id ? 'a timestamp' : idName}`,
		{
			provider: who.id,
			description: `${what[0].toUpperCase()}${what.slice(1).replace(/^an? /, '')} ${id ?? '(no id)'} cannot be read.`,
		},
	);
}

/**
 * A `{latitude, longitude, name?, address?}` object as the unified location; null without both coordinates.
 * `otherNameField` is a provider's second name for the place's name.
 */
export function locationOf(value: unknown, otherNameField?: string): Location | null {
	const l = record(value);
	const latitude = num(l.latitude);
	const longitude = num(l.longitude);
	if (latitude === null || longitude === null) return null;
	const name = str(l.name) ?? (otherNameField ? str(l[otherNameField]) : null);
	return { latitude, longitude, name, address: str(l.address) };
}

/** A one-to-one chat known by the other party's phone number (no groups): its chat id is that number. */
export function phoneChat(
	who: ProviderIdentity,
	id: string | null,
	chat: {
		phone: string | null;
		name: string | null;
		unreadCount: number | null;
		lastMessage: LastMessage | null;
	},
): Chat {
	if (!id)
		throw new BridgeError('response', `${who.displayName} returned a conversation without an id`, {
			provider: who.id,
		});
	return {
		provider: who.id,
		id,
		chatId: chat.phone,
		name: chat.name,
		phone: chat.phone,
		isGroup: false,
		unreadCount: chat.unreadCount,
		lastMessage: chat.lastMessage,
	};
}

/** A send the provider answered as a success but without the id of the message it made. */
export function sentWithoutId(who: ProviderIdentity): BridgeError {
	return new BridgeError('response', `${who.displayName} answered the send without a message id`, {
		provider: who.id,
	});
}

/**
 * A record's id and its time as ISO, both of which a unified Message needs: the error naming the record
 * (unreadableRecord) when either is missing.
 */
export function idAndTime(
	who: ProviderIdentity,
	id: string | null,
	time: unknown,
	what = 'a message',
	idName?: string,
): { id: string; timestamp: string } {
	const timestamp = toIsoTimestamp(time);
	if (!id || !timestamp) throw unreadableRecord(who, what, id, idName);
	return { id, timestamp };
}

/** Which provider a list belongs to and what it lists, as ListSpec names them in its errors. */
export function listOf(
	who: ProviderIdentity,
	what: string,
): { provider: ProviderIdentity['id']; providerName: string; what: string } {
	return { provider: who.id, providerName: who.displayName, what };
}
