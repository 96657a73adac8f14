import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemParams } from '../../common/params';
import {
	compact,
	FieldError,
	optionalChoice,
	optionalInteger,
	optionsOf,
	parseJsonObject,
	parseList,
	positiveId,
	readCollection,
	requiredTextValue,
} from '../../common/validation';
import { asObject, nonEmpty, str } from '../../common/values';
import { encodePathSegment, providerError, providerRequest } from '../../transport';
import type { ChannelCapability, ChannelJob, RequestOptions } from '../types';
import { kumulosSpec } from './spec';
import { withIsoTimes } from './times';
import { operationFor } from '../../common/fields';

export type ChannelOperation = 'create' | 'update' | 'delete' | 'subscribe' | 'unsubscribe';

const show = (operation: ChannelOperation[]) => ({ show: { provider: ['kumulos'], operation } });

const channelFieldOptions = (withUuid: boolean): INodeProperties[] => [
	{ displayName: 'Meta', name: 'meta', type: 'json', default: '{}', description: 'Additional data stored with the channel, e.g. {"additional": "data"}' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Friendly name of the channel. Required when Show in Portal is on.' },
	{ displayName: 'Show in Portal', name: 'showInPortal', type: 'boolean', default: false, description: 'Whether the channel is shown in the Kumulos portal' },
	...(withUuid
		? [{ displayName: 'UUID', name: 'uuid', type: 'string', default: '', description: 'New unique identifier of the channel' } as INodeProperties]
		: []),
];

/** Kumulos Push API v1 channels: /channels, /channels/{id}, /channels/{id}/subscriptions. */
export const kumulosChannelFields: INodeProperties[] = [
	operationFor('kumulos', 'create', [
		{ name: 'Create', value: 'create', action: 'Create a channel', description: 'Create a channel' },
		{ name: 'Delete', value: 'delete', action: 'Delete a channel', description: 'Delete a channel' },
		{ name: 'Subscribe', value: 'subscribe', action: 'Subscribe installs or users to a channel', description: 'Subscribe installs or users to a channel' },
		{ name: 'Unsubscribe', value: 'unsubscribe', action: 'Unsubscribe installs or users from a channel', description: 'Unsubscribe installs or users from a channel' },
		{ name: 'Update', value: 'update', action: 'Update a channel', description: 'Update a channel' },
	]),
	{
		displayName: 'Channel ID',
		name: 'channelId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12',
		description: 'The integer ID Kumulos gave the channel when it was created',
		displayOptions: show(['update', 'delete', 'subscribe', 'unsubscribe']),
	},
	{
		displayName: 'UUID',
		name: 'uuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. summer-offers',
		description: 'Unique identifier of the new channel',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'channelFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: channelFieldOptions(false),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: channelFieldOptions(true),
	},
	{
		displayName: 'Subscribers',
		name: 'subscriberType',
		type: 'options',
		default: 'installIds',
		options: [
			{ name: 'Installs', value: 'installIds' },
			{ name: 'Users', value: 'userIds' },
		],
		description: 'Whether the IDs are Kumulos install IDs or your user identifiers',
		displayOptions: show(['subscribe', 'unsubscribe']),
	},
	{
		displayName: 'IDs',
		name: 'subscriberIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. install-1, install-2',
		description: 'Comma-separated, or an array from an expression',
		displayOptions: show(['subscribe', 'unsubscribe']),
	},
	{
		displayName: 'IDs per Request',
		name: 'chunkSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 1000,
		description: 'Large lists are sent in requests of at most this many IDs',
		displayOptions: show(['subscribe', 'unsubscribe']),
	},
];

export const readChannelId = (item: ItemParams): number => positiveId(item.get<unknown>('channelId', ''), 'Channel ID');

function channelBody(fields: IDataObject, creating: boolean): IDataObject {
	const meta = parseJsonObject(fields.meta, 'Meta', 'Meta');
	const body = compact({
		uuid: typeof fields.uuid === 'string' ? fields.uuid.trim() : undefined,
		name: fields.name,
		showInPortal: fields.showInPortal,
		meta: nonEmpty(meta),
	});
	// An update may turn Show in Portal on for a channel that already has a name.
	if (creating && body.showInPortal === true && body.name === undefined) {
		throw new FieldError('Name', 'Name is required when Show in Portal is on');
	}
	return body;
}

interface ChannelRequest extends ChannelJob {
	operation: ChannelOperation;
	channelId?: number;
	body?: IDataObject;
	kind?: 'installIds' | 'userIds';
	ids?: string[];
	chunkSize?: number;
}

const OPERATIONS: ChannelOperation[] = ['create', 'update', 'delete', 'subscribe', 'unsubscribe'];

/** Reads and validates one item's Manage Channel parameters. Throws FieldError. */
function readChannelRequest(item: ItemParams): ChannelRequest {
	const operation = optionalChoice(item.get<unknown>('operation'), 'Operation', OPERATIONS);
	if (!operation) throw new FieldError('Operation', 'Operation is required');
	if (operation === 'create') {
		const uuid = requiredTextValue(item.get<unknown>('uuid', ''), 'UUID').trim();
		// Each option is read by its type: Name as text (or a number as text), Show in Portal as true/false.
		const fields = readCollection(item.get('channelFields', {}), 'Additional Fields', optionsOf(kumulosChannelFields, 'channelFields'));
		return { operation, body: channelBody({ ...fields, uuid }, true) };
	}
	const channelId = readChannelId(item);
	if (operation === 'update') {
		const fields = readCollection(item.get('updateFields', {}), 'Update Fields', optionsOf(kumulosChannelFields, 'updateFields'));
		const body = channelBody(fields, false);
		if (!Object.keys(body).length) throw new FieldError('Update Fields', 'Add at least one field to update');
		return { operation, channelId, body };
	}
	if (operation === 'delete') return { operation, channelId };
	const kind = optionalChoice(item.get<unknown>('subscriberType', 'installIds'), 'Subscribers', ['installIds', 'userIds'] as const) ?? 'installIds';
	const ids = [...new Set(parseList(item.get<unknown>('subscriberIds', ''), 'IDs'))];
	if (!ids.length) throw new FieldError('IDs', 'Give at least one ID', 'An empty list (e.g. from an expression) counts as none.');
	const chunkSize = optionalInteger(item.get<unknown>('chunkSize', 1000), 'IDs per Request', { min: 1, max: 10_000 }) ?? 1000;
	return { operation, channelId, kind, ids, chunkSize };
}

/** A 404 about the channel itself (the sandbox says "Channel 99 not found."), not about its subscribers. */
const CHANNEL_NOT_FOUND = /\bchannel\b[^.;]*\b(not found|does not exist|doesn't exist|unknown)\b/i;

const missingIds = (body: unknown, kind: string): string[] | undefined => {
	const ids = asObject(asObject(body)?.missing)?.[kind];
	return Array.isArray(ids) ? ids.map(String) : undefined;
};

const messageOf = (body: unknown): string | undefined => str(asObject(body)?.message);

/** Runs one Manage Channel request set and returns the output item's JSON (never empty). */
async function runChannelRequest(context: IExecuteFunctions, request: ChannelRequest, itemIndex: number, options: RequestOptions): Promise<IDataObject> {
	const { operation, channelId } = request;
	const base = { host: 'push', itemIndex, ...options };
	if (operation === 'create' || operation === 'update') {
		const response = await providerRequest.call(context, kumulosSpec, {
			...base,
			method: operation === 'create' ? 'POST' : 'PUT',
			path: operation === 'create' ? '/channels' : `/channels/${encodePathSegment(channelId as number)}`,
			body: request.body,
		});
		// createdAt and updatedAt as ISO 8601 in UTC, Kumulos's own text kept as createdAtRaw and updatedAtRaw.
		return { provider: 'kumulos', ...withIsoTimes(asObject(response.body) ?? {}, ['createdAt', 'updatedAt']) };
	}
	if (operation === 'delete') {
		await providerRequest.call(context, kumulosSpec, { ...base, method: 'DELETE', path: `/channels/${encodePathSegment(channelId as number)}` });
		return { provider: 'kumulos', success: true, operation, channelId };
	}

	const kind = request.kind as 'installIds' | 'userIds';
	const ids = request.ids as string[];
	const size = request.chunkSize as number;
	const verb = operation === 'subscribe' ? 'subscribed' : 'unsubscribed';
	const done: string[] = [];
	const rejected: string[] = [];
	/** Ids of 404s that named no id: unknown ids if the channel exists, or a channel that does not. */
	const unexplained: string[] = [];
	const messages: string[] = [];
	let channelExists = false;
	let channelMissing: string | undefined;
	let requests = 0;
	for (let start = 0; start < ids.length && channelMissing === undefined; start += size) {
		let pending = ids.slice(start, start + size);
		// Kumulos refuses a whole request when one id is unknown: the ids a 404 names are dropped and the rest go
		// out again, for as long as each 404 names a pending id (so at most once per id in the chunk).
		for (let pass = 0; pending.length && pass <= size; pass++) {
			requests++;
			const response = await providerRequest.call(context, kumulosSpec, {
				...base,
				method: operation === 'subscribe' ? 'POST' : 'DELETE',
				path: `/channels/${encodePathSegment(channelId as number)}/subscriptions`,
				body: { [kind]: pending },
				// Adding or removing the same subscribers again changes nothing.
				idempotent: true,
				returnStatuses: [404],
			});
			if (response.statusCode !== 404) {
				channelExists = true;
				done.push(...pending);
				pending = [];
				break;
			}
			const message = messageOf(response.body) ?? 'Not Found';
			const missing = missingIds(response.body, kind);
			const named = missing?.length ? pending.filter((id) => missing.includes(id)) : [];
			if (named.length) {
				// Only an existing channel can have unknown subscribers.
				channelExists = true;
				if (!messages.includes(message)) messages.push(message);
				rejected.push(...named);
				pending = pending.filter((id) => !named.includes(id));
				continue;
			}
			if (CHANNEL_NOT_FOUND.test(message)) {
				channelMissing = message;
				break;
			}
			// A 404 that names no id: the whole chunk was refused, and why is not said.
			if (!messages.includes(message)) messages.push(message);
			unexplained.push(...pending);
			pending = [];
		}
	}
	if (channelMissing !== undefined) {
		const applied = done.length ? ` ${done.length} ID${done.length === 1 ? '' : 's'} had been ${verb} by earlier requests before that (${done.slice(0, 10).join(', ')}${done.length > 10 ? ', …' : ''}).` : '';
		throw providerError(context.getNode(), kumulosSpec, {
			status: 404,
			detail: {
				message: `channel ${String(channelId)} was not found, so ${
					done.length ? `${ids.length - done.length} of the ${ids.length} IDs were not ${verb}` : `none of the ${ids.length} IDs was ${verb}`
				}`,
			},
			itemIndex,
			description: `Kumulos said: "${channelMissing}" Check the Channel ID: it is the integer ID Kumulos gave the channel when it was created.${applied}`,
			context: { field: 'Channel ID' },
		});
	}
	if (!channelExists && unexplained.length) {
		throw providerError(context.getNode(), kumulosSpec, {
			status: 404,
			detail: {
				message: `either channel ${String(channelId)} does not exist, or none of the ${ids.length} IDs is known to Kumulos; none was ${verb}`,
			},
			itemIndex,
			description: `Kumulos answered 404 ("${messages.join('; ')}") without naming the channel or any unknown ID, so the node cannot tell which. Check the Channel ID, and that the IDs are Kumulos ${kind === 'installIds' ? 'install IDs' : 'user IDs'}.`,
			context: { field: 'Channel ID' },
		});
	}
	// The channel exists (a request worked, or a 404 named unknown ids), so a 404 naming no id refused unknown ids.
	rejected.push(...unexplained);
	const output: IDataObject = {
		provider: 'kumulos',
		success: rejected.length === 0,
		operation,
		channelId,
		subscriberType: kind,
		[verb]: done,
		rejected,
		requests,
	};
	if (messages.length) output.rejectedReason = messages.join('; ');
	return output;
}

export const kumulosChannels: ChannelCapability = {
	fields: kumulosChannelFields,
	read: readChannelRequest,
	// Every channel operation changes something at Kumulos.
	writes: () => true,
	run: (context, job, itemIndex, options) => runChannelRequest(context, job as ChannelRequest, itemIndex, options),
};
