import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/** A field the user got wrong, with how to fix it. Turned into a NodeOperationError naming item and field. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly hint?: string,
	) {
		super(message);
	}
}

/** How a value's type reads in a message: "an object", "an array", "true", "a number". */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'boolean') return String(value);
	return typeof value === 'number' ? 'a number' : `a ${typeof value}`;
}

export const isHttpUrl = (value: string): boolean => {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
	} catch {
		return false;
	}
};

/** Zod: a trimmed non-empty string. */
export const requiredText = (label: string) =>
	z.string({ required_error: `${label} is required`, invalid_type_error: `${label} must be text` })
		.trim()
		.min(1, `${label} is required`);

/** Zod: an http(s) URL. */
export const httpUrl = (label: string) =>
	z.string({ required_error: `${label} is required`, invalid_type_error: `${label} must be a URL` })
		.trim()
		.min(1, `${label} is required`)
		.refine(isHttpUrl, { message: `${label} must be an http:// or https:// URL` });

/** An object from a JSON parameter, given as an object or as JSON text. Empty text gives undefined. */
export function parseJsonObject(value: unknown, field: string, label: string): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed = value;
	if (typeof value === 'string') {
		const textValue = value.trim();
		if (!textValue) return undefined;
		let problem: string | undefined;
		try {
			parsed = JSON.parse(textValue);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem !== undefined) {
			throw new FieldError(field, `${label} is not valid JSON: ${problem}`, 'Give a JSON object such as {"key": "value"}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new FieldError(field, `${label} must be a JSON object`, 'Give a JSON object such as {"key": "value"}, not an array or a plain value.');
	}
	return parsed as IDataObject;
}

const ISO_8601 =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date-time, returned with its UTC offset. A value without an offset (as n8n's date
 * picker gives) is read in the workflow's time zone.
 */
export function parseIsoDateTime(value: unknown, field: string, label: string, zone: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let textValue: string;
	if (value instanceof Date) textValue = value.toISOString();
	else if (DateTime.isDateTime(value)) textValue = value.toISO() ?? '';
	else textValue = String(value).trim();
	if (!textValue) return undefined;
	const parsed = ISO_8601.test(textValue) ? DateTime.fromISO(textValue.replace(' ', 'T'), { zone, setZone: true }) : undefined;
	if (!parsed?.isValid) {
		throw new FieldError(field, `${label} must be an ISO 8601 date-time, got "${textValue}"`, 'For example 2026-10-27T07:00:00+00:00, or pick a date in the date picker.');
	}
	return parsed.toISO({ suppressMilliseconds: true }) ?? textValue;
}

/**
 * An id the provider numbers: decimal digits only, 1 or more, at most 2^53 - 1. `Number()` would take
 * "0x10" as 16 and "1e3" as 1000.
 */
export function positiveId(value: unknown, field: string): number {
	const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
	if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
		const shown = typeof value === 'string' || typeof value === 'number' ? `"${String(value)}"` : describeType(value);
		throw new FieldError(field, `${field} must be a positive whole number written in decimal digits, got ${shown}`);
	}
	return Number(text);
}

/** Comma-separated text or an array → trimmed non-empty strings. */
export function parseList(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const parts = Array.isArray(value) ? value : String(value).split(',');
	return parts.map((part) => String(part).trim()).filter((part) => part.length > 0);
}

/** Runs a zod schema and turns its first issue into a FieldError on the matching field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, fieldOf: (path: (string | number)[]) => string): T {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	throw new FieldError(fieldOf(issue.path), issue.message);
}

/** Drops undefined, null and empty-string values, so unset optional fields are not sent. */
export function compact<T extends IDataObject>(object: T): T {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		out[key] = value;
	}
	return out as T;
}
