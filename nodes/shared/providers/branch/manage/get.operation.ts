import type { INodeProperties } from 'n8n-workflow';

import { parseBranchLinkUrl, readBranchLinkByUrl } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [];

export const get: ManageOperation<string> = {
	writes: false,
	prepare: (item) => parseBranchLinkUrl(item.get('branchUrl', '')),
	async execute(context, url, itemIndex, options) {
		const link = await readBranchLinkByUrl(context, url, itemIndex, options);
		return [{ provider: 'branch', url, ...link }];
	},
};
