import { takeUnseen, type SeenEvents } from './dedupe';
import { rejection, type EventFilter } from './filters';
import { isAllowedSource } from './sourceIp';
import type { ProviderConfig } from '../model';
import type {
	HandshakeAnswer,
	ParsedDelivery,
	ParsedEvent,
	ProviderWebhooks,
	WebhookRequest,
} from './types';

/**
 * One delivery from check to items, the same for every provider: source address, authenticity, JSON,
 * the provider's parser, the Trigger's filters, then the memory of events already emitted.
 */

export interface TriggerSettings extends EventFilter {
	/** Empty = any source address. */
	allowedIps: readonly string[];
	includeRaw: boolean;
}

export interface DeliveryOutcome {
	statusCode: 200 | 400 | 401;
	/** The answer when no workflow starts (none of the items are emitted). */
	body: Record<string, unknown>;
	/** One item `json` per event to emit; empty = start nothing. */
	items: Array<Record<string, unknown>>;
	/** The memory to keep, when it changed (the emitted events recorded). */
	seen?: SeenEvents;
}

export interface DeliveryContext {
	webhooks: ProviderWebhooks;
	config: ProviderConfig;
	secretScope: string;
	settings: TriggerSettings;
	seen: SeenEvents;
	now: number;
}

function answer(statusCode: 200 | 400 | 401, body: Record<string, unknown>): DeliveryOutcome {
	return { statusCode, body, items: [] };
}

function readJson(
	request: WebhookRequest,
): { ok: true; body: unknown } | { ok: false; reason: string } {
	if (!request.rawBody) return { ok: true, body: request.parsedBody };
	const text = request.rawBody.toString('utf8').trim();
	if (text === '') return { ok: false, reason: 'the body is empty' };
	try {
		return { ok: true, body: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, reason: 'the body is not valid JSON' };
	}
}

/** A parser bug must not reach n8n as a crash: it is this delivery that cannot be read. */
function parseSafely(
	webhooks: ProviderWebhooks,
	body: unknown,
	config: ProviderConfig,
): ParsedDelivery {
	try {
		return webhooks.parse(body, config);
	} catch (error) {
		return {
			kind: 'invalid',
			reason: `the delivery cannot be read (${error instanceof Error ? error.message : 'unknown error'})`,
		};
	}
}

/** An emitted event: its `eventId` is its dedupe key, the same for every delivery of one provider event. */
function toItem(parsed: ParsedEvent, includeRaw: boolean): Record<string, unknown> {
	const item = { ...parsed.event, eventId: parsed.dedupeKey };
	return includeRaw ? { ...item, raw: parsed.raw } : item;
}

export function receiveDelivery(
	request: WebhookRequest,
	context: DeliveryContext,
): DeliveryOutcome {
	const { webhooks, config, settings } = context;
	if (!isAllowedSource(request.sourceIp, settings.allowedIps)) {
		return answer(401, { error: 'Unauthorized', reason: 'the source address is not allowed' });
	}
	const verification = webhooks.verify(request, config, context.secretScope);
	if (!verification.ok) return answer(401, { error: 'Unauthorized', reason: verification.reason });

	const json = readJson(request);
	if (!json.ok) return answer(400, { error: 'Bad Request', reason: json.reason });
	const delivery = parseSafely(webhooks, json.body, config);
	if (delivery.kind === 'invalid')
		return answer(400, { error: 'Bad Request', reason: delivery.reason });
	if (delivery.kind === 'ignored')
		return answer(200, { received: true, started: false, reason: delivery.reason });

	const reasons: string[] = [];
	const selected = delivery.events.filter((parsed) => {
		const reason = rejection(parsed, settings);
		if (reason) reasons.push(reason);
		return reason === null;
	});
	const { fresh, seen } = takeUnseen(
		selected,
		(parsed) => parsed.dedupeKey,
		context.seen,
		context.now,
	);
	if (fresh.length === 0) {
		const reason =
			selected.length > 0 ? 'already received' : (reasons[0] ?? 'the delivery holds no events');
		return answer(200, { received: true, started: false, reason });
	}
	return {
		statusCode: 200,
		body: {},
		items: fresh.map((parsed) => toItem(parsed, settings.includeRaw)),
		seen,
	};
}

/** A GET to the Trigger's URL: the provider's verification handshake, from an allowed source only. */
export function receiveHandshake(
	request: WebhookRequest,
	webhooks: ProviderWebhooks,
	config: ProviderConfig,
	allowedIps: readonly string[],
): HandshakeAnswer {
	if (!isAllowedSource(request.sourceIp, allowedIps))
		return { statusCode: 401, body: 'the source address is not allowed' };
	if (!webhooks.handshake)
		return { statusCode: 405, body: 'this provider delivers webhooks by POST only' };
	return webhooks.handshake(request, config);
}
