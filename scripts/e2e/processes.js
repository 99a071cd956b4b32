'use strict';
/*
 * Process and folder bookkeeping for the e2e tools: every n8n process group and temp folder they create is
 * recorded here and removed when the orchestrator exits, is interrupted (Ctrl+C, SIGTERM, SIGHUP) or crashes;
 * free loopback ports; sleep.
 */

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// ---------------------------------------------------------------------------------------------------------
// Process bookkeeping: nothing outlives the orchestrator.

const liveGroups = new Set(); // process group ids (= pid of a detached child)
const tempDirs = new Set();

function killGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false; // ESRCH: already gone
	}
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

function cleanupNow() {
	for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
	liveGroups.clear();
	if (process.env.N8N_E2E_KEEP !== '1') {
		for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
		tempDirs.clear();
	}
}

let exitHooksInstalled = false;
let interruptHandler; // async (signal) => exit code: a graceful stop (onInterrupt)
let interrupted = false;
const INTERRUPT_GRACE_MS = 30000;

function installExitHooks() {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', cleanupNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			// A second Ctrl+C while the graceful stop runs: kill everything now.
			if (interrupted || !interruptHandler) {
				process.stderr.write(
					`\n[e2e] ${signal}: killing n8n processes and removing temp folders\n`,
				);
				cleanupNow();
				process.exit(130);
			}
			interrupted = true;
			let timer;
			const giveUp = new Promise((resolve) => {
				timer = setTimeout(() => resolve(130), INTERRUPT_GRACE_MS);
			});
			Promise.race([Promise.resolve().then(() => interruptHandler(signal)), giveUp])
				.catch((error) => {
					process.stderr.write(`[e2e] stopping failed: ${error.message}\n`);
					return 130;
				})
				.then((code) => {
					clearTimeout(timer);
					cleanupNow();
					process.exit(typeof code === 'number' ? code : 130);
				});
		});
	}
}

/**
 * On Ctrl+C (SIGINT), SIGTERM or SIGHUP, runs `handler(signal)` (a graceful stop: n8n, then whatever else the
 * caller started) before the usual clean-up; its return value is the exit code. Without it, or on a second
 * signal, or after 30 s, every n8n process group is killed at once.
 */
function onInterrupt(handler) {
	interruptHandler = handler;
	installExitHooks();
}

function makeTempDir(prefix) {
	installExitHooks();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

function removeTempDir(dir) {
	if (process.env.N8N_E2E_KEEP === '1') return;
	fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portOpen(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = {
	liveGroups,
	killGroup,
	groupAlive,
	cleanupNow,
	onInterrupt,
	makeTempDir,
	removeTempDir,
	freePort,
	portOpen,
	sleep,
	liveProcessGroups: () => [...liveGroups],
};
