import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { answer, resetSentRequests, sentRequests, type Reply } from '../fixtures/mock-send';
import * as d99 from '../fixtures/digital99-send';
import * as ibx from '../fixtures/inbox-send';
import * as nx from '../fixtures/noxivo-send';
import * as vbz from '../fixtures/vobiz-send';
import { runWorkflow, singleNodeWorkflow } from './harness';
import { ALL_SECRETS, NODE_NAME, credentialTypes, nodeTypes, runNode } from './package';
import { CREDENTIALS, PROVIDERS, type ProviderId } from '../fixtures/providers';

/** WhatsApp Send: provider errors in words a user can act on, Continue On Fail, and no message sent twice. */

beforeAll(() => nock.disableNetConnect());
afterEach(() => resetSentRequests());
afterAll(() => nock.enableNetConnect());

const TEXT = { to: '+972 50-123-4567', messageType: 'text', text: 'Hi' };
const TEXT_PATH: Record<ProviderId, string | RegExp> = {
	noxivo: '/api/v1/messages/send',
	vobiz: '/messages',
	digital99: '/sendMessage',
	inbox: '/api/whatsapp/messages/send',
};

async function sendFailing(provider: ProviderId, reply: Reply, parameters: INodeParameters = TEXT) {
	answer(provider, 'POST', TEXT_PATH[provider], reply);
	const result = await runNode('whatsAppSend', provider, parameters);
	for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
	const error = result.error(NODE_NAME);
	return { message: error?.message, description: error?.description };
}

interface SendErrorCase {
	label: string;
	reply: Reply;
	parameters?: INodeParameters;
	message: string;
	description: string;
}

const FAIL_REASON = (body: unknown, message: string, description: string): SendErrorCase => ({
	label: `status "FAIL" reason ${JSON.stringify((body as { reason: unknown }).reason)} is said in words (§3.6, §3.3.2)`,
	reply: [200, body],
	message,
	description,
});

/** Each provider's documented send errors, and what a user reads for them. */
const SEND_ERRORS: Record<ProviderId, SendErrorCase[]> = {
	noxivo: [
		{
			label:
				'409 "No active messaging session binding" says the WhatsApp session is not connected (§1.4.6 [OBS], §1.9)',
			reply: [409, nx.noSessionBinding],
			message: 'Noxivo Engine: the WhatsApp session is not connected (HTTP 409)',
			description:
				'Noxivo Engine said: No active messaging session binding found. Reconnect the session (scan the QR code) in the Noxivo dashboard, then run again.',
		},
		{
			label: '401 (§1.2)',
			reply: [401, { error: 'Unauthorized: Invalid API Key' }],
			message: 'Noxivo Engine: the credentials were rejected (HTTP 401)',
			description:
				'Noxivo Engine said: Unauthorized: Invalid API Key Check the API key and other fields of the "Noxivo Engine API" credential.',
		},
		{
			label: '400 without agency and tenant (§1.4.6)',
			reply: [
				400,
				{
					error:
						'agencyId and tenantId are required (missing from body and no API key context found)',
				},
			],
			message: 'Noxivo Engine: the request was refused as invalid (HTTP 400)',
			description:
				'Noxivo Engine said: agencyId and tenantId are required (missing from body and no API key context found)',
		},
	],
	vobiz: [
		{
			label: '401 INVALID_CREDENTIALS (§2.7)',
			reply: [401, vbz.invalidCredentials],
			message: 'Vobiz: the credentials were rejected (HTTP 401)',
			description:
				'Vobiz said: INVALID_CREDENTIALS Invalid auth id or token Check the Auth ID (MA_…) and Auth Token of the "Vobiz API" credential.',
		},
		{
			label: '403 ACCOUNT_INACTIVE (§2.7)',
			reply: [403, vbz.accountInactive],
			message: 'Vobiz: the credentials have no permission for this (HTTP 403)',
			description:
				'Vobiz said: ACCOUNT_INACTIVE Account is inactive The credentials are valid but have no permission on this channel: check the Channel ID of the "Vobiz API" credential.',
		},
		{
			label: '422 VALIDATION_ERROR lists the fields (§2.7)',
			reply: [422, vbz.validationError],
			parameters: {
				to: '+972 50-123-4567',
				messageType: 'template',
				templateName: 'order_updat',
				templateLanguage: 'en_US',
			},
			message: 'Vobiz: the request did not pass validation (HTTP 422)',
			description:
				'Vobiz said: VALIDATION_ERROR Request validation failed; template.name: template not found or not approved',
		},
	],
	digital99: [
		FAIL_REASON(
			d99.noWhatsApp,
			'99digital refused the request: the recipient number is valid but has no WhatsApp',
			'99digital answered status "FAIL" with reason 7.',
		),
		FAIL_REASON(
			d99.badRecipient,
			'99digital refused the request: the recipient number is empty or not in international format',
			'99digital answered status "FAIL" with reason 4.',
		),
		FAIL_REASON(
			d99.windowClosed,
			'99digital refused the request: the 24-hour window is closed: only a template can be sent',
			'99digital answered status "FAIL" with reason 8.',
		),
		FAIL_REASON(
			d99.wrongApiKey,
			'99digital refused the request: the API key is wrong',
			'Check the API Key and the business number (From) of the "99digital API" credential.',
		),
		FAIL_REASON(
			d99.unknownReason,
			'99digital refused the request: reason 42',
			'99digital answered status "FAIL" with reason 42.',
		),
	],
	inbox: [
		{
			label:
				'502 with Meta 131047 "Re-engagement message": the 24-hour window is closed, send a template (§4.3.3)',
			reply: [502, ibx.reengagement],
			message:
				'WhatsApp Inbox API: the 24-hour window is closed; WhatsApp accepts only a template now (HTTP 502)',
			description:
				'WhatsApp Inbox API said: WhatsApp API error: Message failed to send (131047 Re-engagement message). Send an approved template (Message Type "Template"); free text is possible again once the contact writes.',
		},
		{
			label: '400 with its error (seed, §4.3.3)',
			reply: [400, ibx.missingTo],
			message: 'WhatsApp Inbox API: the request was refused as invalid (HTTP 400)',
			description: 'WhatsApp Inbox API said: Missing required field: to',
		},
		{
			label: '404 with its error (seed, §4.3.3)',
			reply: [404, ibx.contactNotFound],
			message: 'WhatsApp Inbox API: not found (HTTP 404)',
			description: 'WhatsApp Inbox API said: Contact not found for the given phone number',
		},
		// A 429 refuses the send before any work: it is retried (4 tries), then reported.
		{
			label: '429 with its error (seed, §4.3.3)',
			reply: [429, ibx.rateLimited],
			message: 'WhatsApp Inbox API: too many requests (rate limited) (HTTP 429)',
			description:
				'WhatsApp Inbox API said: Rate limit exceeded. Try again in 60 seconds. Wait a little and try again. Retries: rate limited (HTTP 429), 4 tries in all.',
		},
		{
			label: '502 with its error and details (seed, §4.3.3)',
			reply: [
				502,
				{
					success: false,
					error: 'WhatsApp API error: Message failed to send',
					details: { code: 131026, title: 'Message undeliverable' },
				},
			],
			message: 'WhatsApp Inbox API: the provider could not reach WhatsApp (HTTP 502)',
			description:
				"WhatsApp Inbox API said: WhatsApp API error: Message failed to send (131026 Message undeliverable) This is on the provider's side; try again later.",
		},
	],
};

describe.each(PROVIDERS)('%s: provider errors become errors a user can act on', (provider) => {
	it.each(SEND_ERRORS[provider].map((c) => [c.label, c] as const))(
		'%s',
		async (_label, { reply, parameters, message, description }) => {
			expect(await sendFailing(provider, reply, parameters)).toEqual({ message, description });
		},
	);
});

/** Three items whose middle one fails, for each way an item can fail. */
const MIDDLE_FAILS: Array<[string, ProviderId, IDataObject[], (n: number) => Reply, string]> = [
	[
		'an impossible number (no request for it)',
		'vobiz',
		[{ to: '+919876543210' }, { to: '98765' }, { to: '+919876543211' }],
		(n) => [201, { ...vbz.sentText, id: `id-${n}` }],
		'To "98765" is not a phone number [item 1]',
	],
	[
		'the provider refusing it',
		'digital99',
		[{ to: '972501234567' }, { to: '972501234568' }, { to: '972501234569' }],
		(n) => (n === 1 ? [200, d99.noWhatsApp] : [200, { ...d99.sent, unique: `id-${n}` }]),
		'99digital refused the request: the recipient number is valid but has no WhatsApp',
	],
];

describe('Continue On Fail: the failed item carries its error, the others go on', () => {
	it.each(MIDDLE_FAILS)(
		'middle item fails by %s',
		async (_label, provider, inputItems, reply, message) => {
			answer(provider, 'POST', TEXT_PATH[provider], (_r, n) => reply(n));
			const result = await runNode(
				'whatsAppSend',
				provider,
				{ to: '={{ $json.to }}', messageType: 'text', text: 'Hi' },
				{ inputItems, continueOnFail: true },
			);

			expect(result.error(NODE_NAME)).toBeUndefined();
			const items = result.items(NODE_NAME);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ provider, id: 'id-0' });
			expect(items[1].json).toEqual({ error: message });
			expect(items[1].error?.message).toBe(message);
			expect(items[2].json).toMatchObject({ provider, id: provider === 'vobiz' ? 'id-1' : 'id-2' });
			expect(sentRequests).toHaveLength(provider === 'vobiz' ? 2 : 3);
			for (const secret of ALL_SECRETS) expect(result.serialized).not.toContain(secret);
		},
	);

	it('without Continue On Fail the run stops at the failed item, and the items after it are not sent', async () => {
		answer('digital99', 'POST', '/sendMessage', (_r, n) =>
			n === 1 ? [200, d99.noWhatsApp] : [200, { ...d99.sent, unique: `id-${n}` }],
		);
		const result = await runNode(
			'whatsAppSend',
			'digital99',
			{ to: '={{ $json.to }}', messageType: 'text', text: 'Hi' },
			{
				inputItems: [{ to: '972501234567' }, { to: '972501234568' }, { to: '972501234569' }],
			},
		);
		expect(result.error(NODE_NAME)?.message).toBe(
			'99digital refused the request: the recipient number is valid but has no WhatsApp',
		);
		expect(sentRequests.map((r) => r.body?.to)).toEqual(['972501234567', '972501234568']);
	});
});

describe('sends go out in item order', () => {
	it('the next item is sent only once the previous one is answered, even when that answer is slow', async () => {
		let inFlight = 0;
		let mostInFlight = 0;
		const arrived: string[] = [];
		nock('https://vobiz.test/api/v1/messaging')
			.persist()
			.post('/messages')
			.reply(function (_uri, body, callback) {
				const text = (body as { text: { body: string } }).text.body;
				arrived.push(text);
				mostInFlight = Math.max(mostInFlight, ++inFlight);
				setTimeout(
					() => {
						inFlight--;
						callback(null, [201, { ...vbz.sentText, id: text }]);
					},
					text === 'first' ? 150 : 10,
				);
			});
		const result = await runNode(
			'whatsAppSend',
			'vobiz',
			{ to: '+919876543210', messageType: 'text', text: '={{ $json.text }}' },
			{
				inputItems: [{ text: 'first' }, { text: 'second' }, { text: 'third' }],
			},
		);
		expect(arrived).toEqual(['first', 'second', 'third']);
		expect(mostInFlight).toBe(1);
		expect(result.output(NODE_NAME).map((item) => item.id)).toEqual(['first', 'second', 'third']);
	});
});

describe('a retried send carries the same Idempotency-Key, so Noxivo sends it once (§1.4.6)', () => {
	it('Retry On Fail repeats the request with the same key per item', async () => {
		answer('noxivo', 'POST', '/api/v1/messages/send', (request, n) =>
			n === 0
				? [503, { error: 'Service Unavailable' }]
				: [200, { ...nx.sent, id: `6620f0c1a1b2c3d4e5f6071${n}`, to: request.body?.to }],
		);
		const workflow = singleNodeWorkflow({
			name: NODE_NAME,
			type: 'whatsAppSend',
			parameters: { provider: 'noxivo', to: '={{ $json.to }}', messageType: 'text', text: 'Hi' },
			credentials: { noxivoApi: { id: '1', name: 'noxivo test' } },
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 1,
		});
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: [{ type: CREDENTIALS.noxivo.type, data: { ...CREDENTIALS.noxivo.data } }],
			workflow,
			startNode: NODE_NAME,
			inputItems: [
				{ json: { to: '972501234567' } },
				{ json: { to: '972501234568' } },
			] as INodeExecutionData[],
		});

		expect(result.error(NODE_NAME)).toBeUndefined();
		// First try: item 0 fails, item 1 waits and is not sent; second try: both are sent.
		expect(sentRequests.map((r) => r.body?.to)).toEqual([
			'972501234567@c.us',
			'972501234567@c.us',
			'972501234568@c.us',
		]);
		const [failed, retried, other] = sentRequests.map((r) => r.headers['idempotency-key']);
		expect(retried).toBe(failed);
		expect(other).not.toBe(failed);
		expect(result.output(NODE_NAME)).toHaveLength(2);
	});
});
