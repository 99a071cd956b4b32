import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { isBridgeError, restated } from '../errors';
import type { Transport } from '../http';
import type { Mapped, ProviderConfig } from '../model';
import { getProvider, type ProviderAdapter } from '../providers';
import { secretMasker } from '../secrets';
import { toNodeError } from './errors';
import { transportSettingsOf } from './properties';
import { capturePage, routingTransport, type RetryLog } from './transport';

/** The secrets of a credential, so an error can never repeat them. */
export function secretsOf(adapter: ProviderAdapter, config: ProviderConfig): string[] {
	return adapter.secretFields
		.map((field) => config[field])
		.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** What an item operation gets: the provider chosen on the node, its credential, and n8n's request machinery. */
export interface ItemOperationContext {
	adapter: ProviderAdapter;
	config: ProviderConfig;
	transport: Transport;
}

/** One bridge operation for one input item: a list (many results), a send or a status read (one). */
export type ItemOperation = (
	ctx: IExecutePaginationFunctions,
	operation: ItemOperationContext,
) => Promise<Mapped<object> | Array<Mapped<object>>>;

/**
 * Runs one bridge operation for the current input item and returns its result items, each paired to the
 * input item, with `raw` when "Include Raw" is on. An error becomes the n8n error a user reads; with
 * Continue On Fail it is that item's output instead (RoutingNode's own continue-on-fail item would have no
 * pairedItem).
 */
export async function runItemOperation(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	operate: ItemOperation,
): Promise<INodeExecutionData[]> {
	const itemIndex = ctx.getItemIndex();
	let secrets: string[] = [];
	let includeRaw = false;
	const toItems = (results: ReadonlyArray<Mapped<object>>): INodeExecutionData[] => {
		const masker = secretMasker(secrets);
		// One pairing for all the items of one input item (n8n only reads it): a long history holds no copy per item.
		const pairedItem = { item: itemIndex };
		return results.map(({ value, raw }) => ({
			json: masker.deep(includeRaw ? { ...value, raw } : value) as IDataObject,
			pairedItem,
		}));
	};
	const retries: RetryLog = { lastGaveUp: undefined };
	try {
		const adapter = getProvider(ctx.getNodeParameter('provider'));
		const config = (await ctx.getCredentials(adapter.credentialType)) as ProviderConfig;
		secrets = secretsOf(adapter, config);
		includeRaw = ctx.getNodeParameter('options.includeRaw', false) as boolean;
		const transport = routingTransport(
			ctx,
			requestData,
			adapter,
			transportSettingsOf(ctx),
			retries,
		);
		const results = await operate(ctx, { adapter, config, transport });
		return toItems(Array.isArray(results) ? results : [results]);
	} catch (error) {
		const nodeError = toNodeError(ctx.getNode(), withRetryNote(error, retries), itemIndex, secrets);
		if (!ctx.continueOnFail()) throw nodeError;
		// A list that failed part-way puts out what it read, then the error saying so.
		const readSoFar = isBridgeError(error) ? toItems(error.readSoFar as Array<Mapped<object>>) : [];
		return [
			...readSoFar,
			{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
		];
	}
}

/** A provider's error answer to a request that was retried says so (an unanswered one already does). */
function withRetryNote(error: unknown, retries: RetryLog): unknown {
	if (
		!isBridgeError(error) ||
		error.kind !== 'http' ||
		error.network !== undefined ||
		!retries.lastGaveUp
	)
		return error;
	return restated(error, {
		description: `${error.description ? `${error.description} ` : ''}Retries: ${retries.lastGaveUp}.`,
	});
}

/**
 * The routing of a node whose requests the bridge makes: RoutingNode hands a custom `operations.pagination`
 * function its routing request maker (credential authentication, base URL, proxy and timeout applied) and
 * takes the items it returns. A list pages, and a send or status read may need several requests (Noxivo's
 * inbox-prefix and session fallbacks, docs/providers.md §1.4, §1.4.8); each must return its own error item,
 * which preSend/postReceive hooks cannot do. The placeholder request below is never sent as is; makeRoutingRequest
 * applies the node's postReceive chain to every page, so capturePage hands the bridge whole responses.
 */
export function itemOperationRouting(
	run: (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	) => Promise<INodeExecutionData[]>,
): INodePropertyRouting {
	return {
		request: { method: 'POST', url: '/' },
		send: { paginate: true },
		operations: { pagination: run },
		output: { postReceive: [capturePage] },
	};
}
