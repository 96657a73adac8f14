import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { LINK_PROVIDERS } from '../providers';
import type { ProviderId } from '../providers/registry';
import { FieldError, invalidItemError } from '../validation';
import { asNodeError, errorItem } from './errorItem';

/**
 * Create Deep Link: every item is validated before the first request, so a bad item stops the run
 * before anything is created (or, with Continue On Fail, gets an error item while the rest go out).
 */
export async function createLinks(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const output: INodeExecutionData[] = new Array(items.length);
	const payloads: Array<{ itemIndex: number; provider: ProviderId; payload: IDataObject }> = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const provider = this.getNodeParameter('provider', itemIndex) as ProviderId;
		try {
			payloads.push({ itemIndex, provider, payload: LINK_PROVIDERS[provider].read(this, itemIndex) });
		} catch (error) {
			const failure = error instanceof FieldError ? invalidItemError(node, itemIndex, error) : asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider });
		}
	}

	// Once a link exists, later failures become error items instead of stopping the node: stopping would
	// drop the created links from the output, and a re-run or Retry On Fail would create them again.
	let createdCount = 0;
	const failedAfterCreating: number[] = [];
	for (const { itemIndex, provider, payload } of payloads) {
		try {
			const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 5) as number;
			const json = await LINK_PROVIDERS[provider].create(this, payload, itemIndex, { retry: { maxRetries } });
			output[itemIndex] = { json, pairedItem: { item: itemIndex } };
			createdCount++;
		} catch (error) {
			const failure = asNodeError(node, error);
			if (!this.continueOnFail()) {
				if (createdCount === 0) throw failure;
				failedAfterCreating.push(itemIndex);
			}
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider });
		}
	}
	if (failedAfterCreating.length) {
		this.addExecutionHints({
			message: `${failedAfterCreating.length} link(s) failed (items ${failedAfterCreating.join(', ')}) after ${createdCount} had been created. The node did not stop, so the created links are in the output and a re-run does not create them again; the failed items carry the error.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return [output];
}
