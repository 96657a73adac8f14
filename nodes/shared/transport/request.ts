import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { providerError, redact, redactDeep, secretForms } from './errors';
import { checkBaseUrl } from './hosts';
import type { RetryPolicy } from './retry';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	DEFAULT_TIMEOUT_MS,
	getHeader,
	isIdempotentMethod,
	isNetworkErrorCode,
	isRetryableStatus,
	parseRetryAfter,
	requestNeverSent,
	shouldRetry,
} from './retry';
import type { RateLimit, TransportSpec } from './spec';
import type { HoldListener, Throttle } from './throttle';
import { acquire, getThrottle } from './throttle';

export type TransportContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL. Encode user values with `encodePathSegment`. */
	path: string;
	/** Which of the provider's hosts (Kumulos has `links` and `push`). */
	host?: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	/**
	 * Whether sending the request twice is harmless. Defaults to true for GET, HEAD, PUT and DELETE and for
	 * any request with an idempotency key; POST and PATCH without one are never repeated after a 5xx or
	 * a lost answer.
	 */
	idempotent?: boolean;
	/** Sent as `Idempotency-Key`; keep it the same for every attempt of one logical request. */
	idempotencyKey?: string;
	/** Throttle bucket in the provider's rate limits (e.g. `create`, `bulk`); `account` always applies. */
	bucket?: string;
	/**
	 * Replaces the documented limits of the named buckets (e.g. `{ bulk: [...] }`). Throttles with overridden
	 * limits are kept apart from those with the documented ones.
	 */
	rateLimits?: Record<string, readonly RateLimit[]>;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** How long one attempt may take. */
	timeoutMs?: number;
	/** Error statuses answered to the caller (body parsed and redacted) instead of thrown, e.g. a 404 listing rejected ids. */
	returnStatuses?: number[];
	/**
	 * Read the credential once per execution instead of once per request (Bulk Create: thousands of
	 * requests, and n8n decrypts the credential on every read). Expressions in it resolve for item 0.
	 */
	credentialsOnce?: boolean;
	/**
	 * Told `true` while the request waits for the rate limits or a 429's pause, `false` when it goes out:
	 * Bulk Create reads ahead while every request it has is held.
	 */
	onHold?: HoldListener;
}

export interface ProviderResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
	/** How many times the request was sent. */
	attempts: number;
}

export const encodePathSegment = (value: string | number): string => encodeURIComponent(String(value));

/** Whether an error, or one in its cause chain, is an attempt that ran out of time (axios: "timeout of N ms exceeded"). */
function isTimeout(error: unknown, code: string | undefined): boolean {
	if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return true;
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const message = (current as { message?: unknown }).message;
		if (typeof message === 'string' && /\btimeout\b.*\bexceeded\b/i.test(message)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

/** Finds a Node.js network error code (ECONNRESET, …) anywhere in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Every form of every secret of a credential; computed once per credential object. */
const formsByCredential = new WeakMap<object, string[]>();
function credentialSecretForms(spec: TransportSpec, credentials: ICredentialDataDecryptedObject): string[] {
	let forms = formsByCredential.get(credentials);
	if (forms) return forms;
	const secrets = spec.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length > 0);
	// A provider echoing the Authorization header would show the Basic pair base64-encoded.
	if (spec.basicAuth) {
		const [user, password] = spec.basicAuth.map((field) => String(credentials[field] ?? ''));
		secrets.push(Buffer.from(`${user}:${password}`).toString('base64'));
	}
	forms = secretForms(secrets);
	formsByCredential.set(credentials, forms);
	return forms;
}

function throttlesFor(node: INode, spec: TransportSpec, bucket: string | undefined, baseUrl: string, overrides?: Record<string, readonly RateLimit[]>): Throttle[] {
	const credential = node.credentials?.[spec.credentialType];
	const owner = `${spec.id}:${credential?.id ?? credential?.name ?? baseUrl}`;
	const buckets = bucket && bucket !== 'account' ? [bucket, 'account'] : ['account'];
	const limited = buckets
		.map((name) => ({ name, override: overrides?.[name], limits: overrides?.[name] ?? spec.rateLimits[name] ?? [] }))
		.filter(({ limits }, _index, all) => limits.length > 0 || all.every((other) => other.limits.length === 0));
	// A bucket with no documented limit paces by its 429s alone, and only when no bucket of the request has a
	// limit: otherwise its guessed pace would slow down requests the documented windows already pace.
	return limited.map(({ name, override, limits }) =>
		override ? getThrottle(`${owner}:${name}:${JSON.stringify(override)}`, override) : getThrottle(`${owner}:${name}`, limits),
	);
}

const executionCredentials = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

function credentialsFor(context: TransportContext, type: string, itemIndex: number, once: boolean): Promise<ICredentialDataDecryptedObject> {
	if (!once) return context.getCredentials(type, itemIndex);
	let byType = executionCredentials.get(context);
	if (!byType) executionCredentials.set(context, (byType = new Map()));
	let credentials = byType.get(type);
	if (!credentials) {
		credentials = context.getCredentials(type, 0);
		byType.set(type, credentials);
		// A failed read is not kept: the next request tries again and reports its own error.
		credentials.catch(() => byType?.delete(type));
	}
	return credentials;
}

const unknownOutcome = (name: string, method: string) =>
	`${name} may or may not have processed this ${method} request. It was not sent again, because a repeat could create a duplicate. Check in ${name} before running it again.`;

/** The most times one request is refused with a 429 that says how long to wait, before it fails. */
const MAX_REFUSALS = 50;

const emptyBody = (body: unknown): unknown => (body === '' || body === undefined ? undefined : body);

/** The host a redirect points to, never its path or query (they may carry anything). */
function redirectHost(location: string | undefined, from: string): string {
	if (!location) return 'an unnamed location';
	try {
		return new URL(location, from).host || 'an unnamed location';
	} catch {
		return 'an invalid location';
	}
}

/**
 * The one way nodes talk to providers: auth by the credential type, host from the credential only,
 * no redirects, a timeout per attempt, pacing, retries (429 always; 5xx and network errors only when
 * a repeat is safe) and error mapping.
 */
export async function providerRequest<T = unknown>(this: TransportContext, spec: TransportSpec, request: ProviderRequest): Promise<ProviderResponse<T>> {
	const node = this.getNode();
	const { itemIndex, method } = request;
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const credentials = await credentialsFor(this, spec.credentialType, itemIndex ?? 0, request.credentialsOnce === true);
	const secrets = credentialSecretForms(spec, credentials);
	const baseUrl = checkBaseUrl(node, spec.name, credentials[spec.hosts[request.host ?? 'default'] ?? spec.hosts.default], itemIndex);
	const safe = request.idempotent ?? (request.idempotencyKey !== undefined || isIdempotentMethod(method));
	const writes = !['GET', 'HEAD'].includes(method);
	const throttles = throttlesFor(node, spec, request.bucket ?? spec.bucketFor?.(method), baseUrl, request.rateLimits);
	const nodeCredential = node.credentials?.[spec.credentialType];
	// Handing n8n the values already read saves it a second read (and decryption) per request.
	const credentialsDecrypted = { id: nodeCredential?.id ?? '', name: nodeCredential?.name ?? '', type: spec.credentialType };
	const url = `${baseUrl}${request.path}`;
	const options: IHttpRequestOptions = {
		method,
		url,
		qs: request.qs,
		body: request.body,
		headers: {
			Accept: 'application/json',
			...request.headers,
			...(request.idempotencyKey ? { 'Idempotency-Key': request.idempotencyKey } : {}),
		},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// n8n would follow a redirect and, across origins, send the credential along.
		disableFollowRedirect: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	// A request with an idempotency key can be replayed safely with that key, so failures carry it.
	const keyContext = request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {};
	const fail = (status: number | undefined, message: string, extra: Partial<Parameters<typeof providerError>[2]> = {}) =>
		providerError(node, spec, { status, detail: { message: redact(message, secrets) }, itemIndex, ...extra, context: { ...keyContext, ...extra.context } });

	// Retries that use up Max Retries. A 429 that says how long to wait does not: on an account that other
	// workers share, a request may be refused several times within one window while others get through. It is
	// waited out for up to maxRetryAfterMs in all, at most MAX_REFUSALS times.
	let retries = 0;
	let rateLimitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		const paused = Math.max(0, ...throttles.map((throttle) => throttle.pausedFor()));
		if (paused > policy.maxRetryAfterMs) {
			// An earlier 429 asked this credential to pause for longer than the node waits.
			throw fail(429, `rate limited: ${spec.name} asked to pause requests for this credential`, {
				description: `${spec.name} asked to wait about ${Math.ceil(paused / 1000)} s more, longer than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s this node waits. Run it again later.`,
			});
		}
		// Queueing for the rate limits themselves is always waited out, however long.
		const { sentAt, settle } = await acquire(throttles, request.onHold);

		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				spec.credentialType,
				{ ...options, headers: { ...options.headers } },
				{ credentialsDecrypted: { ...credentialsDecrypted, data: { ...credentials } } },
			)) as typeof response;
			// A 429 frees its slot: the provider did not count it, and the pause it sets (Retry-After or the backoff) covers the wait.
			settle(Date.now(), response.statusCode !== 429);
		} catch (error) {
			settle();
			const timedOut = isTimeout(error, networkCode(error));
			// A timed-out attempt counts as a network failure even when no layer gave it a code.
			const code = networkCode(error) ?? (timedOut ? 'ETIMEDOUT' : undefined);
			// The code stays out of the message: n8n would replace a message containing it with a generic one.
			const seconds = Math.round((options.timeout ?? DEFAULT_TIMEOUT_MS) / 100) / 10;
			const network = timedOut
				? `No answer within ${seconds} s (the Timeout option), so the attempt was given up (${code ?? 'timeout'}).`
				: `Network error: ${code ?? 'unknown'}.`;
			if (!isNetworkErrorCode(code)) {
				// An unexpected failure may still have reached the provider: a request that is not safe to
				// repeat is reported as outcome unknown, never as "not sent".
				if (!safe) {
					throw fail(undefined, 'the request failed without a readable answer', {
						description: `${network} ${unknownOutcome(spec.name, method)}`,
						context: { outcomeUnknown: true },
					});
				}
				throw fail(undefined, 'the request failed before an answer arrived', { description: `${network} Check the Base URL in the credential.` });
			}
			if (shouldRetry(code as string, method, safe)) {
				if (retries < policy.maxRetries) {
					await sleep(backoffDelay(retries++, policy));
					continue;
				}
				throw fail(undefined, `no answer after ${attempt + 1} attempts`, {
					description: `${network} The connection to ${spec.name} kept failing. Check the Base URL and the provider's status, then run the workflow again.`,
					// Any attempt of a write may have been processed.
					context: writes && !requestNeverSent(code) ? { outcomeUnknown: true } : {},
				});
			}
			throw fail(undefined, timedOut ? `no answer within ${seconds} s` : 'the connection was lost before an answer arrived', {
				description: `${network} ${unknownOutcome(spec.name, method)}`,
				context: { outcomeUnknown: true },
			});
		}

		const status = response.statusCode;
		if (status !== 429) for (const throttle of throttles) throttle.onAnswer();
		if (status >= 300 && status < 400) {
			const host = redirectHost(getHeader(response.headers, 'location'), url);
			throw fail(status, `answered with a redirect to ${host}`, {
				description: `The node does not follow redirects, so the credential was not sent to ${host}. Check the Base URL in the ${spec.name} credential; it should point at the API itself.`,
				context: { redirectHost: host },
			});
		}
		if (status < 300 || request.returnStatuses?.includes(status)) {
			return { statusCode: status, headers: response.headers ?? {}, body: redactDeep(emptyBody(response.body), secrets) as T, attempts: attempt + 1 };
		}

		// Redact before parsing: parsing may cut a text body, and a cut secret no longer matches.
		const detail = spec.parseError(status, redactDeep(response.body, secrets));
		const serverWait = parseRetryAfter(response.headers);
		const delay = serverWait ?? backoffDelay(retries, policy);
		if (status === 429) {
			// The provider does not say which window refused: every throttle pauses, the tightest slows down.
			const tightest = Math.min(...throttles.map((throttle) => throttle.documentedRate));
			for (const throttle of throttles) throttle.onRateLimited(delay, sentAt, Date.now(), throttle.documentedRate === tightest);
			const again =
				policy.maxRetries > 0 && delay <= policy.maxRetryAfterMs &&
				(serverWait === undefined ? retries < policy.maxRetries : rateLimitedMs + delay <= policy.maxRetryAfterMs && attempt < MAX_REFUSALS);
			if (again) {
				if (serverWait === undefined) retries++;
				rateLimitedMs += delay;
				this.logger?.debug(`${spec.name} rate limited ${method} ${request.path}; retrying in ${delay} ms`);
				request.onHold?.(true);
				await sleep(delay);
				request.onHold?.(false);
				continue;
			}
			throw providerError(node, spec, {
				status,
				detail,
				itemIndex,
				description:
					delay > policy.maxRetryAfterMs
						? `${spec.name} asked to wait ${Math.ceil(delay / 1000)} s, longer than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s this node waits. Run it again later.`
						: `${spec.name} kept rate limiting after ${attempt + 1} ${attempt ? 'attempts' : 'attempt'}${rateLimitedMs ? ` and ${Math.ceil(rateLimitedMs / 1000)} s of waiting` : ''}. Run it again later or send fewer requests.`,
			});
		}
		if (shouldRetry(status, method, safe) && retries < policy.maxRetries && delay <= policy.maxRetryAfterMs) {
			retries++;
			await sleep(delay);
			continue;
		}
		const unknown = writes && isRetryableStatus(status);
		throw providerError(node, spec, {
			status,
			detail,
			itemIndex,
			description: unknown && !safe ? unknownOutcome(spec.name, method) : undefined,
			context: unknown ? { ...keyContext, outcomeUnknown: true } : keyContext,
		});
	}
}
