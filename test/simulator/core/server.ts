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
	/** The last answer each endpoint gave, for `repeatAnswer`. */
	private readonly lastAnswers = new Map<string, SimResponse>();

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
		let wire: Wire = 'answer';
		const applied: string[] = [];
		try {
			request = await readRequest(req);
			const matched = this.router.match(request.method, request.path);
			if (matched) {
				request.params = matched.params;
				request.endpoint = `${matched.route.method} ${matched.route.path}`;
			}
			await this.timers.sleep(this.latencyMs);
			({ response, wire } = await this.answer(
				request,
				matched?.route.public === true,
				matched?.route.handle,
				applied,
			));
		} catch (error) {
			response = this.provider.disturbedResponse({ kind: 'serverError', status: 500 });
			applied.push(`handler threw: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (wire === 'reset') resetConnection(res);
		else this.write(res, response, wire === 'truncate');
		this.log.add({
			provider: this.provider.name,
			endpoint: request?.endpoint ?? 'unreadable',
			method: request?.method ?? req.method ?? '',
			path: request?.path ?? req.url ?? '',
			query: request?.query ?? {},
			headers: req.headers,
			body: request?.body,
			status: wire === 'reset' ? 0 : response.status,
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
	): Promise<{ response: SimResponse; wire: Wire }> {
		if (!handle) return { response: this.provider.notFound(request), wire: 'answer' };
		if (!isPublic) {
			const refused = this.provider.authenticate(request);
			if (refused) return { response: refused, wire: 'answer' };
		}
		let wire: Wire = 'answer';
		for (const disturbance of this.disturbances.take(this.provider.name, request.endpoint)) {
			applied.push(describeDisturbance(disturbance));
			switch (disturbance.kind) {
				case 'slow':
					await this.timers.sleep(disturbance.delayMs);
					break;
				case 'insertMessages':
					this.provider.insertDuringRequest(request, disturbance.count);
					break;
				case 'reset':
					return { response: { status: 0 }, wire: 'reset' };
				case 'echoRequest':
					return {
						response: this.provider.errorAnswer(disturbance.status ?? 400, requestEcho(request)),
						wire: 'answer',
					};
				case 'html200':
					return {
						response: {
							status: 200,
							body: PROXY_ERROR_PAGE,
							headers: { 'Content-Type': 'text/html; charset=utf-8' },
						},
						wire: 'answer',
					};
				case 'resetAfterProcessing':
					wire = 'reset';
					break;
				case 'truncatedJson':
					wire = 'truncate';
					break;
				case 'repeatAnswer': {
					const previous = this.lastAnswers.get(request.endpoint);
					if (previous) return { response: previous, wire };
					break;
				}
				default:
					return { response: this.provider.disturbedResponse(disturbance), wire: 'answer' };
			}
		}
		const response = await handle(request);
		this.lastAnswers.set(request.endpoint, response);
		return { response, wire };
	}

	/** Writes the answer; `truncated` sends only the first half of the body, with a Content-Length to match. */
	private write(res: ServerResponse, response: SimResponse, truncated = false): void {
		const headers: Record<string, string> = { ...response.headers };
		let payload: string | Buffer = '';
		if (response.body !== undefined) {
			payload =
				typeof response.body === 'string' || Buffer.isBuffer(response.body)
					? response.body
					: JSON.stringify(response.body);
			headers['Content-Type'] ??= 'application/json; charset=utf-8';
		}
		if (truncated) payload = payload.slice(0, Math.floor(payload.length / 2));
		headers['Content-Length'] = String(Buffer.byteLength(payload));
		if (res.destroyed) return;
		res.writeHead(response.status, headers);
		res.end(payload);
	}
}

/** How an answer leaves: whole, cut in half, or not at all (the connection is reset). */
type Wire = 'answer' | 'truncate' | 'reset';

/** A TCP reset (RST), as a crashed process or a dropping load balancer gives: the client reads ECONNRESET. */
function resetConnection(res: ServerResponse): void {
	const socket = res.socket;
	if (!socket || socket.destroyed) return;
	socket.resetAndDestroy();
}

/** The request as a careless error message repeats it: as received, upper-cased, URL-encoded and base64. */
function requestEcho(request: SimRequest): string {
	const seen = JSON.stringify({
		headers: request.headers,
		query: request.query,
		body: request.rawBody,
	});
	const form = new URLSearchParams({ ...flatHeaders(request), body: request.rawBody }).toString();
	const base64 = Buffer.from(seen).toString('base64');
	const base64url = Buffer.from(seen).toString('base64url');
	return `Rejected request ${request.method} ${request.path}: ${seen}; ${seen.toUpperCase()}; form ${form}; trace ${base64}; ref ${base64url}`;
}

function flatHeaders(request: SimRequest): Record<string, string> {
	return Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [
			name,
			Array.isArray(value) ? value.join(', ') : String(value ?? ''),
		]),
	);
}

/** What a reverse proxy in front of the provider answers when the upstream fails, with status 200. */
const PROXY_ERROR_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n<body><h1>Service temporarily unavailable</h1>\n<p>The upstream server did not answer. Please try again in a few moments.</p>\n<hr><address>nginx</address></body></html>\n';

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
