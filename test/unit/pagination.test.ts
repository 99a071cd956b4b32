import { BridgeError } from '../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../bridge/http';
import { paginate, type ListSpec } from '../../bridge/pagination/engine';
import {
	beforeAnchorStrategy,
	cursorStrategy,
	offsetStrategy,
	pageNumberStrategy,
} from '../../bridge/pagination/strategies';
import type { Paginator } from '../../bridge/pagination/types';
import { rows, rowSpec, type Row } from './rowList';

/** A transport that answers from a list of canned bodies and records what it was asked. */
function scripted(bodies: unknown[]) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const body = bodies[requests.length - 1];
		if (body === undefined) throw new Error(`unexpected request #${requests.length}`);
		return { statusCode: 200, body, headers: {} };
	};
	return { transport, requests };
}

/** The rows list, as a Vobiz list whose first request has a fixed query parameter of its own. */
function spec(paginator: Paginator, overrides: Partial<ListSpec<Row>> = {}): ListSpec<Row> {
	return rowSpec(paginator, {
		provider: 'vobiz',
		providerName: 'Vobiz',
		request: { method: 'GET', path: '/items', qs: { fixed: 'yes' } },
		...overrides,
	});
}

describe('pagination engine', () => {
	it('offset + hasMore: advances by the page size asked for, even after a short page', async () => {
		const { transport, requests } = scripted([
			{ items: rows('a', 'b'), hasMore: true }, // short page, still more (Noxivo §1.5)
			{ items: rows('c', 'd', 'e'), hasMore: true },
			{ items: rows('f'), hasMore: false },
		]);
		const paginator: Paginator = {
			strategy: offsetStrategy({ hasMore: (p) => (p.body as { hasMore: boolean }).hasMore }),
			tokenOption: { inject: 'query', field: 'offset' },
			pageSizeOption: { inject: 'query', field: 'limit' },
			maxPageSize: 3,
		};
		const out = await paginate(spec(paginator), transport);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
		expect(requests.map((r) => r.qs)).toEqual([
			{ fixed: 'yes', limit: 3, offset: 0 },
			{ fixed: 'yes', limit: 3, offset: 3 },
			{ fixed: 'yes', limit: 3, offset: 6 },
		]);
	});

	it('cursor: follows next_cursor until has_more is false, and accepts a legacy cursor without a flag', async () => {
		const { transport, requests } = scripted([
			{ items: rows('a'), has_more: true, next_cursor: 'c1' },
			{ items: rows('b'), cursor: 'c2' },
			{ items: rows('c'), has_more: false, next_cursor: 'c3' },
		]);
		const strategy = cursorStrategy({
			cursor: (p) =>
				(p.body as Record<string, unknown>).next_cursor ??
				(p.body as Record<string, unknown>).cursor,
			hasMore: (p) => (p.body as { has_more?: boolean }).has_more,
		});
		const out = await paginate(
			spec({
				strategy,
				tokenOption: { inject: 'query', field: 'cursor' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: 100,
			}),
			transport,
		);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c']);
		expect(requests.map((r) => r.qs?.cursor)).toEqual([undefined, 'c1', 'c2']);
	});

	it('before anchor: asks for records older than the oldest id of each page', async () => {
		const { transport, requests } = scripted([
			{
				items: [
					{ id: 'm5', t: 5 },
					{ id: 'm4', t: 4 },
				],
				hasNext: true,
			},
			{ items: [{ id: 'm3', t: 3 }], hasNext: false },
		]);
		const strategy = beforeAnchorStrategy({
			oldestId: (p) =>
				(p.records as Array<{ id: string; t: number }>).reduce((a, b) => (b.t < a.t ? b : a)).id,
			hasMore: (p) => (p.body as { hasNext: boolean }).hasNext,
		});
		await paginate(
			spec({
				strategy,
				tokenOption: { inject: 'query', field: 'before' },
				pageSizeOption: { inject: 'query', field: 'limit' },
				maxPageSize: 2,
			}),
			transport,
		);
		expect(requests.map((r) => r.qs?.before)).toEqual([undefined, 'm4']);
	});

	it('page numbers in the body: fixed size, stops on a short page', async () => {
		const { transport, requests } = scripted([{ items: rows('a', 'b') }, { items: rows('c') }]);
		const paginator: Paginator = {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'body', field: 'page' },
			maxPageSize: 2,
		};
		const out = await paginate(
			spec(paginator, { request: { method: 'POST', path: '/getHistory', body: { to: '1' } } }),
			transport,
		);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c']);
		expect(requests.map((r) => r.body)).toEqual([
			{ to: '1', page: 1 },
			{ to: '1', page: 2 },
		]);
	});

	it('page numbers: stops on an empty page when the last full page was exactly full', async () => {
		const { transport, requests } = scripted([{ items: rows('a', 'b') }, { items: [] }]);
		const paginator: Paginator = {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'body', field: 'page' },
			maxPageSize: 2,
		};
		expect((await paginate(spec(paginator), transport)).length).toBe(2);
		expect(requests.length).toBe(2);
	});

	it('a path placeholder takes the token', async () => {
		const { transport, requests } = scripted([{ items: rows('a') }]);
		const paginator: Paginator = {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'path', field: 'page' },
			maxPageSize: 5,
		};
		await paginate(
			spec(paginator, { request: { method: 'GET', path: '/pages/{page}' } }),
			transport,
		);
		expect(requests[0].path).toBe('/pages/1');
	});

	it('Limit N asks for min(N, max) and stops as soon as N records are in hand', async () => {
		const { transport, requests } = scripted([{ items: rows('a', 'b', 'c'), hasMore: true }]);
		const paginator: Paginator = {
			strategy: offsetStrategy({ hasMore: () => true }),
			tokenOption: { inject: 'query', field: 'offset' },
			pageSizeOption: { inject: 'query', field: 'limit' },
			maxPageSize: 100,
		};
		const out = await paginate(spec(paginator), transport, { limit: 3 });
		expect(out.length).toBe(3);
		expect(requests.length).toBe(1);
		expect(requests[0].qs?.limit).toBe(3);
	});

	it("Limit cuts a page in the order the spec prefers (newest first), not the provider's", async () => {
		const { transport } = scripted([{ items: [{ id: '1' }, { id: '3' }, { id: '2' }] }]);
		const paginator: Paginator = {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'body', field: 'page' },
			maxPageSize: 50,
		};
		const out = await paginate(
			spec(paginator, { compare: (a, b) => Number(b.id) - Number(a.id) }),
			transport,
			{ limit: 2 },
		);
		expect(out.map((r) => r.value.id)).toEqual(['3', '2']);
	});

	it('drops records whose id was already seen on an earlier page', async () => {
		const { transport } = scripted([
			{ items: rows('a', 'b'), has_more: true, next_cursor: 'x' },
			{ items: rows('b', 'c'), has_more: false },
		]);
		const strategy = cursorStrategy({
			cursor: (p) => (p.body as { next_cursor?: string }).next_cursor,
			hasMore: (p) => (p.body as { has_more: boolean }).has_more,
		});
		const out = await paginate(
			spec({ strategy, tokenOption: { inject: 'query', field: 'cursor' }, maxPageSize: 2 }),
			transport,
		);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c']);
	});

	it('the same cursor twice is an error naming the provider and the cursor, not a loop', async () => {
		const { transport, requests } = scripted([
			{ items: rows('a'), has_more: true, next_cursor: 'stuck' },
			{ items: rows('b'), has_more: true, next_cursor: 'stuck' },
		]);
		const strategy = cursorStrategy({
			cursor: (p) => (p.body as { next_cursor?: string }).next_cursor,
		});
		const run = paginate(
			spec({ strategy, tokenOption: { inject: 'query', field: 'cursor' }, maxPageSize: 10 }),
			transport,
		);
		await expect(run).rejects.toThrow(
			new BridgeError(
				'pagination',
				'Vobiz returned the same cursor "stuck" twice while paging messages',
			),
		);
		expect(requests.length).toBe(2);
	});

	it('stops with an error past the page cap', async () => {
		let n = 0;
		const transport = async (): Promise<HttpResponse> => ({
			statusCode: 200,
			body: { items: rows(`r${n}`), next: `c${n++}` },
			headers: {},
		});
		const strategy = cursorStrategy({ cursor: (p) => (p.body as { next: string }).next });
		const run = paginate(
			spec({ strategy, tokenOption: { inject: 'query', field: 'cursor' }, maxPageSize: 1 }),
			transport,
			{ maxPages: 7 },
		);
		await expect(run).rejects.toThrow(
			'Stopped paging Vobiz messages after 7 pages (the safety cap)',
		);
		expect(n).toBe(7);
	});

	it('refuses a limit that is not a positive whole number', async () => {
		const { transport } = scripted([]);
		const paginator: Paginator = {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'body', field: 'page' },
			maxPageSize: 2,
		};
		await expect(paginate(spec(paginator), transport, { limit: 0 })).rejects.toThrow(
			'Limit must be a whole number of 1 or more, not 0',
		);
	});
});
