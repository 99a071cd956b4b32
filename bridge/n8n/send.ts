import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { idempotencyKey } from '../sending/idempotency';
import { parseSendParameters, type SendParameters } from '../sending/input';
import { sendMessage } from '../sending/operations';
import type { BinaryReader } from '../sending/types';
import { inItemOrder, onceInExecution } from './sendInItemOrder';
import { itemOperationRouting, runItemOperation } from './itemOperation';

/** The WhatsApp Send node's glue: its parameters to the bridge's send, one message per input item. */

const PARAMETER_NAMES: ReadonlyArray<keyof SendParameters> = [
	'to',
	'messageType',
	'text',
	'mediaType',
	'mediaSource',
	'mediaUrl',
	'binaryPropertyName',
	'mediaOptions',
	'templateName',
	'templateLanguage',
	'templateBodyParameters',
	'templateOptions',
	'latitude',
	'longitude',
	'locationOptions',
	'options',
];

/** Parameters hidden by the message type are absent; they read as undefined. */
function readParameters(ctx: IExecuteSingleFunctions): SendParameters {
	const entries = PARAMETER_NAMES.map((name) => [
		name,
		ctx.getNodeParameter(name, null) ?? undefined,
	]);
	return Object.fromEntries(entries) as SendParameters;
}

/** The current input item's binary property, through n8n's binary helpers (any binary data mode). */
function binaryReader(ctx: IExecuteSingleFunctions): BinaryReader {
	return async (property) => {
		const binary = ctx.helpers.assertBinaryData(property);
		const buffer = await ctx.helpers.getBinaryDataBuffer(property);
		return {
			data: buffer.toString('base64'),
			mimeType: binary.mimeType || null,
			fileName: binary.fileName ?? null,
		};
	};
}

function keyOf(ctx: IExecuteSingleFunctions): string | null {
	const itemIndex = ctx.getItemIndex();
	return idempotencyKey({
		workflowId: ctx.getWorkflow().id,
		executionId: ctx.getExecutionId(),
		nodeName: ctx.getNode().name,
		runIndex: ctx.getWorkflowDataProxy(itemIndex).$runIndex,
		itemIndex,
	});
}

async function sendItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await inItemOrder(
		this,
		async () =>
			await runItemOperation(
				this,
				requestData,
				async (ctx, { adapter, config, transport }) =>
					await onceInExecution(ctx, async () => {
						const draft = parseSendParameters(readParameters(ctx), keyOf(ctx));
						return await sendMessage(adapter, config, draft, binaryReader(ctx), transport);
					}),
			),
	);
}

/** Declared on the node's To parameter: every item is sent by the bridge through n8n's routing request. */
export function sendRouting(): INodePropertyRouting {
	return itemOperationRouting(sendItem);
}
