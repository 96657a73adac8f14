import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { nameTheClash } from '../../common/errors';
import { showFor } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import { compact, httpUrl, optionalText, optionsOf, parseWith, readCollection, requiredText } from '../../common/validation';
import { providerRequest } from '../../transport';
import type { LinkCapability } from '../types';
import type { AdjustQuota } from './quota';
import { parseAdjustQuota, quotaExhaustionReason } from './quota';
import { adjustSpec } from './spec';

const urlField = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/page',
	description,
});

export const adjustLinkFields: INodeProperties[] = [
	{
		displayName: 'Link Token',
		name: 'adjustLinkId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1c52mluz',
		description:
			'The link token of your Adjust custom link. For a combined link, join two tokens as tokenA_tokenB.',
		displayOptions: showFor('adjust'),
	},
	{
		displayName: 'Additional Fields',
		name: 'adjustFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('adjust'),
		options: [
			{ displayName: 'Adgroup', name: 'adgroup', type: 'string', default: '', description: 'Overrides the adgroup name from the custom link' },
			{ displayName: 'Android Deep Link Path', name: 'android_deep_link_path', type: 'string', default: '', placeholder: 'e.g. /product/42', description: 'In-app destination on Android, for multi-platform apps or combined links' },
			{ displayName: 'Campaign', name: 'campaign', type: 'string', default: '', description: 'Overrides the campaign name from the custom link' },
			{ displayName: 'Creative', name: 'creative', type: 'string', default: '', description: 'Overrides the creative name from the custom link' },
			{ displayName: 'Deep Link Path', name: 'deep_link_path', type: 'string', default: '', placeholder: 'e.g. /product/42', description: 'In-app destination, for single-platform apps' },
			urlField('Fallback URL', 'fallback', 'Landing page for users off the app platforms. Also set the macOS and Windows redirects when you set this.'),
			{ displayName: 'iOS Deep Link Path', name: 'ios_deep_link_path', type: 'string', default: '', placeholder: 'e.g. /product/42', description: 'In-app destination on iOS, for multi-platform apps or combined links' },
			{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Custom data on the link, such as a referral ID' },
			urlField('Redirect URL', 'redirect', "Overrides Adjust's default redirect"),
			urlField('Redirect URL (Android)', 'redirect_android', "Overrides Adjust's default redirect on Android only"),
			urlField('Redirect URL (iOS)', 'redirect_ios', "Overrides Adjust's default redirect on iOS only"),
			urlField('Redirect URL (macOS)', 'redirect_macos', "Overrides Adjust's default redirect on macOS"),
			urlField('Redirect URL (Windows)', 'redirect_windows', "Overrides Adjust's default redirect on Windows"),
			{ displayName: 'Short Token', name: 'shortCode', type: 'string', default: '', placeholder: 'e.g. campaign2026', description: 'A custom short token: with campaign2026 the link becomes your-domain.go.link/campaign2026. Must be unique within the branded domain.' },
			{ displayName: 'Shorten URL', name: 'shorten_url', type: 'boolean', default: true, description: 'Whether to return a short link. Adjust returns a long link when this is off, or when the short-link quota is spent.' },
			{ displayName: 'Social Preview Description', name: 'og_description', type: 'string', default: '', description: 'Description in the social sharing preview' },
			urlField('Social Preview Image URL', 'og_image', 'A JPG or PNG of at least 200 × 200 pixels for the social sharing preview'),
			{ displayName: 'Social Preview Title', name: 'og_title', type: 'string', default: '', description: 'Title in the social sharing preview' },
		],
	},
];

const URL_FIELDS = ['fallback', 'redirect', 'redirect_ios', 'redirect_android', 'redirect_macos', 'redirect_windows', 'og_image'] as const;

const LABELS: Record<string, string> = {
	link_token: 'Link Token',
	short_token: 'Short Token',
	shorten_url: 'Shorten URL',
	fallback: 'Fallback URL',
	redirect: 'Redirect URL',
	redirect_ios: 'Redirect URL (iOS)',
	redirect_android: 'Redirect URL (Android)',
	redirect_macos: 'Redirect URL (macOS)',
	redirect_windows: 'Redirect URL (Windows)',
	og_image: 'Social Preview Image URL',
};

/** Adjust's short tokens, as its short links show them: letters, digits, "-" and "_". */
export const ADJUST_SHORT_TOKEN = /^[A-Za-z0-9_-]+$/;

const schema = z
	.object({
		link_token: requiredText('Link Token').refine((value) => /^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(value), {
			message: 'Link Token must be letters and digits, or two tokens joined as tokenA_tokenB',
		}),
		shorten_url: z.boolean().optional(),
		short_token: z
			.string()
			.trim()
			.regex(ADJUST_SHORT_TOKEN, 'Short Token may only contain letters, digits, "-" and "_"')
			.optional(),
		...Object.fromEntries(URL_FIELDS.map((name) => [name, httpUrl(LABELS[name]).optional()])),
	})
	.passthrough();

export type AdjustLinkPayload = IDataObject;

/** Reads one item's Adjust link fields into the API's snake_case payload. Also used per entry in bulk. */
export function readAdjustLink(item: ItemParams): AdjustLinkPayload {
	// Every option is read by its type: text (or a number as text), true/false; URLs are checked below.
	const { shortCode, shorten_url, ...fields } = readCollection(item.get('adjustFields', {}), 'Additional Fields', optionsOf(adjustLinkFields, 'adjustFields'));
	const input: IDataObject = compact({ link_token: optionalText(item.get('adjustLinkId', ''), 'Link Token'), ...fields });
	if (shortCode !== undefined) input.short_token = shortCode;
	// Adjust shortens by default; only "off" needs sending.
	if (shorten_url === false) input.shorten_url = false;
	return parseWith(schema, input, (path) => LABELS[String(path[0])] ?? String(path[0])) as AdjustLinkPayload;
}

/** A long link carries `adj_t` in its query; a short one is just domain/token. */
export const isLongAdjustLink = (url: string, longUrl?: unknown): boolean =>
	(typeof longUrl === 'string' && longUrl === url) || /[?&]adj_t=/.test(url);

/** The output item for one Adjust link answer, with `shortened` and the reason when it is not. */
export function adjustLinkOutput(
	body: IDataObject,
	payload: AdjustLinkPayload,
	quota: AdjustQuota | undefined,
): IDataObject {
	const url = String(body.url ?? '');
	const shortened = !isLongAdjustLink(url, body.long_url);
	const output: IDataObject = { provider: 'adjust', url };
	if (body.long_url !== undefined) output.long_url = body.long_url;
	output.shortened = shortened;
	if (!shortened && payload.shorten_url !== false) {
		output.notice = `Adjust returned a long link instead of a short one: ${
			quotaExhaustionReason(quota) ?? 'its short-link quota may be spent or the contract inactive'
		}.`;
	}
	if (quota) output.quota = { ...quota };
	return output;
}

export const adjustLink: LinkCapability<AdjustLinkPayload> = {
	fields: adjustLinkFields,
	apiNames: { adjustLinkId: 'link_token', shortCode: 'short_token' },
	read: readAdjustLink,
	async create(context, payload, itemIndex, options) {
		// Adjust dedupes identical parameter sets, so a create is safe to repeat.
		const response = await nameTheClash(context.getNode(), adjustSpec, { label: 'short token', value: payload.short_token }, itemIndex, () =>
			providerRequest.call(context, adjustSpec, {
				method: 'POST',
				path: '/engage/deep-links',
				body: payload,
				bucket: 'create',
				idempotent: true,
				itemIndex,
				...options,
			}),
		);
		const body = (response.body ?? {}) as IDataObject;
		return { ...adjustLinkOutput(body, payload, parseAdjustQuota(response.headers)), response: body };
	},
};
