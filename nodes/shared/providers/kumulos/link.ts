import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { nameTheClash } from '../../common/errors';
import { showFor } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import { compact, httpUrl, optionalText, optionsOf, parseIsoDateTime, parseJsonObject, parseWith, readCollection } from '../../common/validation';
import { nonEmpty } from '../../common/values';
import { providerRequest } from '../../transport';
import type { LinkCapability } from '../types';
import { kumulosSpec } from './spec';

export const kumulosLinkFields: INodeProperties[] = [
	{
		displayName: 'Link Data',
		name: 'kumulosLinkData',
		type: 'json',
		required: true,
		default: '{}',
		placeholder: 'e.g. {"screen": "offer", "offerId": 42}',
		hint: "Your app's own data, with keys you choose (e.g. the screen and item to open): Kumulos hands it to your app when the link opens it, also after an install.",
		description: 'Data handed to your app when the deep link is matched. An object or JSON text.',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Desktop Web Fallback URL',
		name: 'kumulosDesktopWebFallbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/offer',
		description: 'Where desktop users land to see the content without installing the app',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Mobile Web Fallback URL',
		name: 'kumulosMobileWebFallbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://m.example.com/offer',
		description: 'A mobile-friendly page where users see the content without installing the app',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Additional Fields',
		name: 'kumulosFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('kumulos'),
		options: [
			{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: "When the link expires. It keeps working, but the SDK reports it as expired. A time without a UTC offset is read in the workflow's time zone." },
			{ displayName: 'Force Web Fallback', name: 'forceWebFallback', type: 'boolean', default: false, description: 'Whether to skip the landing page and redirect to the desktop or mobile fallback URL' },
			{ displayName: 'Jump Page Description', name: 'contentDescription', type: 'string', default: '', description: 'Context shown on the jump page' },
			{ displayName: 'Jump Page Title', name: 'contentTitle', type: 'string', default: '', description: 'Title of the jump page' },
			{ displayName: 'Lookup Limit', name: 'lookupLimit', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'How many times the link can be matched before it is reported as over its limit' },
			{ displayName: 'Reporting Meta', name: 'reportingMeta', type: 'json', default: '{}', description: 'Data attached to every event this link generates, e.g. {"campaign": "Summer Promotion"}' },
			{ displayName: 'Slug', name: 'slug', type: 'string', default: '', placeholder: 'e.g. summer-offer', description: 'The URL path of the link. Must be unique in your app; Kumulos generates one when empty.' },
			{ displayName: 'Social Card Image URL', name: 'contentImageUrl', type: 'string', default: '', placeholder: 'e.g. https://example.com/card.png', description: 'Card image when the link is shared on social media; at least 600 px wide' },
		],
	},
];

const LABELS: Record<string, string> = {
	desktopWebFallbackUrl: 'Desktop Web Fallback URL',
	mobileWebFallbackUrl: 'Mobile Web Fallback URL',
	lookupLimit: 'Lookup Limit',
	content: 'Social Card Image URL',
};

const schema = z
	.object({
		linkData: z.record(z.unknown(), { required_error: 'Link Data is required' }),
		desktopWebFallbackUrl: httpUrl('Desktop Web Fallback URL'),
		mobileWebFallbackUrl: httpUrl('Mobile Web Fallback URL'),
		lookupLimit: z.number().int('Lookup Limit must be a whole number').min(1, 'Lookup Limit must be at least 1').optional(),
		content: z.object({ imageUrl: httpUrl('Social Card Image URL').optional() }).passthrough().optional(),
	})
	.passthrough();

export type KumulosLinkPayload = IDataObject;

export function readKumulosLink(item: ItemParams): KumulosLinkPayload {
	// Every option is read by its type: text (or a number as text), true/false, a whole number from 1.
	const fields = readCollection(item.get('kumulosFields', {}), 'Additional Fields', optionsOf(kumulosLinkFields, 'kumulosFields'));
	const linkData = parseJsonObject(item.get('kumulosLinkData', '{}'), 'Link Data', 'Link Data') ?? {};
	const content = compact({ title: fields.contentTitle, description: fields.contentDescription, imageUrl: fields.contentImageUrl });
	const reportingMeta = parseJsonObject(fields.reportingMeta, 'Reporting Meta', 'Reporting Meta');
	const payload = compact({
		slug: fields.slug,
		linkData,
		desktopWebFallbackUrl: optionalText(item.get('kumulosDesktopWebFallbackUrl', ''), 'Desktop Web Fallback URL'),
		mobileWebFallbackUrl: optionalText(item.get('kumulosMobileWebFallbackUrl', ''), 'Mobile Web Fallback URL'),
		content: nonEmpty(content),
		reportingMeta: nonEmpty(reportingMeta),
		expiresAt: parseIsoDateTime(fields.expiresAt, 'Expires At', 'Expires At', item.timezone),
		lookupLimit: fields.lookupLimit,
		// Off is Kumulos's default; only "on" needs sending.
		forceWebFallback: fields.forceWebFallback === true ? true : undefined,
	});
	if (payload.desktopWebFallbackUrl === undefined) payload.desktopWebFallbackUrl = '';
	if (payload.mobileWebFallbackUrl === undefined) payload.mobileWebFallbackUrl = '';
	return parseWith(schema, payload, (path) => LABELS[String(path[0])] ?? String(path[0])) as KumulosLinkPayload;
}

/** The output item for one link of Kumulos's answer array. */
export const kumulosLinkOutput = (link: IDataObject): IDataObject => ({
	provider: 'kumulos',
	url: link.url,
	id: link.id,
	response: link,
});

export const kumulosLink: LinkCapability<KumulosLinkPayload> = {
	fields: kumulosLinkFields,
	apiNames: {
		kumulosLinkData: 'linkData',
		kumulosDesktopWebFallbackUrl: 'desktopWebFallbackUrl',
		kumulosMobileWebFallbackUrl: 'mobileWebFallbackUrl',
		contentTitle: 'title',
		contentDescription: 'description',
		contentImageUrl: 'imageUrl',
	},
	read: readKumulosLink,
	async create(context, payload, itemIndex, options) {
		// The endpoint takes an array; one link per request here, up to 500 in Bulk Create.
		const response = await nameTheClash(context.getNode(), kumulosSpec, { label: 'slug', value: payload.slug }, itemIndex, () =>
			providerRequest.call(context, kumulosSpec, {
				method: 'POST',
				host: 'links',
				path: '/v1/deep-links',
				body: [payload],
				itemIndex,
				...options,
			}),
		);
		const links = Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
		return kumulosLinkOutput(links[0] ?? {});
	},
};
