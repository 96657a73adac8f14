import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { createLinks } from '../shared/actions/createLinks';
import { autoMappingNotices, manualFields, mappingModeProperties } from '../shared/descriptions/mapping';
import { credentialNotice, outputOptionFields, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

export class CreateDeepLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Create Deep Link',
		name: 'createDeepLink',
		icon: { light: 'file:createDeepLink.svg', dark: 'file:createDeepLink.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle('link'),
		description: 'Create one mobile deep link per item with Adjust, Branch, Kumulos or Shortify',
		defaults: { name: 'Create Deep Link' },
		usableAsTool: {
			replacements: {
				description:
					'Creates one mobile deep link with the chosen provider and returns it as url. Give the fields that provider needs: Adjust a link token, Branch link data and analytics fields, Kumulos link data and two fallback URLs, Shortify a deep-link app ID and a destination URL.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('link'),
		properties: [
			providerProperty('link', 'The deep-linking service that creates the link. Each has its own credential and fields.'),
			...providerNotices('link', credentialNotice('Creates the link')),
			...mappingModeProperties([{ versions: [1], value: 'defineBelow' }]),
			...autoMappingNotices(),
			...manualFields(providersWith('link').flatMap((spec) => spec.link.fields)),
			requestOptions(
				outputOptionFields({
					byDefault: true,
					description: "Whether to add the provider's whole answer under response. The link and its identifiers are always at the top level.",
				}),
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await createLinks(this);
	}
}
