import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../actions/errorItem';

import type { RetryPolicy } from '../transport';
import { providerError } from '../transport';
import type { ProviderId } from './registry';
import { PROVIDERS } from './registry';

/** What one provider needs to create one deep link; shared by Create Deep Link and Bulk Create. */
export interface LinkProvider<Payload extends IDataObject | IDataObject[] = IDataObject> {
	/** UI parameters, shown only when this provider is selected. */
	fields: INodeProperties[];
	/** Reads and validates item `itemIndex`'s parameters into the request payload. Throws FieldError. */
	read(context: IExecuteFunctions, itemIndex: number): Payload;
	/** Sends one create and returns the output item's JSON. */
	create(context: IExecuteFunctions, payload: Payload, itemIndex: number, options?: RequestOptions): Promise<IDataObject>;
}

/** What a node's Options collection can change about every request it sends. */
export interface RequestOptions {
	retry?: Partial<RetryPolicy>;
}

export const showFor = (provider: ProviderId) => ({ show: { provider: [provider] } });

/** Reads a parameter for an item; fallbacks keep optional collection entries optional. */
export const param = <T = unknown>(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: T,
): T => context.getNodeParameter(name, itemIndex, fallback) as T;

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
 * Runs a create and, when the provider says the custom alias/slug/key is taken, rethrows an error
 * that names it and says how to fix it.
 */
export async function nameTheClash<T>(
	context: IExecuteFunctions,
	provider: ProviderId,
	clash: { label: string; value: unknown },
	itemIndex: number,
	work: () => Promise<T>,
): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (!clash.value || !isTakenError(error)) throw asNodeError(context.getNode(), error);
		const name = PROVIDERS[provider].name;
		const original = error as NodeApiError;
		const wrapped = providerError(context.getNode(), provider, {
			status: Number(original.httpCode),
			detail: {
				message: `the ${clash.label} "${String(clash.value)}" is already taken`,
				field: String(original.context.field ?? clash.label),
				code: original.context.providerCode as string | undefined,
			},
			itemIndex,
			description: `Choose another ${clash.label}, or leave it empty so ${name} generates one. ${name} said: ${String(original.context.providerMessage ?? original.message)}`,
			context: { conflict: String(clash.value) },
		});
		throw wrapped;
	}
}
