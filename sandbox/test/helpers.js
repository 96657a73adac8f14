'use strict';

const S = require('../server');

/** HTTP helpers bound to one sandbox base URL (a function, so it can be read after start()). */
function client(getBase) {
	async function call(method, path, { headers = {}, body, redirect = 'manual' } = {}) {
		const init = { method, headers: { ...headers }, redirect };
		if (body !== undefined) {
			init.body = JSON.stringify(body);
			init.headers['content-type'] = 'application/json';
		}
		const res = await fetch(getBase() + path, init);
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		return { status: res.status, headers: res.headers, body: json };
	}
	const basic = `Basic ${Buffer.from(`${S.KUMULOS_API_KEY}:${S.KUMULOS_SERVER_KEY}`).toString('base64')}`;
	return {
		call,
		admin: (method, path, body) => call(method, `/_admin${path}`, { body }),
		adjust: (method, path, body) =>
			call(method, `/adjust/engage/deep-links${path}`, { headers: { authorization: `Bearer ${S.ADJUST_API_TOKEN}` }, body }),
		branch: (method, path, body, headers = {}) => call(method, `/branch${path}`, { headers, body }),
		push: (method, path, body) => call(method, `/kumulos-push${path}`, { headers: { authorization: basic }, body }),
		shortify: (method, path, body, headers = {}) =>
			call(method, `/shortify/v1/deep-links${path}`, { headers: { 'api-key': S.SHORTIFY_API_KEY, ...headers }, body }),
	};
}

/** Counts statuses: { 200: 5, 429: 5 }. */
const tally = (responses) => {
	const out = {};
	for (const r of responses) out[r.status] = (out[r.status] || 0) + 1;
	return out;
};

module.exports = { client, tally };
