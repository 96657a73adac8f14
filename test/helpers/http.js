// Requests in tests: no real network, fresh throttles, and one recorder of what a nock provider receives
// (helpers/requests.js: the record and the views assertions take of it). Every file that mocks a provider with
// nock calls `isolateRequests()` once, at its top level or in a describe:
//
//   const { log, provider, expectRequest } = isolateRequests();
//   expectRequest(ORIGINS.adjust, 'POST', '/engage/deep-links', [200, { url }]);
//   provider(ORIGINS.push).post('/notifications').delay(5000).reply(201, {});   // any nock chain, recorded too
//   expect(sent(log, HEADERS)).toEqual([{ method: 'POST', path: '/engage/deep-links', headers: {…}, body: {…} }]);
const nock = require('nock');
const { resetThrottles } = require('../../dist/nodes/shared/transport');
const { ORIGINS } = require('./credentials');
const { requestRecord, sent, bodies, HEADERS } = require('./requests');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * `scope` (a nock scope), recording into `log` every request any of its interceptors receives, as it arrives
 * (before it is answered, so also one whose answer is held or never comes).
 */
function recorded(scope, log) {
	scope.on('request', (req, _interceptor, body) => log.push(requestRecord(req.method, req.path, req.headers, body)));
	return scope;
}

/**
 * A nock reply function for `answer(request, number)`: the request as recorded (the last entry of `log`, which
 * nock's `request` event wrote just before calling the reply) and its number in the log; it returns
 * `[status, body, headers]`.
 */
const answering = (log, answer) => () => answer(log[log.length - 1], log.length - 1);

/**
 * Registers, for the tests of the file (or describe) it is called in: before each, no real network (a request
 * nothing intercepts fails), fresh throttles and an empty `log`; after each, no interceptor left (with
 * `abortPending`, the answers still held by `.delay()` are aborted first, so their timers do not keep jest
 * waiting).
 *
 * Returns `{ log, provider, expectRequest, recordingProvider }`, all recording into `log`:
 * - `provider(origin, options)`: `nock(origin, options)`, recorded;
 * - `expectRequest(origin, method, path, reply, { query, times })`: intercepts `times` (1) requests to exactly
 *   `path` (any query string with `query: true`); `reply` is `[status, body, headers]`, or
 *   `(request, number) => [status, body, headers]`;
 * - `recordingProvider(origin, answer)`: answers every request to `origin` (any method, path and query) with
 *   `answer(request, number)`, for the whole test.
 */
function isolateRequests({ abortPending = false } = {}) {
	const log = [];
	beforeEach(() => {
		log.length = 0;
		nock.disableNetConnect();
		resetThrottles();
	});
	afterEach(() => {
		if (abortPending) nock.abortPendingRequests();
		nock.cleanAll();
		nock.enableNetConnect();
	});
	const provider = (origin, options) => recorded(nock(origin, options), log);
	const expectRequest = (origin, method, path, reply, { query = false, times = 1 } = {}) => {
		const interceptor = provider(origin).intercept(path, method);
		if (query) interceptor.query(true);
		interceptor.times(times);
		return typeof reply === 'function' ? interceptor.reply(answering(log, reply)) : interceptor.reply(...reply);
	};
	return { log, provider, expectRequest, recordingProvider: (origin, answer) => recordingProvider(origin, answer, log) };
}

/**
 * A provider at `origin` that answers every request (any method, path and query, for the rest of the test) with
 * `answer(request, number)`, `[status, body, headers]`, recording each into `log`.
 */
function recordingProvider(origin, answer, log) {
	const scope = recorded(nock(origin), log).persist();
	for (const method of METHODS) scope[method](() => true).query(true).reply(answering(log, answer));
}

/**
 * For the tests of the file (or describe): before each, a `recordingProvider` at `ORIGINS[name]` for each
 * `name: answer` of `answers`, each recording into its own log. Returns `{ name: log }`; the logs are emptied
 * before each test.
 */
function recordingProviders(answers) {
	const logs = Object.fromEntries(Object.keys(answers).map((name) => [name, []]));
	beforeEach(() => {
		for (const [name, answer] of Object.entries(answers)) {
			logs[name].length = 0;
			recordingProvider(ORIGINS[name], answer, logs[name]);
		}
	});
	return logs;
}

module.exports = { isolateRequests, recordingProviders, sent, bodies, HEADERS };
