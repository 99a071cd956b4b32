import { webhooks } from '../../../bridge/providers/digital99/webhooks';
import * as fx from '../../fixtures/digital99-webhooks';
import * as expected from '../../fixtures/expected-events';
import { request } from './request';

/** The credential's business number is the `to` of §3.4's incoming example. */
const config = { from: '972501234567' };

const events = (body: unknown) => {
	const parsed = webhooks.parse(body, config);
	if (parsed.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
	return parsed.events.map((e) => e.event);
};

describe('99digital webhooks (docs/providers.md §3.4)', () => {
	it('reads the documented incoming message (hook "new") as a docs/contract.md Message', () => {
		expect(events(fx.incoming)).toEqual([expected.digital99Incoming]);
	});

	it('maps ptt to a voice note whose link is the media, and "lat,lng" to a location (§3.4 field notes)', () => {
		expect(events(fx.incomingVoiceNote)).toEqual([
			expect.objectContaining({
				type: 'voice',
				text: null,
				media: {
					url: 'https://api.99digital.co.il/whatsapp/myfile/972501234567/voice.ogg',
					mimeType: null,
					fileName: null,
				},
			}),
		]);
		expect(events(fx.incomingLocation)).toEqual([
			expect.objectContaining({
				type: 'location',
				text: null,
				media: null,
				location: { latitude: 32.0853, longitude: 34.7818, name: null, address: null },
			}),
		]);
	});

	it('uses the caption as the text of media, and keeps the text of types it does not know (button, list, ...)', () => {
		expect(events({ ...fx.incomingVoiceNote, type: 'image', caption: 'My receipt' })).toEqual([
			expect.objectContaining({ type: 'image', text: 'My receipt' }),
		]);
		expect(events({ ...fx.incoming, type: 'button', body: 'Yes, confirm' })).toEqual([
			expect.objectContaining({ type: 'other', text: 'Yes, confirm' }),
		]);
	});

	it('reads the assumed status body (§3.4 [ASSUMPTION]): a status name, a numeric state, or FAIL', () => {
		expect(events(fx.assumedStatus)).toEqual([expected.digital99AssumedStatus]);
		expect(events(fx.assumedNumericRead)).toEqual([
			expect.objectContaining({ messageId: 'U-NUMERIC-3', status: 'read' }),
		]);
		expect(events(fx.assumedFail)).toEqual([
			expect.objectContaining({
				messageId: 'U-FAILED-7',
				status: 'failed',
				error: { code: 7, title: 'the recipient number is valid but has no WhatsApp' },
			}),
		]);
	});

	it('ignores a status it cannot read and hooks without a message; refuses what is not 99digital', () => {
		expect(
			webhooks.parse({ status: 'OK', hook: 'status', unique: 'U1', state: 'typing' }, config),
		).toEqual({ kind: 'ignored', reason: '99digital status for U1 without a known status' });
		expect(
			webhooks.parse({ status: 'OK', hook: 'system', text: 'session expired' }, config),
		).toEqual({
			kind: 'ignored',
			reason: '99digital "system" notification is not a Trigger event',
		});
		expect(webhooks.parse({ event: 'message', payload: {} }, config)).toEqual({
			kind: 'invalid',
			reason: 'not a 99digital webhook: expected "hook" and "unique"',
		});
		expect(webhooks.parse({ ...fx.incoming, unique: '' }, config).kind).toBe('invalid');
	});

	it('lets "Only These Chats" match the number or the from_id of a hidden sender', () => {
		const parsed = webhooks.parse(fx.incoming, config);
		expect(parsed.kind === 'events' && parsed.events[0].chatRefs).toEqual([
			'972507654321',
			'IL.1605856887361213',
		]);
	});

	it('documents its sender addresses (§3.3.3) and checks the shared secret when the credential has one', () => {
		expect(webhooks.documentedSourceIps).toEqual(['34.165.99.212', '192.117.146.95']);
		const withSecret = { ...config, webhookSecret: 'd99-hook-secret' };
		expect(
			webhooks.verify(request('{}', { query: { token: 'd99-hook-secret' } }), withSecret, 'scope'),
		).toEqual({ ok: true });
		expect(webhooks.verify(request('{}'), withSecret, 'scope').ok).toBe(false);
		expect(webhooks.verify(request('{}'), config, 'scope')).toEqual({ ok: true });
	});
});
