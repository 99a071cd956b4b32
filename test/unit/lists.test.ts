import type { Mapped, Message } from '../../bridge/model';
import { oldestFirst } from '../../bridge/history/operations';

/** Only what the order reads: an id and a timestamp. */
const message = (id: string, timestamp: string | null): Mapped<Message> => ({
	value: { id, timestamp } as Message,
	raw: { id },
});
const ids = (items: Array<Mapped<Message>>) => items.map((item) => item.value.id);

describe('oldestFirst: a history read newest first, in chronological order', () => {
	it('reverses a history that came strictly newest first', () => {
		const newestFirst = [
			message('c', '2026-03-17T14:22:00.000Z'),
			message('b', '2026-03-17T14:21:00.000Z'),
			message('a', '2026-03-17T14:20:00.000Z'),
		];
		expect(ids(oldestFirst(newestFirst))).toEqual(['a', 'b', 'c']);
	});

	it('sorts pages that arrive out of order (Noxivo pages are oldest first inside, newest first across)', () => {
		const newestFirst = [
			message('c', '2026-03-17T14:22:00.000Z'),
			message('d', '2026-03-17T14:23:00.000Z'),
			message('a', '2026-03-17T14:20:00.000Z'),
			message('b', '2026-03-17T14:21:00.000Z'),
		];
		expect(ids(oldestFirst(newestFirst))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('keeps the provider order of messages at the same second, and puts messages without a time first', () => {
		const newestFirst = [
			message('late', '2026-03-17T14:21:00.000Z'),
			message('y', '2026-03-17T14:20:00.000Z'),
			message('none', null),
			message('x', '2026-03-17T14:20:00.000Z'),
		];
		expect(ids(oldestFirst(newestFirst))).toEqual(['none', 'x', 'y', 'late']);
	});
});
