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

const { credentialType, credentialName } = credentialIdentity('digital99');

/** 99digital (docs/providers.md §3.2): no auth header; `apiKey` and `from` go in every POST body. */
export class Digital99Api implements ICredentialType {
	name = credentialType;

	displayName = credentialName;

	icon = 'file:../nodes/icons/whatsAppInbox.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#99digital-api';

	properties: INodeProperties[] = [
		baseUrlProperty('https://api.99digital.co.il/whatsapp/v2'),
		secretProperty('API Key', 'apiKey', { required: true }),
		{
			displayName: 'Business Number (From)',
			name: 'from',
			type: 'string',
			default: '',
			required: true,
			placeholder: '972771234567',
			description: 'Your WhatsApp business number, international format without +',
		},
		secretProperty('Webhook Secret', 'webhookSecret', {
			description:
				'Optional, for the WhatsApp Trigger. 99digital does not sign webhooks: when set, n8n adds it as ?token=… to the webhook URL it registers and refuses deliveries without it.',
		}),
	];

	// A function, not a generic block of `={{$credentials…}}` expressions: n8n would evaluate those in its
	// expression engine (an isolated-vm call each) on every request (issue 10). n8n calls it from the same
	// authenticated request helpers.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body =
			typeof requestOptions.body === 'object' && requestOptions.body !== null
				? requestOptions.body
				: {};
		requestOptions.body = {
			...body,
			apiKey: String(credentials.apiKey ?? ''),
			from: String(credentials.from ?? ''),
		};
		return requestOptions;
	}

	// §3.2 [INF]: a wrong key is HTTP 200 with status "FAIL", so the test reads the body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/getWebhook',
			method: 'POST',
			body: {},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'FAIL',
					message: '99digital refused the API key or business number',
				},
			},
		],
	};
}
