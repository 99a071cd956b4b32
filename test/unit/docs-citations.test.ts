import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Every document the repository cites is in the repository: a clone, or the npm page, can follow each
 * citation in the README, in the code's comments and in what the package prints. Scans every tracked
 * text file (lock files and binary files aside) and checks:
 *
 * - nothing points outside the repository (the shared folder beside it, a seed document);
 * - no citation uses the old page names: they are docs/providers.md, docs/contract.md,
 *   docs/architecture.md and docs/toolchain.md (scripts/rename-citations.js rewrites them);
 * - every docs/ page cited exists, and every `#anchor` or quoted "Heading" cited is a heading of it;
 * - every `§N` is a numbered heading of docs/providers.md (the only page numbered that way), unless it
 *   follows the name of another docs/ page, whose headings it must then match, or of a standard (an RFC).
 *
 * The old names are assembled from parts so that this file does not cite them itself.
 */

const ROOT = resolve(__dirname, '../..');

const renameScript = require('../../scripts/rename-citations') as {
	rewrite: (text: string) => { result: string; count: number };
	trackedTextFiles: () => string[];
};

const OLD_NAMES = ['PROVI' + 'DERS', 'CONT' + 'RACT', 'DES' + 'IGN', 'TOOL' + 'CHAIN'];
const OLD_NAME = new RegExp(`(?<![\\w-])(${OLD_NAMES.join('|')})\\.md(?![\\w-])`, 'g');
const OUTSIDE = new RegExp(
	['\\.\\.\\/' + 'shared\\b', '\\/work\\/' + 'shared\\b', '\\bsee' + 'ds\\/[\\w.-]+\\.txt'].join(
		'|',
	),
	'g',
);
const PAGE_REF = /(?<![\w./-])docs\/([\w-]+\.md)(#[\w-]+)?/g;
const QUOTED_HEADING = /(?<![\w./-])docs\/([\w-]+\.md)\s*\(?"([^"\n]+)"/g;
const SECTION = /§\s?(\d+(?:\.\d+)*)/g;
const BARE_NUMBER_AFTER_PAGE = /(?<![\w./-])docs\/providers\.md (\d+(?:\.\d+)+)\b/g;
const PAGE_JUST_BEFORE = /docs\/([\w-]+\.md)(?:'s)?\s*$/;
/** A § right after a standard's name is that standard's (`RFC 9110 §10.2.3`), not this repository's. */
const STANDARD_JUST_BEFORE = /\b(?:RFC|ISO|IEC|ECMA-?)\s?\d+(?:[-:]\d+)*\s*$/;
const MARKDOWN_LINK = /\[[^\]\n]*\]\(([^)\s]+)\)/g;

interface Page {
	/** Section numbers of numbered headings (`### 1.4.3 Message history` → `1.4.3`). */
	sections: Set<string>;
	/** Heading texts, lowercased, without their number or backticks. */
	titles: Set<string>;
	/** GitHub's anchors of the headings. */
	anchors: Set<string>;
}

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorOf(heading: string, seen: Map<string, number>): string {
	const base = heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
	const n = seen.get(base) ?? 0;
	seen.set(base, n + 1);
	return n === 0 ? base : `${base}-${n}`;
}

function readPage(file: string): Page {
	const page: Page = { sections: new Set(), titles: new Set(), anchors: new Set() };
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1];
		page.anchors.add(anchorOf(text, seen));
		const numbered = /^(\d+(?:\.\d+)*)\.?\s+(.*)$/.exec(text);
		if (numbered) page.sections.add(numbered[1]);
		page.titles.add((numbered ? numbered[2] : text).replace(/`/g, '').trim().toLowerCase());
	}
	return page;
}

const pages = new Map<string, Page | null>();
function pageAt(file: string): Page | null {
	if (!pages.has(file)) pages.set(file, existsSync(file) ? readPage(file) : null);
	return pages.get(file) ?? null;
}

interface Finding {
	where: string;
	problem: string;
}

interface Checked {
	sections: number;
	pages: number;
	links: number;
	headings: number;
}

/** The problems in one file's text, counting the citations checked. */
function findingsIn(file: string, text: string, checked: Checked): Finding[] {
	const findings: Finding[] = [];
	const isMarkdown = file.endsWith('.md');
	text.split('\n').forEach((line, index) => {
		const where = `${file}:${index + 1}`;
		const problem = (what: string) => findings.push({ where, problem: what });

		for (const m of line.matchAll(OUTSIDE)) problem(`points outside the repository: ${m[0]}`);
		for (const m of line.matchAll(OLD_NAME))
			problem(`cites ${m[0]}: run node scripts/rename-citations.js`);

		for (const m of line.matchAll(PAGE_REF)) {
			checked.pages += 1;
			const page = pageAt(join(ROOT, 'docs', m[1]));
			if (!page) problem(`cites docs/${m[1]}, which does not exist`);
			else if (m[2] && !page.anchors.has(m[2].slice(1)))
				problem(`cites docs/${m[1]}${m[2]}, which is not a heading there`);
		}

		for (const m of line.matchAll(QUOTED_HEADING)) {
			checked.headings += 1;
			const page = pageAt(join(ROOT, 'docs', m[1]));
			if (page && !page.titles.has(m[2].toLowerCase()))
				problem(`cites docs/${m[1]} "${m[2]}", which is not a heading there`);
		}

		for (const m of line.matchAll(SECTION)) {
			const before = line.slice(0, m.index);
			if (STANDARD_JUST_BEFORE.test(before)) continue;
			checked.sections += 1;
			const named = PAGE_JUST_BEFORE.exec(before);
			const pageName = named ? named[1] : 'providers.md';
			const page = pageAt(join(ROOT, 'docs', pageName));
			if (page && !page.sections.has(m[1]))
				problem(`cites docs/${pageName} §${m[1]}, which is not a section there`);
		}
		for (const m of line.matchAll(BARE_NUMBER_AFTER_PAGE)) {
			checked.sections += 1;
			if (!pageAt(join(ROOT, 'docs/providers.md'))?.sections.has(m[1]))
				problem(`cites docs/providers.md ${m[1]}, which is not a section there`);
		}

		if (!isMarkdown) return;
		for (const m of line.matchAll(MARKDOWN_LINK)) {
			const target = m[1];
			if (/^[a-z][\w+.-]*:/i.test(target)) continue;
			checked.links += 1;
			const [pathPart, anchor] = target.split('#');
			const targetFile = pathPart ? resolve(dirname(join(ROOT, file)), pathPart) : join(ROOT, file);
			const shown = relative(ROOT, targetFile);
			if (!existsSync(targetFile)) problem(`links to ${target}, but ${shown} does not exist`);
			else if (anchor && targetFile.endsWith('.md') && !pageAt(targetFile)?.anchors.has(anchor))
				problem(`links to ${target}, which is not a heading of ${shown}`);
		}
	});
	return findings;
}

function scan() {
	const files = renameScript.trackedTextFiles();
	const checked: Checked = { sections: 0, pages: 0, links: 0, headings: 0 };
	const findings = files.flatMap((file) =>
		findingsIn(file, readFileSync(join(ROOT, file), 'utf8'), checked),
	);
	return { files: files.length, findings, checked };
}

describe('every document the repository cites is in the repository', () => {
	const result = scan();
	const total =
		result.checked.sections + result.checked.pages + result.checked.links + result.checked.headings;

	afterAll(() => {
		process.stdout.write(
			`docs citations: ${total} checked in ${result.files} files (${result.checked.sections} § sections, ` +
				`${result.checked.pages} docs/ page references, ${result.checked.headings} quoted headings, ` +
				`${result.checked.links} markdown links), ${result.findings.length} problems\n`,
		);
	});

	it('finds the citations it is meant to check', () => {
		// A scan that silently read nothing would pass everything.
		expect(result.files).toBeGreaterThan(50);
		expect(result.checked.sections).toBeGreaterThan(100);
		expect(result.checked.pages).toBeGreaterThan(10);
	});

	it('has no citation outside the repository, under an old name, or of a missing page, heading or section', () => {
		expect(result.findings.map((f) => `${f.where}: ${f.problem}`)).toEqual([]);
	});

	it('leaves nothing for scripts/rename-citations.js to rename', () => {
		const left = renameScript
			.trackedTextFiles()
			.filter((file) => renameScript.rewrite(readFileSync(join(ROOT, file), 'utf8')).count > 0);
		expect(left).toEqual([]);
	});
});

describe('the citation checks themselves', () => {
	it('rewrites the old names and the shared folder into docs/ pages, and only those', () => {
		const old = (name: string) => `${name}.md`;
		const text = [
			`(${old(OLD_NAMES[0])} §1.4.3, ${old(OLD_NAMES[1])} "Order")`,
			`see ${'../' + 'shared/'}${old(OLD_NAMES[3])}; ${old(OLD_NAMES[2])}: layers`,
			'README.md and docs/providers.md §2.4 stay as they are',
		].join('\n');
		expect(renameScript.rewrite(text).result).toBe(
			[
				'(docs/providers.md §1.4.3, docs/contract.md "Order")',
				'see docs/toolchain.md; docs/architecture.md: layers',
				'README.md and docs/providers.md §2.4 stay as they are',
			].join('\n'),
		);
		expect(renameScript.rewrite('README.md and docs/providers.md §2.4').count).toBe(0);
	});

	it('reads numbered headings and GitHub anchors from a page', () => {
		const page = pageAt(join(ROOT, 'docs/providers.md'));
		expect(page?.sections.has('1.4.3')).toBe(true);
		expect(page?.sections.has('5.1')).toBe(true);
		expect(page?.sections.has('9.9.9')).toBe(false);
		expect(page?.anchors.has('01-status-model')).toBe(true);
		expect(
			anchorOf('1.4.5 Delivery status: `GET /api/v1/inbox/messages/:messageId/status`', new Map()),
		).toBe('145-delivery-status-get-apiv1inboxmessagesmessageidstatus');
	});

	// Built from parts, so that this file's own scan does not read them as citations.
	const d = 'docs/';
	const S = '§';
	it.each([
		[
			'a path into the shared folder',
			`see ${'../' + 'shared'}/notes.md`,
			'points outside the repository',
		],
		[
			'a seed document',
			`as ${'see' + 'ds'}/inbox-messages-api.txt says`,
			'points outside the repository',
		],
		['an old page name', `(${OLD_NAMES[0]}.md ${S}1.4.3)`, 'run node scripts/rename-citations.js'],
		[
			'a docs/ page that does not exist',
			`(${d}nowhere.md)`,
			`${d}nowhere.md, which does not exist`,
		],
		[
			'an anchor that is not a heading',
			`(${d}providers.md#99-nothing)`,
			'which is not a heading there',
		],
		[
			'a quoted heading that is not one',
			`${d}contract.md "No such part"`,
			'"No such part", which is not a heading there',
		],
		[
			'a bare section that is not one',
			`// ${S}1.4.99: gone`,
			`${d}providers.md ${S}1.4.99, which is not a section there`,
		],
		[
			'a section of a page without numbered sections',
			`${d}contract.md ${S}2`,
			`${d}contract.md ${S}2, which is not a section there`,
		],
		[
			'a section number without §',
			`${d}providers.md 3.9 [ASSUMPTION]`,
			`${d}providers.md 3.9, which is not a section there`,
		],
	])('reports %s', (_what, line, expected) => {
		const findings = findingsIn('bridge/example.ts', `ok\n${line}\n`, {
			sections: 0,
			pages: 0,
			links: 0,
			headings: 0,
		});
		expect(findings).toEqual([
			{ where: 'bridge/example.ts:2', problem: expect.stringContaining(expected) },
		]);
	});

	it('leaves the sections of a standard to the standard', () => {
		const checked = { sections: 0, pages: 0, links: 0, headings: 0 };
		expect(
			findingsIn(
				'bridge/example.ts',
				`// Retry-After (RFC 9110 ${S}10.2.3), then ${S}2.7`,
				checked,
			),
		).toEqual([]);
		expect(
			findingsIn(
				'bridge/example.ts',
				`// Retry-After (RFC 9110 ${S}10.2.3), then ${S}2.77`,
				checked,
			),
		).toHaveLength(1);
	});

	it('reports a markdown link to a missing file or heading', () => {
		const findings = findingsIn(
			`${d}example.md`,
			'[a](providers.md#01-status-model) [b](gone.md) [c](contract.md#nothing)',
			{
				sections: 0,
				pages: 0,
				links: 0,
				headings: 0,
			},
		);
		expect(findings.map((f) => f.problem)).toEqual([
			`links to gone.md, but ${'docs'}/gone.md does not exist`,
			'links to contract.md#nothing, which is not a heading of docs/contract.md',
		]);
	});
});
