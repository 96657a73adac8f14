import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { manageDeepLink } from '../shared/actions/manageDeepLink';
import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

const providers = providersWith('manage');

export class ManageDeepLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manage Deep Link',
		name: 'manageDeepLink',
		icon: { light: 'file:manageDeepLink.svg', dark: 'file:manageDeepLink.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitle('manage', providers.flatMap((spec) => spec.manage.properties)),
		description: 'Read, update, delete, archive or list existing deep links, and read the Adjust short link quota',
		defaults: { name: 'Manage Deep Link' },
		usableAsTool: {
			replacements: {
				description:
					'Reads, updates, archives or deletes an existing deep link, lists Shortify links, or reads the Adjust short-link quota. Identify the link by its URL, short token or ID.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('manage', (spec) => !spec.manage?.unsupported),
		properties: [
			providerProperty('manage', 'The deep-linking service that holds the link. Each offers the operations its API has.'),
			...providerNotices('manage', (spec) => (spec.manage?.unsupported ? undefined : credentialNotice('Works on the links')(spec))),
			...providers.flatMap((spec) => spec.manage.properties),
			{ ...requestOptions(), displayOptions: { hide: { provider: providers.filter((spec) => spec.manage.unsupported).map((spec) => spec.id) } } },
		],
	};

	methods = {
		listSearch: Object.assign({}, ...providers.map((spec) => spec.manage.listSearch ?? {})),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await manageDeepLink(this);
	}
}
