import type { INodeProperties } from 'n8n-workflow';

import type { ManageCapability } from '../../types';
import * as getQuota from './getQuota.operation';
import * as getShortLink from './getShortLink.operation';
import * as upd from './update.operation';
import { operationFor } from '../../../common/fields';

const operations: ManageCapability['operations'] = {
	getShortLink: getShortLink.getShortLink,
	update: upd.update,
	getQuota: getQuota.getQuota,
};

const properties: INodeProperties[] = [
	operationFor('adjust', 'getShortLink', [
		{ name: 'Get Quota', value: 'getQuota', action: 'Get the short link quota', description: 'Read the short link quota, what remains of it, and the contract status and dates' },
		{ name: 'Get Short Link', value: 'getShortLink', action: 'Get a short link', description: "Read a short link's long link, creation and expiry dates" },
		{ name: 'Update', value: 'update', action: 'Update a short link', description: 'Change where a short link redirects; the short link itself stays the same' },
	]),
	{
		displayName: 'Short Link',
		name: 'adjustShortLink',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.go.link/4IlkC',
		description: 'The short link, as its full URL or just its short token (4IlkC)',
		displayOptions: { show: { provider: ['adjust'], operation: ['getShortLink', 'update'] } },
	},
	...getShortLink.description,
	...upd.description,
	...getQuota.description,
];

export const adjustManage: ManageCapability = { properties, operations };
