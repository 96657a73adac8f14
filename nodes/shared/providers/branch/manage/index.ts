import type { INodeProperties } from 'n8n-workflow';

import type { ManageCapability } from '../../types';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as upd from './update.operation';
import { operationFor } from '../../../common/fields';

const operations: ManageCapability['operations'] = {
	get: get.get,
	update: upd.update,
	delete: del.remove,
};

const properties: INodeProperties[] = [
	operationFor('branch', 'get', [
		{ name: 'Delete', value: 'delete', action: 'Delete a link', description: 'Delete a link by its URL' },
		{ name: 'Get', value: 'get', action: 'Get a link', description: "Read a link's analytics fields and data by its URL" },
		{ name: 'Update', value: 'update', action: 'Update a link', description: "Change a link's data and analytics fields, merging by default" },
	]),
	{
		displayName: 'Link URL',
		name: 'branchUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.app.link/WgiqvsepqF',
		description: 'The full Branch link. Branch finds links by their URL.',
		displayOptions: { show: { provider: ['branch'], operation: ['get', 'update', 'delete'] } },
	},
	...upd.description,
	...get.description,
	...del.description,
];

export const branchManage: ManageCapability = { properties, operations };
