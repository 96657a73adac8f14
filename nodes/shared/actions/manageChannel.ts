import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ChannelRequest } from '../providers/kumulos/channels';
import { readChannelRequest, runChannelRequest } from '../providers/kumulos/channels';
import type { ProviderId } from '../providers/registry';
import { FieldError, invalidItemError } from '../validation';
import { asNodeError, errorItem } from './errorItem';

/** Manage Channel: every item validated before the first request; one output item per input item. */
export async function manageChannel(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const output: INodeExecutionData[] = new Array(items.length);
	const requests: Array<{ itemIndex: number; provider: ProviderId; request: ChannelRequest }> = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const provider = this.getNodeParameter('provider', itemIndex) as ProviderId;
		try {
			requests.push({ itemIndex, provider, request: readChannelRequest(this, itemIndex) });
		} catch (error) {
			const failure = error instanceof FieldError ? invalidItemError(node, itemIndex, error) : asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider });
		}
	}

	let rejected = 0;
	for (const { itemIndex, provider, request } of requests) {
		try {
			const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 5) as number;
			const json = await runChannelRequest(this, request, itemIndex, { retry: { maxRetries } });
			if (Array.isArray(json.rejected)) rejected += json.rejected.length;
			output[itemIndex] = { json, pairedItem: { item: itemIndex } };
		} catch (error) {
			const failure = asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider, operation: request.operation });
		}
	}
	if (rejected) {
		this.addExecutionHints({
			message: `Kumulos rejected ${rejected} ID(s) as unknown; they are listed in "rejected". The IDs listed in "subscribed" or "unsubscribed" were applied.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return [output];
}
