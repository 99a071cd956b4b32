import type { Page, PageToken, PaginationStrategy } from './types';

/**
 * Reads a provider's "more pages?" flag; undefined when the page does not say. Adapters read it with
 * providers/common.ts `flag()`, so "true" and 1 page on, and a value that is no boolean is an error.
 */
type MoreFlag = (page: Page) => boolean | undefined;

/**
 * offset + hasMore (Noxivo, docs/providers.md §1.5). The offset advances by the page size asked for, not by the
 * records received: Noxivo pages can be short while `hasMore` is still true (de-duplication on its side).
 */
export function offsetStrategy(options: { hasMore: MoreFlag }): PaginationStrategy {
	return {
		tokenName: 'offset',
		initialToken: () => 0,
		nextToken(page: Page): PageToken | undefined {
			if (options.hasMore(page) !== true) return undefined;
			return Number(page.token ?? 0) + page.pageSize;
		},
		predictNext: (token, pageSize) => Number(token ?? 0) + pageSize,
	};
}

/**
 * An opaque cursor handed back by the provider (Vobiz `next_cursor`/`has_more`, legacy `cursor`,
 * docs/providers.md §2.4.2). Stops when the provider says there is no more, or gives no cursor.
 */
export function cursorStrategy(options: {
	cursor: (page: Page) => unknown;
	hasMore?: MoreFlag;
}): PaginationStrategy {
	return {
		tokenName: 'cursor',
		initialToken: () => undefined,
		nextToken(page: Page): PageToken | undefined {
			if (options.hasMore?.(page) === false) return undefined;
			const next = options.cursor(page);
			return typeof next === 'string' && next !== '' ? next : undefined;
		},
	};
}

/**
 * `before=<id of the oldest record of this page>` (inbox API, docs/providers.md §4.3.1). Stops on `hasNext`
 * false or an empty page.
 */
export function beforeAnchorStrategy(options: {
	oldestId: (page: Page) => string | undefined;
	hasMore: MoreFlag;
}): PaginationStrategy {
	return {
		tokenName: 'before',
		initialToken: () => undefined,
		nextToken(page: Page): PageToken | undefined {
			if (page.records.length === 0 || options.hasMore(page) === false) return undefined;
			return options.oldestId(page);
		},
	};
}

/**
 * Page numbers from `firstPage` (99digital pages of 50, docs/providers.md §3.3.1; inbox conversations §4.3.4).
 * Stops on an empty page, on the provider's own "no more" flag when it has one, otherwise on a short page.
 */
export function pageNumberStrategy(
	options: { firstPage?: number; hasMore?: MoreFlag } = {},
): PaginationStrategy {
	const firstPage = options.firstPage ?? 1;
	return {
		tokenName: 'page',
		initialToken: () => firstPage,
		nextToken(page: Page): PageToken | undefined {
			if (page.records.length === 0) return undefined;
			const flag = options.hasMore?.(page);
			if (flag === false) return undefined;
			if (flag === undefined && page.records.length < page.pageSize) return undefined;
			return Number(page.token ?? firstPage) + 1;
		},
		predictNext: (token) => Number(token ?? firstPage) + 1,
	};
}
