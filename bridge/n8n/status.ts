import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { BridgeError } from '../errors';
import { messageStatus, sessionStatus } from '../sending/operations';
import { itemOperationRouting, runItemOperation, type ItemOperation } from './itemOperation';

/** The WhatsApp Status node's glue: one status read per input item. */

const OPERATIONS: Record<string, ItemOperation> = {
	messageStatus: async (ctx, { adapter, config, transport }) =>
		await messageStatus(adapter, config, ctx.getNodeParameter('messageId', ''), transport),
	sessionStatus: async (_ctx, { adapter, config, transport }) =>
		await sessionStatus(adapter, config, transport),
};

async function statusItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runItemOperation(this, requestData, async (ctx, operation) => {
		const name = ctx.getNodeParameter('operation') as string;
		const run = OPERATIONS[name];
		if (!run)
			throw new BridgeError(
				'input',
				`Operation "${name}" is not one of ${Object.keys(OPERATIONS).join(', ')}`,
				{ field: 'operation' },
			);
		return await run(ctx, operation);
	});
}

/** Declared on the node's Operation parameter. */
export function statusRouting(): INodePropertyRouting {
	return itemOperationRouting(statusItem);
}
