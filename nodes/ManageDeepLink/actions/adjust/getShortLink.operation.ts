import type { INodeProperties } from 'n8n-workflow';

import { getAdjustShortLink, parseAdjustAppToken, parseAdjustShortToken } from '../../../shared/providers/adjust/manage';
import { param } from '../../../shared/providers/links';
import type { ManageOperation } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'App Token',
		name: 'adjustApp',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zgvhg75bw83k',
		description: 'The token of the app the short link belongs to, from the Adjust dashboard',
		displayOptions: { show: { provider: ['adjust'], operation: ['getShortLink'] } },
	},
];

export const getShortLink: ManageOperation<{ shortToken: string; appToken: string }> = {
	prepare: (context, itemIndex) => ({
		shortToken: parseAdjustShortToken(param(context, 'adjustShortLink', itemIndex, '')),
		appToken: parseAdjustAppToken(param(context, 'adjustApp', itemIndex, '')),
	}),
	async execute(context, { shortToken, appToken }, itemIndex, options) {
		return [await getAdjustShortLink(context, shortToken, appToken, itemIndex, options)];
	},
};
