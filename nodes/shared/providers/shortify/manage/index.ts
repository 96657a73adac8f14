import type { INodeProperties } from 'n8n-workflow';

import { searchShortifyLinks, shortifyLinkLocator } from './api';
import type { ManageCapability } from '../../types';
import * as archive from './archive.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as upd from './update.operation';
import { operationFor } from '../../../common/fields';

const operations: ManageCapability['operations'] = {
	list: list.list,
	get: get.get,
	update: upd.update,
	archive: archive.archive,
};

const properties: INodeProperties[] = [
	operationFor('shortify', 'list', [
		{ name: 'Archive', value: 'archive', action: 'Archive a link', description: 'Archive a link; its analytics history is kept' },
		{ name: 'Get', value: 'get', action: 'Get a link', description: 'Read one link' },
		{ name: 'List', value: 'list', action: 'List links', description: 'List links with search, tag, domain and archived filters' },
		{ name: 'Update', value: 'update', action: 'Update a link', description: "Change a link's editable fields" },
	]),
	shortifyLinkLocator(['get', 'update', 'archive']),
	...list.description,
	...get.description,
	...upd.description,
	...archive.description,
];

export const shortifyManage: ManageCapability = { properties, operations, listSearch: { searchShortifyLinks } };
