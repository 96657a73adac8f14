import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { compact, httpUrl, optionsOf, parseIsoDateTime, parseJsonObject, parseList, parseWith, readCollection } from '../../common/validation';
import { nonEmpty } from '../../common/values';

/**
 * A Shortify link's fields, as Create Deep Link (Additional Fields) and Manage Deep Link → Update (Update
 * Fields) both offer them, with one reader and one URL check for both.
 */

const TRACKING_KEYS: Array<[string, string]> = [
	['utmSource', 'UTM Source'],
	['utmMedium', 'UTM Medium'],
	['utmCampaign', 'UTM Campaign'],
	['utmTerm', 'UTM Term'],
	['utmContent', 'UTM Content'],
	['ref', 'Ref'],
	['campaignId', 'Campaign ID'],
	['campaignName', 'Campaign Name'],
	['channel', 'Channel'],
	['adGroupId', 'Ad Group ID'],
	['adGroup', 'Ad Group'],
	['adId', 'Ad ID'],
	['creativeId', 'Creative ID'],
	['creative', 'Creative'],
	['keyword', 'Keyword'],
];

/** The URL fields of a link by API name, as the UI labels them. Each must be an http(s) URL. */
export const SHORTIFY_URL_LABELS: Record<string, string> = {
	url: 'Destination URL',
	expiredUrl: 'Expired URL',
	desktopOverrideUrl: 'Desktop Override URL',
	androidOverrideUrl: 'Android Override URL',
	iosOverrideUrl: 'iOS Override URL',
};

export const DESTINATION_URL_DESCRIPTION = "Where the link goes. Empty uses the app's default URL.";
export const DESTINATION_URL_PLACEHOLDER = 'e.g. https://example.com/app-open';

const overrideUrl = (name: string, platform: string): INodeProperties => ({
	displayName: SHORTIFY_URL_LABELS[name],
	name,
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/page',
	description: `Destination for ${platform} instead of the default. Must start with http:// or https://.`,
});

/**
 * The fields a link's create and update share, sorted by label. `destination` is the Destination URL
 * option: Update offers it here, Create at the top level (and here only for workflows saved with it).
 */
export const shortifyLinkOptions = (destination: INodeProperties): INodeProperties[] => [
	overrideUrl('androidOverrideUrl', 'Android'),
	{ displayName: 'Comments', name: 'comments', type: 'string', default: '', description: 'An internal note' },
	overrideUrl('desktopOverrideUrl', 'desktop and web'),
	destination,
	{ displayName: 'Expired URL', name: 'expiredUrl', type: 'string', default: '', placeholder: 'e.g. https://example.com/expired', description: 'Where traffic goes after the link expires' },
	{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: "When the link expires. A time without a UTC offset is read in the workflow's time zone." },
	overrideUrl('iosOverrideUrl', 'iOS'),
	{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. invite-abc', description: 'A custom slug: with invite-abc the link becomes your-domain/invite-abc. Shortify generates one when empty.' },
	{ displayName: 'Objects', name: 'objects', type: 'json', default: '{}', description: 'A JSON object of values attached to the link, e.g. {"campaign": "invite-2026"}' },
	{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', description: 'Protects the link with a password' },
	{ displayName: 'Tags', name: 'tags', type: 'string', default: '', placeholder: 'e.g. invite, sms', description: 'Tag names to attach, comma-separated' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'A human-readable title' },
	{
		displayName: 'Tracking',
		name: 'tracking',
		type: 'collection',
		placeholder: 'Add Tracking Field',
		default: {},
		description: 'UTM and campaign metadata stored with the link',
		options: [
			...TRACKING_KEYS.map(([name, displayName]): INodeProperties => ({ displayName, name, type: 'string', default: '' })),
			{ displayName: 'Custom Params', name: 'customParams', type: 'json', default: '{}', description: 'More tracking parameters as a JSON object' },
		],
	},
];

/** Destination URL as an option of a collection (Update Fields). */
export const destinationUrlOption: INodeProperties = {
	displayName: SHORTIFY_URL_LABELS.url,
	name: 'url',
	type: 'string',
	default: '',
	placeholder: DESTINATION_URL_PLACEHOLDER,
	description: DESTINATION_URL_DESCRIPTION,
};

/**
 * A collection's options, each read by its type: text (or a number as text) for the text fields, Tags as
 * a list, Tracking's own fields as text, Objects and Custom Params as JSON objects, Expires At as a date.
 * `readers` reads the options only one collection has (Create's Idempotency Key).
 */
export function readShortifyFields(
	value: unknown,
	label: string,
	options: readonly INodeProperties[],
	timezone: string,
	readers: Record<string, (value: unknown, label: string) => unknown> = {},
): IDataObject {
	const trackingOptions = optionsOf(options, 'tracking');
	const { tracking, objects, tags, expiresAt, ...fields } = readCollection(value, label, options, {
		...readers,
		tags: (raw, tagsLabel) => parseList(raw, tagsLabel),
		tracking: (raw, trackingLabel) => readCollection(raw, trackingLabel, trackingOptions),
	});
	const { customParams, ...trackingFields } = (tracking ?? {}) as IDataObject;
	const trackingBody = compact({ ...trackingFields, customParams: nonEmpty(parseJsonObject(customParams, 'Tracking → Custom Params', 'Custom Params')) });
	const tagList = (tags ?? []) as string[];
	return compact({
		...fields,
		objects: nonEmpty(parseJsonObject(objects, 'Objects', 'Objects')),
		tags: tagList.length ? tagList : undefined,
		expiresAt: parseIsoDateTime(expiresAt, 'Expires At', 'Expires At', timezone),
		tracking: nonEmpty(trackingBody),
	});
}

const urlSchema = z
	.object(Object.fromEntries(Object.entries(SHORTIFY_URL_LABELS).map(([name, label]) => [name, httpUrl(label).optional()])))
	.passthrough();

/** A check of a link body's URL fields (and `extra`'s) that names a failing field by its label; build it once. */
export function shortifyBodyCheck(extra: z.ZodRawShape = {}, labels: Record<string, string> = {}): (body: IDataObject) => IDataObject {
	const all = { ...SHORTIFY_URL_LABELS, ...labels };
	const schema = urlSchema.extend(extra);
	return (body) => parseWith(schema, body, (path) => all[String(path[0])] ?? String(path[0])) as IDataObject;
}

/** The list filters Manage Deep Link → List and the Deep Link Created Trigger share. */
export const shortifyDomainFilter: INodeProperties = { displayName: 'Domain', name: 'domain', type: 'string', default: '', placeholder: 'e.g. go.example.com', description: 'Only links on this domain (exact match)' };
export const shortifyTagFilter: INodeProperties = { displayName: 'Tag', name: 'tag', type: 'string', default: '', placeholder: 'e.g. invite', description: 'Only links with this tag name (exact match)' };

/** List's Sort: the values Shortify takes, with their labels. */
export const SHORTIFY_SORT_OPTIONS = [
	{ name: 'Clicks (Fewest First)', value: 'clicks_asc' },
	{ name: 'Clicks (Most First)', value: 'clicks_desc' },
	{ name: 'Created (Newest First)', value: 'created_at_desc' },
	{ name: 'Created (Oldest First)', value: 'created_at_asc' },
	{ name: 'Updated (Newest First)', value: 'updated_at_desc' },
	{ name: 'Updated (Oldest First)', value: 'updated_at_asc' },
];

export const SHORTIFY_SORTS = SHORTIFY_SORT_OPTIONS.map((option) => option.value);

/**
 * A link record as the nodes output it: `url` is the short link, as in every other node, and the
 * destination is `destinationUrl`. `shortLink` stays, for workflows that read it.
 */
export function shortifyRecordOutput(record: IDataObject): IDataObject {
	const { url, ...rest } = record;
	return { provider: 'shortify', ...rest, url: record.shortLink ?? null, destinationUrl: url ?? null };
}
