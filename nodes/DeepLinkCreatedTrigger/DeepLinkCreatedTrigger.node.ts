import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';
import { includeHistoryOption, pollLinkCreated } from '../shared/triggers';

export class DeepLinkCreatedTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deep Link Created Trigger',
		name: 'deepLinkCreatedTrigger',
		icon: { light: 'file:deepLinkCreatedTrigger.svg', dark: 'file:deepLinkCreatedTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: subtitle('linksTrigger'),
		description: 'Starts the workflow when a deep link is created, with Shortify',
		defaults: { name: 'Deep Link Created Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('linksTrigger'),
		properties: [
			providerProperty('linksTrigger', 'The deep-link service to watch. Each has its own credential and fields.'),
			...providerNotices('linksTrigger', credentialNotice('Watches the links')),
			...providersWith('linksTrigger').flatMap((spec) => spec.linksTrigger.fields),
			requestOptions([
				includeHistoryOption(
					'Include Links Before Activation',
					'Whether the first polls emit the links created before the workflow was activated, oldest first, 1,000 per poll. Off: the first poll only notes them.',
				),
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollLinkCreated(this);
	}
}
