import { BridgeError, isBridgeError } from '../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../bridge/http';
import { paginate } from '../../bridge/pagination/engine';
import { offsetPaginator, pageNumberPaginator, rows, rowSpec, type Row } from './rowList';

/** Where paging stops when a page fails or pages repeat: the error says where, and carries what was read. */

const offsets = offsetPaginator(2);
const pageNumbers = pageNumberPaginator(2);

/** Answers the given bodies in turn; an Error in the list is thrown as the transport would. */
function scripted(answers: Array<unknown>) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
		if (answer instanceof Error) throw answer;
		return { statusCode: 200, body: answer, headers: {} };
	};
	return { transport, requests };
}

async function failure(run: Promise<unknown>): Promise<BridgeError> {
	const error = await run.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!isBridgeError(error)) throw new Error(`expected a BridgeError, got ${String(error)}`);
	return error;
}

describe('a page that fails', () => {
	it('ends paging with the page, its token and the records read, which the error carries', async () => {
		const rateLimited = new BridgeError(
			'http',
			'Noxivo Engine: too many requests (rate limited) (HTTP 429)',
			{ provider: 'noxivo', httpCode: 429, description: 'Wait a little and try again.' },
		);
		const { transport, requests } = scripted([
			{ items: rows('a', 'b'), hasMore: true },
			{ items: rows('c', 'd'), hasMore: true },
			rateLimited,
		]);
		const error = await failure(paginate(rowSpec(offsets), transport));
		expect(error.message).toBe(
			'Noxivo Engine: too many requests (rate limited) (HTTP 429); paging stopped at page 3 (offset 4) after 4 messages',
		);
		expect(error.description).toBe(
			'Wait a little and try again. Noxivo failed at page 3 (offset 4) of the messages, after 4 messages had been read. With the node\'s On Error setting at "Continue", those 4 messages come out before this error; run again to read everything.',
		);
		expect(error.httpCode).toBe(429);
		expect(error.readSoFar.map((r) => (r.value as Row).id)).toEqual(['a', 'b', 'c', 'd']);
		expect(requests).toHaveLength(3);
	});

	it('on the first page is left as the provider error: nothing was read', async () => {
		const refused = new BridgeError(
			'http',
			'Noxivo Engine: the credentials were rejected (HTTP 401)',
			{ provider: 'noxivo', httpCode: 401 },
		);
		const error = await failure(paginate(rowSpec(offsets), scripted([refused]).transport));
		expect(error).toBe(refused);
	});
});

describe('pages that repeat with nothing new', () => {
	it('a Noxivo offset that keeps giving the same page ends after two repeats, not at the page cap', async () => {
		const { transport, requests } = scripted([{ items: rows('a', 'b'), hasMore: true }]);
		const error = await failure(paginate(rowSpec(offsets), transport));
		expect(error.message).toBe(
			'Noxivo repeated a page of messages 2 times in a row (pages 2 to 3), with nothing new',
		);
		expect(error.description).toBe(
			"Its offset moved on but the pages brought back messages already read, so paging stopped after 3 requests and 2 messages instead of running to the page cap. This is a fault on the provider's side; try again later or use Limit.",
		);
		expect(requests.map((r) => r.qs?.offset)).toEqual([0, 2, 4]);
		expect(error.readSoFar).toHaveLength(2);
	});

	it('a page number that repeats an earlier page: the same', async () => {
		const { transport, requests } = scripted([
			{ items: rows('a', 'b') },
			{ items: rows('c', 'd') },
			{ items: rows('a', 'b') },
			{ items: rows('c', 'd') },
		]);
		const error = await failure(paginate(rowSpec(pageNumbers), transport));
		expect(error.message).toBe(
			'Noxivo repeated a page of messages 2 times in a row (pages 3 to 4), with nothing new',
		);
		expect(requests).toHaveLength(4);
	});

	it('one repeated page followed by new records goes on', async () => {
		const { transport } = scripted([
			{ items: rows('a', 'b') },
			{ items: rows('a', 'b') },
			{ items: rows('c') },
		]);
		const out = await paginate(rowSpec(pageNumbers), transport);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c']);
	});

	it('pages whose records all belong to results already read, but differ, go on (99digital chats from history)', async () => {
		const chatOf = (id: string) => ({ id: id.slice(0, 1) });
		const { transport } = scripted([
			{ items: rows('a1', 'b1') },
			{ items: rows('a2', 'b2') },
			{ items: rows('a3', 'b3') },
			{ items: rows('c1') },
		]);
		const out = await paginate(
			{ ...rowSpec(pageNumbers), map: (raw) => chatOf((raw as Row).id) },
			transport,
		);
		expect(out.map((r) => r.value.id)).toEqual(['a', 'b', 'c']);
	});
});
