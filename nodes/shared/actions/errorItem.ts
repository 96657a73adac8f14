import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

/** n8n errors pass through; anything else is wrapped so the UI shows node and context. */
export const asNodeError = (node: INode, error: unknown): NodeError =>
	error instanceof NodeError ? error : new NodeOperationError(node, error as Error);

/** The item n8n users expect from a failed item under "Continue (using error output)" or "Continue". */
export function errorItem(error: Error, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const json: IDataObject = { ...extra, error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		for (const key of ['provider', 'providerCode', 'field', 'outcomeUnknown', 'conflict']) {
			if (error.context[key] !== undefined) json[key] = error.context[key];
		}
	}
	return { json, pairedItem: { item: itemIndex } };
}
