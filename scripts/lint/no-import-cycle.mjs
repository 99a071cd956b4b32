// @ts-check
/**
 * ESLint rule `local/no-import-cycle`: a file must not reach itself through its relative imports (type-only
 * imports included: a cycle of types is still two files that cannot be read apart). The import graph is read
 * from the files' text once per lint run, so the rule costs a few milliseconds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/** @type {Map<string, string[]>} */
const importsOf = new Map();

/** @param {string} from @param {string} spec */
function resolveImport(from, spec) {
	const base = resolve(dirname(from), spec);
	for (const candidate of [`${base}.ts`, `${base}/index.ts`])
		if (existsSync(candidate)) return candidate;
	return null;
}

/** @param {string} file */
function edges(file) {
	let found = importsOf.get(file);
	if (found) return found;
	found = [];
	const text = readFileSync(file, 'utf8');
	for (const match of text.matchAll(IMPORT)) {
		const target = resolveImport(file, match[1]);
		if (target) found.push(target);
	}
	importsOf.set(file, found);
	return found;
}

/** The shortest import path from `start` back to itself, or null. @param {string} start */
function cycleThrough(start) {
	/** @type {Map<string, string | null>} */
	const cameFrom = new Map([[start, null]]);
	const queue = [start];
	while (queue.length > 0) {
		const file = /** @type {string} */ (queue.shift());
		for (const next of edges(file)) {
			if (next === start) {
				const path = [file];
				for (let at = cameFrom.get(file); at; at = cameFrom.get(at)) path.unshift(at);
				return [...path, start];
			}
			if (!cameFrom.has(next)) {
				cameFrom.set(next, file);
				queue.push(next);
			}
		}
	}
	return null;
}

export const noImportCycle = {
	meta: {
		type: 'problem',
		messages: {
			cycle:
				'Import cycle: {{path}}. Move what both files need into a third one (docs/architecture.md).',
		},
		schema: [],
	},
	/** @param {any} context */
	create(context) {
		return {
			/** @param {any} node */
			Program(node) {
				const file = context.filename;
				if (!file.endsWith('.ts')) return;
				const cycle = cycleThrough(file);
				if (cycle)
					context.report({
						node,
						messageId: 'cycle',
						data: { path: cycle.map((f) => relative(process.cwd(), f)).join(' → ') },
					});
			},
		};
	},
};
