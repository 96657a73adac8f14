import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { encodePathSegment, providerRequest } from '../../../transport';
import type { AdjustQuota } from '../quota';
import { parseAdjustQuota, quotaExhaustionReason } from '../quota';
import { adjustSpec } from '../spec';
import { FieldError, isHttpUrl, optionalText } from '../../../common/validation';
import type { RequestOptions } from '../../types';
import { ADJUST_SHORT_TOKEN, adjustLinkFields } from '../link';

/** A short link given as its URL (https://example.go.link/4IlkC) or as its token (4IlkC) → the token. */
export function parseAdjustShortToken(value: unknown, field = 'Short Link'): string {
	const text = optionalText(value, field)?.trim() ?? '';
	if (!text) throw new FieldError(field, 'Short Link is required', 'Give the short link, e.g. https://example.go.link/4IlkC, or its token 4IlkC.');
	let token = text;
	if (/^https?:\/\//i.test(text)) {
		if (!isHttpUrl(text)) throw new FieldError(field, `Short Link is not a valid URL: "${text}"`);
		const url = new URL(text);
		token = url.pathname.split('/').filter(Boolean).pop() ?? '';
		if (!token) {
			throw new FieldError(
				field,
				`"${text}" has no short token in its path`,
				url.searchParams.has('adj_t')
					? 'This is a long link. Give the short link, e.g. https://example.go.link/4IlkC.'
					: 'Give the short link, e.g. https://example.go.link/4IlkC, or its token 4IlkC.',
			);
		}
	}
	if (!ADJUST_SHORT_TOKEN.test(token)) {
		throw new FieldError(field, `Short token "${token}" may only contain letters, digits, "-" and "_"`);
	}
	return token;
}

export function parseAdjustAppToken(value: unknown, field = 'App Token'): string {
	const text = optionalText(value, field)?.trim() ?? '';
	if (!text) throw new FieldError(field, 'App Token is required', 'Your app token from the Adjust dashboard, e.g. zgvhg75bw83k.');
	if (!/^[A-Za-z0-9]+$/.test(text)) throw new FieldError(field, `App Token must be letters and digits, got "${text}"`);
	return text;
}

/**
 * Create Deep Link's Adjust fields, reused for Update (same parameter names, so readAdjustLink reads them),
 * minus the custom short token: the short link being updated keeps its token.
 */
export const adjustUpdateLinkFields = (operation: string): INodeProperties[] =>
	adjustLinkFields.map((property) => ({
		...property,
		displayOptions: { show: { provider: ['adjust'], operation: [operation] } },
		...(property.name === 'adjustFields'
			? { options: (property.options as INodeProperties[]).filter((option) => option.name !== 'shortCode') }
			: {}),
	}));

const withQuota = (output: IDataObject, quota: AdjustQuota | undefined): IDataObject => (quota ? { ...output, quota: { ...quota } } : output);

/** GET /engage/deep-links/short-link?short_token=&app_token= */
export async function getAdjustShortLink(
	context: IExecuteFunctions,
	shortToken: string,
	appToken: string,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const response = await providerRequest.call(context, adjustSpec, {
		method: 'GET',
		path: '/engage/deep-links/short-link',
		qs: { short_token: shortToken, app_token: appToken },
		itemIndex,
		...options,
	});
	return withQuota({ provider: 'adjust', ...((response.body ?? {}) as IDataObject) }, parseAdjustQuota(response.headers));
}

/** PUT /engage/deep-links/{short_token} with a Link Generation Payload; Adjust answers 204 No Content. */
export async function updateAdjustShortLink(
	context: IExecuteFunctions,
	shortToken: string,
	payload: IDataObject,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const response = await providerRequest.call(context, adjustSpec, {
		method: 'PUT',
		path: `/engage/deep-links/${encodePathSegment(shortToken)}`,
		body: payload,
		itemIndex,
		...options,
	});
	return withQuota(
		{
			provider: 'adjust',
			short_token: shortToken,
			updated: true,
			statusCode: response.statusCode,
			message: `Adjust updated the redirect target of short link ${shortToken}. The short link itself is unchanged.`,
			link: payload,
		},
		parseAdjustQuota(response.headers),
	);
}

/** GET /engage/deep-links/quota: the body, plus the quota headers and a notice when short links are unavailable. */
export async function getAdjustQuota(
	context: IExecuteFunctions,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const response = await providerRequest.call(context, adjustSpec, {
		method: 'GET',
		path: '/engage/deep-links/quota',
		itemIndex,
		...options,
	});
	const body = (response.body ?? {}) as IDataObject;
	const remaining = typeof body.remaining === 'number' ? body.remaining : undefined;
	const status = typeof body.contract_status === 'string' ? body.contract_status.toLowerCase() : undefined;
	const fromBody: AdjustQuota = {
		shortLinksAvailable: !(remaining !== undefined && remaining <= 0) && status !== 'inactive',
		limit: typeof body.limit === 'number' ? body.limit : undefined,
		remaining,
		contractStatus: status,
		contractEndDate: typeof body.contract_end_date === 'string' ? body.contract_end_date : undefined,
	};
	const output: IDataObject = { provider: 'adjust', ...body, shortLinksAvailable: fromBody.shortLinksAvailable };
	const reason = quotaExhaustionReason(fromBody);
	if (reason) output.notice = `Adjust will answer with long links instead of short ones: ${reason}.`;
	return withQuota(output, parseAdjustQuota(response.headers));
}
