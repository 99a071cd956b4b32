import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	baseUrlProperty,
	credentialIdentity,
	secretProperty,
} from '../bridge/n8n/credentialFields';

const { credentialType, credentialName } = credentialIdentity('inbox');

/** The generic "/api/whatsapp" inbox API (docs/providers.md §4.2): `Authorization: Bearer <apiKey>`. */
export class WhatsAppInboxApi implements ICredentialType {
	name = credentialType;

	displayName = credentialName;

	icon = 'file:../nodes/icons/whatsAppInbox.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-inbox-api';

	properties: INodeProperties[] = [
		baseUrlProperty('', { required: true, placeholder: 'https://inbox.example.com' }),
		secretProperty('API Key', 'apiKey', { required: true }),
		{
			displayName: 'Path Prefix',
			name: 'pathPrefix',
			type: 'string',
			default: '/api/whatsapp',
			description: 'Where the API serves its routes',
		},
		secretProperty('Webhook Secret', 'webhookSecret', {
			description:
				'Optional, for the WhatsApp Trigger: the secret the API signs webhooks with (X-Signature, hex HMAC-SHA256 of the body). When set, unsigned or wrongly signed deliveries are refused.',
		}),
	];

	// A function, not a generic block of `={{$credentials…}}` expressions: n8n would evaluate those in its
	// expression engine (an isolated-vm call each) on every request (issue 10). n8n calls it from the same
	// authenticated request helpers.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{($credentials.pathPrefix || "/api/whatsapp").replace(/\\/+$/, "")}}/conversations',
			qs: { limit: 1, page: 1 },
		},
	};
}
