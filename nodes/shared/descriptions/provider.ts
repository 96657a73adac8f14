import type { IDataObject, IDisplayOptions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import type { ProviderId } from '../providers/registry';
import { PROVIDERS, providerOptions } from '../providers/registry';

/** The Provider dropdown: changing it swaps the fields and the credential, nothing else. */
export function providerProperty(ids: ProviderId[], description: string): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: providerOptions(ids),
		default: 'adjust',
		description,
	};
	// The first provider the node offers is its default.
	property.default = ids[0];
	return property;
}

export const providerCredentials = (ids: ProviderId[]): INodeCredentialDescription[] =>
	ids.map((id) => ({
		name: PROVIDERS[id].credentialType,
		required: true,
		displayOptions: { show: { provider: [id] } },
	}));

/** The Options collection every node that sends requests offers. */
export const requestOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 5,
			description:
				'How often one request is sent again after a rate limit (429, honouring Retry-After) or, where a repeat cannot create a duplicate, after a server or network error',
		},
	],
};

/** n8n's usual Return All / Limit pair; `show` builds the display options, with extra conditions for Limit. */
export const returnAllAndLimit = (show: (extra?: IDataObject) => IDisplayOptions): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show(),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show({ returnAll: [false] }),
	},
];
