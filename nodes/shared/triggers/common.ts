import type { IDataObject, INode, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../common/errors';
import { FieldError } from '../common/validation';
import type { Capability, NodeParamReader, ProviderWith, RequestOptions } from '../providers';
import { providerWith } from '../providers';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../transport';

/** How many events "Fetch Test Event" shows: the most recent, without moving the cursor. */
export const MANUAL_SAMPLE = 5;

/** The trigger's provider, which must offer `capability`; the Provider parameter takes no expression. */
export function pollProvider<C extends Capability>(context: IPollFunctions, capability: C): ProviderWith<C> {
	const id = context.getNodeParameter('provider', '');
	const spec = providerWith(capability, id);
	if (!spec) {
		throw new NodeOperationError(context.getNode(), `This trigger does not support the provider "${String(id)}"`, {
			description: 'Choose one of the providers in the Provider list.',
		});
	}
	return spec;
}

/** A poll has no items: each parameter is read once, for the poll. */
export const paramReader =
	(context: IPollFunctions): NodeParamReader =>
	<T>(name: string, fallback?: T): T =>
		context.getNodeParameter(name, fallback) as T;

/** Runs a capability's `read` and turns a FieldError into the error n8n shows, naming the field. */
export function readParameters<T>(node: INode, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof FieldError) throw new NodeOperationError(node, error.message, { description: error.hint });
		throw asNodeError(node, error);
	}
}

export interface TriggerSettings {
	/** Whether the first poll emits what was there before activation. */
	includeHistory: boolean;
	request: RequestOptions;
}

/** The Options collection: Include … Before Activation, Max Retries and Timeout. */
export function triggerSettings(context: IPollFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const maxRetries = typeof options.maxRetries === 'number' ? options.maxRetries : DEFAULT_MAX_RETRIES;
	const seconds = typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0 ? options.timeoutSeconds : DEFAULT_TIMEOUT_MS / 1000;
	return { includeHistory: options.includeHistory === true, request: { retry: { maxRetries }, timeoutMs: Math.round(seconds * 1000) } };
}

/** The "Include … Before Activation" option of a trigger's Options collection. */
export const includeHistoryOption = (displayName: string, description: string): INodeProperties => ({
	displayName,
	name: 'includeHistory',
	type: 'boolean',
	default: false,
	description,
});

/** The HTTP status of a provider error, when there is one. */
export const statusOf = (error: unknown): number | undefined =>
	error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;

/** A refused credential fails the whole poll: every other request would be refused too. */
export const isAuthError = (error: unknown): boolean => [401, 403].includes(statusOf(error) ?? 0);

/**
 * The poll budget n8n gives (n8n 2.9 and later: `getPollBudgetMs`), measured from the start of the poll.
 * A request is started only when the slowest request so far would still end within the budget; the first
 * request of a poll always is, so every poll makes progress. Without a budget (older n8n), every request is.
 */
export interface PollClock {
	allows(): boolean;
	time<T>(work: () => Promise<T>): Promise<T>;
	/** Whether the budget stopped the poll. */
	readonly stopped: boolean;
}

export function pollClock(context: IPollFunctions): PollClock {
	const budgetOf = (context as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	let budget = Number.POSITIVE_INFINITY;
	if (typeof budgetOf === 'function') {
		const value = Number(budgetOf.call(context));
		if (Number.isFinite(value)) budget = Math.max(0, value);
	}
	const started = Date.now();
	let slowest = 0;
	let requests = 0;
	let stopped = false;
	return {
		allows() {
			if (requests === 0 || Date.now() - started + slowest < budget) return true;
			stopped = true;
			return false;
		},
		async time(work) {
			const begin = Date.now();
			try {
				return await work();
			} finally {
				requests++;
				slowest = Math.max(slowest, Date.now() - begin);
			}
		},
		get stopped() {
			return stopped;
		},
	};
}
