import { BridgeError } from '../../errors';
import { isRecord, type HttpRequest, type HttpResponse, type Transport } from '../../http';
import type { ProviderConfig } from '../../model';
import type { Page, Paginator } from '../../pagination/types';
import { offsetStrategy } from '../../pagination/strategies';
import { configString, httpError, isSuccess, record, str } from '../common';
import { identity } from './identity';

/** How Noxivo Engine's API is called, for every operation: paths, tenant, paging, errors (docs/providers.md §1). */

export const DOCUMENTED_INBOX_PREFIX = '/api/v1/inbox';
/** §1.4 path-prefix warning: the published engine registers the inbox routes without `/api`. */
const SOURCE_INBOX_PREFIX = '/v1/inbox';
/** §1.4.1 / §1.4.3: limit max 100 for both chats and messages. */
const MAX_PAGE_SIZE = 100;
/** §1.3: engine conversation ids are 24-hex ObjectIds. */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** §1.2: agencyId/tenantId are harmless with a scoped key and required with the master key; never sent empty (strict schema, §1.4.1). */
export function tenantQuery(config: ProviderConfig): Record<string, string> {
	const qs: Record<string, string> = {};
	const agencyId = configString(config, 'agencyId');
	const tenantId = configString(config, 'tenantId');
	if (agencyId) qs.agencyId = agencyId;
	if (tenantId) qs.tenantId = tenantId;
	return qs;
}

export function inboxPrefix(config: ProviderConfig): string {
	return (configString(config, 'inboxPathPrefix') ?? DOCUMENTED_INBOX_PREFIX).replace(/\/+$/, '');
}

function isWahaNotFound(response: HttpResponse): boolean {
	return (
		response.statusCode === 404 &&
		isRecord(response.body) &&
		'statusCode' in response.body &&
		'message' in response.body
	);
}

/**
 * §1.4 adapter requirement: a 404 in WAHA's shape on the documented `/api/v1/inbox` prefix means the engine
 * serves the inbox under `/v1/inbox`; retry once there and keep using it for the following pages.
 */
export function withInboxPrefixFallback(transport: Transport): Transport {
	let useSourcePrefix = false;
	return async (request: HttpRequest) => {
		const documented = request.path.startsWith(`${DOCUMENTED_INBOX_PREFIX}/`);
		const swap = (r: HttpRequest) => ({
			...r,
			path: SOURCE_INBOX_PREFIX + r.path.slice(DOCUMENTED_INBOX_PREFIX.length),
		});
		if (documented && useSourcePrefix) return await transport(swap(request));
		const response = await transport(request);
		if (documented && isWahaNotFound(response)) {
			const retried = await transport(swap(request));
			if (retried.statusCode !== 404) useSourcePrefix = true;
			return retried;
		}
		return response;
	};
}

/**
 * §1.4.1 / §1.4.3: every list pages by `offset` and `limit`; `hasMore` says whether another page follows.
 * Offsets are known in advance, so `inFlight` pages may be requested at once (Paginator.inFlight).
 */
export function offsetPages(
	hasMore: (page: Page) => boolean | undefined,
	inFlight?: number,
): Paginator {
	return {
		strategy: offsetStrategy({ hasMore }),
		tokenOption: { inject: 'query', field: 'offset' },
		pageSizeOption: { inject: 'query', field: 'limit' },
		maxPageSize: MAX_PAGE_SIZE,
		...(inFlight ? { inFlight } : {}),
	};
}

/** §1.9: native routes answer `{"error": "..."}`, WAHA and validation errors `{statusCode, error, message}`. */
export function errorDetail(body: unknown): string | null {
	const b = record(body);
	return str(b.message) ?? str(b.error);
}

/**
 * Any non-2xx answer as the user's error. §1.9 [INF]: 409 "No active messaging session binding" (history
 * and sending alike) means the WhatsApp session is disconnected.
 */
export function checkResponse(response: HttpResponse): void {
	if (isSuccess(response)) return;
	const detail = errorDetail(response.body);
	if (response.statusCode === 409 && /session binding/i.test(detail ?? '')) {
		throw new BridgeError(
			'http',
			`${identity.displayName}: the WhatsApp session is not connected (HTTP 409)`,
			{
				provider: identity.id,
				httpCode: 409,
				description: `${identity.displayName} said: ${detail}. Reconnect the session (scan the QR code) in the Noxivo dashboard, then run again.`,
			},
		);
	}
	throw httpError(identity, response, detail);
}
