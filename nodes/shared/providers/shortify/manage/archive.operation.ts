import type { INodeProperties } from 'n8n-workflow';

import { archiveShortifyLink, parseShortifyLinkReference, resolveShortifyLinkId } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = [];

export const archive: ManageOperation<string> = {
	writes: true,
	prepare: (item) => parseShortifyLinkReference(item.get('shortifyLink', '')),
	async execute(context, reference, itemIndex, options) {
		const id = await resolveShortifyLinkId(context, reference, itemIndex, options);
		return [await archiveShortifyLink(context, id, itemIndex, options)];
	},
};
