import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { str } from '../common/values';
import type { BulkCapability, BulkEntry, BulkSendOptions } from './types';

/** The output JSON of a link the provider refused. Unset details are left out. */
export function failedLink(provider: string, error: { message: string; code?: string; field?: string }, extra: IDataObject = {}): IDataObject {
	const json: IDataObject = { success: false, provider, error: error.message };
	if (error.code !== undefined) json.code = error.code;
	if (error.field !== undefined) json.field = error.field;
	return { ...json, ...extra };
}

/** The output JSON for each link of a request that failed as a whole. */
export function requestFailure(provider: string, error: unknown): IDataObject {
	if (!(error instanceof NodeApiError)) {
		return failedLink(provider, { message: error instanceof Error ? error.message : String(error) });
	}
	const context = error.context;
	const extra: IDataObject = {};
	if (error.httpCode) extra.httpCode = error.httpCode;
	if (error.description) extra.description = error.description;
	if (context.outcomeUnknown === true) extra.outcomeUnknown = true;
	if (context.conflict !== undefined) extra.conflict = context.conflict;
	return failedLink(provider, { message: error.message, code: str(context.providerCode), field: str(context.field) }, extra);
}

/** Sends part of a batch; its failure becomes results, so the other part's links are not lost. */
export async function settle(
	bulk: BulkCapability,
	provider: string,
	context: IExecuteFunctions,
	entries: BulkEntry[],
	options: BulkSendOptions,
): Promise<IDataObject[]> {
	try {
		return await bulk.send(context, entries, options);
	} catch (error) {
		const failure = requestFailure(provider, error);
		return entries.map(() => ({ ...failure }));
	}
}

/** A batch answer shorter than the batch: the provider may or may not have created the missing links. */
export const missingAnswer = (provider: string, name: string): IDataObject =>
	failedLink(
		provider,
		{ message: `${name} answered without a result for this link, so it may or may not have been created. It was not sent again.` },
		{ outcomeUnknown: true },
	);
