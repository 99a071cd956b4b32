import { BridgeError } from '../errors';
import { toPhoneDigits } from '../phone';

/** Recipients as users type them (`+972 50-123-4567`, `972501234567`, `972501234567@c.us`), checked once. */

export const PHONE_ADVICE =
	'Give the number in international format with its country code, e.g. +972 50-123-4567, 972501234567 or 972501234567@c.us.';

/** Digits only, international, no '+'; anything that is not a phone number is an item error saying so. */
export function phoneDigitsOf(to: string): string {
	const digits = toPhoneDigits(to);
	if (!digits)
		throw new BridgeError('input', `To "${to}" is not a phone number`, {
			field: 'to',
			description: PHONE_ADVICE,
		});
	return digits;
}
