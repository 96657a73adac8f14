import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeError } from 'n8n-workflow';

import type { ItemParams } from '../common/params';
import { errorItem, isOutcomeUnknown, itemError } from './items';
import { fingerprint, Ledger } from './ledger';
import type { ItemParamsFactory } from './params';
import { nodeParams } from './params';
import { yielder } from './yield';

export { errorItem, isOutcomeUnknown, itemError } from './items';
export { fingerprint, Ledger } from './ledger';
export { AUTO_MAPPING, columnKey, itemFieldParams, linkColumns, MANUAL_MAPPING, nodeParams } from './params';
export type { ItemParamsFactory } from './params';
export { yielder } from './yield';

/** What one node does with each item; the runner owns the loop and the item policy. */
export interface ItemTask<Job> {
	/** Reads and validates one item; throws for a bad one. Nothing is sent here. */
	read(item: ItemParams): Job | Promise<Job>;
	/** Sends the item's request(s); returns its output JSON, or several (a list). */
	execute(job: Job, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/** Whether executing changes something at the provider (default: yes). */
	writes?(job: Job): boolean;
	/** The part of the job that is sent, for the item's identity across tries (default: the job). */
	sent?(job: Job): unknown;
	/** Called with each item's result, whether sent now or handed back from an earlier try. */
	onResult?(itemIndex: number, json: IDataObject[]): void;
	/** Shapes every output JSON, success or error (e.g. Include Input Fields). */
	shape?(itemIndex: number, json: IDataObject): IDataObject;
	/** Fields every error item of this node carries, e.g. `{ provider }`. */
	errorFields?: IDataObject;
	/** How results read in hints: "link" / "links", "created". */
	noun: { one: string; many: string; done: string };
}

type Noun = ItemTask<unknown>['noun'];

const plural = (count: number, noun: Noun) => `${count} ${count === 1 ? noun.one : noun.many}`;

/** Says which items an earlier try of this node had already handled, so this try did not send them. */
export function handedBackHint(context: IExecuteFunctions, items: number[], noun: Noun): void {
	if (!items.length) return;
	context.addExecutionHints({
		message: `${plural(items.length, noun)} (items ${items.slice(0, 20).join(', ')}${items.length > 20 ? ', …' : ''}) had already been ${noun.done} by an earlier try of this node (Retry On Fail). They were not sent again; their output is from that try.`,
		type: 'info',
		location: 'outputPane',
	});
}

/**
 * The one item loop every node uses:
 * - every item is read and validated before the first request; a bad item stops the node (or, with
 *   Continue On Fail, gets an error item while the others go ahead);
 * - once something succeeded, later failures become error items with a warning, so nothing already
 *   created, sent or read is dropped from the output;
 * - a write that an earlier try of this node made (n8n's Retry On Fail) or left unknown is handed back,
 *   never repeated; only items that failed for sure are tried again;
 * - one output item (or list) per input item, in order, with `pairedItem`;
 * - the loop yields to the event loop at least every few milliseconds.
 */
export async function runItems<Job>(context: IExecuteFunctions, task: ItemTask<Job>, params?: ItemParamsFactory): Promise<INodeExecutionData[][]> {
	const node = context.getNode();
	const count = context.getInputData().length;
	const ledger = Ledger.open(context);
	const paramsOf = params ?? nodeParams(context);
	const pause = yielder();
	const continueOnFail = context.continueOnFail();
	const extra = task.errorFields ?? {};
	const shaped = (item: INodeExecutionData): INodeExecutionData =>
		task.shape ? { ...item, json: task.shape((item.pairedItem as { item: number }).item, item.json) } : item;

	const jobs: Job[] = new Array(count);
	const invalid = new Map<number, NodeError>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			jobs[itemIndex] = await task.read(paramsOf(itemIndex));
		} catch (error) {
			invalid.set(itemIndex, itemError(node, itemIndex, error));
		}
		await pause();
	}
	if (invalid.size && !continueOnFail && !ledger.hasEarlierWrites) {
		ledger.close('threw');
		throw invalid.values().next().value as NodeError;
	}

	const output: INodeExecutionData[][] = new Array(count);
	let kept = ledger.hasEarlierWrites;
	let succeeded = 0;
	const replayed: number[] = [];
	const unknown: number[] = [];
	const failedAfter: number[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const bad = invalid.get(itemIndex);
		if (bad) {
			output[itemIndex] = [shaped(errorItem(node, bad, itemIndex, extra))];
			if (!continueOnFail) failedAfter.push(itemIndex);
			continue;
		}
		const job = jobs[itemIndex];
		const writes = task.writes?.(job) ?? true;
		const print = writes && ledger.active ? fingerprint(task.sent ? task.sent(job) : job) : '';
		const earlier = writes ? ledger.lookup(itemIndex, print) : undefined;
		if (earlier) {
			output[itemIndex] = earlier.items;
			replayed.push(itemIndex);
			if (earlier.outcome === 'unknown') unknown.push(itemIndex);
			else task.onResult?.(itemIndex, earlier.items.map((item) => item.json));
			kept = true;
			continue;
		}
		try {
			const result = await task.execute(job, itemIndex);
			const list = Array.isArray(result) ? result : [result];
			output[itemIndex] = list.map((json) => shaped({ json, pairedItem: { item: itemIndex } }));
			if (writes) ledger.remember(itemIndex, { fingerprint: print, outcome: 'done', items: output[itemIndex] });
			task.onResult?.(itemIndex, list);
			succeeded++;
			kept = true;
		} catch (error) {
			const failure = itemError(node, itemIndex, error);
			const maybeDone = writes && isOutcomeUnknown(failure);
			output[itemIndex] = [shaped(errorItem(node, failure, itemIndex, extra))];
			if (maybeDone) {
				ledger.remember(itemIndex, { fingerprint: print, outcome: 'unknown', items: output[itemIndex] });
				unknown.push(itemIndex);
			}
			if (!continueOnFail) {
				if (!kept) {
					ledger.close('threw');
					throw failure;
				}
				failedAfter.push(itemIndex);
			}
			if (maybeDone) kept = true;
		}
		await pause();
	}

	if (failedAfter.length) {
		context.addExecutionHints({
			message: `${failedAfter.length} item(s) failed (items ${failedAfter.join(', ')}) after ${plural(succeeded + replayed.length, task.noun)} had been ${task.noun.done}. The node did not stop, so those results stay in the output and Retry On Fail does not repeat them; the failed items carry the error.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	if (unknown.length) {
		context.addExecutionHints({
			message: `${plural(unknown.length, task.noun)} (items ${unknown.join(', ')}) may or may not have been ${task.noun.done} (outcomeUnknown: true). They were not sent again; check with the provider before running them again.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	handedBackHint(context, replayed.filter((itemIndex) => !unknown.includes(itemIndex)), task.noun);
	const result = [output.flat()];
	ledger.close(result);
	return result;
}
