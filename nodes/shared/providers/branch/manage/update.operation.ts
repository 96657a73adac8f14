import type { INodeProperties } from 'n8n-workflow';

import type { BranchUpdate, BranchUpdateMode } from './api';
import { branchUpdateFields, parseBranchLinkUrl, updateBranchLink } from './api';
import { byDisplayName } from '../../../common/fields';
import { FieldError, optionalChoice, optionsOf, parseJsonObject, parseList, readCollection } from '../../../common/validation';
import { BRANCH_DATA_HINT, BRANCH_DATA_PLACEHOLDER, branchAnalyticsOptions, checkBranchDataUrls } from '../link';
import { nonEmpty } from '../../../common/values';
import type { ManageOperation } from '../../types';

const show = { show: { provider: ['branch'], operation: ['update'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Update Mode',
		name: 'branchUpdateMode',
		type: 'options',
		default: 'merge',
		displayOptions: show,
		options: [
			{
				name: 'Merge',
				value: 'merge',
				description: 'Read the link, change only the given keys of its data, and write it back. Keys you leave out are kept.',
			},
			{
				name: 'Replace',
				value: 'replace',
				description: "Send the data as given. Branch replaces the link's whole data object: keys you leave out are removed.",
			},
		],
	},
	{
		displayName: 'Link Data',
		name: 'branchUpdateData',
		type: 'json',
		default: '{}',
		displayOptions: show,
		placeholder: BRANCH_DATA_PLACEHOLDER,
		hint: BRANCH_DATA_HINT,
		description:
			"Keys of the link's data dictionary, such as $fallback_url, $og_title or your own keys. In Merge mode only these keys change and a key set to null is removed; in Replace mode this becomes the whole data object. An object or JSON text.",
	},
	{
		displayName: 'Update Fields',
		name: 'branchUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
		options: byDisplayName([
			...branchAnalyticsOptions,
			{
				displayName: 'Other Fields',
				name: 'otherFields',
				type: 'json',
				default: '{}',
				description:
					'More top-level link fields as a JSON object. Alias, identity, type, app_id, domain, state, creation_source, app_short_identifier and randomized_bundle_token cannot be changed and are refused.',
			},
		]),
	},
];

export const update: ManageOperation<BranchUpdate> = {
	writes: true,
	prepare(item) {
		const url = parseBranchLinkUrl(item.get('branchUrl', ''));
		const mode = optionalChoice<BranchUpdateMode>(item.get('branchUpdateMode', 'merge'), 'Update Mode', ['merge', 'replace']) ?? 'merge';
		const data = parseJsonObject(item.get('branchUpdateData', '{}'), 'Link Data', 'Link Data');
		// In Merge mode a key set to null is removed; any other $…_url value must be a web URL.
		checkBranchDataUrls(data, 'Link Data', mode === 'merge');
		// Each option is read by its type: text (or a number as text), a bounded whole number, Tags as a list.
		const { otherFields, ...collection } = readCollection(item.get('branchUpdateFields', {}), 'Update Fields', optionsOf(description, 'branchUpdateFields'), {
			tags: (value, label) => parseList(value, label),
			otherFields: (value) => value,
		});
		const other = parseJsonObject(otherFields, 'Update Fields → Other Fields', 'Other Fields');
		const fields = branchUpdateFields(collection, other, 'Update Fields → Other Fields');
		if (!Object.keys(fields).length && !nonEmpty(data)) {
			throw new FieldError('Link Data', 'Nothing to update: set Link Data or at least one of the Update Fields');
		}
		return { url, mode, fields, data };
	},
	async execute(context, update, itemIndex, options) {
		const response = await updateBranchLink(context, update, itemIndex, options);
		return [{ provider: 'branch', url: update.url, mode: update.mode, ...response }];
	},
};
