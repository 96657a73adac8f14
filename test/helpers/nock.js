const nock = require('nock');

/**
 * Intercepts one request and records exactly what the provider received.
 * `reply` is [status, body, headers].
 */
function expectRequest(origin, method, path, reply, log) {
	return nock(origin)
		.intercept(path, method)
		.reply(function (uri, body) {
			log.push({
				method: this.req.method,
				path: uri,
				headers: {
					authorization: this.req.headers.authorization,
					'api-key': this.req.headers['api-key'],
					'content-type': this.req.headers['content-type'],
					accept: this.req.headers.accept,
					'idempotency-key': this.req.headers['idempotency-key'],
				},
				body,
			});
			return reply;
		});
}

/** Drops undefined header slots, so assertions list only what was sent. */
const sent = (log) =>
	log.map((entry) => ({
		...entry,
		headers: Object.fromEntries(Object.entries(entry.headers).filter(([, value]) => value !== undefined)),
	}));

module.exports = { expectRequest, sent };
