/**
 * The bridge never does I/O itself (docs/architecture.md): it describes requests and reads responses. Inside n8n a
 * Transport is n8n's own request machinery; tests and tools outside n8n hand in one of their own.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Path relative to the credential's base URL, starting with '/'. */
	path: string;
	qs?: Record<string, string | number | boolean>;
	body?: Record<string, unknown>;
	headers?: Record<string, string>;
	/**
	 * Repeating it could repeat what it does (a send without an idempotency key): it is retried only when the
	 * provider cannot have processed it. Absent: safe to repeat.
	 */
	unsafeToRepeat?: boolean;
	/** Told of each answer worth another try (a 429, a 503, a reset), retried or not: pages are then read one at a time. */
	onTransient?(): void;
}

export interface HttpResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

/** Sends one request and resolves with the response whatever its status code; rejects only on transport failure. */
export interface Transport {
	(request: HttpRequest): Promise<HttpResponse>;
	/**
	 * Waits until the requests just made are on their way (n8n's request helpers open the connection and write
	 * on later turns of the event loop), so that work done next overlaps the provider's answering. Absent: no wait.
	 */
	letRequestsLeave?(): Promise<void>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function header(response: HttpResponse, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(response.headers ?? {})) {
		if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}
