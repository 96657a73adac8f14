import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';
import { includeHistoryOption, pollPushOpened } from '../shared/triggers';

export class PushOpenedTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Push Opened Trigger',
		name: 'pushOpenedTrigger',
		icon: { light: 'file:pushOpenedTrigger.svg', dark: 'file:pushOpenedTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: subtitle('opensTrigger', providersWith('opensTrigger').flatMap((spec) => spec.opensTrigger.fields), 'event'),
		description: 'Starts the workflow when installs or users open a push notification, with Kumulos',
		defaults: { name: 'Push Opened Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('opensTrigger'),
		properties: [
			providerProperty('opensTrigger', 'The push service that sent the notifications. Each has its own credential and fields.'),
			...providerNotices('opensTrigger', credentialNotice('Watches the notifications')),
			...providersWith('opensTrigger').flatMap((spec) => spec.opensTrigger.fields),
			requestOptions([
				includeHistoryOption(
					'Include Opens Before Activation',
					'Whether the first poll emits the opens recorded before the workflow was activated. Off: it only notes them, and later polls emit the opens that come after.',
				),
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollPushOpened(this);
	}
}
