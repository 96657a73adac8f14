// Shared by the secret-leak tests: a provider that echoes everything it was sent (the worst case for a
// leak), a serializer that keeps every property of errors, n8n's logger captured, and the check itself.
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');
const { secretValues } = require('./credentials');

/** Everything a request carried: headers (auth included), URL and body. */
const echoed = (req, uri, body) => `${JSON.stringify(req.headers)} ${uri} ${JSON.stringify(body)}`;

/** A nock reply of `status` that echoes the request in every provider's error envelope. */
const echo = (status) =>
	function (uri, body) {
		const everything = echoed(this.req, uri, body);
		return [status, { error: { message: everything, code: status }, error_desc: everything, message: everything, errors: { slug: [everything], '0.slug': [everything] } }];
	};

/** A socket error whose message carries every secret, as a careless lower layer might. */
const socketError = (code, message) => Object.assign(new Error(`${message} ${secretValues.join(' ')}`), { code });

/** A 429 asking for a wait far beyond what the node accepts, echoing the request. */
const rateLimitedTooLong = (scope) =>
	scope.reply(429, function (uri, body) { return { message: echoed(this.req, uri, body) }; }, { 'Retry-After': '9999' });

/** Serializes everything, errors with all their own properties (message, description, context, cause…). */
function dump(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function (key, current) {
		if (current && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) return Object.fromEntries(Object.getOwnPropertyNames(current).map((name) => [name, current[name]]));
		}
		return current;
	});
}

/** Captures every line n8n's logger is given during the test file; returns the (growing) list. */
function captureLogs() {
	const lines = [];
	beforeAll(() => {
		const logger = Container.get(Logger);
		for (const level of ['error', 'warn', 'info', 'debug']) jest.spyOn(logger, level).mockImplementation((...args) => lines.push(dump(args)));
	});
	return lines;
}

/** Every way a request can fail, each against the echoing provider; 5xx and resets repeat past the retries. */
const failurePaths = {
	'401 echoing the request': (scope) => scope.reply(echo(401)),
	'409 echoing the request': (scope) => scope.reply(echo(409)),
	'422 echoing the request': (scope) => scope.reply(echo(422)),
	'5xx echoing the request': (scope) => scope.times(6).reply(echo(503)),
	'429 for too long': rateLimitedTooLong,
	'connection reset': (scope) => scope.times(6).replyWithError(socketError('ECONNRESET', 'socket hang up')),
	'connection refused': (scope) => scope.times(6).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
	'non-JSON answer': (scope) => scope.times(2).reply(function (uri, body) { return [500, `<html>${echoed(this.req, uri, body)}</html>`]; }),
};

const expectNoSecret = (text) => {
	for (const secret of secretValues) expect(text).not.toContain(secret);
};

module.exports = { echoed, echo, socketError, rateLimitedTooLong, failurePaths, dump, captureLogs, expectNoSecret };
