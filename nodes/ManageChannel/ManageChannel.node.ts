import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { manageChannel } from '../shared/actions/manageChannel';
import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

export class ManageChannel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manage Channel',
		name: 'manageChannel',
		icon: { light: 'file:manageChannel.svg', dark: 'file:manageChannel.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle('channels', providersWith('channels').flatMap((spec) => spec.channels.fields)),
		description: 'Create, update and delete push channels, and subscribe or unsubscribe installs and users, with Kumulos',
		defaults: { name: 'Manage Channel' },
		usableAsTool: {
			replacements: {
				description:
					'Creates, updates or deletes a Kumulos push channel, or subscribes or unsubscribes installs or users, by channel ID.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('channels'),
		properties: [
			providerProperty('channels', 'The push service that holds the channels. Each has its own credential and fields.'),
			...providerNotices('channels', credentialNotice('Changes the channels')),
			...providersWith('channels').flatMap((spec) => spec.channels.fields),
			requestOptions(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await manageChannel(this);
	}
}
