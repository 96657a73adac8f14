'use strict';

/**
 * Branch Deep Linking API (https://api2.branch.io), under /branch.
 */

const U = require('../lib/util');
const { defineProvider } = require('../lib/provider');
const { perWindows } = require('../lib/limiter');

/** The credential values the sandbox accepts. */
const BRANCH_KEY = 'key_test_sandbox';
const BRANCH_SECRET = 'secret_test_sandbox';
const BRANCH_ACCESS_TOKEN = 'sandbox-branch-access-token';
const BRANCH_APP_ID = 'sandbox-app-id';

const ANALYTICS = ['channel', 'feature', 'campaign', 'stage', 'tags'];
const KNOWN = new Set(['branch_key', 'branch_secret', 'data', 'alias', 'type', 'duration', 'identity', ...ANALYTICS]);
const IMMUTABLE = [
	'alias',
	'identity',
	'type',
	'app_id',
	'randomized_bundle_token',
	'domain',
	'state',
	'creation_source',
	'app_short_identifier',
];
const ID_BASE = BigInt('423196192848100000');

/** Branch's error envelope: { error: { message, code } }. */
function error(req, status, message, extra = {}) {
	return { status, body: { error: { message, code: status } }, headers: extra.headers };
}

function createBranch(sb) {
	let store;

	function reset() {
		store = {
			links: new Map(), // url → link
			aliases: new Map(), // alias → url
			fingerprints: new Set(), // fingerprints of links created without alias
			seq: 0,
			counters: { created: 0, duplicates: 0, storedDuplicates: 0, conflicts: 0, updates: 0, deleted: 0, perLinkErrors: 0 },
		};
	}
	reset();

	const err = (req, status, message) => error(req, status, message);
	const keyError = (req) => err(req, 401, 'Invalid or missing branch_key');

	function checkKey(key) {
		return key === BRANCH_KEY;
	}

	/** Validates a create payload; returns an error message (and status) or null. */
	function validate(p) {
		if (!U.isPlainObject(p)) return { status: 400, message: 'Link parameters must be a JSON object' };
		if (p.data !== undefined && p.data !== null && !U.isPlainObject(p.data)) {
			return { status: 400, message: 'data must be an object' };
		}
		if (p.type !== undefined && p.type !== null && ![0, 1, 2].includes(p.type)) {
			return { status: 400, message: 'Invalid type: must be 0 (standard), 1 (one-time use) or 2 (marketing)' };
		}
		if (p.alias !== undefined && p.alias !== null) {
			if (typeof p.alias !== 'string' || p.alias.length === 0) return { status: 400, message: 'alias must be a non-empty string' };
			if (p.alias.length > 128) return { status: 400, message: `alias must be at most 128 characters (got ${p.alias.length})` };
			if (/[\s/?#%]/.test(p.alias)) return { status: 400, message: 'alias contains invalid characters' };
		}
		if (p.identity !== undefined && p.identity !== null) {
			if (typeof p.identity !== 'string') return { status: 400, message: 'identity must be a string' };
			if (p.identity.length > 127) {
				return { status: 400, message: `identity must be at most 127 characters (got ${p.identity.length})` };
			}
		}
		if (p.duration !== undefined && p.duration !== null && !(Number.isInteger(p.duration) && p.duration >= 0)) {
			return { status: 400, message: 'duration must be a non-negative integer (seconds)' };
		}
		for (const f of ['channel', 'feature', 'campaign', 'stage']) {
			if (p[f] !== undefined && p[f] !== null && typeof p[f] !== 'string') {
				return { status: 400, message: `${f} must be a string` };
			}
		}
		if (p.tags !== undefined && p.tags !== null) {
			if (!Array.isArray(p.tags) || p.tags.some((t) => typeof t !== 'string')) {
				return { status: 400, message: 'tags must be an array of strings' };
			}
		}
		return null;
	}

	/** Extra top-level keys are link data (Branch passes them to the app), explicit data wins. */
	function mergedData(p) {
		const extra = {};
		for (const k of Object.keys(p)) if (!KNOWN.has(k)) extra[k] = p[k];
		return stripSystem({ ...extra, ...(U.isPlainObject(p.data) ? p.data : {}) });
	}

	function stripSystem(data) {
		const out = {};
		for (const [k, v] of Object.entries(data)) {
			if (k.startsWith('~') || k.startsWith('+')) continue;
			if (k === 'url' || k === '$one_time_use' || k === '$identity_id') continue;
			out[k] = v;
		}
		return out;
	}

	function fingerprintOf(fields) {
		return U.canonical({
			alias: fields.alias ?? null,
			type: fields.type ?? 0,
			duration: fields.duration ?? null,
			identity: fields.identity ?? null,
			channel: fields.channel ?? null,
			feature: fields.feature ?? null,
			campaign: fields.campaign ?? null,
			stage: fields.stage ?? null,
			tags: fields.tags ?? null,
			data: fields.data,
		});
	}

	function newUrl(alias) {
		const domain = sb.config.branch.domain;
		if (alias) return `https://${domain}/${alias}`;
		for (;;) {
			const url = `https://${domain}/${U.randomString(sb.idRng, 10)}`;
			if (!store.links.has(url)) return url;
		}
	}

	/** Create one link. Returns { url } or { error: { status, message } }. */
	function createOne(p) {
		const problem = validate(p);
		if (problem) return { error: problem };
		const fields = {
			alias: p.alias ?? null,
			type: p.type ?? 0,
			duration: p.duration ?? undefined,
			identity: p.identity ?? undefined,
			channel: p.channel ?? undefined,
			feature: p.feature ?? undefined,
			campaign: p.campaign ?? undefined,
			stage: p.stage ?? undefined,
			tags: p.tags ?? undefined,
			data: mergedData(p),
		};
		const fingerprint = fingerprintOf(fields);
		if (fields.alias) {
			const existingUrl = store.aliases.get(fields.alias);
			if (existingUrl) {
				const existing = store.links.get(existingUrl);
				if (existing.fingerprint === fingerprint) {
					store.counters.duplicates++;
					return { url: existing.url };
				}
				store.counters.conflicts++;
				return { error: { status: 409, message: `Alias "${fields.alias}" is already taken for this domain` } };
			}
		} else if (store.fingerprints.has(fingerprint)) {
			store.counters.duplicates++;
			store.counters.storedDuplicates++;
		} else {
			store.fingerprints.add(fingerprint);
		}
		store.seq++;
		const link = {
			...fields,
			id: (ID_BASE + BigInt(store.seq)).toString(),
			identityId: fields.identity ? (ID_BASE * 2n + BigInt(store.seq)).toString() : undefined,
			url: newUrl(fields.alias),
			appId: BRANCH_APP_ID,
			fingerprint,
			createdAt: sb.now(),
		};
		store.links.set(link.url, link);
		if (link.alias) store.aliases.set(link.alias, link.url);
		store.counters.created++;
		return { url: link.url };
	}

	function systemData(link, withPlusUrl) {
		const d = {};
		if (withPlusUrl) d['+url'] = link.url;
		Object.assign(d, link.data);
		d['$one_time_use'] = link.type === 1;
		for (const k of ANALYTICS) if (link[k] !== undefined) d[`~${k}`] = link[k];
		d['~creation_source'] = 0;
		d['~id'] = link.id;
		if (link.identityId) d['$identity_id'] = link.identityId;
		d.url = link.url;
		return d;
	}

	function readShape(link) {
		const out = {};
		for (const k of ['campaign', 'channel', 'feature', 'stage', 'tags']) if (link[k] !== undefined) out[k] = link[k];
		out.data = systemData(link, false);
		out.type = link.type;
		out.alias = link.alias;
		if (link.identity) out.identity = link.identity;
		if (link.duration !== undefined) out.duration = link.duration;
		return out;
	}

	function updateShape(link) {
		const out = { data: systemData(link, true), type: link.type };
		for (const k of ['campaign', 'feature', 'channel', 'stage', 'tags']) if (link[k] !== undefined) out[k] = link[k];
		return out;
	}

	function findLink(url) {
		if (typeof url !== 'string') return undefined;
		return store.links.get(url) || store.links.get(url.replace(/\/+$/, ''));
	}

	const routes = [
		{
			method: 'POST',
			url: '/v1/url',
			auth: (req) => (U.isPlainObject(req.body) && checkKey(req.body.branch_key) ? null : keyError(req)),
			handler(req) {
				const r = createOne(req.body);
				if (r.error) return err(req, r.error.status, r.error.message);
				return { status: 200, body: { url: r.url } };
			},
		},
		{
			method: 'POST',
			url: '/v1/url/bulk/:branch_key',
			auth: (req) => (checkKey(req.params.branch_key) ? null : keyError(req)),
			handler(req) {
				const max = sb.config.branch.bulkMaxBytes;
				if (req.rawBytes > max) {
					return err(
						req,
						413,
						`Request payload too large: ${req.rawBytes} bytes exceeds the ${Math.round(max / 1024)} KB limit for bulk link creation`,
					);
				}
				if (!Array.isArray(req.body)) return err(req, 400, 'Request body must be a JSON array of link parameters');
				const out = req.body.map((p) => {
					const r = createOne(p);
					if (!r.error) return { url: r.url };
					store.counters.perLinkErrors++;
					// The page's bulk response: { "error": "error message" }.
					return { error: r.error.message };
				});
				return { status: 200, body: out };
			},
		},
		{
			method: 'GET',
			url: '/v1/url',
			auth: (req) => (checkKey(req.query.branch_key) ? null : keyError(req)),
			handler(req) {
				if (typeof req.query.url !== 'string' || req.query.url === '') return err(req, 400, 'url is required');
				const link = findLink(req.query.url);
				if (!link) return err(req, 404, `Link not found: ${req.query.url}`);
				return { status: 200, body: readShape(link) };
			},
		},
		{
			method: 'PUT',
			url: '/v1/url',
			auth(req) {
				const b = U.isPlainObject(req.body) ? req.body : {};
				if (!checkKey(b.branch_key)) return keyError(req);
				if (b.branch_secret !== BRANCH_SECRET) return err(req, 401, 'Invalid or missing branch_secret');
				return null;
			},
			handler(req) {
				if (typeof req.query.url !== 'string' || req.query.url === '') return err(req, 400, 'url is required');
				const link = findLink(req.query.url);
				if (!link) return err(req, 404, `Link not found: ${req.query.url}`);
				const b = req.body;
				for (const f of IMMUTABLE) {
					if (b[f] !== undefined && b[f] !== null) return err(req, 400, `Field "${f}" cannot be updated`);
				}
				const problem = validate(b);
				if (problem) return err(req, problem.status, problem.message);
				for (const k of ['channel', 'feature', 'campaign', 'stage', 'tags', 'duration']) {
					if (b[k] !== undefined) link[k] = b[k] === null ? undefined : b[k];
				}
				const hasExtra = Object.keys(b).some((k) => !KNOWN.has(k) && !IMMUTABLE.includes(k));
				if (b.data !== undefined || hasExtra) {
					// The data object is replaced as a whole.
					link.data = mergedData(b);
				}
				if (!link.alias && store.fingerprints.has(link.fingerprint)) store.fingerprints.delete(link.fingerprint);
				link.fingerprint = fingerprintOf(link);
				if (!link.alias) store.fingerprints.add(link.fingerprint);
				store.counters.updates++;
				return { status: 200, body: updateShape(link) };
			},
		},
		{
			method: 'DELETE',
			url: '/v1/url',
			auth(req) {
				const token = req.headers['access-token'];
				if (typeof token !== 'string' || token === '') return err(req, 401, 'Missing Access-Token header');
				if (token !== BRANCH_ACCESS_TOKEN) return err(req, 403, 'Invalid Access-Token');
				return null;
			},
			handler(req) {
				const { url, app_id: appId } = req.query;
				if (typeof appId !== 'string' || appId === '') return err(req, 400, 'app_id is required');
				if (appId !== BRANCH_APP_ID) return err(req, 403, `Access-Token has no access to app_id "${appId}"`);
				if (typeof url !== 'string' || url === '') return err(req, 400, 'url is required');
				const link = findLink(url);
				if (!link) return err(req, 404, `Link not found: ${url}`);
				store.links.delete(link.url);
				if (link.alias) store.aliases.delete(link.alias);
				else store.fingerprints.delete(link.fingerprint);
				store.counters.deleted++;
				return { status: 200, body: { url: link.url, deleted: true } };
			},
		},
		{
			method: 'GET',
			url: '/v1/app/:branch_key',
			auth(req) {
				if (!checkKey(req.params.branch_key)) return keyError(req);
				if (req.query.branch_secret !== BRANCH_SECRET) return err(req, 401, 'Invalid or missing branch_secret');
				return null;
			},
			handler() {
				const domain = sb.config.branch.domain;
				return {
					status: 200,
					body: {
						app_id: BRANCH_APP_ID,
						branch_key: BRANCH_KEY,
						app_name: 'Sandbox App',
						dev_name: 'Sandbox Developer',
						dev_email: 'dev@sandbox.test',
						short_url_domain: domain,
						default_short_url_domain: domain,
						alternate_short_url_domain: domain.replace('.app.link', '-alternate.app.link'),
						android_app: 0,
						ios_app: 0,
						web_url: 'https://example.com',
						creation_date: '2025-01-01T00:00:00.000Z',
					},
				};
			},
		},
	];

	return {
		routes: routes.map((r) => ({ ...r, buckets: (req) => ['account', `method:${req.method}`] })),
		auth: () => null,
		extraHeaders: () => ({}),
		reset,
		linkStats() {
			const c = store.counters;
			return { created: c.created, stored: store.links.size, duplicates: c.duplicates, storedDuplicates: c.storedDuplicates, conflicts: c.conflicts };
		},
		stateFields: () => ({}),
		stats() {
			return { ...store.counters, stored: store.links.size };
		},
		links() {
			return [...store.links.values()].map((l) => ({ url: l.url, ...readShape(l) }));
		},
		admin: [],
		api: {},
	};
}

/** Branch's current public docs: limits per HTTP method, on top of the account limits. */
const METHOD_LIMITS = {
	POST: { perSecond: 200, perMinute: 12000, perHour: 300000 },
	PUT: { perSecond: 100, perMinute: 1000, perHour: 10000 },
	GET: { perSecond: 100, perMinute: 5500, perHour: 100000 },
};

module.exports = defineProvider({
	id: 'branch',
	prefixes: { branch: 'https://api2.branch.io' },
	constants: { BRANCH_KEY, BRANCH_SECRET, BRANCH_ACCESS_TOKEN, BRANCH_APP_ID },
	credentials: (base) => ({
		branchApi: {
			baseUrl: `${base}/branch`,
			branchKey: BRANCH_KEY,
			branchSecret: BRANCH_SECRET,
			accessToken: BRANCH_ACCESS_TOKEN,
			appId: BRANCH_APP_ID,
		},
	}),
	defaultConfig: () => ({ domain: 'sandbox.app.link', bulkMaxBytes: 100 * 1024 }),
	// The account bucket (every request) is off: the API page's 500/s and 30,000/min are selected with
	// { perSecond: 500, perMinute: 30000, methods: false }. `methods` are the current docs' per-method limits.
	defaultLimits: () => ({ perSecond: null, perMinute: null, perHour: null, methods: U.clone(METHOD_LIMITS) }),
	validateConfig(config) {
		const m = config.limits && config.limits.branch && config.limits.branch.methods;
		if (m === undefined || m === null || m === false) return;
		if (!U.isPlainObject(m)) throw new Error('limits.branch.methods must be an object keyed by HTTP method, or false');
		for (const [method, l] of Object.entries(m)) {
			if (l !== null && l !== false && !U.isPlainObject(l)) {
				throw new Error(`limits.branch.methods.${method} must be { perSecond, perMinute, perHour }, null or false`);
			}
		}
	},
	error,
	redact: { headers: ['access-token'], fields: ['branch_secret'] },
	messages: { 429: 'Rate limit exceeded' },
	windows(limits, bucket) {
		if (!bucket.startsWith('method:') || !U.isPlainObject(limits.methods)) return [];
		const method = bucket.slice(7);
		return perWindows(limits.methods[method] ?? limits.methods[method.toLowerCase()]);
	},
	create: createBranch,
});
