'use strict';
/*
 * Headless Chromium (Debian's `chromium` package) driven over the Chrome DevTools Protocol: no npm
 * dependency, no browser download. Needs a global WebSocket, so it runs under Node >= 22 (the e2e cache's
 * Node 24). `screenshot.js` takes PNGs with it; `test/e2e/editor.js` clicks through the editor with `openPage`.
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
	const found = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
		'/usr/bin/google-chrome',
	]
		.filter(Boolean)
		.find((p) => fs.existsSync(p));
	if (!found)
		throw new Error(
			'no Chromium: `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)',
		);
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
			const timer = setTimeout(
				() => reject(new Error(`no ${method} within ${timeoutMs} ms`)),
				timeoutMs,
			);
			listeners.push((message) => {
				if (message.method === method) {
					clearTimeout(timer);
					resolve(message.params);
				}
			});
		});
	const on = (method, handler) =>
		listeners.push((message) => message.method === method && handler(message.params));
	return { send, once, on, close: () => ws.close() };
}

/**
 * A logged-in editor page: `url` opened with `cookie` (name=value) set. Returns helpers that run in the page:
 * `evaluate(expression)` (awaits promises, returns by value), `waitFor(expression, what)` (polls until truthy),
 * `click(selector)`, `mouseClick(selector)`, `insertText(text)`, `press(key)`, `screenshot(file)`, `close()` (also ends Chromium).
 */
async function openPage({ url, cookie, width = 1600, height = 900, timeoutMs = 60000 }) {
	const browser = launch({ width, height });
	try {
		const page = await connectPage(await browser.endpoint);
		await page.send('Page.enable');
		await page.send('Network.enable');
		await page.send('Emulation.setDeviceMetricsOverride', {
			width,
			height,
			deviceScaleFactor: 1,
			mobile: false,
		});
		if (cookie) {
			const [name, ...rest] = cookie.split('=');
			const set = await page.send('Network.setCookie', {
				name,
				value: rest.join('='),
				url: new URL(url).origin,
				httpOnly: true,
			});
			if (set.success === false) throw new Error('Network.setCookie refused the cookie');
		}
		// "Leave site? Changes you made may not be saved" (the editor, when a test moves on): leave. An open
		// dialog blocks the page, and every call into it, until answered.
		page.on('Page.javascriptDialogOpening', () =>
			page.send('Page.handleJavaScriptDialog', { accept: true }).catch(() => {}),
		);
		const evaluate = async (expression) => {
			// A page that is being replaced may never answer: give up after a while rather than hang.
			let timer;
			const answer = Promise.race([
				page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }),
				new Promise(
					(_, reject) =>
						(timer = setTimeout(
							() => reject(new Error('the page did not answer within 20 s')),
							20000,
						)),
				),
			]).finally(() => clearTimeout(timer));
			const { result, exceptionDetails } = await answer;
			if (exceptionDetails)
				throw new Error(
					`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
				);
			return result.value;
		};
		const waitFor = async (expression, what, { timeout = timeoutMs } = {}) => {
			const deadline = Date.now() + timeout;
			for (;;) {
				// While a page loads, its context may be gone for a moment: that is "not yet".
				const value = await evaluate(expression).catch(() => undefined);
				if (value) return value;
				if (Date.now() > deadline)
					throw new Error(`the editor did not show ${what} within ${timeout / 1000} s`);
				await sleep(200);
			}
		};
		/** Loads `target` as a new document: the old one is marked first, so its `complete` state does not count. */
		const goto = async (target) => {
			await evaluate('window.__e2eLeaving = true').catch(() => {});
			await page.send('Page.navigate', { url: target });
			await waitFor(
				`!window.__e2eLeaving && document.readyState === 'complete'`,
				`the page ${target}`,
			);
		};
		await goto(url);
		return {
			evaluate,
			waitFor,
			goto,
			click: (selector) =>
				evaluate(
					`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true; })()`,
				),
			/** A real mouse click in the middle of the first element matching `selector` (Vue Flow ignores el.click()). */
			mouseClick: async (selector) => {
				const box = await evaluate(
					`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
				);
				if (!box) throw new Error(`nothing in the page matches ${selector}`);
				for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
					await page.send('Input.dispatchMouseEvent', {
						type,
						x: box.x,
						y: box.y,
						button: 'left',
						clickCount: type === 'mouseMoved' ? 0 : 1,
					});
				}
			},
			insertText: (text) => page.send('Input.insertText', { text }),
			press: async (key) => {
				const codes = { Enter: 13, Escape: 27, Tab: 9 };
				for (const type of ['keyDown', 'keyUp']) {
					await page.send('Input.dispatchKeyEvent', {
						type,
						key,
						code: key,
						windowsVirtualKeyCode: codes[key],
						nativeVirtualKeyCode: codes[key],
					});
				}
			},
			screenshot: async (out) => {
				const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
				fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
				fs.writeFileSync(out, Buffer.from(data, 'base64'));
				return out;
			},
			close: async () => {
				page.close();
				await browser.close();
			},
		};
	} catch (error) {
		await browser.close();
		throw error;
	}
}

module.exports = { findChromium, launch, connectPage, openPage, sleep };
