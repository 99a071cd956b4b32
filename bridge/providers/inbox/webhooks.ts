import { isRecord } from '../../http';
import { toIsoTimestamp } from '../../time';
import { parsedEvent, toAckEvent, toMessageEvent } from '../../webhooks/events';
import { verifyHmacSignature } from '../../webhooks/signature';
import type { ParsedDelivery, ProviderWebhooks } from '../../webhooks/types';
import { configString, num, statusFromString, str } from '../common';
import { toMessage } from './history';
import { identity } from './identity';

/**
 * The inbox API's webhooks are an [ASSUMPTION] of docs/providers.md §4.3.5: `{event: "message.received", data:
 * <Message of §4.3.1>}` and `{event: "message.status", data: {vendorMessageId, waMessageId, conversationId,
 * status, timestamp, error?}}`, signed with `X-Signature` (hex HMAC-SHA256 of the raw body).
 */

const provider = identity.id;
const SIGNATURE_HEADER = 'x-signature';

function receivedMessage(data: Record<string, unknown>): ParsedDelivery {
	if (!str(data.id) || toIsoTimestamp(data.timestamp) === null) {
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "message.received" without data.id or data.timestamp`,
		};
	}
	const message = toMessage(data, null);
	return {
		kind: 'events',
		events: [
			parsedEvent(toMessageEvent(message), data, [message.conversationId, str(data.senderId)]),
		],
	};
}

function statusChange(data: Record<string, unknown>): ParsedDelivery {
	const messageId = str(data.vendorMessageId) ?? str(data.waMessageId);
	if (!messageId)
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "message.status" without vendorMessageId or waMessageId`,
		};
	const status = statusFromString(data.status);
	if (!status)
		return {
			kind: 'ignored',
			reason: `${identity.displayName} status ${JSON.stringify(data.status ?? null)} is not known`,
		};
	const error = isRecord(data.error) ? data.error : null;
	const event = toAckEvent({
		provider,
		messageId,
		waMessageId: str(data.waMessageId),
		chatId: null,
		status,
		timestamp: toIsoTimestamp(data.timestamp),
		error: error ? { code: num(error.code) ?? str(error.code), title: str(error.title) } : null,
	});
	return { kind: 'events', events: [parsedEvent(event, data, [str(data.conversationId)])] };
}

export const webhooks: ProviderWebhooks = {
	setupNotice:
		"Configure the Production URL above (the Test URL while testing) as the webhook of your inbox API. Put the secret it signs deliveries with (X-Signature) in the credential's Webhook Secret; without one, unsigned deliveries are accepted.",

	verify(request, config) {
		const secret = configString(config, 'webhookSecret');
		return secret ? verifyHmacSignature(request, SIGNATURE_HEADER, [secret]) : { ok: true };
	},

	parse(body) {
		if (!isRecord(body) || typeof body.event !== 'string' || !isRecord(body.data)) {
			return { kind: 'invalid', reason: 'not an Inbox API webhook: expected "event" and "data"' };
		}
		if (body.event === 'message.received') return receivedMessage(body.data);
		if (body.event === 'message.status') return statusChange(body.data);
		return {
			kind: 'ignored',
			reason: `${identity.displayName} event "${body.event}" is not a Trigger event`,
		};
	},

	subscriptions: null,
};
