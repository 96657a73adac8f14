import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

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
