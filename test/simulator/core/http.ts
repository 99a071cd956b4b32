import type { IncomingHttpHeaders } from 'node:http';

/** The request and response shapes a provider's routes work with, and the path-pattern router. */

export interface SimRequest {
	method: string;
	/** Path without the query string, e.g. `/api/v1/inbox/chats`. */
	path: string;
	/** Query parameters (the last value wins when a key repeats). */
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** The JSON body; undefined when there is none or it is not JSON (`bodyError` says why). */
	body: unknown;
	bodyError?: string;
	/** Values of the route's `:name` path segments. */
	params: Record<string, string>;
	/** The matched route's name, `GET /conversations/:id/messages`; `unmatched` when no route matched. */
	endpoint: string;
}

export interface SimResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** `/conversations/:id/messages`; a `:name` segment matches one path segment. */
	path: string;
	handle: Handler;
	/** Routes that need no credentials (none of the providers has one today). */
	public?: boolean;
}

interface CompiledRoute extends Route {
	pattern: RegExp;
	names: string[];
}

export class Router {
	private readonly routes: CompiledRoute[];

	constructor(routes: Route[]) {
		this.routes = routes.map((route) => {
			const names: string[] = [];
			const source = route.path
				.split('/')
				.map((segment) => {
					if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
					names.push(segment.slice(1));
					return '([^/]+)';
				})
				.join('/');
			return { ...route, pattern: new RegExp(`^${source}/?$`), names };
		});
	}

	match(
		method: string,
		path: string,
	): { route: Route; params: Record<string, string> } | undefined {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const found = route.pattern.exec(path);
			if (!found) continue;
			const params: Record<string, string> = {};
			route.names.forEach((name, i) => {
				params[name] = decodeURIComponent(found[i + 1]);
			});
			return { route, params };
		}
		return undefined;
	}
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
	return { status, body, ...(headers ? { headers } : {}) };
}

export function header(request: SimRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The JSON body as an object ({} when absent or not an object). */
export function bodyObject(request: SimRequest): Record<string, unknown> {
	const body = request.body;
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as Record<string, unknown>)
		: {};
}

/** A query value as a whole number, `fallback` when absent, NaN when not a whole number. */
export function intParam(value: string | undefined, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	return /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
}
