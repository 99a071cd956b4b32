'use strict';
/*
 * The four action nodes as AI tools, the way an agent meets them: an active workflow with n8n's MCP Server
 * Trigger and WhatsApp Chats/Messages/Send/Status Tool nodes that have nothing set but Provider and the
 * credential, and the official MCP SDK client (`@modelcontextprotocol/sdk`, pinned in scripts/e2e/n8n-lock.json
 * and installed into the e2e cache by `npm run e2e:setup`). List the tools, then Chats → its `id` →
 * Messages, Send → its `id` → Status.
 */

const path = require('node:path');

const setup = require('../../scripts/e2e/setup');
const fixtures = require('../../scripts/e2e/fixtures');
const { check, equal } = require('./steps');

const TOOLS = {
	chats: 'WhatsApp Chats',
	messages: 'WhatsApp Messages',
	send: 'WhatsApp Send',
	status: 'WhatsApp Status',
};
const REPLY = 'Thanks, we are on it (MCP e2e)';

/** The SDK from the e2e cache's n8n tree (CommonJS build). */
function mcpSdk() {
	const sdk = path.join(
		setup.paths().n8nDir,
		'node_modules',
		'@modelcontextprotocol',
		'sdk',
		'dist',
		'cjs',
	);
	return {
		Client: require(path.join(sdk, 'client', 'index.js')).Client,
		StreamableHTTPClientTransport: require(path.join(sdk, 'client', 'streamableHttp.js'))
			.StreamableHTTPClientTransport,
	};
}

function mcpWorkflow(sim, provider) {
	const credentials = fixtures.credentialRef(sim, provider);
	const tool = (key, type, x) => ({
		id: `mcp-${key}`,
		name: TOOLS[key],
		type: `CUSTOM.${type}Tool`,
		typeVersion: 1,
		position: [x, 240],
		parameters: { provider },
		credentials,
	});
	const nodes = [
		{
			id: 'mcp-trigger',
			name: 'MCP Server Trigger',
			type: '@n8n/n8n-nodes-langchain.mcpTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `7e2e0002-0000-4000-8000-00000000000${Object.keys(fixtures.PROVIDERS).indexOf(provider) + 1}`,
			parameters: { path: `whatsapp-e2e-${provider}` },
		},
		tool('chats', 'whatsAppChats', -300),
		tool('messages', 'whatsAppMessages', -100),
		tool('send', 'whatsAppSend', 100),
		tool('status', 'whatsAppStatus', 300),
	];
	const connections = Object.fromEntries(
		Object.values(TOOLS).map((name) => [
			name,
			{ ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] },
		]),
	);
	return {
		name: `WhatsApp over MCP: ${fixtures.PROVIDERS[provider].title}`,
		nodes,
		connections,
		settings: {},
	};
}

/** The JSON a tool answered with (n8n's MCP Server Trigger returns the node's output as text). */
function toolOutput(result, tool) {
	check(
		!result.isError,
		`${tool} answered with an error: ${JSON.stringify(result.content).slice(0, 400)}`,
	);
	const text = (result.content || [])
		.filter((c) => c.type === 'text')
		.map((c) => c.text)
		.join('');
	try {
		const parsed = JSON.parse(text);
		return Array.isArray(parsed)
			? parsed.map((item) => item.json ?? item)
			: [parsed.json ?? parsed];
	} catch {
		throw new Error(`${tool} answered with text that is not JSON: ${text.slice(0, 400)}`);
	}
}

async function checkMcpRoundTrip({ n8n, api, sim, provider, run }) {
	const created = await run.step(
		`MCP: create and activate MCP Server Trigger + 4 tools (${fixtures.PROVIDERS[provider].title})`,
		async () => {
			const workflow = await api.data('POST', '/rest/workflows', mcpWorkflow(sim, provider));
			await api.activateWorkflow(workflow.id);
			return workflow;
		},
	);
	const { Client, StreamableHTTPClientTransport } = mcpSdk();
	const client = new Client({ name: 'n8n-nodes-whatsapp-inbox-e2e', version: '1.0.0' });
	const url = new URL(`${n8n.baseUrl}/mcp/whatsapp-e2e-${provider}`);
	try {
		await run.step(`MCP: connect to ${url.pathname} (streamable HTTP)`, () =>
			client.connect(new StreamableHTTPClientTransport(url)),
		);
		const tools = await run.step('MCP: tools/list', async () => (await client.listTools()).tools);
		const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
		const name = (key) => TOOLS[key].replace(/ /g, '_');
		equal(
			Object.keys(byName).sort(),
			Object.values(TOOLS)
				.map((t) => t.replace(/ /g, '_'))
				.sort(),
			'the MCP tools',
		);
		const inputs = (key) => Object.keys(byName[name(key)].inputSchema?.properties ?? {}).sort();
		equal(inputs('chats'), [], 'WhatsApp Chats tool inputs (none: Limit defaults to 20)');
		equal(inputs('messages'), ['conversationId'], 'WhatsApp Messages tool inputs');
		equal(inputs('send'), ['text', 'to'], 'WhatsApp Send tool inputs');
		equal(inputs('status'), ['messageId'], 'WhatsApp Status tool inputs');
		check(
			/WhatsApp Messages/.test(byName[name('chats')].description) &&
				/WhatsApp Status/.test(byName[name('send')].description),
			"the tool descriptions say which tool takes Chats' id and Send's id",
			JSON.stringify(tools.map((t) => t.description)),
		);
		run.detail(
			`tools: ${tools.map((t) => `${t.name}(${Object.keys(t.inputSchema?.properties ?? {}).join(', ')})`).join(', ')}`,
		);

		const chats = await run.step('MCP: call WhatsApp Chats', async () =>
			toolOutput(await client.callTool({ name: name('chats'), arguments: {} }), 'WhatsApp Chats'),
		);
		check(
			chats.length > 0 && chats.length <= 20,
			`WhatsApp Chats gave ${chats.length} chats; expected 1-20 (the simulator has some, the tool's Limit is 20)`,
		);
		const chat = chats[0];
		check(
			typeof chat.id === 'string' && chat.id && chat.chatId,
			`the first chat has no id/chatId: ${JSON.stringify(chat)}`,
		);
		const messages = await run.step(
			`MCP: call WhatsApp Messages with conversationId ${chat.id}`,
			async () =>
				toolOutput(
					await client.callTool({ name: name('messages'), arguments: { conversationId: chat.id } }),
					'WhatsApp Messages',
				),
		);
		check(
			messages.length > 0 && messages.length <= 20,
			`WhatsApp Messages gave ${messages.length} messages; expected 1-20`,
		);
		// On Noxivo a chat's `id` is its address and the messages carry the engine's conversation id: compare addresses.
		check(
			messages.every((m) => m.chatId === chat.chatId),
			`WhatsApp Messages returned messages of another chat than ${chat.chatId}`,
			JSON.stringify(messages.slice(0, 2)),
		);
		const sent = await run.step(`MCP: call WhatsApp Send to ${chat.chatId}`, async () =>
			toolOutput(
				await client.callTool({ name: name('send'), arguments: { to: chat.chatId, text: REPLY } }),
				'WhatsApp Send',
			),
		);
		equal(sent.length, 1, 'WhatsApp Send results');
		check(
			typeof sent[0].id === 'string' && sent[0].id,
			`WhatsApp Send returned no id: ${JSON.stringify(sent[0])}`,
		);
		const message = sim.provider(provider).message(String(sent[0].id));
		check(
			message,
			`the simulator has no message with the id WhatsApp Send returned (${sent[0].id})`,
		);
		equal(
			[message.direction, message.text],
			['outbound', REPLY],
			'the message at the simulator (direction, text)',
		);
		const status = await run.step(
			`MCP: call WhatsApp Status with messageId ${sent[0].id}`,
			async () =>
				toolOutput(
					await client.callTool({ name: name('status'), arguments: { messageId: sent[0].id } }),
					'WhatsApp Status',
				),
		);
		equal(status.length, 1, 'WhatsApp Status results');
		equal(status[0].messageId, sent[0].id, 'the status is of the message just sent');
		check(
			['pending', 'sent', 'delivered', 'read', 'played'].includes(status[0].status),
			`WhatsApp Status gave status ${JSON.stringify(status[0].status)}`,
		);
		run.detail(
			`Chats: ${chats.length}, Messages of ${chat.id}: ${messages.length}, Send → ${sent[0].id}, Status: ${status[0].status}`,
		);
	} finally {
		await client.close().catch(() => {});
		await api.deactivateWorkflow(created.id).catch(() => {});
	}
}

module.exports = { checkMcpRoundTrip, mcpWorkflow };
