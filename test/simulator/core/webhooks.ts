import { createHmac } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { Timers } from './timers';
import type { ProviderName } from './types';

/** Outgoing webhooks: POSTs a body to a URL, retrying on the provider's schedule, and keeps a log of every attempt. */

export interface RetryPolicy {
	/** Waits before each retry after a failed attempt, in real-service milliseconds; its length = number of retries. */
	retryDelaysMs: readonly number[];
	/** How long one attempt may take before it counts as failed. */
	timeoutMs: number;
	/** Which answers count as received (default: any 2xx). */
	accepts?: (status: number) => boolean;
}

export interface WebhookAttempt {
	attempt: number;
	startedAt: number;
	/** The receiver's HTTP status, or null when it could not be reached or timed out. */
	status: number | null;
	error: string | null;
}

export interface WebhookDelivery {
	id: number;
	provider: ProviderName;
	event: string;
	url: string;
	headers: Record<string, string>;
	/** The exact bytes sent (and signed). */
	body: string;
	attempts: WebhookAttempt[];
	state: 'pending' | 'delivered' | 'failed';
	/** Resolves when delivered, given up, or the simulator closes. */
	settled: Promise<WebhookDelivery>;
}

export interface OutgoingWebhook {
	provider: ProviderName;
	event: string;
	url: string;
	body: string;
	headers: Record<string, string>;
	policy: RetryPolicy;
}

/** Hex HMAC-SHA256 of the raw body (Vobiz `X-Webhook-Signature` §2.5, inbox `X-Signature` §4.3.5). */
export function hmacHex(secret: string, rawBody: string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export class WebhookSender {
	private readonly log: WebhookDelivery[] = [];
	private readonly inFlight = new Set<ClientRequest>();
	private readonly unsettled = new Set<() => void>();
	private closed = false;

	/** `timeScale` shrinks every retry wait (0.001 turns the 99digital 5-minute retry into 300 ms). */
	constructor(
		private readonly timers: Timers,
		private readonly timeScale: number,
	) {}

	send(webhook: OutgoingWebhook): WebhookDelivery {
		let settle!: () => void;
		const delivery: WebhookDelivery = {
			id: this.log.length + 1,
			provider: webhook.provider,
			event: webhook.event,
			url: webhook.url,
			headers: webhook.headers,
			body: webhook.body,
			attempts: [],
			state: 'pending',
			settled: undefined as unknown as Promise<WebhookDelivery>,
		};
		delivery.settled = new Promise((resolve) => {
			settle = () => {
				this.unsettled.delete(settle);
				resolve(delivery);
			};
		});
		this.unsettled.add(settle);
		this.log.push(delivery);
		void this.attempt(delivery, webhook.policy, settle);
		return delivery;
	}

	deliveries(provider?: ProviderName): WebhookDelivery[] {
		return this.log.filter((d) => provider === undefined || d.provider === provider);
	}

	/** Resolves once every delivery so far is delivered or given up. */
	async idle(): Promise<void> {
		await Promise.all(this.log.map((d) => d.settled));
	}

	close(): void {
		this.closed = true;
		for (const request of this.inFlight) request.destroy();
		for (const settle of [...this.unsettled]) settle();
	}

	private async attempt(
		delivery: WebhookDelivery,
		policy: RetryPolicy,
		settle: () => void,
	): Promise<void> {
		if (this.closed) return settle();
		const attempt: WebhookAttempt = {
			attempt: delivery.attempts.length + 1,
			startedAt: Date.now(),
			status: null,
			error: null,
		};
		delivery.attempts.push(attempt);
		try {
			attempt.status = await this.post(delivery, policy.timeoutMs);
		} catch (error) {
			attempt.error = error instanceof Error ? error.message : String(error);
		}
		const accepts = policy.accepts ?? ((status: number) => status >= 200 && status < 300);
		if (attempt.status !== null && accepts(attempt.status)) {
			delivery.state = 'delivered';
			return settle();
		}
		const wait = policy.retryDelaysMs[delivery.attempts.length - 1];
		if (wait === undefined || this.closed) {
			delivery.state = 'failed';
			return settle();
		}
		this.timers.after(wait * this.timeScale, () => void this.attempt(delivery, policy, settle));
	}

	private post(delivery: WebhookDelivery, timeoutMs: number): Promise<number> {
		return new Promise((resolve, reject) => {
			const url = new URL(delivery.url);
			const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
			const request = send(url, {
				method: 'POST',
				agent: false,
				headers: {
					...delivery.headers,
					'Content-Length': String(Buffer.byteLength(delivery.body)),
				},
			});
			this.inFlight.add(request);
			request.setTimeout(timeoutMs, () =>
				request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
			);
			request.on('response', (response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
			});
			request.on('error', reject);
			request.on('close', () => this.inFlight.delete(request));
			request.end(delivery.body);
		});
	}
}
