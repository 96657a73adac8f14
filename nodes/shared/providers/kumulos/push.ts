import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showFor, shownWhereSet } from '../../common/fields';
import type { ItemParams } from '../../common/params';
import {
	compact,
	FieldError,
	MAX_INTEGER,
	optionalBoolean,
	optionalChoice,
	optionalHttpUrl,
	optionalInteger,
	optionalText,
	optionsOf,
	parseIsoDateTime,
	parseJsonObject,
	parseList,
	positiveId,
	readCollection,
	requiredTextValue,
	shown,
} from '../../common/validation';
import { asObject, isBlank, nonEmpty } from '../../common/values';
import { providerRequest } from '../../transport';
import type { PushCapability, PushJob, RequestOptions } from '../types';
import { kumulosSpec } from './spec';
import { withIsoTimes } from './times';

const BADGE_TYPE_OPTIONS = [
	{ name: 'Increment By', value: 'incrementBy', description: 'Add the count to the badge (a negative count lowers it)' },
	{ name: 'Set To', value: 'setTo', description: 'Replace the badge with the count (0 clears it)' },
];
const BADGE_TYPES = BADGE_TYPE_OPTIONS.map((option) => option.value);

/**
 * iOS Badge's three separate options of earlier versions, which could be half set. A workflow saved with
 * them still has them (each is shown only where it is set, so n8n keeps its value) and is read as before;
 * iOS Badge wins when both are set.
 */
const LEGACY_BADGE_OPTIONS = ([
	{
		displayName: 'iOS Badge (Old): Count',
		name: 'badgeCount',
		type: 'number',
		default: 1,
		description: 'The badge count. From an earlier version: use iOS Badge instead, which wins when both are set.',
	},
	{
		displayName: 'iOS Badge (Old): On',
		name: 'hasBadge',
		type: 'boolean',
		default: false,
		description: 'Whether to change the app icon badge on iOS. From an earlier version: use iOS Badge instead, which wins when both are set.',
	},
	{
		displayName: 'iOS Badge (Old): Type',
		name: 'badgeType',
		type: 'options',
		default: 'incrementBy',
		options: BADGE_TYPE_OPTIONS,
		description: 'Whether the count is added to the badge or replaces it. From an earlier version: use iOS Badge instead, which wins when both are set.',
	},
] as INodeProperties[]).map(shownWhereSet);

/** Kumulos Push API v1: POST /notifications on the credential's Push Base URL. */
export const kumulosPushFields: INodeProperties[] = [
	{
		displayName: 'Broadcast',
		name: 'kumulosBroadcast',
		type: 'boolean',
		default: false,
		description: 'Whether to send the notification to every registered device of the app',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName:
			'A broadcast reaches every device. When several items come in, it is sent once, for the first item that asks for it, and the other items are reported as folded into it. Turn off "Broadcast Once per Execution" in Options to send one broadcast per item.',
		name: 'kumulosBroadcastNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['kumulos'], kumulosBroadcast: [true] } },
	},
	{
		displayName: 'Targets',
		name: 'kumulosTargets',
		type: 'collection',
		placeholder: 'Add Target',
		default: {},
		description: 'Who receives the notification: give at least one target. Hidden while Broadcast is on, which targets every device.',
		displayOptions: { show: { provider: ['kumulos'] }, hide: { kumulosBroadcast: [true] } },
		options: [
			{ displayName: 'Channel IDs', name: 'channelIds', type: 'string', default: '', placeholder: 'e.g. 12, 15', description: 'Integer IDs of the channels to target: comma-separated, or an array from an expression' },
			{ displayName: 'Channel UUIDs', name: 'channelUuids', type: 'string', default: '', placeholder: 'e.g. vip, newsletter', description: 'Unique identifiers of the channels to target: comma-separated, or an array from an expression' },
			{ displayName: 'Exclude Install IDs', name: 'excludeInstallIds', type: 'string', default: '', description: 'Install IDs left out of a channel or segment target: comma-separated, or an array from an expression' },
			{ displayName: 'Install IDs', name: 'installIds', type: 'string', default: '', description: 'Kumulos install IDs to send to: comma-separated, or an array from an expression' },
			{ displayName: 'Segment ID', name: 'segmentId', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'Integer ID of the segment to target' },
			{ displayName: 'Segment UUID', name: 'segmentUuid', type: 'string', default: '', description: 'Unique identifier of the segment to target' },
			{ displayName: 'User IDs', name: 'userIds', type: 'string', default: '', placeholder: 'e.g. member-1, member-2', description: 'User identifiers (from User Association) to send to: comma-separated, or an array from an expression' },
			{ displayName: 'User Meta', name: 'userMeta', type: 'json', default: '{}', description: 'Meta-data per user, keyed by user ID, reflected in that user\'s push events, e.g. {"member-1": {"messageSequenceNumber": 1}}' },
		],
	},
	{
		displayName: 'Title',
		name: 'kumulosTitle',
		type: 'string',
		required: true,
		default: '',
		description: 'Title of the notification',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Message',
		name: 'kumulosMessage',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 2 },
		description: 'Body text of the notification',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Schedule',
		name: 'kumulosScheduled',
		type: 'boolean',
		default: false,
		description: 'Whether to send the notification later instead of now',
		displayOptions: showFor('kumulos'),
	},
	{
		displayName: 'Send At',
		name: 'kumulosSendAt',
		type: 'dateTime',
		required: true,
		default: '',
		description: "When to send, to the minute. A time without a UTC offset is read in the workflow's time zone.",
		displayOptions: { show: { provider: ['kumulos'], kumulosScheduled: [true] } },
	},
	{
		displayName: 'Time Strategy',
		name: 'kumulosStrategy',
		type: 'options',
		default: 'utc',
		options: [
			{ name: 'Same Moment Everywhere (UTC)', value: 'utc', description: 'Send At is converted to UTC and every device gets it at that moment' },
			{ name: "Device's Local Time", value: 'local', description: "Send At's clock time (e.g. 09:00) is used in each device's own time zone" },
		],
		description: 'How Send At is applied across time zones',
		displayOptions: { show: { provider: ['kumulos'], kumulosScheduled: [true] } },
	},
	{
		displayName: 'If the Time Has Passed',
		name: 'kumulosPastTimes',
		type: 'options',
		default: 'nextDay',
		options: [
			{ name: 'Send Next Day', value: 'nextDay', description: 'Devices where the local time has passed get it at that time the next day' },
			{ name: 'Skip', value: 'ignore', description: 'Devices where the local time has passed do not get it' },
		],
		description: 'What happens for devices where Send At is already in the past',
		displayOptions: { show: { provider: ['kumulos'], kumulosScheduled: [true] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'kumulosPushFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('kumulos'),
		options: [
			{ displayName: 'Android High Priority', name: 'highPriority', type: 'boolean', default: false, description: 'Whether to set the priority flag that wakes Android devices' },
			{ displayName: 'Background', name: 'isBackground', type: 'boolean', default: false, description: 'Whether to deliver the notification for processing in the background (content-available on iOS)' },
			{ displayName: 'Collapse ID', name: 'collapseId', type: 'string', default: '', description: 'A newer notification with the same collapse identifier replaces this one (sent as the APNs collapse identifier and the FCM collapse_key)' },
			{ displayName: 'Data', name: 'data', type: 'json', default: '{}', description: 'Key/values passed in the notification payload for your app to consume' },
			{
				displayName: 'iOS Badge',
				name: 'iosBadge',
				type: 'fixedCollection',
				placeholder: 'Add iOS Badge',
				default: { badge: { badgeType: 'incrementBy', badgeCount: 1 } },
				description: 'Changes the app icon badge on iOS',
				options: [
					{
						displayName: 'Badge',
						name: 'badge',
						values: [
							{
								displayName: 'Type',
								name: 'badgeType',
								type: 'options',
								required: true,
								default: 'incrementBy',
								options: BADGE_TYPE_OPTIONS,
							},
							{
								displayName: 'Count',
								name: 'badgeCount',
								type: 'number',
								required: true,
								default: 1,
								description: 'Whole number. With Increment By it may be negative; with Set To it must be 0 or more (0 clears the badge).',
							},
						],
					},
				],
			},
			...LEGACY_BADGE_OPTIONS,
			{ displayName: 'iOS Sound', name: 'iosSound', type: 'string', default: '', placeholder: 'e.g. chime.caf', description: "Sound file played instead of the default sound; 'none' disables sound and vibration" },
			{ displayName: 'Reporting Meta', name: 'reportingMeta', type: 'json', default: '{}', description: 'Meta-data about this notification, reflected in its push events, e.g. {"campaign": "Summer Promotion"}' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'e.g. https://example.com/offer', description: 'An http:// or https:// URL the notification opens in the device browser, such as a deep link' },
		],
	},
];


/** A non-empty object from a JSON parameter, or undefined for `{}` / empty. */
const jsonField = (value: unknown, field: string): IDataObject | undefined => nonEmpty(parseJsonObject(value, field, field));

const list = (value: unknown, label: string): string[] => parseList(value, label);

/** Integer ids of channels: each decimal digits only ("0x10" is not 16, "-3" is no id). */
const channelIds = (value: unknown, label: string): number[] => parseList(value, label).map((id) => positiveId(id, label));

/** Kumulos wants "Y-m-d H:i": UTC for the utc strategy, the wall-clock time as given for local. */
export function kumulosSendAt(value: unknown, strategy: string, zone: string): string {
	const iso = parseIsoDateTime(value, 'Send At', 'Send At', zone);
	if (!iso) throw new FieldError('Send At', 'Send At is required when Schedule is on', 'Pick a date and time, e.g. 2026-12-01T09:00.');
	const time = DateTime.fromISO(iso, { setZone: true });
	return (strategy === 'utc' ? time.toUTC() : time).toFormat('yyyy-MM-dd HH:mm');
}

/** The `ios` badge object from iOS Badge, or else from the old separate options; undefined for no badge. */
function readBadge(fields: IDataObject): IDataObject | undefined {
	const checkCount = (badgeType: string, badgeCount: number, field: string) => {
		if (badgeType === 'setTo' && badgeCount < 0) {
			throw new FieldError(field, `${field} must be 0 or more with Set To, got ${badgeCount}`, 'Use 0 to clear the badge, or Increment By with a negative count to lower it.');
		}
		return { hasBadge: true, badgeType, badgeCount };
	};
	const group = asObject(asObject(fields.iosBadge)?.badge);
	if (group) {
		const badgeType = optionalChoice(group.badgeType, 'iOS Badge → Type', BADGE_TYPES);
		if (badgeType === undefined) throw new FieldError('iOS Badge → Type', 'iOS Badge → Type is required', 'Choose Increment By or Set To, or remove iOS Badge.');
		const badgeCount = optionalInteger(group.badgeCount, 'iOS Badge → Count', { min: -MAX_INTEGER });
		if (badgeCount === undefined) throw new FieldError('iOS Badge → Count', 'iOS Badge → Count is required', 'Give a whole number, or remove iOS Badge.');
		return checkCount(badgeType, badgeCount, 'iOS Badge → Count');
	}
	// The old options, as earlier versions read them.
	const hasBadge = fields.hasBadge === true;
	if (!hasBadge && (fields.badgeType !== undefined || fields.badgeCount !== undefined)) {
		throw new FieldError('iOS Badge', 'iOS Badge Type and iOS Badge Count need iOS Badge on', 'Add iOS Badge and turn it on, or remove the badge fields.');
	}
	if (!hasBadge) return undefined;
	if (fields.badgeCount === undefined) throw new FieldError('iOS Badge Count', 'iOS Badge Count is required when iOS Badge is on');
	return checkCount((fields.badgeType as string | undefined) ?? 'incrementBy', fields.badgeCount as number, 'iOS Badge Count');
}

/** Reads and validates one item's Send Push parameters into the Kumulos request body. Throws FieldError. */
export function readKumulosPush(item: ItemParams): PushJob {
	// Every option is read by its type (text or a number as text, true/false, a whole number, one of the
	// options), lists and ids by their own readers; nothing is dropped or sent as "[object Object]".
	const targets = readCollection(item.get('kumulosTargets', {}), 'Targets', optionsOf(kumulosPushFields, 'kumulosTargets'), {
		installIds: list,
		userIds: list,
		channelUuids: list,
		excludeInstallIds: list,
		channelIds,
		segmentId: (value, label) => (isBlank(value) ? undefined : positiveId(value, label)),
		segmentUuid: (value, label) => optionalText(value, label)?.trim(),
	});
	const fields = readCollection(item.get('kumulosPushFields', {}), 'Additional Fields', optionsOf(kumulosPushFields, 'kumulosPushFields'), {
		url: optionalHttpUrl,
		// iOS Badge is read by readBadge; the old options keep the labels their messages always had.
		iosBadge: (value) => value,
		hasBadge: (value) => optionalBoolean(value, 'iOS Badge'),
		badgeType: (value) => optionalChoice(value, 'iOS Badge Type', BADGE_TYPES),
		badgeCount: (value) => optionalInteger(value, 'iOS Badge Count', { min: -MAX_INTEGER }),
	});
	const broadcast = optionalBoolean(item.get<unknown>('kumulosBroadcast', false), 'Broadcast') ?? false;
	const title = requiredTextValue(item.get<unknown>('kumulosTitle', ''), 'Title');
	const message = requiredTextValue(item.get<unknown>('kumulosMessage', ''), 'Message');

	const payload: IDataObject = compact({
		broadcast: broadcast || undefined,
		installIds: targets.installIds,
		userIds: targets.userIds,
		userMeta: jsonField(targets.userMeta, 'User Meta'),
		segmentId: targets.segmentId,
		segmentUuid: targets.segmentUuid,
		channelIds: targets.channelIds,
		channelUuids: targets.channelUuids,
		excludeInstallIds: targets.excludeInstallIds,
		title,
		message,
		isBackground: fields.isBackground === true ? true : undefined,
		url: fields.url,
		data: jsonField(fields.data, 'Data'),
		collapseId: fields.collapseId,
	});
	const targeted = ['broadcast', 'installIds', 'userIds', 'segmentId', 'segmentUuid', 'channelIds', 'channelUuids'].some((key) => payload[key] !== undefined);
	if (!targeted) {
		throw new FieldError('Targets', 'No target: turn on Broadcast or add Install IDs, User IDs, a Segment or Channels', 'An empty list (e.g. from an expression) counts as no target.');
	}
	if (payload.userMeta && !payload.userIds) {
		throw new FieldError('User Meta', 'User Meta needs User IDs', 'User Meta is keyed by the user IDs the notification targets.');
	}

	const badge = readBadge(fields);
	if (badge) payload.ios = badge;
	if (fields.highPriority === true) payload.android = { highPriority: true };

	if (optionalBoolean(item.get<unknown>('kumulosScheduled', false), 'Schedule') === true) {
		const strategy = item.get<unknown>('kumulosStrategy', '');
		const pastTimes = item.get<unknown>('kumulosPastTimes', '');
		if (strategy !== 'local' && strategy !== 'utc') throw new FieldError('Time Strategy', `Time Strategy must be "local" or "utc", got ${shown(strategy)}`);
		if (pastTimes !== 'ignore' && pastTimes !== 'nextDay') throw new FieldError('If the Time Has Passed', `If the Time Has Passed must be "ignore" or "nextDay", got ${shown(pastTimes)}`);
		payload.scheduled = true;
		payload.schedule = { sendAt: kumulosSendAt(item.get('kumulosSendAt', ''), strategy, item.timezone), strategy, pastTimes };
	}

	if (fields.iosSound !== undefined) payload.soundConfig = { iosSound: fields.iosSound };
	const reportingMeta = jsonField(fields.reportingMeta, 'Reporting Meta');
	if (reportingMeta) payload.reportingMeta = reportingMeta;
	return { payload, broadcast: payload.broadcast === true };
}

/** Sends one notification. POST /notifications is never repeated after a 5xx or a lost answer. */
async function sendKumulosPush(context: IExecuteFunctions, payload: IDataObject, itemIndex: number, options: RequestOptions): Promise<IDataObject> {
	const response = await providerRequest.call(context, kumulosSpec, {
		method: 'POST',
		host: 'push',
		path: '/notifications',
		body: payload,
		idempotent: false,
		itemIndex,
		...options,
	});
	// createdAt and updatedAt as ISO 8601 in UTC, Kumulos's own text kept as createdAtRaw and updatedAtRaw.
	return { provider: 'kumulos', ...withIsoTimes(asObject(response.body) ?? {}, ['createdAt', 'updatedAt']) };
}

export const kumulosPush: PushCapability = { fields: kumulosPushFields, read: readKumulosPush, send: sendKumulosPush };
