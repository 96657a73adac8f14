import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

/** n8n errors pass through; anything else is wrapped so the UI shows node and context. */
export const asNodeError = (node: INode, error: unknown): NodeError =>
	error instanceof NodeError ? error : new NodeOperationError(node, error as Error);

/**
 * The item n8n users expect from a failed item under "Continue" or "Continue (using error output)". For the
 * latter the error rides on the item too, which is how n8n knows to route it to the error output.
 */
export function errorItem(node: INode, error: NodeError, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const json: IDataObject = { ...extra, error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		for (const key of ['provider', 'providerCode', 'field', 'outcomeUnknown', 'conflict', 'idempotencyKey']) {
			if (error.context[key] !== undefined) json[key] = error.context[key];
		}
	}
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (node.onError === 'continueErrorOutput') item.error = error as NodeApiError | NodeOperationError;
	return item;
}
