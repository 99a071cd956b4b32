import {
	NodeConnectionTypes,
	type IExecuteSingleFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { BridgeError } from '../errors';
import { PROVIDERS, PROVIDER_IDS } from '../providers';
import { DEFAULT_RETRY_POLICY } from '../retry';
import type { TransportSettings } from './transport';

/** The node parameters every node shares, generated from the provider registry (no node lists providers). */

const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDER_IDS.map((id) => ({ name: PROVIDERS[id].displayName, value: id })),
	// A literal: n8n's lint (node-param-default-missing) does not take an expression here.
	default: 'noxivo',
	description:
		'The WhatsApp provider your account is with; the credential list below shows only its credentials',
};

/** The providers by name, for node descriptions: "Noxivo Engine, Vobiz, 99digital or WhatsApp Inbox API". */
export const providerNames = PROVIDER_IDS.map((id) => PROVIDERS[id].displayName)
	.join(', ')
	.replace(/, ([^,]*)$/, ' or $1');

/** Where the editor draws the credential list: right under Provider, which decides what it holds. */
const credentialSlotProperty: INodeProperties = {
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
const authenticationProperty: INodeProperties = {
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
 *
 * n8n 2.41's editor preselects a credential only on a node that holds none, and keeps a credential hidden by a
 * change of Provider until another is picked (which drops it); no declaration changes that, so after a switch
 * the user picks the new provider's credential once (test/e2e/editor.js checks both).
 */
function providerCredentials(): INodeCredentialDescription[] {
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

/** n8n's own per-request timeout for routing requests (RoutingNode), kept as the default. */
const DEFAULT_TIMEOUT_SECONDS = 300;

/** Timeout and retries of the provider requests, under every action node's Options. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description: 'How long to wait for the provider to answer one request',
	},
	{
		displayName: 'Retry Transient Errors',
		name: 'retryTransientErrors',
		type: 'boolean',
		default: true,
		description:
			"Whether to try a request again after a rate limit (429), a 502/503/504, a dropped connection or a timeout, with growing waits and the provider's Retry-After. A send is retried only where that cannot send it twice.",
	},
	{
		displayName: 'Retry Max Tries',
		name: 'retryMaxTries',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 4, // DEFAULT_RETRY_POLICY.maxAttempts (n8n's lint wants a literal)
		description: 'The most tries of one request, the first one included',
	},
	{
		displayName: 'Retry Max Wait (Seconds)',
		name: 'retryMaxWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60, // DEFAULT_RETRY_POLICY.maxTotalWaitMs
		description:
			'The most time to wait in all between the tries of one request; a longer Retry-After fails at once',
	},
];

/** The request settings an item's options give, checked. */
export function transportSettingsOf(ctx: IExecuteSingleFunctions): TransportSettings {
	const timeout = Number(ctx.getNodeParameter('options.timeout', DEFAULT_TIMEOUT_SECONDS));
	const retry = ctx.getNodeParameter('options.retryTransientErrors', true) !== false;
	const maxTries = Number(
		ctx.getNodeParameter('options.retryMaxTries', DEFAULT_RETRY_POLICY.maxAttempts),
	);
	const maxWait = Number(
		ctx.getNodeParameter('options.retryMaxWait', DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000),
	);
	if (!(timeout > 0))
		throw new BridgeError(
			'input',
			`Timeout must be a number of seconds above 0, not ${String(timeout)}`,
			{ field: 'options.timeout' },
		);
	if (!Number.isInteger(maxTries) || maxTries < 1) {
		throw new BridgeError(
			'input',
			`Retry Max Tries must be a whole number of 1 or more, not ${String(maxTries)}`,
			{ field: 'options.retryMaxTries' },
		);
	}
	if (!(maxWait >= 0))
		throw new BridgeError(
			'input',
			`Retry Max Wait must be a number of seconds of 0 or more, not ${String(maxWait)}`,
			{ field: 'options.retryMaxWait' },
		);
	return {
		timeoutMs: timeout * 1000,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxAttempts: retry ? maxTries : 1,
			maxTotalWaitMs: maxWait * 1000,
		},
	};
}

/** The three fields every node starts with: Provider, the credential list right under it, and the hidden authentication. */
export function providerFields(): INodeProperties[] {
	return [providerProperty, credentialSlotProperty, authenticationProperty];
}

/** What every routing (action) node declares alike: one input, one output, the providers' credentials, the base URL. */
export function routingNodeBase(): Pick<
	INodeTypeDescription,
	'inputs' | 'outputs' | 'credentials' | 'requestDefaults'
> {
	return {
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(),
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
	};
}

/** What both triggers declare alike: no input, one output, the providers' credentials. */
export function triggerNodeBase(): Pick<
	INodeTypeDescription,
	'inputs' | 'outputs' | 'credentials'
> {
	return { inputs: [], outputs: [NodeConnectionTypes.Main], credentials: providerCredentials() };
}

/** A node's "Options" collection (n8n's usual name and placeholder), holding `options` in the order given. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
