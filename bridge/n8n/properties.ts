import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { PROVIDER_IDS } from '../model';
import { PROVIDERS } from '../providers';

/** The node parameters every node shares, generated from the provider registry (no node lists providers). */

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDER_IDS.map((id) => ({ name: PROVIDERS[id].displayName, value: id })),
	default: 'noxivo',
	description: 'The WhatsApp provider your account is with; it selects the credential',
};

/**
 * n8n-core's RoutingNode picks one of several credentials through a parameter named `authentication`
 * (TOOLCHAIN.md). It follows `provider`, so users only ever choose the provider.
 */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'hidden',
	default: '={{ $parameter["provider"] }}',
};

/**
 * One credential per provider. `provider` comes first: n8n shows a credential when its displayOptions match
 * and treats the expression-valued `authentication` as a match, so the editor shows only the chosen
 * provider's credential while RoutingNode resolves `authentication` to the same provider.
 */
export function providerCredentials(): INodeCredentialDescription[] {
	return PROVIDER_IDS.map((id) => ({
		name: PROVIDERS[id].credentialType,
		required: true,
		displayOptions: { show: { provider: [id], authentication: [id] } },
	}));
}

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's original record as `raw` to each item",
};

export function limitProperty(): INodeProperties {
	return {
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	};
}
