import type { INodeProperties } from 'n8n-workflow';

import { getAdjustShortLink, parseAdjustAppToken, parseAdjustShortToken } from './api';
import type { ManageOperation } from '../../types';

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
	writes: false,
	prepare: (item) => ({
		shortToken: parseAdjustShortToken(item.get('adjustShortLink', '')),
		appToken: parseAdjustAppToken(item.get('adjustApp', '')),
	}),
	async execute(context, { shortToken, appToken }, itemIndex, options) {
		return [await getAdjustShortLink(context, shortToken, appToken, itemIndex, options)];
	},
};
