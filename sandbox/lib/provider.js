'use strict';

/**
 * The shape of a provider module, with defaults for what a provider may leave out.
 *
 * A provider module exports `defineProvider({ ... })` with:
 *
 *   id              'adjust'
 *   prefixes        { <first path segment>: <emulated origin> }, e.g. { adjust: 'https://automate.adjust.com' }
 *   constants       credential values exported by server.js, e.g. { ADJUST_API_TOKEN: '…' }
 *   credentials     (base) => ({ <credential type>: { …values } }): what sandbox.credentials() returns for it
 *   defaultConfig   () => config[id]
 *   defaultLimits   () => config.limits[id] (perSecond / perMinute / perHour are the account bucket)
 *   validateConfig  (config) => void, throws on an invalid value of its own section
 *   error           (req, status, message, extra) => { status, body, headers }: the provider's error envelope
 *   messages        { <status>: message } for generic errors (429 is the rate-limit message)
 *   invalidJson     (req) => result for a body that is not JSON (default: error 400)
 *   windows         (limits, bucket) => [[limit, windowMs]] for buckets other than "account"
 *   requestId       (nowMs) => id stored on req.requestId (default: none)
 *   redact          { headers: [...], fields: [...] }: secret headers, and body / query fields, that the
 *                   request log records as "[redacted]" (authorization is always redacted)
 *   create          (sb) => instance
 *
 * The instance (one per sandbox) has:
 *
 *   routes        [{ method, url, host?, auth?, buckets?, handler(req) => result }]; url is relative to the
 *                 prefix `host` (default: the only / first prefix); buckets default to ['account']
 *   auth          (req) => null or an error result (a route may override it)
 *   extraHeaders  (req) => headers added to every response of this provider (optional)
 *   reset         () => void: back to an empty store
 *   configure     (partial) => void, optional: called with the provider's part of a configure() call
 *   linkStats     () => { created, stored, duplicates, storedDuplicates, conflicts }
 *   stateFields   () => top-level fields this provider adds to the state (optional)
 *   stats         () => state.providers[id] (optional)
 *   links         () => stored links (GET /_admin/links)
 *   admin         [{ method, url, handler({ body, query }) => body }], throw an Error with statusCode for 4xx
 *   api           { name: fn } methods added to the sandbox object
 */

const STATUS_TEXT = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	413: 'Payload Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

const REQUIRED = ['id', 'prefixes', 'credentials', 'error', 'create'];

function defineProvider(spec) {
	for (const k of REQUIRED) if (!spec[k]) throw new Error(`provider module: "${k}" is required`);
	const messages = spec.messages || {};
	const d = {
		constants: {},
		defaultConfig: () => ({}),
		defaultLimits: () => ({ perSecond: null, perMinute: null }),
		validateConfig: () => {},
		windows: () => [],
		requestId: null,
		...spec,
		redact: { headers: [], fields: [], ...(spec.redact || {}) },
		/** Message for a generic error of this status. */
		message(status) {
			return messages[status] || STATUS_TEXT[status] || `HTTP ${status}`;
		},
	};
	d.rateLimitMessage = d.message(429);
	if (!spec.invalidJson) d.invalidJson = (req) => d.error(req, 400, 'Request body is not valid JSON');
	d.prefixNames = Object.keys(d.prefixes);
	return Object.freeze(d);
}

/** An error an admin handler throws: answered as `{ error: message }` with this status. */
function adminError(statusCode, message) {
	const e = new Error(message);
	e.statusCode = statusCode;
	return e;
}

module.exports = { defineProvider, adminError, STATUS_TEXT };
