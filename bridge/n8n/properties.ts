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
	description: 'The WhatsApp provider your account is with; the credential list below shows only its credentials',
};

/** Where the editor draws the credential list: right under Provider, which decides what it holds. */
export const credentialSlotProperty: INodeProperties = {
	displayName: '',
	name: 'credentialSlot',
	type: 'credentials',
	default: '',
};

/**
 * n8n-core's RoutingNode picks one of several credentials through a parameter named `authentication`
 * (each credential's `displayOptions.show.authentication`); it follows `provider`, so users only ever
 * choose the provider.
 *
 * n8n's editor takes a parameter named `authentication` that credentials depend on as the node's "main
 * auth field" and then lists every credential keyed on it in one dropdown, whatever Provider says. It
 * skips a field that offers a `none` value (optional credentials), so the 'none' option below keeps the
 * editor from treating this hidden field as a credential picker; the field never holds it.
 */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'hidden',
	options: [{ name: 'Same as Provider', value: 'none' }],
	default: '={{ $parameter["provider"] }}',
};

/**
 * One credential per provider, shown for its provider only. `/provider` (the root-level path of the same
 * parameter) rather than `provider`: the editor also takes a plain-named parameter whose every value picks a
 * credential as a credential picker (and would list all providers' credentials). The expression-valued
 * `authentication` matches anything in the editor and the provider itself when RoutingNode evaluates it.
 */
export function providerCredentials(): INodeCredentialDescription[] {
	return PROVIDER_IDS.map((id) => ({
		name: PROVIDERS[id].credentialType,
		required: true,
		displayOptions: { show: { '/provider': [id], authentication: [id] } },
	}));
}

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's original record as `raw` to each item",
};
