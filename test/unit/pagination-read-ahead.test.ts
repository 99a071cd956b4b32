import { isBridgeError } from '../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../bridge/http';
import { paginate, type PaginateOptions } from '../../bridge/pagination/engine';
import { cursorPaginator, rowSpec, type Row } from './rowList';

/**
 * A cursor comes with the answer, so pages cannot be in flight at once; but Return All asks for the next page
 * as soon as its cursor is known, before it maps the page in hand, so the provider serves one while the other
 * is mapped. Still one request at a time, and no request a one-page-at-a-time read would not send.
 */

const PAGE = 3;

/** Cursor pages of PAGE rows over `pages`, each answered on a later turn of the event loop; `log` says what happened when. */
function server(pages: Row[][], cursorOf = (index: number) => `c${index}`) {
	const log: string[] = [];
	let unanswered = 0;
	let mostUnanswered = 0;
	const transport = (request: HttpRequest): Promise<HttpResponse> => {
		const cursor = request.qs?.cursor === undefined ? undefined : String(request.qs.cursor);
		log.push(`send ${cursor ?? 'first'}`);
		mostUnanswered = Math.max(mostUnanswered, ++unanswered);
		const index = cursor === undefined ? 0 : Number(cursor.replace(/^c/, ''));
		return new Promise((resolve) =>
			setImmediate(() => {
				unanswered--;
				const last = index === pages.length - 1;
				resolve({
					statusCode: 200,
					headers: {},
					body: { items: pages[index] ?? [], ...(last ? {} : { next: cursorOf(index + 1) }) },
				});
			}),
		);
	};
	const spec = rowSpec(cursorPaginator(PAGE), {
		map: (raw) => {
			log.push(`map ${(raw as Row).id}`);
			return raw as Row;
		},
	});
	const read = (options: PaginateOptions<Row> = {}) => paginate(spec, transport, options);
	return { read, log, mostUnanswered: () => mostUnanswered };
}

const page = (...ids: string[]): Row[] => ids.map((id) => ({ id }));
const ids = (items: ReadonlyArray<{ value: Row }>) => items.map((item) => item.value.id);

describe('pagination engine: the next cursor page is asked for before this page is mapped', () => {
	it('Return All sends each next request before mapping the page in hand, one request at a time, no extra', async () => {
		const { read, log, mostUnanswered } = server([
			page('a', 'b', 'c'),
			page('d', 'e', 'f'),
			page('g'),
		]);
		expect(ids(await read())).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
		expect(log).toEqual([
			'send first',
			'send c1',
			'map a',
			'map b',
			'map c',
			'send c2',
			'map d',
			'map e',
			'map f',
			'map g',
		]);
		expect(mostUnanswered()).toBe(1);
	});

	it('Limit reads one page at a time: no request for a page it may not need', async () => {
		const { read, log } = server([page('a', 'b', 'c'), page('d', 'e', 'f'), page('g')]);
		expect(ids(await read({ limit: 3 }))).toEqual(['a', 'b', 'c']);
		expect(log.filter((entry) => entry.startsWith('send'))).toEqual(['send first']);
	});

	it('Newer Than reads one page at a time: nothing past the page that reaches the point', async () => {
		const { read, log } = server([page('a', 'b', 'c'), page('d', 'e', 'f'), page('g')]);
		expect(ids(await read({ stopAt: (row) => row.id === 'e' }))).toEqual(['a', 'b', 'c', 'd']);
		expect(log.filter((entry) => entry.startsWith('send'))).toEqual(['send first', 'send c1']);
	});

	it('a cursor given twice is not asked for again: the read ends with the error, after two requests', async () => {
		const { read, log } = server([page('a', 'b', 'c'), page('d', 'e', 'f'), page('g')], () => 'c1');
		const error = await read().catch((e: unknown) => e);
		expect(isBridgeError(error) && error.message).toBe(
			'Noxivo returned the same cursor "c1" twice while paging messages',
		);
		expect(log.filter((entry) => entry.startsWith('send'))).toEqual(['send first', 'send c1']);
	});

	it('the page cap counts the page asked for ahead: no request past it', async () => {
		const { read, log } = server([page('a', 'b', 'c'), page('d', 'e', 'f'), page('g')]);
		const error = await read({ maxPages: 2 }).catch((e: unknown) => e);
		expect(isBridgeError(error) && error.message).toBe(
			'Stopped paging Noxivo messages after 2 pages (the safety cap)',
		);
		expect(log.filter((entry) => entry.startsWith('send'))).toEqual(['send first', 'send c1']);
	});
});
