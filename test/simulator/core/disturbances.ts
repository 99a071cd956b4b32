import type { ProviderName } from './types';

/**
 * Switches for what real services and the network between do to clients, applied to chosen requests: rate
 * limiting with Retry-After, server errors, the provider's own error answer, slow answers, dropped
 * connections (before or after the provider processed the request), a proxy's HTML page, a cut-off body,
 * new messages arriving while a client pages, and a page repeated whatever cursor is asked for.
 */

export type Disturbance =
	/** HTTP 429 with `Retry-After: <seconds>`, the body in the provider's error shape. */
	| { kind: 'rateLimit'; retryAfterSeconds?: number }
	/** A 5xx in the provider's error shape. */
	| { kind: 'serverError'; status?: 500 | 502 | 503 | 504 }
	/** The provider's own business error (99digital: HTTP 200 with `status: "FAIL"`); see each provider. */
	| { kind: 'providerError' }
	/** Answer normally, after a delay. */
	| { kind: 'slow'; delayMs: number }
	/** The connection is reset before the provider sees the request: nothing is processed (ECONNRESET). */
	| { kind: 'reset' }
	/** The provider processes the request (a send is stored, its webhooks go out), then the connection is reset unanswered. */
	| { kind: 'resetAfterProcessing' }
	/** HTTP 200 with a proxy's HTML error page (`text/html`); the provider never sees the request. */
	| { kind: 'html200' }
	/** The provider processes the request; its JSON answer arrives cut in half (Content-Length of what is sent). */
	| { kind: 'truncatedJson' }
	/**
	 * An error (default HTTP 400) in the provider's shape whose message repeats the request it got: headers
	 * and body as received, upper-cased, URL-encoded and base64 (standard and url-safe), as a debugging gateway
	 * or a careless validation error does. The handler is not run. A leak test for the client's masking.
	 */
	| { kind: 'echoRequest'; status?: number }
	/** Before answering, `count` new inbound messages arrive in the conversation the request reads. */
	| { kind: 'insertMessages'; count: number }
	/** The answer the previous request to this endpoint got, again: a server that ignores the cursor it was given. */
	| { kind: 'repeatAnswer' };

export interface DisturbanceRule {
	provider: ProviderName;
	/** Only requests to this endpoint (the route name of the request log); every endpoint when absent. */
	endpoint?: string;
	/** Let this many matching requests through untouched first (default 0). */
	skip?: number;
	/** Then disturb this many (default 1; `Infinity` for every one after). */
	times?: number;
	disturbance: Disturbance;
}

interface ActiveRule {
	rule: DisturbanceRule;
	seen: number;
	fired: number;
}

export class Disturbances {
	private readonly rules: ActiveRule[] = [];

	add(rule: DisturbanceRule): { remove(): void } {
		const active: ActiveRule = { rule, seen: 0, fired: 0 };
		this.rules.push(active);
		return {
			remove: () => {
				const at = this.rules.indexOf(active);
				if (at >= 0) this.rules.splice(at, 1);
			},
		};
	}

	/** The disturbances that fire for this request, counting it against every matching rule. */
	take(provider: ProviderName, endpoint: string): Disturbance[] {
		const firing: Disturbance[] = [];
		for (const active of this.rules) {
			const { rule } = active;
			if (rule.provider !== provider || (rule.endpoint !== undefined && rule.endpoint !== endpoint))
				continue;
			active.seen++;
			if (active.seen <= (rule.skip ?? 0) || active.fired >= (rule.times ?? 1)) continue;
			active.fired++;
			firing.push(rule.disturbance);
		}
		return firing;
	}

	clear(): void {
		this.rules.length = 0;
	}
}

export function describeDisturbance(d: Disturbance): string {
	switch (d.kind) {
		case 'rateLimit':
			return `rateLimit(${d.retryAfterSeconds ?? 1}s)`;
		case 'serverError':
			return `serverError(${d.status ?? 500})`;
		case 'slow':
			return `slow(${d.delayMs}ms)`;
		case 'echoRequest':
			return `echoRequest(${d.status ?? 400})`;
		case 'insertMessages':
			return `insertMessages(${d.count})`;
		default:
			return d.kind;
	}
}
