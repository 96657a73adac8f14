// What a request carried, as the server (a nock provider, helpers/http.js, or a real one, helpers/catcher.js)
// received it, and the views request assertions take of it.

/** The body as the provider received it: parsed when sent as JSON (as nock parses it), else the text; undefined when empty. */
function parseBody(headers, text) {
	if (text === undefined || text === '') return undefined;
	if (!String(headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * What one request carried, as the server received it: method, path (with the query string, as sent), query
 * (parsed), every header (lower-case names), body (see parseBody) and arrival time (`at`, Date.now()).
 */
function requestRecord(method, path, headers, bodyText) {
	const search = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
	return { method, path, query: Object.fromEntries(new URLSearchParams(search)), headers: { ...headers }, body: parseBody(headers, bodyText), at: Date.now() };
}

/** The headers most request assertions look at: the credential's, the body's type, what is asked for, the idempotency key. */
const HEADERS = ['authorization', 'api-key', 'content-type', 'accept', 'idempotency-key'];

const pick = (headers, names) => Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));

/**
 * The recorded requests as assertions compare them: `{ method, path, body }`, and, when `headerNames` are given,
 * `headers` with those of them that were sent. An assertion names the headers it checks, so n8n's own
 * (user-agent, content-length, …) never break it, and a named header that was not sent is checked absent.
 */
const sent = (log, headerNames) =>
	log.map(({ method, path, headers, body }) => ({ method, path, ...(headerNames ? { headers: pick(headers, headerNames) } : {}), body }));

/** The recorded request bodies, in order. */
const bodies = (log) => log.map((request) => request.body);

module.exports = { requestRecord, sent, bodies, HEADERS };
