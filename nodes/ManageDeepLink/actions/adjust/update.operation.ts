import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readAdjustLink } from '../../../shared/providers/adjust/link';
import { adjustUpdateLinkFields, parseAdjustShortToken, updateAdjustShortLink } from '../../../shared/providers/adjust/manage';
import { param } from '../../../shared/providers/links';
import type { ManageOperation } from '../types';

export const description: INodeProperties[] = adjustUpdateLinkFields('update');

export const update: ManageOperation<{ shortToken: string; payload: IDataObject }> = {
	prepare: (context, itemIndex) => ({
		shortToken: parseAdjustShortToken(param(context, 'adjustShortLink', itemIndex, '')),
		// The same Link Generation Payload and checks as Create Deep Link.
		payload: readAdjustLink(context, itemIndex),
	}),
	async execute(context, { shortToken, payload }, itemIndex, options) {
		return [await updateAdjustShortLink(context, shortToken, payload, itemIndex, options)];
	},
};
