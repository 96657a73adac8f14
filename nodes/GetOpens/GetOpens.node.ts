import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getOpens } from '../shared/actions/getOpens';
import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

export class GetOpens implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Get Opens',
		name: 'getOpens',
		icon: { light: 'file:getOpens.svg', dark: 'file:getOpens.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: subtitle('opens', providersWith('opens').flatMap((spec) => spec.opens.fields)),
		description: 'Read which installs or users opened a push notification, with Kumulos',
		defaults: { name: 'Get Opens' },
		usableAsTool: {
			replacements: {
				description:
					'Returns which installs or users opened a Kumulos push notification, given its notification ID, optionally only those since a given time.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('opens'),
		properties: [
			providerProperty('opens', 'The push service that sent the notification. Each has its own credential and fields.'),
			...providerNotices('opens', credentialNotice('Reads the opens')),
			...providersWith('opens').flatMap((spec) => spec.opens.fields),
			requestOptions(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await getOpens(this);
	}
}
