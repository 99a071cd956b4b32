'use strict';
/*
 * A small loopback load balancer for n8n's webhook processes, as a user runs one in front of them in queue
 * mode: each request goes to the next backend in turn (round robin), so a provider's redelivery right after
 * a delivery lands on the other process. Every request is logged with the backend that answered it.
 *
 *   const proxy = await startRoundRobinProxy([{ name: 'webhook-1', port: 5701 }, { name: 'webhook-2', port: 5702 }]);
 *   proxy.baseUrl; proxy.requests; await proxy.close();
 */

const http = require('node:http');

async function startRoundRobinProxy(backends, { port = 0 } = {}) {
	let next = 0;
	const requests = [];
	const server = http.createServer((req, res) => {
		const backend = backends[next];
		next = (next + 1) % backends.length;
		const entry = {
			backend: backend.name,
			method: req.method,
			path: req.url,
			status: undefined,
			at: Date.now(),
		};
		requests.push(entry);
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: backend.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress },
			},
			(answer) => {
				entry.status = answer.statusCode;
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			entry.status = 502;
			entry.error = error.message;
			if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
			res.end(`proxy: ${backend.name} did not answer (${error.message})`);
		});
		req.pipe(upstream);
	});
	server.keepAliveTimeout = 1000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const actualPort = server.address().port;
	return {
		port: actualPort,
		baseUrl: `http://127.0.0.1:${actualPort}`,
		requests,
		/** Makes `name` the backend of the next request (a test pins a redelivery to the other process). */
		routeNextTo(name) {
			const at = backends.findIndex((b) => b.name === name);
			if (at < 0) throw new Error(`no backend ${name}`);
			next = at;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startRoundRobinProxy };
