import { deflateSync } from 'node:zlib';

import type { SimClock } from './clock';
import type { Route, SimRequest, SimResponse } from './http';
import type { SimMessage, Store } from './store';

/**
 * The media files a provider serves for its messages' links: small real files made in code (a JPEG, PNG,
 * Ogg Opus voice note or PDF whose bytes differ per message), expired links answered as the provider does,
 * and links that redirect to a CDN on another host.
 *
 * Messages are drafted with placeholder links (`https://media.example.com/sim/<file>`); once the server
 * listens, `publish(origin)` turns them into links to this server, in the provider's own URL shape.
 */

const PLACEHOLDER = 'https://media.example.com/sim/';
const CDN_PATH = '/cdn/media';
const LOOPBACK_ORIGIN = /^http:\/\/127\.0\.0\.1:/;

export interface MediaStyle {
	/** Where the provider serves its files (`/api/files/<session>`); a file's link is `<origin><path>/<file>`. */
	path: string;
	/** Whether the file route wants the provider's credentials; false: anyone holding the link may fetch it. */
	authenticated: boolean;
	/** Links point at a CDN on another host than the API's (the inbox API's `cdn.example.com` links, §4.3.1). */
	onCdn?: boolean;
	/** How long a link works after its message was sent (99digital: 7 days, docs/providers.md §3.3.1). */
	retentionMs?: number;
	/** The provider's answer for an expired or removed file (default: the CDN's 403 of an expired pre-signed link). */
	expired?(request: SimRequest): SimResponse;
}

/** The CDN's answer for an expired pre-signed link (as S3 and most object stores answer). */
function cdnExpired(): SimResponse {
	return {
		status: 403,
		headers: { 'Content-Type': 'application/xml' },
		body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>\n',
	};
}

export class MediaFiles {
	private origin: string | null = null;
	private readonly byFile = new Map<string, SimMessage>();
	private readonly expiredByHand = new Set<SimMessage>();
	private readonly onCdnByHand = new Set<SimMessage>();
	private readonly sizes = new Map<SimMessage, number>();

	constructor(
		private readonly store: Store,
		private readonly clock: SimClock,
		private readonly style: MediaStyle,
	) {
		store.onAdd((message) => this.link(message));
	}

	/** Points every placeholder link, of the seeded history and of later messages, at `origin`. */
	publish(origin: string): void {
		this.origin = origin;
		for (const message of this.store.timeline) this.link(message);
	}

	/** The CDN host: the same server under another name (`localhost` for `127.0.0.1`), so it is another origin. */
	cdnOrigin(): string {
		if (!this.origin) throw new Error('simulator media: not published yet');
		return this.origin.replace(LOOPBACK_ORIGIN, 'http://localhost:');
	}

	routes(): Route[] {
		return [
			{
				method: 'GET',
				path: `${this.style.path}/:file`,
				handle: (r) => this.serve(r, false),
				public: !this.style.authenticated,
			},
			...(this.style.path === CDN_PATH
				? []
				: [
						{
							method: 'GET' as const,
							path: `${CDN_PATH}/:file`,
							handle: (r: SimRequest) => this.serve(r, true),
							public: true,
						},
					]),
		];
	}

	/** The file a message's link names, null when it has none. */
	fileOf(message: SimMessage): string | null {
		const url = message.media?.url;
		if (!url || !this.origin) return null;
		const name = url.split('/').pop() ?? '';
		return this.byFile.get(name) === message ? name : null;
	}

	/** The exact bytes the link of this message serves. */
	bytesOf(message: SimMessage): Buffer {
		const bytes = fileBytes(message);
		const size = this.sizes.get(message);
		return size === undefined || size <= bytes.length
			? bytes
			: Buffer.concat([bytes, Buffer.alloc(size - bytes.length, 0x20)]);
	}

	/** From now on the link answers as the provider answers an expired file. */
	expire(message: SimMessage): void {
		this.expiredByHand.add(message);
	}

	/** The link now redirects (302) to a pre-signed CDN link on another host. */
	moveToCdn(message: SimMessage): void {
		this.onCdnByHand.add(message);
	}

	/** Serves `bytes` bytes for this message's file (its real bytes, padded). */
	resize(message: SimMessage, bytes: number): void {
		this.sizes.set(message, bytes);
	}

	private link(message: SimMessage): void {
		const url = message.media?.url;
		if (!this.origin || !message.media || !url?.startsWith(PLACEHOLDER)) return;
		const file = url.slice(PLACEHOLDER.length);
		this.byFile.set(file, message);
		message.media.url = `${this.style.onCdn ? this.cdnOrigin() : this.origin}${this.style.path}/${file}`;
	}

	/** Whether the link answers as an expired one (expired by hand, or older than the provider keeps files). */
	isExpired(message: SimMessage): boolean {
		const retention = this.style.retentionMs;
		return (
			this.expiredByHand.has(message) ||
			(retention !== undefined && this.clock.now() > message.at + retention)
		);
	}

	private serve(request: SimRequest, fromCdn: boolean): SimResponse {
		const message = this.byFile.get(request.params.file);
		const gone = () =>
			fromCdn || !this.style.expired ? cdnExpired() : this.style.expired(request);
		if (!message?.media || this.isExpired(message)) return gone();
		if (!fromCdn && this.onCdnByHand.has(message)) {
			return {
				status: 302,
				headers: {
					Location: `${this.cdnOrigin()}${CDN_PATH}/${request.params.file}?X-Signature=sim-${message.seq}`,
				},
			};
		}
		const headers: Record<string, string> = { 'Content-Type': message.media.mimeType };
		if (message.media.fileName)
			headers['Content-Disposition'] = `inline; filename="${message.media.fileName}"`;
		return { status: 200, headers, body: this.bytesOf(message) };
	}
}

// ---- the files ----

/** A real file of the message's type; its content depends on the message, so no two links serve the same bytes. */
function fileBytes(message: SimMessage): Buffer {
	const mimeType = (message.media?.mimeType ?? '').split(';')[0].trim().toLowerCase();
	const label = `simulated message ${message.seq}`;
	if (mimeType === 'image/jpeg') return grayJpeg(37 + ((message.seq * 53) % 180));
	if (mimeType === 'image/png')
		return rgbPng([message.seq % 256, (message.seq * 7) % 256, (message.seq * 13) % 256]);
	if (mimeType === 'audio/ogg') return opusHeaders(label);
	if (mimeType === 'application/pdf') return pdf(label);
	return Buffer.from(`${label}\n`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function uint32(value: number): Buffer {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(value >>> 0);
	return b;
}

/** A 1×1 PNG of one colour. */
function rgbPng([r, g, b]: number[]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		return Buffer.concat([uint32(data.length), typed, uint32(crc32(typed))]);
	};
	const header = Buffer.concat([uint32(1), uint32(1), Buffer.from([8, 2, 0, 0, 0])]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.from([0, r, g, b]))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * An 8×8 baseline JPEG of one grey level: one block whose only coefficient is DC. Each Huffman table holds
 * one symbol (the DC magnitude category; EOB), coded as the single bit 0.
 */
function grayJpeg(level: number): Buffer {
	const dc = 8 * (level - 128); // F(0,0) of a flat block, quantised by 1
	const category = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
	const magnitude = dc >= 0 ? dc : dc + (1 << category) - 1;
	let bits = '0' + (category > 0 ? magnitude.toString(2).padStart(category, '0') : '') + '0';
	bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
	const scan: number[] = [];
	for (let i = 0; i < bits.length; i += 8) {
		const byte = parseInt(bits.slice(i, i + 8), 2);
		scan.push(byte);
		if (byte === 0xff) scan.push(0x00);
	}
	const segment = (marker: number, data: number[]) => [
		0xff,
		marker,
		(data.length + 2) >> 8,
		(data.length + 2) & 0xff,
		...data,
	];
	const oneSymbolTable = (tableClass: number, symbol: number) => [
		tableClass << 4,
		1,
		...new Array<number>(15).fill(0),
		symbol,
	];
	return Buffer.from([
		0xff,
		0xd8,
		...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
		...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
		...segment(0xc4, [...oneSymbolTable(0, category), ...oneSymbolTable(1, 0x00)]),
		...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
		...scan,
		0xff,
		0xd9,
	]);
}

/** Ogg's CRC (polynomial 0x04c11db7, not reflected). */
const OGG_CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n << 24;
	for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
	return c >>> 0;
});

function oggPage(packet: Buffer, sequence: number, headerType: number): Buffer {
	const header = Buffer.alloc(27);
	header.write('OggS', 0, 'ascii');
	header[5] = headerType;
	header.writeUInt32LE(0x5157, 14); // stream serial number
	header.writeUInt32LE(sequence, 18);
	const lacing: number[] = [];
	for (let left = packet.length; ; left -= 255) {
		lacing.push(Math.min(left, 255));
		if (left < 255) break;
	}
	header[26] = lacing.length;
	const page = Buffer.concat([header, Buffer.from(lacing), packet]);
	let crc = 0;
	for (const byte of page) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
	page.writeUInt32LE(crc, 22);
	return page;
}

/** The two header pages of an Ogg Opus stream (a WhatsApp voice note's format), the vendor naming the message. */
function opusHeaders(vendor: string): Buffer {
	const head = Buffer.alloc(19);
	head.write('OpusHead', 0, 'ascii');
	head[8] = 1; // version
	head[9] = 1; // mono
	head.writeUInt16LE(312, 10); // pre-skip
	head.writeUInt32LE(48000, 12);
	const vendorBytes = Buffer.from(vendor, 'utf8');
	const vendorLength = Buffer.alloc(4);
	vendorLength.writeUInt32LE(vendorBytes.length);
	const tags = Buffer.concat([
		Buffer.from('OpusTags', 'ascii'),
		vendorLength,
		vendorBytes,
		Buffer.alloc(4),
	]);
	return Buffer.concat([oggPage(head, 0, 0x02), oggPage(tags, 1, 0x00)]);
}

/** A one-page PDF with the text on it. */
function pdf(text: string): Buffer {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${`BT /F1 10 Tf 10 20 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 10 Tf 10 20 Td (${text}) Tj ET\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}
