import { isRecord, type HttpResponse } from '../../http';
import { httpError, isSuccess, record, str } from '../common';
import { identity } from './identity';

/** How Vobiz answers errors, for every operation (docs/providers.md §2.7). */

/** §2.7: `{status:"error", error:{code, message, details}}`; 422 lists `details.errors[{field, message}]`. */
function errorDetail(body: unknown): string | null {
	const b = record(body);
	if (isRecord(b.error)) {
		const e = b.error;
		const fields = Array.isArray(record(e.details).errors)
			? (record(e.details).errors as unknown[])
					.map((x) => [str(record(x).field), str(record(x).message)].filter(Boolean).join(': '))
					.filter(Boolean)
			: [];
		const head = [str(e.code), str(e.message)].filter(Boolean).join(' ');
		return [head, ...fields].filter(Boolean).join('; ') || null;
	}
	return str(b.error) ?? str(b.message);
}

export function checkResponse(response: HttpResponse): void {
	if (isSuccess(response)) return;
	const advice =
		response.statusCode === 401
			? `Check the Auth ID (MA_…) and Auth Token of the "${identity.credentialName}" credential.`
			: response.statusCode === 403
				? `The credentials are valid but have no permission on this channel: check the Channel ID of the "${identity.credentialName}" credential.`
				: undefined;
	throw httpError(identity, response, errorDetail(response.body), advice);
}
