import type { INodeProperties } from 'n8n-workflow';

import { parseBranchLinkUrl, readBranchLinkByUrl } from '../../../shared/providers/branch/manage';
import { param } from '../../../shared/providers/links';
import type { ManageOperation } from '../types';

export const description: INodeProperties[] = [];

export const get: ManageOperation<string> = {
	prepare: (context, itemIndex) => parseBranchLinkUrl(param(context, 'branchUrl', itemIndex, '')),
	async execute(context, url, itemIndex, options) {
		const link = await readBranchLinkByUrl(context, url, itemIndex, options);
		return [{ provider: 'branch', url, ...link }];
	},
};
