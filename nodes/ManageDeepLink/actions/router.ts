import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../shared/actions/errorItem';
import { kumulosManageError } from '../../shared/providers/kumulos/manage';
import type { ProviderId } from '../../shared/providers/registry';
import { PROVIDERS } from '../../shared/providers/registry';
import { FieldError, invalidItemError } from '../../shared/validation';
import * as adjust from './adjust/Adjust.resource';
import * as branch from './branch/Branch.resource';
import * as shortify from './shortify/Shortify.resource';
import type { ManageOperation } from './types';

const OPERATIONS: Partial<Record<ProviderId, Record<string, ManageOperation<unknown>>>> = {
	adjust: adjust.operations,
	branch: branch.operations,
	shortify: shortify.operations,
};

/**
 * Every item is read and validated before the first request, so a bad item stops the run before anything
 * changes (or, with Continue On Fail, gets an error item while the others go ahead). Output keeps input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const output: INodeExecutionData[][] = items.map(() => []);
	const prepared: Array<{ itemIndex: number; provider: ProviderId; op: ManageOperation<unknown>; payload: unknown }> = [];

	const fail = (error: unknown, itemIndex: number, provider: ProviderId) => {
		const failure = error instanceof FieldError ? invalidItemError(node, itemIndex, error) : asNodeError(node, error);
		if (!this.continueOnFail()) throw failure;
		output[itemIndex] = [errorItem(node, failure, itemIndex, { provider })];
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const provider = this.getNodeParameter('provider', itemIndex) as ProviderId;
		try {
			if (provider === 'kumulos') throw kumulosManageError(node, itemIndex);
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const op = OPERATIONS[provider]?.[operation];
			if (!op) {
				throw new NodeOperationError(node, `${PROVIDERS[provider]?.name ?? provider} has no operation "${operation}"`, { itemIndex });
			}
			prepared.push({ itemIndex, provider, op, payload: await op.prepare(this, itemIndex) });
		} catch (error) {
			fail(error, itemIndex, provider);
		}
	}

	for (const { itemIndex, provider, op, payload } of prepared) {
		try {
			const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 5) as number;
			const results = await op.execute(this, payload, itemIndex, { retry: { maxRetries } });
			output[itemIndex] = results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			fail(error, itemIndex, provider);
		}
	}
	return [output.flat()];
}
