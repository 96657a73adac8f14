import { DateTime } from 'luxon';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { asObject, isBlank } from './values';

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

/** How a value's type reads in a message: "an object", "a list", "true", "a number". */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'boolean') return String(value);
	return typeof value === 'number' ? 'a number' : `a ${typeof value}`;
}

/**
 * A value as an error message shows it, without ever calling its own `toString` (`{"toString": 1}` makes
 * `String()` throw): text and numbers quoted, anything else by its type.
 */
export function shown(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 80 ? `${value.slice(0, 77)}...` : value}"`;
	if (typeof value === 'number') return `"${String(value)}"`;
	return describeType(value);
}

/** Unset: undefined, null, or text that is empty or only spaces. */
const unset = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && !value.trim());

/**
 * A text field: text as given, a number as its decimal text (`{{ $json.id }}`), a date (`{{ $now }}`) as
 * its ISO 8601 text. Unset gives undefined. Other objects, lists and true/false are refused: sent on, they
 * would become "[object Object]" or "true", or be refused by the provider.
 */
export function optionalText(value: unknown, label: string): string | undefined {
	if (unset(value)) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
	if (DateTime.isDateTime(value) && value.isValid) return value.toISO() ?? undefined;
	throw new FieldError(label, `${label} must be text, got ${describeType(value)}`, 'Give text, or a number; an object, a list or true/false is not accepted here.');
}

/** A required text field (see `optionalText`). */
export function requiredTextValue(value: unknown, label: string, hint?: string): string {
	const text = optionalText(value, label);
	if (text === undefined) throw new FieldError(label, `${label} is required`, hint);
	return text;
}

/** A boolean field: true or false, or the text "true" or "false". Unset gives undefined; anything else is refused. */
export function optionalBoolean(value: unknown, label: string): boolean | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
	throw new FieldError(label, `${label} must be true or false, got ${shown(value)}`);
}

/** The largest whole number a number field sends: providers store them as 32-bit integers. */
export const MAX_INTEGER = 2_147_483_647;

/**
 * A whole-number field: a number, or decimal digits as text (no "0x10", no "1e3"), from `min` to `max`
 * (default 0 to 2,147,483,647). Unset gives undefined.
 */
export function optionalInteger(value: unknown, label: string, range: { min?: number; max?: number } = {}): number | undefined {
	if (unset(value)) return undefined;
	const { min = 0, max = MAX_INTEGER } = range;
	let number: number | undefined;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) number = Number(value.trim());
	if (number === undefined || !Number.isInteger(number)) {
		throw new FieldError(label, `${label} must be a whole number, got ${shown(value)}`);
	}
	if (number < min || number > max) {
		throw new FieldError(label, `${label} must be from ${min} to ${max}, got ${number}`);
	}
	return number;
}

/** A URL field: an http(s) URL, trimmed. Unset gives undefined; any other scheme (javascript:, file:, ftp:…) is refused. */
export function optionalHttpUrl(value: unknown, label: string): string | undefined {
	const text = optionalText(value, label)?.trim();
	if (text === undefined) return undefined;
	if (!isHttpUrl(text)) throw new FieldError(label, `${label} must be an http:// or https:// URL`);
	return text;
}

/** One of a field's option values. Unset gives undefined. */
export function optionalChoice<T extends string | number>(value: unknown, label: string, choices: readonly T[]): T | undefined {
	if (isBlank(value)) return undefined;
	const found = choices.find((choice) => choice === value || (typeof choice === 'number' && typeof value === 'string' && /^\s*\d+\s*$/.test(value) && Number(value) === choice));
	if (found === undefined) {
		throw new FieldError(label, `${label} must be one of ${choices.map((choice) => `"${String(choice)}"`).join(', ')}, got ${shown(value)}`);
	}
	return found;
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

/** A collection parameter's value: an object of options. Unset gives `{}`; anything else is refused. */
export function collectionOf(value: unknown, label: string): IDataObject {
	if (isBlank(value)) return {};
	const object = asObject(value);
	if (object) return object;
	throw new FieldError(label, `${label} must be a collection of fields (an object), got ${describeType(value)}`);
}

/** Reads one option of a collection: its value in, the value to send out (undefined: unset). */
export type OptionReader = (value: unknown, label: string) => unknown;

/** The reader an option's type asks for: text, true/false, a bounded whole number, one of its options. */
function readerFor(option: INodeProperties): OptionReader | undefined {
	switch (option.type) {
		case 'string':
			return optionalText;
		case 'boolean':
			return optionalBoolean;
		case 'number': {
			const min = typeof option.typeOptions?.minValue === 'number' ? option.typeOptions.minValue : -MAX_INTEGER;
			const max = typeof option.typeOptions?.maxValue === 'number' ? option.typeOptions.maxValue : MAX_INTEGER;
			return (value, label) => optionalInteger(value, label, { min, max });
		}
		case 'options': {
			const values = (option.options ?? []).map((choice) => (choice as { value: string | number }).value);
			return (value, label) => optionalChoice(value, label, values);
		}
		default:
			// JSON, dates and nested collections are read by the provider, which knows their meaning.
			return undefined;
	}
}

/**
 * A collection's options, each read by its type (see `readerFor`) or by the reader given for it, under
 * its display name. Unset options are left out. A name the collection does not define is refused rather
 * than dropped or passed on for the provider to refuse.
 */
export function readCollection(
	value: unknown,
	label: string,
	options: readonly INodeProperties[],
	readers: Record<string, OptionReader> = {},
): IDataObject {
	const out: IDataObject = {};
	const byName = optionIndex(options);
	const object = collectionOf(value, label);
	for (const name in object) {
		if (!Object.hasOwn(object, name)) continue;
		const known = byName.get(name);
		if (!known) {
			const names = options.map((candidate) => candidate.displayName).join(', ');
			throw new FieldError(label, `${label} has no field "${name}"`, `Its fields are: ${names}.`);
		}
		const read = Object.hasOwn(readers, name) ? readers[name] : known.read;
		const result = read ? read(object[name], known.option.displayName) : object[name];
		if (result !== undefined) out[name] = result as IDataObject[string];
	}
	return out;
}

/** Each option by name, with its reader: built once per options list, as Bulk Create reads thousands of items. */
const optionIndexes = new WeakMap<readonly INodeProperties[], Map<string, { option: INodeProperties; read?: OptionReader }>>();
function optionIndex(options: readonly INodeProperties[]) {
	let index = optionIndexes.get(options);
	if (!index) {
		index = new Map(options.map((option) => [option.name, { option, read: readerFor(option) }]));
		optionIndexes.set(options, index);
	}
	return index;
}

/** The options of the collection parameter `name` among `properties`. */
export const optionsOf = (properties: readonly INodeProperties[], name: string): INodeProperties[] =>
	(properties.find((property) => property.name === name)?.options ?? []) as INodeProperties[];

/** What a JSON text lacks, and where: the first point at which it stops being JSON. */
interface JsonProblem {
	offset: number;
	expected: string;
}

const JSON_VALUE = 'a value (an object, a list, text in double quotes, a number, true, false or null)';

/**
 * Finds where a text that JSON.parse refused stops being JSON and what was expected there. Node's own
 * message quotes the text (which may hold anything, a key included) and is worded differently by each
 * Node version, so the node reports this instead.
 */
function jsonProblem(text: string): JsonProblem | undefined {
	let at = 0;
	const fail = (expected: string): never => {
		throw { offset: at, expected } satisfies JsonProblem;
	};
	const space = () => {
		while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
	};
	const digits = (expected: string) => {
		if (!(text[at] >= '0' && text[at] <= '9')) fail(expected);
		while (text[at] >= '0' && text[at] <= '9') at++;
	};
	const string = () => {
		at++;
		for (;;) {
			if (at >= text.length) fail('a closing double quote');
			const char = text[at];
			if (char === '"') {
				at++;
				return;
			}
			if (char === '\\') {
				at++;
				if (at < text.length && '"\\/bfnrt'.includes(text[at])) at++;
				else if (text[at] === 'u') {
					at++;
					for (let index = 0; index < 4; index++, at++) if (!/[0-9a-f]/i.test(text[at] ?? '')) fail('four hex digits after \\u');
				} else fail('an escape such as \\n, \\" or \\u00e9 after the backslash');
			} else if (char.charCodeAt(0) < 0x20) fail('no line break or tab inside text in double quotes (write it as \\n or \\t)');
			else at++;
		}
	};
	const value = (): void => {
		space();
		const char = text[at];
		if (char === '{') {
			at++;
			space();
			if (text[at] === '}') {
				at++;
				return;
			}
			for (;;) {
				space();
				if (text[at] !== '"') fail('a property name in double quotes');
				string();
				space();
				if (text[at] !== ':') fail('":" after the property name');
				at++;
				value();
				space();
				if (text[at] === ',') at++;
				else if (text[at] === '}') {
					at++;
					return;
				} else fail('"," or "}"');
			}
		}
		if (char === '[') {
			at++;
			space();
			if (text[at] === ']') {
				at++;
				return;
			}
			for (;;) {
				value();
				space();
				if (text[at] === ',') at++;
				else if (text[at] === ']') {
					at++;
					return;
				} else fail('"," or "]"');
			}
		}
		if (char === '"') return string();
		if (char === '-' || (char >= '0' && char <= '9')) {
			if (char === '-') at++;
			if (text[at] === '0') at++;
			else digits('a digit');
			if (text[at] === '.') {
				at++;
				digits('a digit after the decimal point');
			}
			if (text[at] === 'e' || text[at] === 'E') {
				at++;
				if (text[at] === '+' || text[at] === '-') at++;
				digits('a digit in the exponent');
			}
			return;
		}
		for (const word of ['true', 'false', 'null']) {
			if (text.startsWith(word, at)) {
				at += word.length;
				return;
			}
		}
		fail(JSON_VALUE);
	};
	try {
		value();
		space();
		if (at < text.length) fail('the end of the text (only one JSON value is allowed)');
		return undefined;
	} catch (problem) {
		// Anything else (a text nested too deep for the stack) is reported without a position.
		return problem && typeof problem === 'object' && 'expected' in problem ? (problem as JsonProblem) : undefined;
	}
}

/** Where a JSON text stops being JSON, as "line L, column C", and what it expected there; never the text itself. */
export function describeJsonError(text: string): string {
	const problem = jsonProblem(text);
	if (!problem) return 'it could not be read (it may be nested too deeply)';
	const before = text.slice(0, problem.offset);
	const line = before.split('\n').length;
	const column = problem.offset - (before.lastIndexOf('\n') + 1) + 1;
	const ended = problem.offset >= text.length ? 'the text ended' : 'found something else';
	return `expected ${problem.expected} at line ${line}, column ${column}, but ${ended}`;
}

/** An object from a JSON parameter, given as an object or as JSON text. Empty text gives undefined. */
export function parseJsonObject(value: unknown, field: string, label: string): IDataObject | undefined {
	if (isBlank(value)) return undefined;
	let parsed = value;
	if (typeof value === 'string') {
		if (!value.trim()) return undefined;
		let failed = false;
		try {
			parsed = JSON.parse(value);
		} catch {
			// Node's message quotes the input; only the position and what was expected are reported.
			failed = true;
		}
		if (failed) {
			throw new FieldError(field, `${label} is not valid JSON: ${describeJsonError(value)}`, 'Give a JSON object such as {"key": "value"}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new FieldError(field, `${label} must be a JSON object`, 'Give a JSON object such as {"key": "value"}, not an array or a plain value.');
	}
	return parsed as IDataObject;
}

const ISO_8601 =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** UTC offsets in use run from -12:00 to +14:00; anything beyond ±14:00 is a typo. */
const MAX_OFFSET_MINUTES = 14 * 60;

const validZone = (zone: string): boolean => typeof zone === 'string' && zone.length > 0 && DateTime.now().setZone(zone).isValid;

/**
 * An ISO 8601 date-time, returned with its UTC offset. A value without an offset (as n8n's date
 * picker gives) is read in the workflow's time zone.
 */
export function parseIsoDateTime(value: unknown, field: string, label: string, zone: string): string | undefined {
	if (isBlank(value)) return undefined;
	const hint = 'For example 2026-10-27T07:00:00+00:00, or pick a date in the date picker.';
	let textValue: string;
	if (value instanceof Date) textValue = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	else if (DateTime.isDateTime(value)) textValue = value.isValid ? (value.toISO() ?? '') : 'Invalid DateTime';
	else if (typeof value === 'string') textValue = value.trim();
	else if (typeof value === 'number') textValue = String(value);
	else throw new FieldError(field, `${label} must be an ISO 8601 date-time, got ${describeType(value)}`, hint);
	if (!textValue) return undefined;
	const match = ISO_8601.exec(textValue);
	const offset = match?.[1];
	if (offset && offset.toUpperCase() !== 'Z') {
		const digits = offset.replace(':', '');
		const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
		if (Number(digits.slice(3, 5) || 0) > 59 || minutes > MAX_OFFSET_MINUTES) {
			throw new FieldError(field, `${label} has the UTC offset ${offset}, beyond the -14:00 to +14:00 that exist`, hint);
		}
	}
	if (match && !offset && !validZone(zone)) {
		throw new FieldError(
			field,
			`${label} has no UTC offset, and the workflow's time zone ${shown(zone)} is not a valid time zone to read it in`,
			"Set a valid time zone (e.g. Europe/Berlin) in the workflow's settings, or give the date-time with an offset such as +01:00.",
		);
	}
	const parsed = match ? DateTime.fromISO(textValue.replace(' ', 'T'), { zone, setZone: true }) : undefined;
	if (!parsed?.isValid) {
		throw new FieldError(field, `${label} must be an ISO 8601 date-time, got "${textValue}"`, hint);
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
		throw new FieldError(field, `${field} must be a positive whole number written in decimal digits, got ${shown(value)}`);
	}
	return Number(text);
}

/**
 * A list field: an array, comma-separated text, or one number → trimmed non-empty strings. Entries that
 * are numbers become their text; objects, lists or true/false (in the list or as the list) are refused.
 */
export function parseList(value: unknown, label = 'List'): string[] {
	if (isBlank(value)) return [];
	let parts: unknown[];
	if (Array.isArray(value)) parts = value;
	else if (typeof value === 'string') parts = value.split(',');
	else if (typeof value === 'number' && Number.isFinite(value)) parts = [value];
	else throw new FieldError(label, `${label} must be a list: an array or comma-separated text`, `Got ${describeType(value)}.`);
	const out: string[] = [];
	parts.forEach((part, index) => {
		if (part === undefined || part === null) return;
		let text: string;
		if (typeof part === 'string') text = part.trim();
		else if (typeof part === 'number' && Number.isFinite(part)) text = String(part);
		else throw new FieldError(label, `${label} must be a list of text values; entry ${index + 1} is ${describeType(part)}`);
		if (text) out.push(text);
	});
	return out;
}

/** Per object schema: its fields, which of them leave no trace when absent (optional, no default), and narrowed copies. */
interface Narrowing {
	keys: string[];
	traceless: Set<string>;
	copies: Map<string, z.AnyZodObject>;
}
const narrowings = new WeakMap<z.AnyZodObject, Narrowing>();
const MAX_NARROWINGS = 64;

/**
 * The schema without the fields the input lacks and that would add nothing for it. Zod walks every field
 * of an object schema; an item that sets 3 of 20 need not pay for 17. Output, issues and their order are
 * the same as the whole schema's.
 */
function narrowed<T>(schema: z.ZodType<T>, input: unknown): z.ZodType<T> {
	if (!(schema instanceof z.ZodObject) || !input || typeof input !== 'object') return schema;
	let known = narrowings.get(schema);
	if (!known) {
		const shape = schema.shape as z.ZodRawShape;
		const keys = Object.keys(shape);
		const traceless = keys.filter((key) => {
			const absent = shape[key].safeParse(undefined);
			return absent.success && absent.data === undefined;
		});
		narrowings.set(schema, (known = { keys, traceless: new Set(traceless), copies: new Map() }));
	}
	const { keys, traceless, copies } = known;
	const keep = keys.filter((key) => !traceless.has(key) || key in input);
	if (keep.length === keys.length) return schema;
	const id = keep.join('\u0000');
	let copy = copies.get(id);
	if (!copy) {
		if (copies.size >= MAX_NARROWINGS) return schema;
		copy = schema.pick(Object.fromEntries(keep.map((key) => [key, true])) as Record<string, true>) as z.AnyZodObject;
		copies.set(id, copy);
	}
	return copy as unknown as z.ZodType<T>;
}

/** Runs a zod schema and turns its first issue into a FieldError on the matching field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, fieldOf: (path: (string | number)[]) => string): T {
	const result = narrowed(schema, input).safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	throw new FieldError(fieldOf(issue.path), issue.message);
}

/** Drops undefined, null and empty-string values, so unset optional fields are not sent. */
export function compact<T extends IDataObject>(object: T): T {
	const out: IDataObject = {};
	for (const key in object) {
		if (!Object.hasOwn(object, key)) continue;
		const value = object[key];
		if (isBlank(value)) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		out[key] = value;
	}
	return out as T;
}
