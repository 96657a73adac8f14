// Transport behaviours, each through the real n8n engine and n8n-core's httpRequestWithAuthentication,
// with nock as the provider. Pure helpers (parsers, throttle maths) are tested directly.
const nock = require('nock');
const path = require('node:path');
const { runNode, providerSpec } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests } = require('../helpers/http');

const dist = (file) => require(path.resolve(__dirname, '../../dist/nodes/shared', file));
const { parseRetryAfter, backoffDelay, DEFAULT_RETRY_POLICY, redact, SlidingWindow, Throttle, acquire } = dist('transport');
const { parseAdjustQuota, quotaExhaustionReason } = dist('providers/adjust/quota');
const parseProviderError = (provider, status, body) => providerSpec(provider).parseError(status, body);

const send = (provider, request, extra = {}) =>
	runNode({
		node: { type: 'test.transport', name: 'Transport', parameters: { provider, request: JSON.stringify(request), ...extra } },
		credentials,
	});

const { log, provider } = isolateRequests();

describe('auth and host', () => {
	test('each provider is authenticated by its credential type', async () => {
		const adjust = nock(ORIGINS.adjust, { reqheaders: { authorization: authHeader.adjust } }).get('/engage/deep-links/quota').reply(200, { limit: 1 });
		const kumulos = nock(ORIGINS.push, { reqheaders: { authorization: authHeader.kumulos } }).get('/channels').reply(200, []);
		const shortify = nock(ORIGINS.shortify, { reqheaders: { 'api-key': authHeader.shortify } }).get('/v1/deep-links').reply(200, { data: [] });
		const branch = nock(ORIGINS.branch).get('/v1/url').query({ url: 'https://x.app.link/a', branch_key: credentials.branchApi.branchKey }).reply(200, { data: {} });
		expect((await send('adjust', { method: 'GET', path: '/engage/deep-links/quota' })).items[0].json.body).toEqual({ limit: 1 });
		expect((await send('kumulos', { method: 'GET', host: 'push', path: '/channels' })).items[0].json.body).toEqual([]);
		expect((await send('shortify', { method: 'GET', path: '/v1/deep-links' })).items[0].json.statusCode).toBe(200);
		expect((await send('branch', { method: 'GET', path: '/v1/url', qs: { url: 'https://x.app.link/a' } })).items[0].json.statusCode).toBe(200);
		for (const scope of [adjust, kumulos, shortify, branch]) expect(scope.isDone()).toBe(true);
	});

	test('a non-https Base URL is refused before any request; loopback http is allowed', async () => {
		const refused = await runNode({
			node: { type: 'test.transport', name: 'Transport', parameters: { provider: 'adjust', request: JSON.stringify({ method: 'GET', path: '/engage/deep-links/quota' }) } },
			credentials: { ...credentials, adjustApi: { ...credentials.adjustApi, baseUrl: 'http://evil.example.com' } },
		});
		expect(refused.error.message).toBe("The Adjust credential's Base URL is not allowed: plain http:// is only accepted for localhost, 127.x.x.x or [::1]");
		const local = nock('http://127.0.0.1:4010').get('/engage/deep-links/quota').reply(200, { ok: true });
		const allowed = await runNode({
			node: { type: 'test.transport', name: 'Transport', parameters: { provider: 'adjust', request: JSON.stringify({ method: 'GET', path: '/engage/deep-links/quota' }) } },
			credentials: { ...credentials, adjustApi: { ...credentials.adjustApi, baseUrl: 'http://127.0.0.1:4010/' } },
		});
		expect(allowed.items[0].json.body).toEqual({ ok: true });
		expect(local.isDone()).toBe(true);
	});
});

describe('retries', () => {
	test('429 with Retry-After in seconds is retried after the wait', async () => {
		const scope = nock(ORIGINS.shortify)
			.get('/v1/deep-links').reply(429, { error: { code: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '1' })
			.get('/v1/deep-links').reply(200, { data: [] });
		const started = Date.now();
		const { items } = await send('shortify', { method: 'GET', path: '/v1/deep-links' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(items[0].json).toEqual({ statusCode: 200, body: { data: [] }, attempts: 2 });
		expect(scope.isDone()).toBe(true);
	});

	test('429 with Retry-After as an HTTP date, and with retry-after-ms', async () => {
		expect(parseRetryAfter({ 'Retry-After': new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString() }, Date.UTC(2030, 0, 1))).toBe(5000);
		expect(parseRetryAfter({ 'retry-after-ms': '250' })).toBe(250);
		expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
		expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
		expect(parseRetryAfter({})).toBeUndefined();

		const scope = nock(ORIGINS.adjust)
			.get('/engage/deep-links/quota').reply(429, { error_code: 'request_error', error_desc: 'Too many requests' }, { 'retry-after-ms': '300' })
			.get('/engage/deep-links/quota').reply(200, { limit: 5 });
		const started = Date.now();
		const { items } = await send('adjust', { method: 'GET', path: '/engage/deep-links/quota' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(items[0].json.attempts).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	test('429 is retried even for a POST without an idempotency key', async () => {
		const scope = nock(ORIGINS.branch)
			.post('/v1/url').reply(429, { error: { message: 'Rate limit', code: 429 } }, { 'Retry-After': '0' })
			.post('/v1/url').reply(200, { url: 'https://x.app.link/1' });
		const { items } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' } });
		expect(items[0].json).toEqual({ statusCode: 200, body: { url: 'https://x.app.link/1' }, attempts: 2 });
		expect(scope.isDone()).toBe(true);
	});

	test('a 429 that says how long to wait does not use up Max Retries: a shared window may refuse a request several times', async () => {
		const scope = nock(ORIGINS.branch)
			.post('/v1/url').times(4).reply(429, { error: { message: 'Rate limit', code: 429 } }, { 'retry-after-ms': '1' })
			.post('/v1/url').reply(200, { url: 'https://x.app.link/1' });
		const { items } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' }, retry: { maxRetries: 1 } });
		expect(items[0].json).toEqual({ statusCode: 200, body: { url: 'https://x.app.link/1' }, attempts: 5 });
		expect(scope.isDone()).toBe(true);
	});

	test('a refused request does not hold a place in the window: the provider did not count it', async () => {
		// One POST per 10 minutes: had the 429 kept its place, the repeat would wait 10 minutes.
		const scope = nock(ORIGINS.branch)
			.post('/v1/url').reply(429, { error: { message: 'Rate limit', code: 429 } }, { 'retry-after-ms': '1' })
			.post('/v1/url').reply(200, { url: 'https://x.app.link/1' });
		const { items } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' }, rateLimits: { post: [{ limit: 1, intervalMs: 600_000 }] } });
		expect(items[0].json).toEqual({ statusCode: 200, body: { url: 'https://x.app.link/1' }, attempts: 2 });
		expect(scope.isDone()).toBe(true);
	});

	test('a 429 without Retry-After uses up Max Retries; Max Retries 0 sends nothing again', async () => {
		const limited = nock(ORIGINS.branch).post('/v1/url').times(2).reply(429, { error: { message: 'Rate limit', code: 429 } });
		const { error } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' }, retry: { maxRetries: 1, baseDelayMs: 1 } });
		expect(limited.isDone()).toBe(true);
		expect(error.description).toBe('Branch kept rate limiting after 2 attempts and 1 s of waiting. Run it again later or send fewer requests.');

		const once = nock(ORIGINS.branch).post('/v1/url').reply(429, { error: { message: 'Rate limit', code: 429 } }, { 'retry-after-ms': '1' });
		const unsent = nock(ORIGINS.branch).post('/v1/url').reply(200, { url: 'https://x.app.link/1' });
		const off = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' }, retry: { maxRetries: 0 } });
		expect(once.isDone()).toBe(true);
		expect(unsent.isDone()).toBe(false);
		nock.cleanAll();
		expect(off.error.description).toBe('Branch kept rate limiting after 1 attempt. Run it again later or send fewer requests.');
	});

	test('a Retry-After longer than the node waits fails at once with the wait named', async () => {
		// An hour's sleep would outlast the test's timeout: these calls return without waiting.
		const limited = nock(ORIGINS.shortify).get('/v1/deep-links').reply(429, { error: { code: 'rate_limited', message: 'Daily limit reached' } }, { 'Retry-After': '3600' });
		const { error } = await send('shortify', { method: 'GET', path: '/v1/deep-links' });
		expect(limited.isDone()).toBe(true);
		expect(error.message).toBe('Shortify returned 429: Daily limit reached');
		expect(error.description).toBe('Shortify asked to wait 3600 s, longer than the 120 s this node waits. Run it again later.');

		// The next request on this credential fails at once too, instead of sleeping for an hour, and is not sent.
		const unsent = nock(ORIGINS.shortify).get('/v1/deep-links').reply(200, { data: [] });
		const again = await send('shortify', { method: 'GET', path: '/v1/deep-links' });
		expect(unsent.isDone()).toBe(false);
		nock.cleanAll();
		expect(again.error.message).toBe('Shortify returned 429: rate limited: Shortify asked to pause requests for this credential');
		expect(again.error.description).toMatch(/^Shortify asked to wait about 360\d s more, longer than the 120 s this node waits\. Run it again later\.$/);
	});

	test('backoff is exponential, jittered within [half, full] and capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(0, policy, () => 0)).toBe(50);
		expect(backoffDelay(0, policy, () => 1)).toBe(100);
		expect(backoffDelay(2, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
		expect(backoffDelay(10, policy, () => 0)).toBe(500);
	});

	test('5xx is retried for a GET', async () => {
		const scope = nock(ORIGINS.shortify)
			.get('/v1/deep-links/link_1').reply(503, { error: { code: 'unavailable', message: 'Try again' } })
			.get('/v1/deep-links/link_1').reply(200, { data: { id: 'link_1' } });
		const { items } = await send('shortify', { method: 'GET', path: '/v1/deep-links/link_1' });
		expect(items[0].json.attempts).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	test('5xx on a POST without idempotency key is not repeated, and says the outcome is unknown', async () => {
		const scope = nock(ORIGINS.branch).post('/v1/url').reply(502, 'Bad Gateway');
		const { error } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' } });
		expect(scope.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
		expect(error.message).toBe('Branch returned 502: Bad Gateway; outcome unknown: Branch may have processed it, so it was not sent again');
		expect(error.description).toBe('Branch may or may not have processed this POST request. It was not sent again, because a repeat could create a duplicate. Check in Branch before running it again.');
		expect(error.context.outcomeUnknown).toBe(true);
	});

	test('5xx on a POST with an idempotency key is retried with the same key', async () => {
		const scope = provider(ORIGINS.shortify)
			.post('/v1/deep-links').reply(500, { error: { code: 'internal', message: 'Oops' } })
			.post('/v1/deep-links').reply(201, { success: true, data: { id: 'link_1' } });
		const { items } = await send('shortify', { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1' }, idempotencyKey: 'key-123' });
		expect(items[0].json.attempts).toBe(2);
		expect(log.map((request) => request.headers['idempotency-key'])).toEqual(['key-123', 'key-123']);
		expect(scope.isDone()).toBe(true);
	});

	test('a connection reset is retried for a GET but not for a POST', async () => {
		const socketHangUp = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const reset = nock(ORIGINS.push).get('/channels').replyWithError(socketHangUp());
		const get = nock(ORIGINS.push).get('/channels').reply(200, [{ id: 1 }]);
		const ok = await send('kumulos', { method: 'GET', host: 'push', path: '/channels' });
		expect(ok.items[0].json).toEqual({ statusCode: 200, body: [{ id: 1 }], attempts: 2 });
		expect(reset.isDone() && get.isDone()).toBe(true);

		const post = nock(ORIGINS.push).post('/notifications').replyWithError(socketHangUp());
		const { error } = await send('kumulos', { method: 'POST', host: 'push', path: '/notifications', body: { broadcast: true, title: 't', message: 'm' } });
		expect(post.isDone()).toBe(true);
		expect(error.message).toBe('Kumulos: the connection was lost before an answer arrived; outcome unknown: Kumulos may have processed it, so it was not sent again');
		expect(error.description).toBe('Network error: ECONNRESET. Kumulos may or may not have processed this POST request. It was not sent again, because a repeat could create a duplicate. Check in Kumulos before running it again.');
		expect(error.context.outcomeUnknown).toBe(true);
	});
});

describe('error mapping', () => {
	test.each([
		['adjust', 400, { error_code: 'validation_error', error_desc: 'redirect is not a valid URL', error_desc_details: [{ field: 'redirect' }] }, { message: 'redirect is not a valid URL', code: 'validation_error', field: 'redirect' }],
		['branch', 409, { error: { message: 'Alias conflict', code: 409 } }, { message: 'Alias conflict', code: '409' }],
		['branch', 400, { error: 'Invalid type' }, { message: 'Invalid type' }],
		['kumulos', 422, { message: 'The given data was invalid.', errors: { '0.slug': ['The slug has already been taken.'] } }, { message: 'The given data was invalid. 0.slug: The slug has already been taken.', field: 'slug' }],
		['kumulos', 422, { title: ['The title field is required.'] }, { message: 'title: The title field is required.', field: 'title' }],
		['shortify', 409, { success: false, error: { code: 'key_conflict', message: 'Key taken', field: 'key' }, requestId: 'req_1' }, { message: 'Key taken', code: 'key_conflict', field: 'key', requestId: 'req_1' }],
		['shortify', 500, '<html>oops</html>', { message: '<html>oops</html>' }],
	])('%s %i error body', (provider, status, body, expected) => {
		expect(parseProviderError(provider, status, body)).toEqual(expected);
	});

	test('a provider error becomes a NodeApiError with the provider message, field and hint', async () => {
		nock(ORIGINS.adjust).post('/engage/deep-links').reply(400, { error_code: 'validation_error', error_desc: 'redirect is not a valid URL', error_desc_details: [{ field: 'redirect' }] });
		const { error } = await send('adjust', { method: 'POST', path: '/engage/deep-links', body: { link_token: 'abc' }, idempotent: true });
		expect(error.message).toBe('Adjust returned 400: redirect is not a valid URL (field "redirect")');
		expect(error.httpCode).toBe('400');
		expect(error.context.field).toBe('redirect');
	});

	test('credential values are redacted from provider messages', async () => {
		nock(ORIGINS.shortify).get('/v1/deep-links').reply(401, { error: { code: 'unauthorized', message: `Invalid API key ${credentials.shortifyApi.apiKey}` } });
		const { error } = await send('shortify', { method: 'GET', path: '/v1/deep-links' });
		expect(error.message).toBe('Shortify returned 401: Invalid API key [redacted]');
		expect(redact('a sk_1234 b', ['sk_1234'])).toBe('a [redacted] b');
	});
});

describe('throttle', () => {
	/** Sends at `now` when every throttle lets it go; returns whether it went. */
	const trySend = (throttles, now) => {
		if (Math.max(...throttles.map((throttle) => throttle.waitAt(now))) > 0) return false;
		// Answered at once: each slot frees a window after the send.
		for (const throttle of throttles) throttle.record(now)(now);
		return true;
	};

	test('a sliding window frees a slot one interval (kept 2 ms longer) after its answer', () => {
		const window = new SlidingWindow({ limit: 3, intervalMs: 1000 });
		for (let i = 0; i < 3; i++) {
			window.record();
			window.settle(0);
		}
		expect(window.waitAt(0)).toBe(1002);
		expect(window.waitAt(1000)).toBe(2);
		expect(window.waitAt(1002)).toBe(0);
	});

	test('a slot is held while its request is under way: a late answer (a stalled loop, a slow network) frees it late', () => {
		const window = new SlidingWindow({ limit: 2, intervalMs: 1000 });
		window.record();
		window.record();
		expect(window.waitAt(0)).toBe(Infinity);
		// Both sent at 0; one answered at 10, the other at 400: the provider may have counted it as late as 400.
		window.settle(400);
		window.settle(10);
		expect(window.waitAt(1000)).toBe(12);
		window.record();
		expect(window.waitAt(1012)).toBe(390);
		expect(window.waitAt(1402)).toBe(0);
	});

	test('acquire waits for an answer when every slot is under way, then sends', async () => {
		const throttle = new Throttle([{ limit: 1, intervalMs: 1 }]);
		const first = await acquire([throttle]);
		let second = null;
		const pending = acquire([throttle]).then((ticket) => (second = ticket));
		await new Promise((resolve) => setImmediate(resolve));
		expect(second).toBeNull();
		first.settle();
		await pending;
		expect(second.sentAt).toBeGreaterThanOrEqual(first.sentAt);
		second.settle();
	});

	test('acquire tells its listener when a request starts waiting for the limits and when it goes out', async () => {
		const throttle = new Throttle([{ limit: 1, intervalMs: 1 }]);
		const told = [];
		const first = await acquire([throttle], (held) => told.push(held));
		expect(told).toEqual([]);
		const pending = acquire([throttle], (held) => told.push(held));
		await new Promise((resolve) => setImmediate(resolve));
		expect(told).toEqual([true]);
		first.settle();
		(await pending).settle();
		expect(told).toEqual([true, false]);
	});

	test('every window of a bucket and the account window are honoured together', () => {
		const bucket = new Throttle([{ limit: 2, intervalMs: 1000 }]);
		const account = new Throttle([{ limit: 3, intervalMs: 1000 }, { limit: 4, intervalMs: 10000 }]);
		const sent = [];
		for (const now of [0, 0, 0, 1002, 1002, 1002, 2004, 10002]) if (trySend([bucket, account], now)) sent.push(now);
		expect(sent).toEqual([0, 0, 1002, 1002, 10002]);
	});

	test('timers released together by a stalled event loop cannot overrun a window', () => {
		// 100 per second; sends go out every 10 ms, then the loop stalls from 500 to 800 ms and 30 timers fire at once.
		const throttle = new Throttle([{ limit: 100, intervalMs: 1000 }]);
		const sent = [];
		for (let now = 0; now < 500; now += 10) if (trySend([throttle], now)) sent.push(now);
		for (let i = 0; i < 30; i++) if (trySend([throttle], 800)) sent.push(800);
		for (let now = 800; now < 3000; now += 10) if (trySend([throttle], now)) sent.push(now);
		const most = Math.max(...sent.map((start) => sent.filter((at) => at >= start && at < start + 1002).length));
		expect(most).toBeLessThanOrEqual(100);
	});

	test('one decrease per 429 episode, to the share of the window this process holds, with a pause for Retry-After', () => {
		const throttle = new Throttle([{ limit: 10, intervalMs: 1000 }]);
		// Six answered at 0 to 5 and two under way: this process holds 8 of the 10 slots when a 429 comes.
		for (let at = 0; at < 6; at++) throttle.record(at)(at);
		const underWay = [throttle.record(6), throttle.record(7)];
		expect(throttle.heldShare).toBe(Infinity);
		const refused = throttle.record(8);
		refused(20, false);
		throttle.onRateLimited(400, 8, 20);
		expect(throttle.heldShare).toBe(8);
		expect(throttle.pausedFor(20)).toBe(400);
		// A 429 of the same episode (sent before the decrease) only follows what is still held.
		underWay[1](25, false);
		throttle.onRateLimited(400, 7, 25);
		expect(throttle.heldShare).toBe(7);
		underWay[0](30);
		// Nothing goes during the pause. When it ends, one probe may look for a free slot beyond the share.
		expect(throttle.waitAt(100)).toBe(325);
		expect(throttle.waitAt(425)).toBe(0);
		throttle.record(425);
		// With the probe under way and holding a slot, the next request waits for two of its own to free, at 1003.
		expect(throttle.waitAt(430)).toBe(573);
		expect(throttle.waitAt(1003)).toBe(0);
		// The documented windows still apply on top (no pace in requests per second with a window).
		expect(throttle.pace).toBe(Infinity);
	});

	test('beyond its share, one probe at a time: an accepted one adds a slot and lets two more go, a refused one waits longer', () => {
		const throttle = new Throttle([{ limit: 10, intervalMs: 1000 }]);
		for (let at = 0; at < 4; at++) throttle.record(at)(at);
		throttle.record(4)(10, false);
		throttle.onRateLimited(0, 4, 10);
		expect(throttle.heldShare).toBe(4);
		// The share is full: one probe may go, and no second one while it is under way.
		expect(throttle.waitAt(10)).toBe(0);
		const probe = throttle.record(10);
		expect(throttle.waitAt(11)).toBe(992);
		probe(20);
		expect(throttle.heldShare).toBe(5);
		// Accepted: two probes at once.
		const probes = [throttle.record(20), throttle.record(20)];
		expect(throttle.waitAt(20)).toBe(984);
		probes[0](30);
		probes[1](30, false);
		throttle.onRateLimited(0, 20, 30);
		expect(throttle.heldShare).toBe(6);
		// Refused: the next probe waits a sixty-fourth of the window, then twice that after each refusal.
		expect(throttle.waitAt(30)).toBeCloseTo(1002 / 64, 5);
		const later = throttle.record(30 + 1002 / 64);
		later(70, false);
		throttle.onRateLimited(0, 46, 70);
		expect(throttle.waitAt(70)).toBeCloseTo(1002 / 32, 5);
	});

	test('the slots of a process that stopped sending are taken over within a few answers', () => {
		const throttle = new Throttle([{ limit: 100, intervalMs: 1000 }]);
		throttle.record(0)(0, false);
		throttle.onRateLimited(0, 0, 0);
		expect(throttle.heldShare).toBe(1);
		// Every probe is accepted: the share doubles its probes each round, and the documented limit alone is left.
		let rounds = 0;
		for (let now = 0; Number.isFinite(throttle.heldShare); now += 10, rounds++) {
			const sent = [];
			while (throttle.waitAt(now) === 0) sent.push(throttle.record(now));
			sent.forEach((settle) => settle(now + 5));
		}
		expect(rounds).toBeLessThanOrEqual(8);
	});

	test('a share is kept in the window that could have asked for the wait: the shortest that long', () => {
		const throttle = new Throttle([{ limit: 12_000, intervalMs: 60_000 }, { limit: 200, intervalMs: 1000 }]);
		for (let at = 0; at < 150; at++) throttle.record(at)(at);
		// A short wait: the per-second window refused. It holds 150.
		throttle.record(200)(210, false);
		throttle.onRateLimited(50, 200, 210);
		expect(throttle.heldShare).toBe(150);
		// A 30 s wait, when the second's window holds nothing more: the minute's window refused, and it holds 150.
		throttle.record(1500)(1510, false);
		throttle.onRateLimited(30_000, 1500, 1510);
		expect(throttle.heldShare).toBe(150);
		expect(throttle.waitAt(31_510)).toBe(0);
		throttle.record(31_510);
		// That was a probe; while it is under way, the next request waits for two of the minute's own slots to free.
		expect(throttle.waitAt(31_511)).toBe(60_003 - 31_511);
	});

	test('a 429 slows down only the tightest of the request\'s throttles; every one pauses', () => {
		const bulk = new Throttle([{ limit: 100, intervalMs: 2000 }]);
		const account = new Throttle([{ limit: 200, intervalMs: 1000 }]);
		expect(bulk.documentedRate).toBe(50);
		expect(account.documentedRate).toBe(200);
		for (const throttle of [bulk, account]) throttle.record(0)(5, false);
		bulk.onRateLimited(300, 0, 5, true);
		account.onRateLimited(300, 0, 5, false);
		expect(bulk.heldShare).toBe(1);
		expect(account.heldShare).toBe(Infinity);
		expect(account.pausedFor(5)).toBe(300);
	});

	test('with no documented limit: one decrease per episode, and additive recovery on other answers', () => {
		const throttle = new Throttle([]);
		for (let i = 0; i < 40; i++) throttle.record(1000 + i)(1000 + i);
		throttle.onRateLimited(100, 1000, 1050);
		throttle.onRateLimited(100, 1039, 1051);
		expect(throttle.pace).toBeCloseTo(28);
		throttle.onRateLimited(100, 1060, 1070);
		expect(throttle.pace).toBeCloseTo(19.6);
		throttle.onAnswer();
		expect(throttle.pace).toBeCloseTo(19.6 * 1.03);
	});

	test('a request refused with a 429 frees its slot at once; an answered one holds it for the window', () => {
		const answered = new SlidingWindow({ limit: 1, intervalMs: 1000 });
		answered.record();
		answered.settle(20);
		expect(answered.waitAt(30)).toBe(992);
		const refused = new SlidingWindow({ limit: 1, intervalMs: 1000 });
		refused.record();
		refused.settle(20, false);
		expect(refused.waitAt(30)).toBe(0);
	});

	test('a refused request frees its slot whatever was sent after it: the window counts answers, not send order', () => {
		// Three sent at 0: the second is refused, the first and third answered at 10. The freed slot is usable at
		// once; the window used to wait for the oldest send's slot, answered, until 1012.
		const window = new SlidingWindow({ limit: 3, intervalMs: 1000 });
		for (let i = 0; i < 3; i++) window.record();
		window.settle(10);
		window.settle(5, false);
		window.settle(10);
		expect(window.waitAt(20)).toBe(0);
		window.record();
		window.settle(30);
		expect(window.waitAt(40)).toBe(972);
	});

	test('a share learned from 429s is forgotten after a whole window in which nothing was sent', () => {
		const throttle = new Throttle([{ limit: 100, intervalMs: 1000 }]);
		throttle.record(0)(5, false);
		throttle.onRateLimited(500, 0, 10);
		throttle.record(510)(520);
		expect(throttle.heldShare).toBe(1);
		throttle.waitAt(1509);
		expect(throttle.heldShare).toBe(1);
		expect(throttle.waitAt(1510)).toBe(0);
		expect(throttle.heldShare).toBe(Infinity);
		// A pause counts as sending nothing only from its end.
		throttle.record(1510)(1515, false);
		throttle.onRateLimited(5000, 1510, 1530);
		expect(throttle.waitAt(6529)).toBe(1);
		expect(throttle.heldShare).toBe(1);
	});

	test('without a documented limit, a pace is forgotten after a second in which it let requests go and none was sent', () => {
		const throttle = new Throttle([]);
		throttle.record(0)(0);
		throttle.onRateLimited(0, 0, 10);
		expect(throttle.pace).toBeCloseTo(0.7);
		throttle.onRateLimited(0, 20, 20);
		expect(throttle.pace).toBe(0.5);
		// Spaced by 2000 ms: the next request may go at 2000, and a second later the pace is gone.
		expect(throttle.waitAt(1999)).toBe(1);
		expect(throttle.waitAt(2999)).toBe(0);
		expect(throttle.pace).toBe(0.5);
		expect(throttle.waitAt(3000)).toBe(0);
		expect(throttle.pace).toBe(Infinity);
	});

	test('requests sharing a credential are paced to its limit through the engine', async () => {
		// Adjust allows 50 creates per second: at the server, no 1 s window holds more than 50 of 60 creates.
		const scope = provider(ORIGINS.adjust).post('/engage/deep-links').times(60).reply(200, { url: 'https://x.go.link/a' });
		const { items } = await runNode({
			node: { type: 'test.transport', name: 'Transport', parameters: { provider: 'adjust', request: JSON.stringify({ method: 'POST', path: '/engage/deep-links', body: { link_token: 'a' }, bucket: 'create', idempotent: true }) } },
			items: Array.from({ length: 60 }, () => ({})),
			credentials,
		});
		expect(items).toHaveLength(60);
		expect(scope.isDone()).toBe(true);
		const arrivals = log.map((request) => request.at);
		const most = Math.max(...arrivals.map((start) => arrivals.filter((at) => at >= start && at < start + 1000).length));
		expect(most).toBeLessThanOrEqual(50);
	});
});

describe('pagination', () => {
	test('follows pagination.nextCursor across pages and stops exactly at the limit', async () => {
		const page = (ids, next) => ({ success: true, data: ids.map((id) => ({ id })), pagination: { nextCursor: next, hasMore: Boolean(next) } });
		const scope = nock(ORIGINS.shortify)
			.get('/v1/deep-links').query({ limit: 100 }).reply(200, page(['a', 'b'], 'c1'))
			.get('/v1/deep-links').query({ limit: 100, cursor: 'c1' }).reply(200, page(['c', 'd'], 'c2'))
			.get('/v1/deep-links').query({ limit: 100, cursor: 'c2' }).reply(200, page(['e'], null));
		const all = await send('shortify', { method: 'GET', path: '/v1/deep-links' }, { mode: 'paginate' });
		expect(all.items.slice(0, -1).map((item) => item.json.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(scope.isDone()).toBe(true);

		const limited = nock(ORIGINS.shortify)
			.get('/v1/deep-links').query({ limit: 3 }).reply(200, page(['a', 'b'], 'c1'))
			.get('/v1/deep-links').query({ limit: 1, cursor: 'c1' }).reply(200, page(['c'], 'c2'));
		const three = await send('shortify', { method: 'GET', path: '/v1/deep-links' }, { mode: 'paginate', limit: 3 });
		expect(three.items.slice(0, -1).map((item) => item.json.id)).toEqual(['a', 'b', 'c']);
		expect(three.items.at(-1).json.pages).toEqual([{ limit: 3 }, { limit: 1, cursor: 'c1' }]);
		expect(limited.isDone()).toBe(true);
	});
});

describe('Adjust quota headers', () => {
	test('are parsed into a typed object', () => {
		expect(parseAdjustQuota({ 'x-shortlink-quota-limit': '100000', 'X-ShortLink-Quota-Remaining': '86129', 'x-contract-status': 'active', 'x-contract-start-date': '2024-12-31', 'x-contract-end-date': '2025-12-31' })).toEqual({
			limit: 100000, remaining: 86129, contractStatus: 'active', contractStartDate: '2024-12-31', contractEndDate: '2025-12-31', shortLinksAvailable: true,
		});
		expect(parseAdjustQuota({ 'content-type': 'application/json' })).toBeUndefined();
	});

	test('say why short links are unavailable', () => {
		const spent = parseAdjustQuota({ 'x-shortlink-quota-limit': '10', 'x-shortlink-quota-remaining': '0', 'x-contract-status': 'active' });
		expect(spent.shortLinksAvailable).toBe(false);
		expect(quotaExhaustionReason(spent)).toBe('the Adjust short-link quota is spent (0 of 10 remaining)');
		const inactive = parseAdjustQuota({ 'x-shortlink-quota-remaining': '5', 'x-contract-status': 'inactive', 'x-contract-end-date': '2025-12-31' });
		expect(quotaExhaustionReason(inactive)).toBe('the Adjust contract is inactive (end date 2025-12-31)');
	});
});

describe('review fixes', () => {
	test('a 5xx asking for a long Retry-After fails at once instead of sleeping', async () => {
		// One request, no retry after it: an hour's sleep would outlast the test's timeout.
		const scope = nock(ORIGINS.shortify).get('/v1/deep-links').reply(503, { error: { code: 'unavailable', message: 'Maintenance' } }, { 'Retry-After': '3600' });
		const retry = nock(ORIGINS.shortify).get('/v1/deep-links').reply(200, { data: [] });
		const { error } = await send('shortify', { method: 'GET', path: '/v1/deep-links' });
		expect(scope.isDone()).toBe(true);
		expect(retry.isDone()).toBe(false);
		expect(error.message).toBe('Shortify returned 503: Maintenance');
	});

	test('a secret straddling the cut of a long text error body is still redacted', async () => {
		const body = `${'x'.repeat(480)}${credentials.adjustApi.apiToken}${'y'.repeat(100)}`;
		nock(ORIGINS.adjust).get('/engage/deep-links/quota').reply(400, body);
		const { error } = await send('adjust', { method: 'GET', path: '/engage/deep-links/quota' });
		expect(error.message).not.toContain(credentials.adjustApi.apiToken.slice(0, 8));
		expect(error.message).toContain('[redacted]');
	});

	test('an unexpected error on a create is reported as outcome unknown, never as "not sent"', async () => {
		nock(ORIGINS.branch).post('/v1/url').replyWithError(Object.assign(new Error('protocol error'), { code: 'EPROTO' }));
		const { error } = await send('branch', { method: 'POST', path: '/v1/url', body: { channel: 'sms' } });
		expect(error.message).toBe('Branch: the request failed without a readable answer; outcome unknown: Branch may have processed it, so it was not sent again');
		expect(error.context.outcomeUnknown).toBe(true);
	});

	test('a create with an idempotency key that runs out of retries keeps the key and says the outcome is unknown', async () => {
		const hangUp = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		nock(ORIGINS.shortify).post('/v1/deep-links').times(2).replyWithError(hangUp());
		const { error } = await send('shortify', { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1' }, idempotencyKey: 'row-7', retry: { maxRetries: 1 } });
		expect(error.message).toBe('Shortify: no answer after 2 attempts; outcome unknown: Shortify may have processed it, so it was not sent again');
		expect(error.context).toMatchObject({ outcomeUnknown: true, idempotencyKey: 'row-7' });
	});

	test('queueing for a low rate limit is waited out; only a real 429 pause fails fast', () => {
		const throttle = new Throttle([{ limit: 1, intervalMs: 60_000 }]);
		throttle.record(0)(0);
		expect(throttle.waitAt(0)).toBe(60_002);
		expect(throttle.pausedFor(0)).toBe(0);
		throttle.onRateLimited(300_000, 0, 0);
		expect(throttle.pausedFor(0)).toBe(300_000);
	});
});

