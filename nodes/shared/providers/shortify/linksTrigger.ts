import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { compact } from '../../common/validation';
import type { TransportContext } from '../../transport';
import { providerRequest } from '../../transport';
import type { LinksTriggerCapability, NodeParamReader, PolledEvent, RequestOptions } from '../types';
import { shortifyDomainFilter, shortifyRecordOutput, shortifyTagFilter } from './fields';
import { parseShortifyFilters, SHORTIFY_MAX_PAGE } from './manage/api';
import { shortifySpec } from './spec';

/** Deep Link Created Trigger on Shortify: GET /v1/deep-links, sorted created_at_desc, cursor pages. */
export const shortifyLinksTriggerFields: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'shortifyFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { provider: ['shortify'] } },
		options: [
			shortifyDomainFilter,
			{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Only links whose title, destination URL, short link, key, domain or tag name contains this text' },
			shortifyTagFilter,
		],
	},
];

/** Tag, Domain and Search, as Manage Deep Link → List reads them; the trigger always lists active links. */
function readFilters(get: NodeParamReader): IDataObject {
	const { tag, domain, search } = get<IDataObject>('shortifyFilters', {});
	return parseShortifyFilters({ tag, domain, search });
}

/** createdAt as ISO 8601 in UTC with milliseconds, or undefined when it is not a time. */
const createdAt = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
};

interface ListBody {
	data?: IDataObject[];
	pagination?: { nextCursor?: string | null };
}

async function page(
	context: TransportContext,
	filters: IDataObject,
	cursor: string | undefined,
	limit: number,
	options: RequestOptions,
): Promise<{ events: PolledEvent[]; unreadable: IDataObject[]; nextCursor?: string | null }> {
	const response = await providerRequest.call(context, shortifySpec, {
		method: 'GET',
		path: '/v1/deep-links',
		qs: compact({ ...filters, sort: 'created_at_desc', limit: Math.min(Math.max(1, limit), SHORTIFY_MAX_PAGE), cursor }),
		...options,
	});
	const body = (response.body ?? {}) as ListBody;
	const events: PolledEvent[] = [];
	const unreadable: IDataObject[] = [];
	for (const record of Array.isArray(body.data) ? body.data : []) {
		const at = createdAt(record?.createdAt);
		if (at === undefined || record.id === undefined || record.id === null) unreadable.push(record);
		else events.push({ id: String(record.id), at, record });
	}
	return { events, unreadable, nextCursor: body.pagination?.nextCursor };
}

/** The link record, with `url` as the short link (as in every other node) and the destination as `destinationUrl`. */
const output = ({ record }: PolledEvent): IDataObject => shortifyRecordOutput(record);

export const shortifyLinksTrigger: LinksTriggerCapability = {
	fields: shortifyLinksTriggerFields,
	read: readFilters,
	maxPage: SHORTIFY_MAX_PAGE,
	page,
	output,
};
