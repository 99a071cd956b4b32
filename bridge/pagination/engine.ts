import { BridgeError } from '../errors';
import type { HttpRequest, HttpResponse, Transport } from '../http';
import type { Mapped, ProviderId } from '../model';
import type { PageToken, Paginator, RequestOption } from './types';

/** Everything the engine needs to page through one list of one provider. */
export interface ListSpec<T> {
	provider: ProviderId;
	/** The provider's display name, for errors ("Vobiz"). */
	providerName: string;
	/** What is being listed, for errors ("messages", "chats"). */
	what: string;
	/** The first request, without token or page size. */
	request: HttpRequest;
	paginator: Paginator;
	/** A provider's own wrapper around the caller's transport (a path fallback, say); the caller's otherwise. */
	transport?: Transport;
	/** Throws a BridgeError when the response is an error (HTTP status, or a provider's error-in-200). */
	checkResponse(response: HttpResponse): void;
	/** The records of one page; throws a BridgeError('response') for a body of an unknown shape. */
	records(body: unknown): unknown[];
	map(record: unknown): T;
	/** Identity for de-duplication across pages: the first record seen with an id wins. */
	idOf(value: T): string;
	/** Orders the records of one page before a limit cuts it: the ones to keep first (newest first). */
	compare?(a: T, b: T): number;
}

export interface PaginateOptions<T = unknown> {
	/** Stop once this many unique records are in hand; undefined = Return All. */
	limit?: number;
	/** Safety cap on requests: past it paging ends with an error instead of running on. */
	maxPages?: number;
	/**
	 * Records at or past this point end paging: the first record (in page order, after `compare`) for which
	 * it is true is left out with the rest of its page, and no further page is fetched.
	 */
	stopAt?(value: T, raw: unknown): boolean;
}

export const DEFAULT_MAX_PAGES = 5000;

/**
 * Runs a ListSpec to the end (Return All, at the provider's largest page size) or until `limit` unique records
 * are in hand, never fetching a page that is not needed. Records whose id was already seen are dropped; the
 * same token twice, or more pages than `maxPages`, ends with a BridgeError instead of a loop.
 */
export async function paginate<T>(
	spec: ListSpec<T>,
	transport: Transport,
	options: PaginateOptions<NoInfer<T>> = {},
): Promise<Array<Mapped<T>>> {
	const { paginator } = spec;
	const limit = options.limit;
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new BridgeError('input', `Limit must be a whole number of 1 or more, not ${String(limit)}`, {
			provider: spec.provider,
			field: 'limit',
		});
	}

	const out: Array<Mapped<T>> = [];
	const seenIds = new Set<string>();
	const usedTokens = new Set<string>();
	let token: PageToken | undefined = paginator.strategy.initialToken();
	let pages = 0;

	for (;;) {
		if (pages >= maxPages) {
			throw new BridgeError(
				'pagination',
				`Stopped paging ${spec.providerName} ${spec.what} after ${maxPages} pages (the safety cap)`,
				{
					provider: spec.provider,
					description: `The provider kept reporting more pages. ${out.length} ${spec.what} were read before stopping; use Limit to read fewer.`,
				},
			);
		}
		if (token !== undefined) usedTokens.add(String(token));

		const remaining = limit === undefined ? Infinity : limit - out.length;
		const pageSize = paginator.pageSizeOption
			? Math.min(paginator.maxPageSize, remaining)
			: paginator.maxPageSize;
		const request = buildPageRequest(spec.request, paginator, token, pageSize);
		const response = await (spec.transport ?? transport)(request);
		pages++;
		spec.checkResponse(response);

		const records = spec.records(response.body);
		const mapped = records.map((raw) => ({ value: spec.map(raw), raw }));
		if (spec.compare) mapped.sort((a, b) => spec.compare!(a.value, b.value));
		for (const item of mapped) {
			if (options.stopAt?.(item.value, item.raw)) return out;
			const id = spec.idOf(item.value);
			if (seenIds.has(id)) continue;
			seenIds.add(id);
			out.push(item);
			if (limit !== undefined && out.length >= limit) return out;
		}

		const next = paginator.strategy.nextToken({ body: response.body, records, pageSize, token });
		if (next === undefined) return out;
		if (usedTokens.has(String(next))) {
			throw new BridgeError(
				'pagination',
				`${spec.providerName} returned the same ${paginator.strategy.tokenName} "${String(next)}" twice while paging ${spec.what}`,
				{
					provider: spec.provider,
					description: `Paging stopped to avoid an endless loop after ${pages} requests and ${out.length} ${spec.what}. This is a fault on the provider's side; try again later or use Limit.`,
				},
			);
		}
		token = next;
	}
}

export function buildPageRequest(
	base: HttpRequest,
	paginator: Paginator,
	token: PageToken | undefined,
	pageSize: number,
): HttpRequest {
	let request: HttpRequest = { ...base, qs: { ...base.qs }, body: base.body ? { ...base.body } : undefined };
	if (paginator.pageSizeOption) request = inject(request, paginator.pageSizeOption, pageSize);
	if (token !== undefined) request = inject(request, paginator.tokenOption, token);
	return request;
}

function inject(request: HttpRequest, option: RequestOption, value: PageToken): HttpRequest {
	switch (option.inject) {
		case 'query':
			return { ...request, qs: { ...request.qs, [option.field]: value } };
		case 'body':
			return { ...request, body: { ...request.body, [option.field]: value } };
		case 'path':
			return { ...request, path: request.path.replace(`{${option.field}}`, encodeURIComponent(String(value))) };
	}
}
