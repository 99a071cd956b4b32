// @ts-check
/**
 * Lint for the n8n community node package, the same rule sets `n8n-node lint` (and n8n's package scanner)
 * applies, wired up directly so the package does not need @n8n/node-cli (docs/toolchain.md):
 *   - @n8n/eslint-plugin-community-nodes `recommended` (the n8n Cloud set: restricted globals/imports,
 *     usableAsTool, credential tests, pairedItem, NodeApiError, webhook lifecycle, icons, package.json)
 *     on everything that ships or is read by n8n: nodes/, credentials/, bridge/, package.json;
 *   - eslint-plugin-n8n-nodes-base `community` on package.json, `credentials` on credentials/,
 *     `nodes` on nodes/ and bridge/ (bridge/ may hold shared parameter definitions).
 * test/, scripts/ and the top-level *.js files are only parsed.
 *
 * Pitfalls the rules impose on the layout: most node/credential rules only look at files named
 * `*.node.ts` / `*.credentials.ts`, at a class that `implements INodeType` / `ICredentialType`, and at a
 * `description` written as an object literal in that class; credentials a node uses must be listed in
 * package.json `n8n.credentials` (no-credential-reuse) and every `*.node.ts` in `n8n.nodes`.
 */
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

import { noImportCycle } from './scripts/lint/no-import-cycle.mjs';

/** Code that runs inside n8n. */
const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts', 'bridge/**/*.ts'];

/**
 * n8n Cloud's import allowlist, as @n8n/community-nodes/no-restricted-imports has it. That rule lets any
 * package in package.json `devDependencies` through (it assumes devDependencies are bundled), so axios,
 * nock, n8n-core, ... would pass it once they are devDependencies; docs/contract.md forbids them at run time.
 */
const RUNTIME_MODULES = [
	'n8n-workflow',
	'lodash',
	'moment',
	'p-limit',
	'luxon',
	'zod',
	'crypto',
	'node:crypto',
];
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const notAllowedModule = `^(?!\\.{1,2}/|(?:${RUNTIME_MODULES.map(escapeRegex).join('|')})(?:/|$))`;

/** Each layer's import rule: `regex` is matched against the import path. */
const RUNTIME_ONLY = {
	regex: notAllowedModule,
	message: `n8n runs this code: import only relative paths or ${RUNTIME_MODULES.join(', ')} (axios and other devDependencies are not available at run time).`,
};
const NO_N8N = {
	regex: '^n8n-workflow(?:/|$)',
	message:
		'The bridge is framework-free: n8n types belong in bridge/n8n/, nodes/ and credentials/ (docs/architecture.md).',
};
const NO_PROVIDER_FOLDER = {
	regex: '(?:^|/)providers/(?!(?:index|types)$)[^/]+',
	message:
		"A provider's folder is imported only inside bridge/providers/; elsewhere use the registry (bridge/providers/index.ts) and its interfaces.",
};
const BRIDGE_N8N_ONLY = {
	regex: '(?:^|/)bridge/(?!n8n/)',
	message:
		'Nodes and credentials reach the bridge only through bridge/n8n/ (no provider knowledge in a node).',
};
const LAYERS = [
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], patterns: [BRIDGE_N8N_ONLY] },
	{ files: ['bridge/n8n/**/*.ts'], patterns: [NO_PROVIDER_FOLDER] },
	{ files: ['bridge/providers/**/*.ts'], patterns: [NO_N8N] },
	{
		files: ['bridge/**/*.ts'],
		ignores: ['bridge/n8n/**', 'bridge/providers/**'],
		patterns: [NO_N8N, NO_PROVIDER_FOLDER],
	},
];

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },

	// Parsing.
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, sourceType: 'module' },
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
	},
	{
		// The package.json rules walk the ObjectExpression typescript-estree produces for a .json file.
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},

	// @n8n/eslint-plugin-community-nodes, recommended (its own `ignores` for eslint.config.* is kept).
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: [...SHIPPED_TS, 'package.json'],
	},

	// eslint-plugin-n8n-nodes-base: its configs are eslintrc-style, so take their `rules` per file class.
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants documentationUrl camelCased (a slug on docs.n8n.io); a community credential must give an
			// http(s) URL (cred-class-field-documentation-url-not-http-url), which can never be camelCase.
			// Turned off in n8n's own `n8n-node lint` config for the same reason.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts', 'bridge/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Both want the string literal 'main' in inputs/outputs, while
			// @n8n/community-nodes/node-connection-type-literal requires NodeConnectionTypes.Main:
			// the two cannot both pass. Turned off in `n8n-node lint` too.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Forbids typeOptions.maxValue on number parameters; the providers do cap page sizes, and a
			// `limit` must be able to say so. Turned off in `n8n-node lint` too.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},

	// What may import what. docs/contract.md: nothing under nodes/, credentials/, bridge/ may import a package n8n
	// does not provide (axios included), whatever is in devDependencies. The layers (docs/architecture.md):
	// n8n's types only in bridge/n8n/, nodes/ and credentials/; a provider's folder only from inside
	// bridge/providers/ (everything else goes through its registry, bridge/providers/index.ts); a node or a
	// credential reaches the bridge only through bridge/n8n/. Re-exports and require()/import() count too.
	...LAYERS.map(({ files, ignores, patterns }) => ({
		files,
		...(ignores ? { ignores } : {}),
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: [RUNTIME_ONLY, ...patterns] },
			],
		},
	})),
	{
		files: SHIPPED_TS,
		plugins: { local: { rules: { 'no-import-cycle': noImportCycle } } },
		rules: {
			'local/no-import-cycle': 'error',
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.type='Identifier'][callee.name='require']",
					message:
						'Use a static `import` (checked against the n8n Cloud allowlist), not require().',
				},
				{
					selector: 'ImportExpression',
					message: 'Use a static `import` (checked against the n8n Cloud allowlist), not import().',
				},
			],
		},
	},
);
