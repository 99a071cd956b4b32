/**
 * WhatsApp addresses (docs/providers.md §5.1): phone numbers typed by people, JIDs (`<digits>@c.us`, `<id>@g.us`,
 * `<digits>@lid`) and the providers' own forms. One helper per conversion; nothing else parses addresses.
 */

const JID_PATTERN = /^([^@\s]+)@(c\.us|s\.whatsapp\.net|g\.us|lid|broadcast|newsletter)$/i;

export interface ParsedJid {
	user: string;
	server: string;
}

export function parseJid(value: string): ParsedJid | null {
	const match = JID_PATTERN.exec(value.trim());
	return match ? { user: match[1], server: match[2].toLowerCase() } : null;
}

export function isGroupJid(value: string | null | undefined): boolean {
	return typeof value === 'string' && /@g\.us$/i.test(value.trim());
}

/**
 * Digits only, international, no '+', from a phone number as people type it (`+972 50-123-4567`,
 * `00972501234567`) or a person JID (`972501234567@c.us`). Null for anything that is not a phone number:
 * a group, an `@lid` privacy id (docs/providers.md §5.1: never a phone), or too few/many digits.
 */
export function toPhoneDigits(value: string | null | undefined): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (trimmed === '') return null;
	const jid = parseJid(trimmed);
	if (jid) {
		if (jid.server !== 'c.us' && jid.server !== 's.whatsapp.net') return null;
		return isPlausiblePhone(jid.user) ? jid.user : null;
	}
	if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return null;
	let digits = trimmed.replace(/\D/g, '');
	if (!trimmed.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2);
	return isPlausiblePhone(digits) ? digits : null;
}

/** E.164 allows at most 15 digits; the shortest international numbers have 7 or more. */
function isPlausiblePhone(digits: string): boolean {
	return /^[1-9]\d{6,14}$/.test(digits);
}

/** `<digits>@c.us` for a phone number, or the JID itself when it already is one. */
export function toPersonJid(value: string): string | null {
	const jid = parseJid(value);
	if (jid) return `${jid.user}@${jid.server === 's.whatsapp.net' ? 'c.us' : jid.server}`;
	const digits = toPhoneDigits(value);
	return digits ? `${digits}@c.us` : null;
}
