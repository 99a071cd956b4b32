import { createHmac } from 'node:crypto';

import { webhooks } from '../../../bridge/providers/vobiz/webhooks';
import { deriveSubscriptionSecret } from '../../../bridge/webhooks/signature';
import * as fx from '../../fixtures/vobiz-webhooks';
import * as expected from '../../fixtures/expected-events';
import { request } from './request';

const events = (body: unknown) => {
	const parsed = webhooks.parse(body, {});
	if (parsed.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
	return parsed.events.map((e) => e.event);
};

const sign = (secret: string, body: string) =>
	createHmac('sha256', secret).update(body).digest('hex');

describe('Vobiz webhooks (docs/providers.md §2.5)', () => {
	it('reads message.inbound as a docs/contract.md Message: the wamid is the id, the wa_id the chat', () => {
		expect(events(fx.inbound)).toEqual([expected.vobizInbound]);
	});

	it('reads message.status as message.ack', () => {
		expect(events(fx.status)).toEqual([expected.vobizStatus]);
	});

	it('gives one event per status of a delivery, each with its own key, and the Meta error of a failure', () => {
		const parsed = webhooks.parse(fx.threeStatuses, {});
		expect(parsed.kind === 'events' && parsed.events.map((e) => [e.event, e.dedupeKey])).toEqual([
			[expected.vobizThreeStatuses[0], 'vobiz:message.ack:wamid.AAA:sent'],
			[expected.vobizThreeStatuses[1], 'vobiz:message.ack:wamid.BBB:read'],
			[expected.vobizThreeStatuses[2], 'vobiz:message.ack:wamid.CCC:failed'],
		]);
	});

	it('gives several inbound messages of one change one event each, media with caption', () => {
		const value = fx.inbound.payload.entry[0].changes[0].value;
		const image = {
			from: '918888888888',
			id: 'wamid.IMG',
			timestamp: '1711360900',
			type: 'image',
			image: { id: 'media-1', mime_type: 'image/jpeg', caption: 'Broken box' },
		};
		const voice = {
			from: '918888888888',
			id: 'wamid.VOICE',
			timestamp: '1711360901',
			type: 'audio',
			audio: { id: 'media-2', mime_type: 'audio/ogg; codecs=opus', voice: true },
		};
		const body = {
			...fx.inbound,
			payload: {
				...fx.inbound.payload,
				entry: [
					{
						id: '<waba_id>',
						changes: [
							{
								field: 'messages',
								value: { ...value, messages: [...value.messages, image, voice] },
							},
						],
					},
				],
			},
		};
		expect(
			events(body).map((e) => e.event === 'message' && [e.id, e.type, e.text, e.media]),
		).toEqual([
			['wamid.HBgMOTE4ODg4ODg4ODg4FQIAEhg..', 'text', 'Hi, is my order shipped?', null],
			['wamid.IMG', 'image', 'Broken box', { url: null, mimeType: 'image/jpeg', fileName: null }],
			[
				'wamid.VOICE',
				'voice',
				null,
				{ url: null, mimeType: 'audio/ogg; codecs=opus', fileName: null },
			],
		]);
	});

	it('accepts the legacy envelope: message.received as a message, message.read as an ack', () => {
		expect(events(fx.legacyReceived)).toEqual([
			expect.objectContaining({
				event: 'message',
				id: 'wamid.LEGACY001',
				chatId: '1234567890',
				from: '1234567890',
				type: 'image',
				text: 'The receipt',
				media: { url: null, mimeType: 'image/jpeg', fileName: null },
				timestamp: '2026-03-17T14:22:00.000Z',
			}),
		]);
		expect(events(fx.legacyRead)).toEqual([
			{
				event: 'message.ack',
				provider: 'vobiz',
				messageId: 'wamid.LEGACY002',
				waMessageId: 'wamid.LEGACY002',
				chatId: '1234567890',
				status: 'read',
				timestamp: '2026-03-17T14:25:00.000Z',
				error: null,
			},
		]);
	});

	it('ignores call events and unknown statuses; refuses what is not a Vobiz envelope', () => {
		expect(webhooks.parse(fx.call, {})).toEqual({
			kind: 'ignored',
			reason: 'Vobiz event "call.ringing" is not a Trigger event',
		});
		const odd = JSON.parse(JSON.stringify(fx.status).replace('"delivered"', '"deleted"'));
		expect(webhooks.parse(odd, {})).toEqual({
			kind: 'ignored',
			reason: 'no readable messages or statuses in the Vobiz delivery',
		});
		expect(webhooks.parse({ event: 'message', payload: {} }, {}).kind).toBe('invalid');
		expect(webhooks.parse({ ...fx.inbound, payload: 'x' }, {})).toEqual({
			kind: 'invalid',
			reason: 'Vobiz "message.inbound" without a Meta webhook payload',
		});
	});

	describe('X-Webhook-Signature: hex HMAC-SHA256 of the raw body', () => {
		const body = JSON.stringify(fx.inbound);
		const config = { authToken: 'vobiz-secret-token-0001', webhookSecret: 'hand-made-secret' };
		const derived = deriveSubscriptionSecret('vobiz-secret-token-0001', 'node-1');

		it('accepts the secret of the subscription the Trigger made (derived) or of one made by hand (credential)', () => {
			expect(
				webhooks.verify(
					request(body, { headers: { 'X-Webhook-Signature': sign(derived, body) } }),
					config,
					'node-1',
				),
			).toEqual({ ok: true });
			expect(
				webhooks.verify(
					request(body, { headers: { 'X-Webhook-Signature': sign('hand-made-secret', body) } }),
					config,
					'node-1',
				),
			).toEqual({ ok: true });
		});

		it('refuses a missing or wrong signature, or one made for another Trigger', () => {
			expect(webhooks.verify(request(body), config, 'node-1')).toEqual({
				ok: false,
				reason: 'missing x-webhook-signature header',
			});
			expect(
				webhooks.verify(
					request(body, { headers: { 'X-Webhook-Signature': sign('guess', body) } }),
					config,
					'node-1',
				),
			).toEqual({
				ok: false,
				reason: 'x-webhook-signature does not match the body',
			});
			expect(
				webhooks.verify(
					request(body, { headers: { 'X-Webhook-Signature': sign(derived, body) } }),
					config,
					'node-2',
				).ok,
			).toBe(false);
		});

		it('checks the bytes as sent: the same JSON re-serialised differently does not pass', () => {
			const spaced = JSON.stringify(fx.inbound, null, 2);
			expect(
				webhooks.verify(
					request(spaced, { headers: { 'X-Webhook-Signature': sign(derived, body) } }),
					config,
					'node-1',
				).ok,
			).toBe(false);
		});
	});
});
