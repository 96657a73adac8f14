import type { INodeProperties } from 'n8n-workflow';

import { param } from '../../../shared/providers/links';
import { archiveShortifyLink, parseShortifyLinkReference, resolveShortifyLinkId } from '../../../shared/providers/shortify/manage';
import type { ManageOperation } from '../types';

export const description: INodeProperties[] = [];

export const archive: ManageOperation<string> = {
	prepare: (context, itemIndex) => parseShortifyLinkReference(param(context, 'shortifyLink', itemIndex, '')),
	async execute(context, reference, itemIndex, options) {
		const id = await resolveShortifyLinkId(context, reference, itemIndex, options);
		return [await archiveShortifyLink(context, id, itemIndex, options)];
	},
};
