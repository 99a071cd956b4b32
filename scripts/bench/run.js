#!/usr/bin/env node
'use strict';
/*
 * `npm run bench`: WhatsApp Messages (Return All) against n8n's own HTTP Request node and a raw fetch loop,
 * over the provider simulator, in a real n8n 2.41.1 engine under the e2e cache's Node 24 (docs/benchmarks.md).
 *
 *   npm run bench                      # 1k, 10k, 100k messages; 5, 5, 3 interleaved runs
 *   npm run bench -- --quick           # 1k and 10k, 3 runs each (under 2 minutes)
 *   npm run bench -- --sizes 100000 --runs 3 --providers noxivo,inbox
 *   npm run bench -- --write           # also put the tables into docs/benchmarks.md
 *   npm run bench -- --engine legacy   # n8n's legacy expression engine instead of the CLI's default (vm)
 *
 * Needs `npm run e2e:setup` (Node 24 + n8n 2.41.1 in a cache folder); not part of .ci/run.
 */

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { isReady, paths: e2ePaths } = require('../e2e/setup');
const { renderReport } = require('./report');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const RESULTS = path.join(REPO_ROOT, '.cache', 'bench', 'results.json');

function option(name) {
	const at = process.argv.indexOf(`--${name}`);
	return at < 0 ? undefined : process.argv[at + 1];
}

function compile() {
	const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
	for (const tscArgs of [
		['-p', 'tsconfig.build.json', '--outDir', path.join('.cache', 'bench', 'package')],
		['-p', 'tsconfig.demo.json'],
	]) {
		process.stderr.write(`bench: tsc ${tscArgs.join(' ')}\n`);
		const result = spawnSync(tsc, tscArgs, { cwd: REPO_ROOT, encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`tsc ${tscArgs.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	}
}

function machine() {
	const cpus = os.cpus();
	return {
		cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		loadAverage: os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' '),
		os: `${os.type()} ${os.release()}`,
	};
}

async function main() {
	const quick = process.argv.includes('--quick');
	const sizes = option('sizes') ?? (quick ? '1000,10000' : '1000,10000,100000');
	const runs = option('runs') ?? (quick ? '3' : '5,5,3');
	const providers = option('providers') ?? 'noxivo,vobiz,digital99,inbox';
	const engine = option('engine') ?? 'vm';
	const p = e2ePaths();
	if (!isReady(p))
		throw new Error(
			'bench: the e2e cache (Node 24 + n8n 2.41.1) is not ready: run `npm run e2e:setup` first',
		);
	compile();

	const before = machine();
	fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
	const started = Date.now();
	const measureArgs = [
		'--expose-gc',
		path.join(__dirname, 'measure.js'),
		'--sizes',
		sizes,
		'--runs',
		runs,
		'--providers',
		providers,
		'--engine',
		engine,
		'--out',
		RESULTS,
	];
	const child = spawn(p.nodeBin, measureArgs, {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	const code = await new Promise((resolve) => child.on('exit', resolve));
	if (code !== 0) throw new Error(`bench: the measuring process failed (exit ${code})`);

	const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
	const given = process.argv.slice(2).filter((a) => a !== '--write');
	const command = ['npm run bench', ...(given.length > 0 ? ['--', ...given] : [])].join(' ');
	results.machine = {
		...results.machine,
		...before,
		loadAverageAfter: machine().loadAverage,
		minutes: ((Date.now() - started) / 60_000).toFixed(1),
		command,
		date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
	};
	const report = renderReport(results);
	process.stdout.write(`\n${report}\n`);
	if (process.argv.includes('--write')) writeDoc(report);
}

const START = '<!-- bench:results -->';
const END = '<!-- /bench:results -->';

/** Replaces the generated block of docs/benchmarks.md (between the markers), keeping the prose around it. */
function writeDoc(report) {
	const text = fs.existsSync(DOC)
		? fs.readFileSync(DOC, 'utf8')
		: `# Benchmarks\n\n${START}\n${END}\n`;
	const from = text.indexOf(START);
	const to = text.indexOf(END);
	if (from < 0 || to < from)
		throw new Error(`bench: ${DOC} has no ${START} … ${END} block to fill`);
	fs.writeFileSync(DOC, `${text.slice(0, from + START.length)}\n${report}\n${text.slice(to)}`);
	process.stderr.write(`bench: wrote the tables into ${path.relative(REPO_ROOT, DOC)}\n`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
