import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ShortifyListFilters } from './api';
import { listShortifyLinks, parseShortifyFilters } from './api';
import { collectionOf, FieldError, optionalBoolean, optionalInteger } from '../../../common/validation';
import type { ManageOperation } from '../../types';
import { returnAllAndLimit } from '../../../common/fields';
import { SHORTIFY_SORT_OPTIONS, shortifyDomainFilter, shortifyRecordOutput, shortifyTagFilter } from '../fields';

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
			shortifyDomainFilter,
			{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Search title, destination URL, short link, key, domain or tag name' },
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				default: 'created_at_desc',
				options: SHORTIFY_SORT_OPTIONS,
			},
			shortifyTagFilter,
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
		for await (const link of listShortifyLinks(context, filters, limit, itemIndex, options)) links.push(shortifyRecordOutput(link));
		return links;
	},
};
