import { Readable } from 'node:stream';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withDownloadedMedia, type MediaContext } from '../../../bridge/n8n/media';

/**
 * A file served without Content-Length (chunked): reading stops at Max Media Size, the rest of the stream is
 * never pulled. n8n's request helper is replaced by one answering with such a stream.
 */

const MB = 1024 * 1024;

function chunkedFile(totalBytes: number) {
	let pulled = 0;
	const stream = new Readable({
		read() {
			if (pulled >= totalBytes) {
				this.push(null);
				return;
			}
			pulled += 64 * 1024;
			this.push(Buffer.alloc(64 * 1024, 1));
		},
	});
	return { stream, pulled: () => pulled };
}

function contextAnswering(body: Readable, options: IDataObject): MediaContext {
	return {
		getNodeParameter: (name: string) => (name === 'options' ? options : 'digital99'),
		getCredentials: async () => ({
			baseUrl: 'https://api.99digital.co.il/whatsapp/v2',
			apiKey: 'key-123456',
			from: '972771234567',
		}),
		getNode: () => ({
			id: 'n',
			name: 'WhatsApp Messages',
			type: 'whatsAppMessages',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		helpers: {
			httpRequest: async () => ({
				statusCode: 200,
				headers: { 'content-type': 'video/mp4' },
				body,
			}),
			prepareBinaryData: async () => {
				throw new Error('a file over the limit must not be stored');
			},
		},
	} as unknown as MediaContext;
}

const videoItem: INodeExecutionData = {
	json: {
		provider: 'digital99',
		id: '3EB0AAAA',
		type: 'video',
		media: {
			url: 'https://api.99digital.co.il/whatsapp/myfile/972771234567/v.mp4',
			mimeType: null,
			fileName: null,
		},
	},
	pairedItem: { item: 0 },
};

it('a chunked file over Max Media Size: mediaError, and only about the limit was read', async () => {
	const file = chunkedFile(50 * MB);
	const [item] = await withDownloadedMedia(
		contextAnswering(file.stream, { downloadMedia: true, maxMediaSize: 1 }),
		[videoItem],
		'mediaError',
	);

	expect(item.json.mediaError).toBe(
		'Could not download the media of message 3EB0AAAA: the file is larger than the Max Media Size of 1 MB',
	);
	expect(item.binary).toBeUndefined();
	expect(file.pulled()).toBeLessThan(2 * MB);
	expect(file.stream.destroyed).toBe(true);
});

it('Download Media off: no request, items untouched', async () => {
	const file = chunkedFile(MB);
	const items = [videoItem];
	expect(await withDownloadedMedia(contextAnswering(file.stream, {}), items, 'throw')).toBe(items);
	expect(file.pulled()).toBe(0);
});
