import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { BridgeError } from '../errors';
import type { Transport } from '../http';
import { listChats, listMessages } from '../lists';
import type { Mapped } from '../model';
import type { PaginateOptions } from '../pagination/engine';
import { getProvider, type ProviderAdapter, type ProviderConfig } from '../providers';
import { toNodeError } from './errors';
import { capturePage, routingTransport } from './transport';

type ListReader = (
	ctx: IExecutePaginationFunctions,
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
	options: PaginateOptions,
) => Promise<Array<Mapped<object>>>;

/** The secrets of a credential, so an error can never repeat them. */
export function secretsOf(adapter: ProviderAdapter, config: ProviderConfig): string[] {
	return adapter.secretFields.map((field) => config[field]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * Runs one list for the current input item: the provider's adapter builds each page request, n8n sends it,
 * the bridge's pagination engine decides when to stop. Return All and Limit both come through here.
 */
async function runList(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	read: ListReader,
): Promise<INodeExecutionData[]> {
	const itemIndex = ctx.getItemIndex();
	let secrets: string[] = [];
	try {
		const adapter = getProvider(ctx.getNodeParameter('provider'));
		const config = (await ctx.getCredentials(adapter.credentialType)) as ProviderConfig;
		secrets = secretsOf(adapter, config);
		const returnAll = ctx.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? undefined : Number(ctx.getNodeParameter('limit', 50));
		const includeRaw = ctx.getNodeParameter('options.includeRaw', false) as boolean;
		const transport = routingTransport(ctx, requestData, adapter);
		const results = await read(ctx, adapter, config, transport, { limit });
		return results.map(({ value, raw }) => ({
			json: (includeRaw ? { ...value, raw } : { ...value }) as IDataObject,
			pairedItem: { item: itemIndex },
		}));
	} catch (error) {
		const nodeError = toNodeError(ctx.getNode(), error, itemIndex, secrets);
		// RoutingNode's own continue-on-fail item has no pairedItem; this one says which input failed.
		if (ctx.continueOnFail()) return [{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } }];
		throw nodeError;
	}
}

async function paginateChats(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runList(this, requestData, async (_ctx, adapter, config, transport, options) =>
		await listChats(adapter, config, transport, options),
	);
}

async function paginateMessages(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runList(this, requestData, async (ctx, adapter, config, transport, options) => {
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
		return await listMessages(adapter, config, String(conversationId), transport, options);
	});
}

/**
 * The routing of a list node, declared on its Return All parameter: every page request is built by the
 * bridge (the placeholder request below is replaced), paged by the bridge's engine, read by capturePage.
 */
export function listRouting(list: 'chats' | 'messages'): INodePropertyRouting {
	return {
		request: { method: 'GET', url: '/' },
		send: { paginate: true },
		operations: { pagination: list === 'chats' ? paginateChats : paginateMessages },
		output: { postReceive: [capturePage] },
	};
}
