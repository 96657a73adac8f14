import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PushJob } from '../providers';
import { runItems } from '../runner';
import { nodeProvider, requestOptionsOf } from './common';

/** A broadcast item folded into an earlier one: nothing is sent for it. */
interface SendPushJob extends PushJob {
	foldedInto?: number;
}

/**
 * Send Push: one notification per item. With "Broadcast Once per Execution" (default), only the first
 * broadcast goes out; later broadcast items get an output item saying they were folded into it.
 */
export async function sendPush(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const spec = nodeProvider(context, 'push');
	const options = requestOptionsOf(context);
	const once = context.getNodeParameter('options.broadcastOnce', 0, true) !== false;
	let broadcastItem: number | undefined;
	let broadcastResult: IDataObject | undefined;
	let folded = 0;
	const output = await runItems<SendPushJob>(context, {
		read(item) {
			const job: SendPushJob = spec.push.read(item);
			if (job.broadcast && once) {
				if (broadcastItem === undefined) broadcastItem = item.index;
				else job.foldedInto = broadcastItem;
			}
			return job;
		},
		writes: (job) => job.foldedInto === undefined,
		sent: (job) => job.payload,
		async execute(job, itemIndex) {
			if (job.foldedInto === undefined) return await spec.push.send(context, job.payload, itemIndex, options);
			folded++;
			return {
				provider: spec.id,
				sent: false,
				foldedIntoItem: job.foldedInto,
				notificationId: broadcastResult?.id ?? null,
				message: broadcastResult
					? `Not sent: folded into the broadcast sent for item ${job.foldedInto}`
					: `Not sent: folded into the broadcast of item ${job.foldedInto}, which failed`,
			};
		},
		onResult(itemIndex, [json]) {
			if (itemIndex === broadcastItem) broadcastResult = json;
		},
		errorFields: { provider: spec.id },
		noun: { one: 'notification', many: 'notifications', done: 'sent' },
	});
	if (folded) {
		context.addExecutionHints({
			message: `${folded + 1} items asked for a broadcast; ${broadcastResult ? 'it was sent once' : 'it was tried once and failed'}, for item ${broadcastItem}. Turn off "Broadcast Once per Execution" in Options to send one broadcast per item.`,
			type: 'info',
			location: 'outputPane',
		});
	}
	return output;
}
