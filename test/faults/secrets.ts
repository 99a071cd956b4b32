/**
 * A secret in every form it could leak in: as is and in another case, URL-encoded, and base64 (standard and
 * url-safe) at each of the three byte alignments it can have inside a longer encoded text.
 */

/** The base64 text that any encoding of a longer text containing `value` at some offset must contain. */
function base64Needles(value: string, alphabet: 'base64' | 'base64url'): string[] {
	const bytes = Buffer.from(value, 'utf8');
	const needles: string[] = [];
	for (let skip = 0; skip < 3; skip++) {
		// From the first byte that starts a 3-byte group, only whole groups: their characters do not depend on
		// the bytes around the secret.
		const whole = Math.floor((bytes.length - skip) / 3) * 3;
		needles.push(bytes.subarray(skip, skip + whole).toString(alphabet));
	}
	return needles;
}

export interface Needle {
	/** Which secret, in which form (for the report). */
	label: string;
	text: string;
	/** Compare without case (plain and URL-encoded forms); base64 is compared exactly. */
	ignoreCase: boolean;
}

export function needlesOf(name: string, secret: string): Needle[] {
	const needles: Needle[] = [
		{ label: `${name} as is`, text: secret, ignoreCase: false },
		{ label: `${name} in another case`, text: secret, ignoreCase: true },
		{ label: `${name} URL-encoded`, text: encodeURIComponent(secret), ignoreCase: true },
		{
			label: `${name} form-encoded`,
			text: new URLSearchParams({ s: secret }).toString().slice(2),
			ignoreCase: true,
		},
	];
	for (const [form, value] of [
		['', secret],
		[' upper-cased', secret.toUpperCase()],
		[' lower-cased', secret.toLowerCase()],
	] as const) {
		for (const alphabet of ['base64', 'base64url'] as const) {
			base64Needles(value, alphabet).forEach((text, skip) =>
				needles.push({
					label: `${name}${form} ${alphabet} (offset ${skip})`,
					text,
					ignoreCase: false,
				}),
			);
		}
	}
	return needles;
}

/** The forms of the secrets found in `text` (none = []). */
export function leaksIn(text: string, needles: readonly Needle[]): string[] {
	const lower = text.toLowerCase();
	return needles
		.filter((n) => (n.ignoreCase ? lower.includes(n.text.toLowerCase()) : text.includes(n.text)))
		.map((n) => n.label);
}
