import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { BridgeError } from '../errors';
import { listChats, listMessages } from '../lists';
import type { PaginateOptions } from '../pagination/engine';
import { itemOperationRouting, runItemOperation } from './itemOperation';

/** The list nodes' glue: Return All and Limit both run the bridge's pagination engine for each input item. */

function pagingOptions(ctx: IExecutePaginationFunctions): PaginateOptions {
	const returnAll = ctx.getNodeParameter('returnAll', false) as boolean;
	return { limit: returnAll ? undefined : Number(ctx.getNodeParameter('limit', 50)) };
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
		await listChats(adapter, config, transport, pagingOptions(ctx)),
	);
}

async function paginateMessages(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runItemOperation(this, requestData, async (ctx, { adapter, config, transport }) =>
		await listMessages(adapter, config, conversationIdOf(ctx), transport, {
			...pagingOptions(ctx),
			// A history can be long: its provider records are kept only when the items will carry them.
			keepRaw: ctx.getNodeParameter('options.includeRaw', false) as boolean,
		}),
	);
}

/** The routing of a list node, declared on its Return All parameter. */
export function listRouting(list: 'chats' | 'messages'): INodePropertyRouting {
	return itemOperationRouting(list === 'chats' ? paginateChats : paginateMessages);
}
