import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlProperty, credentialIdentity } from '../../bridge/n8n/credentialFields';
import type { ProviderId } from '../../bridge/model';

/** The credential a provider's file in credentials/ would be, for the test-only providers. */
export function echoCredential(id: ProviderId): ICredentialType {
	const { credentialType, credentialName } = credentialIdentity(id);
	const properties: INodeProperties[] = [
		baseUrlProperty('https://echo.test'),
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];
	return {
		name: credentialType,
		displayName: credentialName,
		properties,
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			requestOptions: IHttpRequestOptions,
		) {
			requestOptions.headers = {
				...requestOptions.headers,
				'X-Echo-Key': String(credentials.apiKey ?? ''),
			};
			return requestOptions;
		},
	};
}
