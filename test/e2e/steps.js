'use strict';
/*
 * The e2e run's bookkeeping: named steps with timings, and checks that fail with a sentence saying what a
 * user would have seen (expected vs. got).
 */

class CheckFailed extends Error {
	constructor(message, detail) {
		super(message);
		this.name = 'CheckFailed';
		this.detail = detail;
	}
}

function check(condition, message, detail) {
	if (!condition) throw new CheckFailed(message, detail);
}

function show(value) {
	const text = JSON.stringify(value);
	return text && text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** Deep equality through JSON (item values are JSON anyway); the message names `what`. */
function equal(actual, expected, what, detail) {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) {
		throw new CheckFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`, detail);
	}
}

/** A run of named steps: prints `ok  <name> (1.2 s)` per step and remembers which step is running. */
function createRun(prefix) {
	const started = Date.now();
	const timings = [];
	let current = 'start';
	const log = (message) => process.stdout.write(`[${prefix}] ${message}\n`);
	return {
		log,
		detail: (message) => log(`    ${message}`),
		get current() {
			return current;
		},
		async step(name, fn) {
			current = name;
			const t0 = Date.now();
			const value = await fn();
			const ms = Date.now() - t0;
			timings.push([name, ms]);
			log(`ok  ${name} (${(ms / 1000).toFixed(1)} s)`);
			return value;
		},
		elapsed: () => ((Date.now() - started) / 1000).toFixed(1),
		timings: () => timings.slice(),
	};
}

module.exports = { CheckFailed, check, equal, show, createRun };
