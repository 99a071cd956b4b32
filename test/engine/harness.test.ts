import nock from 'nock';
import type { INode } from 'n8n-workflow';

import { runWorkflow, singleNodeWorkflow } from './harness';
import {
	toyAApi,
	toyApi,
	toyBApi,
	toyBodyApi,
	toyBodyNode,
	toyMultiNode,
	toyNode,
} from './toy/toy-nodes';

const nodeTypes = { toy: toyNode, toyBody: toyBodyNode, toyMulti: toyMultiNode };
const credentialTypes = { toyApi, toyBodyApi, toyAApi, toyBApi };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('engine harness', () => {
	const listWorkflow = (extra: Partial<INode> = {}) =>
		singleNodeWorkflow({
			name: 'List Items',
			type: 'toy',
			parameters: { operation: 'list', status: 'closed' },
			credentials: { toyApi: { id: '1', name: 'Toy account' } },
			...extra,
		});

	it('runs a declarative GET through RoutingNode with generic header auth', async () => {
		const scope = nock('https://toy.example.com', {
			reqheaders: { authorization: 'Bearer secret-key-123', accept: 'application/json' },
		})
			.get('/v1/items')
			.query({ status: 'closed' })
			.reply(200, {
				data: [
					{ id: 1, title: 'first' },
					{ id: 2, title: 'second' },
				],
			});

		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: [
				{
					type: 'toyApi',
					data: { baseUrl: 'https://toy.example.com/v1', apiKey: 'secret-key-123' },
				},
			],
			workflow: listWorkflow(),
		});

		expect(scope.isDone()).toBe(true);
		expect(result.error('List Items')).toBeUndefined();
		expect(result.output('List Items')).toEqual([
			{ id: 1, title: 'first' },
			{ id: 2, title: 'second' },
		]);
		expect(result.items('List Items').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
		]);
		expect(result.output('Manual Trigger')).toEqual([{}]);
		expect(result.run.status).toBe('success');
		expect(result.serialized).not.toContain('secret-key-123');
	});

	it('records a 401 as the node error and still resolves', async () => {
		// n8n-core's httpRequestWithAuthentication re-authenticates and retries once on a 401,
		// so the API sees the request twice.
		nock('https://api.toy.test') // the credential type's default baseUrl
			.get('/items')
			.query(true)
			.times(2)
			.reply(401, { message: 'invalid api key' });

		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: [{ type: 'toyApi', data: { apiKey: 'wrong-key-456' } }],
			workflow: listWorkflow(),
		});

		const error = result.error('List Items');
		expect(error).toBeDefined();
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(result.run.status).toBe('error');
		expect(result.run.data.resultData.lastNodeExecuted).toBe('List Items');
		expect(result.items('List Items')).toEqual([]);
		expect(result.serialized).toContain('Authorization failed'); // the error is recorded...
		expect(result.serialized).not.toContain('wrong-key-456');
	});

	it.each<Partial<INode>>([{ onError: 'continueRegularOutput' }, { continueOnFail: true }])(
		'with %j, turns the 401 into an error item and finishes the run',
		async (settings) => {
			nock('https://api.toy.test')
				.get('/items')
				.query(true)
				.times(2)
				.reply(401, { message: 'invalid api key' });

			const result = await runWorkflow({
				nodeTypes,
				credentialTypes,
				credentials: [{ type: 'toyApi', data: { apiKey: 'wrong-key-456' } }],
				workflow: listWorkflow(settings),
			});

			expect(result.run.status).toBe('success');
			expect(result.error('List Items')).toBeUndefined();
			const [item] = result.items('List Items');
			expect(result.output('List Items')).toEqual([
				{ error: expect.stringContaining('Authorization failed') },
			]);
			expect(item.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(result.serialized).not.toContain('wrong-key-456');
		},
	);

	it('merges generic body auth into the node body on a POST', async () => {
		const scope = nock('https://body.toy.test')
			.post('/messages', { text: 'hello', account: 'acc-9', token: 'body-token-789' })
			.reply(201, { id: 'm1', status: 'queued' });

		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: [{ type: 'toyBodyApi', data: { account: 'acc-9', token: 'body-token-789' } }],
			workflow: singleNodeWorkflow({
				name: 'Send',
				type: 'toyBody',
				parameters: { text: 'hello' },
				credentials: { toyBodyApi: { id: '2', name: 'Toy body account' } },
			}),
		});

		expect(scope.isDone()).toBe(true);
		expect(result.error('Send')).toBeUndefined();
		expect(result.output('Send')).toEqual([{ id: 'm1', status: 'queued' }]);
	});

	describe('credential selection through a hidden `authentication` = {{$parameter["provider"]}}', () => {
		const run = (provider: 'a' | 'b') =>
			runWorkflow({
				nodeTypes,
				credentialTypes,
				credentials: [
					{ type: 'toyAApi', data: { key: 'key-a' } },
					{ type: 'toyBApi', data: { key: 'key-b' } },
				],
				workflow: singleNodeWorkflow({
					name: 'Who',
					type: 'toyMulti',
					parameters: { provider },
					credentials: {
						toyAApi: { id: 'a', name: 'A account' },
						toyBApi: { id: 'b', name: 'B account' },
					},
				}),
			});

		it('picks credential b when provider is b', async () => {
			const scope = nock('https://b.toy.test')
				.get('/whoami')
				.query({ b_key: 'key-b' })
				.reply(200, { who: 'b' });

			const result = await run('b');

			expect(scope.isDone()).toBe(true);
			expect(result.error('Who')).toBeUndefined();
			expect(result.output('Who')).toEqual([{ who: 'b' }]);
		});

		it('picks credential a when provider is a', async () => {
			const scope = nock('https://a.toy.test', { reqheaders: { 'x-a-key': 'key-a' } })
				.get('/whoami')
				.reply(200, { who: 'a' });

			const result = await run('a');

			expect(scope.isDone()).toBe(true);
			expect(result.output('Who')).toEqual([{ who: 'a' }]);
		});
	});

	it('starts at a non-trigger node with given input items', async () => {
		nock('https://api.toy.test')
			.get('/items')
			.query({ status: 'closed' })
			.times(2)
			.reply(200, { data: [{ id: 7 }] });

		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: [{ type: 'toyApi', data: { apiKey: 'k' } }],
			workflow: listWorkflow(),
			startNode: 'List Items',
			inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});

		expect(result.output('List Items')).toEqual([{ id: 7 }, { id: 7 }]);
		expect(result.items('List Items').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		expect(() => result.output('Manual Trigger')).toThrow('did not run');
	});
});
