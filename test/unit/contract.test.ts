import * as inbox from '../../bridge/providers/inbox/history';
import { webhooks as vobizWebhooks } from '../../bridge/providers/vobiz/webhooks';
import { chatViolations, messageViolations, triggerEventViolations } from '../contract';
import * as vobizFx from '../fixtures/vobiz-webhooks';

/** The docs/contract.md checker (test/contract.ts) itself: it passes what the mappers make and names each break. */

const message = inbox.toMessage(
	{
		id: 'm1',
		timestamp: '2026-03-17T14:20:00Z',
		direction: 'outbound',
		type: 'text',
		status: 'read',
		content: { text: 'hi' },
	},
	'c1',
);

describe('the docs/contract.md checker', () => {
	it('passes a mapped message, chat and Trigger event', () => {
		expect(messageViolations(message)).toEqual([]);
		expect(messageViolations({ ...message, raw: { anything: 1 } })).toEqual([]);
		expect(
			chatViolations(
				inbox.toChat({
					id: 'conv_1',
					contactPhone: '+972501234567',
					contactName: 'Dana',
					lastMessagePreview: 'hi',
					lastMessageAt: 1713345600,
				}),
			),
		).toEqual([]);
		const parsed = vobizWebhooks.parse(vobizFx.status, {});
		const events = parsed.kind === 'events' ? parsed.events.map((e) => e.event) : [];
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) {
			expect(triggerEventViolations(event, { requireEventId: false })).toEqual([]);
			expect(triggerEventViolations({ ...event, eventId: 'vobiz:x' })).toEqual([]);
		}
	});

	it('names each way a message breaks the contract', () => {
		expect(
			messageViolations({
				...message,
				text: '',
				timestamp: '2026-03-17T14:20:00Z',
				fromMe: false,
				status: 'seen',
				extra: 1,
				chatId: undefined,
			}),
		).toEqual([
			'message.chatId: missing',
			'message.extra: not a contract field',
			'message.chatId: expected a string, got undefined',
			'message.text: "" where null is meant',
			'message.fromMe: false but direction is "outbound"',
			'message.status: "seen" is not one of pending|sent|delivered|read|played|failed|null',
			'message.timestamp: "2026-03-17T14:20:00Z" is not an ISO time with milliseconds and Z',
		]);
		expect(messageViolations({ ...message, direction: 'inbound', fromMe: false })).toEqual([
			'message.status: "read" on an inbound message (null for inbound)',
		]);
		expect(
			messageViolations({
				...message,
				timestamp: '2026-02-30T00:00:00.000Z',
				media: { url: null },
			}),
		).toEqual([
			'message.media.mimeType: missing',
			'message.media.fileName: missing',
			'message.media.mimeType: expected a string, got undefined',
			'message.media.fileName: expected a string, got undefined',
			'message.timestamp: "2026-02-30T00:00:00.000Z" is not an ISO time with milliseconds and Z',
		]);
	});

	it('requires a non-empty eventId on Trigger events unless told the Trigger has none yet', () => {
		const event = { event: 'message', ...message };
		expect(triggerEventViolations(event)).toEqual([
			'event.eventId: missing',
			'event.eventId: expected a string, got undefined',
		]);
		expect(triggerEventViolations({ ...event, eventId: '' })).toEqual([
			'event.eventId: "" where null is meant',
		]);
		expect(triggerEventViolations({ event: 'message.read' })).toEqual([
			'event.event: "message.read" is not "message" or "message.ack"',
		]);
	});
});
