/**
 * Masking of secrets in whatever a user reads: error texts, log lines and output items (Include Raw).
 * A provider may echo a secret back as given, URL- or form-encoded, base64-encoded (standard or url-safe,
 * on its own or inside a longer base64 string), JSON-escaped, or in another letter case; every one of those
 * forms is replaced with `***`.
 */

export const MASK = '***';

/** Shorter values (an empty or placeholder field) would mask ordinary text; they are no secret worth the name. */
const MIN_SECRET_LENGTH = 4;

/** Keys a masker remembers as holding no secret: the few names of a list's items, not every key of every raw record. */
const MAX_CLEAN_KEYS = 1000;

/**
 * The base64 characters that depend on the secret's bytes alone, for the secret starting at byte `offset`
 * (0, 1 or 2) of a longer encoded value: what any base64 string holding the secret contains.
 */
function base64Core(bytes: Buffer, offset: number): string {
	const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
	const first = Math.ceil((8 * offset) / 6);
	const end = Math.floor((8 * (offset + bytes.length)) / 6);
	return encoded.slice(first, end);
}

/** Every form of one secret a provider or a server might echo. */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
	]);
	forms.add(JSON.stringify(secret).slice(1, -1));
	const bytes = Buffer.from(secret, 'utf8');
	for (const offset of [0, 1, 2]) {
		const core = base64Core(bytes, offset);
		forms.add(core);
		forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface SecretMasker {
	/** The text with every form of every secret replaced by `***`. */
	text(value: string): string;
	/** The JSON-like value with every string (and key) masked: a copy where something was masked, else the value itself. */
	deep<T>(value: T): T;
}

let lastMasker: { key: string; masker: SecretMasker } | undefined;

/** One masker for a set of secrets (a credential's secret fields and what is derived from them). */
export function secretMasker(secrets: ReadonlyArray<string | null | undefined>): SecretMasker {
	// One item after another asks for the same masker: the patterns are built once.
	const key = JSON.stringify(secrets);
	if (lastMasker?.key !== key) lastMasker = { key, masker: buildMasker(secrets) };
	return lastMasker.masker;
}

function buildMasker(secrets: ReadonlyArray<string | null | undefined>): SecretMasker {
	const forms = [
		...new Set(
			secrets
				.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
				.flatMap(secretForms),
		),
	];
	// Longest first, so a form that contains another is masked whole.
	forms.sort((a, b) => b.length - a.length);
	const pattern = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : null;
	// Searching first is cheaper than a replace that finds nothing, which is what almost every string gets.
	const probe = pattern ? new RegExp(pattern.source, 'i') : null;
	const text = (value: string): string =>
		pattern && probe!.test(value) ? value.replace(pattern, MASK) : value;
	// Keys repeat from item to item: the ones found clean are remembered (up to a bound), not searched again.
	const cleanKeys = new Set<string>();
	const maskKey = (key: string): string => {
		if (cleanKeys.has(key)) return key;
		const masked = text(key);
		if (masked === key && cleanKeys.size < MAX_CLEAN_KEYS) cleanKeys.add(key);
		return masked;
	};
	const deep = (value: unknown, depth: number): unknown => {
		if (typeof value === 'string') return text(value);
		if (!pattern || value === null || typeof value !== 'object') return value;
		// Deeper than any provider's JSON: not worth walking, and not worth the risk of showing.
		if (depth > 1000) return MASK;
		// Copied only from the first thing masked on: a value with nothing to mask is returned as it is, and a long
		// list of items holds no second copy of each.
		if (Array.isArray(value)) {
			let copy: unknown[] | undefined;
			for (let i = 0; i < value.length; i++) {
				const masked = deep(value[i], depth + 1);
				if (masked !== value[i]) (copy ??= value.slice())[i] = masked;
			}
			return copy ?? value;
		}
		if (Buffer.isBuffer(value)) return value;
		const record = value as Record<string, unknown>;
		let out: Record<string, unknown> | undefined;
		for (const key in record) {
			if (!Object.hasOwn(record, key)) continue;
			const maskedKey = maskKey(key);
			const masked = deep(record[key], depth + 1);
			if (!out && maskedKey === key && masked === record[key]) continue;
			if (!out) {
				out = {};
				for (const earlier in record) {
					if (earlier === key) break;
					if (Object.hasOwn(record, earlier)) setOwn(out, earlier, record[earlier]);
				}
			}
			setOwn(out, maskedKey, masked);
		}
		return out ?? value;
	};
	return { text, deep: <T>(value: T) => deep(value, 0) as T };
}

/** A `__proto__` key (own, from JSON.parse) must stay a key, not become the copy's prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__')
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	else target[key] = value;
}

/** `text` with every form of `secrets` masked; undefined stays undefined. */
export function maskSecrets(
	text: string | undefined,
	secrets: ReadonlyArray<string | null | undefined>,
): string | undefined {
	return text === undefined ? undefined : secretMasker(secrets).text(text);
}
