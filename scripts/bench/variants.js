'use strict';
/*
 * What `npm run bench` compares, per provider, over one conversation:
 *   ours        WhatsApp Messages, Return All (unified items, oldest first)
 *   http100     n8n's HTTP Request node (4.2) paging with limit=100, then Split Out: what an experienced user builds
 *   httpDefault the same at the provider's default page size (no limit parameter)
 *   raw         fetch + JSON.parse over the same pages, records put oldest first (a floor, not a product)
 * 99digital has one page size (50) and pages by page number: it has one HTTP variant.
 */

const fs = require('node:fs');
const path = require('node:path');

const MANUAL_TRIGGER = {
	id: 'trigger',
	name: 'Manual Trigger',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function instances(file) {
	return Object.values(require(file)).map((Type) => new Type());
}

let loaded;
function load({ ourPackage, n8nModules }) {
	if (loaded) return loaded;
	const base = path.join(n8nModules, 'n8n-nodes-base', 'dist');
	const ourCredentials = fs
		.readdirSync(path.join(ourPackage, 'credentials'))
		.filter((f) => f.endsWith('.credentials.js'))
		.flatMap((f) => instances(path.join(ourPackage, 'credentials', f)));
	const [messages] = instances(
		path.join(ourPackage, 'nodes', 'WhatsAppMessages', 'WhatsAppMessages.node.js'),
	);
	const [httpRequest] = instances(path.join(base, 'nodes', 'HttpRequest', 'HttpRequest.node.js'));
	const [splitOut] = instances(
		path.join(base, 'nodes', 'Transform', 'SplitOut', 'SplitOut.node.js'),
	);
	const [headerAuth] = instances(path.join(base, 'credentials', 'HttpHeaderAuth.credentials.js'));
	const [customAuth] = instances(path.join(base, 'credentials', 'HttpCustomAuth.credentials.js'));
	loaded = {
		ours: {
			nodeTypes: { whatsAppMessages: messages },
			credentialTypes: Object.fromEntries(ourCredentials.map((c) => [c.name, c])),
		},
		n8n: {
			nodeTypes: { 'n8n-nodes-base.httpRequest': httpRequest, 'n8n-nodes-base.splitOut': splitOut },
			credentialTypes: { httpHeaderAuth: headerAuth, httpCustomAuth: customAuth },
		},
	};
	return loaded;
}

/** How each provider's history is paged, by hand (docs/providers.md §1.4.3, §2.4.2, §3.3.1, §4.3.1). */
function providerPaging(provider, info) {
	const c = info.credential.data;
	const id = info.conversationId;
	switch (provider) {
		case 'noxivo':
			return {
				recordId: (r) => r.id,
				defaultPage: 50,
				http: (limit) => ({
					url: `${c.baseUrl}${c.inboxPathPrefix}/conversations/${id}/messages`,
					credential: { type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: c.apiKey } },
					query: limit ? { limit: String(limit) } : {},
					pageParameter: {
						type: 'qs',
						name: 'offset',
						value: `={{ $pageCount * ${limit ?? 50} }}`,
					},
					complete: '={{ !$response.body.hasMore }}',
					splitField: 'messages',
				}),
				async raw(limit) {
					const pages = [];
					for (let offset = 0; ; offset += limit) {
						const response = await fetch(
							`${c.baseUrl}${c.inboxPathPrefix}/conversations/${id}/messages?limit=${limit}&offset=${offset}`,
							{ headers: { 'X-API-Key': c.apiKey } },
						);
						const body = JSON.parse(await response.text());
						pages.push(body.messages);
						if (!body.hasMore) break;
					}
					// Pages come newest first, each page oldest first.
					return pages.reverse().flat();
				},
			};
		case 'vobiz':
			return {
				recordId: (r) => r.id,
				defaultPage: 50,
				http: (limit) => ({
					url: `${c.baseUrl}/conversations/${id}/messages`,
					credential: {
						type: 'httpCustomAuth',
						data: {
							json: JSON.stringify({
								headers: { 'X-Auth-ID': c.authId, 'X-Auth-Token': c.authToken },
							}),
						},
					},
					query: limit ? { limit: String(limit) } : {},
					pageParameter: {
						type: 'qs',
						name: 'cursor',
						value: '={{ $response.body?.next_cursor }}',
					},
					complete: '={{ !$response.body.has_more }}',
					splitField: 'items',
				}),
				async raw(limit) {
					const records = [];
					for (let cursor; ; ) {
						const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
						const response = await fetch(
							`${c.baseUrl}/conversations/${id}/messages?limit=${limit}${query}`,
							{ headers: { 'X-Auth-ID': c.authId, 'X-Auth-Token': c.authToken } },
						);
						const body = JSON.parse(await response.text());
						for (const record of body.items) records.push(record);
						if (!body.has_more) break;
						cursor = body.next_cursor;
					}
					return records.reverse();
				},
			};
		case 'inbox':
			return {
				recordId: (r) => r.id,
				defaultPage: 50,
				http: (limit) => ({
					url: `${c.baseUrl}${c.pathPrefix}/messages`,
					credential: {
						type: 'httpHeaderAuth',
						data: { name: 'Authorization', value: `Bearer ${c.apiKey}` },
					},
					query: { conversationId: id, ...(limit ? { limit: String(limit) } : {}) },
					pageParameter: {
						type: 'qs',
						name: 'before',
						value: '={{ $response.body?.data?.at(-1)?.id }}',
					},
					complete: '={{ !$response.body.hasNext }}',
					splitField: 'data',
				}),
				async raw(limit) {
					const records = [];
					for (let before; ; ) {
						const query = before ? `&before=${encodeURIComponent(before)}` : '';
						const response = await fetch(
							`${c.baseUrl}${c.pathPrefix}/messages?conversationId=${encodeURIComponent(id)}&limit=${limit}${query}`,
							{ headers: { Authorization: `Bearer ${c.apiKey}` } },
						);
						const body = JSON.parse(await response.text());
						for (const record of body.data) records.push(record);
						if (!body.hasNext) break;
						before = body.data[body.data.length - 1].id;
					}
					return records.reverse();
				},
			};
		case 'digital99':
			return {
				recordId: (r) => r.unique,
				defaultPage: 50,
				http: () => ({
					method: 'POST',
					url: `${c.baseUrl}/getHistory`,
					credential: {
						type: 'httpCustomAuth',
						data: { json: JSON.stringify({ body: { apiKey: c.apiKey, from: c.from } }) },
					},
					body: { to: id },
					pageParameter: { type: 'body', name: 'page', value: '={{ $pageCount + 1 }}' },
					complete: '={{ $response.body.length < 50 }}',
					splitField: null, // a bare array: the HTTP Request node already gives one item per record
				}),
				async raw() {
					const records = [];
					for (let page = 1; ; page++) {
						const response = await fetch(`${c.baseUrl}/getHistory`, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify({ apiKey: c.apiKey, from: c.from, to: id, page }),
						});
						const body = JSON.parse(await response.text());
						for (const record of body) records.push(record);
						if (body.length < 50) break;
					}
					return records.reverse();
				},
			};
		default:
			throw new Error(`bench: unknown provider ${provider}`);
	}
}

/** Manual Trigger → HTTP Request (pagination) → Split Out, as a user sets it up in the editor. */
function httpWorkflow(setup) {
	const parameters = {
		method: setup.method ?? 'GET',
		url: setup.url,
		authentication: 'genericCredentialType',
		genericAuthType: setup.credential.type,
		sendQuery: Object.keys(setup.query ?? {}).length > 0,
		queryParameters: {
			parameters: Object.entries(setup.query ?? {}).map(([name, value]) => ({ name, value })),
		},
		sendBody: setup.body !== undefined,
		contentType: 'json',
		bodyParameters: {
			parameters: Object.entries(setup.body ?? {}).map(([name, value]) => ({ name, value })),
		},
		options: {
			pagination: {
				pagination: {
					paginationMode: 'updateAParameterInEachRequest',
					parameters: { parameters: [setup.pageParameter] },
					paginationCompleteWhen: 'other',
					completeExpression: setup.complete,
				},
			},
		},
	};
	const http = {
		id: 'http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [200, 0],
		parameters,
		credentials: { [setup.credential.type]: { id: '1', name: 'bench' } },
	};
	const nodes = [MANUAL_TRIGGER, http];
	const connections = {
		[MANUAL_TRIGGER.name]: { main: [[{ node: http.name, type: 'main', index: 0 }]] },
	};
	let last = http.name;
	if (setup.splitField) {
		const split = {
			id: 'split',
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: setup.splitField },
		};
		nodes.push(split);
		connections[http.name] = { main: [[{ node: split.name, type: 'main', index: 0 }]] };
		last = split.name;
	}
	return { workflow: { nodes, connections }, last };
}

function variantsFor(provider, info, { harness, ourPackage, n8nModules }) {
	const types = load({ ourPackage, n8nModules });
	const paging = providerPaging(provider, info);
	const credential = info.credential;
	const ours = {
		key: 'ours',
		label: 'ours',
		async run() {
			const workflow = harness.singleNodeWorkflow({
				name: 'WhatsApp Messages',
				type: 'whatsAppMessages',
				parameters: { provider, conversationId: info.conversationId, returnAll: true },
				credentials: { [credential.type]: { id: '1', name: 'bench' } },
			});
			const result = await harness.runWorkflow({
				...types.ours,
				credentials: [credential],
				workflow,
			});
			const error = result.error('WhatsApp Messages');
			if (error) throw new Error(error.message);
			return { items: result.output('WhatsApp Messages'), idOf: (item) => item.id, result };
		},
	};
	const http = (key, label, limit) => ({
		key,
		label,
		async run() {
			const setup = paging.http(limit);
			const { workflow, last } = httpWorkflow(setup);
			const result = await harness.runWorkflow({
				...types.n8n,
				credentials: [setup.credential],
				workflow,
			});
			const error = result.error('HTTP Request') ?? result.error(last);
			if (error) throw new Error(error.message);
			return { items: result.output(last), idOf: paging.recordId, result };
		},
	});
	const raw = {
		key: 'raw',
		label: 'raw fetch loop',
		async run() {
			return { items: await paging.raw(100), idOf: paging.recordId };
		},
	};
	if (provider === 'digital99')
		return [ours, http('httpDefault', 'HTTP Request, pages of 50', undefined), raw];
	return [
		ours,
		http('http100', 'HTTP Request, limit=100', 100),
		http('httpDefault', `HTTP Request, default page (${paging.defaultPage})`, undefined),
		raw,
	];
}

module.exports = { variantsFor };
