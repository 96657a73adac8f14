import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OpensJob } from '../providers';
import { runItems } from '../runner';
import { nodeProvider, requestOptionsOf } from './common';

/** Get Opens: one item per open record, or one aggregated item per input item. */
export async function getOpens(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const spec = nodeProvider(context, 'opens');
	const options = requestOptionsOf(context);
	const [output] = await runItems<OpensJob>(context, {
		read: (item) => spec.opens.read(item),
		writes: () => false,
		async execute(job, itemIndex) {
			const opens = await spec.opens.fetch(context, job, itemIndex, options);
			const { notificationId } = job;
			if (job.aggregate) return { provider: spec.id, notificationId, type: job.kind, count: opens.length, opens };
			return opens.map((open) => ({ notificationId, ...open }));
		},
		errorFields: { provider: spec.id },
		noun: { one: 'read', many: 'reads', done: 'made' },
	});
	if (!output.length && context.getInputData().length) {
		context.addExecutionHints({
			message: 'No opens found (after the Opened Since filter, if set). Choose "One Item per Notification" in Output to get an item with count 0 instead of none.',
			type: 'info',
			location: 'outputPane',
		});
	}
	return [output];
}
