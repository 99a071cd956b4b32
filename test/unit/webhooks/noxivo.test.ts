import { webhooks } from '../../../bridge/providers/noxivo/webhooks';
import * as fx from '../../fixtures/noxivo-webhooks';
import * as expected from '../../fixtures/expected-events';
import { request } from './request';

const events = (body: unknown) => {
	const parsed = webhooks.parse(body, {});
	if (parsed.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
	return parsed.events.map((e) => e.event);
};

describe('Noxivo webhooks (docs/providers.md §1.8)', () => {
	it('reads the documented incoming message as a docs/contract.md Message with event "message"', () => {
		expect(events(fx.documentedMessage)).toEqual([expected.noxivoDocumentedMessage]);
	});

	it('reads the full WAHA envelope the same way, with `to`', () => {
		expect(events(fx.fullMessage)).toEqual([
			expect.objectContaining({
				id: 'false_1234567890@c.us_3EB01C0FDFD037F51A4DEF',
				to: '31612879047@c.us',
				text: 'Hi, I need help!',
				timestamp: '2026-01-23T07:12:50.000Z',
			}),
		]);
	});

	it('accepts payload.id as an object {_serialized}', () => {
		expect(events(fx.messageWithObjectId)).toEqual(events(fx.fullMessage));
	});

	it('maps a group image: the chat is the group, the media is kept', () => {
		expect(events(fx.groupImage)).toEqual([
			expect.objectContaining({
				chatId: '120363040000000000@g.us',
				type: 'image',
				text: 'Our new menu',
				media: {
					url: 'https://files.example/menu.jpg',
					mimeType: 'image/jpeg',
					fileName: 'menu.jpg',
				},
			}),
		]);
	});

	it('reads message.ack: WAHA ack 3 is "read", the chat is the recipient, the envelope time (ms) is used', () => {
		expect(events(fx.ack)).toEqual([expected.noxivoAck]);
	});

	it.each([
		[-1, 'failed'],
		[0, 'pending'],
		[1, 'sent'],
		[2, 'delivered'],
		[4, 'played'],
	])('maps ack %p to %p (§1.7)', (ack, status) => {
		expect(events({ ...fx.ack, payload: { ...fx.ack.payload, ack, ackName: undefined } })).toEqual([
			expect.objectContaining({ status }),
		]);
	});

	it('ignores an ack it cannot map (§0.1: unknown = no change), and events that are not Trigger events', () => {
		expect(
			webhooks.parse({ ...fx.ack, payload: { ...fx.ack.payload, ack: 9, ackName: 'WHAT' } }, {}),
		).toEqual({ kind: 'ignored', reason: 'unknown ack value 9' });
		expect(webhooks.parse(fx.sessionStatus, {})).toEqual({
			kind: 'ignored',
			reason: 'Noxivo Engine event "session.status" is not a Trigger event',
		});
	});

	it('refuses what is not a WAHA envelope, or a message without id', () => {
		expect(webhooks.parse({ event_type: 'message.inbound', payload: {} }, {}).kind).toBe('invalid');
		expect(webhooks.parse([fx.fullMessage], {}).kind).toBe('invalid');
		expect(
			webhooks.parse({ ...fx.fullMessage, payload: { ...fx.fullMessage.payload, id: null } }, {}),
		).toEqual({
			kind: 'invalid',
			reason: 'Noxivo Engine "message" event without payload.id',
		});
	});

	it('gives a redelivery the same key, whatever its envelope id (§1.8: payload.id + event + ack)', () => {
		const key = (body: unknown) => {
			const parsed = webhooks.parse(body, {});
			return parsed.kind === 'events' ? parsed.events[0].dedupeKey : null;
		};
		expect(key({ ...fx.fullMessage, id: 'evt_other' })).toBe(key(fx.fullMessage));
		expect(key({ ...fx.ack, payload: { ...fx.ack.payload, ack: 2, ackName: 'DEVICE' } })).not.toBe(
			key(fx.ack),
		);
	});

	it('accepts anything without a Webhook Secret; with one, only deliveries that carry it (?token= or X-Webhook-Token)', () => {
		expect(webhooks.verify(request('{}'), {}, 'scope')).toEqual({ ok: true });
		const config = { webhookSecret: 'nox-hook-secret' };
		expect(
			webhooks.verify(request('{}', { query: { token: 'nox-hook-secret' } }), config, 'scope'),
		).toEqual({ ok: true });
		expect(
			webhooks.verify(
				request('{}', { headers: { 'x-webhook-token': 'nox-hook-secret' } }),
				config,
				'scope',
			),
		).toEqual({ ok: true });
		expect(webhooks.verify(request('{}', { query: { token: 'guess' } }), config, 'scope')).toEqual({
			ok: false,
			reason: 'the webhook token does not match',
		});
		expect(webhooks.verify(request('{}'), config, 'scope')).toEqual({
			ok: false,
			reason: 'missing "token" in the URL (or x-webhook-token header)',
		});
	});

	it('has no subscription API: the node shows where to paste the URL', () => {
		expect(webhooks.subscriptions).toBeNull();
		expect(webhooks.setupNotice).toMatch(/paste|dashboard/);
	});
});
