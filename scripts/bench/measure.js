'use strict';
/*
 * One benchmark process (run.js starts it under the e2e cache's Node 24 with --expose-gc): n8n 2.41.1's
 * WorkflowExecute in-process, with n8n-core, n8n-workflow, luxon and n8n-nodes-base all loaded from the e2e
 * cache (so the HTTP Request node is the real one, and our package sees the n8n-workflow n8n gives it), the
 * expression engine n8n's CLI starts by default (isolated-vm), and the provider simulator in a child process.
 *
 *   node --expose-gc measure.js --sizes 1000,10000 --runs 5,5 --out results.json   (runs: one count per size)
 *
 * For each size, one conversation of that many messages; per provider the variants run interleaved
 * (ours, HTTP limit=100, HTTP default page, raw loop; then again), after one untimed warm-up round.
 */

const { fork } = require('node:child_process');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = path.join(REPO_ROOT, '.cache', 'bench', 'package');
const HARNESS = path.join(REPO_ROOT, '.cache', 'demo', 'test', 'engine', 'harness.js');
const { paths: e2ePaths } = require('../e2e/setup');
const { verify } = require('./ids');
const { variantsFor } = require('./variants');

const N8N_DIR = e2ePaths().n8nDir;
const N8N_MODULES = path.join(N8N_DIR, 'node_modules');

// What n8n provides to a community package at run time comes from n8n's own tree, not the repo's devDependencies.
const FROM_N8N = /^(n8n-workflow|n8n-core|luxon)(\/.*)?$/;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
	if (FROM_N8N.test(request) && !(parent?.filename ?? '').startsWith(N8N_MODULES)) {
		return resolveFilename.call(this, request, parent, isMain, { ...options, paths: [N8N_DIR] });
	}
	return resolveFilename.call(this, request, parent, isMain, options);
};

function args() {
	const get = (name, fallback) => {
		const at = process.argv.indexOf(`--${name}`);
		return at < 0 ? fallback : process.argv[at + 1];
	};
	return {
		sizes: get('sizes', '1000').split(',').map(Number),
		runs: get('runs', '3').split(',').map(Number),
		out: get('out', ''),
		providers: get('providers', 'noxivo,vobiz,digital99,inbox').split(','),
		engine: get('engine', 'vm'),
		/** Only these variants (ours, http100, httpDefault, raw): for profiling one of them. */
		variants: get('variants', '').split(',').filter(Boolean),
	};
}

function startSimulatorProcess(messages) {
	const child = fork(path.join(__dirname, 'simulator.js'), ['--messages', String(messages)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const waiting = new Map();
	let asked = 0;
	return new Promise((resolve, reject) => {
		child.once('exit', (code) =>
			reject(new Error(`the simulator process exited (${code}) before it was ready`)),
		);
		child.on('message', (message) => {
			if (message.type === 'ready') {
				resolve({
					providers: message.providers,
					/** Requests each provider answered since the last call. */
					requests: () =>
						new Promise((done) => {
							const id = ++asked;
							waiting.set(id, done);
							child.send({ type: 'requests', id });
						}),
					close: () =>
						new Promise((done) => {
							child.removeAllListeners('exit');
							child.once('exit', done);
							child.disconnect();
						}),
				});
			} else if (message.type === 'requests') {
				waiting.get(message.id)?.(message.counts);
				waiting.delete(message.id);
			}
		});
	});
}

async function measure(variant, sim, provider, expected) {
	globalThis.gc();
	globalThis.gc();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	const sampler = setInterval(() => {
		const rss = process.memoryUsage.rss();
		if (rss > peakRss) peakRss = rss;
	}, 5);
	const started = performance.now();
	let output;
	let error;
	try {
		output = await variant.run();
	} catch (e) {
		error = e instanceof Error ? e.message : String(e);
	}
	const ms = performance.now() - started;
	clearInterval(sampler);
	peakRss = Math.max(peakRss, process.memoryUsage.rss());
	globalThis.gc();
	globalThis.gc();
	const heapAfter = process.memoryUsage().heapUsed; // with the run's output (and n8n's run data) still held
	const requests = (await sim.requests())[provider];
	const check = output
		? verify(output.items, output.idOf, expected)
		: { count: 0, unique: 0, allKnown: false, oldestFirst: false, correct: false };
	output = undefined;
	return {
		ms,
		requests,
		peakRssMb: peakRss / 2 ** 20,
		heapBeforeMb: before.heapUsed / 2 ** 20,
		heapAfterMb: heapAfter / 2 ** 20,
		...check,
		error,
	};
}

async function main() {
	const options = args();
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const { Expression } = require('n8n-workflow');
	if (options.engine !== 'legacy') {
		// n8n's CLI default (N8N_EXPRESSION_ENGINE=vm, @n8n/config): expressions run in an isolated-vm isolate.
		await Expression.initExpressionEngine({
			engine: options.engine,
			poolSize: 1,
			maxCodeCacheSize: 1024,
			bridgeTimeout: 5000,
			bridgeMemoryLimit: 128,
		});
	}
	const harness = require(HARNESS);
	const n8nPackage = require(path.join(N8N_MODULES, 'n8n', 'package.json'));
	const results = {
		machine: { node: process.version, n8n: n8nPackage.version, engine: options.engine },
		sizes: [],
	};
	let warmedUp = false;
	for (const [index, size] of options.sizes.entries()) {
		const runCount = options.runs[index] ?? options.runs[options.runs.length - 1];
		const sim = await startSimulatorProcess(size);
		try {
			await sim.requests(); // drop the setup's log
			const sizeResult = { messages: size, providers: {} };
			for (const provider of options.providers) {
				const info = sim.providers[provider];
				const variants = variantsFor(provider, info, {
					harness,
					ourPackage: PACKAGE,
					n8nModules: N8N_MODULES,
				}).filter((v) => options.variants.length === 0 || options.variants.includes(v.key));
				if (!warmedUp)
					for (const variant of variants) await measure(variant, sim, provider, info.expected);
				const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
				for (let run = 0; run < runCount; run++) {
					for (const variant of variants) {
						const result = await measure(variant, sim, provider, info.expected);
						runs[variant.key].push(result);
						process.stderr.write(
							`  ${size} ${provider} ${variant.key} #${run + 1}: ${(result.ms / 1000).toFixed(2)} s, ${result.requests} requests, ${result.count} items${result.correct ? '' : result.unique === result.count && result.allKnown ? ' (ids ok, not oldest first)' : ' (NOT CORRECT)'}${result.error ? ` error: ${result.error}` : ''}\n`,
						);
					}
				}
				sizeResult.providers[provider] = variants.map((v) => ({
					key: v.key,
					label: v.label,
					runs: runs[v.key],
				}));
			}
			warmedUp = true;
			results.sizes.push(sizeResult);
		} finally {
			await sim.close();
		}
	}
	const json = JSON.stringify(results, null, '\t');
	if (options.out) fs.writeFileSync(options.out, json);
	else process.stdout.write(json);
	await Expression.disposeExpressionEngine?.();
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
