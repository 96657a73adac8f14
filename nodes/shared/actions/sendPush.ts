import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PushPayload } from '../providers/kumulos/push';
import { readKumulosPush, sendKumulosPush } from '../providers/kumulos/push';
import type { ProviderId } from '../providers/registry';
import { FieldError, invalidItemError } from '../validation';
import { asNodeError, errorItem } from './errorItem';

/** Push providers Send Push offers; another provider adds an entry here. */
const PUSH_PROVIDERS: Record<string, { read: typeof readKumulosPush; send: typeof sendKumulosPush }> = {
	kumulos: { read: readKumulosPush, send: sendKumulosPush },
};

/**
 * Send Push: one notification per item, every item validated before the first send. With
 * "Broadcast Once per Execution" (default), only the first broadcast goes out; later broadcast items
 * get an output item saying they were folded into it.
 */
export async function sendPush(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const output: INodeExecutionData[] = new Array(items.length);
	const payloads: Array<{ itemIndex: number; provider: ProviderId; payload: PushPayload }> = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const provider = this.getNodeParameter('provider', itemIndex) as ProviderId;
		try {
			payloads.push({ itemIndex, provider, payload: PUSH_PROVIDERS[provider].read(this, itemIndex) });
		} catch (error) {
			const failure = error instanceof FieldError ? invalidItemError(node, itemIndex, error) : asNodeError(node, error);
			if (!this.continueOnFail()) throw failure;
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider });
		}
	}

	// Once a notification has gone out, later failures become error items instead of stopping the node:
	// stopping would hide what was sent, and n8n's Retry On Fail would send it again.
	let sentCount = 0;
	const failedAfterSending: number[] = [];
	let broadcastItem: number | undefined;
	let broadcastResult: IDataObject | undefined;
	const folded: number[] = [];
	for (const { itemIndex, provider, payload } of payloads) {
		const once = this.getNodeParameter('options.broadcastOnce', itemIndex, true) as boolean;
		if (payload.broadcast === true && once && broadcastItem !== undefined) {
			folded.push(itemIndex);
			continue;
		}
		if (payload.broadcast === true && once) broadcastItem = itemIndex;
		try {
			const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 5) as number;
			const json = await PUSH_PROVIDERS[provider].send(this, payload, itemIndex, { retry: { maxRetries } });
			if (itemIndex === broadcastItem) broadcastResult = json;
			output[itemIndex] = { json, pairedItem: { item: itemIndex } };
			sentCount++;
		} catch (error) {
			const failure = asNodeError(node, error);
			if (!this.continueOnFail()) {
				if (sentCount === 0) throw failure;
				failedAfterSending.push(itemIndex);
			}
			output[itemIndex] = errorItem(node, failure, itemIndex, { provider });
		}
	}

	for (const itemIndex of folded) {
		const sent = broadcastResult !== undefined;
		output[itemIndex] = {
			json: {
				provider: payloads.find((entry) => entry.itemIndex === itemIndex)?.provider ?? 'kumulos',
				sent: false,
				foldedIntoItem: broadcastItem,
				notificationId: broadcastResult?.id ?? null,
				message: sent
					? `Not sent: folded into the broadcast sent for item ${broadcastItem}`
					: `Not sent: folded into the broadcast of item ${broadcastItem}, which failed`,
			},
			pairedItem: { item: itemIndex },
		};
	}
	if (folded.length) {
		this.addExecutionHints({
			message: `${folded.length + 1} items asked for a broadcast; ${broadcastResult ? 'it was sent once' : 'it was tried once and failed'}, for item ${broadcastItem}. Turn off "Broadcast Once per Execution" in Options to send one broadcast per item.`,
			type: 'info',
			location: 'outputPane',
		});
	}
	if (failedAfterSending.length) {
		this.addExecutionHints({
			message: `${failedAfterSending.length} notification(s) failed (items ${failedAfterSending.join(', ')}) after ${sentCount} had been sent. The node did not stop, so that a re-run or Retry On Fail does not send those again; the failed items carry the error.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return [output];
}
