'use strict';

/**
 * Kumulos deferred deep links (https://links.kumulos.com, under /kumulos-links) and
 * Kumulos Push API v1 (https://push.kumulos.com, under /kumulos-push). Laravel-style errors.
 */

const U = require('../lib/util');
const { defineProvider, adminError } = require('../lib/provider');

/** The credential values the sandbox accepts (HTTP Basic, API key as user, server key as password). */
const KUMULOS_API_KEY = 'sandbox-kumulos-api-key';
const KUMULOS_SERVER_KEY = 'sandbox-kumulos-server-key';

const INVALID = 'The given data was invalid.';
const LINK_FIELDS = new Set([
	'slug',
	'linkData',
	'desktopWebFallbackUrl',
	'mobileWebFallbackUrl',
	'content',
	'reportingMeta',
	'expiresAt',
	'lookupLimit',
	'forceWebFallback',
]);
const TARGET_KEYS = ['broadcast', 'installIds', 'userIds', 'segmentId', 'segmentUuid', 'channelIds', 'channelUuids'];
const FILTER_KEYS = [...TARGET_KEYS, 'excludeInstallIds'];

/** Laravel's ConvertEmptyStringsToNull: "" counts as absent. */
const absent = (v) => v === undefined || v === null || v === '';

const MESSAGES = {
	401: 'Unauthorized',
	404: 'Not Found',
	429: 'Too Many Attempts.',
	500: 'Server Error',
	503: 'Service Unavailable',
};

/** Laravel-style error body: { message }. */
function error(req, status, message, extra = {}) {
	return { status, body: { message }, headers: extra.headers };
}

const YMD_HIS = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** An open's time as the API gives it, "Y-m-d H:i:s" in UTC, from that text, an ISO 8601 date or epoch ms. */
function openedAtText(value, nowMs) {
	if (value === undefined || value === null || value === '') return U.ymdHis(nowMs);
	if (typeof value === 'number' && Number.isFinite(value)) return U.ymdHis(value);
	if (typeof value === 'string') {
		if (YMD_HIS.test(value) && !Number.isNaN(Date.parse(`${value.replace(' ', 'T')}Z`))) return value;
		if (U.isIsoDate(value)) {
			const iso = value.replace(' ', 'T');
			const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
			if (!Number.isNaN(ms)) return U.ymdHis(ms);
		}
	}
	throw adminError(400, `openedAt must be "Y-m-d H:i:s" (UTC), an ISO 8601 date or epoch milliseconds, got ${JSON.stringify(value)}`);
}

function idList(value, name) {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw adminError(400, `${name} must be an array`);
	return value.map(String);
}

function createKumulos(sb) {
	let store;

	function reset() {
		const cfg = sb.config.kumulos;
		store = {
			links: new Map(), // id → link
			slugs: new Map(), // slug → id
			fingerprints: new Set(),
			linkSeq: 0,
			installs: new Set(),
			users: new Set(),
			channels: new Map(), // id → channel
			channelUuids: new Map(), // uuid → id
			channelSeq: 0,
			notifications: new Map(), // id → notification
			notificationSeq: 0,
			counters: {
				created: 0,
				duplicates: 0,
				storedDuplicates: 0,
				conflicts: 0,
				pushesSent: 0,
				opens: 0,
				installOpens: 0,
				userOpens: 0,
			},
		};
		for (let i = 1; i <= cfg.seedInstalls; i++) store.installs.add(`install-${i}`);
		for (let i = 1; i <= cfg.seedUsers; i++) store.users.add(`user-${i}`);
	}
	reset();

	const err = (req, status, message, extra) => error(req, status, message, extra);
	const invalid = (req, errors) => ({ status: 422, body: { message: INVALID, errors } });

	function auth(req) {
		const h = req.headers.authorization;
		if (typeof h === 'string' && h.startsWith('Basic ')) {
			const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i >= 0 && decoded.slice(0, i) === KUMULOS_API_KEY && decoded.slice(i + 1) === KUMULOS_SERVER_KEY) {
				return null;
			}
		}
		return err(req, 401, 'Unauthorized', { headers: { 'WWW-Authenticate': 'Basic realm="Kumulos"' } });
	}

	/* ------------------------------------------------------------------ deep links */

	function validateLink(item, i, errors) {
		const add = (field, message) => {
			const key = `${i}.${field}`;
			(errors[key] = errors[key] || []).push(message.replace(':attr', key));
		};
		if (!U.isPlainObject(item)) {
			add('linkData', 'The :attr field is required.');
			add('desktopWebFallbackUrl', 'The :attr field is required.');
			add('mobileWebFallbackUrl', 'The :attr field is required.');
			return;
		}
		if (absent(item.linkData)) add('linkData', 'The :attr field is required.');
		else if (!U.isPlainObject(item.linkData)) add('linkData', 'The :attr must be an object.');
		for (const f of ['desktopWebFallbackUrl', 'mobileWebFallbackUrl']) {
			if (absent(item[f])) add(f, 'The :attr field is required.');
			else if (!U.isHttpUrl(item[f])) add(f, 'The :attr must be a valid URL.');
		}
		if (!absent(item.slug)) {
			if (typeof item.slug !== 'string') add('slug', 'The :attr must be a string.');
			else if (item.slug.length > 255) add('slug', 'The :attr may not be greater than 255 characters.');
			else if (!/^[A-Za-z0-9_-]+$/.test(item.slug)) {
				add('slug', 'The :attr may only contain letters, numbers, dashes and underscores.');
			}
		}
		if (!absent(item.content)) {
			if (!U.isPlainObject(item.content)) add('content', 'The :attr must be an object.');
			else {
				for (const f of ['title', 'description']) {
					if (!absent(item.content[f]) && typeof item.content[f] !== 'string') add(`content.${f}`, 'The :attr must be a string.');
				}
				if (!absent(item.content.imageUrl) && !U.isHttpUrl(item.content.imageUrl)) {
					add('content.imageUrl', 'The :attr must be a valid URL.');
				}
			}
		}
		if (!absent(item.reportingMeta) && !U.isPlainObject(item.reportingMeta)) add('reportingMeta', 'The :attr must be an object.');
		if (!absent(item.expiresAt) && !U.isIsoDate(item.expiresAt)) add('expiresAt', 'The :attr is not a valid date.');
		if (!absent(item.lookupLimit)) {
			if (!Number.isInteger(item.lookupLimit)) add('lookupLimit', 'The :attr must be an integer.');
			else if (item.lookupLimit < 1) add('lookupLimit', 'The :attr must be at least 1.');
		}
		if (!absent(item.forceWebFallback) && typeof item.forceWebFallback !== 'boolean') {
			add('forceWebFallback', 'The :attr field must be true or false.');
		}
		for (const k of Object.keys(item)) {
			if (!LINK_FIELDS.has(k)) add(k, 'The :attr field is not allowed.');
		}
	}

	function newSlug() {
		for (;;) {
			const slug = U.randomString(sb.idRng, 8);
			if (!store.slugs.has(slug)) return slug;
		}
	}

	function linkShape(l) {
		return {
			id: l.id,
			url: l.url,
			slug: l.slug,
			linkData: l.linkData,
			desktopWebFallbackUrl: l.desktopWebFallbackUrl,
			mobileWebFallbackUrl: l.mobileWebFallbackUrl,
			content: l.content,
			reportingMeta: l.reportingMeta,
			expiresAt: l.expiresAt,
			lookupLimit: l.lookupLimit,
			forceWebFallback: l.forceWebFallback,
			createdAt: l.createdAt,
			updatedAt: l.updatedAt,
		};
	}

	function createLinks(req) {
		const body = req.body;
		if (!Array.isArray(body)) {
			return invalid(req, { links: ['The request body must be a JSON array of deep links.'] });
		}
		if (body.length === 0) return invalid(req, { links: ['At least one deep link is required.'] });
		const max = sb.config.kumulos.maxLinksPerRequest;
		if (body.length > max) {
			return invalid(req, { links: [`You may create at most ${max} deep links per request (got ${body.length}).`] });
		}
		const errors = {};
		body.forEach((item, i) => validateLink(item, i, errors));
		// Slug uniqueness, within the request and against stored links.
		const seen = new Map();
		const fingerprints = body.map((item) => (U.isPlainObject(item) ? U.canonical(item) : null));
		body.forEach((item, i) => {
			if (!U.isPlainObject(item) || typeof item.slug !== 'string' || item.slug === '') return;
			const key = `${i}.slug`;
			if (store.slugs.has(item.slug)) {
				const existing = store.links.get(store.slugs.get(item.slug));
				if (existing && existing.fingerprint === fingerprints[i]) store.counters.duplicates++;
				else store.counters.conflicts++;
				(errors[key] = errors[key] || []).push(`The slug "${item.slug}" has already been taken.`);
			} else if (seen.has(item.slug)) {
				(errors[key] = errors[key] || []).push(`The ${key} field has a duplicate value.`);
			} else seen.set(item.slug, i);
		});
		if (Object.keys(errors).length > 0) return invalid(req, errors);
		const now = U.isoNoMillis(sb.now());
		const out = body.map((item, i) => {
			const slug = absent(item.slug) ? newSlug() : item.slug;
			if (absent(item.slug)) {
				if (store.fingerprints.has(fingerprints[i])) {
					store.counters.duplicates++;
					store.counters.storedDuplicates++;
				} else store.fingerprints.add(fingerprints[i]);
			}
			const id = ++store.linkSeq;
			const link = {
				id,
				url: `https://${sb.config.kumulos.domain}/${slug}`,
				slug,
				linkData: item.linkData,
				desktopWebFallbackUrl: item.desktopWebFallbackUrl,
				mobileWebFallbackUrl: item.mobileWebFallbackUrl,
				content: absent(item.content) ? null : item.content,
				reportingMeta: absent(item.reportingMeta) ? null : item.reportingMeta,
				expiresAt: absent(item.expiresAt) ? null : item.expiresAt,
				lookupLimit: absent(item.lookupLimit) ? null : item.lookupLimit,
				forceWebFallback: item.forceWebFallback === true,
				createdAt: now,
				updatedAt: now,
				fingerprint: fingerprints[i],
			};
			store.links.set(id, link);
			store.slugs.set(slug, id);
			store.counters.created++;
			return linkShape(link);
		});
		return { status: 200, body: out };
	}

	/* ------------------------------------------------------------------ push */

	function pushErrors() {
		const errors = {};
		const add = (key, message) => (errors[key] = errors[key] || []).push(message.replace(':attr', key));
		return { errors, add };
	}

	function checkStringArray(body, key, add) {
		const v = body[key];
		if (absent(v)) return;
		if (!Array.isArray(v)) return add(key, 'The :attr must be an array.');
		v.forEach((x, i) => {
			if (typeof x !== 'string' || x === '') add(`${key}.${i}`, 'The :attr must be a string.');
		});
	}

	function validateNotification(b) {
		const { errors, add } = pushErrors();
		for (const f of ['title', 'message']) {
			if (absent(b[f])) add(f, 'The :attr field is required.');
			else if (typeof b[f] !== 'string') add(f, 'The :attr must be a string.');
		}
		const hasTarget =
			b.broadcast === true ||
			(Array.isArray(b.installIds) && b.installIds.length > 0) ||
			(Array.isArray(b.userIds) && b.userIds.length > 0) ||
			!absent(b.segmentId) ||
			!absent(b.segmentUuid) ||
			(Array.isArray(b.channelIds) && b.channelIds.length > 0) ||
			(Array.isArray(b.channelUuids) && b.channelUuids.length > 0);
		if (!hasTarget) {
			add(
				'broadcast',
				'The broadcast field is required when none of installIds / userIds / segmentId / segmentUuid / channelIds / channelUuids are present.',
			);
		}
		for (const f of ['broadcast', 'isBackground', 'scheduled']) {
			if (!absent(b[f]) && typeof b[f] !== 'boolean') add(f, 'The :attr field must be true or false.');
		}
		checkStringArray(b, 'installIds', add);
		checkStringArray(b, 'userIds', add);
		checkStringArray(b, 'excludeInstallIds', add);
		checkStringArray(b, 'channelUuids', add);
		if (!absent(b.channelIds)) {
			if (!Array.isArray(b.channelIds)) add('channelIds', 'The :attr must be an array.');
			else b.channelIds.forEach((x, i) => Number.isInteger(x) || add(`channelIds.${i}`, 'The :attr must be an integer.'));
		}
		if (!absent(b.segmentId) && !Number.isInteger(b.segmentId)) add('segmentId', 'The :attr must be an integer.');
		if (!absent(b.segmentUuid) && typeof b.segmentUuid !== 'string') add('segmentUuid', 'The :attr must be a string.');
		for (const f of ['userMeta', 'reportingMeta', 'data']) {
			if (!absent(b[f]) && !U.isPlainObject(b[f])) add(f, 'The :attr must be an object.');
		}
		if (!absent(b.url) && !U.isHttpUrl(b.url)) add('url', 'The :attr must be a valid URL.');
		if (!absent(b.collapseId) && typeof b.collapseId !== 'string') add('collapseId', 'The :attr must be a string.');
		if (!absent(b.ios)) {
			if (!U.isPlainObject(b.ios)) add('ios', 'The :attr must be an object.');
			else {
				if (!absent(b.ios.hasBadge) && typeof b.ios.hasBadge !== 'boolean') add('ios.hasBadge', 'The :attr field must be true or false.');
				if (!absent(b.ios.badgeType) && !['incrementBy', 'setTo'].includes(b.ios.badgeType)) {
					add('ios.badgeType', 'The selected :attr is invalid.');
				}
				if (!absent(b.ios.badgeCount) && !Number.isInteger(b.ios.badgeCount)) add('ios.badgeCount', 'The :attr must be an integer.');
			}
		}
		if (!absent(b.android)) {
			if (!U.isPlainObject(b.android)) add('android', 'The :attr must be an object.');
			else if (!absent(b.android.highPriority) && typeof b.android.highPriority !== 'boolean') {
				add('android.highPriority', 'The :attr field must be true or false.');
			}
		}
		if (!absent(b.soundConfig)) {
			if (!U.isPlainObject(b.soundConfig)) add('soundConfig', 'The :attr must be an object.');
			else if (!absent(b.soundConfig.iosSound) && typeof b.soundConfig.iosSound !== 'string') {
				add('soundConfig.iosSound', 'The :attr must be a string.');
			}
		}
		if (b.scheduled === true) {
			const s = U.isPlainObject(b.schedule) ? b.schedule : {};
			if (!absent(b.schedule) && !U.isPlainObject(b.schedule)) add('schedule', 'The :attr must be an object.');
			if (absent(s.sendAt)) add('schedule.sendAt', 'The :attr field is required when scheduled is true.');
			else if (typeof s.sendAt !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(s.sendAt)) {
				add('schedule.sendAt', 'The :attr does not match the format Y-m-d H:i.');
			}
			if (absent(s.strategy)) add('schedule.strategy', 'The :attr field is required when scheduled is true.');
			else if (!['local', 'utc'].includes(s.strategy)) add('schedule.strategy', 'The selected :attr is invalid.');
			if (absent(s.pastTimes)) add('schedule.pastTimes', 'The :attr field is required when scheduled is true.');
			else if (!['ignore', 'nextDay'].includes(s.pastTimes)) add('schedule.pastTimes', 'The selected :attr is invalid.');
		}
		return errors;
	}

	function resolveChannels(b) {
		const out = [];
		if (Array.isArray(b.channelIds)) for (const id of b.channelIds) if (store.channels.has(id)) out.push(store.channels.get(id));
		if (Array.isArray(b.channelUuids)) {
			for (const uuid of b.channelUuids) if (store.channelUuids.has(uuid)) out.push(store.channels.get(store.channelUuids.get(uuid)));
		}
		return out;
	}

	/** The installs and users a notification reaches (known ones only). */
	function audience(b) {
		const installs = new Set();
		const users = new Set();
		if (b.broadcast === true) {
			for (const id of store.installs) installs.add(id);
			for (const id of store.users) users.add(id);
		}
		if (Array.isArray(b.installIds)) for (const id of b.installIds) if (store.installs.has(id)) installs.add(id);
		if (Array.isArray(b.userIds)) for (const id of b.userIds) if (store.users.has(id)) users.add(id);
		for (const ch of resolveChannels(b)) {
			for (const id of ch.installs) installs.add(id);
			for (const id of ch.users) users.add(id);
		}
		if (Array.isArray(b.excludeInstallIds)) for (const id of b.excludeInstallIds) installs.delete(id);
		return { installs: [...installs], users: [...users] };
	}

	function addOpen(n, kind, id, openedAt) {
		if (kind === 'install') {
			n.installOpens.push({ installId: id, openedAt });
			store.counters.installOpens++;
		} else {
			n.userOpens.push({ userId: id, openedAt });
			store.counters.userOpens++;
		}
		store.counters.opens++;
	}

	function notificationShape(n) {
		return {
			appId: 1,
			source: 1,
			status: 1,
			filters: n.filters,
			title: n.title,
			message: n.message,
			data: n.data,
			updatedAt: n.updatedAt,
			createdAt: n.createdAt,
			id: n.id,
		};
	}

	function sendNotification(req) {
		const b = req.body;
		if (!U.isPlainObject(b)) return invalid(req, { body: ['The request body must be a JSON object.'] });
		const errors = validateNotification(b);
		if (Object.keys(errors).length > 0) return invalid(req, errors);
		const nowMs = sb.now();
		const filters = {};
		for (const k of FILTER_KEYS) if (!absent(b[k])) filters[k] = b[k];
		const n = {
			id: ++store.notificationSeq,
			filters,
			title: b.title,
			message: b.message,
			data: absent(b.data) ? null : b.data,
			request: b,
			createdAt: U.isoNoMillis(nowMs),
			updatedAt: U.isoNoMillis(nowMs),
			installOpens: [],
			userOpens: [],
		};
		store.notifications.set(n.id, n);
		store.counters.pushesSent++;
		if (b.scheduled !== true) {
			// Every other targeted install / user opens the notification, a second apart.
			const { installs, users } = audience(b);
			for (let i = 0; i < installs.length; i += 2) addOpen(n, 'install', installs[i], U.ymdHis(nowMs + (i + 1) * 1000));
			for (let i = 0; i < users.length; i += 2) addOpen(n, 'user', users[i], U.ymdHis(nowMs + (i + 1) * 1000));
		}
		return { status: 201, body: notificationShape(n) };
	}

	function findNotification(req) {
		const id = Number(req.params.id);
		return Number.isInteger(id) ? store.notifications.get(id) : undefined;
	}

	function channelShape(ch) {
		return {
			appId: 1,
			uuid: ch.uuid,
			name: ch.name,
			showInPortal: ch.showInPortal,
			meta: ch.meta,
			updatedAt: ch.updatedAt,
			createdAt: ch.createdAt,
			id: ch.id,
		};
	}

	function validateChannel(b, existing) {
		const { errors, add } = pushErrors();
		if (!existing || b.uuid !== undefined) {
			if (absent(b.uuid)) add('uuid', 'The :attr field is required.');
			else if (typeof b.uuid !== 'string') add('uuid', 'The :attr must be a string.');
			else if (b.uuid.length > 255) add('uuid', 'The :attr may not be greater than 255 characters.');
			else if (store.channelUuids.has(b.uuid) && (!existing || store.channelUuids.get(b.uuid) !== existing.id)) {
				add('uuid', 'The :attr has already been taken.');
			}
		}
		if (!absent(b.name) && typeof b.name !== 'string') add('name', 'The :attr must be a string.');
		if (!absent(b.showInPortal) && typeof b.showInPortal !== 'boolean') add('showInPortal', 'The :attr field must be true or false.');
		const showInPortal = b.showInPortal ?? (existing ? existing.showInPortal : false);
		const name = b.name !== undefined ? b.name : existing ? existing.name : undefined;
		if (showInPortal === true && absent(name)) add('name', 'The :attr field is required when showInPortal is true.');
		if (!absent(b.meta) && !U.isPlainObject(b.meta)) add('meta', 'The :attr must be an object.');
		return errors;
	}

	function findChannel(req) {
		const id = Number(req.params.id);
		return Number.isInteger(id) ? store.channels.get(id) : undefined;
	}

	function subscriptionChange(req, subscribe) {
		const ch = findChannel(req);
		if (!ch) return err(req, 404, `Channel ${req.params.id} not found.`);
		const b = U.isPlainObject(req.body) ? req.body : {};
		const { errors, add } = pushErrors();
		if (absent(b.installIds) && absent(b.userIds)) {
			add('installIds', 'The :attr field is required when userIds is not present.');
			add('userIds', 'The :attr field is required when installIds is not present.');
		}
		checkStringArray(b, 'installIds', add);
		checkStringArray(b, 'userIds', add);
		if (Object.keys(errors).length > 0) return invalid(req, errors);
		const installIds = Array.isArray(b.installIds) ? b.installIds : [];
		const userIds = Array.isArray(b.userIds) ? b.userIds : [];
		const unknownInstalls = installIds.filter((id) => !store.installs.has(id));
		const unknownUsers = userIds.filter((id) => !store.users.has(id));
		if (unknownInstalls.length || unknownUsers.length) {
			const parts = [];
			if (unknownInstalls.length) parts.push(`install id(s): ${unknownInstalls.join(', ')}`);
			if (unknownUsers.length) parts.push(`user id(s): ${unknownUsers.join(', ')}`);
			const missing = {};
			if (unknownInstalls.length) missing.installIds = unknownInstalls;
			if (unknownUsers.length) missing.userIds = unknownUsers;
			return { status: 404, body: { message: `Non-existent ${parts.join('; ')}`, missing } };
		}
		for (const id of installIds) subscribe ? ch.installs.add(id) : ch.installs.delete(id);
		for (const id of userIds) subscribe ? ch.users.add(id) : ch.users.delete(id);
		return { status: 204 };
	}

	const routes = [
		{ method: 'POST', host: 'kumulos-links', url: '/v1/deep-links', handler: createLinks },
		{ method: 'POST', host: 'kumulos-push', url: '/notifications', handler: sendNotification },
		{
			method: 'GET',
			host: 'kumulos-push',
			url: '/notifications/:id/install-opens',
			handler(req) {
				const n = findNotification(req);
				if (!n) return err(req, 404, `Notification ${req.params.id} not found.`);
				return { status: 200, body: n.installOpens };
			},
		},
		{
			method: 'GET',
			host: 'kumulos-push',
			url: '/notifications/:id/user-opens',
			handler(req) {
				const n = findNotification(req);
				if (!n) return err(req, 404, `Notification ${req.params.id} not found.`);
				return { status: 200, body: n.userOpens };
			},
		},
		{
			method: 'GET',
			host: 'kumulos-push',
			url: '/channels',
			handler() {
				return { status: 200, body: [...store.channels.values()].map(channelShape) };
			},
		},
		{
			method: 'POST',
			host: 'kumulos-push',
			url: '/channels',
			handler(req) {
				const b = req.body;
				if (!U.isPlainObject(b)) return invalid(req, { body: ['The request body must be a JSON object.'] });
				const errors = validateChannel(b, null);
				if (Object.keys(errors).length > 0) return invalid(req, errors);
				const now = U.ymdHis(sb.now());
				const ch = {
					id: ++store.channelSeq,
					uuid: b.uuid,
					name: absent(b.name) ? null : b.name,
					showInPortal: b.showInPortal === true,
					meta: absent(b.meta) ? null : b.meta,
					createdAt: now,
					updatedAt: now,
					installs: new Set(),
					users: new Set(),
				};
				store.channels.set(ch.id, ch);
				store.channelUuids.set(ch.uuid, ch.id);
				return { status: 201, body: channelShape(ch) };
			},
		},
		{
			method: 'PUT',
			host: 'kumulos-push',
			url: '/channels/:id',
			handler(req) {
				const ch = findChannel(req);
				if (!ch) return err(req, 404, `Channel ${req.params.id} not found.`);
				const b = req.body;
				if (!U.isPlainObject(b)) return invalid(req, { body: ['The request body must be a JSON object.'] });
				const errors = validateChannel(b, ch);
				if (Object.keys(errors).length > 0) return invalid(req, errors);
				if (b.uuid !== undefined && b.uuid !== ch.uuid) {
					store.channelUuids.delete(ch.uuid);
					ch.uuid = b.uuid;
					store.channelUuids.set(ch.uuid, ch.id);
				}
				if (b.name !== undefined) ch.name = absent(b.name) ? null : b.name;
				if (b.showInPortal !== undefined && b.showInPortal !== null) ch.showInPortal = b.showInPortal;
				if (b.meta !== undefined) ch.meta = absent(b.meta) ? null : b.meta;
				ch.updatedAt = U.ymdHis(sb.now());
				return { status: 200, body: channelShape(ch) };
			},
		},
		{
			method: 'DELETE',
			host: 'kumulos-push',
			url: '/channels/:id',
			handler(req) {
				const ch = findChannel(req);
				if (!ch) return err(req, 404, `Channel ${req.params.id} not found.`);
				store.channels.delete(ch.id);
				store.channelUuids.delete(ch.uuid);
				return { status: 204 };
			},
		},
		{ method: 'POST', host: 'kumulos-push', url: '/channels/:id/subscriptions', handler: (req) => subscriptionChange(req, true) },
		{ method: 'DELETE', host: 'kumulos-push', url: '/channels/:id/subscriptions', handler: (req) => subscriptionChange(req, false) },
	];

	/**
	 * Records opens of a notification. `installIds` / `userIds` share one `openedAt`; `opens` gives each its
	 * own: [{ installId | userId, openedAt? }]. Returns the number added, or null for an unknown notification.
	 */
	function addOpens({ notificationId, installIds, userIds, openedAt, opens } = {}) {
		const n = store.notifications.get(Number(notificationId));
		if (!n) return null;
		const nowMs = sb.now();
		const list = [];
		const at = openedAtText(openedAt, nowMs);
		for (const id of idList(installIds, 'installIds')) list.push(['install', id, at]);
		for (const id of idList(userIds, 'userIds')) list.push(['user', id, at]);
		if (opens !== undefined && opens !== null) {
			if (!Array.isArray(opens)) throw adminError(400, 'opens must be an array');
			opens.forEach((o, i) => {
				const install = U.isPlainObject(o) && !absent(o.installId);
				const user = U.isPlainObject(o) && !absent(o.userId);
				if (install === user) throw adminError(400, `opens[${i}] must have one of installId or userId`);
				list.push(install ? ['install', String(o.installId), openedAtText(o.openedAt, nowMs)] : ['user', String(o.userId), openedAtText(o.openedAt, nowMs)]);
			});
		}
		for (const [kind, id, time] of list) addOpen(n, kind, id, time);
		return list.length;
	}

	/** Admin: register more installs / users. */
	function addInstalls({ installIds = [], userIds = [] } = {}) {
		for (const id of installIds) store.installs.add(String(id));
		for (const id of userIds) store.users.add(String(id));
		return { installs: store.installs.size, users: store.users.size };
	}

	function push() {
		return {
			notifications: [...store.notifications.values()].map((n) => ({
				...notificationShape(n),
				installOpens: n.installOpens.length,
				userOpens: n.userOpens.length,
			})),
			channels: [...store.channels.values()].map((ch) => ({
				...channelShape(ch),
				installIds: [...ch.installs],
				userIds: [...ch.users],
			})),
		};
	}

	function subscriptionCount() {
		let subscriptions = 0;
		for (const ch of store.channels.values()) subscriptions += ch.installs.size + ch.users.size;
		return subscriptions;
	}

	function linkStats() {
		const c = store.counters;
		return { created: c.created, stored: store.links.size, duplicates: c.duplicates, storedDuplicates: c.storedDuplicates, conflicts: c.conflicts };
	}

	return {
		routes,
		auth,
		extraHeaders: () => ({}),
		reset,
		linkStats,
		stateFields() {
			const c = store.counters;
			return { pushesSent: c.pushesSent, channels: store.channels.size, subscriptions: subscriptionCount(), opens: c.opens };
		},
		stats() {
			const c = store.counters;
			return {
				links: linkStats(),
				push: {
					pushesSent: c.pushesSent,
					channels: store.channels.size,
					subscriptions: subscriptionCount(),
					opens: c.opens,
					installOpens: c.installOpens,
					userOpens: c.userOpens,
					installs: store.installs.size,
					users: store.users.size,
				},
			};
		},
		links() {
			return [...store.links.values()].map(linkShape);
		},
		admin: [
			{ method: 'GET', url: '/_admin/push', handler: () => push() },
			{
				method: 'POST',
				url: '/_admin/installs',
				handler({ body }) {
					const b = body || {};
					for (const k of ['installIds', 'userIds']) {
						if (b[k] !== undefined && !Array.isArray(b[k])) throw adminError(400, `${k} must be an array`);
					}
					return addInstalls(b);
				},
			},
			{
				method: 'POST',
				url: '/_admin/opens',
				handler({ body }) {
					const b = U.isPlainObject(body) ? body : {};
					const added = addOpens(b);
					if (added === null) throw adminError(404, `Notification ${b.notificationId} not found`);
					return { added };
				},
			},
		],
		api: { push, addInstalls, addOpens },
	};
}

module.exports = defineProvider({
	id: 'kumulos',
	prefixes: { 'kumulos-links': 'https://links.kumulos.com', 'kumulos-push': 'https://push.kumulos.com' },
	constants: { KUMULOS_API_KEY, KUMULOS_SERVER_KEY },
	credentials: (base) => ({
		kumulosApi: {
			linksBaseUrl: `${base}/kumulos-links`,
			pushBaseUrl: `${base}/kumulos-push`,
			apiKey: KUMULOS_API_KEY,
			serverSecretKey: KUMULOS_SERVER_KEY,
		},
	}),
	defaultConfig: () => ({ domain: 'sandbox.lnk.click', maxLinksPerRequest: 500, seedInstalls: 50, seedUsers: 50 }),
	// Both Kumulos hosts share one account bucket.
	defaultLimits: () => ({ perSecond: null, perMinute: null }),
	error,
	redact: { headers: ['authorization'], fields: [] },
	messages: MESSAGES,
	invalidJson: () => ({
		status: 422,
		body: { message: INVALID, errors: { body: ['The request body must be valid JSON.'] } },
	}),
	create: createKumulos,
});
