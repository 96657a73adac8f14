import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { nameTheClash } from '../../common/errors';
import { byDisplayName, showFor } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import { compact, describeType, FieldError, isHttpUrl, optionsOf, parseJsonObject, parseList, parseWith, readCollection } from '../../common/validation';
import { nonEmpty } from '../../common/values';
import { providerRequest } from '../../transport';
import type { LinkCapability } from '../types';
import { branchSpec } from './spec';

/** The analytics and matching fields a link's create and update share. */
export const branchAnalyticsOptions: INodeProperties[] = [
	{ displayName: 'Campaign', name: 'campaign', type: 'string', default: '', description: 'Analytics: the campaign this link belongs to' },
	{ displayName: 'Channel', name: 'channel', type: 'string', default: '', placeholder: 'e.g. facebook', description: 'Analytics: where the link is shared' },
	{ displayName: 'Feature', name: 'feature', type: 'string', default: '', placeholder: 'e.g. onboarding', description: 'Analytics: the feature the link is for' },
	{ displayName: 'Match Duration (Seconds)', name: 'duration', type: 'number', typeOptions: { minValue: 0 }, default: 7200, description: 'How long a click stays eligible to match a new app session. Branch defaults to 7200 (2 hours).' },
	{ displayName: 'Stage', name: 'stage', type: 'string', default: '', placeholder: 'e.g. new user', description: 'Analytics: the stage of the user or campaign' },
	{ displayName: 'Tags', name: 'tags', type: 'string', default: '', placeholder: 'e.g. one, two, three', description: 'Analytics tags, comma-separated. An update replaces the current tags.' },
];

/** Common keys of a link's data, for the Link Data fields' hint. */
export const BRANCH_DATA_HINT =
	'Common keys: $canonical_identifier, $desktop_url, $ios_url, $android_url, $fallback_url, $og_title, $og_description, $og_image_url; any other key is your own data for the app.';
export const BRANCH_DATA_PLACEHOLDER = 'e.g. {"$canonical_identifier": "product/42", "$desktop_url": "https://example.com/product/42", "$og_title": "Product 42"}';

export const branchLinkFields: INodeProperties[] = [
	{
		displayName: 'Link Data',
		name: 'branchData',
		type: 'json',
		default: '{}',
		placeholder: BRANCH_DATA_PLACEHOLDER,
		hint: BRANCH_DATA_HINT,
		description:
			'The data dictionary embedded in the link and handed to your app by the Branch SDK: link control keys such as $fallback_url, $desktop_url, $og_title, $canonical_identifier, plus your own keys. An object or JSON text.',
		displayOptions: showFor('branch'),
	},
	{
		displayName: 'Additional Fields',
		name: 'branchFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('branch'),
		options: byDisplayName([
			{ displayName: 'Alias', name: 'alias', type: 'string', default: '', placeholder: 'e.g. summer-sale', description: 'A vanity path instead of the random one: with summer-sale the link becomes your-domain.app.link/summer-sale. At most 128 characters; unique per domain and immutable.' },
			...branchAnalyticsOptions,
			{ displayName: 'Identity', name: 'identity', type: 'string', default: '', description: 'The user this link belongs to, if any. At most 127 characters.' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 0,
				options: [
					{ name: 'Standard', value: 0, description: 'A regular link' },
					{ name: 'One-Time Use', value: 1, description: 'Stops deep linking after one successful deep link' },
					{ name: 'Marketing', value: 2, description: 'A marketing link, as made in the dashboard' },
				],
			},
		]),
	},
];

/**
 * Branch's link control keys that hold a web address all look like `$…_url`: `$fallback_url`, `$desktop_url`,
 * `$ios_url`, `$android_url`, `$ipad_url`, `$og_image_url`, `$canonical_url`, `$after_click_url`, …
 */
export const isBranchUrlKey = (key: string): boolean => /^\$.+_url$/i.test(key);

/**
 * Refuses a `$…_url` key of a link's data that is not an http(s) URL (javascript:, file:, a custom scheme…).
 * `removable`: an update's Merge mode, where null removes the key.
 */
export function checkBranchDataUrls(data: IDataObject | undefined, field: string, removable = false): void {
	for (const [key, value] of Object.entries(data ?? {})) {
		if (!isBranchUrlKey(key) || (removable && value === null)) continue;
		if (typeof value !== 'string') {
			throw new FieldError(field, `${field} key ${key} must be an http:// or https:// URL, got ${describeType(value)}`);
		}
		if (!isHttpUrl(value.trim())) throw new FieldError(field, `${field} key ${key} must be an http:// or https:// URL`);
	}
}

const schema = z
	.object({
		alias: z.string().trim().max(128, 'Alias must be at most 128 characters').optional(),
		identity: z.string().max(127, 'Identity must be at most 127 characters').optional(),
		type: z.union([z.literal(0), z.literal(1), z.literal(2)], { errorMap: () => ({ message: 'Type must be 0 (standard), 1 (one-time use) or 2 (marketing)' }) }).optional(),
		duration: z.number().int('Match Duration must be a whole number of seconds').min(0, 'Match Duration cannot be negative').optional(),
	})
	.passthrough();

const LABELS: Record<string, string> = { alias: 'Alias', identity: 'Identity', type: 'Type', duration: 'Match Duration (Seconds)' };

export type BranchLinkPayload = IDataObject;

export function readBranchLink(item: ItemParams): BranchLinkPayload {
	// Every option is read by its type: text (or a number as text), a bounded whole number, one of Type's values.
	const fields = readCollection(item.get('branchFields', {}), 'Additional Fields', optionsOf(branchLinkFields, 'branchFields'), {
		tags: (value, label) => parseList(value, label),
	});
	const data = parseJsonObject(item.get('branchData', '{}'), 'Link Data', 'Link Data');
	checkBranchDataUrls(data, 'Link Data');
	const tags = (fields.tags ?? []) as string[];
	const payload = compact({
		...fields,
		// Branch's default type is 0; only send it when it differs.
		type: fields.type === 0 ? undefined : fields.type,
		duration: fields.duration === 7200 ? undefined : fields.duration,
		tags: tags.length ? tags : undefined,
		data: nonEmpty(data),
	});
	return parseWith(schema, payload, (path) => LABELS[String(path[0])] ?? String(path[0])) as BranchLinkPayload;
}

export const branchLink: LinkCapability<BranchLinkPayload> = {
	fields: branchLinkFields,
	apiNames: { branchData: 'data' },
	read: readBranchLink,
	async create(context, payload, itemIndex, options) {
		// Without an alias nothing dedupes a repeated POST, so the transport never repeats it blindly.
		const response = await nameTheClash(context.getNode(), branchSpec, { label: 'alias', value: payload.alias }, itemIndex, () =>
			providerRequest.call(context, branchSpec, { method: 'POST', path: '/v1/url', body: payload, itemIndex, ...options }),
		);
		const body = (response.body ?? {}) as IDataObject;
		return { provider: 'branch', url: body.url, response: body };
	},
};
