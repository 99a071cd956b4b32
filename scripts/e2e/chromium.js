'use strict';
/*
 * Headless Chromium for the editor screenshot: Debian's `chromium` package (no browser download). When it
 * is missing and this runs as root with apt-get, installs it; otherwise says how.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium() {
	return [process.env.CHROMIUM_PATH, ...CANDIDATES].filter(Boolean).find((p) => fs.existsSync(p));
}

function ensureChromium({ log = () => {} } = {}) {
	const found = findChromium();
	if (found) return found;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
	if (!isRoot || !hasApt) {
		throw new Error(
			"no Chromium: install Debian's package (`sudo apt-get update && sudo apt-get install -y chromium`) or set CHROMIUM_PATH",
		);
	}
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		log(`$ apt-get ${args.join(' ')}`);
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
	const installed = findChromium();
	if (!installed)
		throw new Error('apt-get installed chromium, but no binary is at /usr/bin/chromium');
	return installed;
}

module.exports = { findChromium, ensureChromium };
