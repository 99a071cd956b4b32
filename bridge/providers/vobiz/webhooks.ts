import { BridgeError } from '../../errors';
import { isRecord } from '../../http';
import type { ProviderConfig } from '../../model';
import type { Message } from '../../model';
import { toPhoneDigits } from '../../phone';
import { toIsoTimestamp } from '../../time';
import { parsedEvent, toAckEvent, toMessageEvent } from '../../webhooks/events';
import { deriveSubscriptionSecret, verifyHmacSignature } from '../../webhooks/signature';
import type {
	AckError,
	ParsedDelivery,
	ParsedEvent,
	ProviderWebhooks,
	WebhookSubscriptions,
} from '../../webhooks/types';
import { configString, lookup, num, record, recordsAt, statusFromString, str } from '../common';
import { checkResponse } from './api';
import { toMessage } from './history';
import { identity } from './identity';

/**
 * Vobiz deliveries (docs/providers.md §2.5): an envelope `{event_id, event_type, account_id, occurred_at, payload}`
 * whose payload is a Meta webhook object, signed with `X-Webhook-Signature`; or the legacy envelope
 * `{event, event_id, timestamp, channel_id, data}`. Subscriptions: `/webhooks` (§2.4.5).
 */

const provider = identity.id;
const SIGNATURE_HEADER = 'x-webhook-signature';
const LEGACY_STATUS_EVENTS: Record<string, string> = {
	'message.sent': 'sent',
	'message.delivered': 'delivered',
	'message.read': 'read',
	'message.failed': 'failed',
};

/**
 * Vobiz delivers to HTTPS URLs only (§2.4.5). Plain http is let through to Vobiz only for a loopback host
 * (localhost, 127.0.0.0/8, ::1): an n8n and a Vobiz-compatible service on one machine (local tests); the
 * real Vobiz answers such a URL for itself.
 */
function deliverableUrl(url: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol === 'https:') return true;
	if (parsed.protocol !== 'http:') return false;
	const host = parsed.hostname.toLowerCase();
	return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The secret of a subscription the Trigger creates; none without the credential's Auth Token. */
function derivedSecret(config: ProviderConfig, scope: string): string | undefined {
	const authToken = configString(config, 'authToken');
	return authToken ? deriveSubscriptionSecret(authToken, scope) : undefined;
}

/**
 * A Meta message object (the `messages[]` of §2.5, or the legacy `data`) read by the history mapper, whose
 * content handling already follows Meta's per-type objects. Webhooks carry only the wamid (§2.4.3), so it
 * is both `id` and `waMessageId`.
 */
function toInboundMessage(
	meta: Record<string, unknown>,
	wamid: string,
	fallbackTime: unknown,
	to: string | null,
): Message {
	const message = toMessage(
		{
			id: wamid,
			meta_message_id: wamid,
			type: meta.type,
			direction: 'inbound',
			content: meta,
			timestamp: meta.timestamp ?? fallbackTime,
		},
		null,
	);
	// §2.3: the webhook `from` is a Meta wa_id (digits); the legacy one is E.164 with '+'.
	const from = toPhoneDigits(str(meta.from)) ?? str(meta.from);
	return { ...message, chatId: from, from, to };
}

/** §2.5 [INF, Meta convention]: a `failed` status carries `errors:[{code, title, message, error_data}]`. */
function ackError(errors: unknown): AckError | null {
	const first = Array.isArray(errors) ? errors[0] : errors;
	if (!isRecord(first)) return null;
	return {
		code: num(first.code) ?? str(first.code),
		title: str(first.title) ?? str(first.message),
	};
}

function inboundEvent(
	meta: Record<string, unknown>,
	fallbackTime: unknown,
	to: string | null,
): ParsedEvent | null {
	const wamid = str(meta.id) ?? str(meta.message_id);
	if (!wamid || toIsoTimestamp(meta.timestamp ?? fallbackTime) === null) return null;
	const message = toInboundMessage(meta, wamid, fallbackTime, to);
	return parsedEvent(toMessageEvent(message), meta, [message.chatId]);
}

function statusEvent(
	status: Record<string, unknown>,
	statusName: unknown,
	fallbackTime: unknown,
): ParsedEvent | null {
	const wamid = str(status.id) ?? str(status.message_id);
	const canonical = statusFromString(statusName);
	if (!wamid || !canonical) return null;
	const chatId =
		toPhoneDigits(str(status.recipient_id) ?? str(status.to)) ?? str(status.recipient_id);
	const event = toAckEvent({
		provider,
		messageId: wamid,
		waMessageId: wamid,
		chatId,
		status: canonical,
		timestamp: toIsoTimestamp(status.timestamp ?? fallbackTime),
		error: ackError(status.errors ?? status.error),
	});
	return parsedEvent(event, status, [chatId]);
}

function delivery(events: Array<ParsedEvent | null>, what: string): ParsedDelivery {
	const readable = events.filter((e): e is ParsedEvent => e !== null);
	if (events.length > 0 && readable.length === 0)
		return { kind: 'ignored', reason: `no readable ${what} in the Vobiz delivery` };
	return { kind: 'events', events: readable };
}

/** §2.5: every message and every status of every change is its own event. */
function currentDelivery(envelope: Record<string, unknown>): ParsedDelivery {
	const eventType = String(envelope.event_type);
	if (eventType !== 'message.inbound' && eventType !== 'message.status') {
		return {
			kind: 'ignored',
			reason: `${identity.displayName} event "${eventType}" is not a Trigger event`,
		};
	}
	if (!isRecord(envelope.payload) || !Array.isArray(envelope.payload.entry)) {
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "${eventType}" without a Meta webhook payload`,
		};
	}
	const events: Array<ParsedEvent | null> = [];
	for (const entry of envelope.payload.entry) {
		for (const change of Array.isArray(record(entry).changes)
			? (record(entry).changes as unknown[])
			: []) {
			const value = record(record(change).value);
			const businessNumber = str(record(value.metadata).display_phone_number);
			for (const m of Array.isArray(value.messages) ? value.messages : []) {
				events.push(isRecord(m) ? inboundEvent(m, envelope.occurred_at, businessNumber) : null);
			}
			for (const s of Array.isArray(value.statuses) ? value.statuses : []) {
				events.push(isRecord(s) ? statusEvent(s, s.status, envelope.occurred_at) : null);
			}
		}
	}
	return delivery(events, 'messages or statuses');
}

/** §2.5 legacy envelope; the status events' `data` is undocumented, read like a Meta status [INF]. */
function legacyDelivery(
	envelope: Record<string, unknown>,
	data: Record<string, unknown>,
): ParsedDelivery {
	const event = String(envelope.event);
	if (event === 'message.received')
		return delivery([inboundEvent(data, envelope.timestamp, null)], 'message');
	const legacyStatus = lookup(LEGACY_STATUS_EVENTS, event);
	if (legacyStatus)
		return delivery([statusEvent(data, legacyStatus, envelope.timestamp)], 'status');
	return {
		kind: 'ignored',
		reason: `${identity.displayName} event "${event}" is not a Trigger event`,
	};
}

const subscriptions: WebhookSubscriptions = {
	async exists(target, state, transport) {
		const response = await transport({ method: 'GET', path: '/webhooks' });
		checkResponse(response);
		const found = recordsAt(response.body, ['items', 'data'], identity, 'webhook subscriptions')
			.map(record)
			.find((s) => s.url === target.url && (s.status === undefined || s.status === 'active'));
		const id = str(found?.id);
		if (id) state.subscriptionId = id;
		else delete state.subscriptionId;
		return id !== null;
	},

	async create(target, state, transport) {
		if (!deliverableUrl(target.url)) {
			throw new BridgeError(
				'input',
				`${identity.displayName} only delivers webhooks to HTTPS URLs`,
				{
					provider,
					description: `This Trigger's URL is ${target.url}. Serve n8n over HTTPS (its WEBHOOK_URL setting) to receive Vobiz webhooks.`,
				},
			);
		}
		const secret = derivedSecret(target.config, target.secretScope);
		if (!secret)
			throw new BridgeError('input', 'The "Vobiz API" credential has no Auth Token', {
				provider,
				field: 'authToken',
			});
		const response = await transport({
			method: 'POST',
			path: '/webhooks',
			body: { url: target.url, secret },
		});
		checkResponse(response);
		const id = str(record(response.body).id);
		if (!id)
			throw new BridgeError(
				'response',
				`${identity.displayName} created the webhook subscription but returned no id`,
				{ provider },
			);
		state.subscriptionId = id;
	},

	async remove(_target, state, transport) {
		const id = str(state.subscriptionId);
		if (!id) return;
		const response = await transport({
			method: 'DELETE',
			path: `/webhooks/${encodeURIComponent(id)}`,
		});
		// Already gone is what removal wants.
		if (response.statusCode !== 404) checkResponse(response);
		delete state.subscriptionId;
	},
};

export const webhooks: ProviderWebhooks = {
	setupNotice:
		"n8n subscribes this URL at Vobiz when the workflow is activated (and while listening for a test event), with a signing secret of its own, and removes the subscription afterwards. Vobiz only delivers to HTTPS URLs. If you created the subscription yourself, put its secret in the credential's Webhook Secret.",

	verify(request, config, secretScope) {
		const secrets = [
			configString(config, 'webhookSecret'),
			derivedSecret(config, secretScope),
		].filter((s): s is string => s !== undefined);
		return verifyHmacSignature(request, SIGNATURE_HEADER, secrets);
	},

	derivedSecrets(config, secretScope) {
		const secret = derivedSecret(config, secretScope);
		return secret ? [secret] : [];
	},

	parse(body) {
		if (isRecord(body) && typeof body.event_type === 'string') return currentDelivery(body);
		if (isRecord(body) && typeof body.event === 'string' && isRecord(body.data))
			return legacyDelivery(body, body.data);
		return {
			kind: 'invalid',
			reason: 'not a Vobiz webhook: expected an envelope with "event_type" and "payload"',
		};
	},

	subscriptions,
};
