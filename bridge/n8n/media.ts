import type {
	IBinaryData,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { capabilityOf } from '../capabilities';
import { isRecord } from '../http';
import {
	ERROR_BODY_BYTES,
	maxBytesOf,
	mediaError,
	mediaFileOf,
	mediaRequestOf,
	redirectOf,
	type MediaProvider,
} from '../media/download';
import type { MediaRequest, MediaResponse } from '../media/types';
import type { Message, ProviderConfig } from '../model';
import { getProvider } from '../providers';
import { toNodeError } from './errors';
import { secretsOf } from './itemOperation';
import { findCode, NETWORK_REASONS } from './transport';

/**
 * Download Media: each message's file into the item's binary property `data` (docs/contract.md), fetched with
 * n8n's request helpers — with the credential's authentication only on the provider's own origin.
 */

const DEFAULT_MAX_MEDIA_MB = 16;

export const downloadMediaOption: INodeProperties = {
	displayName: 'Download Media',
	name: 'downloadMedia',
	type: 'boolean',
	default: false,
	description:
		"Whether to download each message's image, voice note, video or document into the item's binary property \"data\". The provider's credential goes only to links on its own Base URL.",
};

export const maxMediaSizeOption: INodeProperties = {
	displayName: 'Max Media Size (MB)',
	name: 'maxMediaSize',
	type: 'number',
	typeOptions: { minValue: 0.01, numberPrecision: 2 },
	default: DEFAULT_MAX_MEDIA_MB,
	description:
		'With Download Media: a larger file is not downloaded, and its message gets an error instead',
};

/** Every n8n context a node downloads media in: the Messages node's paging, a webhook, a poll. */
export type MediaContext = IExecutePaginationFunctions | IWebhookFunctions | IPollFunctions;

/**
 * How a failed download shows: `throw` ends the run with the error (WhatsApp Messages without Continue On
 * Fail); `mediaError` keeps the item, without binary, with the error text as `mediaError` (Continue On
 * Fail, and the triggers, which must never lose a message over its file).
 */
export type MediaFailure = 'throw' | 'mediaError';

/** With the node's option Download Media on, the items of messages get their files; other items pass as they are. */
export async function withDownloadedMedia(
	ctx: MediaContext,
	items: INodeExecutionData[],
	onFailure: MediaFailure,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.downloadMedia !== true || !items.some((item) => messageOf(item) !== null))
		return items;
	const adapter = getProvider(ctx.getNodeParameter('provider'));
	const config = (await ctx.getCredentials(adapter.credentialType)) as ProviderConfig;
	const secrets = secretsOf(adapter, config);
	const mediaProvider: MediaProvider = { ...adapter, media: capabilityOf(adapter, 'media') };
	const maxBytes = maxBytesOf(options.maxMediaSize, DEFAULT_MAX_MEDIA_MB);
	const out: INodeExecutionData[] = [];
	for (const item of items) {
		const message = messageOf(item);
		try {
			const file = message
				? await downloadMedia(ctx, mediaProvider, config, message, maxBytes)
				: null;
			out.push(file ? { ...item, binary: { ...item.binary, data: file } } : item);
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, inputIndexOf(item), secrets);
			if (onFailure === 'throw') throw nodeError;
			out.push({ ...item, json: { ...item.json, mediaError: nodeError.message } });
		}
	}
	return out;
}

/**
 * One message's file as n8n binary data; null when the message has no media. Throws the error a user
 * reads, naming the message: no link, expired, refused, too large, not a file, unreachable.
 */
export async function downloadMedia(
	ctx: MediaContext,
	adapter: MediaProvider,
	config: ProviderConfig,
	message: Message,
	maxBytes: number,
): Promise<IBinaryData | null> {
	let request = mediaRequestOf(message, adapter, config.baseUrl);
	if (!request) return null;
	for (let hops = 0; ; hops++) {
		const response = await fetchMedia(ctx, adapter, message, request, maxBytes);
		const next = redirectOf(message, response, request, hops, adapter, config.baseUrl);
		if (!next) {
			const file = mediaFileOf(message, response, request.url, adapter, maxBytes);
			return await ctx.helpers.prepareBinaryData(response.body, file.fileName, file.mimeType);
		}
		request = next;
	}
}

/**
 * One GET, redirects not followed: n8n would carry the credential's headers along to wherever a redirect
 * points, so each hop decides again. Reads at most `maxBytes` of a file and a little of anything else.
 */
async function fetchMedia(
	ctx: MediaContext,
	adapter: MediaProvider,
	message: Message,
	request: MediaRequest,
	maxBytes: number,
): Promise<MediaResponse> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: request.url,
		headers: { Accept: '*/*' },
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (
			request.withCredential
				? await ctx.helpers.httpRequestWithAuthentication.call(ctx, adapter.credentialType, options)
				: await ctx.helpers.httpRequest(options)
		) as IN8nHttpFullResponse;
	} catch (error) {
		const code = findCode(error);
		const reason = (code && NETWORK_REASONS[code]) ?? 'there was no answer';
		throw mediaError(message, `could not reach ${new URL(request.url).host}: ${reason}`, adapter);
	}
	const headers = (isRecord(response.headers) ? response.headers : {}) as MediaResponse['headers'];
	const isFile = response.statusCode >= 200 && response.statusCode <= 299;
	const limit = isFile ? maxBytes : ERROR_BODY_BYTES;
	const declared = Number(headers['content-length']);
	if (isFile && Number.isFinite(declared) && declared > maxBytes) {
		discard(response.body);
		return { statusCode: response.statusCode, headers, body: Buffer.alloc(0), tooLarge: true };
	}
	const { bytes, overLimit } = await readAtMost(response.body, limit);
	return { statusCode: response.statusCode, headers, body: bytes, tooLarge: isFile && overLimit };
}

async function readAtMost(
	body: unknown,
	limit: number,
): Promise<{ bytes: Buffer; overLimit: boolean }> {
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		const bytes = Buffer.from(body);
		return { bytes: bytes.subarray(0, limit), overLimit: bytes.length > limit };
	}
	if (!isAsyncIterable(body)) return { bytes: Buffer.alloc(0), overLimit: false };
	const chunks: Buffer[] = [];
	let size = 0;
	// Leaving the loop early destroys the stream: the rest of a too large file is never downloaded.
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		size += bytes.length;
		if (size > limit) {
			chunks.push(bytes.subarray(0, bytes.length - (size - limit)));
			return { bytes: Buffer.concat(chunks), overLimit: true };
		}
		chunks.push(bytes);
	}
	return { bytes: Buffer.concat(chunks), overLimit: false };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function discard(body: unknown): void {
	if (isRecord(body) && typeof body.destroy === 'function') (body.destroy as () => void)();
}

/** The Message in an item (docs/contract.md: every message has `media`, an object or null); null for other items. */
function messageOf(item: INodeExecutionData): Message | null {
	const json = item.json as Record<string, unknown>;
	if (item.error || typeof json.id !== 'string' || !('media' in json)) return null;
	return json as unknown as Message;
}

function inputIndexOf(item: INodeExecutionData): number {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'number' ? paired : (paired?.item ?? 0);
}
