import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import type { TransportContext } from '../../../transport';
import { shortifySpec } from '../spec';
import { encodePathSegment, paginate, providerRequest } from '../../../transport';
import { compact, FieldError, isHttpUrl, optionalBoolean, optionalText } from '../../../common/validation';
import { asObject } from '../../../common/values';
import type { RequestOptions } from '../../types';
import { destinationUrlOption, readShortifyFields, SHORTIFY_SORTS, shortifyLinkOptions, shortifyBodyCheck, shortifyRecordOutput } from '../fields';

const LIST_PATH = '/v1/deep-links';
/** Shortify's largest page. */
export const SHORTIFY_MAX_PAGE = 100;
const ID = /^[A-Za-z0-9_-]+$/;

export interface ShortifyListFilters extends IDataObject {
	search?: string;
	tag?: string;
	domain?: string;
	archived?: boolean;
	sort?: string;
}

interface ListBody {
	data?: IDataObject[];
	pagination?: { nextCursor?: string | null };
}

/** One page of GET /v1/deep-links. */
async function listPage(
	context: TransportContext,
	qs: IDataObject,
	itemIndex: number | undefined,
	options: RequestOptions,
): Promise<{ items: IDataObject[]; nextCursor?: string | null }> {
	const response = await providerRequest.call(context, shortifySpec, { method: 'GET', path: LIST_PATH, qs, itemIndex, ...options });
	const body = (response.body ?? {}) as ListBody;
	return { items: Array.isArray(body.data) ? body.data : [], nextCursor: body.pagination?.nextCursor };
}

/**
 * Every link matching the filters, or the first `limit`, through the transport's cursor paginator.
 * Each page asks only for what is still wanted, at most 100.
 */
export function listShortifyLinks(
	context: TransportContext,
	filters: ShortifyListFilters,
	limit: number | undefined,
	itemIndex: number | undefined,
	options: RequestOptions = {},
): AsyncGenerator<IDataObject> {
	return paginate<IDataObject>(
		async (cursor, wanted) =>
			await listPage(
				context,
				compact({ ...filters, limit: Math.min(wanted ?? SHORTIFY_MAX_PAGE, SHORTIFY_MAX_PAGE), cursor }),
				itemIndex,
				options,
			),
		{ limit },
	);
}

export function parseShortifyFilters(raw: IDataObject): ShortifyListFilters {
	const filters: ShortifyListFilters = {};
	const labels = { search: 'Search', tag: 'Tag', domain: 'Domain' } as const;
	for (const key of ['search', 'tag', 'domain'] as const) {
		// A number (a Search of 1042) is searched for as its text; any other type is refused, never dropped.
		const text = optionalText(raw[key], `Filters → ${labels[key]}`)?.trim();
		if (text) filters[key] = text;
	}
	const archived = optionalBoolean(raw.archived, 'Filters → Archived');
	if (archived !== undefined) filters.archived = archived;
	if (raw.sort !== undefined && raw.sort !== '') {
		if (typeof raw.sort !== 'string' || !SHORTIFY_SORTS.includes(raw.sort)) {
			throw new FieldError('Filters → Sort', `Sort must be one of ${SHORTIFY_SORTS.join(', ')}`);
		}
		filters.sort = raw.sort;
	}
	const unknown = Object.keys(raw).filter((key) => !['search', 'tag', 'domain', 'archived', 'sort'].includes(key));
	if (unknown.length) throw new FieldError('Filters', `Filters has no field "${unknown[0]}"`, 'Its fields are: Archived, Domain, Search, Sort, Tag.');
	return filters;
}

const sameLink = (a: string, b: string): boolean => {
	const norm = (value: string) => {
		const url = new URL(value);
		return `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
	};
	return norm(a) === norm(b);
};

/** A link reference → its id. A short link URL is found by searching the list (active links, then archived). */
export async function resolveShortifyLinkId(
	context: IExecuteFunctions,
	reference: string,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<string> {
	if (!isHttpUrl(reference)) return reference;
	for (const archived of [false, true]) {
		for await (const link of listShortifyLinks(context, { search: reference, archived }, undefined, itemIndex, options)) {
			if (typeof link.shortLink === 'string' && isHttpUrl(link.shortLink) && sameLink(link.shortLink, reference)) {
				return String(link.id);
			}
		}
	}
	throw new FieldError('Deep Link', `No Shortify link has the short link "${reference}"`, 'Check the URL, or pick the link from the list or give its ID (link_…).');
}

/** The resource locator's value (any mode, or a plain string from an expression) → an ID or short link URL. */
export function parseShortifyLinkReference(value: unknown): string {
	const locator = asObject(value);
	const raw = locator ? locator.value : value;
	const text = optionalText(raw, 'Deep Link')?.trim() ?? '';
	if (!text) throw new FieldError('Deep Link', 'Deep Link is required', 'Pick a link from the list, or give its ID (link_…) or its short link URL.');
	if (isHttpUrl(text) || ID.test(text)) return text;
	throw new FieldError('Deep Link', `"${text}" is neither a Shortify link ID (link_…) nor a short link URL`);
}

export const shortifyLinkLocator = (operations: string[]): INodeProperties => ({
	displayName: 'Deep Link',
	name: 'shortifyLink',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Shortify link: pick it from the list, or give its ID or its short link URL',
	displayOptions: { show: { provider: ['shortify'], operation: operations } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a link...',
			typeOptions: { searchListMethod: 'searchShortifyLinks', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. link_01HV5A4W7QJ9K2X4Q8ZW5FGZ2R',
			validation: [{ type: 'regex', properties: { regex: '^[A-Za-z0-9_-]+$', errorMessage: 'Not a Shortify link ID, e.g. link_01HV5A4W7QJ9K2X4Q8ZW5FGZ2R' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://go.example.com/invite-abc',
			hint: 'The short link. The node finds its ID by searching your links.',
			validation: [{ type: 'regex', properties: { regex: '^https?://.+', errorMessage: 'Not a short link URL, e.g. https://go.example.com/invite-abc' } }],
		},
	],
});

/** listSearch for the resource locator: one page per call, the filter as `search`, the cursor as pagination token. */
export async function searchShortifyLinks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { items, nextCursor } = await listPage(
		this,
		compact({ limit: 50, search: filter?.trim(), cursor: paginationToken }),
		undefined,
		{},
	);
	return {
		results: items.map((link) => {
			const shortLink = typeof link.shortLink === 'string' ? link.shortLink : undefined;
			const title = typeof link.title === 'string' && link.title ? link.title : undefined;
			return {
				name: title && shortLink ? `${title} (${shortLink})` : (title ?? shortLink ?? String(link.id)),
				value: String(link.id),
				...(shortLink ? { url: shortLink } : {}),
			};
		}),
		paginationToken: nextCursor || undefined,
	};
}

/** Create's editable fields, Destination URL among them; not the idempotency key (PATCH is not a create). */
export const shortifyUpdateFieldOptions = (): INodeProperties[] => shortifyLinkOptions(destinationUrlOption);

const checkUpdateBody = shortifyBodyCheck();
// One list for every item: readCollection indexes an options list once.
const updateFieldOptions = shortifyUpdateFieldOptions();

/** The PATCH body from the Update Fields collection; at least one field. */
export function shortifyUpdateBody(fields: unknown, timezone: string): IDataObject {
	const body = readShortifyFields(fields, 'Update Fields', updateFieldOptions, timezone);
	if (!Object.keys(body).length) {
		throw new FieldError('Update Fields', 'Set at least one field to update', 'Add a field under Update Fields, such as Destination URL or Expires At.');
	}
	return checkUpdateBody(body);
}

const linkOf = (body: unknown): IDataObject => shortifyRecordOutput((asObject(asObject(body)?.data) ?? {}) as IDataObject);

const linkPath = (id: string) => `${LIST_PATH}/${encodePathSegment(id)}`;

export async function getShortifyLink(context: IExecuteFunctions, id: string, itemIndex: number, options: RequestOptions = {}): Promise<IDataObject> {
	const { body } = await providerRequest.call(context, shortifySpec, { method: 'GET', path: linkPath(id), itemIndex, ...options });
	return linkOf(body);
}

/** PATCH only sets the given fields, so a repeat is harmless. */
export async function updateShortifyLink(
	context: IExecuteFunctions,
	id: string,
	patch: IDataObject,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const { body } = await providerRequest.call(context, shortifySpec, {
		method: 'PATCH',
		path: linkPath(id),
		body: patch,
		idempotent: true,
		itemIndex,
		...options,
	});
	return linkOf(body);
}

/** DELETE archives the link; its analytics history stays. */
export async function archiveShortifyLink(context: IExecuteFunctions, id: string, itemIndex: number, options: RequestOptions = {}): Promise<IDataObject> {
	const { body } = await providerRequest.call(context, shortifySpec, { method: 'DELETE', path: linkPath(id), itemIndex, ...options });
	return linkOf(body);
}
