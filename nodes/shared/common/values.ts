import type { IDataObject } from 'n8n-workflow';

/** A plain object, or undefined. */
export const asObject = (value: unknown): IDataObject | undefined =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;

/** Non-blank text, or a number as text; anything else is undefined. */
export const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;

/** Unset: undefined, null or empty text. */
export const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';

/** A non-empty object of a JSON value, or undefined for `{}`. */
export const nonEmpty = (value: IDataObject | undefined): IDataObject | undefined =>
	value && Object.keys(value).length ? value : undefined;
