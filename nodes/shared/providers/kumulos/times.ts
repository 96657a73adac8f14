import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

/**
 * A Kumulos time as ISO 8601 in UTC with milliseconds (`2017-01-01T00:00:00.000Z`), or undefined when it is
 * not one. Kumulos writes opens and channels as "Y-m-d H:i:s", which the Push API page gives without a zone
 * and is read as UTC, and notifications as ISO 8601 with an offset ("2017-01-01T00:00:00+0000").
 */
export function kumulosTime(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	let time = DateTime.fromFormat(value.trim(), 'yyyy-MM-dd HH:mm:ss', { zone: 'utc' });
	if (!time.isValid) time = DateTime.fromISO(value.trim(), { zone: 'utc' });
	return time.isValid ? new Date(time.toMillis()).toISOString() : undefined;
}

/**
 * A record with each of its time fields as ISO 8601 in UTC, and Kumulos's own text next to it as
 * `<field>Raw`. A time that cannot be read is left as it is, without a Raw copy.
 */
export function withIsoTimes(record: IDataObject, fields: readonly string[]): IDataObject {
	const out: IDataObject = { ...record };
	for (const field of fields) {
		const iso = kumulosTime(record[field]);
		if (iso === undefined) continue;
		out[field] = iso;
		out[`${field}Raw`] = record[field];
	}
	return out;
}
