import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { BridgeError, isBridgeError } from '../errors';

/**
 * RoutingNode starts every input item's request at once. Messages to one chat must go out in item order,
 * and after an item fails (without Continue On Fail) the following ones must not go out at all. So the
 * items of one node run wait for each other, queued on that run's execute data: one object shared by the
 * run's items and dropped with it, so nothing outlives the execution.
 */

interface Queue {
	/** The last item index that joined; items join in order 0, 1, … as RoutingNode starts them. */
	lastItem: number;
	/** Settles with whether every item so far went through. */
	tail: Promise<boolean>;
}

const queues = new WeakMap<object, Queue>();

type Send<T> = () => Promise<T>;

/** The node run an item's send belongs to (its execute data, shared by the run's items) and the item's index. */
function runItemOf(ctx: IExecuteSingleFunctions): { run: object; itemIndex: number } | null {
	const run = ctx.getExecuteData() as object | undefined;
	return run ? { run, itemIndex: ctx.getItemIndex() } : null;
}

export async function inItemOrder<T>(ctx: IExecuteSingleFunctions, send: Send<T>): Promise<T> {
	const at = runItemOf(ctx);
	if (!at) return await send();
	const { run, itemIndex } = at;
	let queue = queues.get(run);
	// An index not above the last one means the node runs again on the same data ("Retry On Fail").
	if (!queue || itemIndex <= queue.lastItem) {
		queue = { lastItem: -1, tail: Promise.resolve(true) };
		queues.set(run, queue);
	}
	const earlier = queue.tail;
	let settle: (wentThrough: boolean) => void = () => {};
	queue.tail = new Promise((resolve) => (settle = resolve));
	queue.lastItem = itemIndex;

	if (!(await earlier) && !ctx.continueOnFail()) {
		settle(false);
		throw new BridgeError('input', 'Not sent because an earlier item failed');
	}
	let wentThrough = false;
	try {
		const result = await send();
		wentThrough = true;
		return result;
	} finally {
		settle(wentThrough);
	}
}

/**
 * What each item's send came to in this node run, kept across n8n's "Retry On Fail" tries (WorkflowExecute
 * runs the node again with the same execute data): a message that went out, or may have, is never sent
 * again; the earlier result (or the may-have-been-sent error) is returned instead. Kept on the run's
 * execute data, so it goes with the execution.
 */
type SendOutcome<T> = { result: T } | { maybeSent: unknown };

const outcomes = new WeakMap<object, Map<number, SendOutcome<unknown>>>();

export async function onceInExecution<T>(ctx: IExecuteSingleFunctions, send: Send<T>): Promise<T> {
	const at = runItemOf(ctx);
	if (!at) return await send();
	const { run, itemIndex } = at;
	let sent = outcomes.get(run);
	if (!sent) outcomes.set(run, (sent = new Map()));
	const earlier = sent.get(itemIndex) as SendOutcome<T> | undefined;
	if (earlier) {
		if ('result' in earlier) return earlier.result;
		throw earlier.maybeSent;
	}
	try {
		const result = await send();
		sent.set(itemIndex, { result });
		return result;
	} catch (error) {
		throw remembered(sent, itemIndex, error);
	}
}

/** Keeps an error that leaves open whether the message went out, so no later try sends it again. */
function remembered(
	sent: Map<number, SendOutcome<unknown>>,
	itemIndex: number,
	error: unknown,
): unknown {
	if (isBridgeError(error) && error.maybeSent) sent.set(itemIndex, { maybeSent: error });
	return error;
}
