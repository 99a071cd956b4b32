import { isBridgeError } from '../../../bridge/errors';
import type { HttpRequest } from '../../../bridge/http';
import { PROVIDERS } from '../../../bridge/providers';
import type { SendInput } from '../../../bridge/sending/types';

/**
 * The node checks capabilities before calling an adapter; an adapter called directly (a tool, a test, a
 * future node) still never sends what its provider cannot, and makes no request for it.
 */

const location: SendInput = {
	to: '972501234567',
	content: { kind: 'location', location: { latitude: 1, longitude: 2, name: null, address: null } },
	replyTo: null,
	idempotencyKey: null,
};
const binaryImage: SendInput = {
	to: '972501234567',
	content: {
		kind: 'image',
		caption: null,
		media: { from: 'binary', data: 'iVBORw0K', mimeType: 'image/png', fileName: null },
	},
	replyTo: null,
	idempotencyKey: null,
};
const video: SendInput = {
	to: '972501234567',
	content: {
		kind: 'video',
		caption: null,
		media: { from: 'url', url: 'https://x.example/v.mp4', mimeType: null, fileName: null },
	},
	replyTo: null,
	idempotencyKey: null,
};

describe('adapters called directly', () => {
	it.each([
		['vobiz', 'a location', location],
		['vobiz', 'binary media', binaryImage],
		['digital99', 'binary media', binaryImage],
		['inbox', 'a location', location],
		['inbox', 'binary media', binaryImage],
		['inbox', 'a video', video],
	] as const)('%s refuses %s without a request', async (provider, _label, input) => {
		const requests: HttpRequest[] = [];
		const config = { channelId: 'ch-1', wabaId: '123' };
		const error = await PROVIDERS[provider]
			.sending!.send(config, input, async (request) => {
				requests.push(request);
				return { statusCode: 500, body: {}, headers: {} };
			})
			.then(
				() => null,
				(reason: unknown) => reason,
			);
		expect(isBridgeError(error) && error.kind).toBe('unsupported');
		expect(requests).toEqual([]);
	});
});
