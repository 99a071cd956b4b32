import { DateTime } from 'luxon';
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

/** What luxon alone makes of a text (the reading toIsoTimestamp's native path must match). */
function byLuxon(text: string): string | null {
	const iso = DateTime.fromISO(text, { zone: 'utc', setZone: true });
	const read = iso.isValid ? iso : DateTime.fromRFC2822(text, { zone: 'utc' });
	const out = read.isValid ? (read.toUTC().toISO({ suppressMilliseconds: false }) as string) : null;
	return out !== null && /^\d{4}-/.test(out) ? out : null;
}

/** Seeded, so a failure names an input that fails again. */
function randomTexts(count: number, seed: number): string[] {
	let state = seed;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)];
	const digits = (n: number, max: number) =>
		String(Math.floor(next() * (max + 1))).padStart(n, '0');
	const texts: string[] = [];
	for (let i = 0; i < count; i++) {
		const year = pick(['0000', '0099', '0100', '1969', '2024', '2026', '9999', digits(4, 9999)]);
		const fraction = pick([
			'',
			'',
			'.',
			'.1',
			'.12',
			'.123',
			'.1234567',
			`.${digits(9, 999999999)}`,
		]);
		const zone = pick([
			'Z',
			'Z',
			'z',
			'+00:00',
			'-05:30',
			'+14:00',
			`+${digits(2, 30)}:${digits(2, 70)}`,
			'',
			'+0530',
			'-',
		]);
		texts.push(
			`${year}${pick(['-', '-', '/'])}${digits(2, 13)}-${digits(2, 32)}${pick(['T', 'T', 't', ' '])}${digits(2, 25)}:${digits(2, 61)}:${digits(2, 61)}${fraction}${zone}`,
		);
	}
	return texts;
}

describe('toIsoTimestamp reads RFC 3339 natively exactly as luxon does', () => {
	it('on 50,000 random times, valid and not (months 13, 30 February, hour 25, offsets past 23:59)', () => {
		const differing = randomTexts(50_000, 20261201)
			.map((text) => ({ text, ours: toIsoTimestamp(text), luxon: byLuxon(text) }))
			.filter(({ ours, luxon }) => ours !== luxon);
		expect(differing.slice(0, 5)).toEqual([]);
	});

	it.each([
		['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
		['2026-03-17T14:20:00.1239Z', '2026-03-17T14:20:00.123Z'],
		['2026-03-17T00:10:00+00:30', '2026-03-16T23:40:00.000Z'],
		['0100-01-01T00:00:00Z', '0100-01-01T00:00:00.000Z'],
		['2000-02-29T12:00:00.000Z', '2000-02-29T12:00:00.000Z'],
		['1900-02-29T12:00:00.000Z', null],
		['2026-04-31T12:00:00.000Z', null],
	])('%s is %s', (text, expected) => {
		expect(toIsoTimestamp(text)).toBe(expected);
	});
});
