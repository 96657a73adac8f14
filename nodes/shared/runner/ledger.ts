import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What an earlier try of this node did with an item: created/sent it, or left its outcome unknown. */
export interface LedgerEntry {
	fingerprint: string;
	outcome: 'done' | 'unknown';
	items: INodeExecutionData[];
}

interface RunRecord {
	entries: Map<number, LedgerEntry>;
	tries: number;
	maxTries: number;
	touchedAt: number;
}

/** A run no try can reach any more is dropped after this long, whatever happened to it. */
const TTL_MS = 30 * 60_000;
/** Items kept over all runs in this process; the oldest runs go first beyond it. */
const MAX_ITEMS = 500_000;

const runs = new Map<string, RunRecord>();
let storedItems = 0;

function drop(key: string): void {
	const record = runs.get(key);
	if (!record) return;
	storedItems -= record.entries.size;
	runs.delete(key);
}

function sweep(now: number): void {
	for (const [key, record] of runs) {
		if (now - record.touchedAt > TTL_MS || storedItems > MAX_ITEMS) drop(key);
		else if (storedItems <= MAX_ITEMS) break;
	}
}

/** Identifies one run of one node in one execution; the same on every try of Retry On Fail. */
export function runIdOf(context: IExecuteFunctions): string {
	const node = context.getNode();
	const runIndex = Number(context.getWorkflowDataProxy(0).$runIndex ?? 0);
	return `${context.getExecutionId() ?? ''}|${node.id ?? node.name}|${runIndex}`;
}

/**
 * A key that stays the same on every try of a node in an execution, for one item and material, and
 * differs for other executions, runs, items or material. Shaped like a UUID.
 */
export function stableKey(runId: string, itemIndex: number, material: string): string {
	const hex = createHash('sha256').update(`${runId}|${itemIndex}|${material}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A short, stable digest of a value's JSON: what the item identity of a payload is built from. */
export const fingerprint = (value: unknown): string =>
	createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('base64url').slice(0, 24);

/**
 * n8n's Retry On Fail runs a whole node again, in the same execution and run, when it throws or its
 * first output item has `json.error`. The ledger remembers, per execution, node, run and item, what an
 * earlier try created, sent or left unknown, so a later try hands that back instead of repeating it.
 * It lives in the process; in queue mode a whole execution, retries included, runs in one worker.
 */
export class Ledger {
	private constructor(
		readonly runId: string,
		private readonly record: RunRecord | undefined,
	) {}

	static open(context: IExecuteFunctions): Ledger {
		const node = context.getNode();
		const runId = runIdOf(context);
		if (node.retryOnFail !== true) return new Ledger(runId, undefined);
		const now = Date.now();
		sweep(now);
		let record = runs.get(runId);
		if (!record) {
			// The engine's own bounds: 2 to 5 tries, 3 by default.
			record = { entries: new Map(), tries: 0, maxTries: Math.min(5, Math.max(2, node.maxTries ?? 3)), touchedAt: now };
			runs.set(runId, record);
		}
		record.tries++;
		record.touchedAt = now;
		return new Ledger(runId, record);
	}

	/** Whether this node can be run again by Retry On Fail, so results must be remembered. */
	get active(): boolean {
		return this.record !== undefined;
	}

	/** Whether an earlier try already created, sent or left something unknown. */
	get hasEarlierWrites(): boolean {
		return (this.record?.entries.size ?? 0) > 0;
	}

	lookup(itemIndex: number, print: string): LedgerEntry | undefined {
		const entry = this.record?.entries.get(itemIndex);
		return entry && entry.fingerprint === print ? entry : undefined;
	}

	remember(itemIndex: number, entry: LedgerEntry): void {
		if (!this.record) return;
		if (!this.record.entries.has(itemIndex)) storedItems++;
		this.record.entries.set(itemIndex, entry);
	}

	/** Every done entry's items, by item index: for a final summary that lists what any try created. */
	doneItems(): Map<number, INodeExecutionData[]> {
		const out = new Map<number, INodeExecutionData[]>();
		for (const [index, entry] of this.record?.entries ?? []) if (entry.outcome === 'done') out.set(index, entry.items);
		return out;
	}

	/** Releases the run unless the engine may run the node again. */
	close(result: INodeExecutionData[][] | 'threw'): void {
		if (!this.record) return;
		const first = result === 'threw' ? undefined : result[0]?.[0]?.json?.error;
		const engineRetries = result === 'threw' || (first !== undefined && first !== null && first !== false);
		if (!engineRetries || this.record.tries >= this.record.maxTries) drop(this.runId);
	}
}

/** For tests and diagnostics: how many runs and items the ledger holds. */
export const ledgerSize = (): IDataObject => ({ runs: runs.size, items: storedItems });
