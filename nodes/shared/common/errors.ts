import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import type { TransportSpec } from '../transport';
import { providerError } from '../transport';

/** n8n errors pass through; anything else is wrapped so the UI shows node and context. */
export const asNodeError = (node: INode, error: unknown): NodeError =>
	error instanceof NodeError ? error : new NodeOperationError(node, error as Error);

/** True when a provider refused a create because its alias, slug or key already exists. */
export function isTakenError(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = error.httpCode;
	const field = String(error.context.field ?? '');
	if (status === '409') return true;
	return (
		(status === '422' || status === '400') &&
		/(slug|key|alias|short_token)$/i.test(field) &&
		/taken|exists|unique|already|in use/i.test(error.message)
	);
}

/**
 * Runs a create and, when the provider says the custom alias/slug/key is taken, rethrows an error that
 * names it, says that a link with it already exists (perhaps from an earlier run), and how to go on.
 */
export async function nameTheClash<T>(
	node: INode,
	spec: Pick<TransportSpec, 'id' | 'name'>,
	clash: { label: string; value: unknown },
	itemIndex: number,
	work: () => Promise<T>,
): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (!clash.value || !isTakenError(error)) throw asNodeError(node, error);
		const original = error as NodeApiError;
		throw providerError(node, spec, {
			status: Number(original.httpCode),
			detail: {
				message: `a link with the ${clash.label} "${String(clash.value)}" already exists`,
				field: String(original.context.field ?? clash.label),
				code: original.context.providerCode as string | undefined,
			},
			itemIndex,
			description: `If an earlier run of this workflow created it, that link is already there and nothing more is needed. Otherwise choose another ${clash.label}, or leave it empty so ${spec.name} generates one. ${spec.name} said: ${String(original.context.providerMessage ?? original.message)}`,
			context: { conflict: String(clash.value) },
		});
	}
}
