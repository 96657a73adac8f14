import type { IDataObject } from 'n8n-workflow';

/**
 * A high-water mark: every event up to `at` has been emitted (or was there before activation), and at
 * exactly `at` the events with these ids have. `ids` counts an id once per event, so two events of the
 * same id at the same time are told apart by number. `at` is ISO 8601 in UTC with milliseconds, compared
 * as text; '' is before every time.
 */
export interface Mark {
	at: string;
	ids: string[];
}

export interface TimedEvent {
	id: string;
	at: string;
}

/** Before every event: everything is new. */
export const START: Mark = Object.freeze({ at: '', ids: [] }) as Mark;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A mark read back from static data, or undefined when there is none or it is not one. */
export function readMark(value: unknown): Mark | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const { at, ids } = value as IDataObject;
	if (typeof at !== 'string' || (at !== '' && !ISO_UTC.test(at))) return undefined;
	if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
	return { at, ids: [...(ids as string[])] };
}

/** Oldest first; equal times by id, so the order is the same on every poll. */
export const byTime = (a: TimedEvent, b: TimedEvent): number =>
	a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const counts = (ids: string[]): Map<string, number> => {
	const map = new Map<string, number>();
	for (const id of ids) map.set(id, (map.get(id) ?? 0) + 1);
	return map;
};

/**
 * The events after the mark, from a full list: later than `at`, or at `at` beyond the number of times
 * their id was emitted there. Events before `at` are old, whatever their id.
 */
export function after<E extends TimedEvent>(mark: Mark, events: E[]): E[] {
	const seen = counts(mark.ids);
	return events.filter((event) => {
		if (event.at !== mark.at) return event.at > mark.at;
		const left = seen.get(event.id) ?? 0;
		if (left === 0) return true;
		seen.set(event.id, left - 1);
		return false;
	});
}

/** Whether one event of a list read once (each id once) is after the mark. */
export const isAfter = (mark: Mark, event: TimedEvent): boolean =>
	event.at !== mark.at ? event.at > mark.at : !mark.ids.includes(event.id);

/**
 * The mark once `emitted` (all after `mark`) is out: the latest time among them, with the ids emitted at
 * that time, plus those already counted there when the time did not move.
 */
export function advance(mark: Mark, emitted: TimedEvent[]): Mark {
	let at = mark.at;
	for (const event of emitted) if (event.at > at) at = event.at;
	const ids = emitted.filter((event) => event.at === at).map((event) => event.id);
	return { at, ids: at === mark.at ? [...mark.ids, ...ids] : ids };
}

/** The mark that makes every one of these events old (the state before activation). */
export const baseline = (events: TimedEvent[]): Mark => advance(START, events);
