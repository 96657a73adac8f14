'use strict';

/** Small helpers shared by the sandbox providers. Node built-ins only. */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Deterministic PRNG (mulberry32). Returns a function giving floats in [0, 1). */
function createRng(seed) {
	let a = (Number(seed) >>> 0) || 0x9e3779b9;
	return function rng() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomString(rng, length, alphabet = ALNUM) {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
	return out;
}

/** The 10-character time part of a ULID (Crockford base32 of the epoch ms). */
function ulidTime(nowMs) {
	let time = '';
	let t = Math.floor(nowMs);
	for (let i = 0; i < 10; i++) {
		time = CROCKFORD[t % 32] + time;
		t = Math.floor(t / 32);
	}
	return time;
}

/** ULID-like id: 10 chars of time + 16 chars of randomness, Crockford base32. */
function ulid(nowMs, rng) {
	return ulidTime(nowMs) + randomString(rng, 16, CROCKFORD);
}

/** The next Crockford base32 string of the same length ("…0Z" → "…10"), as monotonic ULIDs increment. */
function incrementBase32(s) {
	const chars = s.split('');
	for (let i = chars.length - 1; i >= 0; i--) {
		const v = CROCKFORD.indexOf(chars[i]);
		if (v < 31) {
			chars[i] = CROCKFORD[v + 1];
			return chars.join('');
		}
		chars[i] = CROCKFORD[0];
	}
	throw new Error('base32 overflow');
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Stable JSON: object keys sorted, so equal payloads give equal strings. */
function canonical(value) {
	if (value === undefined) return 'null';
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
	const keys = Object.keys(value)
		.filter((k) => value[k] !== undefined)
		.sort();
	return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
}

function omit(obj, keys) {
	const out = {};
	for (const k of Object.keys(obj)) if (!keys.includes(k)) out[k] = obj[k];
	return out;
}

function isHttpUrl(value) {
	if (typeof value !== 'string' || value.length === 0) return false;
	try {
		const u = new URL(value);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

function isIsoDate(value) {
	if (typeof value !== 'string') return false;
	if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return false;
	return !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** "Y-m-d H:i:s" in UTC (Kumulos style). */
function ymdHis(ms) {
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/** "2017-01-01T00:00:00+0000" (Kumulos notification style). */
function isoNoMillis(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** "2025-03-19T13:31:31Z" (Adjust style). */
function isoSeconds(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deep merge of plain objects; arrays and scalars replace. `undefined` values are skipped. */
function deepMerge(target, source) {
	if (!isPlainObject(source)) return source === undefined ? target : source;
	const out = isPlainObject(target) ? { ...target } : {};
	for (const [k, v] of Object.entries(source)) {
		if (v === undefined) continue;
		out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : clone(v);
	}
	return out;
}

function clone(value) {
	if (value === null || typeof value !== 'object') return value;
	if (value instanceof RegExp) return value;
	return structuredClone(value);
}

function typeName(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

module.exports = {
	createRng,
	randomString,
	ulid,
	ulidTime,
	incrementBase32,
	isPlainObject,
	canonical,
	omit,
	isHttpUrl,
	isIsoDate,
	ymdHis,
	isoNoMillis,
	isoSeconds,
	sleep,
	deepMerge,
	clone,
	typeName,
	ALNUM,
	CROCKFORD,
};
