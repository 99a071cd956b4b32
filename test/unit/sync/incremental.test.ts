import { DateTime } from 'luxon';

import { BridgeError } from '../../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../../bridge/http';
import { paginate, type ListSpec } from '../../../bridge/pagination/engine';
import { pageNumberStrategy } from '../../../bridge/pagination/strategies';
import { parseNewerThan, parseTime } from '../../../bridge/sync/since';

interface Row {
	id: string;
	at: number;
}

/** Pages of 3, newest first, from canned bodies; records what was asked. */
function scripted(pages: Row[][]) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		return { statusCode: 200, body: pages[requests.length - 1] ?? [], headers: {} };
	};
	const spec: ListSpec<Row> = {
		provider: 'digital99',
		providerName: '99digital',
		what: 'messages',
		request: { method: 'POST', path: '/getHistory', body: {} },
		paginator: {
			strategy: pageNumberStrategy(),
			tokenOption: { inject: 'body', field: 'page' },
			maxPageSize: 3,
		},
		checkResponse: () => undefined,
		records: (body) => body as Row[],
		map: (raw) => raw as Row,
		idOf: (row) => row.id,
		// Each page is put newest first before the stop point is looked for.
		compare: (a, b) => b.at - a.at,
	};
	return { transport, requests, spec };
}

describe("the engine's stop hook", () => {
	const history = [
		[
			{ id: 'g', at: 7 },
			{ id: 'f', at: 6 },
			{ id: 'e', at: 5 },
		],
		[
			{ id: 'b', at: 2 },
			{ id: 'd', at: 4 },
			{ id: 'c', at: 3 },
		],
		[{ id: 'a', at: 1 }],
	];

	it('the first record at the point ends paging: it and the rest of its page are left out, no further page is asked for', async () => {
		const { transport, requests, spec } = scripted(history);
		const out = await paginate(spec, transport, { stopAt: (row) => row.at <= 3 });
		expect(out.map((r) => r.value.id)).toEqual(['g', 'f', 'e', 'd']);
		expect(requests.map((r) => r.body?.page)).toEqual([1, 2]);
	});

	it('a point never reached reads to the end', async () => {
		const { transport, requests, spec } = scripted(history);
		const out = await paginate(spec, transport, { stopAt: () => false });
		expect(out).toHaveLength(7);
		expect(requests).toHaveLength(3);
	});
});

describe('Newer Than, Active Since and Start From values', () => {
	it("an ISO time with an offset, a date-time without one (read in the workflow's zone), an n8n date, a Date", () => {
		expect(parseNewerThan('2026-03-17T14:00:00Z')).toEqual({
			kind: 'time',
			at: Date.UTC(2026, 2, 17, 14),
		});
		expect(parseNewerThan('2026-03-17T16:00:00', 'Asia/Jerusalem')).toEqual({
			kind: 'time',
			at: Date.UTC(2026, 2, 17, 14),
		});
		expect(parseNewerThan(DateTime.fromISO('2026-03-17T14:00:00Z'))).toEqual({
			kind: 'time',
			at: Date.UTC(2026, 2, 17, 14),
		});
		expect(parseTime(new Date(Date.UTC(2026, 2, 17, 14)), 'activeSince')).toBe(
			Date.UTC(2026, 2, 17, 14),
		);
	});

	it('anything else that is text is a message id; empty is no filter', () => {
		expect(parseNewerThan(' false_972501234567@c.us_3EB0ABC ')).toEqual({
			kind: 'message',
			id: 'false_972501234567@c.us_3EB0ABC',
		});
		expect(parseNewerThan('e1d2c3b4-a5f6-4789-90ab-cdef01234567')).toEqual({
			kind: 'message',
			id: 'e1d2c3b4-a5f6-4789-90ab-cdef01234567',
		});
		expect(parseNewerThan('')).toBeUndefined();
		expect(parseTime('', 'activeSince')).toBeUndefined();
	});

	it('a value that is no time says which option and why', () => {
		expect(() => parseTime('last tuesday', 'activeSince')).toThrow(
			new BridgeError('input', 'Active Since "last tuesday" is not a date and time'),
		);
		expect(() => parseTime('2026-13-45', 'startFrom')).toThrow(
			'Start From "2026-13-45" is not a date and time',
		);
		expect(() => parseNewerThan(1710684000)).toThrow(
			'Newer Than 1710684000 is neither a date and time nor a message ID',
		);
	});
});
