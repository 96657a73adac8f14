import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OpensRequest } from '../providers/kumulos/opens';
import { getKumulosOpens, readOpensRequest } from '../providers/kumulos/opens';
import type { ProviderId } from '../providers/registry';
import { FieldError, invalidItemError } from '../validation';
import { asNodeError, errorItem } from './errorItem';

/** Get Opens: one item per open record, or one aggregated item per input item. */
export async function getOpens(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const output: INodeExecutionData[][] = items.map(() => []);
	const requests: Array<{ itemIndex: number; provider: ProviderId; request: OpensRequest }> = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const provider = this.getNodeParameter('provider', itemIndex) as ProviderId;
		try {
			requests.push({ itemIndex, provider, request: readOpensRequest(this, itemIndex) });
		} catch (error) {
			const failure = error instanceof FieldError ? invalidItemError(node, itemIndex, error) : asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = [errorItem(node, failure, itemIndex, { provider })];
		}
	}

	for (const { itemIndex, provider, request } of requests) {
		try {
			const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 5) as number;
			const opens = await getKumulosOpens(this, request, itemIndex, { retry: { maxRetries } });
			const { notificationId } = request;
			const type = request.operation === 'installOpens' ? 'install' : 'user';
			output[itemIndex] = request.aggregate
				? [{ json: { provider, notificationId, type, count: opens.length, opens }, pairedItem: { item: itemIndex } }]
				: opens.map((open) => ({ json: { notificationId, ...open }, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const failure = asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = [errorItem(node, failure, itemIndex, { provider })];
		}
	}
	const all = output.flat();
	if (!all.length && items.length) {
		this.addExecutionHints({
			message: 'No opens found (after the Opened Since filter, if set). Choose "One Item per Notification" in Output to get an item with count 0 instead of none.',
			type: 'info',
			location: 'outputPane',
		});
	}
	return [all];
}
