import type { INodeProperties } from 'n8n-workflow';

import { getAdjustQuota } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [];

export const getQuota: ManageOperation<null> = {
	writes: false,
	prepare: () => null,
	async execute(context, _payload, itemIndex, options) {
		const quota = await getAdjustQuota(context, itemIndex, options);
		if (typeof quota.notice === 'string') context.addExecutionHints({ message: quota.notice, location: 'outputPane' });
		return [quota];
	},
};
