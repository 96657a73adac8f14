import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BulkEntry, BulkSendOptions, LinkCapability, ProviderWith } from '../providers';
import type { RateLimit } from '../transport';
import { failedLink, requestFailure } from '../providers/bulkResults';
import { columnKey, fingerprint, handedBackHint, itemError, Ledger, linkColumns, yielder } from '../runner';
import { FieldError } from '../common/validation';
import { linkParams, nodeProvider, outputShapeOf, requestOptionsOf, shapeOutput } from './common';

export const DEFAULT_CONCURRENCY = 10;

type BulkProvider = ProviderWith<'bulk'> & ProviderWith<'link'>;

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

function readSettings(context: IExecuteFunctions, spec: BulkProvider): BulkSettings {
	const node = context.getNode();
	const { bulk } = spec;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const invalidOption = (message: string) => new NodeOperationError(node, message, { description: 'Change the value under Options.' });

	const batchSize = whole(options.batchSize, 0);
	if (batchSize < 0) throw invalidOption('Batch Size must be 0 (the provider maximum) or more');
	if (batchSize > bulk.maxBatch && bulk.maxBatch > 1) {
		throw invalidOption(`Batch Size ${batchSize} is more than ${spec.name} accepts in one request (${bulk.maxBatch})`);
	}
	const concurrency = whole(options.concurrency, DEFAULT_CONCURRENCY);
	if (concurrency < 1) throw invalidOption('Concurrency must be at least 1');

	const limits: RateLimit[] = [];
	const perSecond = whole(options.requestsPerSecond, 0);
	const perMinute = whole(options.requestsPerMinute, 0);
	if (perSecond < 0 || perMinute < 0) throw invalidOption('Rate limits must be 0 (the documented limit) or more');
	if (perSecond > 0) limits.push({ limit: perSecond, intervalMs: 1000 });
	if (perMinute > 0) limits.push({ limit: perMinute, intervalMs: 60_000 });

	const send: BulkSendOptions = { ...requestOptionsOf(context), credentialsOnce: true };
	if (limits.length) send.rateLimits = { [bulk.bucket]: limits };
	return {
		batchSize: Math.min(batchSize || bulk.maxBatch, bulk.maxBatch),
		concurrency,
		failExecution: context.getNodeParameter('onFailedLinks', 0, 'output') === 'fail',
		send,
	};
}

/** The label of the top-level field that makes a payload big, by its serialized size. */
function biggestField(payload: IDataObject, link: LinkCapability): string {
	let biggest = '';
	let size = -1;
	for (const [key, value] of Object.entries(payload)) {
		const length = JSON.stringify(value)?.length ?? 0;
		if (length > size) [biggest, size] = [key, length];
	}
	return linkColumns(link).get(columnKey(biggest))?.label ?? biggest;
}

/** A list for an error description: the first `max` lines, then how many more. */
function listed(lines: string[], max = 25): string {
	const shown = lines.slice(0, max).join('\n');
	return lines.length > max ? `${shown}\n… and ${lines.length - max} more (see the error's context)` : shown;
}

/** Requests after which sending more is pointless: the credential is refused, or the provider keeps rate limiting. */
const isFatal = (error: unknown): boolean => !(error instanceof NodeApiError) || ['401', '403', '429'].includes(String(error.httpCode));

/**
 * Bulk Create: items are read, validated and batched in one pass, and each batch goes out as soon as it
 * is full, through `concurrency` workers paced by the shared throttle, while the next is read. Invalid
 * items never join a batch. Every item gets exactly one output item, in input order, saying whether its
 * link was created; a link an earlier try created (Retry On Fail) is handed back, never created again.
 */
export async function bulkCreateLinks(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = context.getInputData().length;
	const node = context.getNode();
	const spec = nodeProvider(context, 'bulk') as BulkProvider;
	const { bulk } = spec;
	const settings = readSettings(context, spec);
	const continueOnFail = context.continueOnFail();
	const ledger = Ledger.open(context);
	const paramsOf = linkParams(context, spec.link);
	const pause = yielder();
	const maxBytes = bulk.maxBytes ?? Infinity;
	// Version 2 leaves the provider's whole answer out by default: 10,000 items need not each carry it.
	const shape = outputShapeOf(context, node.typeVersion < 2);
	const inputs = context.getInputData();

	const results: IDataObject[] = new Array(count);
	const prints: string[] = new Array(count);
	const replayed: number[] = [];
	const notSent: number[] = [];
	let fatal: unknown;

	const put = (itemIndex: number, json: IDataObject) => (results[itemIndex] = shapeOutput(json, inputs[itemIndex]?.json, shape));
	const settle = (itemIndex: number, answer: IDataObject) => {
		const json = put(itemIndex, answer);
		if (!ledger.active) return;
		const outcome = json.success === true ? 'done' : json.outcomeUnknown === true ? 'unknown' : undefined;
		if (outcome) ledger.remember(itemIndex, { fingerprint: prints[itemIndex], outcome, items: [{ json, pairedItem: { item: itemIndex } }] });
	};

	// Batches read and not yet taken by a sender; up to `concurrency` senders take them in order.
	const ready: BulkEntry[][] = [];
	const senders = new Set<Promise<void>>();
	// Senders whose request is waiting for the rate limits. When all are, nothing is under way and the
	// process is idle, so the reader reads ahead: the next windows then only send.
	let held = 0;
	let wakeReader: (() => void) | undefined;
	const wake = () => {
		const resolve = wakeReader;
		wakeReader = undefined;
		resolve?.();
	};
	const options: BulkSendOptions = {
		...settings.send,
		onHold: (waiting) => {
			held += waiting ? 1 : -1;
			wake();
		},
	};
	const send = async (entries: BulkEntry[]) => {
		try {
			const answers = await bulk.send(context, entries, options);
			entries.forEach((entry, index) => settle(entry.itemIndex, answers[index]));
		} catch (error) {
			if (isFatal(error)) fatal ??= error;
			const failure = requestFailure(spec.id, error);
			for (const entry of entries) settle(entry.itemIndex, { ...failure });
		}
	};
	const sender = async () => {
		for (let entries = ready.shift(); entries; entries = ready.shift()) {
			wake();
			if (fatal !== undefined) for (const entry of entries) notSent.push(entry.itemIndex);
			else await send(entries);
		}
	};
	const readingAhead = () => held > 0 && held === senders.size;
	const dispatch = async (entries: BulkEntry[]) => {
		ready.push(entries);
		if (senders.size < settings.concurrency) {
			const running: Promise<void> = sender().finally(() => {
				senders.delete(running);
				wake();
			});
			senders.add(running);
		}
		// The batch waits for the next free sender before the reader goes on, unless every request is held.
		while (ready.length && senders.size >= settings.concurrency && !readingAhead()) {
			await new Promise<void>((resolve) => (wakeReader = resolve));
		}
	};
	// While reading ahead, timers (a freed slot) and answers wait at most this long for the reader.
	const pauseAhead = yielder(2);

	let batch: BulkEntry[] = [];
	let bytes = 2;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let payload: IDataObject;
		let size = 0;
		try {
			payload = spec.link.read(paramsOf(itemIndex));
			if (bulk.maxBytes) {
				size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
				if (size + 2 > bulk.maxBytes) {
					throw new FieldError(
						biggestField(payload, spec.link),
						`The link is ${size} bytes, more than fits in one ${spec.name} bulk request (${bulk.maxBytes} bytes)`,
						'Make that field smaller, or create this link with Create Deep Link.',
					);
				}
			}
		} catch (error) {
			const failure = itemError(node, itemIndex, error);
			put(itemIndex, failedLink(spec.id, { message: failure.message, field: error instanceof FieldError ? error.field : undefined }, failure.description ? { description: failure.description } : {}));
			await pause();
			continue;
		}
		if (ledger.active) {
			prints[itemIndex] = fingerprint(payload);
			const earlier = ledger.lookup(itemIndex, prints[itemIndex]);
			if (earlier) {
				results[itemIndex] = earlier.items[0].json;
				replayed.push(itemIndex);
				continue;
			}
		}
		const added = batch.length ? size + 1 : size;
		if (batch.length && (batch.length >= settings.batchSize || bytes + added > maxBytes)) {
			await dispatch(batch);
			batch = [];
			bytes = 2;
		}
		bytes += batch.length ? size + 1 : size;
		batch.push({ itemIndex, payload });
		await (readingAhead() ? pauseAhead() : pause());
	}
	if (batch.length) await dispatch(batch);
	while (senders.size) await Promise.race(senders);

	// Links that never went out because an earlier request showed that more would fail the same way.
	if (fatal !== undefined) {
		const reason = (fatal as Error).message;
		for (const itemIndex of notSent) {
			put(itemIndex, failedLink(spec.id, { message: `Not sent, because an earlier request failed: ${reason}` }, { notSent: true }));
		}
	}
	handedBackHint(context, replayed.filter((itemIndex) => results[itemIndex].success === true), { one: 'link', many: 'links', done: 'created' });
	const { output, failure } = summarize(context, node, spec.name, results, settings.failExecution && !continueOnFail);
	ledger.close(failure ? 'threw' : [output]);
	if (failure) throw failure;
	return [output];
}


/** Builds the output and adds hints; when asked to fail on failed links, also the error to throw. */
function summarize(
	context: IExecuteFunctions,
	node: INode,
	name: string,
	results: IDataObject[],
	failExecution: boolean,
): { output: INodeExecutionData[]; failure?: NodeOperationError } {
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
		return { output, failure: error };
	}
	return { output };
}
