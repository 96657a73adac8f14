import type { IDataObject, INode, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../common/errors';
import type { PolledEvent, ProviderWith, RequestOptions } from '../providers';
import { paginate } from '../transport';
import type { PollClock } from './common';
import { isAuthError, MANUAL_SAMPLE, paramReader, pollClock, pollProvider, readParameters, statusOf, triggerSettings } from './common';
import type { Mark } from './marks';
import { advance, isAfter, readMark, START } from './marks';

/** Most links one poll emits; the next poll goes on with the next-oldest. */
export const LINKS_PER_POLL = 1000;
/** Most pages one poll reads, also where n8n gives no poll budget (before 2.9). */
export const PAGES_PER_POLL = 250;
/** Most resume points kept between polls. */
const MAX_CHECKPOINTS = 100;

/** A place in the newest-first list: the pages after `cursor` hold links created at `at` or earlier. */
interface Point {
	cursor: string;
	at: string;
}

/** A link by its position: its creation time and id. */
interface Position {
	at: string;
	id: string;
}

/** The last new link a walk read, and the page end above its page (absent: the top of the list). */
interface LastNew extends Position {
	back?: Point;
}

/** Where an unfinished walk goes on (below `cursor`, whose page ended with a link created at `at`). */
interface Descent extends Point {
	lastNew?: LastNew;
}

/**
 * What the trigger keeps between polls (the node's static data):
 * - `mark`: `createdAt` of the newest link emitted, and the ids emitted at exactly that time. Every link
 *   at or before the mark has been emitted (or was there before activation); none after it has.
 * - `descent`: where a walk down the list that a poll had to stop (budget, page cap) goes on.
 * - `checkpoints`: places above the mark, highest first, about 1,000 un-emitted links apart: the next
 *   polls walk down from the lowest one instead of from the top.
 * - `floor`: a link above the mark below which nothing is new, found when a stopped walk went on and
 *   found nothing more: the next walk starts just above it and may stop there instead of at the mark.
 * - `query`: the filters the cursors belong to.
 * Only `mark` decides what is emitted. The others save requests: a walk from anywhere above the mark,
 * stopping anywhere below the new links, gives the same links.
 */
interface LinksState extends IDataObject {
	v?: number;
	query?: string;
	mark?: IDataObject;
	descent?: IDataObject;
	checkpoints?: IDataObject[];
	floor?: IDataObject;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const readPosition = (value: unknown): Position | undefined => {
	const { at, id } = (value ?? {}) as IDataObject;
	return typeof at === 'string' && ISO.test(at) && typeof id === 'string' ? { at, id } : undefined;
};
const readPoint = (value: unknown): Point | undefined => {
	const { cursor, at } = (value ?? {}) as IDataObject;
	return typeof cursor === 'string' && cursor && typeof at === 'string' && ISO.test(at) ? { cursor, at } : undefined;
};
const readDescent = (value: unknown): Descent | undefined => {
	const point = readPoint(value);
	if (!point) return undefined;
	const raw = (value as IDataObject).lastNew as IDataObject | undefined;
	const position = readPosition(raw);
	if (!position) return point;
	const back = readPoint(raw?.back);
	return { ...point, lastNew: { ...position, ...(back ? { back } : {}) } };
};

type Spec = ProviderWith<'linksTrigger'>;

interface Walker {
	context: IPollFunctions;
	spec: Spec;
	filters: IDataObject;
	request: RequestOptions;
	clock: PollClock;
}

/** A stored cursor the provider no longer takes, or that no longer points where it did. */
function staleCursor(node: INode): NodeOperationError {
	const error = new NodeOperationError(node, 'A stored list cursor is no longer valid');
	error.context.staleCursor = true;
	return error;
}
const isStaleCursor = (error: unknown): boolean => error instanceof NodeOperationError && error.context.staleCursor === true;

/** One page through the transport, timed against the poll budget. */
async function fetchPage(walker: Walker, cursor: string | undefined, limit: number) {
	const { context, spec, filters, request, clock } = walker;
	const page = await clock.time(() => spec.linksTrigger.page(context, filters, cursor, limit, request));
	if (page.unreadable.length) {
		context.logger.warn(`${spec.name}: ${page.unreadable.length} link(s) without a readable id or createdAt were skipped`, {
			example: JSON.stringify(page.unreadable[0]).slice(0, 200),
		});
	}
	return page;
}

/** The mark before activation: the newest creation time, with every link created then. */
async function baselineMark(walker: Walker): Promise<Mark> {
	const top: PolledEvent[] = [];
	const pages = paginate<PolledEvent>(async (cursor) => {
		const page = await fetchPage(walker, cursor, walker.spec.linksTrigger.maxPage);
		return { items: page.events, nextCursor: page.nextCursor };
	});
	for await (const event of pages) {
		if (top.length && event.at !== top[0].at) break;
		top.push(event);
	}
	return advance(START, top);
}

interface Walk {
	/** Whether the walk reached the mark, the floor or the end of the list. */
	complete: boolean;
	/** The oldest new links read, newest first, at most LINKS_PER_POLL. */
	window: PolledEvent[];
	/** New links read in all. */
	passed: number;
	/** Each page end: its cursor, the time of its last link, and how many new links were read above it. */
	boundaries: Array<Point & { passed: number }>;
	/** Where an unfinished walk goes on. */
	stop?: Descent;
}

/**
 * Walks the newest-first list down from `start` (the top when undefined) to the mark (or the floor),
 * keeping only the oldest LINKS_PER_POLL new links. It stops at a page end when the poll budget or the
 * page cap is spent.
 */
async function walk(walker: Walker, mark: Mark, start: Descent | undefined, floor: Position | undefined): Promise<Walk> {
	const { spec, clock } = walker;
	const node = walker.context.getNode();
	const size = spec.linksTrigger.maxPage;
	const ring: PolledEvent[] = new Array(LINKS_PER_POLL);
	let head = 0;
	let held = 0;
	let passed = 0;
	let pages = 0;
	let pageEnd = 0;
	let consumed = 0;
	let pageCursor: string | undefined;
	let pageAt: string | undefined;
	// The page end above the page being read: where a later walk can read this page again.
	let above: Point | undefined = start ? { cursor: start.cursor, at: start.at } : undefined;
	let lastNew: LastNew | undefined = start?.lastNew;
	const boundaries: Walk['boundaries'] = [];
	let complete = false;
	let stop: Descent | undefined;

	const list = paginate<PolledEvent>(async (cursor) => {
		const from = cursor ?? start?.cursor;
		let page;
		try {
			page = await fetchPage(walker, from, size);
		} catch (error) {
			// Only a stored cursor is checked: a cursor from this walk's own pages is as good as any.
			const status = statusOf(error) ?? 0;
			if (pages === 0 && start && status >= 400 && status < 500 && status !== 429 && !isAuthError(error)) throw staleCursor(node);
			throw asNodeError(node, error);
		}
		if (pages === 0 && start && page.events.length && page.events[0].at > start.at) throw staleCursor(node);
		pages++;
		pageEnd += page.events.length;
		pageCursor = page.nextCursor || undefined;
		if (page.events.length) pageAt = page.events[page.events.length - 1].at;
		return { items: page.events, nextCursor: page.nextCursor };
	});

	for await (const event of list) {
		consumed++;
		if ((mark.at !== '' && event.at < mark.at) || (floor && event.at < floor.at)) {
			complete = true;
			break;
		}
		if (isAfter(mark, event)) {
			ring[(head + held) % LINKS_PER_POLL] = event;
			if (held < LINKS_PER_POLL) held++;
			else head = (head + 1) % LINKS_PER_POLL;
			passed++;
			lastNew = { at: event.at, id: event.id, ...(above ? { back: above } : {}) };
		}
		if (floor && event.id === floor.id && event.at === floor.at) {
			complete = true;
			break;
		}
		if (consumed === pageEnd && pageCursor && pageAt) {
			const here = { cursor: pageCursor, at: pageAt };
			boundaries.push({ ...here, passed });
			if (pages >= PAGES_PER_POLL || !clock.allows()) {
				stop = { ...here, ...(lastNew ? { lastNew } : {}) };
				break;
			}
			above = here;
		}
	}
	if (!stop) complete = true;
	const window: PolledEvent[] = [];
	for (let index = 0; index < held; index++) window.push(ring[(head + index) % LINKS_PER_POLL]);
	return { complete, window, passed, boundaries, stop };
}

/**
 * Resume points for the next polls: for k = 1, 2, …, the lowest page end with at least k × LINKS_PER_POLL
 * new links between it and `above` (the number of new links read above the part that stays below),
 * highest first.
 */
function checkpointsOf(boundaries: Walk['boundaries'], above: number): Point[] {
	const points: Point[] = [];
	let index = boundaries.length - 1;
	for (let k = 1; above - k * LINKS_PER_POLL >= 0; k++) {
		const target = above - k * LINKS_PER_POLL;
		while (index >= 0 && boundaries[index].passed > target) index--;
		if (index < 0) break;
		const { cursor, at } = boundaries[index];
		if (!points.length || points[0].cursor !== cursor) points.unshift({ cursor, at });
	}
	return points;
}

/** "Fetch Test Event": the newest links, up to 5, oldest first; no state. */
async function sample(walker: Walker): Promise<INodeExecutionData[][] | null> {
	const links: PolledEvent[] = [];
	const pages = paginate<PolledEvent>(
		async (cursor, wanted) => {
			const page = await fetchPage(walker, cursor, wanted ?? MANUAL_SAMPLE);
			return { items: page.events, nextCursor: page.nextCursor };
		},
		{ limit: MANUAL_SAMPLE },
	);
	for await (const link of pages) links.push(link);
	if (!links.length) return null;
	return [links.reverse().map((link) => ({ json: walker.spec.linksTrigger.output(link) }))];
}

/**
 * Deep Link Created Trigger's poll. It walks the list newest first down to the mark and emits the oldest
 * new links, up to LINKS_PER_POLL, oldest first; the mark then moves to the newest of them. Links above
 * it stay new for the next polls, which start lower down when a checkpoint allows. State changes only
 * when the poll succeeds.
 */
export async function pollLinkCreated(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = context.getNode();
	const spec = pollProvider(context, 'linksTrigger');
	const filters = readParameters(node, () => spec.linksTrigger.read(paramReader(context)));
	const { includeHistory, request } = triggerSettings(context);
	const walker: Walker = { context, spec, filters, request, clock: pollClock(context) };
	if (context.getMode() === 'manual') return await sample(walker);

	const state = context.getWorkflowStaticData('node') as LinksState;
	const query = JSON.stringify(filters);
	const sameQuery = state.query === query;
	const commit = (mark: Mark, descent: Descent | undefined, checkpoints: Point[], floor: Position | undefined) => {
		state.v = 1;
		state.query = query;
		state.mark = { at: mark.at, ids: mark.ids };
		if (descent) state.descent = JSON.parse(JSON.stringify(descent)) as IDataObject;
		else delete state.descent;
		if (checkpoints.length) state.checkpoints = checkpoints.slice(-MAX_CHECKPOINTS).map((point) => ({ ...point }));
		else delete state.checkpoints;
		if (floor) state.floor = { ...floor };
		else delete state.floor;
	};

	let mark = readMark(state.mark);
	if (!mark && !includeHistory) {
		// First poll: what is there now was created before activation.
		commit(await baselineMark(walker), undefined, [], undefined);
		return null;
	}
	mark ??= START;
	// Cursors belong to one query: a change of filters walks from the top again, from the same mark.
	const descent = sameQuery ? readDescent(state.descent) : undefined;
	let checkpoints = sameQuery ? (state.checkpoints ?? []).map(readPoint).filter((point): point is Point => point !== undefined) : [];
	let floor = sameQuery ? readPosition(state.floor) : undefined;
	let start: Point | undefined = descent;
	if (!start && checkpoints.length) {
		start = checkpoints[checkpoints.length - 1];
		checkpoints = checkpoints.slice(0, -1);
	}

	let fromDescent = descent !== undefined;
	let result: Walk;
	try {
		result = await walk(walker, mark, start, floor);
	} catch (error) {
		if (!isStaleCursor(error)) throw asNodeError(node, error);
		context.logger.info(`${spec.name} no longer takes a stored cursor; walking the list from the top`);
		checkpoints = [];
		floor = undefined;
		fromDescent = false;
		result = await walk(walker, mark, undefined, undefined);
	}

	if (!result.complete) {
		// Nothing is emitted yet: the oldest new links are further down.
		commit(mark, result.stop, [...checkpoints, ...checkpointsOf(result.boundaries, result.passed)], floor);
		return null;
	}
	const emitted = result.window.reverse();
	if (!emitted.length) {
		// Nothing new below where the stopped walk went on: the oldest new link is the last one it read. The
		// next walk starts on that link's page and may stop at it.
		const last = fromDescent ? descent?.lastNew : undefined;
		if (last) commit(mark, undefined, last.back ? [...checkpoints, last.back] : checkpoints, { at: last.at, id: last.id });
		else commit(mark, undefined, checkpoints, floor);
		return null;
	}
	commit(advance(mark, emitted), undefined, [...checkpoints, ...checkpointsOf(result.boundaries, result.passed - emitted.length)], undefined);
	return [emitted.map((link) => ({ json: spec.linksTrigger.output(link) }))];
}
