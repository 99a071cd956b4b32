import type { ListSpec } from '../../bridge/pagination/engine';
import {
	cursorStrategy,
	offsetStrategy,
	pageNumberStrategy,
} from '../../bridge/pagination/strategies';
import type { Paginator } from '../../bridge/pagination/types';

/**
 * A list of `{ id }` rows at `/items`, for the pagination engine's unit tests: its ListSpec and the two
 * paginators of known tokens (offset + hasMore, page numbers in the body), and one of a cursor from the answer.
 */

export interface Row {
	id: string;
}

export const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }));

export function rowSpec(
	paginator: Paginator,
	overrides: Partial<ListSpec<Row>> = {},
): ListSpec<Row> {
	return {
		provider: 'noxivo',
		providerName: 'Noxivo',
		what: 'messages',
		request: { method: 'GET', path: '/items' },
		paginator,
		checkResponse: () => undefined,
		records: (body) => (body as { items: unknown[] }).items,
		map: (raw) => raw as Row,
		idOf: (row) => row.id,
		...overrides,
	};
}

export function offsetPaginator(maxPageSize: number, inFlight?: number): Paginator {
	return {
		strategy: offsetStrategy({ hasMore: (p) => (p.body as { hasMore: boolean }).hasMore }),
		tokenOption: { inject: 'query', field: 'offset' },
		pageSizeOption: { inject: 'query', field: 'limit' },
		maxPageSize,
		...(inFlight === undefined ? {} : { inFlight }),
	};
}

export function pageNumberPaginator(maxPageSize: number, inFlight?: number): Paginator {
	return {
		strategy: pageNumberStrategy(),
		tokenOption: { inject: 'body', field: 'page' },
		maxPageSize,
		...(inFlight === undefined ? {} : { inFlight }),
	};
}

/** `next` in the body, as the next request's `cursor` query parameter (Vobiz-like). */
export function cursorPaginator(maxPageSize: number): Paginator {
	return {
		strategy: cursorStrategy({ cursor: (p) => (p.body as { next?: string }).next }),
		tokenOption: { inject: 'query', field: 'cursor' },
		pageSizeOption: { inject: 'query', field: 'limit' },
		maxPageSize,
	};
}
