import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { sendPush } from '../shared/actions/sendPush';
import { credentialNotice, providerCredentials, providerNotices, providerProperty, requestOptions, subtitle } from '../shared/descriptions/provider';
import { providersWith } from '../shared/providers';

export class SendPush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send Push',
		name: 'sendPush',
		icon: { light: 'file:sendPush.svg', dark: 'file:sendPush.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle('push'),
		description: 'Send or schedule one push notification per item with Kumulos',
		defaults: { name: 'Send Push' },
		usableAsTool: {
			replacements: {
				description:
					'Sends one push notification with Kumulos and returns its notification ID. Needs a title, a message and a target: install IDs, user IDs, channels, a segment, or a broadcast to every device. Can be scheduled.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials('push'),
		properties: [
			providerProperty('push', 'The push service that sends the notification. Each has its own credential and fields.'),
			...providerNotices('push', credentialNotice('Sends the notification')),
			...providersWith('push').flatMap((spec) => spec.push.fields),
			requestOptions([
				{
					displayName: 'Broadcast Once per Execution',
					name: 'broadcastOnce',
					type: 'boolean',
					default: true,
					description:
						'Whether a broadcast is sent only once when several items ask for one. The other items get an output item saying they were folded into it.',
					displayOptions: { show: { '/kumulosBroadcast': [true] } },
				},
			]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await sendPush(this);
	}
}
