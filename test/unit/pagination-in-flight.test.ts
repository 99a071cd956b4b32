import { BridgeError, isBridgeError } from '../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../bridge/http';
import { paginate, type PaginateOptions } from '../../bridge/pagination/engine';
import type { Paginator } from '../../bridge/pagination/types';
import { offsetPaginator, pageNumberPaginator, rowSpec, type Row } from './rowList';

/**
 * Pages in flight at once (Noxivo's offsets, 99digital's page numbers): never more requests than the pages
 * plus the number in flight, pages taken in order whatever order they are answered in, one at a time after an
 * answer worth a retry, and nothing lost when the list moves while pages are in flight.
 */

const IN_FLIGHT = 3;
const offsets = offsetPaginator(10, IN_FLIGHT);
const pageNumbers = pageNumberPaginator(10, IN_FLIGHT);

/**
 * A newest-first list of `total` records served by offset or page number. Each request is answered on a later
 * turn of the event loop, the newest request first when `lastInFirstOut` (pages come back out of order);
 * `beforeAnswer` may change the list (new records) or fail the request.
 */
function server(
	total: number,
	options: {
		lastInFirstOut?: boolean;
		beforeAnswer?: (request: HttpRequest, list: Row[]) => void;
	} = {},
) {
	const list: Row[] = Array.from({ length: total }, (_, i) => ({ id: `m${total - i}` }));
	const pending: Array<() => void> = [];
	const requests: HttpRequest[] = [];
	/** How many requests were unanswered (this one included) when each request was sent. */
	const inFlightWhenSent: number[] = [];
	let inFlight = 0;
	const answerOne = () => {
		const answer = options.lastInFirstOut ? pending.pop() : pending.shift();
		answer?.();
	};
	const transport = (request: HttpRequest): Promise<HttpResponse> =>
		new Promise<HttpResponse>((resolve, reject) => {
			requests.push(request);
			inFlightWhenSent.push(++inFlight);
			pending.push(() => {
				inFlight--;
				try {
					options.beforeAnswer?.(request, list);
				} catch (error) {
					reject(error);
					return;
				}
				const size = 10;
				const from =
					request.qs?.offset !== undefined
						? Number(request.qs.offset)
						: (Number(request.body?.page) - 1) * size;
				const items = list.slice(from, from + Number(request.qs?.limit ?? size));
				resolve({
					statusCode: 200,
					body: { items, hasMore: from + items.length < list.length },
					headers: {},
				});
			});
			setImmediate(answerOne);
		});
	return { list, transport, requests, inFlightWhenSent, unanswered: () => inFlight };
}

async function read(
	paginator: Paginator,
	transport: (request: HttpRequest) => Promise<HttpResponse>,
	options: PaginateOptions<Row> = {},
) {
	return (await paginate(rowSpec(paginator), transport, options)).map((item) => item.value.id);
}

const offsetsOf = (requests: HttpRequest[]) => requests.map((r) => r.qs?.offset);

describe('pages in flight at once', () => {
	it('offsets: the first page alone, then three at a time, taken in order though answered newest first; pages + 3 requests', async () => {
		const sim = server(100, { lastInFirstOut: true });
		const ids = await read(offsets, sim.transport);

		expect(ids).toEqual(sim.list.map((r) => r.id));
		// 10 pages, the two sent with the last one past the end, and the first page again (the check).
		expect(offsetsOf(sim.requests)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 0]);
		expect(sim.requests.length).toBeLessThanOrEqual(10 + IN_FLIGHT);
		expect(sim.inFlightWhenSent.slice(0, 2)).toEqual([1, 1]);
		expect(Math.max(...sim.inFlightWhenSent)).toBe(IN_FLIGHT);
		expect(sim.unanswered()).toBe(0);
	});

	it('page numbers (99digital): the same, ending on the short page', async () => {
		const sim = server(95, { lastInFirstOut: true });
		const ids = await read(pageNumbers, sim.transport);

		expect(ids).toEqual(sim.list.map((r) => r.id));
		expect(sim.requests.map((r) => r.body?.page)).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1,
		]);
		expect(sim.requests.length).toBeLessThanOrEqual(10 + IN_FLIGHT);
	});

	it('new records arriving while later pages were answered first: the first page has changed, so the rest is read again one at a time and nothing is lost', async () => {
		let arrived = false;
		const sim = server(100, {
			lastInFirstOut: true,
			// Pages at offsets 20 and 30 are answered before the one at 10, which sees 3 new records on top:
			// read alone, that would leave a gap of 3 records between offsets 10 and 20.
			beforeAnswer: (request, list) => {
				if (request.qs?.offset === 10 && !arrived) {
					arrived = true;
					list.unshift({ id: 'new3' }, { id: 'new2' }, { id: 'new1' });
				}
			},
		});
		const original = sim.list.map((r) => r.id);
		const ids = await read(offsets, sim.transport);

		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => !id.startsWith('new'))).toEqual(original);
		const check = sim.requests.findIndex((r, i) => i > 0 && r.qs?.offset === 0);
		// 103 records by the time the last pages were read: 11 pages, two past them, then the check.
		expect(offsetsOf(sim.requests.slice(0, check + 1))).toEqual([
			0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 0,
		]);
		// Read again from the second page, one request at a time, over the 103 records now there.
		expect(offsetsOf(sim.requests.slice(check + 1))).toEqual([
			10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
		]);
		expect(sim.inFlightWhenSent.slice(check)).toEqual(Array(11).fill(1));
	});

	it('an answer worth a retry (a 429) mid-read: one page at a time from then on, every record once, in order', async () => {
		let throttled = false;
		const transport = (sim: ReturnType<typeof server>) => async (request: HttpRequest) => {
			// As the n8n transport does: it tells the engine, waits and tries again, then hands on the answer.
			if (request.qs?.offset === 40 && !throttled) {
				throttled = true;
				request.onTransient?.();
			}
			return await sim.transport(request);
		};
		const sim = server(100);
		const ids = await read(offsets, transport(sim));

		expect(ids).toEqual(sim.list.map((r) => r.id));
		const at = sim.requests.findIndex((r) => r.qs?.offset === 40);
		// The pages sent before it are still needed and read; after it, no two requests are ever out at once.
		expect(offsetsOf(sim.requests)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0]);
		expect(sim.inFlightWhenSent.slice(at + 1).every((n) => n === 1)).toBe(true);
		expect(sim.requests.length).toBeLessThanOrEqual(10 + IN_FLIGHT);
	});

	it('Limit reads one page at a time and sends only the requests needed', async () => {
		const sim = server(100, { lastInFirstOut: true });
		const ids = await read(offsets, sim.transport, { limit: 35 });

		expect(ids).toEqual(sim.list.slice(0, 35).map((r) => r.id));
		expect(sim.requests.map((r) => [r.qs?.offset, r.qs?.limit])).toEqual([
			[0, 10],
			[10, 10],
			[20, 10],
			[30, 5],
		]);
		expect(sim.inFlightWhenSent).toEqual([1, 1, 1, 1]);
	});

	it('a page that fails: the error names it, waits for the pages in flight, carries the records before it, and a resumed read ends with the first-page check', async () => {
		const unavailable = new BridgeError('http', 'Noxivo: the service is unavailable (HTTP 503)', {
			provider: 'noxivo',
			httpCode: 503,
		});
		let failing = true;
		const sim = server(100, {
			beforeAnswer: (request) => {
				if (failing && request.qs?.offset === 50) throw unavailable;
			},
		});
		const error = await paginate(rowSpec(offsets), sim.transport).then(
			() => undefined,
			(e: unknown) => e,
		);
		if (!isBridgeError(error)) throw new Error(`expected a BridgeError, got ${String(error)}`);
		expect(error.message).toBe(
			'Noxivo: the service is unavailable (HTTP 503); paging stopped at page 6 (offset 50) after 50 messages',
		);
		expect(error.readSoFar.map((r) => (r.value as Row).id)).toEqual(
			sim.list.slice(0, 50).map((r) => r.id),
		);
		expect(sim.unanswered()).toBe(0);

		failing = false;
		const sent = sim.requests.length;
		const ids = await read(offsets, sim.transport, { resume: error.checkpoint });
		expect(ids).toEqual(sim.list.map((r) => r.id));
		expect(offsetsOf(sim.requests.slice(sent))).toEqual([50, 60, 70, 80, 90, 0]);
		expect(sim.inFlightWhenSent.slice(sent)).toEqual(Array(6).fill(1));
	});
});
