import type { Simulator } from '../index';
import type { ProviderName } from '../core/types';

/** Helpers for checking the simulator's answers against docs/providers.md. */

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * The keys and value types of `actual` against a documented example: the same keys (plus `extra`), each value
 * of the example's type, or null where the spec says the field may be null. Returns the differences (none = []).
 */
export function shapeDifferences(
	actual: unknown,
	example: Record<string, unknown>,
	options: { nullable?: string[]; extra?: Record<string, string> } = {},
): string[] {
	if (typeName(actual) !== 'object') return [`expected an object, got ${typeName(actual)}`];
	const record = actual as Record<string, unknown>;
	const expectedTypes: Record<string, string[]> = {};
	for (const [key, value] of Object.entries(example))
		expectedTypes[key] = [typeName(value), ...(options.nullable?.includes(key) ? ['null'] : [])];
	for (const [key, type] of Object.entries(options.extra ?? {}))
		expectedTypes[key] = type.split('|');
	const differences: string[] = [];
	for (const key of Object.keys(record))
		if (!(key in expectedTypes)) differences.push(`unexpected key "${key}"`);
	for (const [key, types] of Object.entries(expectedTypes)) {
		if (!(key in record)) differences.push(`missing key "${key}"`);
		else if (!types.includes(typeName(record[key])))
			differences.push(`"${key}" is ${typeName(record[key])}, expected ${types.join(' or ')}`);
	}
	return differences;
}

export const FORMATS = {
	objectId: /^[0-9a-f]{24}$/,
	uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
	rfc3339: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
	isoMillis: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
	unixSecondsString: /^\d{10}$/,
	wahaId: /^(true|false)_\d+@c\.us_3EB0[0-9A-F]{16}$/,
	wamid: /^wamid\.[A-Za-z0-9]+$/,
	hex: /^[0-9a-f]+$/,
};

export interface Answer<T = unknown> {
	status: number;
	headers: Headers;
	body: T;
}

/** One HTTP call to a provider of the simulator, path relative to its base URL. */
export async function call<T = unknown>(
	sim: Simulator,
	provider: ProviderName,
	method: string,
	path: string,
	options: {
		headers?: Record<string, string>;
		body?: unknown;
		query?: Record<string, string | number>;
	} = {},
): Promise<Answer<T>> {
	const url = new URL(`${sim.baseUrl(provider)}${path}`);
	for (const [key, value] of Object.entries(options.query ?? {}))
		url.searchParams.set(key, String(value));
	const response = await fetch(url, {
		method,
		headers: {
			...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...options.headers,
		},
		...(options.body !== undefined
			? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
			: {}),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: (text ? JSON.parse(text) : undefined) as T,
	};
}
