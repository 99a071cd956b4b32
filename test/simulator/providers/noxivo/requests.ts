import { intParam, json, type SimRequest, type SimResponse } from '../../core/http';
import type { MessageDraft } from '../../core/store';

/** What the Noxivo engine accepts (docs/providers.md §1.4): its strict query schema, recipients and attachments. */

/** §1.4.1 / §1.4.3 query schema keys; the schema is `.strict()`. */
const LIST_QUERY_KEYS = ['agencyId', 'tenantId', 'limit', 'offset', 'pages'];
/** §1.4.4 MessagingSendMessageRequestSchema keys (strict). */
export const CONVERSATION_SEND_KEYS = [
	'agencyId',
	'tenantId',
	'operatorUserId',
	'content',
	'attachments',
	'replyToMessageId',
];
const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'document'];

/** §1.9: an uncaught validation error reaches the client as Fastify's 500 `{statusCode, error, message}`. */
export function validationError(
	issues: Array<{ code: string; path: Array<string | number>; message: string; keys?: string[] }>,
): SimResponse {
	return json(500, {
		statusCode: 500,
		error: 'Internal Server Error',
		message: JSON.stringify(issues, null, 2),
	});
}

export function fail(status: number, error: string): SimResponse {
	return json(status, { error });
}

/** A `.strict()` schema's refusal of keys it does not know (zod's wording), or undefined when all are known. */
export function unknownKeys(
	given: Record<string, unknown>,
	allowed: readonly string[],
): SimResponse | undefined {
	const unknown = Object.keys(given).filter((k) => !allowed.includes(k));
	if (unknown.length === 0) return undefined;
	return validationError([
		{
			code: 'unrecognized_keys',
			keys: unknown,
			path: [],
			message: `Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`,
		},
	]);
}

/** §1.4.1 / §1.4.3 [SRC]: `.strict()` query, limit 1–100, offset ≥ 0, pages 1–20. */
export function listQuery(
	request: SimRequest,
	defaultLimit: number,
): { limit: number; offset: number } | SimResponse {
	const refused = unknownKeys(request.query, LIST_QUERY_KEYS);
	if (refused) return refused;
	const limit = intParam(request.query.limit, defaultLimit);
	const offset = intParam(request.query.offset, 0);
	const pages = intParam(request.query.pages, 1);
	const issues = [
		...(Number.isNaN(limit) || limit < 1 || limit > 100
			? [
					{
						code: 'invalid_limit',
						path: ['limit'],
						message: 'limit must be a whole number from 1 to 100',
					},
				]
			: []),
		...(Number.isNaN(offset) || offset < 0
			? [
					{
						code: 'invalid_offset',
						path: ['offset'],
						message: 'offset must be a whole number of 0 or more',
					},
				]
			: []),
		...(Number.isNaN(pages) || pages < 1 || pages > 20
			? [
					{
						code: 'invalid_pages',
						path: ['pages'],
						message: 'pages must be a whole number from 1 to 20',
					},
				]
			: []),
	];
	return issues.length > 0 ? validationError(issues) : { limit, offset };
}

/** §1.4.6 [SRC]: digits are normalised to `…@c.us`; a full JID (`@c.us`, `@g.us`, `@lid`) is taken as is. */
export function toJid(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (/^\d{5,20}@(c\.us|g\.us|lid)$/.test(trimmed) || /^\d{5,25}-\d+@g\.us$/.test(trimmed))
		return trimmed;
	const digits = trimmed.replace(/^\+/, '');
	return /^\d{6,15}$/.test(digits) ? `${digits}@c.us` : null;
}

export function isRefusal(value: MessageDraft | SimResponse): value is SimResponse {
	return typeof value.status === 'number';
}

export function textDraft(text: string): MessageDraft {
	return { direction: 'outbound', kind: 'text', text, media: null, location: null };
}

/**
 * §1.4.6 routing: image → sendImage, document → sendFile, video → sendVideo (captioned), audio → sendVoice
 * (a voice note, caption dropped). `fileName` (§1.4.6) vs `filename` (§1.4.4).
 */
export function attachmentDraft(
	raw: unknown,
	text: string | null,
	fileNameKey: 'fileName' | 'filename',
	seq: number,
): MessageDraft | SimResponse {
	const a = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
	const kind = a.kind;
	if (typeof kind !== 'string' || !ATTACHMENT_KINDS.includes(kind))
		return fail(400, 'attachment kind must be image, video, audio or document');
	if (typeof a.mimeType !== 'string' || a.mimeType === '')
		return fail(400, 'attachment mimeType is required');
	const url =
		typeof a.url === 'string' && /^https?:\/\//.test(a.url)
			? a.url
			: typeof a.data === 'string' && fileNameKey === 'filename'
				? `https://media.example.com/sim/upload-${seq}`
				: null;
	if (!url) return fail(400, 'attachment url must be an http(s) URL');
	const caption = typeof a.caption === 'string' && a.caption !== '' ? a.caption : null;
	const fileName = typeof a[fileNameKey] === 'string' ? (a[fileNameKey] as string) : null;
	const simKind = kind === 'audio' ? 'voice' : (kind as 'image' | 'video' | 'document');
	return {
		direction: 'outbound',
		kind: simKind,
		text: simKind === 'voice' ? null : (text ?? caption),
		media: { url, mimeType: a.mimeType, fileName },
		location: null,
	};
}
