import type { INodeProperties } from 'n8n-workflow';

import { checkBranchDeleteCredential, deleteBranchLink, parseBranchLinkUrl } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [
	{
		displayName:
			"Deleting needs the Access Token and App ID in the Branch credential. Branch's test environment does not support deleting links.",
		name: 'branchDeleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['branch'], operation: ['delete'] } },
	},
];

export const remove: ManageOperation<string> = {
	writes: true,
	async prepare(item, context) {
		const url = parseBranchLinkUrl(item.get('branchUrl', ''));
		await checkBranchDeleteCredential(context, item.index);
		return url;
	},
	async execute(context, url, itemIndex, options) {
		const body = await deleteBranchLink(context, url, itemIndex, options);
		const deleted = body.deleted === true;
		return [
			{
				provider: 'branch',
				url: typeof body.url === 'string' ? body.url : url,
				deleted,
				...(deleted ? {} : { notice: 'Branch answered that the link was not deleted.' }),
			},
		];
	},
};
