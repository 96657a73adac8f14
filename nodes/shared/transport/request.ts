import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ProviderId, RateLimit } from '../providers/registry';
import { PROVIDERS } from '../providers/registry';
import { parseProviderError, providerError, redact, redactDeep } from './errors';
import type { RetryPolicy } from './retry';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isNetworkErrorCode,
	isRetryableStatus,
	parseRetryAfter,
	requestNeverSent,
} from './retry';
import type { Throttle } from './throttle';
import { getThrottle, reserve } from './throttle';

export type TransportContext = IExecuteFunctions | ILoadOptionsFunctions;

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
	rateLimits?: Record<string, RateLimit[]>;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** Error statuses answered to the caller (body parsed and redacted) instead of thrown, e.g. a 404 listing rejected ids. */
	returnStatuses?: number[];
	/**
	 * Read the credential once per execution instead of once per request (Bulk Create: thousands of
	 * requests, and n8n decrypts the credential on every read). Expressions in it resolve for item 0.
	 */
	credentialsOnce?: boolean;
}

export interface ProviderResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
	/** How many times the request was sent. */
	attempts: number;
}

export const encodePathSegment = (value: string | number): string => encodeURIComponent(String(value));

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The credential's Base URL, refused unless https (or http on a loopback address, for local testing). */
export function checkBaseUrl(node: INode, providerName: string, raw: unknown, itemIndex?: number): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	const allowed =
		url !== undefined &&
		(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname)));
	if (!allowed) {
		throw new NodeOperationError(node, `The ${providerName} credential's Base URL is not allowed: "${value}"`, {
			description:
				'Use an https:// URL, such as the default. Plain http:// is accepted only for localhost, 127.x.x.x or [::1], for local testing.',
			itemIndex,
		});
	}
	return value.replace(/\/+$/, '');
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

function credentialSecrets(provider: ProviderId, credentials: ICredentialDataDecryptedObject): string[] {
	const info = PROVIDERS[provider];
	const secrets = info.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length > 0);
	// A provider echoing the Authorization header would show the Basic pair base64-encoded.
	if (info.basicAuth) {
		const [user, password] = info.basicAuth.map((field) => String(credentials[field] ?? ''));
		secrets.push(Buffer.from(`${user}:${password}`).toString('base64'));
	}
	return secrets;
}

function throttlesFor(
	node: INode,
	provider: ProviderId,
	bucket: string | undefined,
	baseUrl: string,
	overrides?: Record<string, RateLimit[]>,
): Throttle[] {
	const info = PROVIDERS[provider];
	const credential = node.credentials?.[info.credentialType];
	const owner = `${provider}:${credential?.id ?? credential?.name ?? baseUrl}`;
	const buckets = bucket && bucket !== 'account' ? [bucket, 'account'] : ['account'];
	return buckets.map((name) => {
		const override = overrides?.[name];
		if (!override) return getThrottle(`${owner}:${name}`, info.rateLimits[name] ?? []);
		return getThrottle(`${owner}:${name}:${JSON.stringify(override)}`, override);
	});
}

const executionCredentials = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

function credentialsFor(
	context: TransportContext,
	type: string,
	itemIndex: number,
	once: boolean,
): Promise<ICredentialDataDecryptedObject> {
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

const emptyBody = (body: unknown): unknown => (body === '' || body === undefined ? undefined : body);

/**
 * The one way nodes talk to providers: auth by the credential type, host from the credential only,
 * pacing, retries (429 always; 5xx and network errors only when a repeat is safe) and error mapping.
 */
export async function providerRequest<T = unknown>(
	this: TransportContext,
	provider: ProviderId,
	request: ProviderRequest,
): Promise<ProviderResponse<T>> {
	const info = PROVIDERS[provider];
	const node = this.getNode();
	const { itemIndex } = request;
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const credentials = await credentialsFor(this, info.credentialType, itemIndex ?? 0, request.credentialsOnce === true);
	const secrets = credentialSecrets(provider, credentials);
	const baseUrl = checkBaseUrl(
		node,
		info.name,
		credentials[info.hosts[request.host ?? 'default'] ?? info.hosts.default],
		itemIndex,
	);
	const method = request.method;
	const safe =
		request.idempotent ??
		(request.idempotencyKey !== undefined || ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method));
	const writes = !['GET', 'HEAD'].includes(method);
	const throttles = throttlesFor(node, provider, request.bucket, baseUrl, request.rateLimits);
	const nodeCredential = node.credentials?.[info.credentialType];
	// Handing n8n the values already read saves it a second read (and decryption) per request.
	const credentialsDecrypted = {
		id: nodeCredential?.id ?? '',
		name: nodeCredential?.name ?? '',
		type: info.credentialType,
	};
	const options: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${request.path}`,
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
	};
	// A request with an idempotency key can be replayed safely with that key, so failures carry it.
	const keyContext = request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {};
	const fail = (status: number | undefined, message: string, extra: Partial<Parameters<typeof providerError>[2]> = {}) =>
		providerError(node, provider, {
			status,
			detail: { message: redact(message, secrets) },
			itemIndex,
			...extra,
			context: { ...keyContext, ...extra.context },
		});

	for (let attempt = 0; ; attempt++) {
		const paused = Math.max(0, ...throttles.map((throttle) => throttle.pausedFor()));
		if (paused > policy.maxRetryAfterMs) {
			// An earlier 429 asked this credential to pause for longer than the node waits.
			throw fail(429, `rate limited: ${info.name} asked to pause requests for this credential`, {
				description: `${info.name} asked to wait about ${Math.ceil(paused / 1000)} s more, longer than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s this node waits. Run it again later.`,
			});
		}
		// Queueing for the rate limits themselves is always waited out, however long.
		const wait = reserve(throttles);
		if (wait > 0) await sleep(wait);

		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				info.credentialType,
				{ ...options, headers: { ...options.headers } },
				{ credentialsDecrypted: { ...credentialsDecrypted, data: { ...credentials } } },
			)) as typeof response;
		} catch (error) {
			const code = networkCode(error);
			// The code stays out of the message: n8n would replace a message containing it with a generic one.
			const network = `Network error: ${code ?? 'unknown'}.`;
			if (!isNetworkErrorCode(code)) {
				// An unexpected failure may still have reached the provider: a request that is not safe to
				// repeat is reported as outcome unknown, never as "not sent".
				if (!safe) {
					throw fail(undefined, 'the request failed without a readable answer', {
						description: `${network} ${unknownOutcome(info.name, method)}`,
						context: { outcomeUnknown: true },
					});
				}
				throw fail(undefined, 'the request failed before an answer arrived', {
					description: `${network} Check the Base URL in the credential.`,
				});
			}
			if (safe || requestNeverSent(code)) {
				if (attempt < policy.maxRetries) {
					await sleep(backoffDelay(attempt, policy));
					continue;
				}
				throw fail(undefined, `no answer after ${attempt + 1} attempts`, {
					description: `${network} The connection to ${info.name} kept failing. Check the Base URL and the provider's status, then run the workflow again.`,
					// Any attempt of a write may have been processed.
					context: writes && !requestNeverSent(code) ? { outcomeUnknown: true } : {},
				});
			}
			throw fail(undefined, 'the connection was lost before an answer arrived', {
				description: `${network} ${unknownOutcome(info.name, method)}`,
				context: { outcomeUnknown: true },
			});
		}

		const status = response.statusCode;
		if (status < 400 || request.returnStatuses?.includes(status)) {
			if (status < 400) for (const throttle of throttles) throttle.onSuccess();
			return {
				statusCode: status,
				headers: response.headers ?? {},
				body: redactDeep(emptyBody(response.body), secrets) as T,
				attempts: attempt + 1,
			};
		}

		// Redact before parsing: parsing may cut a text body, and a cut secret no longer matches.
		const detail = parseProviderError(provider, status, redactDeep(response.body, secrets));
		if (status === 429) {
			const serverWait = parseRetryAfter(response.headers);
			const delay = serverWait ?? backoffDelay(attempt, policy);
			for (const throttle of throttles) throttle.onRateLimited(delay);
			if (attempt < policy.maxRetries && delay <= policy.maxRetryAfterMs) {
				this.logger?.debug(`${info.name} rate limited ${method} ${request.path}; retrying in ${delay} ms`);
				await sleep(delay);
				continue;
			}
			throw providerError(node, provider, {
				status,
				detail,
				itemIndex,
				description:
					delay > policy.maxRetryAfterMs
						? `${info.name} asked to wait ${Math.ceil(delay / 1000)} s, longer than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s this node waits. Run it again later.`
						: `${info.name} kept rate limiting after ${attempt + 1} attempts. Run it again later or send fewer requests.`,
			});
		}

		if (isRetryableStatus(status)) {
			const delay = parseRetryAfter(response.headers) ?? backoffDelay(attempt, policy);
			if (safe && attempt < policy.maxRetries && delay <= policy.maxRetryAfterMs) {
				await sleep(delay);
				continue;
			}
			if (!safe) {
				throw providerError(node, provider, {
					status,
					detail,
					itemIndex,
					description: unknownOutcome(info.name, method),
					context: { outcomeUnknown: true },
				});
			}
		}
		throw providerError(node, provider, {
			status,
			detail,
			itemIndex,
			context: writes && isRetryableStatus(status) ? { ...keyContext, outcomeUnknown: true } : keyContext,
		});
	}
}
