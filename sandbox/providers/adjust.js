'use strict';

/**
 * Adjust Deep link generator API (https://automate.adjust.com/engage/deep-links), under /adjust.
 */

const U = require('../lib/util');
const { defineProvider } = require('../lib/provider');

/** The credential values the sandbox accepts. */
const ADJUST_API_TOKEN = 'sandbox-adjust-token';
/** The app token the sandbox knows by default: the one in the page's short-link example. */
const ADJUST_APP_TOKEN = 'zgvhg75bw83k';
/** Adjust app tokens are 12 lowercase letters and digits (assumption: the page only shows one). */
const APP_TOKEN_FORMAT = /^[a-z0-9]{12}$/;

const PREFIX = '/engage/deep-links';
const TTL_MS = 120 * 24 * 60 * 60 * 1000;

const STRING_FIELDS = [
	'link_token',
	'short_token',
	'campaign',
	'adgroup',
	'creative',
	'deep_link_path',
	'ios_deep_link_path',
	'android_deep_link_path',
	'fallback',
	'redirect',
	'redirect_ios',
	'redirect_android',
	'redirect_macos',
	'redirect_windows',
	'label',
	'og_title',
	'og_description',
	'og_image',
];
const URL_FIELDS = new Set([
	'fallback',
	'redirect',
	'redirect_ios',
	'redirect_android',
	'redirect_macos',
	'redirect_windows',
	'og_image',
]);
const KNOWN_FIELDS = new Set([...STRING_FIELDS, 'shorten_url']);
/** Payload field → long-link query parameter. */
const PARAM_NAMES = { deep_link_path: 'adj_deep_link' };

const CODES = { 400: 'validation_error', 401: 'auth_error', 403: 'auth_error', 422: 'validation_error' };

/** Adjust's Error Response: { error_code, error_desc, error_desc_details? }. */
function error(req, status, message, extra = {}) {
	const body = {
		error_code: extra.code || CODES[status] || (status >= 500 ? 'service_error' : 'request_error'),
		error_desc: message,
	};
	if (extra.details) body.error_desc_details = extra.details;
	return { status, body, headers: extra.headers };
}

function createAdjust(sb) {
	let store;

	function reset() {
		const cfg = sb.config.adjust;
		store = {
			links: new Map(), // short token → link
			byFingerprint: new Map(), // parameter-set fingerprint → short token
			quotaRemaining: cfg.quotaRemaining == null ? cfg.quotaLimit : cfg.quotaRemaining,
			counters: { created: 0, dedupHits: 0, longLinks: 0, conflicts: 0, updates: 0, perLinkErrors: 0 },
		};
	}
	reset();

	const err = (req, status, code, desc, details) => error(req, status, desc, { code, details });

	function quotaInfo() {
		const cfg = sb.config.adjust;
		return {
			limit: cfg.quotaLimit,
			remaining: Math.max(0, store.quotaRemaining),
			contract_status: cfg.contractStatus,
			contract_start_date: cfg.contractStartDate,
			contract_end_date: cfg.contractEndDate,
		};
	}

	function extraHeaders() {
		const q = quotaInfo();
		return {
			'X-ShortLink-Quota-Limit': String(q.limit),
			'X-ShortLink-Quota-Remaining': String(q.remaining),
			'X-Contract-Status': q.contract_status,
			'X-Contract-Start-Date': q.contract_start_date,
			'X-Contract-End-Date': q.contract_end_date,
		};
	}

	function auth(req) {
		const h = req.headers.authorization;
		if (typeof h === 'string' && h === `Bearer ${ADJUST_API_TOKEN}`) return null;
		return err(req, 401, 'auth_error', 'Invalid API token');
	}

	/** Returns null, or { code, desc, details } for the first problem. */
	function validate(payload) {
		if (!U.isPlainObject(payload)) {
			return {
				code: 'validation_error',
				desc: 'Link payload must be a JSON object',
				details: [{ field: 'body', message: 'must be a JSON object' }],
			};
		}
		const fieldError = (field, message) => ({
			code: 'validation_error',
			desc: `${field} ${message}`,
			details: [{ field, message }],
		});
		for (const key of Object.keys(payload)) {
			if (!KNOWN_FIELDS.has(key)) return fieldError(key, 'is not a supported parameter');
		}
		if (payload.link_token === undefined || payload.link_token === null || payload.link_token === '') {
			return fieldError('link_token', 'is required');
		}
		for (const f of STRING_FIELDS) {
			const v = payload[f];
			if (v === undefined || v === null) continue;
			if (typeof v !== 'string') return fieldError(f, 'must be a string');
			if (URL_FIELDS.has(f) && !U.isHttpUrl(v)) return fieldError(f, 'must be a valid URL');
		}
		if (!/^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(payload.link_token)) {
			return fieldError('link_token', 'is invalid');
		}
		if (payload.short_token !== undefined && payload.short_token !== null) {
			if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload.short_token)) {
				return fieldError('short_token', 'must be 1-64 characters of letters, digits, "-" or "_"');
			}
		}
		if (payload.shorten_url !== undefined && payload.shorten_url !== null && typeof payload.shorten_url !== 'boolean') {
			return fieldError('shorten_url', 'must be a boolean');
		}
		if (payload.link_token.startsWith('ERROR')) {
			return {
				code: 'service_error',
				desc: `Could not generate a link for link_token "${payload.link_token}"`,
			};
		}
		return null;
	}

	/** Link parameters: the payload without nulls and shorten_url. */
	function linkParams(payload) {
		const params = {};
		for (const f of STRING_FIELDS) {
			if (payload[f] !== undefined && payload[f] !== null) params[f] = payload[f];
		}
		return params;
	}

	function longUrl(params) {
		const qs = new URLSearchParams();
		qs.set('adj_t', params.link_token);
		const keys = Object.keys(params)
			.filter((k) => k !== 'link_token' && k !== 'short_token')
			.sort();
		for (const k of keys) qs.set(PARAM_NAMES[k] || `adj_${k}`, params[k]);
		return `https://${sb.config.adjust.domain}/?${qs.toString()}`;
	}

	function shortUrl(token) {
		return `https://${sb.config.adjust.domain}/${token}`;
	}

	function newToken() {
		for (;;) {
			const token = U.randomString(sb.idRng, 5);
			if (!store.links.has(token)) return token;
		}
	}

	/** Creates (or reuses) one link. Returns { ok: { url, long_url } } or { error: {status, code, desc, details} }. */
	function createOne(payload) {
		const problem = validate(payload);
		if (problem) {
			return { error: { status: 400, ...problem } };
		}
		const params = linkParams(payload);
		const long = longUrl(params);
		const cfg = sb.config.adjust;
		const asLong = () => {
			store.counters.longLinks++;
			return { ok: { url: long, long_url: long } };
		};
		if (payload.shorten_url === false) return asLong();
		if (cfg.contractStatus !== 'active') return asLong();
		const fingerprint = U.canonical(params);
		const custom = params.short_token;
		const existingToken = custom ? (store.links.has(custom) ? custom : null) : store.byFingerprint.get(fingerprint);
		if (existingToken) {
			const existing = store.links.get(existingToken);
			if (existing && existing.fingerprint === fingerprint) {
				store.counters.dedupHits++;
				return { ok: { url: existing.url, long_url: existing.long_url } };
			}
			if (custom) {
				store.counters.conflicts++;
				return {
					error: {
						status: 409,
						code: 'request_error',
						desc: `short_token "${custom}" is already taken`,
						details: [{ field: 'short_token', message: 'is already taken' }],
					},
				};
			}
		}
		if (store.quotaRemaining <= 0) return asLong();
		const token = custom || newToken();
		const now = sb.now();
		const link = {
			token,
			url: shortUrl(token),
			long_url: long,
			params,
			custom: Boolean(custom),
			fingerprint,
			created_at: now,
			updated_at: null,
			expires_at: now + TTL_MS,
		};
		store.links.set(token, link);
		if (!store.byFingerprint.has(fingerprint)) store.byFingerprint.set(fingerprint, token);
		store.quotaRemaining--;
		store.counters.created++;
		return { ok: { url: link.url, long_url: link.long_url } };
	}

	function appOf(body) {
		const token = U.isPlainObject(body) && typeof body.link_token === 'string' ? body.link_token : '';
		return token.split('_')[0] || '(none)';
	}

	const routes = [
		{
			method: 'POST',
			url: PREFIX,
			buckets: (req) => ['account', `create:${appOf(req.body)}`],
			handler(req) {
				const r = createOne(req.body);
				if (r.error) return err(req, r.error.status, r.error.code, r.error.desc, r.error.details);
				return { status: 200, body: r.ok };
			},
		},
		{
			method: 'POST',
			url: `${PREFIX}/bulk`,
			buckets: () => ['account', 'bulk'],
			handler(req) {
				const body = req.body;
				if (!U.isPlainObject(body) || body.data === undefined || body.data === null) {
					return err(req, 400, 'validation_error', 'data is required', [{ field: 'data', message: 'is required' }]);
				}
				if (!Array.isArray(body.data)) {
					return err(req, 400, 'validation_error', 'data must be an array', [
						{ field: 'data', message: 'must be an array' },
					]);
				}
				if (body.data.length === 0) {
					return err(req, 400, 'validation_error', 'data must contain at least 1 link', [
						{ field: 'data', message: 'must contain at least 1 link' },
					]);
				}
				if (body.data.length > 100) {
					return err(req, 400, 'validation_error', `data must contain at most 100 links (got ${body.data.length})`, [
						{ field: 'data', message: 'must contain at most 100 links' },
					]);
				}
				const data = body.data.map((payload) => {
					const r = createOne(payload);
					if (r.ok) return r.ok;
					store.counters.perLinkErrors++;
					return { error_code: r.error.code, error_desc: r.error.desc };
				});
				return { status: 200, body: { data } };
			},
		},
		{
			method: 'GET',
			url: `${PREFIX}/short-link`,
			buckets: () => [],
			handler(req) {
				const { short_token: token, app_token: appToken } = req.query;
				if (typeof token !== 'string' || token === '') {
					return err(req, 400, 'validation_error', 'short_token is required', [
						{ field: 'short_token', message: 'is required' },
					]);
				}
				if (typeof appToken !== 'string' || appToken === '') {
					return err(req, 400, 'validation_error', 'app_token is required', [
						{ field: 'app_token', message: 'is required' },
					]);
				}
				if (!APP_TOKEN_FORMAT.test(appToken)) {
					return err(req, 400, 'validation_error', 'app_token is invalid', [
						{ field: 'app_token', message: 'is invalid' },
					]);
				}
				if (!sb.config.adjust.appTokens.includes(appToken)) {
					return err(req, 400, 'validation_error', 'app_token is unknown', [
						{ field: 'app_token', message: 'is unknown' },
					]);
				}
				const link = store.links.get(token);
				if (!link) return err(req, 404, 'request_error', 'Short link not found');
				return { status: 200, body: metadata(link) };
			},
		},
		{
			method: 'GET',
			url: `${PREFIX}/quota`,
			buckets: () => [],
			handler() {
				return { status: 200, body: quotaInfo() };
			},
		},
		{
			method: 'PUT',
			url: `${PREFIX}/:short_token`,
			buckets: () => ['account'],
			handler(req) {
				const token = req.params.short_token;
				const link = store.links.get(token);
				if (!link) return err(req, 404, 'request_error', 'Short link not found');
				const problem = validate(req.body);
				if (problem) return err(req, 400, problem.code, problem.desc, problem.details);
				const params = linkParams(req.body);
				delete params.short_token;
				if (link.custom) params.short_token = link.token;
				if (store.byFingerprint.get(link.fingerprint) === token) store.byFingerprint.delete(link.fingerprint);
				link.params = params;
				link.long_url = longUrl(params);
				link.fingerprint = U.canonical(params);
				link.updated_at = sb.now();
				if (!store.byFingerprint.has(link.fingerprint)) store.byFingerprint.set(link.fingerprint, token);
				store.counters.updates++;
				return { status: 204 };
			},
		},
	];

	function metadata(link) {
		const out = {
			created_at: U.isoSeconds(link.created_at),
			expires_at: new Date(link.expires_at).toISOString(),
		};
		if (link.updated_at) out.updated_at = U.isoSeconds(link.updated_at);
		out.token = link.token;
		out.ulink = sb.config.adjust.domain.split('.')[0];
		out.url = link.long_url;
		return out;
	}

	return {
		routes,
		auth,
		extraHeaders,
		reset,
		configure(partial) {
			if (partial.quotaRemaining !== undefined && partial.quotaRemaining !== null) {
				store.quotaRemaining = partial.quotaRemaining;
			} else if (partial.quotaLimit !== undefined && store.quotaRemaining > sb.config.adjust.quotaLimit) {
				store.quotaRemaining = sb.config.adjust.quotaLimit;
			}
		},
		linkStats() {
			const c = store.counters;
			return { created: c.created, stored: store.links.size, duplicates: 0, storedDuplicates: 0, conflicts: c.conflicts };
		},
		stateFields() {
			return { dedupHits: { adjust: store.counters.dedupHits } };
		},
		stats() {
			return { ...store.counters, stored: store.links.size, duplicates: 0, storedDuplicates: 0, quota: quotaInfo() };
		},
		links() {
			return [...store.links.values()].map((l) => ({
				url: l.url,
				long_url: l.long_url,
				...metadata(l),
				params: l.params,
			}));
		},
		admin: [],
		api: {},
	};
}

module.exports = defineProvider({
	id: 'adjust',
	prefixes: { adjust: 'https://automate.adjust.com' },
	constants: { ADJUST_API_TOKEN, ADJUST_APP_TOKEN },
	credentials: (base) => ({ adjustApi: { baseUrl: `${base}/adjust`, apiToken: ADJUST_API_TOKEN } }),
	defaultConfig: () => ({
		quotaLimit: 100000,
		quotaRemaining: null, // null = quotaLimit
		contractStatus: 'active',
		contractStartDate: '2025-01-01',
		contractEndDate: '2030-12-31',
		domain: 'sandbox.go.link',
		appTokens: [ADJUST_APP_TOKEN],
	}),
	// Per-account limit on link creation and update operations, plus the per-app create limit
	// (an "app" is the first link token of link_token) and the bulk limit.
	defaultLimits: () => ({ perSecond: 200, perMinute: null, createPerSecondPerApp: 50, bulkPer2Seconds: 100 }),
	validateConfig(config) {
		const a = config.adjust;
		if (!['active', 'inactive'].includes(a.contractStatus)) {
			throw new Error('adjust.contractStatus must be "active" or "inactive"');
		}
		if (!Array.isArray(a.appTokens) || a.appTokens.some((t) => typeof t !== 'string')) {
			throw new Error('adjust.appTokens must be an array of strings');
		}
	},
	error,
	redact: { headers: ['authorization'], fields: [] },
	messages: { 429: 'Rate limit exceeded: too many requests, wait for the rate limit window to reset' },
	invalidJson: (req) =>
		error(req, 400, 'Request body is not valid JSON', {
			code: 'validation_error',
			details: [{ field: 'body', message: 'is not valid JSON' }],
		}),
	windows(limits, bucket) {
		if (bucket.startsWith('create:')) return [[limits.createPerSecondPerApp, 1000]];
		if (bucket === 'bulk') return [[limits.bulkPer2Seconds, 2000]];
		return [];
	},
	create: createAdjust,
});
