import { isRecord } from '../../http';
import { toIsoTimestamp } from '../../time';
import { parsedEvent, toAckEvent, toMessageEvent } from '../../webhooks/events';
import { verifySharedToken } from '../../webhooks/signature';
import type { ParsedDelivery, ProviderWebhooks } from '../../webhooks/types';
import { configString, flag } from '../common';
import { ackToStatus, address, toMessage, wahaId } from './history';
import { identity } from './identity';

/**
 * Noxivo deliveries are WAHA envelopes plus Noxivo `metadata` (docs/providers.md §1.8): `{id?, timestamp (ms)?,
 * session, metadata, event, payload}`. Noxivo documents no signing and no registration API.
 */

function messageDelivery(
	envelope: Record<string, unknown>,
	payload: Record<string, unknown>,
): ParsedDelivery {
	// §1.6: the payload time is unix seconds; the envelope's (milliseconds) stands in when the payload has none.
	const withTime = { ...payload, timestamp: payload.timestamp ?? envelope.timestamp };
	if (!wahaId(payload.id))
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "message" event without payload.id`,
		};
	if (toIsoTimestamp(withTime.timestamp) === null)
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "message" event without a timestamp`,
		};
	const message = toMessage(withTime, null);
	return {
		kind: 'events',
		events: [parsedEvent(toMessageEvent(message), envelope, [message.chatId])],
	};
}

function ackDelivery(
	envelope: Record<string, unknown>,
	payload: Record<string, unknown>,
): ParsedDelivery {
	const id = wahaId(payload.id);
	if (!id)
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "message.ack" event without payload.id`,
		};
	const status = ackToStatus(payload.ack, payload.ackName);
	// §0.1: an unknown ack value means "no change".
	if (!status)
		return {
			kind: 'ignored',
			reason: `unknown ack value ${JSON.stringify(payload.ack ?? payload.ackName ?? null)}`,
		};
	// An ack is about our own message (fromMe) as a rule: the chat is then the recipient.
	const fromMe = flag(payload.fromMe, identity, 'payload.fromMe') ?? true;
	const chatId = address(fromMe ? payload.to : payload.from);
	const event = toAckEvent({
		provider: identity.id,
		messageId: id,
		waMessageId: id,
		chatId,
		status,
		timestamp: toIsoTimestamp(payload.timestamp ?? envelope.timestamp),
		error: null,
	});
	return { kind: 'events', events: [parsedEvent(event, envelope, [chatId])] };
}

export const webhooks: ProviderWebhooks = {
	setupNotice: `${identity.displayName} has no API for webhooks: copy the Production URL above (the Test URL while testing) into the webhook settings of the Noxivo dashboard. If the credential has a Webhook Secret, add ?token=<that secret> to the URL you paste.`,

	verify: (request, config) => verifySharedToken(request, configString(config, 'webhookSecret')),

	parse(body) {
		if (!isRecord(body) || typeof body.event !== 'string' || !isRecord(body.payload)) {
			return {
				kind: 'invalid',
				reason: 'not a Noxivo webhook: expected a WAHA envelope with "event" and "payload"',
			};
		}
		if (body.event === 'message') return messageDelivery(body, body.payload);
		if (body.event === 'message.ack') return ackDelivery(body, body.payload);
		// §1.8: message.revoked, session.status, presence.update, message.any, ... are not Trigger events.
		return {
			kind: 'ignored',
			reason: `${identity.displayName} event "${body.event}" is not a Trigger event`,
		};
	},

	subscriptions: null,
};
