export interface Page<T> {
	items: T[];
	/** Cursor of the next page; undefined, null or '' when this was the last page. */
	nextCursor?: string | null;
}

export interface PaginateOptions {
	/** Stop after this many items. Undefined returns all. */
	limit?: number;
	/** Guards against a provider that repeats a cursor forever. */
	maxPages?: number;
}

/**
 * Walks a cursor-paged endpoint. `fetchPage` gets the cursor (undefined first) and how many items are
 * still wanted, so the caller can ask for a smaller last page.
 */
export async function* paginate<T>(
	fetchPage: (cursor: string | undefined, wanted: number | undefined) => Promise<Page<T>>,
	options: PaginateOptions = {},
): AsyncGenerator<T> {
	const { limit, maxPages = 100_000 } = options;
	let cursor: string | undefined;
	let yielded = 0;
	const seen = new Set<string>();
	for (let page = 0; page < maxPages; page++) {
		if (limit !== undefined && yielded >= limit) return;
		const wanted = limit === undefined ? undefined : limit - yielded;
		const { items, nextCursor } = await fetchPage(cursor, wanted);
		for (const item of items) {
			if (limit !== undefined && yielded >= limit) return;
			yielded++;
			yield item;
		}
		if (!nextCursor || seen.has(nextCursor)) return;
		seen.add(nextCursor);
		cursor = nextCursor;
	}
}
