import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readAdjustLink } from '../link';
import { adjustUpdateLinkFields, parseAdjustShortToken, updateAdjustShortLink } from './api';
import type { ManageOperation } from '../../types';

export const description: INodeProperties[] = adjustUpdateLinkFields('update');

export const update: ManageOperation<{ shortToken: string; payload: IDataObject }> = {
	writes: true,
	prepare: (item) => ({
		shortToken: parseAdjustShortToken(item.get('adjustShortLink', '')),
		// The same Link Generation Payload and checks as Create Deep Link.
		payload: readAdjustLink(item),
	}),
	async execute(context, { shortToken, payload }, itemIndex, options) {
		return [await updateAdjustShortLink(context, shortToken, payload, itemIndex, options)];
	},
};
