import { BridgeError } from '../errors';
import { isRecord } from '../http';
import { fileNameOfUrl } from './media';
import {
	MEDIA_KINDS,
	type BinaryMediaRef,
	type LocationInput,
	type MediaKind,
	type SendContent,
	type SendDraft,
	type TemplateHeader,
	type TemplateInput,
	type UrlMedia,
} from './types';

/**
 * The WhatsApp Send node's parameters as n8n hands them over (names as in nodes/WhatsAppSend), unchecked.
 * Optional groups are collections, so any of their fields may be missing.
 */
export interface SendParameters {
	to: unknown;
	messageType: unknown;
	text?: unknown;
	mediaType?: unknown;
	mediaSource?: unknown;
	mediaUrl?: unknown;
	binaryPropertyName?: unknown;
	mediaOptions?: unknown;
	templateName?: unknown;
	templateLanguage?: unknown;
	templateBodyParameters?: unknown;
	templateOptions?: unknown;
	latitude?: unknown;
	longitude?: unknown;
	locationOptions?: unknown;
	options?: unknown;
}

function inputError(message: string, field: string, description?: string): BridgeError {
	return new BridgeError('input', message, { field, description });
}

/** A text parameter, trimmed; null when empty. Numbers (from expressions) count as text. */
function optionalText(value: unknown, label: string, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string')
		throw inputError(`${label} must be text, not ${describe(value)}`, field);
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

function requiredText(value: unknown, label: string, field: string, description: string): string {
	const text = optionalText(value, label, field);
	if (text === null) throw inputError(`${label} is empty`, field, description);
	return text;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function group(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

function httpUrl(value: unknown, label: string, field: string): string {
	const text = requiredText(
		value,
		label,
		field,
		'Give a link starting with https:// that the provider can download.',
	);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw inputError(
			`${label} "${text}" is not a URL`,
			field,
			'Give a full link starting with https://.',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw inputError(
			`${label} "${text}" is not an http(s) URL`,
			field,
			'The provider downloads the file itself, so it needs a web link.',
		);
	}
	return text;
}

function coordinate(value: unknown, label: string, field: string, limit: number): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit) {
		throw inputError(
			`${label} must be a number between -${limit} and ${limit}`,
			field,
			`Got ${JSON.stringify(value) ?? 'nothing'}.`,
		);
	}
	return n;
}

/** A list of texts from a multiple-values parameter (or a single text from an expression). */
function textList(value: unknown, label: string, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const values = Array.isArray(value) ? value : [value];
	return values.map((v, i) => {
		const text = optionalText(v, `${label} ${i + 1}`, field);
		if (text === null)
			throw inputError(
				`${label} ${i + 1} is empty`,
				field,
				'Remove it or give it a value: WhatsApp refuses empty template parameters.',
			);
		return text;
	});
}

function textContent(params: SendParameters): SendContent<UrlMedia | BinaryMediaRef> {
	return {
		kind: 'text',
		text: requiredText(params.text, 'Text', 'text', 'Give the message text to send.'),
	};
}

/** WhatsApp shows a caption under an image, a video or a document only. */
const CAPTIONED: readonly MediaKind[] = ['image', 'video', 'document'];

function mediaContent(params: SendParameters): SendContent<UrlMedia | BinaryMediaRef> {
	const kind = params.mediaType;
	if (typeof kind !== 'string' || !(MEDIA_KINDS as readonly string[]).includes(kind)) {
		throw inputError(
			`Media Type "${String(kind)}" is not one of ${MEDIA_KINDS.join(', ')}`,
			'mediaType',
		);
	}
	const options = group(params.mediaOptions);
	const caption = optionalText(options.caption, 'Caption', 'mediaOptions.caption');
	if (caption !== null && !CAPTIONED.includes(kind as MediaKind)) {
		throw inputError(
			`A caption cannot go with ${kind}`,
			'mediaOptions.caption',
			`WhatsApp shows captions under ${CAPTIONED.join(', ')} only; send the text as its own message.`,
		);
	}
	const mimeType = optionalText(options.mimeType, 'MIME Type', 'mediaOptions.mimeType');
	const fileName = optionalText(options.fileName, 'File Name', 'mediaOptions.fileName');
	if (params.mediaSource === 'binary') {
		const property = requiredText(
			params.binaryPropertyName,
			'Input Binary Field',
			'binaryPropertyName',
			'Give the name of the binary property that holds the file, for example "data".',
		);
		return {
			kind: kind as MediaKind,
			caption,
			media: { from: 'binary', property, mimeType, fileName },
		};
	}
	const url = httpUrl(params.mediaUrl, 'Media URL', 'mediaUrl');
	return {
		kind: kind as MediaKind,
		caption,
		media: { from: 'url', url, mimeType, fileName: fileName ?? fileNameOfUrl(url) },
	};
}

const HEADER_KINDS: ReadonlyArray<TemplateHeader['kind']> = ['image', 'video', 'document'];

function templateContent(params: SendParameters): SendContent<UrlMedia | BinaryMediaRef> {
	const options = group(params.templateOptions);
	const headerKind = options.headerMediaType;
	let header: TemplateHeader | null = null;
	if (headerKind !== undefined && headerKind !== 'none') {
		if (
			typeof headerKind !== 'string' ||
			!(HEADER_KINDS as readonly string[]).includes(headerKind)
		) {
			throw inputError(
				`Header Media Type "${String(headerKind)}" is not one of none, ${HEADER_KINDS.join(', ')}`,
				'templateOptions.headerMediaType',
			);
		}
		header = {
			kind: headerKind as TemplateHeader['kind'],
			url: httpUrl(options.headerMediaUrl, 'Header Media URL', 'templateOptions.headerMediaUrl'),
		};
	}
	const template: TemplateInput = {
		name: requiredText(
			params.templateName,
			'Template Name',
			'templateName',
			'Give the name of an approved WhatsApp template, for example order_update.',
		),
		language: optionalText(params.templateLanguage, 'Template Language', 'templateLanguage'),
		bodyParameters: textList(
			params.templateBodyParameters,
			'Body Parameter',
			'templateBodyParameters',
		),
		header,
		buttonUrlVariables: textList(
			options.buttonUrlVariables,
			'Button URL Variable',
			'templateOptions.buttonUrlVariables',
		),
		couponCode: optionalText(options.couponCode, 'Coupon Code', 'templateOptions.couponCode'),
	};
	return { kind: 'template', template };
}

function locationContent(params: SendParameters): SendContent<UrlMedia | BinaryMediaRef> {
	const options = group(params.locationOptions);
	const location: LocationInput = {
		latitude: coordinate(params.latitude, 'Latitude', 'latitude', 90),
		longitude: coordinate(params.longitude, 'Longitude', 'longitude', 180),
		name: optionalText(options.name, 'Location Name', 'locationOptions.name'),
		address: optionalText(options.address, 'Address', 'locationOptions.address'),
	};
	return { kind: 'location', location };
}

const CONTENT_READERS: Record<
	string,
	(params: SendParameters) => SendContent<UrlMedia | BinaryMediaRef>
> = {
	text: textContent,
	media: mediaContent,
	template: templateContent,
	location: locationContent,
};

/** The node's parameters as a validated message; any problem is an `input` error naming the field. */
export function parseSendParameters(
	params: SendParameters,
	idempotencyKey: string | null,
): SendDraft {
	const readContent =
		typeof params.messageType === 'string' && Object.hasOwn(CONTENT_READERS, params.messageType)
			? CONTENT_READERS[params.messageType]
			: undefined;
	if (!readContent) {
		throw inputError(
			`Message Type "${String(params.messageType)}" is not one of ${Object.keys(CONTENT_READERS).join(', ')}`,
			'messageType',
		);
	}
	const to = requiredText(
		params.to,
		'To',
		'to',
		'Give the recipient: a number in international format (+972 50-123-4567) or a WhatsApp chat ID (972501234567@c.us).',
	);
	return {
		to,
		content: readContent(params),
		replyTo: optionalText(group(params.options).replyTo, 'Reply To Message ID', 'options.replyTo'),
		idempotencyKey,
	};
}
