#!/usr/bin/env node
'use strict';
/*
 * What `npm pack` ships, checked the way n8n's community-package scanner (`@n8n/scan-community-package`)
 * checks a published package:
 *
 *  1. Entries: only package.json, README.md, the licence, the docs/ pages the README links to, and dist/
 *     (every file of the "n8n" block in it).
 *  2. Lint: the scanner's "tarball leg" — ESLint over the unpacked package's **\/*.js and package.json with
 *     @n8n/eslint-plugin-community-nodes `recommended`, `no-console: error`, and eslint-plugin-n8n-nodes-base's
 *     `community` rules on package.json; inline `eslint-disable` comments do not count (allowInlineConfig
 *     false), exactly as the scanner runs it (packages/@n8n/scan-community-package/scanner/scanner.mjs,
 *     buildScanConfig + analyzePackage(packageDir, ['**\/*.js', 'package.json'])).
 *
 *   node scripts/e2e/tarball.js               # npm pack the current build (run `npm run build` first), check it
 *   node scripts/e2e/tarball.js pkg.tgz       # check a tarball
 *
 * The e2e run (run.js) checks the tarball it loads into n8n with the same functions.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const TOP_LEVEL_FILES = ['package.json', 'README.md'];
const LICENCE = /^LICEN[CS]E(\.md|\.txt)?$/i;

/** `tar -tzf`: the entries, without npm's leading `package/`. */
function tarballEntries(tarball) {
	const listed = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
	if (listed.status !== 0) throw new Error(`tar -tzf ${tarball} failed: ${listed.stderr}`);
	return listed.stdout
		.split('\n')
		.filter((line) => line && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''));
}

/**
 * Problems with the entries: anything outside package.json, README.md, the licence and dist/; a missing
 * README, licence, or file the "n8n" block names.
 */
function entryProblems(entries, packageJson) {
	const problems = [];
	const DOC_PAGE = /^docs\/[a-z0-9-]+\.md$/;
	const extra = entries.filter(
		(entry) =>
			!TOP_LEVEL_FILES.includes(entry) &&
			!LICENCE.test(entry) &&
			!DOC_PAGE.test(entry) &&
			!entry.startsWith('dist/'),
	);
	if (extra.length)
		problems.push(
			`not package.json, README.md, the licence, a docs/ page or dist/: ${extra.join(', ')}`,
		);
	for (const required of TOP_LEVEL_FILES)
		if (!entries.includes(required)) problems.push(`${required} is missing`);
	if (!entries.some((entry) => LICENCE.test(entry)))
		problems.push('the licence (LICENSE.md) is missing');
	for (const file of [...(packageJson.n8n?.nodes || []), ...(packageJson.n8n?.credentials || [])]) {
		if (!entries.includes(file)) problems.push(`${file} (package.json "n8n" block) is missing`);
	}
	return problems;
}

function filesUnder(dir, keep, prefix = '') {
	const found = [];
	for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
		const relative = path.join(prefix, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') found.push(...filesUnder(dir, keep, relative));
		} else if (keep(relative)) {
			found.push(relative);
		}
	}
	return found.sort();
}

/** The scanner's ESLint config (buildScanConfig), from this repo's devDependencies. */
async function scannerConfig() {
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
	const { parser } = require('typescript-eslint');
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		// The package.json rules walk the ObjectExpression the TypeScript parser makes of a JSON object.
		{ files: ['**/*.json'], languageOptions: { parser } },
	];
}

/**
 * Lints an unpacked package as the scanner's tarball leg does. Returns { files, errorCount, warningCount,
 * report } (`report`: ESLint's "stylish" text, empty when clean).
 */
async function lintPackage(packageDir) {
	const { ESLint } = require('eslint');
	const eslint = new ESLint({
		cwd: packageDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scannerConfig(),
	});
	const files = filesUnder(packageDir, (file) => file.endsWith('.js') || file === 'package.json');
	const results = await eslint.lintFiles(files.map((file) => path.join(packageDir, file)));
	const errorCount = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warningCount = results.reduce((sum, r) => sum + r.warningCount, 0);
	const report =
		errorCount + warningCount > 0
			? await (await eslint.loadFormatter('stylish')).format(results)
			: '';
	return { files, errorCount, warningCount, report };
}

/**
 * Both checks on one tarball. Returns { entries, problems, lint } — `problems` empty when it passes (lint
 * errors are listed there too).
 */
async function inspectTarball(tarball) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-tarball-'));
	try {
		const entries = tarballEntries(tarball);
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
		const packageDir = path.join(dir, 'package');
		const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		const problems = entryProblems(entries, packageJson);
		const lint = await lintPackage(packageDir);
		if (lint.errorCount > 0)
			problems.push(`community lint: ${lint.errorCount} error(s)\n${lint.report.trim()}`);
		return { entries, problems, lint };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** One line per kind of entry, e.g. "LICENSE.md, README.md, package.json, dist/ (189 files: 62 .js, ...)". */
function describeEntries(entries) {
	const top = entries.filter((entry) => !entry.startsWith('dist/'));
	const dist = entries.filter((entry) => entry.startsWith('dist/'));
	const kinds = {};
	for (const entry of dist) {
		const kind = /\.d\.ts$/.test(entry)
			? '.d.ts'
			: /\.js\.map$/.test(entry)
				? '.js.map'
				: path.extname(entry) || entry;
		kinds[kind] = (kinds[kind] || 0) + 1;
	}
	const counts = Object.entries(kinds)
		.map(([kind, n]) => `${n} ${kind}`)
		.join(', ');
	return `${top.sort().join(', ')}, dist/ (${dist.length} files: ${counts})`;
}

/** `npm pack` of the repo into `dir`; returns the tarball's path. */
function pack(dir, repoRoot = REPO_ROOT) {
	const packed = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
		{ cwd: repoRoot, encoding: 'utf8' },
	);
	if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
	return path.join(dir, JSON.parse(packed.stdout)[0].filename);
}

module.exports = {
	inspectTarball,
	tarballEntries,
	entryProblems,
	lintPackage,
	describeEntries,
	pack,
};

if (require.main === module) {
	(async () => {
		let tarball = process.argv[2];
		let packDir;
		if (!tarball) {
			packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
			tarball = pack(packDir);
		}
		try {
			const { entries, problems, lint } = await inspectTarball(tarball);
			console.log(`tarball  ${path.basename(tarball)}: ${describeEntries(entries)}`);
			console.log(
				`lint     ${lint.files.length} files (${lint.files.filter((f) => f.endsWith('.js')).length} .js + package.json), n8n community rules: ${lint.errorCount} errors, ${lint.warningCount} warnings`,
			);
			if (lint.warningCount > 0 && lint.errorCount === 0) console.log(lint.report.trim());
			if (problems.length) {
				console.error(`Tarball check FAILED:\n- ${problems.join('\n- ')}`);
				process.exitCode = 1;
			} else {
				console.log('Tarball check passed.');
			}
		} finally {
			if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
		}
	})().catch((error) => {
		console.error(`Tarball check FAILED: ${error.message}`);
		process.exitCode = 1;
	});
}
