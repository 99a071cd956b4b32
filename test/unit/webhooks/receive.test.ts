import { emptyMemory, memorySize } from '../../../bridge/webhooks/dedupe';
import { webhooks as noxivo } from '../../../bridge/providers/noxivo/webhooks';
import { receiveDelivery, type DeliveryContext } from '../../../bridge/webhooks/receive';
import type { ProviderWebhooks } from '../../../bridge/webhooks/types';
import * as fx from '../../fixtures/noxivo-webhooks';
import { request } from './request';

const context = (overrides: Partial<DeliveryContext> = {}): DeliveryContext => ({
	webhooks: noxivo,
	config: {},
	secretScope: 'node-1',
	settings: {
		events: ['message', 'message.ack'],
		ignoreOwnMessages: true,
		onlyChats: [],
		ackStatuses: 'all',
		allowedIps: [],
		includeRaw: false,
	},
	seen: emptyMemory(),
	now: Date.UTC(2026, 2, 25),
	...overrides,
});

describe('one delivery, provider-independent', () => {
	it('checks the source address first, then authenticity, then the body', () => {
		const strict = context({
			config: { webhookSecret: 'x' },
			settings: { ...context().settings, allowedIps: ['34.165.99.212'] },
		});
		expect(receiveDelivery(request('{oops'), strict)).toMatchObject({
			statusCode: 401,
			body: { reason: 'the source address is not allowed' },
		});
		expect(receiveDelivery(request('{oops', { sourceIp: '34.165.99.212' }), strict)).toMatchObject({
			statusCode: 401,
			body: { reason: 'missing "token" in the URL (or x-webhook-token header)' },
		});
		expect(
			receiveDelivery(
				request('{oops', { sourceIp: '34.165.99.212', query: { token: 'x' } }),
				strict,
			),
		).toMatchObject({ statusCode: 400 });
	});

	it('turns a parser that throws into a 400 for this delivery, not a crash', () => {
		const broken: ProviderWebhooks = {
			...noxivo,
			parse: () => {
				throw new TypeError('Cannot read properties of undefined');
			},
		};
		expect(receiveDelivery(request('{}'), context({ webhooks: broken }))).toEqual({
			statusCode: 400,
			body: {
				error: 'Bad Request',
				reason: 'the delivery cannot be read (Cannot read properties of undefined)',
			},
			items: [],
		});
	});

	it('emits only events not emitted before, and returns the memory only when it changed', () => {
		const first = receiveDelivery(request(JSON.stringify(fx.fullMessage)), context());
		expect(first.items).toHaveLength(1);
		expect(memorySize(first.seen ?? emptyMemory())).toBe(1);
		const again = receiveDelivery(
			request(JSON.stringify(fx.fullMessage)),
			context({ seen: first.seen }),
		);
		expect(again).toEqual({
			statusCode: 200,
			body: { received: true, started: false, reason: 'already received' },
			items: [],
		});
		const refused = receiveDelivery(request('nope'), context({ seen: first.seen }));
		expect(refused.seen).toBeUndefined();
	});

	it('reads the body the server parsed when the raw bytes are not available', () => {
		const outcome = receiveDelivery(
			{ ...request(''), rawBody: null, parsedBody: fx.fullMessage },
			context(),
		);
		expect(outcome.items).toEqual([
			expect.objectContaining({ event: 'message', id: fx.fullMessage.payload.id }),
		]);
	});
});
