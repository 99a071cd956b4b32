import type { INodeProperties } from 'n8n-workflow';

import type { ProviderId, ProviderIdentity } from '../model';
import { PROVIDERS } from '../providers';

/** A provider's names as its credential class declares them (credentials/*.credentials.ts). */
export function credentialIdentity(
	id: ProviderId,
): Pick<ProviderIdentity, 'credentialType' | 'credentialName'> {
	const { credentialType, credentialName } = PROVIDERS[id];
	return { credentialType, credentialName };
}

/** The Base URL field every credential starts with: where the provider's API is. */
export function baseUrlProperty(
	defaultUrl: string,
	more: Pick<INodeProperties, 'required' | 'placeholder' | 'description'> = {},
): INodeProperties {
	return { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: defaultUrl, ...more };
}

/** A secret field (API key, token, webhook secret): a password field, so n8n never shows or logs it. */
export function secretProperty(
	displayName: string,
	name: string,
	more: Pick<INodeProperties, 'required' | 'description'> = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { password: true },
		default: '',
		...more,
	};
}
