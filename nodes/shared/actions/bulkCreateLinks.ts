import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { LINK_PROVIDERS } from '../providers';
import type { BulkEntry, BulkLinkProvider, BulkSendOptions } from '../providers/bulkLinks';
import { BULK_LINK_PROVIDERS, failedLink, requestFailure } from '../providers/bulkLinks';
import type { ProviderId, RateLimit } from '../providers/registry';
import { PROVIDERS } from '../providers/registry';
import { FieldError } from '../validation';
import { asNodeError } from './errorItem';

export const DEFAULT_CONCURRENCY = 10;

interface BulkSettings {
	batchSize: number;
	concurrency: number;
	failExecution: boolean;
	send: BulkSendOptions;
}

const whole = (value: unknown, fallback: number): number => {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) ? Math.floor(number) : fallback;
};

function readSettings(context: IExecuteFunctions, provider: ProviderId, bulk: BulkLinkProvider): BulkSettings {
	const node = context.getNode();
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const name = PROVIDERS[provider].name;
	const invalidOption = (message: string) => new NodeOperationError(node, message, { description: 'Change the value under Options.' });

	const batchSize = whole(options.batchSize, 0);
	if (batchSize < 0) throw invalidOption('Batch Size must be 0 (the provider maximum) or more');
	if (batchSize > bulk.maxBatch && bulk.maxBatch > 1) {
		throw invalidOption(`Batch Size ${batchSize} is more than ${name} accepts in one request (${bulk.maxBatch})`);
	}
	const concurrency = whole(options.concurrency, DEFAULT_CONCURRENCY);
	if (concurrency < 1) throw invalidOption('Concurrency must be at least 1');

	const limits: RateLimit[] = [];
	const perSecond = whole(options.requestsPerSecond, 0);
	const perMinute = whole(options.requestsPerMinute, 0);
	if (perSecond < 0 || perMinute < 0) throw invalidOption('Rate limits must be 0 (the documented limit) or more');
	if (perSecond > 0) limits.push({ limit: perSecond, intervalMs: 1000 });
	if (perMinute > 0) limits.push({ limit: perMinute, intervalMs: 60_000 });

	const send: BulkSendOptions = { retry: { maxRetries: whole(options.maxRetries, 5) }, credentialsOnce: true };
	if (limits.length) send.rateLimits = { [bulk.bucket]: limits };
	return {
		batchSize: Math.min(batchSize || bulk.maxBatch, bulk.maxBatch),
		concurrency,
		failExecution: context.getNodeParameter('onFailedLinks', 0, 'output') === 'fail',
		send,
	};
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Hands out batches as workers ask for them, so no copy of the whole input is made: a payload leaves
 * `payloads` when it joins a batch. Batches respect the count and, for Branch, the serialized size
 * of the JSON array body (brackets and commas included).
 */
function* batchesOf(
	payloads: Array<IDataObject | undefined>,
	sizes: number[] | undefined,
	maxBatch: number,
	maxBytes: number,
): Generator<BulkEntry[]> {
	let batch: BulkEntry[] = [];
	let bytes = 2;
	for (let itemIndex = 0; itemIndex < payloads.length; itemIndex++) {
		const payload = payloads[itemIndex];
		if (payload === undefined) continue;
		const size = sizes ? sizes[itemIndex] : 0;
		const added = batch.length ? size + 1 : size;
		if (batch.length && (batch.length >= maxBatch || bytes + added > maxBytes)) {
			yield batch;
			batch = [];
			bytes = 2;
		}
		bytes += batch.length ? size + 1 : size;
		batch.push({ itemIndex, payload });
		payloads[itemIndex] = undefined;
	}
	if (batch.length) yield batch;
}

/** A list for an error description: the first `max` lines, then how many more. */
function listed(lines: string[], max = 25): string {
	const shown = lines.slice(0, max).join('\n');
	return lines.length > max ? `${shown}\n… and ${lines.length - max} more (see the error's context)` : shown;
}

/** Requests after which sending more is pointless: the credential is refused, or the provider keeps rate limiting. */
const isFatal = (error: unknown): boolean =>
	!(error instanceof NodeApiError) || ['401', '403', '429'].includes(String(error.httpCode));

/**
 * Bulk Create: every item is read and validated first (invalid items never join a batch), then the
 * batches stream out through `concurrency` workers, paced by the shared throttle. Every item gets
 * exactly one output item, in input order, saying whether its link was created.
 */
export async function bulkCreateLinks(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const provider = this.getNodeParameter('provider', 0) as ProviderId;
	const name = PROVIDERS[provider].name;
	const reader = LINK_PROVIDERS[provider];
	const bulk = BULK_LINK_PROVIDERS[provider];
	const settings = readSettings(this, provider, bulk);
	const continueOnFail = this.continueOnFail();

	const results: IDataObject[] = new Array(items.length);
	const payloads: Array<IDataObject | undefined> = new Array(items.length);
	const sizes: number[] | undefined = bulk.maxBytes ? new Array(items.length) : undefined;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const payload = reader.read(this, itemIndex);
			if (sizes && bulk.maxBytes) {
				sizes[itemIndex] = byteLength(JSON.stringify(payload));
				if (sizes[itemIndex] + 2 > bulk.maxBytes) {
					throw new FieldError(
						'Link Data',
						`The link is ${sizes[itemIndex]} bytes, more than fits in one ${name} bulk request (${bulk.maxBytes} bytes)`,
						'Make Link Data smaller, or create this link with Create Deep Link.',
					);
				}
			}
			payloads[itemIndex] = payload;
		} catch (error) {
			if (!(error instanceof FieldError)) throw asNodeError(node, error);
			const failure = new NodeOperationError(node, `Item ${itemIndex}: ${error.message}`, {
				itemIndex,
				description: `Field "${error.field}". ${error.hint ?? 'Correct the value in this item and run the node again.'}`,
			});
			results[itemIndex] = failedLink(provider, { message: failure.message, field: error.field }, { description: failure.description });
		}
	}

	const batches = batchesOf(payloads, sizes, settings.batchSize, bulk.maxBytes ?? Infinity);
	let fatal: unknown;
	const worker = async () => {
		while (fatal === undefined) {
			const next = batches.next();
			if (next.done) return;
			const entries = next.value;
			try {
				const answers = await bulk.send(this, entries, settings.send);
				entries.forEach((entry, index) => (results[entry.itemIndex] = answers[index]));
			} catch (error) {
				if (isFatal(error)) fatal ??= error;
				const failure = requestFailure(provider, error);
				for (const entry of entries) results[entry.itemIndex] = { ...failure };
			}
		}
	};
	await Promise.all(Array.from({ length: settings.concurrency }, worker));

	// Links that never went out because an earlier request showed that more would fail the same way.
	if (fatal !== undefined) {
		const reason = (fatal as Error).message;
		for (let itemIndex = 0; itemIndex < payloads.length; itemIndex++) {
			if (payloads[itemIndex] === undefined) continue;
			payloads[itemIndex] = undefined;
			results[itemIndex] = failedLink(provider, { message: `Not sent, because an earlier request failed: ${reason}` }, { notSent: true });
		}
	}

	return [summarize(this, node, provider, results, settings.failExecution && !continueOnFail)];
}

/** Builds the output, adds hints, and throws when asked to fail on failed links. */
function summarize(
	context: IExecuteFunctions,
	node: INode,
	provider: ProviderId,
	results: IDataObject[],
	failExecution: boolean,
): INodeExecutionData[] {
	const name = PROVIDERS[provider].name;
	const failed: number[] = [];
	const unknown: number[] = [];
	const created: number[] = [];
	let longLinks = 0;
	let longReason: string | undefined;
	const output: INodeExecutionData[] = results.map((json, itemIndex) => {
		if (json.success === true) {
			created.push(itemIndex);
			if (json.shortened === false && json.notice) {
				longLinks++;
				longReason = String(json.notice);
			}
			return { json, pairedItem: { item: itemIndex } };
		}
		if (json.outcomeUnknown === true) unknown.push(itemIndex);
		else failed.push(itemIndex);
		const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		// "Continue (using error output)" routes an item by its `error`.
		if (node.onError === 'continueErrorOutput') {
			item.error = new NodeOperationError(node, String(json.error ?? 'Link not created'), { itemIndex });
		}
		return item;
	});

	if (longLinks) {
		context.addExecutionHints({
			message: `${longLinks} of ${created.length} Adjust links came back long (shortened: false). ${longReason ?? ''}`.trim(),
			type: 'warning',
			location: 'outputPane',
		});
	}
	if (unknown.length) {
		context.addExecutionHints({
			message: `${unknown.length} links have an unknown outcome (outcomeUnknown: true): a request failed without an answer, so ${name} may or may not have created them. They were not sent again; check in ${name} before running those items again.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	const notCreated = [...failed, ...unknown].sort((a, b) => a - b);
	if (notCreated.length && !failExecution) {
		context.addExecutionHints({
			message: `${created.length} of ${results.length} links were created; ${notCreated.length} were not (success: false).`,
			type: 'info',
			location: 'outputPane',
		});
	}

	if (notCreated.length && failExecution) {
		const line = (itemIndex: number) => {
			const json = results[itemIndex];
			const message = String(json.error ?? 'not created');
			const text = message.startsWith(`Item ${itemIndex}:`) ? message : `Item ${itemIndex}: ${message}`;
			if (json.outcomeUnknown) return `${text} (outcome unknown)`;
			return json.description ? `${text} (${String(json.description)})` : text;
		};
		const createdLines = created.map((itemIndex) => `Item ${itemIndex}: ${String(results[itemIndex].url)}`);
		const error = new NodeOperationError(
			node,
			`${notCreated.length} of ${results.length} links were not created${created.length ? `; ${created.length} ${created.length === 1 ? 'was' : 'were'}` : ''}`,
			{
				description: `Failed:\n${listed(notCreated.map(line))}${
					createdLines.length ? `\n\nCreated (these links exist now):\n${listed(createdLines)}` : ''
				}`,
				itemIndex: notCreated[0],
			},
		);
		error.context.failedItems = notCreated.map((itemIndex) => ({ itemIndex, ...results[itemIndex] }));
		error.context.createdLinks = created.map((itemIndex) => ({ itemIndex, url: results[itemIndex].url }));
		throw error;
	}
	return output;
}
