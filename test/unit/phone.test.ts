import { isGroupJid, toPersonJid, toPhoneDigits } from '../../bridge/phone';

describe('phone and JID helpers (docs/providers.md §5.1)', () => {
	it.each([
		['+972 50-123-4567', '972501234567'],
		['972501234567', '972501234567'],
		['972501234567@c.us', '972501234567'],
		['00972501234567', '972501234567'],
		['+1 (555) 010-9999', '15550109999'],
	])('%s is %s', (input, digits) => {
		expect(toPhoneDigits(input)).toBe(digits);
	});

	it.each([
		['a group', '120363040000000000@g.us'],
		['an @lid privacy id, never a phone', '50805738631354@lid'],
		['too short', '12345'],
		['letters', 'call me'],
		['empty', ''],
	])('%s gives no phone', (_label, input) => {
		expect(toPhoneDigits(input)).toBeNull();
	});

	it('makes person JIDs and recognises groups', () => {
		expect(toPersonJid('+972 50-123-4567')).toBe('972501234567@c.us');
		expect(toPersonJid('120363040000000000@g.us')).toBe('120363040000000000@g.us');
		expect(toPersonJid('nope')).toBeNull();
		expect(isGroupJid('120363040000000000@g.us')).toBe(true);
		expect(isGroupJid('972501234567@c.us')).toBe(false);
	});
});
