import type { IncomingHttpHeaders } from 'node:http';

import type { ProviderName } from './types';

/** Every request the simulator answered, in order, and counts per endpoint (for tests and benchmarks). */

export interface LoggedRequest {
	/** Order across all providers of one simulator. */
	seq: number;
	provider: ProviderName;
	/** The matched route, e.g. `GET /conversations/:id/messages`; `unmatched` for a 404 on an unknown path. */
	endpoint: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: unknown;
	/** The status answered; 0 when the connection was reset instead (`reset`, `resetAfterProcessing`). */
	status: number;
	/** The body answered (for `resetAfterProcessing`: the one the provider produced and never sent). */
	responseBody: unknown;
	/** Which disturbances (429, 5xx, provider error, slow, reset, HTML page, cut-off body, inserted messages) hit it, if any. */
	disturbance: string | null;
	receivedAt: number;
	durationMs: number;
}

export class RequestLog {
	private readonly entries: LoggedRequest[] = [];

	add(entry: Omit<LoggedRequest, 'seq'>): void {
		this.entries.push({ ...entry, seq: this.entries.length + 1 });
	}

	/** Logged requests, optionally of one provider and/or one endpoint. */
	list(filter: { provider?: ProviderName; endpoint?: string } = {}): LoggedRequest[] {
		return this.entries.filter(
			(e) =>
				(filter.provider === undefined || e.provider === filter.provider) &&
				(filter.endpoint === undefined || e.endpoint === filter.endpoint),
		);
	}

	/** Requests per endpoint, e.g. `{ 'GET /conversations/:id/messages': 20 }`. */
	counts(provider?: ProviderName): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const e of this.list({ provider })) counts[e.endpoint] = (counts[e.endpoint] ?? 0) + 1;
		return counts;
	}

	clear(): void {
		this.entries.length = 0;
	}
}
