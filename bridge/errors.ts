import type { ProviderId } from './model';

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

export class BridgeError extends Error {
	readonly kind: BridgeErrorKind;
	readonly provider: ProviderId | null;
	readonly description: string | undefined;
	readonly httpCode: number | undefined;
	/** The parameter the error is about, for input errors. */
	readonly field: string | undefined;

	constructor(
		kind: BridgeErrorKind,
		message: string,
		options: { provider?: ProviderId | null; description?: string; httpCode?: number; field?: string } = {},
	) {
		super(message);
		this.name = 'BridgeError';
		this.kind = kind;
		this.provider = options.provider ?? null;
		this.description = options.description;
		this.httpCode = options.httpCode;
		this.field = options.field;
	}
}

export function isBridgeError(error: unknown): error is BridgeError {
	return error instanceof BridgeError;
}
