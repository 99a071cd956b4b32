import nock from 'nock';
import type { INodeType, IDataObject } from 'n8n-workflow';

import { runWorkflow, singleNodeWorkflow } from './harness';
import { credentialTypes, nodeTypes } from './package';
import { BASE, CREDENTIALS, type ProviderId } from '../fixtures/providers';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/**
 * "Test credential" as n8n's CredentialsTester does it for a declarative test: a copy of the node whose one
 * property routes the credential's `test.request`, run through RoutingNode; then the `rules` are applied.
 */
async function testCredential(provider: ProviderId, data: IDataObject): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const { type } = CREDENTIALS[provider];
	const credentialType = credentialTypes[type];
	const testRequest = credentialType.test!;
	const probe: INodeType = {
		description: {
			...nodeTypes.whatsAppChats.description,
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } }],
		},
	};
	const result = await runWorkflow({
		nodeTypes: { probe },
		credentialTypes,
		credentials: [{ type, data: { ...CREDENTIALS[provider].data, ...data } }],
		workflow: singleNodeWorkflow({ name: 'Probe', type: 'probe', parameters: {}, credentials: { [type]: { id: '1', name: 'c' } } }),
	});
	const error = result.error('Probe');
	if (error) return { status: 'Error', message: error.message };
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && rule.properties.key.split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], result.output('Probe')[0]) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK' };
}

describe('"Test credential" tells a wrong key from a right one', () => {
	it('Noxivo: GET {inbox}/chats?limit=1 with X-API-Key', async () => {
		nock(BASE.noxivo).get('/api/v1/inbox/chats').query({ limit: '1' }).matchHeader('x-api-key', 'right').reply(200, { chats: [], total: 0, hasMore: false });
		nock(BASE.noxivo).get('/api/v1/inbox/chats').query({ limit: '1' }).matchHeader('x-api-key', 'wrong').times(2).reply(401, { error: 'Unauthorized: Invalid API Key' });
		expect(await testCredential('noxivo', { apiKey: 'right' })).toEqual({ status: 'OK' });
		expect((await testCredential('noxivo', { apiKey: 'wrong' })).status).toBe('Error');
	});

	it('Noxivo: agency and tenant are sent when set (master key)', async () => {
		nock(BASE.noxivo).get('/api/v1/inbox/chats').query({ limit: '1', agencyId: 'a', tenantId: 't' }).reply(200, { chats: [], total: 0, hasMore: false });
		expect(await testCredential('noxivo', { apiKey: 'k', agencyId: 'a', tenantId: 't' })).toEqual({ status: 'OK' });
	});

	it('Vobiz: GET /contacts?page=1&limit=1 with X-Auth-ID and X-Auth-Token', async () => {
		nock(BASE.vobiz).get('/contacts').query({ page: '1', limit: '1' }).matchHeader('x-auth-token', 'right').reply(200, { items: [], total: 0, page: 1, limit: 1, has_more: false });
		nock(BASE.vobiz).get('/contacts').query({ page: '1', limit: '1' }).matchHeader('x-auth-token', 'wrong').times(2).reply(401, { status: 'error', error: { code: 'INVALID_CREDENTIALS', message: 'bad' } });
		expect(await testCredential('vobiz', { authToken: 'right' })).toEqual({ status: 'OK' });
		expect((await testCredential('vobiz', { authToken: 'wrong' })).status).toBe('Error');
	});

	it('99digital: POST /getWebhook; a wrong key is a 200 with status FAIL (§3.2)', async () => {
		nock(BASE.digital99).post('/getWebhook', { apiKey: 'right', from: '972771234567' }).reply(200, { status: 'OK', url: '', reason: 1 });
		nock(BASE.digital99).post('/getWebhook', { apiKey: 'wrong', from: '972771234567' }).reply(200, { status: 'FAIL', reason: 3 });
		expect(await testCredential('digital99', { apiKey: 'right' })).toEqual({ status: 'OK' });
		expect(await testCredential('digital99', { apiKey: 'wrong' })).toEqual({ status: 'Error', message: '99digital refused the API key or business number' });
	});

	it('inbox API: GET {prefix}/conversations?limit=1&page=1 with a Bearer key', async () => {
		nock(BASE.inbox).get('/api/whatsapp/conversations').query({ limit: '1', page: '1' }).matchHeader('authorization', 'Bearer right').reply(200, { data: [], total: 0, page: 1, hasNext: false });
		nock(BASE.inbox).get('/api/whatsapp/conversations').query({ limit: '1', page: '1' }).matchHeader('authorization', 'Bearer wrong').times(2).reply(401, { success: false, error: 'Unauthorized' });
		expect(await testCredential('inbox', { apiKey: 'right' })).toEqual({ status: 'OK' });
		expect((await testCredential('inbox', { apiKey: 'wrong' })).status).toBe('Error');
	});
});
