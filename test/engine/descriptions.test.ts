import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import { PROVIDERS as ADAPTERS } from '../../bridge/providers';
import { FIXTURES, PROVIDERS } from '../fixtures/providers';
import { credentialTypes, nodeTypes } from './package';

/*
 * The node descriptions as n8n's editor and its tool generation read them (n8n-workflow's NodeHelpers, the
 * functions both the editor and the engine use). The real editor is checked in `npm run test:e2e`.
 */

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** GitHub/npm heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchors = new Set(
	README.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} -]/gu, '')
				.replace(/ /g, '-'),
		),
);

function node(type: INodeTypeDescription, parameters: Record<string, unknown>): INode {
	return {
		id: '1',
		name: type.displayName,
		type: type.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
}

/** The parameters n8n fills in for a node that has only `set` (defaults for the rest), in the plain or tool node. */
function filled(
	description: INodeTypeDescription,
	set: Record<string, unknown>,
	{ tool }: { tool: boolean },
) {
	const type = tool ? { ...description, name: `${description.name}Tool` } : description;
	return (
		NodeHelpers.getNodeParameters(
			type.properties,
			set as INode['parameters'],
			true,
			false,
			node(type, set),
			type,
		) ?? {}
	);
}

const ACTION_NODES = ['whatsAppChats', 'whatsAppMessages', 'whatsAppSend', 'whatsAppStatus'];

describe('Docs links', () => {
	const links = [
		...Object.values(nodeTypes).map((t) => [
			t.description.displayName,
			t.description.documentationUrl,
		]),
		...Object.values(credentialTypes).map((c) => [c.displayName, c.documentationUrl]),
	];

	it.each(links)('%s links to a section of the README on the npm page', (_name, url) => {
		const match = /^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-whatsapp-inbox#(.+)$/.exec(
			String(url),
		);
		expect(match).not.toBeNull();
		expect([...anchors]).toContain(match![1]);
	});
});

describe('credential list', () => {
	it.each(Object.keys(nodeTypes))("%s shows exactly the chosen provider's credential", (name) => {
		const description = nodeTypes[name].description;
		for (const provider of PROVIDERS) {
			const parameters = filled(description, { provider }, { tool: false });
			const shown = (description.credentials ?? []).filter((c) =>
				NodeHelpers.displayParameter(parameters, c, node(description, parameters), description),
			);
			expect(shown.map((c) => c.name)).toEqual([FIXTURES[provider].credential.type]);
		}
	});
});

describe('subtitles', () => {
	it('read "<what> · <provider>"', () => {
		const subtitle = (name: string) => String(nodeTypes[name].description.subtitle);
		expect(subtitle('whatsAppMessages')).toContain('"History"');
		for (const provider of PROVIDERS)
			expect(subtitle('whatsAppChats')).toContain(`"${ADAPTERS[provider].displayName}"`);
		expect(
			Object.values(nodeTypes)
				.map((t) => String(t.description.subtitle))
				.filter((s) => / on "/.test(s)),
		).toEqual([]);
	});
});

describe('as AI tools', () => {
	it('the fields a model fills default to $fromAI in the tool node and stay empty in the plain node', () => {
		const fromAi = (
			description: INodeTypeDescription,
			set: Record<string, unknown>,
			field: string,
		) => ({
			tool: String(filled(description, set, { tool: true })[field]),
			plain: filled(description, set, { tool: false })[field],
		});
		const cases: Array<[string, Record<string, unknown>, string]> = [
			['whatsAppMessages', { provider: 'vobiz' }, 'conversationId'],
			['whatsAppSend', { provider: 'inbox' }, 'to'],
			['whatsAppSend', { provider: 'inbox' }, 'text'],
			['whatsAppStatus', { provider: 'noxivo' }, 'messageId'],
		];
		for (const [name, set, field] of cases) {
			const { tool, plain } = fromAi(nodeTypes[name].description, set, field);
			expect(tool).toMatch(
				new RegExp(`^=\\{\\{ \\$fromAI\\("${field}", "[^"]+", 'string'\\) \\}\\}$`),
			);
			expect(plain).toBe('');
		}
	});

	it('lists return 20 items as a tool and 50 as a node', () => {
		for (const name of ['whatsAppChats', 'whatsAppMessages']) {
			expect(
				filled(nodeTypes[name].description, { provider: 'noxivo' }, { tool: true }).limit,
			).toBe(20);
			expect(
				filled(nodeTypes[name].description, { provider: 'noxivo' }, { tool: false }).limit,
			).toBe(50);
		}
	});

	it.each(ACTION_NODES)('%s tells the model what it returns and which tool takes it', (name) => {
		const description = nodeTypes[name].description;
		const text = String(
			filled(description, { provider: 'noxivo' }, { tool: true }).toolDescription,
		);
		const feeds: Record<string, RegExp> = {
			whatsAppChats: /`id`.*WhatsApp Messages.*conversationId/,
			whatsAppMessages: /conversationId.*WhatsApp Chats/,
			whatsAppSend: /`id`.*WhatsApp Status.*messageId/,
			whatsAppStatus: /messageId.*WhatsApp Send/,
		};
		expect(text).toMatch(feeds[name]);
		expect(
			filled(description, { provider: 'noxivo' }, { tool: false }).toolDescription,
		).toBeUndefined();
	});
});
