import { isRecord, type Transport } from '../../http';
import type { MessageStatus } from '../../model';
import { toIsoTimestamp } from '../../time';
import { parsedEvent, toAckEvent, toMessageEvent } from '../../webhooks/events';
import { urlWithToken, verifySharedToken } from '../../webhooks/signature';
import type {
	ParsedDelivery,
	ProviderWebhooks,
	WebhookTarget,
	WebhookSubscriptions,
} from '../../webhooks/types';
import { configString, lookup, num, record, str } from '../common';
import { checkResponse, FAIL_REASONS, toMessage } from './history';
import { identity } from './identity';

/**
 * 99digital deliveries (docs/providers.md §3.4): an incoming message is `{status, hook: "new", unique, from,
 * from_id, to, type, body, caption, timestamp, ...}`. The status webhook body was never retrieved; it is
 * read as docs/providers.md's [ASSUMPTION] says. No signature is documented: a shared secret in the URL and a
 * source-address allow-list are the means left (§3.3.3).
 */

const provider = identity.id;
const STATUS_NAMES = new Set<MessageStatus>(['sent', 'delivered', 'read', 'failed']);
const STATUS_BY_STATE: Record<string, MessageStatus> = { 1: 'sent', 2: 'delivered', 3: 'read' };

/** §3.2: `status: "FAIL"` (in any letter case) marks a failure. */
function isFail(body: Record<string, unknown>): boolean {
	return str(body.status)?.trim().toUpperCase() === 'FAIL';
}

function incomingMessage(body: Record<string, unknown>): ParsedDelivery {
	if (!str(body.unique) || toIsoTimestamp(body.timestamp) === null) {
		return {
			kind: 'invalid',
			reason: `${identity.displayName} "new" message without "unique" or "timestamp"`,
		};
	}
	// §3.4: the history mapper reads the same fields under its own names (§3.3.1); hook "new" is always incoming.
	const message = toMessage({ ...body, direction: '1', message: body.body });
	// For media the body is the link (the mapper's media url); the caption is the text.
	const text = message.media ? str(body.caption) : message.text;
	return {
		kind: 'events',
		events: [
			parsedEvent(toMessageEvent({ ...message, text }), body, [
				message.chatId,
				str(body.from_id),
				str(body.phone),
			]),
		],
	};
}

/**
 * §3.4 [ASSUMPTION], in order: a status name in `status`/`state`/`ack`; a numeric `state` 1..3;
 * `status: "FAIL"`. The envelope's own `status: "OK"` says nothing about delivery.
 */
function assumedStatus(body: Record<string, unknown>): MessageStatus | null {
	for (const field of ['status', 'state', 'ack']) {
		const value =
			typeof body[field] === 'string' ? (body[field] as string).trim().toLowerCase() : null;
		if (value && STATUS_NAMES.has(value as MessageStatus)) return value as MessageStatus;
	}
	const byState = lookup(STATUS_BY_STATE, num(body.state));
	if (byState) return byState;
	return isFail(body) ? 'failed' : null;
}

function statusUpdate(
	body: Record<string, unknown>,
	unique: string,
	businessNumber: string | undefined,
): ParsedDelivery {
	const status = assumedStatus(body);
	if (!status)
		return {
			kind: 'ignored',
			reason: `${identity.displayName} status for ${unique} without a known status`,
		};
	// The status is about a message we sent, so the other party is `to` (the assumed body's `from` is the
	// business number) — unless `to` is the business number.
	const to = str(body.to);
	const chatId = to !== null && to !== businessNumber ? to : str(body.from);
	const reason = num(body.reason);
	const event = toAckEvent({
		provider,
		messageId: unique,
		waMessageId: null,
		chatId,
		status,
		timestamp: toIsoTimestamp(body.timestamp),
		error: isFail(body) ? { code: reason, title: lookup(FAIL_REASONS, reason) ?? null } : null,
	});
	return { kind: 'events', events: [parsedEvent(event, body, [chatId])] };
}

async function currentWebhook(transport: Transport): Promise<Record<string, unknown>> {
	const response = await transport({ method: 'POST', path: '/getWebhook', body: {} });
	checkResponse(response);
	return record(response.body);
}

async function setWebhook(
	transport: Transport,
	body: { url: string; readStatus: number; retry: number },
): Promise<void> {
	checkResponse(await transport({ method: 'POST', path: '/setWebhook', body }));
}

/** The URL 99digital is given: the Trigger's, with the shared secret when the credential has one. */
function registeredUrl(target: WebhookTarget): string {
	return urlWithToken(target.url, configString(target.config, 'webhookSecret'));
}

/** `readStatus` turns on the sent/delivered/read notifications (§3.3.3); only wanted for acks. */
function readStatusFor(target: WebhookTarget): number {
	return target.events.includes('message.ack') ? 1 : 0;
}

/** 99digital keeps one webhook URL per number (§3.3.3): the one in place before is kept and put back. */
const subscriptions: WebhookSubscriptions = {
	async exists(target, _state, transport) {
		const current = await currentWebhook(transport);
		return (
			str(current.url) === registeredUrl(target) &&
			(num(current.readStatus) ?? 0) === readStatusFor(target)
		);
	},

	async create(target, state, transport) {
		const current = await currentWebhook(transport);
		const url = registeredUrl(target);
		if (state.previousUrl === undefined) {
			state.previousUrl = str(current.url) === url ? '' : (str(current.url)?.trim() ?? '');
			state.previousReadStatus = num(current.readStatus) ?? 0;
			state.previousRetry = num(current.retry) ?? 0;
		}
		// Retries are safe: the Trigger drops redeliveries.
		await setWebhook(transport, { url, readStatus: readStatusFor(target), retry: 1 });
	},

	async remove(target, state, transport) {
		if (state.previousUrl === undefined) return;
		const current = await currentWebhook(transport);
		// Someone pointed the number elsewhere since: leave their setting alone.
		if (str(current.url) === registeredUrl(target)) {
			await setWebhook(transport, {
				// §3.3.3: " " clears the URL.
				url: str(state.previousUrl) ?? ' ',
				readStatus: num(state.previousReadStatus) ?? 0,
				retry: num(state.previousRetry) ?? 0,
			});
		}
		delete state.previousUrl;
		delete state.previousReadStatus;
		delete state.previousRetry;
	},
};

export const webhooks: ProviderWebhooks = {
	setupNotice:
		'n8n sets this URL as the webhook of your 99digital number when the workflow is activated (and while listening for a test event), with read-status notifications when Message Ack is selected and retries on, and puts the previous webhook URL back afterwards. 99digital signs nothing: set a Webhook Secret in the credential (n8n adds it to the URL it registers) and/or Allowed Source IPs below.',

	// §3.3.3: current docs; older docs also list the second address.
	documentedSourceIps: ['34.165.99.212', '192.117.146.95'],

	verify: (request, config) => verifySharedToken(request, configString(config, 'webhookSecret')),

	parse(body, config) {
		if (!isRecord(body))
			return { kind: 'invalid', reason: 'not a 99digital webhook: expected a JSON object' };
		if (body.hook === 'new') return incomingMessage(body);
		const unique = str(body.unique);
		if (unique) return statusUpdate(body, unique, configString(config, 'from'));
		if (typeof body.hook === 'string')
			return {
				kind: 'ignored',
				reason: `${identity.displayName} "${body.hook}" notification is not a Trigger event`,
			};
		return { kind: 'invalid', reason: 'not a 99digital webhook: expected "hook" and "unique"' };
	},

	subscriptions,
};
