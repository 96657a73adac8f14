import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../common/errors';
import { FieldError } from '../common/validation';

/** Error context keys that a failed item carries into its output JSON. */
const CONTEXT_KEYS = ['provider', 'providerCode', 'field', 'outcomeUnknown', 'conflict', 'idempotencyKey', 'redirectHost'];

/** A bad field becomes an error naming the item (0-based, as in n8n's item list) and the field. */
export function itemError(node: INode, itemIndex: number, error: unknown): NodeError {
	if (error instanceof FieldError) {
		// The message names the field; a message that already does ("Channel ID … must be …") is kept as it is.
		const named = error.message.toLowerCase().includes(error.field.toLowerCase().replace(/s$/, ''));
		const text = named ? error.message : `${error.field}: ${error.message}`;
		return new NodeOperationError(node, `Item ${itemIndex}: ${text}`, {
			itemIndex,
			description: `Field "${error.field}". ${error.hint ?? 'Correct the value in this item and run the node again.'}`,
		});
	}
	const failure = asNodeError(node, error);
	if (failure instanceof NodeOperationError && failure.context.itemIndex === undefined) failure.context.itemIndex = itemIndex;
	return failure;
}

/**
 * The item n8n users expect from a failed item under "Continue" or "Continue (using error output)". For
 * the latter the error rides on the item too, which is how n8n routes it to the error output.
 */
export function errorItem(node: INode, error: NodeError, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const json: IDataObject = { ...extra, error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		for (const key of CONTEXT_KEYS) if (error.context[key] !== undefined) json[key] = error.context[key];
	}
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (node.onError === 'continueErrorOutput') item.error = error as NodeApiError | NodeOperationError;
	return item;
}

/** Whether a failed item's outcome is unknown: the provider may have processed it. */
export const isOutcomeUnknown = (error: unknown): boolean =>
	error instanceof NodeApiError && error.context.outcomeUnknown === true;
