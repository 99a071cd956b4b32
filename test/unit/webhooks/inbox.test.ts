import { createHmac } from 'node:crypto';

import { webhooks } from '../../../bridge/providers/inbox/webhooks';
import * as fx from '../../fixtures/inbox-webhooks';
import * as expected from '../../fixtures/expected-events';
import { request } from './request';

const events = (body: unknown) => {
	const parsed = webhooks.parse(body, {});
	if (parsed.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
	return parsed.events.map((e) => e.event);
};

describe('Inbox API webhooks (docs/providers.md §4.3.5 [ASSUMPTION])', () => {
	it('reads message.received as a docs/contract.md Message', () => {
		expect(events(fx.received)).toEqual([expected.inboxReceived]);
	});

	it('reads message.status as message.ack, with its error', () => {
		expect(events(fx.failedStatus)).toEqual([expected.inboxFailedStatus]);
	});

	it('marks an outbound message.received as own (an echo)', () => {
		expect(
			events({
				...fx.received,
				data: { ...fx.received.data, direction: 'outbound', status: 'sent' },
			}),
		).toEqual([expect.objectContaining({ direction: 'outbound', fromMe: true, status: 'sent' })]);
	});

	it('ignores other events and unknown statuses; refuses other shapes', () => {
		expect(webhooks.parse({ event: 'conversation.closed', data: {} }, {})).toEqual({
			kind: 'ignored',
			reason: 'WhatsApp Inbox API event "conversation.closed" is not a Trigger event',
		});
		expect(
			webhooks.parse(
				{ ...fx.deliveredStatus, data: { ...fx.deliveredStatus.data, status: 'typing' } },
				{},
			).kind,
		).toBe('ignored');
		const notInbox = {
			kind: 'invalid',
			reason: 'not an Inbox API webhook: expected "event" and "data"',
		};
		expect(webhooks.parse({ event: 'message.status' }, {})).toEqual(notInbox);
		expect(webhooks.parse({ event: 'message', payload: { id: 'x' } }, {})).toEqual(notInbox);
		expect(webhooks.parse({ hook: 'new' }, {})).toEqual(notInbox);
	});

	it('checks X-Signature (hex HMAC-SHA256 of the raw body) when the credential has a Webhook Secret', () => {
		const body = JSON.stringify(fx.received);
		const signature = createHmac('sha256', 'inbox-hook-secret').update(body).digest('hex');
		const config = { webhookSecret: 'inbox-hook-secret' };
		expect(
			webhooks.verify(request(body, { headers: { 'X-Signature': signature } }), config, 'scope'),
		).toEqual({ ok: true });
		expect(
			webhooks.verify(
				request(body, { headers: { 'X-Signature': signature.toUpperCase() } }),
				config,
				'scope',
			),
		).toEqual({ ok: true });
		expect(webhooks.verify(request(body), config, 'scope')).toEqual({
			ok: false,
			reason: 'missing x-signature header',
		});
		expect(webhooks.verify(request(body), {}, 'scope')).toEqual({ ok: true });
	});
});
