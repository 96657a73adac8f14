'use strict';

/**
 * Local HTTP emulator ("sandbox") of the Adjust, Branch, Kumulos (deep links + push v1) and
 * Shortify APIs, one fastify server, one path prefix per provider host:
 *
 *   /adjust         → https://automate.adjust.com
 *   /branch         → https://api2.branch.io
 *   /kumulos-links  → https://links.kumulos.com
 *   /kumulos-push   → https://push.kumulos.com
 *   /shortify       → https://api.shortify.com
 *   /_admin         → sandbox admin API (no auth)
 *
 * See sandbox/README.md.
 */

const Fastify = require('fastify');
const C = require('./lib/constants');
const U = require('./lib/util');
const createAdjust = require('./providers/adjust');
const createBranch = require('./providers/branch');
const createKumulos = require('./providers/kumulos');
const createShortify = require('./providers/shortify');

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

const ADJUST_CODES = { 400: 'validation_error', 401: 'auth_error', 403: 'auth_error', 422: 'validation_error' };
const SHORTIFY_CODES = {
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
const KUMULOS_MESSAGES = {
	401: 'Unauthorized',
	404: 'Not Found',
	429: 'Too Many Attempts.',
	500: 'Server Error',
	503: 'Service Unavailable',
};

/** Provider error bodies: { status, body, headers }. */
function errorResult(provider, req, status, message, extra = {}) {
	let body;
	switch (provider) {
		case 'adjust':
			body = {
				error_code: extra.code || ADJUST_CODES[status] || (status >= 500 ? 'service_error' : 'request_error'),
				error_desc: message,
			};
			if (extra.details) body.error_desc_details = extra.details;
			break;
		case 'branch':
			body = { error: { message, code: status } };
			break;
		case 'kumulos':
			body = { message };
			break;
		case 'shortify':
			body = {
				success: false,
				error: { code: extra.code || SHORTIFY_CODES[status] || 'error', message },
				requestId: req && req.requestId,
			};
			if (extra.field) body.error.field = extra.field;
			break;
		default:
			body = { error: message };
	}
	return { status, body, headers: extra.headers };
}

const RATE_MESSAGES = {
	adjust: 'Rate limit exceeded: too many requests, wait for the rate limit window to reset',
	branch: 'Rate limit exceeded',
	kumulos: KUMULOS_MESSAGES[429],
	shortify: 'Rate limit exceeded, retry later',
};

/** Fixed-window counters per provider bucket. */
class Limiter {
	constructor(getConfig, now) {
		this.getConfig = getConfig;
		this.now = now;
		this.windows = new Map();
	}

	reset() {
		this.windows.clear();
	}

	windowsFor(provider, bucket) {
		const limits = this.getConfig().limits;
		if (!limits || limits.enabled === false) return [];
		const l = limits[provider];
		if (!l || l.enabled === false) return [];
		const kind = bucket.split(':')[0];
		let list;
		if (kind === 'account') {
			list = [
				[l.perSecond, 1000],
				[l.perMinute, 60000],
				[l.perHour, 3600000],
			];
		} else if (kind === 'create') list = [[l.createPerSecondPerApp, 1000]];
		else if (kind === 'bulk') list = [[l.bulkPer2Seconds, 2000]];
		else list = [];
		return list.filter(([limit]) => typeof limit === 'number' && limit > 0);
	}

	/** Counts the request against all buckets; returns 0, or the ms to wait when a window is full. */
	take(provider, buckets) {
		const now = this.now();
		const hits = [];
		let wait = 0;
		for (const bucket of buckets) {
			for (const [limit, windowMs] of this.windowsFor(provider, bucket)) {
				const key = `${provider}|${bucket}|${windowMs}`;
				let w = this.windows.get(key);
				if (!w || now - w.start >= windowMs) {
					w = { start: now, count: 0 };
					this.windows.set(key, w);
				}
				if (w.count >= limit) wait = Math.max(wait, w.start + windowMs - now);
				else hits.push(w);
			}
		}
		if (wait > 0) return wait;
		for (const w of hits) w.count++;
		return 0;
	}
}

const REDACT_HEADERS = new Set(['authorization', 'api-key', 'access-token', 'proxy-authorization', 'cookie']);

function redactHeaders(headers) {
	const out = {};
	for (const [k, v] of Object.entries(headers)) {
		if (!REDACT_HEADERS.has(k)) out[k] = v;
		else if (k === 'authorization' && typeof v === 'string') out[k] = `${v.split(' ')[0]} [redacted]`;
		else out[k] = '[redacted]';
	}
	return out;
}

function redactUrl(url) {
	return url.includes('branch_secret=') ? url.replace(/(branch_secret=)[^&]*/g, '$1[redacted]') : url;
}

function redactBody(body) {
	if (U.isPlainObject(body) && body.branch_secret !== undefined) return { ...body, branch_secret: '[redacted]' };
	return body;
}

function firstSegment(url) {
	const rest = url.slice(1);
	const i = rest.search(/[/?#]/);
	return i < 0 ? rest : rest.slice(0, i);
}

function normalizeConfig(cfg) {
	const f = cfg.faults;
	for (const k of ['errorRate', 'resetRate']) {
		if (typeof f[k] !== 'number' || f[k] < 0 || f[k] > 1) throw new Error(`faults.${k} must be a number between 0 and 1`);
	}
	for (const k of ['latencyMs', 'slowMs']) {
		if (typeof f[k] !== 'number' || f[k] < 0) throw new Error(`faults.${k} must be a non-negative number`);
	}
	if (!Array.isArray(f.failNext)) throw new Error('faults.failNext must be an array');
	if (!Array.isArray(f.errorStatuses) || f.errorStatuses.length === 0) {
		throw new Error('faults.errorStatuses must be a non-empty array');
	}
	if (f.onlyPaths !== null && f.onlyPaths !== undefined && typeof f.onlyPaths !== 'string' && !(f.onlyPaths instanceof RegExp)) {
		throw new Error('faults.onlyPaths must be a regular expression string');
	}
	if (!['active', 'inactive'].includes(cfg.adjust.contractStatus)) {
		throw new Error('adjust.contractStatus must be "active" or "inactive"');
	}
	return cfg;
}

/** Applies `limits: false|true` and `limits: { provider: false|true }` shorthands. */
function expandPartial(partial) {
	if (!U.isPlainObject(partial)) return {};
	const out = { ...partial };
	if (out.limits === false || out.limits === true) out.limits = { enabled: out.limits };
	else if (U.isPlainObject(out.limits)) {
		out.limits = { ...out.limits };
		for (const p of C.PROVIDERS) {
			if (out.limits[p] === false || out.limits[p] === true) out.limits[p] = { enabled: out.limits[p] };
		}
	}
	if (out.faults === false) {
		out.faults = { errorRate: 0, latencyMs: 0, resetRate: 0, slowMs: 0, onlyPaths: null, failNext: [] };
	}
	return out;
}

/**
 * Creates a sandbox. Nothing listens until `start()`.
 * @param {object} [options] partial config (see README), plus `now` (() => ms) for a fake clock.
 */
function createSandbox(options = {}) {
	const { now: nowOption, ...configOptions } = options || {};
	const initialConfig = normalizeConfig(U.deepMerge(C.defaultConfig(), expandPartial(configOptions)));
	let config = U.deepMerge({}, initialConfig);
	let onlyPathsRe = null;
	let app = null;
	let baseUrl = null;

	const sb = {
		get config() {
			return config;
		},
		now: typeof nowOption === 'function' ? nowOption : Date.now,
		idRng: null,
		faultRng: null,
		error: errorResult,
	};

	const limiter = new Limiter(() => config, () => sb.now());
	const providers = {
		adjust: createAdjust(sb),
		branch: createBranch(sb),
		kumulos: createKumulos(sb),
		shortify: createShortify(sb),
	};

	let counters;
	let records;
	let recordSeq;

	function compileFaults() {
		const p = config.faults.onlyPaths;
		onlyPathsRe = p ? (p instanceof RegExp ? p : new RegExp(p)) : null;
	}

	function resetState() {
		sb.idRng = U.createRng(config.seed * 7919 + 17);
		sb.faultRng = U.createRng(config.seed);
		counters = {
			total: 0,
			other: 0,
			byProvider: Object.fromEntries(C.PROVIDERS.map((p) => [p, { total: 0, byRoute: {} }])),
			byStatus: {},
			rateLimited: { total: 0, byProvider: Object.fromEntries(C.PROVIDERS.map((p) => [p, 0])) },
			faults: { injected5xx: 0, resets: 0, scripted: 0, slowResponses: 0, delayedRequests: 0 },
		};
		records = [];
		recordSeq = 0;
		limiter.reset();
		for (const p of Object.values(providers)) p.reset();
		compileFaults();
	}

	/**
	 * Resets all state (links, counters, rate windows, recorded requests). By default the config
	 * goes back to the options given to createSandbox(); pass { keepConfig: true } to keep it.
	 */
	function reset({ keepConfig = false } = {}) {
		if (!keepConfig) config = U.deepMerge({}, initialConfig);
		resetState();
	}

	/** Merges a partial config (same shape as the options). Returns the resulting config. */
	function configure(partial = {}) {
		const expanded = expandPartial(partial);
		const next = normalizeConfig(U.deepMerge(config, expanded));
		const seedChanged = expanded.seed !== undefined && expanded.seed !== config.seed;
		config = next;
		compileFaults();
		if (seedChanged) {
			sb.faultRng = U.createRng(config.seed);
		}
		if (U.isPlainObject(expanded.adjust)) {
			if (expanded.adjust.quotaRemaining !== undefined && expanded.adjust.quotaRemaining !== null) {
				providers.adjust.setQuotaRemaining(expanded.adjust.quotaRemaining);
			} else if (expanded.adjust.quotaLimit !== undefined) {
				const q = providers.adjust.quotaInfo();
				if (q.remaining > config.adjust.quotaLimit) providers.adjust.setQuotaRemaining(config.adjust.quotaLimit);
			}
		}
		return getConfig();
	}

	function getConfig() {
		const c = U.deepMerge({}, config);
		if (c.faults.onlyPaths instanceof RegExp) c.faults.onlyPaths = c.faults.onlyPaths.source;
		return c;
	}

	/** Queues one-shot scripted faults. */
	function failNext(...entries) {
		for (const e of entries.flat()) {
			if (!U.isPlainObject(e)) throw new Error('failNext entries must be objects');
			config.faults.failNext.push({ ...e });
		}
		return config.faults.failNext.length;
	}

	resetState();

	/* ---------------------------------------------------------------- state */

	function getState() {
		const s = Object.fromEntries(C.PROVIDERS.map((p) => [p, providers[p].stats()]));
		const linkStats = {
			adjust: s.adjust,
			branch: s.branch,
			kumulos: s.kumulos.links,
			shortify: s.shortify,
		};
		return {
			requests: {
				total: counters.total,
				other: counters.other,
				byProvider: U.clone(counters.byProvider),
			},
			responses: { byStatus: { ...counters.byStatus } },
			rateLimited: U.clone(counters.rateLimited),
			faults: { ...counters.faults, pendingFailNext: config.faults.failNext.length },
			linksCreated: Object.fromEntries(C.PROVIDERS.map((p) => [p, linkStats[p].created])),
			linksStored: Object.fromEntries(C.PROVIDERS.map((p) => [p, linkStats[p].stored])),
			duplicates: Object.fromEntries(C.PROVIDERS.map((p) => [p, linkStats[p].duplicates])),
			storedDuplicates: Object.fromEntries(C.PROVIDERS.map((p) => [p, linkStats[p].storedDuplicates])),
			conflicts: Object.fromEntries(C.PROVIDERS.map((p) => [p, linkStats[p].conflicts])),
			dedupHits: { adjust: s.adjust.dedupHits },
			idempotentReplays: s.shortify.idempotentReplays,
			pushesSent: s.kumulos.push.pushesSent,
			channels: s.kumulos.push.channels,
			subscriptions: s.kumulos.push.subscriptions,
			opens: s.kumulos.push.opens,
			providers: { adjust: s.adjust, branch: s.branch, kumulos: s.kumulos, shortify: s.shortify },
		};
	}

	function getRequests({ provider, limit } = {}) {
		let list = provider ? records.filter((r) => r.provider === provider) : records;
		const n = limit === undefined || limit === null || limit === '' ? 100 : Number(limit);
		if (Number.isFinite(n) && n >= 0) list = n === 0 ? [] : list.slice(-n);
		return list;
	}

	function getLinks(provider) {
		if (provider) {
			if (!providers[provider]) throw new Error(`Unknown provider "${provider}"`);
			return providers[provider].links();
		}
		return Object.fromEntries(C.PROVIDERS.map((p) => [p, providers[p].links()]));
	}

	/* ---------------------------------------------------------------- request pipeline */

	function faultsApply(url) {
		return onlyPathsRe ? onlyPathsRe.test(url) : true;
	}

	function pushRecord(entry) {
		const max = config.maxRecordedRequests;
		if (!(max > 0)) return;
		records.push(entry);
		if (records.length > max + Math.max(1, max >> 2)) records = records.slice(-max);
	}

	function buildReq(request, provider) {
		const ctx = request.sbx || {};
		const url = request.url;
		const q = url.indexOf('?');
		return {
			method: request.method,
			url,
			path: q >= 0 ? url.slice(0, q) : url,
			query: request.query || {},
			params: request.params || {},
			headers: request.headers,
			body: request.body,
			rawBytes: request.rawBytes || 0,
			provider,
			requestId: ctx.requestId,
		};
	}

	function countStatus(request, status, outcome) {
		const ctx = request.sbx;
		counters.byStatus[status] = (counters.byStatus[status] || 0) + 1;
		if (status === 429 && ctx && ctx.provider) {
			counters.rateLimited.total++;
			counters.rateLimited.byProvider[ctx.provider]++;
		}
		if (ctx && ctx.entry) {
			ctx.entry.status = status;
			if (outcome) ctx.entry.outcome = outcome;
			ctx.entry.durationMs = Math.round((performance.now() - ctx.start) * 100) / 100;
		}
	}

	async function send(request, reply, req, result, outcome) {
		const provider = req.provider;
		const status = result.status;
		const headers = { ...(provider ? providers[provider].extraHeaders(req) : {}), ...(result.headers || {}) };
		countStatus(request, status, outcome);
		if (config.faults.slowMs > 0 && faultsApply(request.url)) {
			counters.faults.slowResponses++;
			return trickle(reply, status, headers, result.body, config.faults.slowMs);
		}
		reply.code(status);
		reply.headers(headers);
		if (status === 204 || result.body === undefined) return reply.send();
		return reply.send(result.body);
	}

	/** Sends the headers at once, then the body in pieces over `totalMs`. */
	async function trickle(reply, status, headers, body, totalMs) {
		reply.hijack();
		const raw = reply.raw;
		const payload =
			status === 204 || body === undefined
				? Buffer.alloc(0)
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
		const out = { ...headers, 'content-length': String(payload.length) };
		if (payload.length) out['content-type'] = 'application/json; charset=utf-8';
		raw.writeHead(status, out);
		if (typeof raw.flushHeaders === 'function') raw.flushHeaders();
		const pieces = Math.max(1, Math.min(10, payload.length));
		const step = Math.ceil(payload.length / pieces);
		const delay = totalMs / pieces;
		for (let i = 0; i < pieces; i++) {
			await U.sleep(delay);
			if (raw.destroyed) return;
			const chunk = payload.subarray(i * step, (i + 1) * step);
			if (chunk.length) raw.write(chunk);
		}
		raw.end();
	}

	function destroy(request, reply, outcome) {
		counters.faults.resets++;
		const ctx = request.sbx;
		if (ctx && ctx.entry) {
			ctx.entry.status = null;
			ctx.entry.outcome = outcome;
		}
		reply.hijack();
		request.raw.socket.destroy();
	}

	function takeScripted(request) {
		const queue = config.faults.failNext;
		if (queue.length === 0) return null;
		const idx = queue.findIndex(
			(e) =>
				(!e.method || String(e.method).toUpperCase() === request.method) &&
				(!e.path || request.url.startsWith(e.path)),
		);
		if (idx < 0) return null;
		const entry = queue[idx];
		const times = Number.isInteger(entry.times) && entry.times > 1 ? entry.times : 1;
		if (times > 1) entry.times = times - 1;
		else queue.splice(idx, 1);
		return entry;
	}

	function applyScripted(request, reply, req, entry) {
		counters.faults.scripted++;
		const outcome = entry.afterProcessing ? 'processed-then-failed' : 'scripted';
		if (entry.reset) return destroy(request, reply, `${outcome}:reset`);
		const status = entry.status || 500;
		const base = errorResult(req.provider, req, status, messageFor(req.provider, status));
		const headers = { ...(entry.headers || {}) };
		if (status === 429 && !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')) {
			headers['Retry-After'] = '1';
			headers['retry-after-ms'] = '1000';
		}
		if (status >= 500) counters.faults.injected5xx++;
		return send(
			request,
			reply,
			req,
			{ status, body: entry.body !== undefined ? entry.body : base.body, headers },
			outcome,
		);
	}

	function messageFor(provider, status) {
		if (status === 429) return RATE_MESSAGES[provider];
		if (provider === 'kumulos' && KUMULOS_MESSAGES[status]) return KUMULOS_MESSAGES[status];
		return STATUS_TEXT[status] || `HTTP ${status}`;
	}

	function wrap(provider, spec) {
		const p = providers[provider];
		const authFn = spec.auth || p.auth;
		return async function sandboxHandler(request, reply) {
			const ctx = request.sbx;
			if (ctx && ctx.entry) ctx.entry.body = redactBody(request.body);
			const req = buildReq(request, provider);

			const scripted = takeScripted(request);
			if (scripted && !scripted.afterProcessing) return applyScripted(request, reply, req, scripted);

			const f = config.faults;
			if ((f.resetRate > 0 || f.errorRate > 0) && faultsApply(request.url)) {
				if (f.resetRate > 0 && sb.faultRng() < f.resetRate) return destroy(request, reply, 'reset');
				if (f.errorRate > 0 && sb.faultRng() < f.errorRate) {
					const status = f.errorStatuses[Math.floor(sb.faultRng() * f.errorStatuses.length)];
					counters.faults.injected5xx++;
					return send(request, reply, req, errorResult(provider, req, status, messageFor(provider, status)), 'injected');
				}
			}

			const authFailure = authFn(req);
			if (authFailure) return send(request, reply, req, authFailure, 'auth');

			const buckets = spec.buckets ? spec.buckets(req) : ['account'];
			if (buckets.length) {
				const wait = limiter.take(provider, buckets);
				if (wait > 0) {
					const result = errorResult(provider, req, 429, RATE_MESSAGES[provider]);
					result.headers = {
						'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
						'retry-after-ms': String(Math.max(1, Math.ceil(wait))),
					};
					return send(request, reply, req, result, 'rate_limited');
				}
			}

			const result = await spec.handler(req);
			if (scripted) return applyScripted(request, reply, req, scripted);
			return send(request, reply, req, result);
		};
	}

	/* ---------------------------------------------------------------- fastify app */

	function buildApp() {
		const fastify = Fastify({
			logger: Boolean(config.log),
			bodyLimit: 50 * 1024 * 1024,
			routerOptions: { maxParamLength: 2000, ignoreTrailingSlash: true },
			forceCloseConnections: true,
		});
		fastify.decorateRequest('sbx', null);
		fastify.decorateRequest('rawBytes', 0);

		fastify.removeAllContentTypeParsers();
		fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, buf, done) => {
			request.rawBytes = buf.length;
			if (buf.length === 0) return done(null, undefined);
			const text = buf.toString('utf8');
			try {
				return done(null, JSON.parse(text));
			} catch {
				const ct = String(request.headers['content-type'] || '');
				if (ct === '' || /json/i.test(ct)) {
					const e = new Error('Request body is not valid JSON');
					e.statusCode = 400;
					e.code = 'SBX_INVALID_JSON';
					return done(e);
				}
				return done(null, text);
			}
		});

		fastify.addHook('onResponse', async (request) => {
			const provider = request.sbx && request.sbx.provider;
			if (provider) counters.byProvider[provider].lastResponseAt = performance.timeOrigin + performance.now();
		});

		fastify.addHook('onRequest', async (request) => {
			const url = request.url;
			const seg = firstSegment(url);
			if (seg === '_admin') return;
			const provider = C.PREFIXES[seg] || null;
			const route = request.routeOptions && request.routeOptions.url ? request.routeOptions.url : '(unmatched)';
			counters.total++;
			if (provider) {
				const pc = counters.byProvider[provider];
				pc.total++;
				// Epoch milliseconds with a fraction, comparable across processes: when this provider's work began.
				pc.firstRequestAt ??= performance.timeOrigin + performance.now();
				const key = `${request.method} ${route}`;
				pc.byRoute[key] = (pc.byRoute[key] || 0) + 1;
			} else counters.other++;
			const entry = {
				id: ++recordSeq,
				at: new Date(sb.now()).toISOString(),
				provider,
				method: request.method,
				url: redactUrl(url),
				route,
				headers: redactHeaders(request.headers),
				body: undefined,
				status: null,
				outcome: null,
				durationMs: null,
			};
			pushRecord(entry);
			request.sbx = {
				provider,
				entry,
				start: performance.now(),
				requestId: provider === 'shortify' ? `req_${U.ulid(sb.now(), Math.random)}` : undefined,
			};
			if (provider && config.faults.latencyMs > 0 && faultsApply(url)) {
				counters.faults.delayedRequests++;
				await U.sleep(config.faults.latencyMs);
			}
		});

		fastify.setNotFoundHandler((request, reply) => {
			const provider = request.sbx && request.sbx.provider;
			if (!provider) {
				if (request.sbx) countStatus(request, 404);
				return reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url}` });
			}
			const req = buildReq(request, provider);
			if (request.sbx.entry) request.sbx.entry.body = redactBody(request.body);
			return send(request, reply, req, errorResult(provider, req, 404, messageFor(provider, 404)));
		});

		fastify.setErrorHandler((error, request, reply) => {
			const provider = request.sbx && request.sbx.provider;
			let status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
			if (status >= 500 && config.log) request.log.error(error);
			if (!provider) return reply.code(status).send({ error: error.message });
			const req = buildReq(request, provider);
			let result;
			// Header-based auth is checked before the body is looked at.
			const authFailure = error.code === 'SBX_INVALID_JSON' ? providers[provider].auth(req) : null;
			if (authFailure) {
				result = authFailure;
			} else if (error.code === 'SBX_INVALID_JSON') {
				if (provider === 'kumulos') {
					result = { status: 422, body: { message: 'The given data was invalid.', errors: { body: ['The request body must be valid JSON.'] } } };
				} else if (provider === 'shortify') {
					result = errorResult(provider, req, 400, 'Request body is not valid JSON', { code: 'invalid_json' });
				} else if (provider === 'adjust') {
					result = errorResult(provider, req, 400, 'Request body is not valid JSON', {
						code: 'validation_error',
						details: [{ field: 'body', message: 'is not valid JSON' }],
					});
				} else result = errorResult(provider, req, 400, 'Request body is not valid JSON');
			} else if (status === 413) {
				result = errorResult(provider, req, 413, 'Request payload too large');
			} else if (status < 500) {
				result = errorResult(provider, req, status, error.message);
			} else {
				status = 500;
				result = errorResult(provider, req, 500, messageFor(provider, 500));
			}
			return send(request, reply, req, result, 'error');
		});

		for (const p of Object.values(providers)) {
			for (const spec of p.routes) {
				fastify.route({ method: spec.method, url: spec.url, handler: wrap(p.id, spec) });
			}
		}

		registerAdmin(fastify);
		return fastify;
	}

	function registerAdmin(fastify) {
		const bad = (reply, message) => reply.code(400).send({ error: message });
		fastify.get('/_admin/state', async () => getState());
		fastify.get('/_admin/config', async () => getConfig());
		fastify.post('/_admin/config', async (request, reply) => {
			try {
				return configure(request.body || {});
			} catch (e) {
				return bad(reply, e.message);
			}
		});
		fastify.post('/_admin/reset', async (request) => {
			reset(U.isPlainObject(request.body) ? request.body : {});
			return { ok: true };
		});
		fastify.get('/_admin/requests', async (request, reply) => {
			const { provider, limit } = request.query;
			if (provider && !C.PROVIDERS.includes(provider)) return bad(reply, `Unknown provider "${provider}"`);
			const list = getRequests({ provider, limit });
			return { count: list.length, requests: list };
		});
		fastify.get('/_admin/links', async (request, reply) => {
			const { provider } = request.query;
			if (provider && !C.PROVIDERS.includes(provider)) return bad(reply, `Unknown provider "${provider}"`);
			const links = getLinks(provider);
			return provider ? { provider, count: links.length, links } : links;
		});
		fastify.get('/_admin/push', async () => providers.kumulos.push());
		fastify.post('/_admin/installs', async (request, reply) => {
			const b = request.body || {};
			for (const k of ['installIds', 'userIds']) {
				if (b[k] !== undefined && !Array.isArray(b[k])) return bad(reply, `${k} must be an array`);
			}
			return providers.kumulos.addInstalls(b);
		});
		fastify.post('/_admin/opens', async (request, reply) => {
			const b = request.body || {};
			const added = providers.kumulos.addOpens(b);
			if (added === null) return reply.code(404).send({ error: `Notification ${b.notificationId} not found` });
			return { added };
		});
		fastify.post('/_admin/fail-next', async (request, reply) => {
			try {
				return { pending: failNext(request.body) };
			} catch (e) {
				return bad(reply, e.message);
			}
		});
	}

	/* ---------------------------------------------------------------- public API */

	return {
		async start({ port = 0, host = '127.0.0.1' } = {}) {
			if (app) throw new Error('Sandbox already started');
			app = buildApp();
			await app.listen({ port, host });
			const address = app.server.address();
			const hostForUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
			baseUrl = `http://${hostForUrl}:${address.port}`;
			return { url: baseUrl, port: address.port };
		},
		async stop() {
			if (!app) return;
			const a = app;
			app = null;
			await a.close();
		},
		reset,
		configure,
		failNext,
		get config() {
			return getConfig();
		},
		get url() {
			return baseUrl;
		},
		/** Counters snapshot (same as GET /_admin/state). */
		get state() {
			return getState();
		},
		requests: getRequests,
		links: getLinks,
		push: () => providers.kumulos.push(),
		addInstalls: (ids) => providers.kumulos.addInstalls(ids),
		addOpens: (opens) => providers.kumulos.addOpens(opens),
		setShortifyClicks: (id, clicks) => providers.shortify.setClicks(id, clicks),
		credentials(url = baseUrl) {
			return credentials(url);
		},
	};
}

/** Ready-made credential values (keyed by the node package's credential types). */
function credentials(url) {
	if (!url) throw new Error('credentials(baseUrl): base URL required (start the sandbox first)');
	const base = url.replace(/\/+$/, '');
	return {
		adjustApi: { baseUrl: `${base}/adjust`, apiToken: C.ADJUST_API_TOKEN },
		branchApi: {
			baseUrl: `${base}/branch`,
			branchKey: C.BRANCH_KEY,
			branchSecret: C.BRANCH_SECRET,
			accessToken: C.BRANCH_ACCESS_TOKEN,
			appId: C.BRANCH_APP_ID,
		},
		kumulosApi: {
			linksBaseUrl: `${base}/kumulos-links`,
			pushBaseUrl: `${base}/kumulos-push`,
			apiKey: C.KUMULOS_API_KEY,
			serverSecretKey: C.KUMULOS_SERVER_KEY,
		},
		shortifyApi: { baseUrl: `${base}/shortify`, apiKey: C.SHORTIFY_API_KEY },
	};
}

module.exports = {
	createSandbox,
	credentials,
	defaultConfig: C.defaultConfig,
	ADJUST_API_TOKEN: C.ADJUST_API_TOKEN,
	BRANCH_KEY: C.BRANCH_KEY,
	BRANCH_SECRET: C.BRANCH_SECRET,
	BRANCH_ACCESS_TOKEN: C.BRANCH_ACCESS_TOKEN,
	BRANCH_APP_ID: C.BRANCH_APP_ID,
	KUMULOS_API_KEY: C.KUMULOS_API_KEY,
	KUMULOS_SERVER_KEY: C.KUMULOS_SERVER_KEY,
	SHORTIFY_API_KEY: C.SHORTIFY_API_KEY,
};
