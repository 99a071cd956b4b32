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

const { credentialType, credentialName } = credentialIdentity('noxivo');

/** Noxivo Engine (docs/providers.md §1.2): `X-API-Key` works on every route and through CORS. */
export class NoxivoApi implements ICredentialType {
	name = credentialType;

	displayName = credentialName;

	icon = 'file:../nodes/icons/whatsAppInbox.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#noxivo-engine-api';

	properties: INodeProperties[] = [
		baseUrlProperty('https://api-workflow-engine.noxivo.app'),
		secretProperty('API Key', 'apiKey', {
			required: true,
			description:
				'A scoped key from the Noxivo dashboard (Settings → API Keys), or the engine master key',
		}),
		{
			displayName: 'Agency ID',
			name: 'agencyId',
			type: 'string',
			default: '',
			description: 'Only needed with the engine master key; a scoped key carries it',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			description: 'Only needed with the engine master key; a scoped key carries it',
		},
		{
			displayName: 'Inbox Path Prefix',
			name: 'inboxPathPrefix',
			type: 'string',
			default: '/api/v1/inbox',
			description:
				'Where the engine serves its inbox routes. Some deployments use /v1/inbox; the node also falls back to it by itself.',
		},
		secretProperty('Webhook Secret', 'webhookSecret', {
			description:
				'Optional, for the WhatsApp Trigger. Noxivo does not sign webhooks: when set, a delivery must carry this value as ?token=… in the webhook URL you paste in the dashboard (or an X-Webhook-Token header), else it is refused.',
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
			'X-API-Key': String(credentials.apiKey ?? ''),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{($credentials.inboxPathPrefix || "/api/v1/inbox").replace(/\\/+$/, "")}}/chats',
			qs: {
				limit: 1,
				agencyId: '={{$credentials.agencyId || undefined}}',
				tenantId: '={{$credentials.tenantId || undefined}}',
			},
		},
	};
}
