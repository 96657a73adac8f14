import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { providerRequest } from '../../../transport';
import { branchSpec } from '../spec';
import { compact, FieldError, isHttpUrl, optionalText } from '../../../common/validation';
import { asObject, nonEmpty } from '../../../common/values';
import type { RequestOptions } from '../../types';

/** Fields Branch fixes when a link is created; an update that sends them is refused by Branch. */
export const BRANCH_IMMUTABLE_FIELDS = [
	'alias',
	'identity',
	'type',
	'app_id',
	'domain',
	'state',
	'creation_source',
	'app_short_identifier',
	'randomized_bundle_token',
];

/** Top-level link fields an update may carry over from a read. */
const UPDATABLE_FIELDS = ['channel', 'feature', 'campaign', 'stage', 'tags', 'duration'];

/** Keys Branch writes into `data` itself (mirrors such as ~channel, +url, the link's url); never written back. */
export const isBranchSystemDataKey = (key: string): boolean =>
	key.startsWith('~') || key.startsWith('+') || key === 'url' || key === '$one_time_use' || key === '$identity_id';

/** Branch finds a link only by its full URL. */
export function parseBranchLinkUrl(value: unknown, field = 'Link URL'): string {
	const text = optionalText(value, field)?.trim() ?? '';
	if (!text) {
		throw new FieldError(field, 'Link URL is required', 'Give the full link, e.g. https://example.app.link/WgiqvsepqF.');
	}
	if (!isHttpUrl(text)) {
		throw new FieldError(
			field,
			`Link URL must be the full http:// or https:// link, got "${text}"`,
			'Branch finds links by their full URL, e.g. https://example.app.link/WgiqvsepqF, not by alias or ID alone.',
		);
	}
	return text;
}

export type BranchUpdateMode = 'merge' | 'replace';

export interface BranchUpdate extends IDataObject {
	url: string;
	mode: BranchUpdateMode;
	/** Top-level fields to set (analytics tags, duration, other fields). */
	fields: IDataObject;
	/** Merge: the data keys to change (null removes a key). Replace: the whole new data object. */
	data?: IDataObject;
}

/** Refuses the fields Branch does not let an update change, before anything is sent. */
export function refuseImmutableFields(fields: IDataObject, field: string): void {
	const found = Object.keys(fields).filter((key) => BRANCH_IMMUTABLE_FIELDS.includes(key));
	if (found.length) {
		throw new FieldError(
			field,
			`Branch does not allow ${found.map((key) => `"${key}"`).join(', ')} to be changed on an existing link`,
			`Remove ${found.length > 1 ? 'them' : 'it'}. ${BRANCH_IMMUTABLE_FIELDS.join(', ')} are fixed when a link is created.`,
		);
	}
}

/** The update's top-level fields: the Update Fields as read (analytics, duration), over the Other Fields. */
export function branchUpdateFields(collection: IDataObject, other: IDataObject | undefined, field: string): IDataObject {
	const fields: IDataObject = { ...(other ?? {}) };
	refuseImmutableFields(fields, field);
	// An empty Tags list is not sent; Other Fields go as given.
	return { ...fields, ...compact(collection) };
}

/**
 * The body a Merge update writes: what was read, without the fixed fields and Branch's own data keys,
 * with the changed top-level fields and data keys on top. A data key set to null is removed.
 */
export function mergeBranchUpdate(current: IDataObject, update: BranchUpdate): IDataObject {
	const body: IDataObject = {};
	for (const key of UPDATABLE_FIELDS) {
		if (current[key] !== undefined && current[key] !== null) body[key] = current[key];
	}
	const data: IDataObject = {};
	for (const [key, value] of Object.entries(asObject(current.data) ?? {})) if (!isBranchSystemDataKey(key)) data[key] = value;
	for (const [key, value] of Object.entries(update.data ?? {})) {
		if (value === null) delete data[key];
		else data[key] = value;
	}
	return { ...body, ...update.fields, data };
}

/** The body a Replace update sends: exactly what was given. Data is sent only when given. */
export function replaceBranchUpdate(update: BranchUpdate): IDataObject {
	const data = nonEmpty(update.data);
	return { ...update.fields, ...(data ? { data } : {}) };
}

/** GET /v1/url?url=…; the credential adds branch_key. */
export async function readBranchLinkByUrl(
	context: IExecuteFunctions,
	url: string,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const { body } = await providerRequest.call(context, branchSpec, { method: 'GET', path: '/v1/url', qs: { url }, itemIndex, ...options });
	return (body ?? {}) as IDataObject;
}

/** PUT /v1/url?url=…; in Merge mode reads the link first. The credential adds branch_key and branch_secret. */
export async function updateBranchLink(
	context: IExecuteFunctions,
	update: BranchUpdate,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const body =
		update.mode === 'merge'
			? mergeBranchUpdate(await readBranchLinkByUrl(context, update.url, itemIndex, options), update)
			: replaceBranchUpdate(update);
	const response = await providerRequest.call(context, branchSpec, {
		method: 'PUT',
		path: '/v1/url',
		qs: { url: update.url },
		body,
		itemIndex,
		...options,
	});
	return (response.body ?? {}) as IDataObject;
}

/** Delete needs the credential's Access Token and App ID; says which are missing before sending anything. */
export async function checkBranchDeleteCredential(context: IExecuteFunctions, itemIndex: number): Promise<void> {
	const credentials = await context.getCredentials('branchApi', itemIndex);
	const missing = [
		['accessToken', 'Access Token'],
		['appId', 'App ID'],
	]
		.filter(([key]) => typeof credentials[key] !== 'string' || !(credentials[key] as string).trim())
		.map(([, label]) => label);
	if (missing.length) {
		throw new NodeOperationError(context.getNode(), `Deleting a Branch link needs the credential's ${missing.join(' and ')}`, {
			itemIndex,
			description:
				'Add them to the Branch credential: the Access Token from the Branch Dashboard User Settings, the App ID from Account Settings → Profile. Reading and updating links do not need them.',
		});
	}
}

/** DELETE /v1/url?url=…; the credential adds the Access-Token header and app_id. */
export async function deleteBranchLink(
	context: IExecuteFunctions,
	url: string,
	itemIndex: number,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const { body } = await providerRequest.call(context, branchSpec, { method: 'DELETE', path: '/v1/url', qs: { url }, itemIndex, ...options });
	return (body ?? {}) as IDataObject;
}
