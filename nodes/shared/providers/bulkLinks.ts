import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../actions/errorItem';
import type { ProviderRequest } from '../transport';
import { parseAdjustQuota, providerRequest } from '../transport';
import { adjustLinkOutput } from './adjust/link';
import { kumulosLinkOutput } from './kumulos/link';
import { nameTheClash } from './links';
import type { ProviderId } from './registry';
import type { ShortifyLinkPayload } from './shortify/link';
import { shortifyLinkOutput } from './shortify/link';

/** One valid input item on its way to the provider. */
export interface BulkEntry {
	itemIndex: number;
	payload: IDataObject;
}

/** What Bulk Create's options change about every request it sends. */
export type BulkSendOptions = Pick<ProviderRequest, 'retry' | 'rateLimits' | 'credentialsOnce'>;

/** One output JSON per entry, in the entries' order; each has `success`. */
export type BulkResults = IDataObject[];

/** How one provider creates many links. */
export interface BulkLinkProvider {
	/** Most links one request may carry (1: no bulk endpoint, one request per link). */
	maxBatch: number;
	/** Most bytes of serialized request body (Branch). */
	maxBytes?: number;
	/** The throttle bucket the rate-limit options override. */
	bucket: string;
	/** Sends one batch. Per-link errors come back as results; a failed request throws. */
	send(context: IExecuteFunctions, entries: BulkEntry[], options: BulkSendOptions): Promise<BulkResults>;
}

const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;

const asObject = (value: unknown): IDataObject | undefined =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;

/** The output JSON of a link the provider refused. Unset details are left out. */
export function failedLink(
	provider: ProviderId,
	error: { message: string; code?: string; field?: string },
	extra: IDataObject = {},
): IDataObject {
	const json: IDataObject = { success: false, provider, error: error.message };
	if (error.code !== undefined) json.code = error.code;
	if (error.field !== undefined) json.field = error.field;
	return { ...json, ...extra };
}

/** The output JSON for each link of a request that failed as a whole. */
export function requestFailure(provider: ProviderId, error: unknown): IDataObject {
	if (!(error instanceof NodeApiError)) {
		return failedLink(provider, { message: error instanceof Error ? error.message : String(error) });
	}
	const context = error.context;
	const extra: IDataObject = {};
	if (error.httpCode) extra.httpCode = error.httpCode;
	if (error.description) extra.description = error.description;
	if (context.outcomeUnknown === true) extra.outcomeUnknown = true;
	if (context.conflict !== undefined) extra.conflict = context.conflict;
	return failedLink(
		provider,
		{ message: error.message, code: str(context.providerCode), field: str(context.field) },
		extra,
	);
}

/** Sends part of a batch; its failure becomes results, so the other part's links are not lost. */
async function settle(
	provider: BulkLinkProvider,
	id: ProviderId,
	context: IExecuteFunctions,
	entries: BulkEntry[],
	options: BulkSendOptions,
): Promise<BulkResults> {
	try {
		return await provider.send(context, entries, options);
	} catch (error) {
		const failure = requestFailure(id, error);
		return entries.map(() => ({ ...failure }));
	}
}

/** A batch answer shorter than the batch: the provider may or may not have created the missing links. */
const missingAnswer = (provider: ProviderId, name: string): IDataObject =>
	failedLink(
		provider,
		{ message: `${name} answered without a result for this link, so it may or may not have been created. It was not sent again.` },
		{ outcomeUnknown: true },
	);

const adjust: BulkLinkProvider = {
	maxBatch: 100,
	bucket: 'bulk',
	async send(context, entries, options) {
		// Adjust dedupes identical parameter sets, so a repeated bulk request creates nothing twice.
		const response = await providerRequest.call(context, 'adjust', {
			method: 'POST',
			path: '/engage/deep-links/bulk',
			body: { data: entries.map((entry) => entry.payload) },
			bucket: 'bulk',
			idempotent: true,
			itemIndex: entries[0].itemIndex,
			...options,
		});
		const quota = parseAdjustQuota(response.headers);
		const data = asObject(response.body)?.data;
		const links = Array.isArray(data) ? (data as unknown[]) : [];
		return entries.map((entry, index) => {
			const link = asObject(links[index]);
			if (!link) {
				return failedLink('adjust', { message: 'Adjust answered without a result for this link. Run it again: Adjust dedupes repeated links.' });
			}
			if (link.error_code !== undefined || link.error_desc !== undefined) {
				const details = Array.isArray(link.error_desc_details) ? asObject(link.error_desc_details[0]) : undefined;
				return failedLink('adjust', {
					message: str(link.error_desc) ?? str(link.error_code) ?? 'Adjust refused this link',
					code: str(link.error_code),
					field: str(details?.field) ?? str(details?.parameter),
				});
			}
			return { success: true, ...adjustLinkOutput(link, entry.payload, quota), response: link };
		});
	},
};

/** Branch's documented bulk limit is 100 KB of payload; counted in decimal so either reading of "KB" holds. */
export const BRANCH_BULK_MAX_BYTES = 100_000;

const branch: BulkLinkProvider = {
	maxBatch: 10_000,
	maxBytes: BRANCH_BULK_MAX_BYTES,
	bucket: 'account',
	async send(context, entries, options) {
		let response;
		try {
			// The credential puts the Branch key in the path; nothing dedupes a repeat, so it is never resent blindly.
			response = await providerRequest.call(context, 'branch', {
				method: 'POST',
				path: '/v1/url/bulk',
				body: entries.map((entry) => entry.payload),
				itemIndex: entries[0].itemIndex,
				...options,
			});
		} catch (error) {
			// 413: Branch refused the whole request, so nothing was created and halves are safe to send.
			if (error instanceof NodeApiError && error.httpCode === '413' && entries.length > 1) {
				const half = Math.ceil(entries.length / 2);
				const first = await settle(branch, 'branch', context, entries.slice(0, half), options);
				return first.concat(await settle(branch, 'branch', context, entries.slice(half), options));
			}
			throw asNodeError(context.getNode(), error);
		}
		const links = Array.isArray(response.body) ? (response.body as unknown[]) : [];
		return entries.map((entry, index) => {
			const link = asObject(links[index]);
			if (!link) return missingAnswer('branch', 'Branch');
			if (link.error !== undefined && link.error !== null) {
				const nested = asObject(link.error);
				const code = str(nested?.code);
				return failedLink('branch', {
					message: str(nested?.message) ?? str(link.error) ?? 'Branch refused this link',
					code,
					field: code === '409' && entry.payload.alias ? 'alias' : undefined,
				});
			}
			return { success: true, provider: 'branch', url: link.url, response: link };
		});
	},
};

/**
 * Kumulos validates the whole request and creates nothing when one link is wrong, naming it as
 * `<index>.<field>`. Those links fail; the others go again, which is safe because none was created.
 */
function kumulosLinkErrors(error: NodeApiError, size: number): Map<number, { message: string; field: string }> {
	const found = new Map<number, { message: string; field: string }>();
	const text = String(error.context.providerMessage ?? '');
	const pattern = /(?:^|[.;] )(\d+)\.([A-Za-z_][\w.]*): (.*?)(?=; \d+\.[A-Za-z_][\w.]*: |$)/g;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		const index = Number(match[1]);
		if (index < size && !found.has(index)) found.set(index, { field: match[2], message: match[3] });
	}
	return found;
}

const kumulos: BulkLinkProvider = {
	maxBatch: 500,
	bucket: 'account',
	async send(context, entries, options) {
		let response;
		try {
			response = await providerRequest.call(context, 'kumulos', {
				method: 'POST',
				host: 'links',
				path: '/v1/deep-links',
				body: entries.map((entry) => entry.payload),
				itemIndex: entries[0].itemIndex,
				...options,
			});
		} catch (error) {
			const refused = error instanceof NodeApiError && error.httpCode === '422' ? kumulosLinkErrors(error, entries.length) : undefined;
			if (!refused?.size) throw asNodeError(context.getNode(), error);
			const results: BulkResults = new Array(entries.length);
			const rest: number[] = [];
			entries.forEach((_entry, index) => {
				const problem = refused.get(index);
				if (problem) results[index] = failedLink('kumulos', { message: problem.message, code: '422', field: problem.field });
				else rest.push(index);
			});
			if (rest.length) {
				const again = await settle(kumulos, 'kumulos', context, rest.map((index) => entries[index]), options);
				rest.forEach((index, position) => (results[index] = again[position]));
			}
			return results;
		}
		const links = Array.isArray(response.body) ? (response.body as unknown[]) : [];
		return entries.map((_entry, index) => {
			const link = asObject(links[index]);
			return link ? { success: true, ...kumulosLinkOutput(link) } : missingAnswer('kumulos', 'Kumulos');
		});
	},
};

const shortify: BulkLinkProvider = {
	maxBatch: 1,
	bucket: 'account',
	async send(context, entries, options) {
		// No bulk endpoint: one create per link; its idempotency key makes every retry a replay.
		const [{ itemIndex, payload }] = entries;
		const { body, idempotencyKey } = payload as ShortifyLinkPayload;
		const response = await nameTheClash(context, 'shortify', { label: 'key', value: body.key }, itemIndex, () =>
			providerRequest.call(context, 'shortify', {
				method: 'POST',
				path: '/v1/deep-links',
				body,
				idempotencyKey,
				itemIndex,
				...options,
			}),
		);
		return [{ success: true, ...shortifyLinkOutput(asObject(response.body) ?? {}, idempotencyKey) }];
	},
};

export const BULK_LINK_PROVIDERS: Record<ProviderId, BulkLinkProvider> = { adjust, branch, kumulos, shortify };
