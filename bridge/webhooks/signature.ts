import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { Verification, WebhookRequest } from './types';

/** Authenticity checks shared by the providers: HMAC signatures over the raw body, and shared secrets. */

/** The query parameter (in the URL the provider calls) or header carrying a shared secret. */
export const TOKEN_QUERY_PARAMETER = 'token';
export const TOKEN_HEADER = 'x-webhook-token';

/**
 * Equal strings, in time that depends on neither their content nor their lengths: both sides are hashed
 * first, so timingSafeEqual always compares 32 bytes.
 */
export function constantTimeEqual(a: string, b: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

export function hmacSha256Hex(secret: string, data: Buffer): string {
	return createHmac('sha256', secret).update(data).digest('hex');
}

export function headerValue(request: WebhookRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * A hex HMAC-SHA256 of the raw body in `headerName`, made with any one of `secrets`. Hex case and a
 * `sha256=` prefix are tolerated. Every secret is compared, so the time taken says nothing about which
 * matched.
 */
export function verifyHmacSignature(
	request: WebhookRequest,
	headerName: string,
	secrets: readonly string[],
): Verification {
	const provided = headerValue(request, headerName)
		?.trim()
		.replace(/^sha256=/i, '')
		.toLowerCase();
	if (!provided) return { ok: false, reason: `missing ${headerName} header` };
	if (!request.rawBody)
		return { ok: false, reason: 'the raw request body is not available to check the signature' };
	if (secrets.length === 0)
		return { ok: false, reason: 'no webhook secret is configured to check the signature' };
	let matched = false;
	for (const secret of secrets) {
		if (constantTimeEqual(hmacSha256Hex(secret, request.rawBody), provided)) matched = true;
	}
	return matched ? { ok: true } : { ok: false, reason: `${headerName} does not match the body` };
}

/** The shared secret a provider that cannot sign sends back: `?token=` in the URL, or an X-Webhook-Token header. */
export function verifySharedToken(
	request: WebhookRequest,
	secret: string | undefined,
): Verification {
	if (!secret) return { ok: true };
	const fromQuery = request.query[TOKEN_QUERY_PARAMETER];
	const provided = typeof fromQuery === 'string' ? fromQuery : headerValue(request, TOKEN_HEADER);
	if (!provided)
		return {
			ok: false,
			reason: `missing "${TOKEN_QUERY_PARAMETER}" in the URL (or ${TOKEN_HEADER} header)`,
		};
	return constantTimeEqual(provided, secret)
		? { ok: true }
		: { ok: false, reason: 'the webhook token does not match' };
}

/** The URL to give a provider so that its deliveries carry the shared secret. */
export function urlWithToken(url: string, secret: string | undefined): string {
	if (!secret) return url;
	const parsed = new URL(url);
	parsed.searchParams.set(TOKEN_QUERY_PARAMETER, secret);
	return parsed.toString();
}

/**
 * The signing secret for a subscription the Trigger creates: derived from a credential secret and the
 * Trigger's scope, so it is the same on every worker and in every run, and never stored in the workflow.
 */
export function deriveSubscriptionSecret(credentialSecret: string, scope: string): string {
	return createHmac('sha256', credentialSecret)
		.update(`n8n-nodes-whatsapp-inbox/webhook-secret/v1/${scope}`)
		.digest('hex');
}
