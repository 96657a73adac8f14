'use strict';

/**
 * Shortify deep links (https://api.shortify.com/v1/deep-links), under /shortify.
 */

const U = require('../lib/util');
const { defineProvider, adminError } = require('../lib/provider');

/** The credential value the sandbox accepts (the `api-key` header). */
const SHORTIFY_API_KEY = 'sk_test_sandbox';

const BASE = '/v1/deep-links';
const SORTS = ['created_at_desc', 'created_at_asc', 'updated_at_desc', 'updated_at_asc', 'clicks_desc', 'clicks_asc'];
const EDITABLE = [
	'url',
	'key',
	'slug',
	'title',
	'objects',
	'tags',
	'comments',
	'password',
	'expiresAt',
	'expiredUrl',
	'tracking',
	'desktopOverrideUrl',
	'androidOverrideUrl',
	'iosOverrideUrl',
];
const CREATE_FIELDS = new Set(['deepLinkAppId', 'appId', ...EDITABLE]);
const PATCH_FIELDS = new Set([...EDITABLE, 'archived']);
const READ_ONLY = new Set(['id', 'domain', 'shortLink', 'linkType', 'deepLinkAppId', 'appId', 'createdAt', 'updatedAt', 'clicks']);
const OVERRIDES = ['desktopOverrideUrl', 'androidOverrideUrl', 'iosOverrideUrl'];

const CODES = {
	400: 'bad_request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
	409: 'conflict',
	413: 'payload_too_large',
	422: 'validation_error',
	429: 'rate_limited',
	500: 'internal_error',
	502: 'bad_gateway',
	503: 'service_unavailable',
	504: 'gateway_timeout',
};

/** Shortify's envelope: { success: false, error: { code, message, field? }, requestId }. */
function error(req, status, message, extra = {}) {
	const body = {
		success: false,
		error: { code: extra.code || CODES[status] || 'error', message },
		requestId: req && req.requestId,
	};
	if (extra.field) body.error.field = extra.field;
	return { status, body, headers: extra.headers };
}

/** Creation order: (createdAt, id) ascending. Ids are monotonic within one millisecond. */
function compareCreated(a, b) {
	return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A time given to the admin API: epoch ms or an ISO 8601 date. */
function timeMs(value, name) {
	let ms = NaN;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string' && U.isIsoDate(value)) ms = Date.parse(value);
	if (!Number.isFinite(ms) || ms < 0) throw adminError(400, `${name} must be an ISO 8601 date or epoch milliseconds, got ${JSON.stringify(value)}`);
	return Math.floor(ms);
}

const SEED_FIELDS = new Set(['createdAt', 'updatedAt', 'clicks', 'archived']);

function createShortify(sb) {
	let store;

	function reset() {
		store = {
			links: new Map(), // id → link
			byCreated: [], // links sorted by (createdAt, id)
			keys: new Map(), // domain/key → id
			fingerprints: new Set(),
			idempotency: new Map(), // Idempotency-Key → { fingerprint, status, body, at }
			lastRandom: new Map(), // createdAt ms → random part of the last id made for it
			counters: {
				created: 0,
				duplicates: 0,
				storedDuplicates: 0,
				conflicts: 0,
				idempotentReplays: 0,
				idempotencyMismatches: 0,
				updates: 0,
				archived: 0,
				seeded: 0,
			},
		};
	}
	reset();

	const fail = (req, status, code, message, field) => error(req, status, message, { code, field });
	const invalid = (req, field, message) => fail(req, 422, 'validation_error', message, field);
	const ok = (req, status, data) => ({ status, body: { success: true, data, requestId: req.requestId } });

	function auth(req) {
		if (req.headers['api-key'] === SHORTIFY_API_KEY) return null;
		return fail(req, 401, 'unauthorized', 'Invalid API key');
	}

	/** Validates editable fields; returns [field, message] or null. */
	function validateFields(b) {
		const nullableString = (f) => b[f] !== undefined && b[f] !== null && typeof b[f] !== 'string';
		if (b.url !== undefined && !U.isHttpUrl(b.url)) return ['url', 'url must be a valid http:// or https:// URL'];
		for (const f of ['key', 'slug']) {
			if (b[f] === undefined || b[f] === null) continue;
			if (typeof b[f] !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(b[f])) {
				return ['key', `${f} must be 1-100 characters of letters, digits, "-" or "_"`];
			}
		}
		if (typeof b.key === 'string' && typeof b.slug === 'string' && b.key !== b.slug) {
			return ['key', 'key and slug must match when both are given'];
		}
		if (nullableString('title')) return ['title', 'title must be a string'];
		if (typeof b.title === 'string' && b.title.length > 255) return ['title', 'title must be at most 255 characters'];
		if (b.objects !== undefined && b.objects !== null && !U.isPlainObject(b.objects)) {
			return ['objects', 'objects must be a JSON object or null'];
		}
		if (b.tags !== undefined && b.tags !== null) {
			if (!Array.isArray(b.tags)) return ['tags', 'tags must be an array of strings'];
			const i = b.tags.findIndex((t) => typeof t !== 'string' || t.trim() === '' || t.length > 50);
			if (i >= 0) return [`tags.${i}`, 'tags must be non-empty strings of at most 50 characters'];
		}
		for (const f of ['comments', 'password']) if (nullableString(f)) return [f, `${f} must be a string or null`];
		if (b.expiresAt !== undefined && b.expiresAt !== null && !U.isIsoDate(b.expiresAt)) {
			return ['expiresAt', 'expiresAt must be an ISO 8601 date or null'];
		}
		if (b.expiredUrl !== undefined && b.expiredUrl !== null && !U.isHttpUrl(b.expiredUrl)) {
			return ['expiredUrl', 'expiredUrl must be a valid http:// or https:// URL or null'];
		}
		if (b.tracking !== undefined && b.tracking !== null && !U.isPlainObject(b.tracking)) {
			return ['tracking', 'tracking must be an object'];
		}
		for (const f of OVERRIDES) {
			if (b[f] !== undefined && b[f] !== null && !(typeof b[f] === 'string' && /^https?:\/\//.test(b[f]) && U.isHttpUrl(b[f]))) {
				return [f, `${f} must start with http:// or https://`];
			}
		}
		return null;
	}

	function keyIndex(domain, key) {
		return `${domain}/${key}`;
	}

	function newKey(domain) {
		for (;;) {
			const key = U.randomString(sb.idRng, 7);
			if (!store.keys.has(keyIndex(domain, key))) return key;
		}
	}

	function shape(l) {
		return {
			id: l.id,
			title: l.title,
			url: l.url,
			domain: l.domain,
			key: l.key,
			shortLink: l.shortLink,
			linkType: 'DEEPLINK',
			deepLinkAppId: l.deepLinkAppId,
			archived: l.archived,
			objects: l.objects,
			tags: l.tags,
			comments: l.comments,
			passwordProtected: l.password != null,
			expiresAt: l.expiresAt,
			expiredUrl: l.expiredUrl,
			tracking: l.tracking,
			desktopOverrideUrl: l.desktopOverrideUrl,
			androidOverrideUrl: l.androidOverrideUrl,
			iosOverrideUrl: l.iosOverrideUrl,
			clicks: l.clicks,
			createdAt: new Date(l.createdAt).toISOString(),
			updatedAt: new Date(l.updatedAt).toISOString(),
		};
	}

	/** `link_<ULID>` with the ULID's time = createdAt; ids made for the same millisecond increase. */
	function newId(ms) {
		let random = U.randomString(sb.idRng, 16, U.CROCKFORD);
		const last = store.lastRandom.get(ms);
		if (last !== undefined) random = U.incrementBase32(last);
		store.lastRandom.set(ms, random);
		return `link_${U.ulidTime(ms)}${random}`;
	}

	function indexCreated(link) {
		const arr = store.byCreated;
		if (arr.length === 0 || compareCreated(arr[arr.length - 1], link) < 0) {
			arr.push(link);
			return;
		}
		let lo = 0;
		let hi = arr.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (compareCreated(arr[mid], link) < 0) lo = mid + 1;
			else hi = mid;
		}
		arr.splice(lo, 0, link);
	}

	/** Checks a create body; returns { appId, customKey } or { error: [status, code, message, field] }. */
	function check(b) {
		for (const k of Object.keys(b)) {
			if (!CREATE_FIELDS.has(k)) return { error: [422, 'validation_error', `Unknown field "${k}"`, k] };
		}
		const bad = (field, message) => ({ error: [422, 'validation_error', message, field] });
		const appId = b.deepLinkAppId ?? b.appId;
		if (appId === undefined || appId === null || appId === '') return bad('deepLinkAppId', 'deepLinkAppId is required');
		if (typeof appId !== 'string') return bad('deepLinkAppId', 'deepLinkAppId must be a string');
		if (b.deepLinkAppId != null && b.appId != null && b.deepLinkAppId !== b.appId) {
			return bad('deepLinkAppId', 'deepLinkAppId and appId must match when both are given');
		}
		if (!appId.startsWith(sb.config.shortify.appIdPrefix)) {
			return bad('deepLinkAppId', `Deep-link app "${appId}" was not found`);
		}
		const problem = validateFields(b);
		if (problem) return bad(problem[0], problem[1]);
		return { appId, customKey: b.key ?? b.slug ?? null };
	}

	/** Stores a checked link. */
	function insert(b, { appId, customKey }, { createdAt, updatedAt = createdAt, clicks = 0, archived = false, fingerprint }) {
		const domain = sb.config.shortify.domain;
		const key = customKey || newKey(domain);
		const link = {
			id: newId(createdAt),
			title: b.title ?? null,
			url: b.url ?? sb.config.shortify.defaultUrl,
			domain,
			key,
			shortLink: `https://${domain}/${key}`,
			deepLinkAppId: appId,
			archived,
			objects: b.objects ?? null,
			tags: b.tags ? [...new Set(b.tags)] : [],
			comments: b.comments ?? null,
			password: b.password ?? null,
			expiresAt: b.expiresAt ?? null,
			expiredUrl: b.expiredUrl ?? null,
			tracking: b.tracking ?? null,
			desktopOverrideUrl: b.desktopOverrideUrl ?? null,
			androidOverrideUrl: b.androidOverrideUrl ?? null,
			iosOverrideUrl: b.iosOverrideUrl ?? null,
			clicks,
			createdAt,
			updatedAt,
			fingerprint,
		};
		store.links.set(link.id, link);
		indexCreated(link);
		store.keys.set(keyIndex(domain, key), link.id);
		return link;
	}

	function create(req) {
		const b = req.body;
		if (!U.isPlainObject(b)) return fail(req, 400, 'invalid_body', 'Request body must be a JSON object');
		const idemKey = req.headers['idempotency-key'];
		const fingerprint = U.canonical(b);
		if (typeof idemKey === 'string' && idemKey !== '') {
			const saved = store.idempotency.get(idemKey);
			if (saved && sb.now() - saved.at < sb.config.shortify.idempotencyTtlMs) {
				if (saved.fingerprint === fingerprint) {
					store.counters.idempotentReplays++;
					// Stripe's convention; the Shortify page says nothing about a replay signal.
					return { status: saved.status, body: saved.body, headers: { 'Idempotent-Replayed': 'true' } };
				}
				store.counters.idempotencyMismatches++;
				return fail(
					req,
					422,
					'idempotency_key_reused',
					`Idempotency-Key "${idemKey}" was already used with a different request body`,
				);
			}
			if (saved) store.idempotency.delete(idemKey);
		}
		const checked = check(b);
		if (checked.error) return fail(req, ...checked.error);

		const domain = sb.config.shortify.domain;
		const customKey = checked.customKey;
		if (customKey) {
			const existingId = store.keys.get(keyIndex(domain, customKey));
			if (existingId) {
				const existing = store.links.get(existingId);
				if (existing && existing.fingerprint === fingerprint) store.counters.duplicates++;
				else store.counters.conflicts++;
				return fail(req, 409, 'key_conflict', `Key "${customKey}" is already in use on ${domain}`, 'key');
			}
		} else if (store.fingerprints.has(fingerprint)) {
			store.counters.duplicates++;
			store.counters.storedDuplicates++;
		} else {
			store.fingerprints.add(fingerprint);
		}
		const now = sb.now();
		const link = insert(b, checked, { createdAt: now, fingerprint });
		store.counters.created++;
		const result = ok(req, 201, shape(link));
		if (typeof idemKey === 'string' && idemKey !== '') {
			store.idempotency.set(idemKey, { fingerprint, status: result.status, body: result.body, at: now });
		}
		return result;
	}

	/**
	 * Admin: stores links as if created at `createdAt` (ISO 8601 or epoch ms, default now; equal values
	 * allowed), with optional `updatedAt`, `clicks` and `archived`. All or nothing. Not counted as API creates.
	 */
	function seed(items) {
		const list = Array.isArray(items) ? items : [items];
		const domain = sb.config.shortify.domain;
		const keys = new Set();
		const prepared = list.map((item, i) => {
			if (!U.isPlainObject(item)) throw adminError(400, `links[${i}] must be an object`);
			const fields = {};
			for (const [k, v] of Object.entries(item)) if (!SEED_FIELDS.has(k)) fields[k] = v;
			const checked = check(fields);
			if (checked.error) {
				const [, , message, field] = checked.error;
				throw adminError(400, `links[${i}]${field ? `.${field}` : ''}: ${message}`);
			}
			if (checked.customKey) {
				if (store.keys.has(keyIndex(domain, checked.customKey)) || keys.has(checked.customKey)) {
					throw adminError(409, `links[${i}].key: Key "${checked.customKey}" is already in use on ${domain}`);
				}
				keys.add(checked.customKey);
			}
			const createdAt = item.createdAt === undefined ? sb.now() : timeMs(item.createdAt, `links[${i}].createdAt`);
			const updatedAt = item.updatedAt === undefined ? createdAt : timeMs(item.updatedAt, `links[${i}].updatedAt`);
			if (item.clicks !== undefined && !(Number.isInteger(item.clicks) && item.clicks >= 0)) {
				throw adminError(400, `links[${i}].clicks must be a non-negative integer`);
			}
			if (item.archived !== undefined && typeof item.archived !== 'boolean') {
				throw adminError(400, `links[${i}].archived must be a boolean`);
			}
			return [fields, checked, { createdAt, updatedAt, clicks: item.clicks ?? 0, archived: item.archived ?? false, fingerprint: U.canonical(fields) }];
		});
		const out = prepared.map(([fields, checked, extra]) => shape(insert(fields, checked, extra)));
		store.counters.seeded += out.length;
		return out;
	}

	function sortValue(sort, link) {
		if (sort.startsWith('created')) return link.createdAt;
		if (sort.startsWith('updated')) return link.updatedAt;
		return link.clicks;
	}

	/** The cursor names the last item of a page: (sort value, id). */
	function encodeCursor(sort, link) {
		return Buffer.from(JSON.stringify({ s: sort, v: sortValue(sort, link), i: link.id })).toString('base64url');
	}

	function decodeCursor(cursor, sort) {
		try {
			const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
			if (!U.isPlainObject(c) || c.s !== sort || typeof c.v !== 'number' || typeof c.i !== 'string') return null;
			return c;
		} catch {
			return null;
		}
	}

	/** Ascending order of (sort value, id) against a cursor position: <0 before, >0 after. */
	function comparePosition(sort, link, v, id) {
		return sortValue(sort, link) - v || (link.id < id ? -1 : link.id > id ? 1 : 0);
	}

	function list(req) {
		const q = req.query;
		let limit = 25;
		if (q.limit !== undefined) {
			if (!/^\d+$/.test(String(q.limit)) || Number(q.limit) < 1 || Number(q.limit) > 100) {
				return invalid(req, 'limit', 'limit must be an integer between 1 and 100');
			}
			limit = Number(q.limit);
		}
		let archived = false;
		if (q.archived !== undefined) {
			if (q.archived !== 'true' && q.archived !== 'false') return invalid(req, 'archived', 'archived must be true or false');
			archived = q.archived === 'true';
		}
		const sort = q.sort === undefined ? 'created_at_desc' : q.sort;
		if (!SORTS.includes(sort)) return invalid(req, 'sort', `sort must be one of ${SORTS.join(', ')}`);
		let cursor = null;
		if (q.cursor !== undefined && q.cursor !== '') {
			cursor = decodeCursor(String(q.cursor), sort);
			if (!cursor) return invalid(req, 'cursor', 'cursor is invalid or does not match this sort');
		}
		for (const f of ['search', 'tag', 'domain']) {
			if (q[f] !== undefined && typeof q[f] !== 'string') return invalid(req, f, `${f} must be a string`);
		}
		const search = q.search ? q.search.toLowerCase() : null;
		const matches = (l) => {
			if (l.archived !== archived) return false;
			if (q.tag && !l.tags.includes(q.tag)) return false;
			if (q.domain && l.domain !== q.domain) return false;
			if (search) {
				const hay = [l.title, l.url, l.shortLink, l.key, l.domain, ...l.tags];
				if (!hay.some((s) => typeof s === 'string' && s.toLowerCase().includes(search))) return false;
			}
			return true;
		};
		const desc = sort.endsWith('_desc');
		// Ascending (sort value, id); the created sorts use the index kept in that order.
		let ordered;
		if (sort.startsWith('created')) ordered = store.byCreated;
		else {
			ordered = [...store.links.values()];
			ordered.sort((a, b) => sortValue(sort, a) - sortValue(sort, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		}
		// Keyset: the first position strictly after the cursor in the sort direction.
		// asc: the first item after the cursor; desc: the last item before it (one below the first item not before it).
		let lo = 0;
		let hi = ordered.length;
		if (cursor) {
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				const c = comparePosition(sort, ordered[mid], cursor.v, cursor.i);
				if (desc ? c < 0 : c <= 0) lo = mid + 1;
				else hi = mid;
			}
		}
		const page = [];
		let hasMore = false;
		const step = desc ? -1 : 1;
		let i = cursor ? (desc ? lo - 1 : lo) : desc ? ordered.length - 1 : 0;
		for (; i >= 0 && i < ordered.length; i += step) {
			if (!matches(ordered[i])) continue;
			if (page.length === limit) {
				hasMore = true;
				break;
			}
			page.push(ordered[i]);
		}
		return {
			status: 200,
			body: {
				success: true,
				data: page.map(shape),
				pagination: { nextCursor: hasMore ? encodeCursor(sort, page[page.length - 1]) : null, hasMore },
				requestId: req.requestId,
			},
		};
	}

	function find(req) {
		return store.links.get(req.params.linkId);
	}

	function notFound(req) {
		return fail(req, 404, 'not_found', `Deep link "${req.params.linkId}" was not found`);
	}

	function patch(req) {
		const link = find(req);
		if (!link) return notFound(req);
		const b = req.body;
		if (!U.isPlainObject(b)) return fail(req, 400, 'invalid_body', 'Request body must be a JSON object');
		for (const k of Object.keys(b)) {
			if (READ_ONLY.has(k)) return invalid(req, k, `${k} cannot be changed`);
			if (!PATCH_FIELDS.has(k)) return invalid(req, k, `Unknown field "${k}"`);
		}
		if (Object.keys(b).length === 0) return invalid(req, null, 'Request body must contain at least one editable field');
		if (b.url === null) return invalid(req, 'url', 'url cannot be null');
		if (b.archived !== undefined && typeof b.archived !== 'boolean') return invalid(req, 'archived', 'archived must be a boolean');
		const problem = validateFields(b);
		if (problem) return invalid(req, problem[0], problem[1]);
		const newKey = b.key ?? b.slug;
		if (newKey && newKey !== link.key) {
			const idx = keyIndex(link.domain, newKey);
			if (store.keys.has(idx)) {
				store.counters.conflicts++;
				return fail(req, 409, 'key_conflict', `Key "${newKey}" is already in use on ${link.domain}`, 'key');
			}
			store.keys.delete(keyIndex(link.domain, link.key));
			store.keys.set(idx, link.id);
			link.key = newKey;
			link.shortLink = `https://${link.domain}/${newKey}`;
		}
		for (const f of EDITABLE) {
			if (f === 'key' || f === 'slug' || b[f] === undefined) continue;
			link[f] = f === 'tags' ? (b.tags ? [...new Set(b.tags)] : []) : b[f];
		}
		if (b.archived !== undefined) link.archived = b.archived;
		link.updatedAt = Math.max(sb.now(), link.updatedAt + 1);
		store.counters.updates++;
		return ok(req, 200, shape(link));
	}

	const routes = [
		{ method: 'GET', url: BASE, handler: list },
		{ method: 'POST', url: BASE, handler: create },
		{
			method: 'GET',
			url: `${BASE}/:linkId`,
			handler(req) {
				const link = find(req);
				return link ? ok(req, 200, shape(link)) : notFound(req);
			},
		},
		{ method: 'PATCH', url: `${BASE}/:linkId`, handler: patch },
		{
			method: 'DELETE',
			url: `${BASE}/:linkId`,
			handler(req) {
				const link = find(req);
				if (!link) return notFound(req);
				if (!link.archived) {
					link.archived = true;
					link.updatedAt = Math.max(sb.now(), link.updatedAt + 1);
					store.counters.archived++;
				}
				return ok(req, 200, shape(link));
			},
		},
	];

	return {
		routes,
		auth,
		extraHeaders: (req) => (req && req.requestId ? { 'X-Request-Id': req.requestId } : {}),
		reset,
		linkStats() {
			const c = store.counters;
			return { created: c.created, stored: store.links.size, duplicates: c.duplicates, storedDuplicates: c.storedDuplicates, conflicts: c.conflicts };
		},
		stateFields() {
			return { idempotentReplays: store.counters.idempotentReplays };
		},
		stats() {
			return { ...store.counters, stored: store.links.size };
		},
		links() {
			return store.byCreated.map(shape);
		},
		admin: [
			{
				method: 'POST',
				url: '/_admin/shortify/links',
				handler({ body }) {
					const items = U.isPlainObject(body) && Array.isArray(body.links) ? body.links : body;
					if (items === undefined || items === null) throw adminError(400, 'body must be a link, an array of links or { links: [...] }');
					const links = seed(items);
					return { count: links.length, links };
				},
			},
		],
		api: {
			/** Sets a link's click count (for the clicks_* sorts). */
			setShortifyClicks(id, clicks) {
				const l = store.links.get(id);
				if (l) l.clicks = clicks;
				return Boolean(l);
			},
			addShortifyLinks: seed,
		},
	};
}

module.exports = defineProvider({
	id: 'shortify',
	prefixes: { shortify: 'https://api.shortify.com' },
	constants: { SHORTIFY_API_KEY },
	credentials: (base) => ({ shortifyApi: { baseUrl: `${base}/shortify`, apiKey: SHORTIFY_API_KEY } }),
	defaultConfig: () => ({
		domain: 'go.sandbox.test',
		defaultUrl: 'https://example.com/app-open',
		idempotencyTtlMs: 24 * 60 * 60 * 1000,
		appIdPrefix: 'app_',
	}),
	defaultLimits: () => ({ perSecond: null, perMinute: null }),
	error,
	redact: { headers: ['api-key'], fields: [] },
	messages: { 429: 'Rate limit exceeded, retry later' },
	invalidJson: (req) => error(req, 400, 'Request body is not valid JSON', { code: 'invalid_json' }),
	requestId: (nowMs) => `req_${U.ulid(nowMs, Math.random)}`,
	create: createShortify,
});
