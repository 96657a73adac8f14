'use strict';

/**
 * Local HTTP emulator ("sandbox") of provider APIs, one fastify server, one path prefix per provider host:
 *
 *   /adjust         → https://automate.adjust.com
 *   /branch         → https://api2.branch.io
 *   /kumulos-links  → https://links.kumulos.com
 *   /kumulos-push   → https://push.kumulos.com
 *   /shortify       → https://api.shortify.com
 *   /_admin         → sandbox admin API (no auth)
 *
 * This file is generic: each provider is a module in providers/ (listed in providers/index.js) that owns
 * its routes, auth, error envelope, rate-limit buckets, statistics and credentials. Here they are wired to
 * the shared request pipeline: recording, fault injection, the sliding-window limiter and the admin API.
 *
 * See sandbox/README.md.
 */

const Fastify = require('fastify');
const C = require('./lib/constants');
const U = require('./lib/util');
const PROVIDER_MODULES = require('./providers');
const { normalizeConfig, expandPartial, checkFailNext } = require('./lib/config');
const { SlidingWindowLimiter, perWindows } = require('./lib/limiter');

const MODULES = Object.fromEntries(PROVIDER_MODULES.map((d) => [d.id, d]));
const PROVIDERS = C.PROVIDERS;

/** Headers and body / query fields never recorded in clear: the usual ones plus each provider's secrets. */
const REDACT_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const REDACT_FIELDS = new Set();
for (const d of PROVIDER_MODULES) {
	for (const h of d.redact.headers) REDACT_HEADERS.add(h.toLowerCase());
	for (const f of d.redact.fields) REDACT_FIELDS.add(f);
}
// Field names are plain identifiers (e.g. branch_secret): no regex escaping needed.
const REDACT_QUERY = REDACT_FIELDS.size ? new RegExp(`([?&](?:${[...REDACT_FIELDS].join('|')})=)[^&]*`, 'g') : null;

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
	return REDACT_QUERY ? url.replace(REDACT_QUERY, '$1[redacted]') : url;
}

function redactBody(body) {
	if (!U.isPlainObject(body) || !Object.keys(body).some((k) => REDACT_FIELDS.has(k))) return body;
	const out = { ...body };
	for (const k of Object.keys(out)) if (REDACT_FIELDS.has(k)) out[k] = '[redacted]';
	return out;
}

function firstSegment(url) {
	const rest = url.slice(1);
	const i = rest.search(/[/?#]/);
	return i < 0 ? rest : rest.slice(0, i);
}

const toRegex = (p) => (p ? (p instanceof RegExp ? p : new RegExp(p)) : null);

/**
 * Creates a sandbox. Nothing listens until `start()`.
 * @param {object} [options] partial config (see README), plus `now` (() => ms) for a fake clock.
 */
function createSandbox(options = {}) {
	const { now: nowOption, ...configOptions } = options || {};
	const initialConfig = normalizeConfig(
		U.deepMerge(C.defaultConfig(), expandPartial(configOptions, PROVIDER_MODULES)),
		PROVIDER_MODULES,
	);
	let config = U.deepMerge({}, initialConfig);
	let onlyPathsRe = null;
	let redirectRe = null;
	let app = null;
	let baseUrl = null;

	/** What provider instances see of the sandbox. */
	const sb = {
		get config() {
			return config;
		},
		now: typeof nowOption === 'function' ? nowOption : Date.now,
		idRng: null,
		faultRng: null,
	};

	const limiter = new SlidingWindowLimiter(() => sb.now());
	const providers = Object.fromEntries(PROVIDER_MODULES.map((d) => [d.id, d.create(sb)]));

	const providerApi = {};
	for (const id of PROVIDERS) {
		for (const [name, fn] of Object.entries(providers[id].api || {})) {
			if (providerApi[name]) throw new Error(`Two providers define the sandbox method "${name}"`);
			providerApi[name] = fn;
		}
	}

	let counters;
	let records;
	let recordSeq;

	function compileFaults() {
		onlyPathsRe = toRegex(config.faults.onlyPaths);
		redirectRe = config.faults.redirect ? toRegex(config.faults.redirect.paths) : null;
	}

	function resetState() {
		sb.idRng = U.createRng(config.seed * 7919 + 17);
		sb.faultRng = U.createRng(config.seed);
		counters = {
			total: 0,
			other: 0,
			byProvider: Object.fromEntries(PROVIDERS.map((p) => [p, { total: 0, byRoute: {} }])),
			byStatus: {},
			rateLimited: { total: 0, byProvider: Object.fromEntries(PROVIDERS.map((p) => [p, 0])) },
			faults: { injected5xx: 0, resets: 0, scripted: 0, slowResponses: 0, delayedRequests: 0, redirects: 0 },
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
		const expanded = expandPartial(partial, PROVIDER_MODULES);
		const next = normalizeConfig(U.deepMerge(config, expanded), PROVIDER_MODULES);
		const seedChanged = expanded.seed !== undefined && expanded.seed !== config.seed;
		config = next;
		compileFaults();
		if (seedChanged) sb.faultRng = U.createRng(config.seed);
		for (const id of PROVIDERS) {
			if (U.isPlainObject(expanded[id]) && providers[id].configure) providers[id].configure(expanded[id]);
		}
		return getConfig();
	}

	function getConfig() {
		const c = U.deepMerge({}, config);
		if (c.faults.onlyPaths instanceof RegExp) c.faults.onlyPaths = c.faults.onlyPaths.source;
		if (c.faults.redirect && c.faults.redirect.paths instanceof RegExp) c.faults.redirect.paths = c.faults.redirect.paths.source;
		return c;
	}

	/** Queues scripted faults. */
	function failNext(...entries) {
		const list = entries.flat().map((e) => ({ ...checkFailNext(e) }));
		config.faults.failNext.push(...list);
		return config.faults.failNext.length;
	}

	resetState();

	/* ---------------------------------------------------------------- state */

	function getState() {
		const links = Object.fromEntries(PROVIDERS.map((p) => [p, providers[p].linkStats()]));
		const pick = (k) => Object.fromEntries(PROVIDERS.map((p) => [p, links[p][k]]));
		let extra = {};
		for (const p of PROVIDERS) extra = U.deepMerge(extra, (providers[p].stateFields?.() ?? {}));
		return {
			requests: {
				total: counters.total,
				other: counters.other,
				byProvider: U.clone(counters.byProvider),
			},
			responses: { byStatus: { ...counters.byStatus } },
			rateLimited: U.clone(counters.rateLimited),
			faults: { ...counters.faults, pendingFailNext: config.faults.failNext.length },
			linksCreated: pick('created'),
			linksStored: pick('stored'),
			duplicates: pick('duplicates'),
			storedDuplicates: pick('storedDuplicates'),
			conflicts: pick('conflicts'),
			...extra,
			providers: Object.fromEntries(PROVIDERS.map((p) => [p, providers[p].stats?.() ?? {}])),
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
		return Object.fromEntries(PROVIDERS.map((p) => [p, providers[p].links()]));
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

	async function send(request, reply, req, result, outcome, { providerHeaders = true } = {}) {
		const provider = req.provider;
		const headers = {
			...(provider && providerHeaders ? (providers[provider].extraHeaders?.(req) ?? {}) : {}),
			...(result.headers || {}),
		};
		const status = result.status;
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

	function scriptedMatches(e, request) {
		if (e.method && String(e.method).toUpperCase() !== request.method) return false;
		if (e.path && !request.url.startsWith(e.path)) return false;
		if (e.query) {
			const q = request.query || {};
			for (const [k, v] of Object.entries(e.query)) if (q[k] === undefined || String(q[k]) !== String(v)) return false;
		}
		if (e.bodyIncludes && !JSON.stringify(request.body ?? null).includes(e.bodyIncludes)) return false;
		return true;
	}

	/**
	 * The scripted fault for this request, if any: the first matching entry that is due. An entry with
	 * `nth` counts the matching requests (in `seen`) and is due from the nth one on.
	 */
	function takeScripted(request) {
		const queue = config.faults.failNext;
		if (queue.length === 0) return null;
		let idx = -1;
		for (let i = 0; i < queue.length; i++) {
			const e = queue[i];
			if (!scriptedMatches(e, request)) continue;
			if (Number.isInteger(e.nth) && e.nth > 1 && !(e.seen >= e.nth)) {
				e.seen = (e.seen || 0) + 1;
				if (e.seen < e.nth) continue;
			}
			if (idx < 0) idx = i;
		}
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
		const base = errorFor(req, status);
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

	/** The redirect fault for this request, if configured and matching; counts down `times`. */
	function takeRedirect(request) {
		const r = config.faults.redirect;
		if (!r) return null;
		if (r.method && String(r.method).toUpperCase() !== request.method) return null;
		if (redirectRe && !redirectRe.test(request.url)) return null;
		if (Number.isInteger(r.times)) {
			if (r.times <= 1) {
				config.faults.redirect = null;
				redirectRe = null;
			} else r.times--;
		}
		let location = r.location;
		if (r.preservePath) location = location.replace(/\/+$/, '') + request.url;
		return { status: r.status || 302, location };
	}

	/** A generic error of this status in the provider's envelope. */
	function errorFor(req, status) {
		const d = MODULES[req.provider];
		return d.error(req, status, d.message(status));
	}

	function windowsFor(provider, buckets) {
		const limits = config.limits;
		if (!limits || limits.enabled === false) return [];
		const l = limits[provider];
		if (!l || l.enabled === false) return [];
		const out = [];
		for (const bucket of buckets) {
			const pairs = bucket === 'account' ? perWindows(l) : MODULES[provider].windows(l, bucket) || [];
			for (const [limit, windowMs] of pairs) {
				if (typeof limit === 'number' && limit > 0) out.push([`${provider}|${bucket}`, Math.max(1, Math.floor(limit)), windowMs]);
			}
		}
		return out;
	}

	function wrap(provider, spec) {
		const p = providers[provider];
		const d = MODULES[provider];
		const authFn = spec.auth || p.auth;
		return async function sandboxHandler(request, reply) {
			const ctx = request.sbx;
			if (ctx && ctx.entry) ctx.entry.body = redactBody(request.body);
			const req = buildReq(request, provider);

			const scripted = takeScripted(request);
			if (scripted && !scripted.afterProcessing) return applyScripted(request, reply, req, scripted);

			const redirect = takeRedirect(request);
			if (redirect) {
				counters.faults.redirects++;
				return send(request, reply, req, { status: redirect.status, headers: { Location: redirect.location } }, 'redirect', {
					providerHeaders: false,
				});
			}

			const f = config.faults;
			if ((f.resetRate > 0 || f.errorRate > 0) && faultsApply(request.url)) {
				if (f.resetRate > 0 && sb.faultRng() < f.resetRate) return destroy(request, reply, 'reset');
				if (f.errorRate > 0 && sb.faultRng() < f.errorRate) {
					const status = f.errorStatuses[Math.floor(sb.faultRng() * f.errorStatuses.length)];
					counters.faults.injected5xx++;
					return send(request, reply, req, errorFor(req, status), 'injected');
				}
			}

			const authFailure = authFn(req);
			if (authFailure) return send(request, reply, req, authFailure, 'auth');

			const buckets = spec.buckets ? spec.buckets(req) : ['account'];
			const wait = buckets.length ? limiter.take(windowsFor(provider, buckets)) : 0;
			if (wait > 0) {
				const result = d.error(req, 429, d.rateLimitMessage);
				result.headers = {
					'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
					'retry-after-ms': String(Math.max(1, Math.ceil(wait))),
				};
				return send(request, reply, req, result, 'rate_limited');
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
			const d = provider && MODULES[provider];
			request.sbx = {
				provider,
				entry,
				start: performance.now(),
				requestId: d && d.requestId ? d.requestId(sb.now()) : undefined,
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
			return send(request, reply, req, errorFor(req, 404));
		});

		fastify.setErrorHandler((error, request, reply) => {
			const provider = request.sbx && request.sbx.provider;
			let status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
			if (status >= 500 && config.log) request.log.error(error);
			if (!provider) return reply.code(status).send({ error: error.message });
			const d = MODULES[provider];
			const req = buildReq(request, provider);
			let result;
			// Header-based auth is checked before the body is looked at.
			const authFailure = error.code === 'SBX_INVALID_JSON' ? providers[provider].auth(req) : null;
			if (authFailure) result = authFailure;
			else if (error.code === 'SBX_INVALID_JSON') result = d.invalidJson(req);
			else if (status === 413) result = d.error(req, 413, 'Request payload too large');
			else if (status < 500) result = d.error(req, status, error.message);
			else {
				status = 500;
				result = errorFor(req, 500);
			}
			return send(request, reply, req, result, 'error');
		});

		for (const d of PROVIDER_MODULES) {
			for (const spec of providers[d.id].routes) {
				const prefix = spec.host || d.prefixNames[0];
				if (!d.prefixes[prefix]) throw new Error(`${d.id}: route ${spec.url} names an unknown host "${prefix}"`);
				fastify.route({ method: spec.method, url: `/${prefix}${spec.url}`, handler: wrap(d.id, spec) });
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
			if (provider && !PROVIDERS.includes(provider)) return bad(reply, `Unknown provider "${provider}"`);
			const list = getRequests({ provider, limit });
			return { count: list.length, requests: list };
		});
		fastify.get('/_admin/links', async (request, reply) => {
			const { provider } = request.query;
			if (provider && !PROVIDERS.includes(provider)) return bad(reply, `Unknown provider "${provider}"`);
			const links = getLinks(provider);
			return provider ? { provider, count: links.length, links } : links;
		});
		fastify.post('/_admin/fail-next', async (request, reply) => {
			try {
				return { pending: failNext(request.body) };
			} catch (e) {
				return bad(reply, e.message);
			}
		});
		// Each provider's own admin routes.
		for (const id of PROVIDERS) {
			for (const route of providers[id].admin || []) {
				fastify.route({
					method: route.method,
					url: route.url,
					handler: async (request, reply) => {
						try {
							return await route.handler({ body: request.body, query: request.query || {} });
						} catch (e) {
							if (!e.statusCode) throw e;
							return reply.code(e.statusCode).send({ error: e.message });
						}
					},
				});
			}
		}
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
		/** Provider methods: push, addInstalls, addOpens (Kumulos); setShortifyClicks, addShortifyLinks (Shortify). */
		...providerApi,
		credentials(url = baseUrl) {
			return credentials(url);
		},
	};
}

/** Ready-made credential values (keyed by the node package's credential types). */
function credentials(url) {
	if (!url) throw new Error('credentials(baseUrl): base URL required (start the sandbox first)');
	const base = url.replace(/\/+$/, '');
	return Object.assign({}, ...PROVIDER_MODULES.map((d) => d.credentials(base)));
}

const CONSTANTS = Object.assign({}, ...PROVIDER_MODULES.map((d) => d.constants));

module.exports = {
	createSandbox,
	credentials,
	defaultConfig: C.defaultConfig,
	...CONSTANTS,
};
