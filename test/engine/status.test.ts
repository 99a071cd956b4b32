import nock from 'nock';

import { answer, answerAnything, resetSentRequests, sentRequests } from '../fixtures/mock-send';
import * as d99 from '../fixtures/digital99-send';
import * as ibx from '../fixtures/inbox-send';
import * as nx from '../fixtures/noxivo-send';
import * as vbz from '../fixtures/vobiz-send';
import { ALL_SECRETS, NODE_NAME, runNode } from './package';
import { CREDENTIALS, PROVIDERS, type ProviderId } from '../fixtures/providers';

/** WhatsApp Status: delivery status of one message, and whether the session can send. */

beforeAll(() => nock.disableNetConnect());
afterEach(() => resetSentRequests());
afterAll(() => nock.enableNetConnect());

const ENGINE_ID = '6620f0c1a1b2c3d4e5f60718';
const STATUS_PATH = `/api/v1/inbox/messages/${ENGINE_ID}/status`;

describe('Message Status on Noxivo (GET {inbox}/messages/:id/status, §1.4.5)', () => {
	it.each([
		[
			'the documented answer: delivered, ack 2',
			nx.delivered,
			'delivered',
			'true_1234567890@c.us_3EB0C0FFEE',
		],
		[
			'read with ack 4: played, recovered from providerAck (§0.1)',
			nx.playedVoiceNote,
			'played',
			'true_1234567890@c.us_3EB0C0FFEE',
		],
		['queued with no ack yet: pending, no WAHA id yet', nx.queuedWithoutAck, 'pending', null],
		['failed, ack -1', nx.failed, 'failed', 'true_1234567890@c.us_3EB0C0FFEE'],
		[
			'revoked: the last delivery status, from the ack (§0.1)',
			nx.revokedAfterRead,
			'read',
			'true_1234567890@c.us_3EB0C0FFEE',
		],
		[
			'a status we do not know, with RETRY_QUEUED: pending (§0.1)',
			nx.retryQueued,
			'pending',
			'true_1234567890@c.us_3EB0C0FFEE',
		],
	])('%s', async (_label, body, status, waMessageId) => {
		answer('noxivo', 'GET', STATUS_PATH, [200, body]);
		const result = await runNode('whatsAppStatus', 'noxivo', {
			operation: 'messageStatus',
			messageId: ENGINE_ID,
		});

		expect(result.output(NODE_NAME)).toEqual([
			{
				provider: 'noxivo',
				messageId: ENGINE_ID,
				waMessageId,
				status,
				timestamp: '2026-04-16T09:44:11.932Z',
			},
		]);
		expect(sentRequests.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: STATUS_PATH, query: {} },
		]);
		expect(sentRequests[0].headers['x-api-key']).toBe(CREDENTIALS.noxivo.data.apiKey);
	});

	it('sends agencyId and tenantId when the credential has them, and falls back to /v1/inbox on a WAHA 404 (§1.4)', async () => {
		answer('noxivo', 'GET', STATUS_PATH, [
			404,
			{ ...nx.wahaNotFound, message: `Cannot GET ${STATUS_PATH}` },
		]);
		answer('noxivo', 'GET', `/v1/inbox/messages/${ENGINE_ID}/status`, [200, nx.delivered]);
		const result = await runNode(
			'whatsAppStatus',
			'noxivo',
			{ operation: 'messageStatus', messageId: ENGINE_ID },
			{ credentialData: { agencyId: 'a1', tenantId: 't1' } },
		);
		expect(sentRequests.map(({ path, query }) => ({ path, query }))).toEqual([
			{ path: STATUS_PATH, query: { agencyId: 'a1', tenantId: 't1' } },
			{ path: `/v1/inbox/messages/${ENGINE_ID}/status`, query: { agencyId: 'a1', tenantId: 't1' } },
		]);
		expect(result.output(NODE_NAME)[0]).toMatchObject({ status: 'delivered' });
	});

	it('a WhatsApp (WAHA) id is refused before any request: the endpoint takes the engine id only (§1.3)', async () => {
		answerAnything('noxivo');
		const result = await runNode('whatsAppStatus', 'noxivo', {
			operation: 'messageStatus',
			messageId: 'true_1234567890@c.us_3EB0C0FFEE',
		});
		expect(result.error(NODE_NAME)?.message).toBe(
			'Noxivo Engine looks up delivery status by its own message ID (24 hex characters), not "true_1234567890@c.us_3EB0C0FFEE" [item 0]',
		);
		expect(result.error(NODE_NAME)?.description).toBe(
			'Use the "id" of the WhatsApp Send result. A WhatsApp ID (true_…@c.us_…) cannot be looked up.',
		);
		expect(sentRequests).toEqual([]);
	});

	it('an unknown message (404 "Message not found")', async () => {
		answer('noxivo', 'GET', STATUS_PATH, [404, nx.messageNotFound]);
		const result = await runNode('whatsAppStatus', 'noxivo', {
			operation: 'messageStatus',
			messageId: ENGINE_ID,
		});
		expect(result.error(NODE_NAME)?.message).toBe(
			`Noxivo Engine: message ${ENGINE_ID} not found (HTTP 404)`,
		);
	});

	it('an empty message id is an item error', async () => {
		answerAnything('noxivo');
		const result = await runNode('whatsAppStatus', 'noxivo', {
			operation: 'messageStatus',
			messageId: '={{ "" }}',
		});
		expect(result.error(NODE_NAME)?.message).toBe('Message ID is empty [item 0]');
		expect(sentRequests).toEqual([]);
	});
});

/** Whether the provider can tell one message's status; where it cannot, the error and its reason a user reads. */
const MESSAGE_STATUS: Record<ProviderId, 'has an endpoint' | { message: string; reason: string }> =
	{
		noxivo: 'has an endpoint',
		vobiz: {
			message:
				"Vobiz has no message-status endpoint: use the WhatsApp Trigger's message.ack events",
			reason:
				'Vobiz reports delivery only through its message.status webhook, which the WhatsApp Trigger receives as message.ack events.',
		},
		digital99: {
			message:
				"99digital has no message-status endpoint: use the WhatsApp Trigger's message.ack events",
			reason:
				'99digital reports sent/delivered/read only by webhook, once "readStatus" is turned on in its webhook settings; the WhatsApp Trigger receives them as message.ack events.',
		},
		inbox: {
			message:
				"WhatsApp Inbox API has no message-status endpoint: use the WhatsApp Trigger's message.ack events",
			reason:
				"WhatsApp Inbox API documents no way to ask for one message's status; statuses arrive by webhook, which the WhatsApp Trigger receives as message.ack events.",
		},
	};

describe('Message Status where the provider has no status endpoint: the error names the WhatsApp Trigger', () => {
	const refusing = PROVIDERS.flatMap((provider) => {
		const status = MESSAGE_STATUS[provider];
		return status === 'has an endpoint' ? [] : [[provider, status] as const];
	});

	it.each(refusing)('%s', async (provider, { message, reason }) => {
		answerAnything(provider);
		const result = await runNode('whatsAppStatus', provider, {
			operation: 'messageStatus',
			messageId: '9b2e1c40-8a3d-4f5e-9c1a-7d6b2e8f4a01',
		});
		expect(result.error(NODE_NAME)?.message).toBe(`${message} [item 0]`);
		expect(result.error(NODE_NAME)?.description).toBe(
			`${reason} WhatsApp Messages also shows the last known status of each message of a conversation.`,
		);
		expect(sentRequests).toEqual([]);
	});
});

describe('Session Status on Noxivo, its fallbacks and states (§1.4.8)', () => {
	it("when that path lands on WAHA's 404: the session by tenant, then its status by id", async () => {
		answer('noxivo', 'GET', '/api/v1/sessions/status', [404, nx.sessionsStatusNotFound]);
		answer('noxivo', 'GET', '/api/v1/sessions/by-tenant', [200, nx.sessionByTenant]);
		answer('noxivo', 'GET', `/api/v1/sessions/${nx.sessionByTenant.id}/status`, [
			200,
			nx.sessionById,
		]);
		const result = await runNode(
			'whatsAppStatus',
			'noxivo',
			{ operation: 'sessionStatus' },
			{ credentialData: { agencyId: 'a1', tenantId: 't1' } },
		);
		expect(sentRequests.map(({ path, query }) => ({ path, query }))).toEqual([
			{ path: '/api/v1/sessions/status', query: { agencyId: 'a1', tenantId: 't1' } },
			{ path: '/api/v1/sessions/by-tenant', query: { agencyId: 'a1', tenantId: 't1' } },
			{ path: `/api/v1/sessions/${nx.sessionByTenant.id}/status`, query: {} },
		]);
		expect(result.output(NODE_NAME)).toEqual([
			{ provider: 'noxivo', status: 'connected', phone: '13468207183', name: null },
		]);
	});

	it('a session waiting for its QR code scan, found by the fallback', async () => {
		answer('noxivo', 'GET', '/api/v1/sessions/status', [404, nx.sessionsStatusNotFound]);
		answer('noxivo', 'GET', '/api/v1/sessions/by-tenant', [200, nx.sessionByTenant]);
		answer('noxivo', 'GET', `/api/v1/sessions/${nx.sessionByTenant.id}/status`, [
			200,
			nx.sessionScanQr,
		]);
		const result = await runNode('whatsAppStatus', 'noxivo', { operation: 'sessionStatus' });
		expect(result.output(NODE_NAME)).toEqual([
			{ provider: 'noxivo', status: 'qr', phone: null, name: null },
		]);
	});

	it.each([
		['SCAN_QR_CODE', 'qr'],
		['STARTING', 'connecting'],
		['STOPPED', 'disconnected'],
		['FAILED', 'failed'],
		['provisioning', 'connecting'],
		['unavailable', 'disconnected'],
		['error', 'failed'],
		['connected', 'connected'],
		['available', 'connected'],
		['loading', 'connecting'],
		['SOMETHING_NEW', 'unknown'],
	])('WAHA/engine state %s is %s', async (state, status) => {
		answer('noxivo', 'GET', '/api/v1/sessions/status', [
			200,
			{ ...nx.sessionsStatus, status: state },
		]);
		const result = await runNode('whatsAppStatus', 'noxivo', { operation: 'sessionStatus' });
		expect(result.output(NODE_NAME)[0].status).toBe(status);
	});
});

/**
 * Session Status: Noxivo's documented session endpoint (§1.4.8); elsewhere the credential test's cheap
 * authenticated call (§2.4.4 contacts, §3.3.3 getWebhook, §4.3.4 conversations) says whether the account can send.
 */
const SESSION_STATUS: Record<
	ProviderId,
	{
		method: 'GET' | 'POST';
		path: string;
		query: Record<string, string>;
		body: unknown;
		answer: unknown;
		expected: Record<string, unknown>;
		rejected: [number, unknown];
		rejectedMessage: string;
	}
> = {
	noxivo: {
		method: 'GET',
		path: '/api/v1/sessions/status',
		query: {},
		body: undefined,
		answer: nx.sessionsStatus,
		expected: {
			provider: 'noxivo',
			status: 'connected',
			phone: '1234567890',
			name: 'My Business Account',
		},
		rejected: [401, { error: 'Unauthorized: Invalid API Key' }],
		rejectedMessage: 'Noxivo Engine: the credentials were rejected (HTTP 401)',
	},
	vobiz: {
		method: 'GET',
		path: '/contacts',
		query: { page: '1', limit: '1' },
		body: undefined,
		answer: vbz.contactsPage,
		expected: { provider: 'vobiz', status: 'connected', phone: null, name: null },
		rejected: [401, vbz.invalidCredentials],
		rejectedMessage: 'Vobiz: the credentials were rejected (HTTP 401)',
	},
	digital99: {
		method: 'POST',
		path: '/getWebhook',
		query: {},
		body: { apiKey: CREDENTIALS.digital99.data.apiKey, from: CREDENTIALS.digital99.data.from },
		answer: d99.webhookSettings,
		expected: {
			provider: 'digital99',
			status: 'connected',
			phone: CREDENTIALS.digital99.data.from,
			name: null,
		},
		rejected: [200, d99.wrongApiKey],
		rejectedMessage: '99digital refused the request: the API key is wrong',
	},
	inbox: {
		method: 'GET',
		path: '/api/whatsapp/conversations',
		query: { limit: '1', page: '1' },
		body: undefined,
		answer: ibx.conversationsPage,
		expected: { provider: 'inbox', status: 'connected', phone: null, name: null },
		rejected: [401, ibx.unauthorized],
		rejectedMessage: 'WhatsApp Inbox API: the credentials were rejected (HTTP 401)',
	},
};

describe.each(PROVIDERS)('Session Status on %s', (provider) => {
	const {
		method,
		path,
		query,
		body,
		answer: answerBody,
		expected,
		rejected,
		rejectedMessage,
	} = SESSION_STATUS[provider];

	it('one call, and the session it reads', async () => {
		answer(provider, method, path, [200, answerBody]);
		const result = await runNode('whatsAppStatus', provider, { operation: 'sessionStatus' });
		expect(result.output(NODE_NAME)).toEqual([expected]);
		expect(
			sentRequests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body })),
		).toEqual([{ method, path, query, body }]);
	});

	it('a rejected credential is the credential error, without the key', async () => {
		answer(provider, method, path, rejected);
		const result = await runNode('whatsAppStatus', provider, { operation: 'sessionStatus' });
		expect(result.error(NODE_NAME)?.message).toBe(rejectedMessage);
		for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	});
});

describe('Status per item', () => {
	it("one status per input item, paired; with Continue On Fail a bad id is that item's error", async () => {
		answer('noxivo', 'GET', /\/api\/v1\/inbox\/messages\/[0-9a-f]{24}\/status$/, (request) => [
			200,
			{ ...nx.delivered, messageId: request.path.split('/')[5] },
		]);
		const ids = ['6620f0c1a1b2c3d4e5f60718', 'not-an-engine-id', '6620f0c1a1b2c3d4e5f60720'];
		const result = await runNode(
			'whatsAppStatus',
			'noxivo',
			{ operation: 'messageStatus', messageId: '={{ $json.id }}' },
			{
				inputItems: ids.map((id) => ({ id })),
				continueOnFail: true,
			},
		);
		const items = result.items(NODE_NAME);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.messageId ?? item.json.error)).toEqual([
			'6620f0c1a1b2c3d4e5f60718',
			'Noxivo Engine looks up delivery status by its own message ID (24 hex characters), not "not-an-engine-id" [item 1]',
			'6620f0c1a1b2c3d4e5f60720',
		]);
		expect(sentRequests).toHaveLength(2);
	});

	it('Include Raw adds the provider answer', async () => {
		answer('noxivo', 'GET', STATUS_PATH, [200, nx.delivered]);
		const result = await runNode('whatsAppStatus', 'noxivo', {
			operation: 'messageStatus',
			messageId: ENGINE_ID,
			options: { includeRaw: true },
		});
		expect(result.output(NODE_NAME)[0].raw).toEqual(nx.delivered);
	});
});
