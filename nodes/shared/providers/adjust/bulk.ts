import { asObject, str } from '../../common/values';
import { providerRequest } from '../../transport';
import { failedLink } from '../bulkResults';
import type { BulkCapability } from '../types';
import { adjustLinkOutput } from './link';
import { parseAdjustQuota } from './quota';
import { adjustSpec } from './spec';

export const adjustBulk: BulkCapability = {
	maxBatch: 100,
	bucket: 'bulk',
	async send(context, entries, options) {
		// Adjust dedupes identical parameter sets, so a repeated bulk request creates nothing twice.
		const response = await providerRequest.call(context, adjustSpec, {
			method: 'POST',
			path: '/engage/deep-links/bulk',
			body: { data: entries.map((entry) => entry.payload) },
			bucket: 'bulk',
			idempotent: true,
			itemIndex: entries[0].itemIndex,
			...options,
		});
		const quota = parseAdjustQuota(response.headers);
		const data = asObject(response.body)?.data;
		const links = Array.isArray(data) ? (data as unknown[]) : [];
		return entries.map((entry, index) => {
			const link = asObject(links[index]);
			if (!link) {
				return failedLink('adjust', { message: 'Adjust answered without a result for this link. Run it again: Adjust dedupes repeated links.' });
			}
			if (link.error_code !== undefined || link.error_desc !== undefined) {
				const details = Array.isArray(link.error_desc_details) ? asObject(link.error_desc_details[0]) : undefined;
				return failedLink('adjust', {
					message: str(link.error_desc) ?? str(link.error_code) ?? 'Adjust refused this link',
					code: str(link.error_code),
					field: str(details?.field) ?? str(details?.parameter),
				});
			}
			return { success: true, ...adjustLinkOutput(link, entry.payload, quota), response: link };
		});
	},
};
