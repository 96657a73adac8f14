import type { BulkCapability } from '../types';
import type { ShortifyLinkPayload } from './link';
import { shortifyLink } from './link';

export const shortifyBulk: BulkCapability = {
	// No bulk endpoint: one create per link; its idempotency key makes every retry a replay.
	maxBatch: 1,
	bucket: 'account',
	async send(context, entries, options) {
		const [{ itemIndex, payload }] = entries;
		return [{ success: true, ...(await shortifyLink.create(context, payload as ShortifyLinkPayload, itemIndex, options)) }];
	},
};
