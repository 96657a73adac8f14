import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationFor, returnAllAndLimit } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import { FieldError, optionalBoolean, optionalChoice, optionalInteger, optionsOf, parseIsoDateTime, positiveId, readCollection } from '../../common/validation';
import { encodePathSegment, providerRequest } from '../../transport';
import type { OpensCapability, OpensJob, RequestOptions } from '../types';
import { kumulosSpec } from './spec';
import { withIsoTimes } from './times';

export type OpensOperation = 'installOpens' | 'userOpens';

const show = (extra: IDataObject = {}) => ({ show: { provider: ['kumulos'], ...extra } });

/** Kumulos Push API v1: GET /notifications/{id}/install-opens and /user-opens. */
export const kumulosOpensFields: INodeProperties[] = [
	operationFor('kumulos', 'installOpens', [
		{ name: 'Install Opens', value: 'installOpens', action: 'Get the installs that opened a notification', description: 'The install IDs that opened the notification, and when' },
		{ name: 'User Opens', value: 'userOpens', action: 'Get the users that opened a notification', description: 'The user IDs that opened the notification, and when' },
	]),
	{
		displayName: 'Notification ID',
		name: 'notificationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234',
		description: 'The ID of the notification, as returned by Send Push',
		displayOptions: show(),
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'perOpen',
		options: [
			{ name: 'One Item per Open', value: 'perOpen' },
			{ name: 'One Item per Notification', value: 'aggregate', description: 'A count and the list of opens in one item per input item' },
		],
		displayOptions: show(),
	},
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Opened Since',
				name: 'openedSince',
				type: 'dateTime',
				default: '',
				description: "Only opens recorded at or after this time, e.g. {{ $now.minus(1, 'hour') }} in a workflow that runs every hour. A time without a UTC offset is read in the workflow's time zone.",
			},
		],
	},
];

/** Reads and validates one item's Get Opens parameters. Throws FieldError. */
function readOpensRequest(item: ItemParams): OpensJob {
	const operation = optionalChoice(item.get<unknown>('operation', 'installOpens'), 'Operation', ['installOpens', 'userOpens'] as const) ?? 'installOpens';
	const notificationId = positiveId(item.get<unknown>('notificationId', ''), 'Notification ID');
	const returnAll = optionalBoolean(item.get<unknown>('returnAll', false), 'Return All') ?? false;
	let limit: number | undefined;
	if (!returnAll) {
		limit = optionalInteger(item.get<unknown>('limit', 50), 'Limit', { min: 1 });
		if (limit === undefined) throw new FieldError('Limit', 'Limit must be a whole number of at least 1');
	}
	const filters = readCollection(item.get('filters', {}), 'Filters', optionsOf(kumulosOpensFields, 'filters'));
	const iso = parseIsoDateTime(filters.openedSince, 'Opened Since', 'Opened Since', item.timezone);
	const outputMode = optionalChoice(item.get<unknown>('outputMode', 'perOpen'), 'Output', ['perOpen', 'aggregate'] as const) ?? 'perOpen';
	return {
		notificationId,
		kind: operation === 'userOpens' ? 'user' : 'install',
		limit,
		sinceMs: iso ? DateTime.fromISO(iso, { setZone: true }).toMillis() : undefined,
		aggregate: outputMode === 'aggregate',
	};
}

/** The opens of one notification, filtered by Opened Since, then cut to Limit (the endpoint has no paging). */
async function getKumulosOpens(context: IExecuteFunctions, request: OpensJob, itemIndex: number, options: RequestOptions): Promise<IDataObject[]> {
	const response = await providerRequest.call(context, kumulosSpec, {
		method: 'GET',
		host: 'push',
		path: `/notifications/${encodePathSegment(request.notificationId)}/${request.kind}-opens`,
		itemIndex,
		...options,
	});
	// openedAt as ISO 8601 in UTC, Kumulos's own text kept as openedAtRaw.
	let opens = ((Array.isArray(response.body) ? response.body : []) as IDataObject[]).map((record) => withIsoTimes(record, ['openedAt']));
	const since = request.sinceMs;
	if (since !== undefined) {
		// A record whose time cannot be read is kept: dropping it would lose an open silently.
		opens = opens.filter((record) => record.openedAtRaw === undefined || Date.parse(record.openedAt as string) >= since);
	}
	return request.limit === undefined ? opens : opens.slice(0, request.limit);
}

export const kumulosOpens: OpensCapability = { fields: kumulosOpensFields, read: readOpensRequest, fetch: getKumulosOpens };
