import { createHash } from 'node:crypto';

/**
 * Deterministic ids: each is a hash of what it identifies (provider, seed, kind, number), so the same seed
 * gives the same ids on every run and in every process, whatever order things are created in.
 */

function hexOf(parts: ReadonlyArray<string | number>): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** 24 lowercase hex characters, a MongoDB ObjectId (Noxivo, docs/providers.md §1.3). */
export function objectId(...parts: Array<string | number>): string {
	return hexOf(parts).slice(0, 24);
}

/** A version-4-shaped UUID (Vobiz, docs/providers.md §2.3). */
export function uuid(...parts: Array<string | number>): string {
	const h = hexOf(parts);
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `length` uppercase hex characters (WAHA message ids, 99digital `unique`). */
export function upperHex(length: number, ...parts: Array<string | number>): string {
	return hexOf(parts).slice(0, length).toUpperCase();
}

/** `length` lowercase hex characters. */
export function lowerHex(length: number, ...parts: Array<string | number>): string {
	return hexOf(parts).slice(0, length);
}

/** `length` decimal digits. */
export function decimalDigits(length: number, ...parts: Array<string | number>): string {
	let out = '';
	for (let round = 0; out.length < length; round++) {
		out += BigInt(`0x${hexOf([...parts, round])}`)
			.toString()
			.slice(1);
	}
	return out.slice(0, length);
}

/** Base64 of compact JSON, the cursor encoding docs/providers.md §2.4.2 [INF] reads from Vobiz's example. */
export function base64Json(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function fromBase64Json(text: string): unknown {
	try {
		return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}
