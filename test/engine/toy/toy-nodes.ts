/**
 * Toy declarative nodes and credentials used only by harness.test.ts.
 */
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Generic header auth, baseUrl with a default, and a credential test request. */
export const toyApi: ICredentialType = {
	name: 'toyApi',
	displayName: 'Toy API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.toy.test' },
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	},
	test: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' } },
};

/** Generic body auth: the credential fields are merged into the request body. */
export const toyBodyApi: ICredentialType = {
	name: 'toyBodyApi',
	displayName: 'Toy Body API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://body.toy.test' },
		{ displayName: 'Account', name: 'account', type: 'string', default: '' },
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	],
	authenticate: {
		type: 'generic',
		properties: {
			body: { account: '={{$credentials.account}}', token: '={{$credentials.token}}' },
		},
	},
	test: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/ping', method: 'POST' } },
};

/** Provider A: header auth, in the function form of `authenticate`. */
export const toyAApi: ICredentialType = {
	name: 'toyAApi',
	displayName: 'Toy A API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://a.toy.test' },
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	],
	authenticate: async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'X-A-Key': String(credentials.key) },
	}),
};

/** Provider B: query-string auth. */
export const toyBApi: ICredentialType = {
	name: 'toyBApi',
	displayName: 'Toy B API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://b.toy.test' },
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	],
	authenticate: { type: 'generic', properties: { qs: { b_key: '={{$credentials.key}}' } } },
};

/** GET /items?status=… (list) and POST /items (create), with toyApi. */
export const toyNode: INodeType = {
	description: {
		displayName: 'Toy',
		name: 'toy',
		group: ['transform'],
		version: 1,
		description: 'Toy declarative node',
		defaults: { name: 'Toy' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'toyApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'list',
				options: [
					{
						name: 'List',
						value: 'list',
						routing: {
							request: { method: 'GET', url: '/items' },
							output: { postReceive: [{ type: 'rootProperty', properties: { property: 'data' } }] },
						},
					},
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: 'open',
				routing: { send: { type: 'query', property: 'status' } },
			},
		],
	},
};

/** POST /messages with a `text` body field, with toyBodyApi. */
export const toyBodyNode: INodeType = {
	description: {
		displayName: 'Toy Body',
		name: 'toyBody',
		group: ['transform'],
		version: 1,
		description: 'Toy declarative node with body auth',
		defaults: { name: 'Toy Body' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'toyBodyApi', required: true }],
		requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
		properties: [
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				default: '',
				routing: {
					request: { method: 'POST', url: '/messages' },
					send: { type: 'body', property: 'text' },
				},
			},
		],
	},
};

/**
 * Two credential types, selected by a visible `provider` and a hidden `authentication`
 * parameter that follows it through an expression default.
 */
export const toyMultiNode: INodeType = {
	description: {
		displayName: 'Toy Multi',
		name: 'toyMulti',
		group: ['transform'],
		version: 1,
		description: 'Toy declarative node with two credential types',
		defaults: { name: 'Toy Multi' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'toyAApi',
				required: true,
				displayOptions: { show: { provider: ['a'], authentication: ['a'] } },
			},
			{
				name: 'toyBApi',
				required: true,
				displayOptions: { show: { provider: ['b'], authentication: ['b'] } },
			},
		],
		requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
		properties: [
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				default: 'a',
				options: [
					{ name: 'A', value: 'a' },
					{ name: 'B', value: 'b' },
				],
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'hidden',
				default: '={{ $parameter["provider"] }}',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'hidden',
				default: 'whoami',
				routing: { request: { method: 'GET', url: '/whoami' } },
			},
		],
	},
};
