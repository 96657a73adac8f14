import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { describeType, FieldError, positiveId } from '../../common/validation';
import type { TransportContext } from '../../transport';
import { encodePathSegment, providerRequest } from '../../transport';
import type { NodeParamReader, OpensTriggerCapability, OpensTriggerJob, PolledEvent, RequestOptions } from '../types';
import { kumulosSpec } from './spec';
import { kumulosTime } from './times';

const show = { show: { provider: ['kumulos'] } };

/** Push Opened Trigger on Kumulos Push API v1: GET /notifications/{id}/install-opens and /user-opens. */
export const kumulosOpensTriggerFields: INodeProperties[] = [
	{
		displayName: 'Notification IDs',
		name: 'notificationIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234, 1235',
		description:
			'The notifications to watch, as Send Push outputs their ID: one, a comma-separated list, or an expression that gives a list, e.g. {{ [1234, 1235] }}',
		displayOptions: show,
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'installOpens',
		displayOptions: show,
		options: [
			{ name: 'Install Opens', value: 'installOpens', description: 'An install (device) opened one of the notifications' },
			{ name: 'User Opens', value: 'userOpens', description: 'A user (by the ID your app associates) opened one of the notifications' },
		],
	},
];

const LABEL = 'Notification IDs';

/** "1, 2", 3, [1, "2"] → [1, 2, 3]: each a positive decimal id, each once, in the order given. */
export function parseNotificationIds(value: unknown): number[] {
	let parts: unknown[];
	if (Array.isArray(value)) parts = value;
	else if (typeof value === 'number') parts = [value];
	else if (typeof value === 'string') parts = value.split(/[\s,;]+/).filter((part) => part !== '');
	else if (value === undefined || value === null) parts = [];
	else throw new FieldError(LABEL, `${LABEL} must be a list of IDs, got ${describeType(value)}`, 'Give IDs separated by commas, e.g. 1234, 1235.');
	if (parts.length === 0) {
		throw new FieldError(LABEL, `${LABEL} is required`, 'Give the ID of at least one notification, as Send Push outputs it, e.g. 1234.');
	}
	const ids: number[] = [];
	for (const part of parts) {
		const id = positiveId(typeof part === 'string' ? part.trim() : part, LABEL);
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

function readJob(get: NodeParamReader): OpensTriggerJob {
	return {
		notificationIds: parseNotificationIds(get<unknown>('notificationIds', '')),
		kind: get<string>('event', 'installOpens') === 'userOpens' ? 'user' : 'install',
	};
}

const idField = (kind: OpensTriggerJob['kind']) => (kind === 'user' ? 'userId' : 'installId');

async function fetchOpens(
	context: TransportContext,
	notificationId: number,
	kind: OpensTriggerJob['kind'],
	options: RequestOptions,
): Promise<{ events: PolledEvent[]; unreadable: IDataObject[] }> {
	const response = await providerRequest.call(context, kumulosSpec, {
		method: 'GET',
		host: 'push',
		path: `/notifications/${encodePathSegment(notificationId)}/${kind}-opens`,
		...options,
	});
	const records = (Array.isArray(response.body) ? response.body : []) as IDataObject[];
	const field = idField(kind);
	const events: PolledEvent[] = [];
	const unreadable: IDataObject[] = [];
	for (const record of records) {
		const at = kumulosTime(record?.openedAt);
		if (at === undefined) unreadable.push(record);
		else events.push({ id: String(record[field] ?? ''), at, record });
	}
	return { events, unreadable };
}

function output(notificationId: number, kind: OpensTriggerJob['kind'], event: PolledEvent): IDataObject {
	const field = idField(kind);
	return {
		provider: 'kumulos',
		notificationId,
		[field]: event.record[field] ?? null,
		openedAt: event.at,
		openedAtRaw: event.record.openedAt as string,
	};
}

export const kumulosOpensTrigger: OpensTriggerCapability = { fields: kumulosOpensTriggerFields, read: readJob, fetch: fetchOpens, output };
