import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerCredentials, providerProperty, requestOptions } from '../shared/descriptions/provider';
import { kumulosManageNotice } from '../shared/providers/kumulos/manage';
import { searchShortifyLinks } from '../shared/providers/shortify/manage';
import * as adjust from './actions/adjust/Adjust.resource';
import * as branch from './actions/branch/Branch.resource';
import { router } from './actions/router';
import * as shortify from './actions/shortify/Shortify.resource';

const PROVIDERS = ['adjust', 'branch', 'kumulos', 'shortify'] as const;

export class ManageDeepLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manage Deep Link',
		name: 'manageDeepLink',
		icon: { light: 'file:manageDeepLink.svg', dark: 'file:manageDeepLink.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] ? $parameter["operation"] + " on " + $parameter["provider"] : "on " + $parameter["provider"] }}',
		description: 'Read, update, delete, archive or list existing deep links, and read the Adjust short link quota',
		defaults: { name: 'Manage Deep Link' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials([...PROVIDERS]),
		properties: [
			providerProperty([...PROVIDERS], 'The deep-linking service that holds the link. Each offers the operations its API has.'),
			kumulosManageNotice,
			...adjust.description,
			...branch.description,
			...shortify.description,
			{ ...requestOptions, displayOptions: { hide: { provider: ['kumulos'] } } },
		],
	};

	methods = {
		listSearch: { searchShortifyLinks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
