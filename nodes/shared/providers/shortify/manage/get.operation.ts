import type { INodeProperties } from 'n8n-workflow';

import { getShortifyLink, parseShortifyLinkReference, resolveShortifyLinkId } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [];

export const get: ManageOperation<string> = {
	writes: false,
	prepare: (item) => parseShortifyLinkReference(item.get('shortifyLink', '')),
	async execute(context, reference, itemIndex, options) {
		const id = await resolveShortifyLinkId(context, reference, itemIndex, options);
		return [await getShortifyLink(context, id, itemIndex, options)];
	},
};
