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

const { credentialType, credentialName } = credentialIdentity('vobiz');

/** Vobiz (docs/providers.md §2.2): the `X-Auth-ID` + `X-Auth-Token` pair recommended for server-to-server use. */
export class VobizApi implements ICredentialType {
	name = credentialType;

	displayName = credentialName;

	icon = 'file:../nodes/icons/whatsAppInbox.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#vobiz-api';

	properties: INodeProperties[] = [
		baseUrlProperty('https://api.vobiz.ai/api/v1/messaging'),
		{
			displayName: 'Auth ID',
			name: 'authId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'MA_XXXXXXXX',
		},
		secretProperty('Auth Token', 'authToken', { required: true }),
		{
			displayName: 'Channel ID',
			name: 'channelId',
			type: 'string',
			default: '',
			description: 'UUID of the WhatsApp channel to send from',
		},
		{
			displayName: 'WABA ID',
			name: 'wabaId',
			type: 'string',
			default: '',
			description: 'Your WhatsApp Business Account ID (digits)',
		},
		secretProperty('Webhook Secret', 'webhookSecret', {
			description:
				'For the WhatsApp Trigger, only if you created its webhook subscription yourself: the secret you gave Vobiz. Subscriptions the Trigger creates use a secret n8n derives, and need nothing here.',
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
			'X-Auth-ID': String(credentials.authId ?? ''),
			'X-Auth-Token': String(credentials.authToken ?? ''),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/contacts',
			qs: { page: 1, limit: 1 },
		},
	};
}
