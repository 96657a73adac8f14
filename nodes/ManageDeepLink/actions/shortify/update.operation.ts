import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { param } from '../../../shared/providers/links';
import {
	parseShortifyLinkReference,
	resolveShortifyLinkId,
	shortifyUpdateBody,
	shortifyUpdateFieldOptions,
	updateShortifyLink,
} from '../../../shared/providers/shortify/manage';
import type { ManageOperation } from '../types';

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
	prepare: (context, itemIndex) => ({
		reference: parseShortifyLinkReference(param(context, 'shortifyLink', itemIndex, '')),
		patch: shortifyUpdateBody(param<IDataObject>(context, 'shortifyUpdateFields', itemIndex, {}), context.getTimezone()),
	}),
	async execute(context, { reference, patch }, itemIndex, options) {
		const id = await resolveShortifyLinkId(context, reference, itemIndex, options);
		return [await updateShortifyLink(context, id, patch, itemIndex, options)];
	},
};
