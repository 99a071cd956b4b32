'use strict';
/*
 * A PNG of a page of a running n8n (e.g. the workflow canvas at /workflow/<id>), taken with headless Chromium
 * through browser.js. Needs a global WebSocket, so it runs under Node >= 22: the e2e cache's Node 24 (n8n.js's
 * N8nInstance.screenshot spawns it), or directly:
 *
 *   <cache>/node/bin/node scripts/e2e/screenshot.js --url http://127.0.0.1:5678/workflow/ID \
 *       --cookie 'n8n-auth=...' --out /tmp/canvas.png [--wait '.vue-flow__node' --count 2] [--width 1600 --height 900]
 *       [--click '<selector>' --then '<selector>' --thenCount N]   # click (e.g. "Execute workflow"), wait for N of `then`
 */

const fs = require('node:fs');

const { findChromium, openPage, sleep } = require('./browser');

/**
 * Opens `url` with the cookie set (browser.js's openPage), waits for `count` elements matching `wait` (and
 * the network to calm down), writes a PNG to `out`. Returns { out, bytes, title, found }.
 */
async function screenshot({
	url,
	cookie,
	out,
	wait = '.vue-flow__node',
	count = 1,
	click,
	then,
	thenCount = 1,
	width = 1600,
	height = 900,
	timeoutMs = 60000,
	settleMs = 1500,
}) {
	const page = await openPage({ url, cookie, width, height, timeoutMs });
	try {
		const countOf = async (selector) =>
			(await page
				.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`)
				.catch(() => 0)) ?? 0;
		/** Polls until `n` elements match `selector` (or the deadline: the picture then shows what went wrong). */
		const waitFor = async (selector, n) => {
			const deadline = Date.now() + timeoutMs;
			let seen = await countOf(selector);
			while (seen < n && Date.now() < deadline) {
				await sleep(250);
				seen = await countOf(selector);
			}
			return seen;
		};
		const found = await waitFor(wait, count);
		let after;
		if (click && found >= count) {
			// e.g. the editor's "Execute workflow" button, then the nodes' success markers.
			await sleep(settleMs);
			await page.click(click);
			if (then) after = await waitFor(then, thenCount);
		}
		await sleep(settleMs);
		const title = await page.evaluate('document.title');
		await page.screenshot(out);
		return {
			out,
			bytes: fs.statSync(out).size,
			title,
			found,
			expected: count,
			...(then ? { after, expectedAfter: thenCount } : {}),
		};
	} finally {
		await page.close();
	}
}

module.exports = { screenshot, findChromium };

if (require.main === module) {
	const args = process.argv.slice(2);
	const options = {};
	for (let i = 0; i < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
	for (const key of ['count', 'thenCount', 'width', 'height', 'timeoutMs', 'settleMs'])
		if (options[key]) options[key] = Number(options[key]);
	if (typeof WebSocket === 'undefined') {
		process.stderr.write(
			"screenshot.js needs a global WebSocket (Node >= 22): run it with the e2e cache's Node 24\n",
		);
		process.exit(2);
	}
	screenshot(options).then(
		(result) => process.stdout.write(`${JSON.stringify(result)}\n`),
		(error) => {
			process.stderr.write(`screenshot failed: ${error.message}\n`);
			process.exit(1);
		},
	);
}
