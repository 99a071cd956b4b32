import type { Mapped, ProviderId } from './model';
import type { PagingCheckpoint } from './pagination/types';

/**
 * Errors the bridge raises. They carry what a user needs to act (message, description) and never a secret:
 * no header, no request body, no credential value is ever put into one. bridge/n8n turns them into
 * NodeApiError / NodeOperationError.
 */
export type BridgeErrorKind =
	| 'http' // the provider answered with an error
	| 'pagination' // paging could not finish (repeated cursor, page cap)
	| 'input' // a parameter or input item is not usable
	| 'unsupported' // the provider cannot do this at all
	| 'response'; // the provider answered 2xx with something we cannot read

export interface BridgeErrorOptions {
	provider?: ProviderId | null;
	description?: string;
	httpCode?: number;
	field?: string;
	network?: string;
	maybeSent?: boolean;
	readSoFar?: ReadonlyArray<Mapped<unknown>>;
	checkpoint?: PagingCheckpoint;
}

export class BridgeError extends Error {
	readonly kind: BridgeErrorKind;
	readonly provider: ProviderId | null;
	readonly description: string | undefined;
	readonly httpCode: number | undefined;
	/** The parameter the error is about, for input errors. */
	readonly field: string | undefined;
	/** The request got no answer (a network error code such as ECONNRESET, or `timeout`). */
	readonly network: string | undefined;
	/** A send that failed in a way that leaves open whether the provider took the message. */
	readonly maybeSent: boolean;
	/** What a list had read before it failed, for Continue On Fail to put out before the error. */
	readonly readSoFar: ReadonlyArray<Mapped<unknown>>;
	/** Where that list stopped, to go on from there when the node is tried again. */
	readonly checkpoint: PagingCheckpoint | undefined;

	constructor(kind: BridgeErrorKind, message: string, options: BridgeErrorOptions = {}) {
		super(message);
		this.name = 'BridgeError';
		this.kind = kind;
		this.provider = options.provider ?? null;
		this.description = options.description;
		this.httpCode = options.httpCode;
		this.field = options.field;
		this.network = options.network;
		this.maybeSent = options.maybeSent ?? false;
		this.readSoFar = options.readSoFar ?? [];
		this.checkpoint = options.checkpoint;
	}
}

export function isBridgeError(error: unknown): error is BridgeError {
	return error instanceof BridgeError;
}

/** The same error with more said: another message, description or partial result; everything else kept. */
export function restated(
	error: BridgeError,
	changes: Pick<BridgeErrorOptions, 'description' | 'maybeSent' | 'readSoFar' | 'checkpoint'> & {
		message?: string;
	},
): BridgeError {
	return new BridgeError(error.kind, changes.message ?? error.message, {
		provider: error.provider,
		description: 'description' in changes ? changes.description : error.description,
		httpCode: error.httpCode,
		field: error.field,
		network: error.network,
		maybeSent: changes.maybeSent ?? error.maybeSent,
		readSoFar: changes.readSoFar ?? error.readSoFar,
		checkpoint: changes.checkpoint ?? error.checkpoint,
	});
}
