import type { WebhookRequest } from '../../../bridge/webhooks/types';

/** A webhook request as the bridge sees it, from a body given as the exact text sent. */
export function request(
	body: string,
	options: {
		headers?: Record<string, string>;
		query?: Record<string, string>;
		sourceIp?: string;
	} = {},
): WebhookRequest {
	let parsedBody: unknown = {};
	try {
		parsedBody = JSON.parse(body);
	} catch {
		// As a web server leaves an unparseable body.
	}
	return {
		rawBody: Buffer.from(body, 'utf8'),
		parsedBody,
		headers: Object.fromEntries(
			Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
		),
		query: options.query ?? {},
		sourceIp: options.sourceIp ?? '203.0.113.7',
	};
}
