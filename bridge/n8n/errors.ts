import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { isBridgeError } from '../errors';
import { maskSecrets } from '../secrets';

/**
 * A BridgeError as the n8n error a user reads: NodeApiError for what the provider answered, NodeOperationError
 * for bad input. `itemIndex` is the input item that failed, so n8n shows which; null for the triggers, which
 * have no input item. Anything else is wrapped without its stack or request details. Secrets are masked.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number | null,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const item = itemIndex === null ? {} : { itemIndex };
	if (isBridgeError(error)) {
		const message = maskSecrets(error.message, secrets) as string;
		const description = maskSecrets(error.description, secrets);
		if (error.kind === 'input' || error.kind === 'unsupported') {
			return new NodeOperationError(
				node,
				itemIndex === null ? message : `${message} [item ${itemIndex}]`,
				{ ...item, description },
			);
		}
		const httpCode = error.httpCode !== undefined ? String(error.httpCode) : undefined;
		const response: JsonObject = {
			message,
			...(description ? { description } : {}),
			...(httpCode ? { httpCode } : {}),
		};
		return new NodeApiError(node, response, { message, description, httpCode, ...item });
	}
	const message = maskSecrets(
		error instanceof Error ? error.message : String(error),
		secrets,
	) as string;
	return new NodeOperationError(node, message, item);
}
