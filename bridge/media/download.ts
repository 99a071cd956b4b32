import { BridgeError } from '../errors';
import { isRecord } from '../http';
import type { Message, ProviderIdentity } from '../model';
import { extensionOfMimeType, fileNameOfUrl, mimeTypeOfFileName } from '../sending/media';
import type { MediaFile, MediaRequest, MediaResponse, ProviderMedia } from './types';

/**
 * Download Media, without the I/O: which link to fetch and whether the credential goes with it, where a
 * redirect leads, and what an answer means (the file, or why not, naming the message).
 */

export interface MediaProvider extends ProviderIdentity {
	media: ProviderMedia;
}

/** Redirects followed per file; each hop decides again whether the credential goes along. */
export const MAX_MEDIA_REDIRECTS = 5;
/** How much of an error answer is read, to quote the provider. */
export const ERROR_BODY_BYTES = 16 * 1024;

const NOT_A_FILE = [
	'application/json',
	'application/problem+json',
	'text/html',
	'application/xml',
	'text/xml',
];

/** The first request for a message's media; null when the message has none (a text, a location). */
export function mediaRequestOf(
	message: Message,
	provider: MediaProvider,
	baseUrl: unknown,
): MediaRequest | null {
	if (!message.media) return null;
	const link = message.media.url;
	if (!link)
		throw mediaError(message, 'the message has no download link', provider, {
			description: provider.media.missingLink,
		});
	const url = absolute(link, baseUrl);
	if (!url || !isWebUrl(url))
		throw mediaError(message, 'its link is not an http(s) address', provider);
	return requestTo(url, provider, baseUrl);
}

/** Where a 3xx answer leads, as the next request; null when the answer is no redirect. */
export function redirectOf(
	message: Message,
	response: MediaResponse,
	from: MediaRequest,
	hops: number,
	provider: MediaProvider,
	baseUrl: unknown,
): MediaRequest | null {
	if (response.statusCode < 300 || response.statusCode > 399 || response.statusCode === 304)
		return null;
	const location = headerOf(response, 'location');
	let next: string;
	try {
		next = new URL(location ?? '', from.url).toString();
	} catch {
		next = '';
	}
	if (!location || !isWebUrl(next)) {
		throw mediaError(
			message,
			`the link redirected (HTTP ${response.statusCode}) to no usable address`,
			provider,
			{ httpCode: response.statusCode },
		);
	}
	if (hops >= MAX_MEDIA_REDIRECTS) {
		throw mediaError(
			message,
			`the link redirected more than ${MAX_MEDIA_REDIRECTS} times`,
			provider,
			{ httpCode: response.statusCode },
		);
	}
	return requestTo(next, provider, baseUrl);
}

/** The file a final answer holds, or the error a user reads: expired, refused, too large, not a file. */
export function mediaFileOf(
	message: Message,
	response: MediaResponse,
	finalUrl: string,
	provider: MediaProvider,
	maxBytes: number,
): MediaFile {
	const { statusCode } = response;
	const said = providerText(response);
	const quoted = said ? `${provider.displayName} answered: ${said}` : undefined;
	const expiredHint = [quoted, provider.media.retention].filter(Boolean).join('. ') || undefined;
	if (statusCode === 404 || statusCode === 410) {
		throw mediaError(
			message,
			`the link has expired or the file was removed (HTTP ${statusCode})`,
			provider,
			{ httpCode: statusCode, description: expiredHint },
		);
	}
	if (statusCode === 401 || statusCode === 403) {
		throw mediaError(
			message,
			`the download was refused (HTTP ${statusCode}); the link may have expired`,
			provider,
			{ httpCode: statusCode, description: expiredHint },
		);
	}
	if (statusCode < 200 || statusCode > 299) {
		throw mediaError(message, `${hostOf(finalUrl)} answered HTTP ${statusCode}`, provider, {
			httpCode: statusCode,
			description: quoted,
		});
	}
	if (response.tooLarge) {
		const declared = Number(headerOf(response, 'content-length'));
		const size =
			Number.isFinite(declared) && declared > maxBytes ? ` (${megabytes(declared)} MB)` : '';
		throw mediaError(
			message,
			`the file is larger than the Max Media Size of ${megabytes(maxBytes)} MB${size}`,
			provider,
			{
				description: 'Raise the option Max Media Size (MB) to download it.',
			},
		);
	}
	const answered = essence(headerOf(response, 'content-type'));
	const fileName = fileNameFor(message, response, finalUrl, answered);
	const expected = essence(message.media?.mimeType) ?? mimeTypeOfFileName(fileName);
	if (answered && NOT_A_FILE.includes(answered) && answered !== expected) {
		throw mediaError(
			message,
			`the link answered with ${describeType(answered)}, not the file`,
			provider,
			{ description: expiredHint },
		);
	}
	if (response.body.length === 0) throw mediaError(message, 'the file is empty', provider);
	const mimeType =
		(answered && answered !== 'application/octet-stream' ? answered : null) ??
		expected ??
		'application/octet-stream';
	return { fileName, mimeType };
}

/** A per-message media error: names the message and the reason. */
export function mediaError(
	message: Message,
	reason: string,
	provider: ProviderIdentity,
	options: { httpCode?: number; description?: string } = {},
): BridgeError {
	return new BridgeError(
		'http',
		`Could not download the media of message ${message.id}: ${reason}`,
		{ provider: provider.id, ...options },
	);
}

function requestTo(url: string, provider: MediaProvider, baseUrl: unknown): MediaRequest {
	return { url, withCredential: provider.media.credentialOnOwnHost && sameOrigin(url, baseUrl) };
}

/** A link as given, or a path (`/api/files/…`) on the credential's Base URL. */
function absolute(link: string, baseUrl: unknown): string | null {
	try {
		return new URL(link, typeof baseUrl === 'string' ? baseUrl : undefined).toString();
	} catch {
		return null;
	}
}

function isWebUrl(url: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(url).protocol);
	} catch {
		return false;
	}
}

/** Same scheme, host and port: an `http://` link or another subdomain of the provider is not its Base URL. */
export function sameOrigin(url: string, baseUrl: unknown): boolean {
	if (typeof baseUrl !== 'string') return false;
	try {
		return new URL(url).origin === new URL(baseUrl).origin;
	} catch {
		return false;
	}
}

function headerOf(response: MediaResponse, name: string): string | undefined {
	for (const [key, value] of Object.entries(response.headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/** `image/jpeg` of `Image/JPEG; charset=binary`; null when absent. */
function essence(mimeType: string | null | undefined): string | null {
	const value = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return value === '' ? null : value;
}

/** The message's own file name, else the answer's Content-Disposition, else the link's, else `<message id>.<ext>`. */
function fileNameFor(
	message: Message,
	response: MediaResponse,
	finalUrl: string,
	mimeType: string | null,
): string {
	const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(
		headerOf(response, 'content-disposition') ?? '',
	)?.[1];
	const named =
		message.media?.fileName ??
		(disposition ? safeDecode(disposition) : null) ??
		fileNameOfUrl(message.media?.url ?? '') ??
		fileNameOfUrl(finalUrl);
	if (named) return named;
	const extension =
		extensionOfMimeType(mimeType) ?? extensionOfMimeType(essence(message.media?.mimeType)) ?? 'bin';
	return `${message.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`;
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** A short quote of what an error answer said: its JSON message, or its text without markup. */
function providerText(response: MediaResponse): string | null {
	const type = essence(headerOf(response, 'content-type')) ?? '';
	if (response.body.length === 0 || !/json|xml|html|text/.test(type)) return null;
	const text = response.body.toString('utf8');
	if (type.includes('json')) {
		try {
			const body = JSON.parse(text) as unknown;
			const said = messageIn(body);
			return shorten(said ?? JSON.stringify(body));
		} catch {
			// Not JSON after all: quote it as text.
		}
	}
	const xmlMessage = /<Message>([^<]*)<\/Message>/i.exec(text)?.[1];
	return shorten(xmlMessage ?? text.replace(/<[^>]*>/g, ' '));
}

function messageIn(body: unknown): string | null {
	if (!isRecord(body)) return null;
	for (const key of ['message', 'error_description', 'error', 'title', 'detail']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (isRecord(value)) {
			const inner = messageIn(value);
			if (inner) return inner;
		}
	}
	return null;
}

function shorten(text: string): string | null {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat === '') return null;
	return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the media host';
	}
}

function megabytes(bytes: number): string {
	return String(Math.round((bytes / 1024 / 1024) * 100) / 100);
}

/** "a JSON document", "an HTML page": what came instead of the file. */
function describeType(mimeType: string): string {
	if (mimeType.includes('json')) return 'a JSON document';
	return mimeType.includes('html') ? 'an HTML page' : 'an XML document';
}

/** Bytes of a Max Media Size given in MB. */
export function maxBytesOf(megabytesValue: unknown, fallbackMb: number): number {
	const mb =
		typeof megabytesValue === 'number' && Number.isFinite(megabytesValue) && megabytesValue > 0
			? megabytesValue
			: fallbackMb;
	return Math.floor(mb * 1024 * 1024);
}
