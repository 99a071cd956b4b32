import type { Mapped } from '../model';

/**
 * Pagination is data (docs/architecture.md): a provider declares a Paginator and the one engine runs it.
 * As in Airbyte's low-code paginators, the strategy (how the next token is found, when to stop) is kept apart
 * from the RequestOption (where the token and the page size go in the request).
 */

export type PageToken = string | number;

/** What a strategy sees of the page it has just been given. */
export interface Page {
	body: unknown;
	records: unknown[];
	/** The page size this request asked for (the provider's fixed size when it takes none). */
	pageSize: number;
	/** The token this page was requested with (undefined for a first page without one). */
	token: PageToken | undefined;
}

export interface PaginationStrategy {
	/** Shown in errors: 'offset', 'cursor', 'before', 'page'. */
	readonly tokenName: string;
	initialToken(): PageToken | undefined;
	/** The token of the next page, or undefined when this page was the last. */
	nextToken(page: Page): PageToken | undefined;
	/**
	 * The token the page after `token` will have if there is one, known before that page is read: only where
	 * tokens do not come from the answer (offsets, page numbers), which is what lets pages be in flight at once.
	 */
	predictNext?(token: PageToken | undefined, pageSize: number): PageToken;
}

/** Where a value is put in a request: a query parameter, a JSON body field, or a `{field}` path placeholder. */
export interface RequestOption {
	inject: 'query' | 'body' | 'path';
	field: string;
}

export interface Paginator {
	strategy: PaginationStrategy;
	tokenOption: RequestOption;
	/** Where the page size goes; absent for providers with a fixed page size (99digital). */
	pageSizeOption?: RequestOption;
	/** The largest page the provider serves (Return All always asks for it). */
	maxPageSize: number;
	/**
	 * How many pages Return All may have requested at once (default 1), for a strategy with `predictNext`
	 * over a list whose pages a client may read in any order (engine.ts says when it does).
	 */
	inFlight?: number;
}

/** Where a list stopped on a failed page: that page's token, the pages read before it, and their records. */
export interface PagingCheckpoint {
	token: PageToken | undefined;
	pages: number;
	records: ReadonlyArray<Mapped<unknown>>;
	/** Set when pages were in flight at once before the failure: the read ends by checking its first page again. */
	firstPage?: FirstPage;
}

/** The first page of a read whose later pages were in flight at once: its ids in order, its records kept, the token after it. */
export interface FirstPage {
	ids: string;
	kept: number;
	next: PageToken;
}
