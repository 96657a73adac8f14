import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ChannelJob } from '../providers';
import { runItems } from '../runner';
import { nodeProvider, requestOptionsOf } from './common';

/** Manage Channel: every item validated before the first request; one output item per input item. */
export async function manageChannel(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const spec = nodeProvider(context, 'channels');
	const options = requestOptionsOf(context);
	let rejected = 0;
	const output = await runItems<ChannelJob>(context, {
		read: (item) => spec.channels.read(item),
		writes: (job) => spec.channels.writes(job),
		execute: (job, itemIndex) => spec.channels.run(context, job, itemIndex, options),
		onResult(_itemIndex, [json]) {
			if (Array.isArray(json?.rejected)) rejected += json.rejected.length;
		},
		errorFields: { provider: spec.id, operation: context.getNodeParameter('operation', 0, '') as string },
		noun: { one: 'channel change', many: 'channel changes', done: 'applied' },
	});
	if (rejected) {
		context.addExecutionHints({
			message: `${spec.name} rejected ${rejected} ID(s) as unknown; they are listed in "rejected". The IDs listed in "subscribed" or "unsubscribed" were applied.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return output;
}
