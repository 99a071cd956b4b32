import { createHash } from 'node:crypto';

import { BridgeError, isBridgeError, restated } from '../errors';
import type { HttpRequest, HttpResponse, Transport } from '../http';
import type { Mapped, ProviderId } from '../model';
import type { PageToken, Paginator, PagingCheckpoint, RequestOption } from './types';

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
	/** Keep each record's provider object as `raw` (Include Raw); false drops it as soon as it is mapped. Default true. */
	keepRaw?: boolean;
	/** Go on from where an earlier run of the same list stopped (its error's checkpoint), not from page 1. */
	resume?: PagingCheckpoint;
}

export type { PagingCheckpoint } from './types';

export const DEFAULT_MAX_PAGES = 5000;

/** Pages a provider whose tokens are known in advance (offsets, page numbers) may have in flight at once. */
export const PAGES_IN_FLIGHT = 3;

/**
 * Pages in a row that bring nothing new (no unseen id, and records exactly as on an earlier page), after which
 * paging ends with an error. Ids alone would not do: 99digital's chats are built from pages of history, whose
 * records mostly belong to chats already seen.
 */
export const MAX_PAGES_WITHOUT_NEW_RECORDS = 2;

/** A page requested and not yet read. */
interface PendingPage {
	token: PageToken | undefined;
	pageSize: number;
	response: Promise<HttpResponse>;
}

/**
 * Runs a ListSpec to the end (Return All, at the provider's largest page size) or until `limit` unique records
 * are in hand, never fetching a page that is not needed. Records whose id was already seen are dropped; the
 * same token twice, pages that bring nothing new twice in a row, or more pages than `maxPages` end with a
 * BridgeError instead of a loop. A page that fails (once the transport's retries are spent) ends paging with
 * an error that says where, carrying the records read before it.
 *
 * Pages in flight: Return All over a paginator with `inFlight` reads the first page alone, then keeps up to
 * `inFlight` pages requested at once (the ones past the last are dropped: at most `inFlight` requests more than
 * the pages), and reads one at a time from any answer worth a retry (a 429) on. Pages are still taken in order.
 * Offsets and page numbers over a newest-first list shift when messages arrive; one at a time that only
 * repeats records, but a later page answered before an earlier one would leave a gap. So such a read ends by
 * asking for its first page again: if it changed, what followed it is read again one page at a time, so that
 * nothing is lost.
 */
export async function paginate<T>(
	spec: ListSpec<T>,
	transport: Transport,
	options: PaginateOptions<NoInfer<T>> = {},
): Promise<Array<Mapped<T>>> {
	const { paginator } = spec;
	const { strategy } = paginator;
	const limit = options.limit;
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	const keepRaw = options.keepRaw ?? true;
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new BridgeError(
			'input',
			`Limit must be a whole number of 1 or more, not ${String(limit)}`,
			{
				provider: spec.provider,
				field: 'limit',
			},
		);
	}

	const { resume } = options;
	const out = [...(resume?.records ?? [])] as Array<Mapped<T>>;
	const seenIds = new Set(out.map((item) => spec.idOf(item.value)));
	const usedTokens = new Set<string>();
	let token: PageToken | undefined = resume ? resume.token : strategy.initialToken();
	let pages = resume?.pages ?? 0;
	let pagesWithoutNew = 0;
	const pageFingerprints = new Set<string>();

	// Limit, Newer Than and a resumed read go one page at a time: they should send only the requests needed.
	const predictNext = strategy.predictNext;
	let inFlight =
		limit === undefined && !options.stopAt && !resume && predictNext
			? (paginator.inFlight ?? 1)
			: 1;
	// A token that comes from the answer (a cursor) is known before the page is mapped: Return All asks for the
	// next page first, so that the provider serves it while this one is mapped. Still one request at a time.
	const readAhead = limit === undefined && !options.stopAt && !predictNext;
	let firstPage = resume?.firstPage;
	const ahead: PendingPage[] = [];
	const send = spec.transport ?? transport;
	const onTransient = () => {
		inFlight = 1;
	};
	const requestPage = (pageToken: PageToken | undefined, pageSize: number): PendingPage => {
		const request = buildPageRequest(spec.request, paginator, pageToken, pageSize);
		const response = send(inFlight > 1 || firstPage ? { ...request, onTransient } : request);
		// A page read ahead and then not needed must not become an unhandled rejection.
		response.catch(() => undefined);
		return { token: pageToken, pageSize, response };
	};
	const receivePage = async (page: PendingPage) => {
		const response = await page.response;
		spec.checkResponse(response);
		const body = response.body;
		return { body, records: spec.records(body) };
	};
	const mapPage = (records: unknown[]) => {
		const mapped: Array<Mapped<T>> = records.map((raw) => ({
			value: spec.map(raw),
			raw: keepRaw ? raw : undefined,
		}));
		if (spec.compare && !inOrder(mapped, spec.compare))
			mapped.sort((a, b) => spec.compare!(a.value, b.value));
		return mapped;
	};
	const readPage = async (page: PendingPage) => mapPage((await receivePage(page)).records);
	const idsOf = (mapped: Array<Mapped<T>>) =>
		mapped.map((item) => spec.idOf(item.value)).join('\n');

	try {
		for (;;) {
			if (pages >= maxPages) {
				throw new BridgeError(
					'pagination',
					`Stopped paging ${spec.providerName} ${spec.what} after ${maxPages} pages (the safety cap)`,
					{
						provider: spec.provider,
						description: `The provider kept reporting more pages. ${out.length} ${spec.what} were read before stopping; use Limit to read fewer.`,
						readSoFar: out,
					},
				);
			}
			if (token !== undefined) usedTokens.add(String(token));

			const remaining = limit === undefined ? Infinity : limit - out.length;
			const pageSize = paginator.pageSizeOption
				? Math.min(paginator.maxPageSize, remaining)
				: paginator.maxPageSize;
			let current = ahead.shift();
			if (current === undefined || current.token !== token || current.pageSize !== pageSize) {
				if (current) await settled([current, ...ahead.splice(0)]);
				current = requestPage(token, pageSize);
			}
			if (inFlight > 1 && pages > 0) {
				for (let last = ahead.at(-1) ?? current; ahead.length < inFlight - 1; ) {
					last = requestPage(predictNext!(last.token, last.pageSize), last.pageSize);
					ahead.push(last);
				}
			}
			let received: Awaited<ReturnType<typeof receivePage>>;
			try {
				received = await receivePage(current);
			} catch (error) {
				throw stoppedAt(spec, error, { token, pages, records: out, firstPage });
			}
			const { body, records } = received;
			const fingerprint = pageFingerprint(records);
			// Return All reads every page to its end, so asking for the next token before mapping changes nothing.
			const early = readAhead ? strategy.nextToken({ body, records, pageSize, token }) : undefined;
			if (
				early !== undefined &&
				pages + 1 < maxPages &&
				!usedTokens.has(String(early)) &&
				!pageFingerprints.has(fingerprint)
			) {
				ahead.push(requestPage(early, pageSize));
				await transport.letRequestsLeave?.();
			}
			let mapped: Array<Mapped<T>>;
			try {
				mapped = mapPage(records);
			} catch (error) {
				throw stoppedAt(spec, error, { token, pages, records: out, firstPage });
			}
			pages++;
			const before = out.length;
			for (const item of mapped) {
				if (options.stopAt?.(item.value, item.raw)) return out;
				const id = spec.idOf(item.value);
				if (seenIds.has(id)) continue;
				seenIds.add(id);
				out.push(item);
				if (limit !== undefined && out.length >= limit) return out;
			}

			const next = readAhead ? early : strategy.nextToken({ body, records, pageSize, token });
			if (next !== undefined && inFlight > 1 && pages === 1)
				firstPage = { ids: idsOf(mapped), kept: out.length, next };
			if (next === undefined) {
				if (!firstPage) return out;
				const check = firstPage;
				firstPage = undefined;
				const initial = strategy.initialToken();
				let again: Array<Mapped<T>>;
				try {
					again = await readPage(requestPage(initial, pageSize));
				} catch (error) {
					// What was read may have a gap: a run that goes on from here reads it all again.
					throw stoppedAt(spec, error, { token: initial, pages, records: out });
				}
				pages++;
				if (idsOf(again) === check.ids) return out;
				// The list moved while pages were in flight: the rest again, one page at a time, as if read so.
				for (const item of out.splice(check.kept)) seenIds.delete(spec.idOf(item.value));
				inFlight = 1;
				usedTokens.clear();
				pageFingerprints.clear();
				pagesWithoutNew = 0;
				token = check.next;
				continue;
			}
			if (usedTokens.has(String(next))) throw sameTokenTwice(spec, next, pages, out);
			pagesWithoutNew =
				out.length === before && pageFingerprints.has(fingerprint) ? pagesWithoutNew + 1 : 0;
			pageFingerprints.add(fingerprint);
			if (pagesWithoutNew >= MAX_PAGES_WITHOUT_NEW_RECORDS)
				throw pagesRepeated(spec, pagesWithoutNew, pages, out);
			token = next;
		}
	} finally {
		// Pages still in flight are answered before the list is handed on (or its error is).
		await settled(ahead);
	}
}

async function settled(pending: readonly PendingPage[]): Promise<void> {
	await Promise.allSettled(pending.map((page) => page.response));
}

/**
 * What tells a repeated page from a new one: its size and its first and last records. Hashing whole pages
 * cost as much as reading them; a provider that repeats a page repeats its ends too.
 */
function pageFingerprint(records: readonly unknown[]): string {
	const ends =
		records.length === 0 ? '' : JSON.stringify([records[0], records[records.length - 1]]);
	return createHash('sha1').update(`${records.length}:${ends}`).digest('hex');
}

function sameTokenTwice<T>(
	spec: ListSpec<T>,
	token: PageToken,
	pages: number,
	out: Array<Mapped<T>>,
): BridgeError {
	return new BridgeError(
		'pagination',
		`${spec.providerName} returned the same ${spec.paginator.strategy.tokenName} "${String(token)}" twice while paging ${spec.what}`,
		{
			provider: spec.provider,
			description: `Paging stopped to avoid an endless loop after ${pages} requests and ${out.length} ${spec.what}. This is a fault on the provider's side; try again later or use Limit.`,
			readSoFar: out,
		},
	);
}

function pagesRepeated<T>(
	spec: ListSpec<T>,
	repeats: number,
	pages: number,
	out: Array<Mapped<T>>,
): BridgeError {
	return new BridgeError(
		'pagination',
		`${spec.providerName} repeated a page of ${spec.what} ${repeats} times in a row (pages ${pages - repeats + 1} to ${pages}), with nothing new`,
		{
			provider: spec.provider,
			description: `Its ${spec.paginator.strategy.tokenName} moved on but the pages brought back ${spec.what} already read, so paging stopped after ${pages} requests and ${out.length} ${spec.what} instead of running to the page cap. This is a fault on the provider's side; try again later or use Limit.`,
			readSoFar: out,
		},
	);
}

/**
 * A page that failed, restated with where paging stopped and how much was read (a first page's error is left
 * as it is: nothing was read). Carries the records read, for Continue On Fail, and the checkpoint to go on from.
 */
function stoppedAt<T>(
	spec: ListSpec<T>,
	error: unknown,
	at: PagingCheckpoint & { records: Array<Mapped<T>> },
): unknown {
	if (!isBridgeError(error) || at.pages === 0) return error;
	const { tokenName } = spec.paginator.strategy;
	const where = `page ${at.pages + 1}${at.token !== undefined && tokenName !== 'page' ? ` (${tokenName} ${JSON.stringify(at.token)})` : ''}`;
	const read = `${at.records.length} ${spec.what}`;
	return restated(error, {
		message: `${error.message}; paging stopped at ${where} after ${read}`,
		description: [
			error.description,
			`${spec.providerName} failed at ${where} of the ${spec.what}, after ${read} had been read. With the node's On Error setting at "Continue", those ${read} come out before this error; run again to read everything.`,
		]
			.filter(Boolean)
			.join(' '),
		readSoFar: at.records,
		checkpoint: {
			token: at.token,
			pages: at.pages,
			records: [...at.records],
			...(at.firstPage ? { firstPage: at.firstPage } : {}),
		},
	});
}

/** Whether a page already is in `compare` order (providers mostly send it so): then it is not sorted. */
function inOrder<T>(page: ReadonlyArray<Mapped<T>>, compare: (a: T, b: T) => number): boolean {
	for (let i = 1; i < page.length; i++)
		if (compare(page[i - 1].value, page[i].value) > 0) return false;
	return true;
}

export function buildPageRequest(
	base: HttpRequest,
	paginator: Paginator,
	token: PageToken | undefined,
	pageSize: number,
): HttpRequest {
	let request: HttpRequest = {
		...base,
		qs: { ...base.qs },
		body: base.body ? { ...base.body } : undefined,
	};
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
			return {
				...request,
				path: request.path.replace(`{${option.field}}`, encodeURIComponent(String(value))),
			};
	}
}
