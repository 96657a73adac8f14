import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../common/errors';
import { asObject, str } from '../../common/values';
import { providerRequest } from '../../transport';
import { failedLink, missingAnswer, settle } from '../bulkResults';
import type { BulkCapability } from '../types';
import { branchSpec } from './spec';

/** Branch's documented bulk limit is 100 KB of payload; counted in decimal so either reading of "KB" holds. */
export const BRANCH_BULK_MAX_BYTES = 100_000;

/** One link of Branch's bulk answer: `{ url }`, or `{ error }` as text (the page) or as `{ message, code }`. */
function branchBulkResult(link: IDataObject | undefined, payload: IDataObject): IDataObject {
	if (!link) return missingAnswer('branch', 'Branch');
	if (link.error === undefined || link.error === null) return { success: true, provider: 'branch', url: link.url, response: link };
	const nested = asObject(link.error);
	const code = str(nested?.code);
	const message = str(nested?.message) ?? str(link.error) ?? 'Branch refused this link';
	const clash = code === '409' || /alias/i.test(message);
	return failedLink('branch', { message, code, field: clash && payload.alias ? 'alias' : undefined });
}

export const branchBulk: BulkCapability = {
	maxBatch: 10_000,
	maxBytes: BRANCH_BULK_MAX_BYTES,
	bucket: 'post',
	async send(context, entries, options) {
		let response;
		try {
			// The credential puts the Branch key in the path; nothing dedupes a repeat, so it is never resent blindly.
			response = await providerRequest.call(context, branchSpec, {
				method: 'POST',
				path: '/v1/url/bulk',
				body: entries.map((entry) => entry.payload),
				itemIndex: entries[0].itemIndex,
				...options,
			});
		} catch (error) {
			// 413: Branch refused the whole request, so nothing was created and halves are safe to send.
			if (error instanceof NodeApiError && error.httpCode === '413' && entries.length > 1) {
				const half = Math.ceil(entries.length / 2);
				const first = await settle(branchBulk, 'branch', context, entries.slice(0, half), options);
				return first.concat(await settle(branchBulk, 'branch', context, entries.slice(half), options));
			}
			throw asNodeError(context.getNode(), error);
		}
		const links = Array.isArray(response.body) ? (response.body as unknown[]) : [];
		return entries.map((entry, index) => branchBulkResult(asObject(links[index]), entry.payload));
	},
};
