import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { BridgeError, isBridgeError } from '../errors';
import { listChats, listMessages } from '../lists';
import type { PaginateOptions, PagingCheckpoint } from '../pagination/engine';
import { itemOperationRouting, runItemOperation } from './itemOperation';

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

async function resumable<T>(ctx: IExecutePaginationFunctions, list: (options: PaginateOptions) => Promise<T>): Promise<T> {
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

function checkpointed(stopped: Map<number, PagingCheckpoint> | undefined, itemIndex: number, error: unknown): unknown {
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
			description: 'Give the conversation to read, for example the "id" of an item from WhatsApp Chats.',
		});
	}
	return String(conversationId);
}

async function paginateChats(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runItemOperation(this, requestData, async (ctx, { adapter, config, transport }) =>
		await resumable(ctx, async (options) => await listChats(adapter, config, transport, options)),
	);
}

async function paginateMessages(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runItemOperation(this, requestData, async (ctx, { adapter, config, transport }) =>
		await resumable(ctx, async (options) => await listMessages(adapter, config, conversationIdOf(ctx), transport, options)),
	);
}

/** The routing of a list node, declared on its Return All parameter. */
export function listRouting(list: 'chats' | 'messages'): INodePropertyRouting {
	return itemOperationRouting(list === 'chats' ? paginateChats : paginateMessages);
}
