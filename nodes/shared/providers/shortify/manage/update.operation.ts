import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	parseShortifyLinkReference,
	resolveShortifyLinkId,
	shortifyUpdateBody,
	shortifyUpdateFieldOptions,
	updateShortifyLink,
} from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'shortifyUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { provider: ['shortify'], operation: ['update'] } },
		options: shortifyUpdateFieldOptions(),
	},
];

export const update: ManageOperation<{ reference: string; patch: IDataObject }> = {
	writes: true,
	prepare: (item) => ({
		reference: parseShortifyLinkReference(item.get('shortifyLink', '')),
		patch: shortifyUpdateBody(item.get<IDataObject>('shortifyUpdateFields', {}), item.timezone),
	}),
	async execute(context, { reference, patch }, itemIndex, options) {
		const id = await resolveShortifyLinkId(context, reference, itemIndex, options);
		return [await updateShortifyLink(context, id, patch, itemIndex, options)];
	},
};
