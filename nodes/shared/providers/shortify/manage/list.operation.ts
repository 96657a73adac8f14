import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ShortifyListFilters } from './api';
import { listShortifyLinks, parseShortifyFilters } from './api';
import { collectionOf, FieldError, optionalBoolean, optionalInteger } from '../../../common/validation';
import type { ManageOperation } from '../../types';
import { returnAllAndLimit } from '../../../common/fields';

const show = (extra: IDataObject = {}) => ({ show: { provider: ['shortify'], operation: ['list'], ...extra } });

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'shortifyFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(),
		options: [
			{ displayName: 'Archived', name: 'archived', type: 'boolean', default: false, description: 'Whether to list archived links instead of active ones' },
			{ displayName: 'Domain', name: 'domain', type: 'string', default: '', placeholder: 'e.g. go.example.com', description: 'Only links on this domain (exact match)' },
			{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Search title, destination URL, short link, key, domain or tag name' },
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				default: 'created_at_desc',
				options: [
					{ name: 'Clicks (Fewest First)', value: 'clicks_asc' },
					{ name: 'Clicks (Most First)', value: 'clicks_desc' },
					{ name: 'Created (Newest First)', value: 'created_at_desc' },
					{ name: 'Created (Oldest First)', value: 'created_at_asc' },
					{ name: 'Updated (Newest First)', value: 'updated_at_desc' },
					{ name: 'Updated (Oldest First)', value: 'updated_at_asc' },
				],
			},
			{ displayName: 'Tag', name: 'tag', type: 'string', default: '', placeholder: 'e.g. invite', description: 'Only links with this tag name (exact match)' },
		],
	},
];

export const list: ManageOperation<{ filters: ShortifyListFilters; limit?: number }> = {
	writes: false,
	prepare(item) {
		const filters = parseShortifyFilters(collectionOf(item.get('shortifyFilters', {}), 'Filters'));
		if (optionalBoolean(item.get<unknown>('returnAll', false), 'Return All')) return { filters };
		const limit = optionalInteger(item.get<unknown>('limit', 50), 'Limit', { min: 1 });
		if (limit === undefined) throw new FieldError('Limit', 'Limit must be a whole number of 1 or more');
		return { filters, limit };
	},
	async execute(context, { filters, limit }, itemIndex, options) {
		const links: IDataObject[] = [];
		for await (const link of listShortifyLinks(context, filters, limit, itemIndex, options)) links.push({ provider: 'shortify', ...link });
		return links;
	},
};
