'use strict';

/** The sandbox config: the shared part here, each provider's part from its module. */

const U = require('./util');

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

function coreFaults() {
	return {
		errorRate: 0,
		errorStatuses: [500, 502, 503],
		latencyMs: 0,
		resetRate: 0,
		slowMs: 0,
		onlyPaths: null,
		failNext: [],
		redirect: null,
	};
}

/** The default config for these provider modules. */
function defaultConfig(providers) {
	const limits = { enabled: true };
	for (const d of providers) limits[d.id] = { enabled: true, ...d.defaultLimits() };
	const config = { log: false, seed: 1, maxRecordedRequests: 5000, limits, faults: coreFaults() };
	for (const d of providers) config[d.id] = d.defaultConfig();
	return config;
}

function isRegexSource(v) {
	return v === null || v === undefined || typeof v === 'string' || v instanceof RegExp;
}

function checkRegex(v, name) {
	if (!isRegexSource(v)) throw new Error(`${name} must be a regular expression string`);
	if (typeof v === 'string') {
		try {
			new RegExp(v);
		} catch (e) {
			throw new Error(`${name} is not a valid regular expression: ${e.message}`);
		}
	}
}

/** Checks a failNext entry; returns it. */
function checkFailNext(e) {
	if (!U.isPlainObject(e)) throw new Error('failNext entries must be objects');
	if (e.path !== undefined && e.path !== null && typeof e.path !== 'string') throw new Error('failNext path must be a string (a URL prefix)');
	if (e.query !== undefined && e.query !== null && !U.isPlainObject(e.query)) {
		throw new Error('failNext query must be an object of query parameter values');
	}
	if (e.bodyIncludes !== undefined && typeof e.bodyIncludes !== 'string') throw new Error('failNext bodyIncludes must be a string');
	for (const k of ['nth', 'times']) {
		if (e[k] !== undefined && e[k] !== null && !(Number.isInteger(e[k]) && e[k] >= 1)) {
			throw new Error(`failNext ${k} must be a positive integer`);
		}
	}
	if (e.status !== undefined && !(Number.isInteger(e.status) && e.status >= 400 && e.status <= 599)) {
		throw new Error('failNext status must be an HTTP error status (400-599)');
	}
	return e;
}

function checkRedirect(r) {
	if (r === null || r === undefined || r === false) return;
	if (!U.isPlainObject(r)) throw new Error('faults.redirect must be an object or null');
	const status = r.status === undefined ? 302 : r.status;
	if (!REDIRECT_STATUSES.includes(status)) {
		throw new Error(`faults.redirect.status must be one of ${REDIRECT_STATUSES.join(', ')}`);
	}
	if (!U.isHttpUrl(r.location)) throw new Error('faults.redirect.location must be an absolute http(s) URL');
	checkRegex(r.paths, 'faults.redirect.paths');
	if (r.times !== undefined && r.times !== null && !(Number.isInteger(r.times) && r.times >= 1)) {
		throw new Error('faults.redirect.times must be a positive integer or null');
	}
	if (r.method !== undefined && r.method !== null && typeof r.method !== 'string') {
		throw new Error('faults.redirect.method must be a string');
	}
}

function checkLimits(limits, providers) {
	if (!U.isPlainObject(limits)) throw new Error('limits must be an object or a boolean');
	for (const d of providers) {
		const l = limits[d.id];
		if (!U.isPlainObject(l)) continue;
		for (const [k, v] of Object.entries(l)) {
			if (k === 'enabled' || !/^per|PerSecond|Per2Seconds/.test(k)) continue;
			if (v !== null && !(typeof v === 'number' && v >= 0)) throw new Error(`limits.${d.id}.${k} must be a non-negative number or null`);
		}
	}
}

/** Throws on an invalid value; returns the config. */
function normalizeConfig(cfg, providers) {
	const f = cfg.faults;
	for (const k of ['errorRate', 'resetRate']) {
		if (typeof f[k] !== 'number' || f[k] < 0 || f[k] > 1) throw new Error(`faults.${k} must be a number between 0 and 1`);
	}
	for (const k of ['latencyMs', 'slowMs']) {
		if (typeof f[k] !== 'number' || f[k] < 0) throw new Error(`faults.${k} must be a non-negative number`);
	}
	if (!Array.isArray(f.failNext)) throw new Error('faults.failNext must be an array');
	f.failNext.forEach(checkFailNext);
	if (!Array.isArray(f.errorStatuses) || f.errorStatuses.length === 0) {
		throw new Error('faults.errorStatuses must be a non-empty array');
	}
	checkRegex(f.onlyPaths, 'faults.onlyPaths');
	checkRedirect(f.redirect);
	checkLimits(cfg.limits, providers);
	for (const d of providers) d.validateConfig(cfg);
	return cfg;
}

/** Applies the `limits: false|true`, `limits: { provider: false|true }` and `faults: false` shorthands. */
function expandPartial(partial, providers) {
	if (!U.isPlainObject(partial)) return {};
	const out = { ...partial };
	if (out.limits === false || out.limits === true) out.limits = { enabled: out.limits };
	else if (U.isPlainObject(out.limits)) {
		out.limits = { ...out.limits };
		for (const d of providers) {
			if (out.limits[d.id] === false || out.limits[d.id] === true) out.limits[d.id] = { enabled: out.limits[d.id] };
		}
	}
	if (out.faults === false) {
		out.faults = { errorRate: 0, latencyMs: 0, resetRate: 0, slowMs: 0, onlyPaths: null, failNext: [], redirect: null };
	}
	return out;
}

module.exports = { defaultConfig, normalizeConfig, expandPartial, checkFailNext, REDIRECT_STATUSES };
