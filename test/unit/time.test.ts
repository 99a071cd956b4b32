import { toIsoTimestamp } from '../../bridge/time';

describe('toIsoTimestamp: every provider format to ISO-8601 UTC with milliseconds', () => {
	it.each([
		[
			'unix seconds as a number (Noxivo history, docs/providers.md §1.6)',
			1713345600,
			'2024-04-17T09:20:00.000Z',
		],
		[
			'unix seconds as a string (99digital, Vobiz Meta payloads)',
			'1614198777',
			'2021-02-24T20:32:57.000Z',
		],
		['unix milliseconds (WAHA envelope timestamp)', 1769152370703, '2026-01-23T07:12:50.703Z'],
		[
			'RFC 3339 without milliseconds (Vobiz created_at)',
			'2026-03-17T14:20:00Z',
			'2026-03-17T14:20:00.000Z',
		],
		['ISO with milliseconds (inbox API)', '2026-05-16T10:30:05.000Z', '2026-05-16T10:30:05.000Z'],
		['ISO with an offset', '2026-03-17T16:20:00+02:00', '2026-03-17T14:20:00.000Z'],
	])('%s', (_label, input, expected) => {
		expect(toIsoTimestamp(input)).toBe(expected);
	});

	it.each([null, undefined, '', 'not a date', {}, Number.NaN])(
		'%p is null, not a made-up time',
		(input) => {
			expect(toIsoTimestamp(input)).toBeNull();
		},
	);

	// Found by the webhook fuzz test: luxon writes such years as "+033658-…", which is not docs/contract.md's form.
	it.each([1e15, 8.64e15, '+275760-09-13T00:00:00.000Z', -1e14])(
		'%p, a time outside the years 0000-9999, is null',
		(input) => {
			expect(toIsoTimestamp(input)).toBeNull();
		},
	);

	it('a string far longer than any timestamp is null', () => {
		expect(
			toIsoTimestamp(`2026-03-17T14:20:00Z${' '.repeat(10)}x`.padEnd(100_000, 'y')),
		).toBeNull();
	});
});
