import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nameTheClash } from '../../common/errors';
import { byDisplayName, showFor, shownWhereSet } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import { compact, describeType, FieldError, optionalText, optionsOf, requiredText } from '../../common/validation';
import { isBlank } from '../../common/values';
import { getHeader, providerRequest } from '../../transport';
import type { LinkCapability } from '../types';
import {
	shortifyBodyCheck,
	DESTINATION_URL_DESCRIPTION,
	DESTINATION_URL_PLACEHOLDER,
	destinationUrlOption,
	readShortifyFields,
	SHORTIFY_URL_LABELS,
	shortifyLinkOptions,
} from './fields';
import { shortifySpec } from './spec';

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
		displayName: SHORTIFY_URL_LABELS.url,
		name: 'shortifyUrl',
		type: 'string',
		default: '',
		placeholder: DESTINATION_URL_PLACEHOLDER,
		description: DESTINATION_URL_DESCRIPTION,
		displayOptions: showFor('shortify'),
	},
	{
		displayName: 'Additional Fields',
		name: 'shortifyFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('shortify'),
		options: byDisplayName([
			// Destination URL was an option here before it moved to the top level; the top-level field wins.
			...shortifyLinkOptions(
				shownWhereSet({
					...destinationUrlOption,
					displayName: 'Destination URL (Moved)',
					description: 'Set here by an earlier version of this node. Use Destination URL above instead: it wins when both are set.',
				}),
			),
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Shortify replays the first answer for 24 hours when the same key and body come again. Empty generates one per item, kept across retries; set your own (e.g. from a record ID) to make re-runs of the workflow safe too.',
			},
		]),
	},
];

/** The API body plus the idempotency key that goes in the header. */
export interface ShortifyLinkPayload extends IDataObject {
	body: IDataObject;
	idempotencyKey: string;
}

const checkCreateBody = shortifyBodyCheck({ deepLinkAppId: requiredText('Deep Link App ID') }, { deepLinkAppId: 'Deep Link App ID' });

export function readShortifyLink(item: ItemParams): ShortifyLinkPayload {
	const { idempotencyKey, url: movedUrl, ...fields } = readShortifyFields(item.get('shortifyFields', {}), 'Additional Fields', optionsOf(shortifyLinkFields, 'shortifyFields'), item.timezone, {
		// Read whatever its type; an invalid key is reported by readIdempotencyKey.
		idempotencyKey: (raw) => raw,
		// Named as the field it moved to.
		url: (raw) => optionalText(raw, SHORTIFY_URL_LABELS.url),
	});
	const body = compact({
		deepLinkAppId: optionalText(item.get('shortifyDeepLinkAppId', ''), 'Deep Link App ID'),
		url: optionalText(item.get('shortifyUrl', ''), SHORTIFY_URL_LABELS.url) ?? movedUrl,
		...fields,
	});
	const checked = checkCreateBody(body);
	return { body: checked, idempotencyKey: readIdempotencyKey(idempotencyKey) ?? item.stableKey(JSON.stringify(checked)) };
}

/** A key given as text, or as a number (`{{ $json.id }}`) sent as its text. Empty: undefined. */
function readIdempotencyKey(value: unknown): string | undefined {
	if (isBlank(value)) return undefined;
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
	apiNames: { shortifyDeepLinkAppId: 'deepLinkAppId', shortifyUrl: 'url' },
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
