import type { INodeType, IDataObject } from 'n8n-workflow';

import { FIXTURES, PROVIDERS, type ProviderId } from '../fixtures/providers';
import { startSimulator, type LoggedRequest, type Simulator } from '../simulator';
import { runWorkflow, singleNodeWorkflow } from './harness';
import { credentialTypes, nodeTypes } from './package';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: { chats: 1, messagesPerChat: 1 }, statusStepMs: null });
});
afterAll(async () => {
	await sim.close();
});

/**
 * "Test credential" as n8n's CredentialsTester does it for a declarative test: a copy of the node whose one
 * property routes the credential's `test.request`, run through RoutingNode; then the `rules` are applied.
 */
async function testCredential(
	provider: ProviderId,
	data: IDataObject,
): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const { type } = FIXTURES[provider].credential;
	const credentialType = credentialTypes[type];
	const testRequest = credentialType.test!;
	const probe: INodeType = {
		description: {
			...nodeTypes.whatsAppChats.description,
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: testRequest.request },
				},
			],
		},
	};
	const result = await runWorkflow({
		nodeTypes: { probe },
		credentialTypes,
		credentials: [{ type, data: { ...sim.credentials(provider).data, ...data } }],
		workflow: singleNodeWorkflow({
			name: 'Probe',
			type: 'probe',
			parameters: {},
			credentials: { [type]: { id: '1', name: 'c' } },
		}),
	});
	const error = result.error('Probe');
	if (error) return { status: 'Error', message: error.message };
	for (const rule of testRequest.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			rule.properties.key
				.split('.')
				.reduce<unknown>(
					(v, k) => (v as IDataObject | undefined)?.[k],
					result.output('Probe')[0],
				) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK' };
}

/** The request each credential's test makes (docs/providers.md §1.4.1, §2.4.4, §3.3.3, §4.3.4), and what a wrong key reads as. */
const TEST_REQUEST: Record<
	ProviderId,
	{ request: Pick<LoggedRequest, 'method' | 'path' | 'query'>; wrongKey: string | undefined }
> = {
	noxivo: {
		request: { method: 'GET', path: '/api/v1/inbox/chats', query: { limit: '1' } },
		wrongKey: undefined,
	},
	vobiz: {
		request: {
			method: 'GET',
			path: '/api/v1/messaging/contacts',
			query: { page: '1', limit: '1' },
		},
		wrongKey: undefined,
	},
	// A wrong key is a 200 with status FAIL (§3.2): the credential's rule turns it into this message.
	digital99: {
		request: { method: 'POST', path: '/whatsapp/v2/getWebhook', query: {} },
		wrongKey: '99digital refused the API key or business number',
	},
	inbox: {
		request: {
			method: 'GET',
			path: '/api/whatsapp/conversations',
			query: { limit: '1', page: '1' },
		},
		wrongKey: undefined,
	},
};

const lastRequest = (provider: ProviderId) => {
	const { method, path, query } = sim.requests({ provider }).at(-1)!;
	return { method, path, query };
};

describe.each(PROVIDERS)(
	'"Test credential" on %s tells a wrong key from a right one',
	(provider) => {
		const { request, wrongKey } = TEST_REQUEST[provider];
		const secretField = FIXTURES[provider].secretFields[0];

		it('the right key is OK, with one documented request', async () => {
			expect(await testCredential(provider, {})).toEqual({ status: 'OK' });
			expect(lastRequest(provider)).toEqual(request);
		});

		it('a wrong key is an error', async () => {
			const result = await testCredential(provider, { [secretField]: 'wrong-key' });
			expect(result.status).toBe('Error');
			if (wrongKey !== undefined) expect(result.message).toBe(wrongKey);
			expect(lastRequest(provider)).toEqual(request);
		});
	},
);

describe('"Test credential" on Noxivo with a master key', () => {
	it('sends agency and tenant when set', async () => {
		const { masterKey, agencyId, tenantId } = sim.noxivo;
		expect(await testCredential('noxivo', { apiKey: masterKey, agencyId, tenantId })).toEqual({
			status: 'OK',
		});
		expect(lastRequest('noxivo')).toEqual({
			method: 'GET',
			path: '/api/v1/inbox/chats',
			query: { limit: '1', agencyId, tenantId },
		});
	});
});
