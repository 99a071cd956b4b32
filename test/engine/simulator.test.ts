import { startSimulator, type ProviderName, type Simulator } from '../simulator';
import { PROVIDERS } from '../fixtures/providers';
import { NODE_NAME, runNode } from './package';

/** WhatsApp Chats and Messages through n8n-core's WorkflowExecute against the provider simulator: chat lists, quirks, faults. */

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 7, messagesPerChat: 30 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.disturbances.clear());

const credentialData = (provider: ProviderName, s: Simulator = sim) => ({
	credentialData: s.credentials(provider).data,
});

/** Which request each node run sent, as `METHOD /path?query → status`. */
function requestsSince(s: Simulator, provider: ProviderName, mark: number): string[] {
	return s
		.requests({ provider })
		.filter((r) => r.seq > mark)
		.map((r) => {
			const query = new URLSearchParams(r.query).toString();
			const page =
				typeof (r.body as { page?: unknown })?.page === 'number'
					? ` page ${(r.body as { page: number }).page}`
					: '';
			return `${r.method} ${r.path}${query ? `?${query}` : ''}${page} → ${r.status}`;
		});
}

/** The id WhatsApp Chats gives each conversation: the JID on Noxivo (§1.4.1), the provider's conversation id elsewhere. */
function expectedChatIds(provider: ProviderName): string[] {
	const simulated = sim.provider(provider);
	return simulated.store
		.byRecency()
		.map((c) => (provider === 'noxivo' ? sim.noxivo.jid(c) : simulated.conversationId(c)));
}

describe('WhatsApp Chats against the simulator', () => {
	const paths: Record<ProviderName, () => string[]> = {
		noxivo: () => ['GET /api/v1/inbox/chats?limit=100&offset=0 → 200'],
		// §2.4.1 conversations carry only contact_id: each of the 7 chats' contacts is looked up (§2.4.4).
		vobiz: () => [
			'GET /api/v1/messaging/conversations → 200',
			...sim.vobiz.store
				.byRecency()
				.map((c) => `GET /api/v1/messaging/contacts/${sim.vobiz.contactUuid(c)} → 200`),
		],
		// 7 chats × 30 messages = 210 records of account history: pages of 50, the fifth one short.
		digital99: () =>
			[1, 2, 3, 4, 5].map((page) => `POST /whatsapp/v2/getHistory page ${page} → 200`),
		inbox: () => ['GET /api/whatsapp/conversations?limit=100&page=1 → 200'],
	};

	it.each(PROVIDERS)(
		'%s: Return All lists every conversation once, newest first',
		async (provider) => {
			const mark = sim.requests().length;
			const result = await runNode(
				'whatsAppChats',
				provider,
				{ returnAll: true },
				credentialData(provider),
			);
			expect(result.error(NODE_NAME)).toBeUndefined();
			expect(result.output(NODE_NAME).map((c) => c.id)).toEqual(expectedChatIds(provider));
			expect(requestsSince(sim, provider, mark)).toEqual(paths[provider]());
		},
	);

	it('Noxivo Engine: a page shortened by JID de-duplication does not stop Limit 3 early (§1.4.1, §1.5)', async () => {
		const mark = sim.requests().length;
		const result = await runNode(
			'whatsAppChats',
			'noxivo',
			{ returnAll: false, limit: 3 },
			credentialData('noxivo'),
		);
		expect(result.output(NODE_NAME).map((c) => c.id)).toEqual(
			expectedChatIds('noxivo').slice(0, 3),
		);
		expect(requestsSince(sim, 'noxivo', mark)).toEqual([
			'GET /api/v1/inbox/chats?limit=3&offset=0 → 200',
			'GET /api/v1/inbox/chats?limit=1&offset=3 → 200',
		]);
	});

	it('Noxivo deployed with the inbox under /v1/inbox only: the node falls back after WAHA’s 404 (§1.4)', async () => {
		const sourceOnly = await startSimulator({
			seed: { chats: 2, messagesPerChat: 3 },
			noxivo: { inboxPrefixes: 'source' },
		});
		try {
			const result = await runNode(
				'whatsAppChats',
				'noxivo',
				{ returnAll: true },
				credentialData('noxivo', sourceOnly),
			);
			expect(result.output(NODE_NAME)).toHaveLength(2);
			expect(requestsSince(sourceOnly, 'noxivo', 0)).toEqual([
				'GET /api/v1/inbox/chats?limit=100&offset=0 → 404',
				'GET /v1/inbox/chats?limit=100&offset=0 → 200',
			]);
		} finally {
			await sourceOnly.close();
		}
	});
});

describe('WhatsApp Messages against the simulator', () => {
	it('Noxivo Engine: a chat id from WhatsApp Chats is looked up in /api/v1/chats, then read (§1.3, §1.4.2)', async () => {
		const conversation = sim.noxivo.conversationFor();
		const mark = sim.requests().length;
		const result = await runNode(
			'whatsAppMessages',
			'noxivo',
			{ conversationId: sim.noxivo.jid(conversation), returnAll: true },
			credentialData('noxivo'),
		);
		expect(result.output(NODE_NAME).map((m) => m.id)).toEqual(
			conversation.messages.map((m) => sim.noxivo.messageId(m)),
		);
		expect(
			result
				.output(NODE_NAME)
				.every((m) => m.conversationId === sim.noxivo.conversationEngineId(conversation)),
		).toBe(true);
		expect(requestsSince(sim, 'noxivo', mark)).toEqual([
			'GET /api/v1/chats?limit=100&offset=0 → 200',
			`GET /api/v1/inbox/conversations/${sim.noxivo.conversationEngineId(conversation)}/messages?limit=100&offset=0 → 200`,
		]);
	});

	/** How each provider says "too many requests" (99digital: its business error, reason 6), and what a user reads. */
	const FAULTS: Record<ProviderName, ['rateLimit' | 'providerError', string, RegExp]> = {
		noxivo: [
			'rateLimit',
			'Noxivo Engine: too many requests (rate limited) (HTTP 429)',
			/Try again in 3 seconds/,
		],
		vobiz: [
			'rateLimit',
			'Vobiz: too many requests (rate limited) (HTTP 429)',
			/Try again in 3 seconds/,
		],
		digital99: [
			'providerError',
			'99digital refused the request: WhatsApp returned an error; try again',
			/reason 6/,
		],
		inbox: [
			'rateLimit',
			'WhatsApp Inbox API: too many requests (rate limited) (HTTP 429)',
			/Rate limit exceeded\. Try again in 3 seconds/,
		],
	};
	const faults = PROVIDERS.map((provider) => [provider, ...FAULTS[provider]] as const);

	it.each(faults)(
		'%s: a %s answer, with retries off, ends the run with an error a user can act on',
		async (provider, kind, message, description) => {
			sim.disturb({
				provider,
				disturbance: kind === 'rateLimit' ? { kind, retryAfterSeconds: 3 } : { kind },
			});
			const simulated = sim.provider(provider);
			const mark = sim.requests().length;
			const parameters = {
				conversationId: simulated.conversationId(simulated.conversationFor()),
				returnAll: true,
				options: { retryTransientErrors: false },
			};
			const result = await runNode(
				'whatsAppMessages',
				provider,
				parameters,
				credentialData(provider),
			);
			expect(result.error(NODE_NAME)?.message).toBe(message);
			expect(String(result.error(NODE_NAME)?.description)).toMatch(description);
			expect(requestsSince(sim, provider, mark)).toHaveLength(1);
		},
	);
});
