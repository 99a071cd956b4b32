import { identity as noxivoIdentity } from '../../../bridge/providers/noxivo/identity';
import { BridgeError } from '../../../bridge/errors';
import type { HttpRequest, HttpResponse } from '../../../bridge/http';
import { PAGES_IN_FLIGHT, paginate } from '../../../bridge/pagination/engine';
import { flag, isOutbound, lookup, statusFromString } from '../../../bridge/providers/common';
import * as digital99 from '../../../bridge/providers/digital99/history';
import { webhooks as digital99Webhooks } from '../../../bridge/providers/digital99/webhooks';
import * as inbox from '../../../bridge/providers/inbox/history';
import { webhooks as inboxWebhooks } from '../../../bridge/providers/inbox/webhooks';
import * as noxivo from '../../../bridge/providers/noxivo/history';
import { webhooks as noxivoWebhooks } from '../../../bridge/providers/noxivo/webhooks';
import { vobiz } from '../../../bridge/providers/vobiz';
import * as vobizHistory from '../../../bridge/providers/vobiz/history';
import { webhooks as vobizWebhooks } from '../../../bridge/providers/vobiz/webhooks';
import * as d99fx from '../../fixtures/digital99';

/** Parsing that cannot be fooled (issue 9): inherited keys, letter case, provider flags, unknown states. */

const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const noxivoContext = noxivoIdentity;

function thrown(run: () => unknown): BridgeError {
	try {
		run();
	} catch (error) {
		if (error instanceof BridgeError) return error;
		throw error;
	}
	throw new Error('expected a BridgeError');
}

describe('lookup', () => {
	it.each(INHERITED)('finds nothing for %j in a plain table', (key) => {
		expect(lookup({ text: 'text' }, key)).toBeUndefined();
	});

	it('finds own keys, numbers by their string form, and nothing for null', () => {
		expect(lookup({ 1: 'sent', text: 'text' }, 'text')).toBe('text');
		expect(lookup({ 1: 'sent' }, 1)).toBe('sent');
		expect(lookup({ 1: 'sent' }, null)).toBeUndefined();
	});
});

describe('flag', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
		['false', false],
		['TRUE', true],
		[' False ', false],
		[1, true],
		[0, false],
		['1', true],
		['0', false],
	])('reads %j as %j', (value, expected) => {
		expect(flag(value, noxivoContext, 'hasMore')).toBe(expected);
	});

	it('is null when the field is absent', () => {
		expect(flag(undefined, noxivoContext, 'hasMore')).toBeNull();
		expect(flag(null, noxivoContext, 'hasMore')).toBeNull();
	});

	it.each([['yes'], [2], [''], [[]], [{}], ['constructor']])(
		'refuses %j with an error naming the provider and the field',
		(value) => {
			const error = thrown(() => flag(value, noxivoContext, 'hasMore'));
			expect(error.kind).toBe('response');
			expect(error.provider).toBe('noxivo');
			expect(error.message).toBe(
				`Noxivo Engine sent ${JSON.stringify(value)} as "hasMore", which is not true or false`,
			);
		},
	);
});

describe('status and direction', () => {
	it.each(INHERITED)('status %j is unknown (null), not an inherited property', (value) => {
		expect(statusFromString(value)).toBeNull();
		expect(noxivo.ackToStatus(null, value)).toBeNull();
		expect(noxivo.ackToStatus(value)).toBeNull();
	});

	it('matches status and direction in any letter case', () => {
		expect(statusFromString('DELIVERED')).toBe('delivered');
		expect(noxivo.ackToStatus(undefined, 'read')).toBe('read');
		expect(isOutbound('OUTBOUND')).toBe(true);
		expect(isOutbound(' Outbound ')).toBe(true);
		expect(isOutbound('inbound')).toBe(false);
		expect(isOutbound(undefined)).toBe(false);
	});
});

describe('history mappers', () => {
	const inboxRecord = {
		id: 'm1',
		timestamp: '2024-04-17T09:20:00Z',
		direction: 'OUTBOUND',
		type: 'TEXT',
		status: 'Read',
		content: { text: 'hi' },
	};

	it('inbox: "OUTBOUND" is outbound, type and status in capitals are read', () => {
		expect(inbox.toMessage(inboxRecord, 'c1')).toMatchObject({
			direction: 'outbound',
			fromMe: true,
			type: 'text',
			status: 'read',
		});
	});

	it('vobiz: "OUTBOUND" is outbound, type and status in capitals are read', () => {
		const message = vobizHistory.toMessage(
			{
				id: 'v1',
				created_at: '2024-04-17T09:20:00Z',
				direction: 'OutBound',
				type: 'TEXT',
				status: 'SENT',
				content: '{"body":"hi"}',
			},
			'c1',
		);
		expect(message).toMatchObject({
			direction: 'outbound',
			fromMe: true,
			type: 'text',
			status: 'sent',
			text: 'hi',
		});
	});

	it.each(INHERITED)('%j as type is "other", as status null, on every provider', (value) => {
		expect(inbox.toMessage({ ...inboxRecord, type: value, status: value }, 'c1')).toMatchObject({
			type: 'other',
			status: null,
		});
		expect(
			vobizHistory.toMessage(
				{
					id: 'v1',
					created_at: '2024-04-17T09:20:00Z',
					direction: 'outbound',
					type: value,
					status: value,
					content: { [value]: { caption: 'x' } },
				},
				'c1',
			),
		).toMatchObject({ type: 'other', status: null });
		expect(
			noxivo.toMessage(
				{ id: 'true_1@c.us_A', timestamp: 1713345600, fromMe: true, type: value, ackName: value },
				null,
			),
		).toMatchObject({ type: 'other', status: null });
		expect(
			digital99.toMessage({ ...d99fx.historyPage[0], type: value, state: value }),
		).toMatchObject({ type: 'other', status: null });
	});

	it('99digital: an unknown state is null, not pending; a missing one too', () => {
		expect(digital99.toMessage({ ...d99fx.historyPage[0], state: 7 }).status).toBeNull();
		expect(digital99.toMessage({ ...d99fx.historyPage[0], state: undefined }).status).toBeNull();
		expect(digital99.toMessage({ ...d99fx.historyPage[0], state: '0' }).status).toBe('pending');
		expect(digital99.toMessage({ ...d99fx.historyPage[0], state: 3 }).status).toBe('read');
	});

	it('noxivo: fromMe as the string "true" is outbound; as "maybe" a clear error', () => {
		expect(
			noxivo.toMessage(
				{ id: 'true_1@c.us_A', timestamp: 1713345600, fromMe: 'true', to: '1@c.us', ack: 2 },
				null,
			),
		).toMatchObject({ direction: 'outbound', fromMe: true, status: 'delivered' });
		expect(
			thrown(() => noxivo.toMessage({ id: 'x', timestamp: 1713345600, fromMe: 'maybe' }, null))
				.message,
		).toBe('Noxivo Engine sent "maybe" as "fromMe", which is not true or false');
	});

	it('vobiz: a chat whose last message is "OUTBOUND" is fromMe', () => {
		expect(
			vobizHistory.toChat({
				id: 'c1',
				last_message: { body: 'x', direction: 'OUTBOUND', timestamp: 1713345600 },
			}).lastMessage?.fromMe,
		).toBe(true);
	});
});

describe('webhook parsers', () => {
	it.each(INHERITED)('Vobiz legacy event %j is ignored, not read as a status', (event) => {
		expect(vobizWebhooks.parse({ event, data: { id: 'wamid.1', status: 'read' } }, {})).toEqual({
			kind: 'ignored',
			reason: `Vobiz event "${event}" is not a Trigger event`,
		});
	});

	it.each(INHERITED)('a status %j gives no ack event', (value) => {
		expect(
			inboxWebhooks.parse(
				{ event: 'message.status', data: { vendorMessageId: 'm1', status: value } },
				{},
			).kind,
		).toBe('ignored');
		expect(
			noxivoWebhooks.parse(
				{ event: 'message.ack', payload: { id: 'true_1@c.us_A', ackName: value } },
				{},
			).kind,
		).toBe('ignored');
		expect(digital99Webhooks.parse({ unique: 'U1', state: value, status: value }, {}).kind).toBe(
			'ignored',
		);
	});

	it('99digital: an unknown numeric state is no ack; "fail" in small letters is a failure', () => {
		expect(digital99Webhooks.parse({ unique: 'U1', state: 9 }, {}).kind).toBe('ignored');
		const failed = digital99Webhooks.parse(
			{ unique: 'U1', status: 'fail', reason: 7, to: '972502222222' },
			{},
		);
		expect(failed.kind === 'events' && failed.events[0].event).toMatchObject({
			status: 'failed',
			error: { code: 7, title: 'the recipient number is valid but has no WhatsApp' },
		});
	});

	it('Noxivo Engine: payload.fromMe "false" is read; "nope" is a delivery that cannot be read', () => {
		const ack = noxivoWebhooks.parse(
			{
				event: 'message.ack',
				payload: { id: 'false_1@c.us_A', fromMe: 'false', from: '1@c.us', ack: 3 },
			},
			{},
		);
		expect(ack.kind === 'events' && ack.events[0].event).toMatchObject({
			chatId: '1@c.us',
			status: 'read',
		});
		expect(() =>
			noxivoWebhooks.parse(
				{ event: 'message.ack', payload: { id: 'x', fromMe: 'nope', ack: 3 } },
				{},
			),
		).toThrow('Noxivo Engine sent "nope" as "payload.fromMe", which is not true or false');
	});
});

/** Pages whose flag is `flagValue`, `pages` of them, 100 records each, served by offset, cursor or page. */
function flaggedPages(
	pages: number,
	flagName: string,
	flagValue: (more: boolean) => unknown,
	token: 'offset' | 'cursor' | 'page' | 'before',
) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		// Noxivo's offsets may be asked for out of order (pages in flight): each is served by its offset.
		const index = token === 'offset' ? Number(request.qs?.offset) / 100 : requests.length - 1;
		const records = Array.from({ length: 100 }, (_, i) => ({
			id: `m${index * 100 + i}`,
			timestamp: 1713345600 + index * 100 + i,
			created_at: 1713345600 + index * 100 + i,
		}));
		const more = index < pages - 1;
		const items = token === 'offset' ? { messages: records } : { items: records, data: records };
		return {
			statusCode: 200,
			headers: {},
			body: { ...items, [flagName]: flagValue(more), next_cursor: more ? `c${index + 1}` : null },
		};
	};
	return { transport, requests };
}

describe('paging on provider flags', () => {
	const config = { baseUrl: 'https://x', apiKey: 'k' };

	it.each([
		['the string "true"', (more: boolean) => String(more)],
		['"TRUE"/"FALSE"', (more: boolean) => String(more).toUpperCase()],
		['1/0', (more: boolean) => (more ? 1 : 0)],
	])('Noxivo hasMore as %s pages on to the end', async (_name, value) => {
		const { transport, requests } = flaggedPages(21, 'hasMore', value, 'offset');
		const spec = await noxivo.history.listMessages(config, '0123456789abcdef01234567', transport);
		const messages = await paginate(spec, transport);
		expect(messages).toHaveLength(2100);
		// 21 pages, the two in flight past the last, and the first page checked again (bridge/pagination/engine.ts).
		expect(requests).toHaveLength(21 + PAGES_IN_FLIGHT);
	});

	it('Vobiz has_more "true" follows the cursor; Inbox hasNext "false" stops', async () => {
		const v = flaggedPages(3, 'has_more', (more) => String(more), 'cursor');
		expect(
			await paginate(await vobiz.history!.listMessages(config, 'c1', v.transport), v.transport),
		).toHaveLength(300);
		const i = flaggedPages(3, 'hasNext', (more) => String(more), 'before');
		expect(
			await paginate(await inbox.history.listMessages(config, 'c1', i.transport), i.transport),
		).toHaveLength(300);
		expect(i.requests).toHaveLength(3);
	});

	it.each([
		['noxivo', 'hasMore'],
		['vobiz', 'has_more'],
		['inbox', 'hasNext'],
	] as const)(
		'%s: a %s that is not a boolean is an error after the first page, not a silent stop',
		async (provider, field) => {
			const { transport, requests } = flaggedPages(
				3,
				field,
				() => 'yes',
				provider === 'noxivo' ? 'offset' : 'cursor',
			);
			const spec =
				provider === 'noxivo'
					? await noxivo.history.listMessages(config, '0123456789abcdef01234567', transport)
					: provider === 'vobiz'
						? await vobiz.history!.listMessages(config, 'c1', transport)
						: await inbox.history.listMessages(config, 'c1', transport);
			const error = await paginate(spec, transport).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(BridgeError);
			expect((error as BridgeError).message).toMatch(
				new RegExp(`sent "yes" as "${field}", which is not true or false$`),
			);
			expect(requests).toHaveLength(1);
		},
	);
});

describe('other provider flags', () => {
	it('Noxivo hasMedia "true" makes a media message; Inbox success "false" is an error', () => {
		expect(
			noxivo.toMessage(
				{ id: 'false_1@c.us_A', timestamp: 1713345600, hasMedia: 'TRUE', media: null },
				null,
			),
		).toMatchObject({ type: 'document', media: { url: null, mimeType: null, fileName: null } });
		expect(() =>
			inbox.checkResponse({
				statusCode: 200,
				headers: {},
				body: { success: 'false', error: 'Conversation not found' },
			}),
		).toThrow('WhatsApp Inbox API: the request failed (HTTP 200)');
		expect(() =>
			inbox.checkResponse({ statusCode: 200, headers: {}, body: { success: 'true' } }),
		).not.toThrow();
	});
});
