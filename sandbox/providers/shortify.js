'use strict';

/**
 * Shortify deep links (https://api.shortify.com/v1/deep-links), under /shortify.
 */

const C = require('../lib/constants');
const U = require('../lib/util');

const BASE = '/shortify/v1/deep-links';
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

function createShortify(sb) {
	let store;

	function reset() {
		store = {
			links: new Map(), // id → link (insertion order = creation order)
			keys: new Map(), // domain/key → id
			fingerprints: new Set(),
			idempotency: new Map(), // Idempotency-Key → { fingerprint, status, body, at }
			seq: 0,
			counters: {
				created: 0,
				duplicates: 0,
				storedDuplicates: 0,
				conflicts: 0,
				idempotentReplays: 0,
				idempotencyMismatches: 0,
				updates: 0,
				archived: 0,
			},
		};
	}
	reset();

	const fail = (req, status, code, message, field) => sb.error('shortify', req, status, message, { code, field });
	const invalid = (req, field, message) => fail(req, 422, 'validation_error', message, field);
	const ok = (req, status, data) => ({ status, body: { success: true, data, requestId: req.requestId } });

	function auth(req) {
		if (req.headers['api-key'] === C.SHORTIFY_API_KEY) return null;
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
		for (const k of Object.keys(b)) {
			if (!CREATE_FIELDS.has(k)) return invalid(req, k, `Unknown field "${k}"`);
		}
		const appId = b.deepLinkAppId ?? b.appId;
		if (appId === undefined || appId === null || appId === '') return invalid(req, 'deepLinkAppId', 'deepLinkAppId is required');
		if (typeof appId !== 'string') return invalid(req, 'deepLinkAppId', 'deepLinkAppId must be a string');
		if (b.deepLinkAppId != null && b.appId != null && b.deepLinkAppId !== b.appId) {
			return invalid(req, 'deepLinkAppId', 'deepLinkAppId and appId must match when both are given');
		}
		if (!appId.startsWith(sb.config.shortify.appIdPrefix)) {
			return invalid(req, 'deepLinkAppId', `Deep-link app "${appId}" was not found`);
		}
		const problem = validateFields(b);
		if (problem) return invalid(req, problem[0], problem[1]);

		const domain = sb.config.shortify.domain;
		const customKey = b.key ?? b.slug ?? null;
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
		const key = customKey || newKey(domain);
		const now = sb.now();
		store.seq++;
		const link = {
			seq: store.seq,
			id: `link_${U.ulid(now, sb.idRng)}`,
			title: b.title ?? null,
			url: b.url ?? sb.config.shortify.defaultUrl,
			domain,
			key,
			shortLink: `https://${domain}/${key}`,
			deepLinkAppId: appId,
			archived: false,
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
			clicks: 0,
			createdAt: now,
			updatedAt: now,
			fingerprint,
		};
		store.links.set(link.id, link);
		store.keys.set(keyIndex(domain, key), link.id);
		store.counters.created++;
		const result = ok(req, 201, shape(link));
		if (typeof idemKey === 'string' && idemKey !== '') {
			store.idempotency.set(idemKey, { fingerprint, status: result.status, body: result.body, at: now });
		}
		return result;
	}

	function encodeCursor(sort, link) {
		return Buffer.from(JSON.stringify({ s: sort, v: sortValue(sort, link), q: link.seq })).toString('base64url');
	}

	function decodeCursor(cursor, sort) {
		try {
			const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
			if (!U.isPlainObject(c) || c.s !== sort || typeof c.q !== 'number' || typeof c.v !== 'number') return null;
			return c;
		} catch {
			return null;
		}
	}

	function sortValue(sort, link) {
		if (sort.startsWith('created')) return link.seq;
		if (sort.startsWith('updated')) return link.updatedAt;
		return link.clicks;
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
		let items;
		if (sort.startsWith('created')) {
			// Creation order is the Map's order: no sort needed.
			items = [];
			for (const l of store.links.values()) if (matches(l)) items.push(l);
			if (desc) items.reverse();
		} else {
			items = [];
			for (const l of store.links.values()) if (matches(l)) items.push(l);
			items.sort((a, b) => {
				const d = sortValue(sort, a) - sortValue(sort, b) || a.seq - b.seq;
				return desc ? -d : d;
			});
		}
		let start = 0;
		if (cursor) {
			// First item strictly after the cursor position (value, seq) in the sort direction.
			const after = (l) => {
				const d = sortValue(sort, l) - cursor.v || l.seq - cursor.q;
				return desc ? d < 0 : d > 0;
			};
			start = items.findIndex(after);
			if (start < 0) start = items.length;
		}
		const page = items.slice(start, start + limit);
		const hasMore = start + limit < items.length;
		return {
			status: 200,
			body: {
				success: true,
				data: page.map(shape),
				pagination: { nextCursor: hasMore && page.length ? encodeCursor(sort, page[page.length - 1]) : null, hasMore },
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
		id: 'shortify',
		routes,
		auth,
		extraHeaders: (req) => (req && req.requestId ? { 'X-Request-Id': req.requestId } : {}),
		reset,
		stats() {
			return { ...store.counters, stored: store.links.size };
		},
		links() {
			return [...store.links.values()].map(shape);
		},
		/** Admin: set a link's click count (for the clicks_* sorts). */
		setClicks(id, clicks) {
			const l = store.links.get(id);
			if (l) l.clicks = clicks;
			return Boolean(l);
		},
	};
}

module.exports = createShortify;
