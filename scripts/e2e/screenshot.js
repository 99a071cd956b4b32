'use strict';
/*
 * A PNG of a page of a running n8n (e.g. the workflow canvas at /workflow/<id>), taken with headless Chromium
 * (Debian's `chromium` package) over the Chrome DevTools Protocol: no npm dependency, no browser download.
 * Needs a global WebSocket, so it runs under Node >= 22: the e2e cache's Node 24 (n8n.js's
 * N8nInstance.screenshot spawns it), or directly:
 *
 *   <cache>/node/bin/node scripts/e2e/screenshot.js --url http://127.0.0.1:5678/workflow/ID \
 *       --cookie 'n8n-auth=...' --out /tmp/canvas.png [--wait '.vue-flow__node' --count 2] [--width 1600 --height 900]
 *       [--click '<selector>' --then '<selector>' --thenCount N]   # click (e.g. "Execute workflow"), wait for N of `then`
 *
 * Chromium runs as the machine's probe found it works here: --headless --no-sandbox --disable-gpu
 * --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync,
 * a fresh --user-data-dir; its whole process group is killed at the end.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	const found = candidates.filter(Boolean).find((p) => fs.existsSync(p));
	if (!found) throw new Error('no Chromium: `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)');
	return found;
}

function launch({ width, height }) {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-chromium-'));
	const child = spawn(
		findChromium(),
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			// Without a zygote every helper is a child of the browser process, which reaps it on Browser.close
			// (zygote-forked helpers are orphaned to PID 1 and linger as zombies where PID 1 does not reap).
			'--no-zygote',
			'--disable-breakpad',
			'--disable-crash-reporter',
			'--hide-scrollbars',
			`--window-size=${width},${height}`,
			`--user-data-dir=${userDataDir}`,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			'about:blank',
		],
		{ detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	let stderr = '';
	const endpoint = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 30000);
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`Chromium exited (${code}):\n${stderr}`));
		});
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));
	/** Browser.close first (Chromium then reaps its own helpers), SIGKILL the group if it lingers. */
	const close = async () => {
		try {
			const ws = new WebSocket(await endpoint);
			await new Promise((resolve, reject) => {
				ws.onopen = resolve;
				ws.onerror = reject;
			});
			ws.send(JSON.stringify({ id: 1, method: 'Browser.close' }));
			let timer;
			await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
			clearTimeout(timer);
		} catch {
			// not started, or already gone
		}
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone
		}
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { endpoint, close };
}

/** A minimal CDP session on one page target. */
async function connectPage(browserWsUrl) {
	const { port } = new URL(browserWsUrl);
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const page = targets.find((t) => t.type === 'page');
	if (!page) throw new Error('Chromium has no page target');
	const ws = new WebSocket(page.webSocketDebuggerUrl);
	await new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = () => reject(new Error('cannot connect to the DevTools page target'));
	});
	let nextId = 1;
	const pending = new Map();
	const listeners = [];
	ws.onmessage = (event) => {
		const message = JSON.parse(event.data);
		if (message.id && pending.has(message.id)) {
			const { resolve, reject } = pending.get(message.id);
			pending.delete(message.id);
			if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
			else resolve(message.result);
		} else if (message.method) {
			for (const listener of listeners) listener(message);
		}
	};
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject });
			ws.send(JSON.stringify({ id, method, params }));
		});
	const once = (method, timeoutMs) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
			listeners.push((message) => {
				if (message.method === method) {
					clearTimeout(timer);
					resolve(message.params);
				}
			});
		});
	return { send, once, close: () => ws.close() };
}

/**
 * Opens `url` with the cookie set, waits for `count` elements matching `wait` (and the network to calm
 * down), writes a PNG to `out`. Returns { out, bytes, title, found }.
 */
async function screenshot({ url, cookie, out, wait = '.vue-flow__node', count = 1, click, then, thenCount = 1, width = 1600, height = 900, timeoutMs = 60000, settleMs = 1500 }) {
	const browser = launch({ width, height });
	try {
		const page = await connectPage(await browser.endpoint);
		await page.send('Page.enable');
		await page.send('Network.enable');
		await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
		if (cookie) {
			const [name, ...rest] = cookie.split('=');
			const set = await page.send('Network.setCookie', { name, value: rest.join('='), url: new URL(url).origin, httpOnly: true });
			if (set.success === false) throw new Error('Network.setCookie refused the cookie');
		}
		const loaded = page.once('Page.loadEventFired', timeoutMs);
		await page.send('Page.navigate', { url });
		await loaded;
		const countOf = async (selector) =>
			(await page.send('Runtime.evaluate', { expression: `document.querySelectorAll(${JSON.stringify(selector)}).length`, returnByValue: true })).result.value;
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
		let found = await waitFor(wait, count);
		let after;
		if (click && found >= count) {
			// e.g. the editor's "Execute workflow" button, then the nodes' success markers.
			await sleep(settleMs);
			await page.send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(click)})?.click()` });
			if (then) after = await waitFor(then, thenCount);
		}
		await sleep(settleMs);
		const { result: title } = await page.send('Runtime.evaluate', { expression: 'document.title', returnByValue: true });
		const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
		fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
		fs.writeFileSync(out, Buffer.from(data, 'base64'));
		page.close();
		return { out, bytes: Buffer.byteLength(data, 'base64'), title: title.value, found, expected: count, ...(then ? { after, expectedAfter: thenCount } : {}) };
	} finally {
		await browser.close();
	}
}

module.exports = { screenshot, findChromium };

if (require.main === module) {
	const args = process.argv.slice(2);
	const options = {};
	for (let i = 0; i < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
	for (const key of ['count', 'thenCount', 'width', 'height', 'timeoutMs', 'settleMs']) if (options[key]) options[key] = Number(options[key]);
	if (typeof WebSocket === 'undefined') {
		process.stderr.write('screenshot.js needs a global WebSocket (Node >= 22): run it with the e2e cache\'s Node 24\n');
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
