import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { describeDisturbance, type Disturbances } from './disturbances';
import { Router, type SimRequest, type SimResponse } from './http';
import type { ProviderSimulator } from './provider';
import type { RequestLog } from './requestLog';
import type { Timers } from './timers';

/** One provider's HTTP server on loopback (node:http, no framework): parse, disturb, route, answer, log. */

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export class ProviderServer {
	private readonly server: Server;
	private readonly router: Router;

	constructor(
		private readonly provider: ProviderSimulator,
		private readonly log: RequestLog,
		private readonly disturbances: Disturbances,
		private readonly timers: Timers,
		private readonly latencyMs: number,
	) {
		this.router = new Router(provider.routes());
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 1000;
	}

	/** Listens on 127.0.0.1 (port 0: a free one); resolves with the port. */
	listen(port: number): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve((this.server.address() as AddressInfo).port);
			});
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			if (!this.server.listening) return resolve();
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		let request: SimRequest | undefined;
		let response: SimResponse;
		const applied: string[] = [];
		try {
			request = await readRequest(req);
			const matched = this.router.match(request.method, request.path);
			if (matched) {
				request.params = matched.params;
				request.endpoint = `${matched.route.method} ${matched.route.path}`;
			}
			await this.timers.sleep(this.latencyMs);
			response = await this.answer(request, matched?.route.public === true, matched?.route.handle, applied);
		} catch (error) {
			response = this.provider.disturbedResponse({ kind: 'serverError', status: 500 });
			applied.push(`handler threw: ${error instanceof Error ? error.message : String(error)}`);
		}
		this.write(res, response);
		this.log.add({
			provider: this.provider.name,
			endpoint: request?.endpoint ?? 'unreadable',
			method: request?.method ?? req.method ?? '',
			path: request?.path ?? req.url ?? '',
			query: request?.query ?? {},
			headers: req.headers,
			body: request?.body,
			status: response.status,
			responseBody: response.body,
			disturbance: applied.length > 0 ? applied.join(', ') : null,
			receivedAt,
			durationMs: Date.now() - receivedAt,
		});
	}

	private async answer(
		request: SimRequest,
		isPublic: boolean,
		handle: ((r: SimRequest) => SimResponse | Promise<SimResponse>) | undefined,
		applied: string[],
	): Promise<SimResponse> {
		if (!handle) return this.provider.notFound(request);
		if (!isPublic) {
			const refused = this.provider.authenticate(request);
			if (refused) return refused;
		}
		for (const disturbance of this.disturbances.take(this.provider.name, request.endpoint)) {
			applied.push(describeDisturbance(disturbance));
			if (disturbance.kind === 'slow') await this.timers.sleep(disturbance.delayMs);
			else if (disturbance.kind === 'insertMessages') this.provider.insertDuringRequest(request, disturbance.count);
			else return this.provider.disturbedResponse(disturbance);
		}
		return await handle(request);
	}

	private write(res: ServerResponse, response: SimResponse): void {
		const headers: Record<string, string> = { ...response.headers };
		let payload: string | Buffer = '';
		if (response.body !== undefined) {
			payload = typeof response.body === 'string' || Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body);
			headers['Content-Type'] ??= 'application/json; charset=utf-8';
		}
		headers['Content-Length'] = String(Buffer.byteLength(payload));
		if (res.destroyed) return;
		res.writeHead(response.status, headers);
		res.end(payload);
	}
}

async function readRequest(req: IncomingMessage): Promise<SimRequest> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	const rawBody = Buffer.concat(chunks).toString('utf8');
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	let body: unknown;
	let bodyError: string | undefined;
	if (rawBody.trim() !== '') {
		try {
			body = JSON.parse(rawBody) as unknown;
		} catch (error) {
			bodyError = error instanceof Error ? error.message : 'not JSON';
		}
	}
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: Object.fromEntries(url.searchParams.entries()),
		headers: req.headers,
		rawBody,
		body,
		...(bodyError ? { bodyError } : {}),
		params: {},
		endpoint: 'unmatched',
	};
}
