import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { asNodeError } from '../common/errors';
import type { OpensTriggerJob, PolledEvent, ProviderWith, RequestOptions } from '../providers';
import type { PollClock } from './common';
import { isAuthError, MANUAL_SAMPLE, paramReader, pollClock, pollProvider, readParameters, statusOf, triggerSettings } from './common';
import type { Mark } from './marks';
import { advance, after, baseline, byTime, readMark, START } from './marks';

/** Most opens one poll emits; the next poll goes on where this one stopped. */
export const OPENS_PER_POLL = 5000;

/**
 * What the trigger keeps between polls (the node's static data):
 * - `marks`: per watched notification and event (`install:1234`), the high-water mark of `openedAt`
 *   and the ids already emitted at exactly that time;
 * - `resume`: the notification the next poll starts with, when this one stopped early (poll budget or
 *   the per-poll cap), so that every notification gets its turn.
 */
interface OpensState extends IDataObject {
	v?: number;
	marks?: IDataObject;
	resume?: string;
}

const keyOf = (kind: OpensTriggerJob['kind'], notificationId: number) => `${kind}:${notificationId}`;

interface Failure {
	notificationId: number;
	error: Error;
}

type Spec = ProviderWith<'opensTrigger'>;

/** Reads one notification's opens; a refused credential throws, any other failure is returned. */
async function read(
	context: IPollFunctions,
	spec: Spec,
	job: OpensTriggerJob,
	notificationId: number,
	request: RequestOptions,
	clock: PollClock,
): Promise<PolledEvent[] | Failure> {
	try {
		const { events, unreadable } = await clock.time(() => spec.opensTrigger.fetch(context, notificationId, job.kind, request));
		if (unreadable.length) {
			context.logger.warn(`${spec.name}: ${unreadable.length} open(s) of notification ${notificationId} have no readable openedAt and were skipped`, {
				notificationId,
				example: JSON.stringify(unreadable[0]).slice(0, 200),
			});
		}
		return events;
	} catch (error) {
		if (isAuthError(error)) throw asNodeError(context.getNode(), error);
		return { notificationId, error: error as Error };
	}
}

/** 404s are named in the log and the others still polled; when nothing could be read, the poll fails. */
function report(context: IPollFunctions, spec: Spec, failures: Failure[], succeeded: number): void {
	if (!failures.length) return;
	if (!succeeded) throw asNodeError(context.getNode(), failures.find((failure) => statusOf(failure.error) !== 404)?.error ?? failures[0].error);
	for (const { notificationId, error } of failures) {
		const missing = statusOf(error) === 404;
		const message = missing
			? `${spec.name} has no notification ${notificationId} (404): it is skipped; the other notifications were polled. Remove it from Notification IDs.`
			: `Reading the opens of notification ${notificationId} failed; its opens are read again on the next poll: ${error.message}`;
		if (missing) context.logger.warn(message, { notificationId });
		else context.logger.error(message, { notificationId });
	}
}

/** "Fetch Test Event": the most recent opens across the notifications, up to 5, oldest first; no state. */
async function sample(context: IPollFunctions, spec: Spec, job: OpensTriggerJob, request: RequestOptions): Promise<INodeExecutionData[][] | null> {
	const clock = pollClock(context);
	const recent: Array<{ notificationId: number; event: PolledEvent }> = [];
	const failures: Failure[] = [];
	let succeeded = 0;
	for (const notificationId of job.notificationIds) {
		const result = await read(context, spec, job, notificationId, request, clock);
		if (!Array.isArray(result)) {
			failures.push(result);
			continue;
		}
		succeeded++;
		for (const event of result) {
			if (recent.length === MANUAL_SAMPLE && byTime(event, recent[MANUAL_SAMPLE - 1].event) <= 0) continue;
			recent.push({ notificationId, event });
			recent.sort((a, b) => byTime(b.event, a.event));
			if (recent.length > MANUAL_SAMPLE) recent.pop();
		}
	}
	report(context, spec, failures, succeeded);
	if (!recent.length) return null;
	return [recent.reverse().map(({ notificationId, event }) => ({ json: spec.opensTrigger.output(notificationId, job.kind, event) }))];
}

/**
 * Push Opened Trigger's poll. Each watched notification's opens are read, one notification after the
 * other, and only the opens after its mark are emitted, oldest first. The marks change only at the end of
 * a poll that did not fail, and only for the notifications read in it.
 */
export async function pollPushOpened(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = context.getNode();
	const spec = pollProvider(context, 'opensTrigger');
	const job = readParameters(node, () => spec.opensTrigger.read(paramReader(context)));
	const { includeHistory, request } = triggerSettings(context);
	if (context.getMode() === 'manual') return await sample(context, spec, job, request);

	const state = context.getWorkflowStaticData('node') as OpensState;
	const marks = new Map<string, Mark>();
	for (const [key, value] of Object.entries(state.marks ?? {})) {
		const mark = readMark(value);
		if (mark) marks.set(key, mark);
	}
	// A poll that stopped early goes on with the notification it had not finished.
	const start = Math.max(0, job.notificationIds.findIndex((id) => keyOf(job.kind, id) === state.resume));
	const order = [...job.notificationIds.slice(start), ...job.notificationIds.slice(0, start)];

	const clock = pollClock(context);
	const items: INodeExecutionData[] = [];
	const updated = new Map<string, Mark>();
	const failures: Failure[] = [];
	let succeeded = 0;
	let resume: string | undefined;
	for (const notificationId of order) {
		const key = keyOf(job.kind, notificationId);
		if (!clock.allows()) {
			resume = key;
			context.logger.info(`Poll budget reached; the next poll goes on with notification ${notificationId}`, { notificationId });
			break;
		}
		const events = await read(context, spec, job, notificationId, request, clock);
		if (!Array.isArray(events)) {
			failures.push(events);
			continue;
		}
		succeeded++;
		const mark = marks.get(key);
		if (!mark && !includeHistory) {
			// First read of this notification: what is there now happened before activation.
			updated.set(key, baseline(events));
			continue;
		}
		const fresh = after(mark ?? START, events).sort(byTime);
		const emitted = fresh.slice(0, OPENS_PER_POLL - items.length);
		for (const event of emitted) items.push({ json: spec.opensTrigger.output(notificationId, job.kind, event) });
		updated.set(key, advance(mark ?? START, emitted));
		if (emitted.length < fresh.length) {
			resume = key;
			context.logger.info(`${OPENS_PER_POLL} opens emitted in this poll; the next poll goes on with notification ${notificationId}`, { notificationId });
			break;
		}
	}
	report(context, spec, failures, succeeded);

	// Commit: only the notifications read in this poll move; marks of notifications no longer watched go.
	const next: IDataObject = {};
	for (const notificationId of job.notificationIds) {
		const key = keyOf(job.kind, notificationId);
		const mark = updated.get(key) ?? marks.get(key);
		if (mark) next[key] = { at: mark.at, ids: mark.ids };
	}
	state.v = 1;
	state.marks = next;
	if (resume) state.resume = resume;
	else delete state.resume;
	return items.length ? [items] : null;
}
