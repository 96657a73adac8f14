import type { IDataObject } from 'n8n-workflow';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step, doubled on each retry. */
	baseDelayMs: number;
	/** Upper bound of one backoff wait. */
	maxDelayMs: number;
	/** A Retry-After longer than this fails the request instead of stalling the workflow. */
	maxRetryAfterMs: number;
}

/** Retries after the first attempt, unless the node's Max Retries option says otherwise. */
export const DEFAULT_MAX_RETRIES = 5;

/** How long one attempt may take before it counts as failed (n8n's own default is 300 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: DEFAULT_MAX_RETRIES,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
};

const header = (headers: IDataObject | undefined, name: string): string | undefined => {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null) {
			return Array.isArray(value) ? String(value[0]) : String(value);
		}
	}
	return undefined;
};

export { header as getHeader };

/**
 * The wait a server asked for, in ms: `retry-after-ms`, then `Retry-After` as seconds or as an HTTP date.
 * Undefined when the server gave no usable hint.
 */
export function parseRetryAfter(headers: IDataObject | undefined, now = Date.now()): number | undefined {
	const ms = header(headers, 'retry-after-ms');
	if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));

	const value = header(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with full jitter, capped: random in [delay/2, delay]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** True for errors where the request may never have reached the provider, or its answer was lost. */
export const isNetworkErrorCode = (code: string | undefined): boolean =>
	code !== undefined && TRANSIENT_NETWORK_CODES.has(code);

/** Connection refused means nothing was sent; every other network error leaves the outcome unknown. */
export const requestNeverSent = (code: string | undefined): boolean =>
	code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';

export const isRetryableStatus = (status: number): boolean =>
	status === 408 || status === 500 || status === 502 || status === 503 || status === 504;

/** GET, HEAD, PUT and DELETE may be sent twice without a second effect. */
export const isIdempotentMethod = (method: string): boolean => ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method.toUpperCase());

/**
 * Whether a failed attempt may be sent again. `failure` is the HTTP status or the network error code.
 * 429 always; a 5xx, 408 or network error only when repeating is harmless (`idempotent`, which defaults
 * to the method's nature) or when the request never left (connection refused, name not resolved).
 */
export function shouldRetry(failure: number | string, method: string, idempotent = isIdempotentMethod(method)): boolean {
	if (failure === 429) return true;
	if (typeof failure === 'string') return isNetworkErrorCode(failure) && (idempotent || requestNeverSent(failure));
	return isRetryableStatus(failure) && idempotent;
}
