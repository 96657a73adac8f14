/**
 * One input item's parameters, as a provider's reader sees them. The runner decides where they come
 * from: the node's parameters (expressions evaluated for this item, fixed values read once per run),
 * or, with automatic mapping, the item's own fields.
 */
export interface ItemParams {
	/** The item's index in the node's input (0-based, as in n8n). */
	readonly index: number;
	/** The workflow's time zone, for dates given without a UTC offset. */
	readonly timezone: string;
	get<T = unknown>(name: string, fallback?: T): T;
	/**
	 * A key that is the same on every try of this node in this execution (Retry On Fail) for this item and
	 * material, and differs for other executions, runs, items or material.
	 */
	stableKey(material: string): string;
}
