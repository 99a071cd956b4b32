import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyRouting,
} from 'n8n-workflow';

import { BridgeError, isBridgeError } from '../errors';
import { listChats, listMessages } from '../history/operations';
import type { Mapped, Message } from '../model';
import type { PaginateOptions, PagingCheckpoint } from '../pagination/engine';
import { PROVIDERS, PROVIDER_IDS } from '../providers';
import { listActiveChats, listNewerMessages } from '../sync/incremental';
import { parseNewerThan, parseTime } from '../sync/since';
import { itemOperationRouting, runItemOperation } from './itemOperation';
import { withDownloadedMedia } from './media';

/**
 * The list nodes' glue: Return All and Limit both run the bridge's pagination engine for each input item,
 * going on from where an earlier try of the same node run stopped.
 */

function pagingOptions(ctx: IExecutePaginationFunctions): PaginateOptions {
	const returnAll = ctx.getNodeParameter('returnAll', false) as boolean;
	return { limit: returnAll ? undefined : Number(ctx.getNodeParameter('limit', 50)) };
}

/**
 * Where each item's list stopped in this node run, so that n8n's "Retry On Fail" (WorkflowExecute runs the
 * node again with the same execute data) goes on from the page that failed, not from page 1. Kept on the
 * run's execute data, so it goes with the execution.
 */
const checkpoints = new WeakMap<object, Map<number, PagingCheckpoint>>();

async function resumable<T>(
	ctx: IExecutePaginationFunctions,
	list: (options: PaginateOptions) => Promise<T>,
): Promise<T> {
	const run = ctx.getExecuteData() as object | undefined;
	const itemIndex = ctx.getItemIndex();
	let stopped = run && checkpoints.get(run);
	if (run && !stopped) checkpoints.set(run, (stopped = new Map()));
	try {
		const result = await list({ ...pagingOptions(ctx), resume: stopped?.get(itemIndex) });
		stopped?.delete(itemIndex);
		return result;
	} catch (error) {
		throw checkpointed(stopped, itemIndex, error);
	}
}

function checkpointed(
	stopped: Map<number, PagingCheckpoint> | undefined,
	itemIndex: number,
	error: unknown,
): unknown {
	if (stopped && isBridgeError(error) && error.checkpoint) stopped.set(itemIndex, error.checkpoint);
	return error;
}

function conversationIdOf(ctx: IExecutePaginationFunctions): string {
	const conversationId = ctx.getNodeParameter('conversationId', '') as unknown;
	if (typeof conversationId !== 'string' && typeof conversationId !== 'number') {
		throw new BridgeError('input', 'Conversation ID must be text', { field: 'conversationId' });
	}
	if (String(conversationId).trim() === '') {
		throw new BridgeError('input', 'Conversation ID is empty', {
			field: 'conversationId',
			description:
				'Give the conversation to read, for example the "id" of an item from WhatsApp Chats.',
		});
	}
	return String(conversationId);
}

async function paginateChats(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runItemOperation(this, requestData, async (ctx, { adapter, config, transport }) => {
		const since = parseTime(
			ctx.getNodeParameter('options.activeSince', '') as unknown,
			'activeSince',
			ctx.getTimezone(),
		);
		return await resumable(ctx, async (options) =>
			since === undefined
				? await listChats(adapter, config, transport, options)
				: await listActiveChats(adapter, config, transport, since, options),
		);
	});
}

async function paginateMessages(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const messages = await runItemOperation(
		this,
		requestData,
		async (ctx, { adapter, config, transport }) => {
			const conversationId = conversationIdOf(ctx);
			const point = parseNewerThan(
				ctx.getNodeParameter('options.newerThan', '') as unknown,
				ctx.getTimezone(),
			);
			// A history can be long: its provider records are kept only when the items will carry them.
			const keepRaw = ctx.getNodeParameter('options.includeRaw', false) as boolean;
			const read = await resumable(ctx, async (options) =>
				point === undefined
					? await listMessages(adapter, config, conversationId, transport, { ...options, keepRaw })
					: await listNewerMessages(adapter, config, conversationId, transport, point, {
							...options,
							keepRaw,
						}),
			);
			return withSharedParties(read);
		},
	);
	return await withDownloadedMedia(this, messages, this.continueOnFail() ? 'mediaError' : 'throw');
}

/**
 * One conversation names the same few parties on every message, each read from its own page as a string of
 * its own: the items keep one string per party instead of one per message (a long history holds less).
 */
function withSharedParties(messages: Array<Mapped<Message>>): Array<Mapped<Message>> {
	const kept = new Map<string, string>();
	const shared = (value: string | null): string | null => {
		if (value === null) return null;
		const known = kept.get(value);
		if (known !== undefined) return known;
		kept.set(value, value);
		return value;
	};
	for (const { value: message } of messages) {
		message.conversationId = shared(message.conversationId);
		message.chatId = shared(message.chatId);
		message.from = shared(message.from);
		message.to = shared(message.to);
	}
	return messages;
}

/** The routing of a list node, declared on its Return All parameter. */
export function listRouting(list: 'chats' | 'messages'): INodePropertyRouting {
	return itemOperationRouting(list === 'chats' ? paginateChats : paginateMessages);
}

/** WhatsApp Messages "Newer Than" (docs/contract.md `newerThan`). */
export const newerThanOption: INodeProperties = {
	displayName: 'Newer Than',
	name: 'newerThan',
	type: 'string',
	default: '',
	placeholder: '2026-03-17T14:00:00Z or a message ID',
	description:
		'Only messages after this date and time (ISO, or an n8n date from an expression) or after this message (its ID), oldest first. Paging stops at the first page that reaches it, so the cost follows the new messages, not the history. Noxivo and 99digital give times to the second; Vobiz and the inbox API do not document their page order, and newest first is assumed.',
};

/** WhatsApp Chats "Active Since" (docs/contract.md `activeSince`); what each provider can tell is in the description. */
export const activeSinceOption: INodeProperties = {
	displayName: 'Active Since',
	name: 'activeSince',
	type: 'dateTime',
	default: '',
	description: `Only chats with a message at or after this time. ${PROVIDER_IDS.flatMap((id) => PROVIDERS[id].history?.chatActivity.note ?? []).join(' ')} A chat whose last activity the provider does not give is kept.`,
};
