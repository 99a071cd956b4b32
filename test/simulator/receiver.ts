import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 for tests and the demo: records every POST (headers and raw body) and
 * answers with the statuses it is told to (200 by default), so retries can be provoked.
 */

export interface ReceivedWebhook {
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
	body: unknown;
	receivedAt: number;
}

export class WebhookReceiver {
	readonly received: ReceivedWebhook[] = [];
	/** Status codes to answer with, in order; once used up, 200. */
	readonly answers: number[] = [];
	private readonly server: Server;
	private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
	url = '';

	constructor() {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const rawBody = Buffer.concat(chunks).toString('utf8');
				let body: unknown;
				try {
					body = JSON.parse(rawBody) as unknown;
				} catch {
					body = undefined;
				}
				this.received.push({
					path: req.url ?? '/',
					headers: req.headers,
					rawBody,
					body,
					receivedAt: Date.now(),
				});
				res.writeHead(this.answers.shift() ?? 200, { 'Content-Type': 'application/json' });
				res.end('{"ok":true}');
				for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) {
					this.waiters.splice(this.waiters.indexOf(waiter), 1);
					waiter.resolve();
				}
			});
		});
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
		return this;
	}

	/** Resolves once `count` webhooks have arrived in all; rejects after `timeoutMs`. */
	waitFor(count: number, timeoutMs = 5000): Promise<void> {
		if (this.received.length >= count) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					reject(
						new Error(
							`only ${this.received.length} of ${count} webhooks arrived within ${timeoutMs} ms`,
						),
					),
				timeoutMs,
			);
			this.waiters.push({
				count,
				resolve: () => {
					clearTimeout(timer);
					resolve();
				},
			});
		});
	}

	bodies<T = Record<string, unknown>>(): T[] {
		return this.received.map((r) => r.body as T);
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}
