'use strict';
/*
 * Part 2 of the e2e run, on the running n8n: the package's node and credential types as the editor gets
 * them (/types/nodes.json, /types/credentials.json), and "Test credential" on each imported credential.
 */

const { PROVIDERS } = require('../../scripts/e2e/fixtures');
const { check, equal } = require('./steps');

/** docs/contract.md: node type names; all but the Trigger are usable as AI tools (n8n adds <name>Tool). */
const NODE_TYPES = [
	'whatsAppChats',
	'whatsAppMessages',
	'whatsAppSend',
	'whatsAppStatus',
	'whatsAppTrigger',
	'whatsAppPollTrigger',
];
const TOOL_NODE_TYPES = ['whatsAppChats', 'whatsAppMessages', 'whatsAppSend', 'whatsAppStatus'];

/** docs/contract.md: credential type names and the fields each must have; `secret` is the one a wrong value breaks. */
const CREDENTIAL_TYPES = {
	noxivoApi: { fields: ['baseUrl', 'apiKey', 'agencyId', 'tenantId'], secret: 'apiKey' },
	vobizApi: {
		fields: ['baseUrl', 'authId', 'authToken', 'channelId', 'wabaId'],
		secret: 'authToken',
	},
	digital99Api: { fields: ['baseUrl', 'apiKey', 'from'], secret: 'apiKey' },
	whatsAppInboxApi: { fields: ['baseUrl', 'apiKey'], secret: 'apiKey' },
};

/** Every node and credential type of the package is in what n8n serves the editor, and nothing else of it. */
async function checkTypes({ api, run }) {
	const [nodeTypes, credentialTypes] = await run.step(
		'GET /types/nodes.json + /types/credentials.json',
		() => Promise.all([api.nodeTypes(), api.credentialTypes()]),
	);
	const custom = nodeTypes.filter((t) => t.name.startsWith('CUSTOM.'));
	const expectedNodes = [
		...NODE_TYPES.map((n) => `CUSTOM.${n}`),
		...TOOL_NODE_TYPES.map((n) => `CUSTOM.${n}Tool`),
	].sort();
	equal(
		custom.map((t) => t.name).sort(),
		expectedNodes,
		"the package's node types in /types/nodes.json",
	);
	for (const name of NODE_TYPES) {
		const type = custom.find((t) => t.name === `CUSTOM.${name}`);
		const provider = type.properties.find((p) => p.name === 'provider');
		equal(
			provider?.options?.map((o) => o.value).sort(),
			Object.keys(PROVIDERS).sort(),
			`CUSTOM.${name}: options of the provider parameter`,
		);
		equal(
			(type.credentials || []).map((c) => c.name).sort(),
			Object.keys(CREDENTIAL_TYPES).sort(),
			`CUSTOM.${name}: credentials it accepts`,
		);
	}
	// n8n adds "Custom API Call" (value __CUSTOM_API_CALL__) to operation lists where it thinks it can work.
	const customApiCall = custom.filter((t) =>
		t.properties.some((p) => (p.options || []).some((o) => o.value === '__CUSTOM_API_CALL__')),
	);
	equal(
		customApiCall.map((t) => t.name),
		[],
		'node types that offer n8n\'s "Custom API Call"',
	);
	for (const [name, { fields }] of Object.entries(CREDENTIAL_TYPES)) {
		const type = credentialTypes.find((c) => c.name === name);
		check(type, `credential type ${name} is not in /types/credentials.json`);
		const present = type.properties.map((p) => p.name);
		equal(
			fields.filter((f) => !present.includes(f)),
			[],
			`credential type ${name}: missing fields`,
		);
	}
	run.detail(
		`${nodeTypes.length} node types; the package's: ${custom.map((t) => `${t.name} (${t.displayName})`).join(', ')}`,
	);
	run.detail(
		`${credentialTypes.length} credential types, incl. ${Object.keys(CREDENTIAL_TYPES)
			.map((n) => `${n} (${credentialTypes.find((c) => c.name === n).displayName})`)
			.join(', ')}`,
	);
}

/** "Test credential" as the editor calls it: OK with the simulator's credential, Error with a wrong secret. */
async function checkCredentialTests({ api, credentials, run }) {
	const listed = await api.listCredentials();
	for (const credential of credentials) {
		check(
			listed.some((c) => c.id === credential.id && c.type === credential.type),
			`GET /rest/credentials does not list the imported "${credential.name}"`,
		);
		const { secret } = CREDENTIAL_TYPES[credential.type];
		// One after the other, as a user clicks: n8n's credential tester shares a mock node type per credential
		// type and deletes it when a test ends, so two tests of one type at once fail with "Node not found".
		const [right, wrong] = await run.step(
			`Test credential: ${credential.name} (right ${secret}, wrong ${secret})`,
			async () => [
				await api.testCredential(credential),
				await api.testCredential({
					...credential,
					data: { ...credential.data, [secret]: `${credential.data[secret]}-wrong` },
				}),
			],
		);
		equal(
			[right.status, wrong.status],
			['OK', 'Error'],
			`${credential.name}: Test credential with the right and a wrong ${secret} (${right.message} / ${wrong.message})`,
		);
		run.detail(`right: ${right.status}; wrong: ${wrong.status} "${wrong.message}"`);
	}
}

module.exports = { checkTypes, checkCredentialTests, NODE_TYPES, CREDENTIAL_TYPES };
