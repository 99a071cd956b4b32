import { createHash } from 'node:crypto';

/** Where one send happens: the same place always gets the same key, any other place another key. */
export interface SendPlace {
	workflowId: string | undefined;
	executionId: string | undefined;
	nodeName: string;
	/** How many times the node ran before in this execution (a loop runs it again with new items). */
	runIndex: number;
	itemIndex: number;
}

/**
 * An idempotency key for one send: n8n's "Retry On Fail" repeats the same execution, run and item, so a
 * retried request carries the same key and the provider sends it once; another item, run or execution
 * gets another key. Null when there is no execution id to derive it from.
 */
export function idempotencyKey(place: SendPlace): string | null {
	if (!place.executionId) return null;
	const identity = JSON.stringify([
		place.workflowId ?? '',
		place.executionId,
		place.nodeName,
		place.runIndex,
		place.itemIndex,
	]);
	return `n8n-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}
