import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { nameTheClash } from '../../common/errors';
import { showFor } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import {
	compact,
	describeType,
	FieldError,
	httpUrl,
	optionalText,
	optionsOf,
	parseIsoDateTime,
	parseJsonObject,
	parseList,
	parseWith,
	readCollection,
	requiredText,
} from '../../common/validation';
import { getHeader, providerRequest } from '../../transport';
import type { LinkCapability } from '../types';
import { shortifySpec } from './spec';

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

const overrideUrl = (displayName: string, name: string, platform: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/page',
	description: `Destination for ${platform} instead of the default. Must start with http:// or https://.`,
});

export const shortifyLinkFields: INodeProperties[] = [
	{
		displayName: 'Deep Link App ID',
		name: 'shortifyDeepLinkAppId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS',
		description: "The configured deep-link app. Shortify uses that app's verified domain and app-link settings.",
		displayOptions: showFor('shortify'),
	},
	{
		displayName: 'Additional Fields',
		name: 'shortifyFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('shortify'),
		options: [
			overrideUrl('Android Override URL', 'androidOverrideUrl', 'Android'),
			{ displayName: 'Comments', name: 'comments', type: 'string', default: '', description: 'An internal note' },
			overrideUrl('Desktop Override URL', 'desktopOverrideUrl', 'desktop and web'),
			{ displayName: 'Destination URL', name: 'url', type: 'string', default: '', placeholder: 'e.g. https://example.com/app-open', description: "Where the link goes. Empty uses the app's default URL." },
			{ displayName: 'Expired URL', name: 'expiredUrl', type: 'string', default: '', placeholder: 'e.g. https://example.com/expired', description: 'Where traffic goes after the link expires' },
			{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: "When the link expires. A time without a UTC offset is read in the workflow's time zone." },
			{ displayName: 'Idempotency Key', name: 'idempotencyKey', type: 'string', default: '', description: 'Shortify replays the first answer for 24 hours when the same key and body come again. Empty generates one per item, kept across retries; set your own (e.g. from a record ID) to make re-runs of the workflow safe too.' },
			overrideUrl('iOS Override URL', 'iosOverrideUrl', 'iOS'),
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
		],
	},
];

const LABELS: Record<string, string> = {
	deepLinkAppId: 'Deep Link App ID',
	url: 'Destination URL',
	expiredUrl: 'Expired URL',
	desktopOverrideUrl: 'Desktop Override URL',
	androidOverrideUrl: 'Android Override URL',
	iosOverrideUrl: 'iOS Override URL',
};

const schema = z
	.object({
		deepLinkAppId: requiredText('Deep Link App ID'),
		...Object.fromEntries(
			['url', 'expiredUrl', 'desktopOverrideUrl', 'androidOverrideUrl', 'iosOverrideUrl'].map((name) => [name, httpUrl(LABELS[name]).optional()]),
		),
	})
	.passthrough();

/** The API body plus the idempotency key that goes in the header. */
export interface ShortifyLinkPayload extends IDataObject {
	body: IDataObject;
	idempotencyKey: string;
}

/**
 * The options shared by create and update, each read by its type: text (or a number as text) for the
 * text fields, Tags as a list, Tracking's own fields as text; URLs and dates are checked after.
 */
export function readShortifyFields(value: unknown, label: string, options: readonly INodeProperties[], timezone: string): IDataObject {
	const trackingOptions = optionsOf(options, 'tracking');
	const { tracking, objects, tags, expiresAt, ...fields } = readCollection(value, label, options, {
		tags: (raw, tagsLabel) => parseList(raw, tagsLabel),
		// Read whatever its type; an invalid key is reported by readIdempotencyKey.
		idempotencyKey: (raw) => raw,
		tracking: (raw, trackingLabel) => readCollection(raw, trackingLabel, trackingOptions),
	});
	const { customParams, ...trackingFields } = (tracking ?? {}) as IDataObject;
	const custom = parseJsonObject(customParams, 'Tracking → Custom Params', 'Custom Params');
	const trackingBody = compact({ ...trackingFields, customParams: custom && Object.keys(custom).length ? custom : undefined });
	const objectsBody = parseJsonObject(objects, 'Objects', 'Objects');
	const tagList = (tags ?? []) as string[];
	return compact({
		...fields,
		objects: objectsBody && Object.keys(objectsBody).length ? objectsBody : undefined,
		tags: tagList.length ? tagList : undefined,
		expiresAt: parseIsoDateTime(expiresAt, 'Expires At', 'Expires At', timezone),
		tracking: Object.keys(trackingBody).length ? trackingBody : undefined,
	});
}

export function readShortifyLink(item: ItemParams): ShortifyLinkPayload {
	const { idempotencyKey, ...fields } = readShortifyFields(item.get('shortifyFields', {}), 'Additional Fields', optionsOf(shortifyLinkFields, 'shortifyFields'), item.timezone);
	const body = compact({ deepLinkAppId: optionalText(item.get('shortifyDeepLinkAppId', ''), 'Deep Link App ID'), ...fields });
	const checked = parseWith(schema, body, (path) => LABELS[String(path[0])] ?? String(path[0])) as IDataObject;
	return { body: checked, idempotencyKey: readIdempotencyKey(idempotencyKey) ?? item.stableKey(JSON.stringify(checked)) };
}

/** A key given as text, or as a number (`{{ $json.id }}`) sent as its text. Empty: undefined. */
function readIdempotencyKey(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw new FieldError('Idempotency Key', `Idempotency Key must be text or a number, got ${describeType(value)}`, 'Give a text such as a record ID, e.g. {{ $json.id }}.');
	}
	return value.trim() || undefined;
}

/** The output item for one created Shortify link; `replayed` when Shortify answered from its idempotency store. */
export function shortifyLinkOutput(body: IDataObject, idempotencyKey: string, headers: IDataObject = {}): IDataObject {
	const data = (body.data ?? {}) as IDataObject;
	const output: IDataObject = {
		provider: 'shortify',
		url: data.shortLink,
		id: data.id,
		key: data.key,
		idempotencyKey,
	};
	if (String(getHeader(headers, 'idempotent-replayed')).toLowerCase() === 'true') output.replayed = true;
	output.response = body;
	return output;
}

export const shortifyLink: LinkCapability<ShortifyLinkPayload> = {
	fields: shortifyLinkFields,
	apiNames: { shortifyDeepLinkAppId: 'deepLinkAppId' },
	read: readShortifyLink,
	async create(context, payload, itemIndex, options) {
		// The idempotency key makes every retry of this item replay, never duplicate.
		const response = await nameTheClash(context.getNode(), shortifySpec, { label: 'key', value: payload.body.key }, itemIndex, () =>
			providerRequest.call(context, shortifySpec, {
				method: 'POST',
				path: '/v1/deep-links',
				body: payload.body,
				idempotencyKey: payload.idempotencyKey,
				itemIndex,
				...options,
			}),
		);
		return shortifyLinkOutput((response.body ?? {}) as IDataObject, payload.idempotencyKey, response.headers);
	},
};
