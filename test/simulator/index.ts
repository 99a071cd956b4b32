import { SimClock } from './core/clock';
import { Disturbances, type DisturbanceRule } from './core/disturbances';
import type { CredentialData, ProviderSimulator, SimContext } from './core/provider';
import { RequestLog, type LoggedRequest } from './core/requestLog';
import { DEFAULT_SEED, type SeedOptions } from './core/seed';
import { ProviderServer } from './core/server';
import { Timers } from './core/timers';
import { PROVIDER_NAMES, type ProviderName } from './core/types';
import { WebhookSender, type WebhookDelivery } from './core/webhooks';
import { Digital99Simulator, type Digital99Options } from './providers/digital99';
import { InboxSimulator, type InboxOptions } from './providers/inbox';
import { NoxivoSimulator, type NoxivoOptions } from './providers/noxivo';
import { VobizSimulator, type VobizOptions } from './providers/vobiz';

/**
 * The provider simulator: the four providers of docs/providers.md as real HTTP servers on 127.0.0.1, one port
 * each, over seeded deterministic data.
 *
 *   const sim = await startSimulator({ seed: { chats: 3, messagesPerChat: 2000 } });
 *   sim.credentials('vobiz')           // an n8n credential pointing at it
 *   sim.disturb({ provider: 'vobiz', disturbance: { kind: 'rateLimit', retryAfterSeconds: 2 } });
 *   sim.requestCounts('vobiz')         // { 'GET /api/v1/messaging/conversations/:id/messages': 20 }
 *   sim.deliveryCounts('vobiz')        // { '919812345678': 1 }: messages each recipient was sent
 *   await sim.close();
 */

export interface SimulatorOptions {
	/** History size and shape (default: seed 1, 6 chats × 240 messages, one minute apart, ending 2026-03-17T14:20:00Z). */
	seed?: Partial<SeedOptions>;
	/** Port per provider; 0 or absent = a free port. */
	ports?: Partial<Record<ProviderName, number>>;
	/** Delay between automatic status steps of a sent message; null = statuses move only on `progressStatus`. Default 200. */
	statusStepMs?: number | null;
	/** Multiplies every webhook retry wait (0.001: 99digital's 5-minute retry after 300 ms). Default 1. */
	webhookTimeScale?: number;
	/** Added to every answer, in ms. Default 0. */
	latencyMs?: number;
	/** Where the simulated clock starts (epoch ms). Default: one minute after the newest seeded message. */
	startAt?: number;
	noxivo?: NoxivoOptions;
	vobiz?: VobizOptions;
	digital99?: Digital99Options;
	inbox?: InboxOptions;
}

export class Simulator {
	readonly noxivo: NoxivoSimulator;
	readonly vobiz: VobizSimulator;
	readonly digital99: Digital99Simulator;
	readonly inbox: InboxSimulator;
	readonly clock: SimClock;
	readonly log = new RequestLog();
	readonly disturbances = new Disturbances();
	/** `http://127.0.0.1:<port>` per provider (set by start). */
	readonly origins = {} as Record<ProviderName, string>;
	private readonly timers = new Timers();
	private readonly webhooks: WebhookSender;
	private readonly servers: ProviderServer[] = [];
	private closed = false;

	constructor(private readonly options: SimulatorOptions = {}) {
		const seed: SeedOptions = { ...DEFAULT_SEED, ...options.seed };
		this.clock = new SimClock(options.startAt ?? seed.endAt + 60_000);
		this.webhooks = new WebhookSender(this.timers, options.webhookTimeScale ?? 1);
		const ctx: SimContext = {
			clock: this.clock,
			timers: this.timers,
			webhooks: this.webhooks,
			seed,
			statusStepMs: options.statusStepMs === undefined ? 200 : options.statusStepMs,
		};
		this.noxivo = new NoxivoSimulator(ctx, options.noxivo);
		this.vobiz = new VobizSimulator(ctx, options.vobiz);
		this.digital99 = new Digital99Simulator(ctx, options.digital99);
		this.inbox = new InboxSimulator(ctx, options.inbox);
	}

	provider(name: ProviderName): ProviderSimulator {
		return this[name];
	}

	/** Opens the four servers; on any failure closes those already open and rethrows. */
	async start(): Promise<this> {
		try {
			for (const name of PROVIDER_NAMES) {
				const server = new ProviderServer(
					this[name],
					this.log,
					this.disturbances,
					this.timers,
					this.options.latencyMs ?? 0,
				);
				this.servers.push(server);
				const port = await server.listen(this.options.ports?.[name] ?? 0);
				this.origins[name] = `http://127.0.0.1:${port}`;
				this[name].media.publish(this.origins[name]);
			}
		} catch (error) {
			await this.close();
			throw error;
		}
		return this;
	}

	/** The provider's API base URL, as a credential's Base URL takes it. */
	baseUrl(name: ProviderName): string {
		return `${this.origins[name]}${this[name].basePath}`;
	}

	/** A working n8n credential (type and data) for the provider. */
	credentials(name: ProviderName): CredentialData {
		return this[name].credentials(this.origins[name]);
	}

	requests(filter: { provider?: ProviderName; endpoint?: string } = {}): LoggedRequest[] {
		return this.log.list(filter);
	}

	/** Requests per endpoint (route name), of one provider or all. */
	requestCounts(provider?: ProviderName): Record<string, number> {
		return this.log.counts(provider);
	}

	/** Messages the provider took for delivery per recipient number (digits), since the simulator started. */
	deliveryCounts(provider: ProviderName): Record<string, number> {
		return this[provider].deliveryCounts();
	}

	disturb(rule: DisturbanceRule): { remove(): void } {
		return this.disturbances.add(rule);
	}

	webhookDeliveries(provider?: ProviderName): WebhookDelivery[] {
		return this.webhooks.deliveries(provider);
	}

	/** Resolves when every webhook so far is delivered or given up. */
	async webhooksIdle(): Promise<void> {
		await this.webhooks.idle();
	}

	advanceClock(ms: number): void {
		this.clock.advance(ms);
	}

	/** Stops everything it started: servers and their connections, status timers, webhook retries and requests. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.timers.close();
		this.webhooks.close();
		await Promise.all(this.servers.map((s) => s.close()));
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	return await new Simulator(options).start();
}

export { PROVIDER_NAMES, type ProviderName } from './core/types';
export type { DisturbanceRule, Disturbance } from './core/disturbances';
export type { LoggedRequest } from './core/requestLog';
export type { WebhookDelivery } from './core/webhooks';
export type { SimMessage, SimConversation, SimStatus } from './core/store';
export type { CredentialData } from './core/provider';
