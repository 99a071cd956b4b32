import type { Transport } from '../http';
import { listMessages } from '../history/operations';
import type { Chat, Mapped, Message, ProviderConfig } from '../model';
import type { ProviderAdapter } from '../providers';
import { compareIso, epochMillis } from '../time';
import { chatRef } from '../webhooks/filters';
import { listActiveChats } from './incremental';

/**
 * The Poll Trigger's read: every message that arrived since the last poll, across the chosen chats, once
 * each, oldest first. What was already emitted is told by a high-water mark kept between polls: the time of
 * the newest message handled and the ids handled at exactly that time, so messages that share the boundary
 * second are neither lost (the next read starts at that second, not after it) nor repeated (their ids).
 */

export interface PollMark {
	/** ISO time of the newest message handled so far (or where polling started). */
	at: string;
	/** Ids of the messages handled whose time is exactly `at`. */
	ids: string[];
}

export interface PollSettings {
	/** Chat refs (filters.chatRef); empty = every chat. */
	onlyChats: readonly string[];
	ignoreOwnMessages: boolean;
	/** At most this many messages are emitted by one poll; the rest come with the next, in order. */
	maxMessages: number;
}

export interface PollResult {
	/** To emit, oldest first. */
	messages: Array<Mapped<Message>>;
	/** The mark to keep for the next poll (the same object when nothing new was handled). */
	mark: PollMark;
}

/**
 * "From now" on a first activation is the provider's now, not n8n's: the messages of the last few minutes
 * are read and marked as handled, so a provider clock behind n8n's loses nothing that arrives afterwards.
 */
export const ACTIVATION_LOOKBACK_MS = 5 * 60 * 1000;

/** How many messages a manual "Fetch Test Event" shows. */
export const TEST_EVENT_COUNT = 5;

function isChosen(chat: Chat, onlyChats: readonly string[]): boolean {
	if (onlyChats.length === 0) return true;
	const refs = [chat.id, chat.chatId, chat.phone]
		.filter((ref): ref is string => typeof ref === 'string')
		.map(chatRef);
	return onlyChats.some((chat) => refs.includes(chat));
}

async function chosenChats(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	since: number,
	settings: PollSettings,
	limit?: number,
): Promise<Chat[]> {
	// Only a chat filter needs what completion adds (Vobiz: the contact's number).
	const filtering = settings.onlyChats.length > 0;
	const chats = await listActiveChats(adapter, config, transport, since, {
		complete: filtering,
		limit: filtering ? undefined : limit,
	});
	return chats
		.map(({ value }) => value)
		.filter((chat) => isChosen(chat, settings.onlyChats))
		.slice(0, limit);
}

/** Oldest first; messages of the same time keep their order (each chat's own, then the chats' order). */
function byTime(messages: Array<Mapped<Message>>): Array<Mapped<Message>> {
	return messages.slice().sort((a, b) => compareIso(a.value.timestamp, b.value.timestamp));
}

export async function pollNewMessages(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	mark: PollMark,
	settings: PollSettings,
): Promise<PollResult> {
	const since = epochMillis(mark.at);
	const handled = new Set(mark.ids);
	const arrived: Array<Mapped<Message>> = [];
	for (const chat of await chosenChats(adapter, config, transport, since, settings)) {
		const history = await listMessages(adapter, config, chat.id, transport, {
			stopAt: (message) => epochMillis(message.timestamp) < since,
		});
		for (const message of history) {
			const { id, timestamp } = message.value;
			if (epochMillis(timestamp) < since || handled.has(id)) continue;
			handled.add(id);
			arrived.push(message);
		}
	}

	const messages: Array<Mapped<Message>> = [];
	let newest: { at: number; iso: string; ids: string[] } | undefined;
	for (const message of byTime(arrived)) {
		if (messages.length >= settings.maxMessages) break;
		const at = epochMillis(message.value.timestamp);
		if (!newest || newest.at !== at) newest = { at, iso: message.value.timestamp, ids: [] };
		newest.ids.push(message.value.id);
		if (!(settings.ignoreOwnMessages && message.value.fromMe)) messages.push(message);
	}
	if (!newest) return { messages, mark };
	const ids = newest.at === since ? [...mark.ids, ...newest.ids] : newest.ids;
	return { messages, mark: { at: newest.iso, ids } };
}

/** The mark of a first activation without Start From: everything there is at `now` counts as handled. */
export async function markNow(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	now: number,
	settings: PollSettings,
): Promise<PollMark> {
	const start: PollMark = { at: new Date(now - ACTIVATION_LOOKBACK_MS).toISOString(), ids: [] };
	const { mark } = await pollNewMessages(adapter, config, transport, start, {
		...settings,
		maxMessages: Number.POSITIVE_INFINITY,
	});
	return mark;
}

/** "Fetch Test Event": the latest few messages of the most recently active chosen chats, oldest first; no mark. */
export async function latestMessages(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	settings: PollSettings,
	count = TEST_EVENT_COUNT,
): Promise<Array<Mapped<Message>>> {
	const all: Array<Mapped<Message>> = [];
	for (const chat of await chosenChats(
		adapter,
		config,
		transport,
		Number.NEGATIVE_INFINITY,
		settings,
		count,
	)) {
		const history = await listMessages(adapter, config, chat.id, transport, { limit: count });
		all.push(...history.filter(({ value }) => !(settings.ignoreOwnMessages && value.fromMe)));
	}
	return byTime(all).slice(-count);
}
