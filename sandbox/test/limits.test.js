'use strict';

// Rate limits on a fake clock: counts and order only, no wall-clock bounds.

const { createSandbox, defaultConfig, BRANCH_KEY, BRANCH_SECRET } = require('../server');
const { SlidingWindowLimiter } = require('../lib/limiter');
const { client, tally } = require('./helpers');

jest.setTimeout(30000);

let clock = 1_000_000;
let sandbox;
let base;
const api = client(() => base);

beforeAll(async () => {
	sandbox = createSandbox({ now: () => clock });
	({ url: base } = await sandbox.start({ port: 0 }));
});
afterAll(() => sandbox.stop());
beforeEach(() => {
	clock = 1_000_000;
	sandbox.reset();
});

const burst = (n, fn) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

describe('sliding window', () => {
	test('at 5/s, a burst of 10 concurrent requests gets exactly 5 through', async () => {
		sandbox.configure({ limits: { shortify: { perSecond: 5 } } });
		const responses = await burst(10, () => api.shortify('GET', ''));
		expect(tally(responses)).toEqual({ 200: 5, 429: 5 });
		for (const r of responses.filter((x) => x.status === 429)) {
			expect(r.headers.get('retry-after')).toBe('1');
			expect(r.headers.get('retry-after-ms')).toBe('1000');
			expect(r.body.error.code).toBe('rate_limited');
		}
	});

	test('no reset at a window edge: arrivals of the last second are counted, whatever the start', async () => {
		sandbox.configure({ limits: { shortify: { perSecond: 5 } } });
		const statuses = async (n) => (await burst(n, () => api.shortify('GET', ''))).map((r) => r.status).sort();
		expect(await statuses(1)).toEqual([200]); // t = 0
		clock += 900;
		expect(await statuses(4)).toEqual([200, 200, 200, 200]); // t = 900: 5 in the last second
		clock += 100; // t = 1000: the t = 0 arrival has left, the four of t = 900 have not
		const edge = await burst(5, () => api.shortify('GET', ''));
		expect(tally(edge)).toEqual({ 200: 1, 429: 4 });
		const limited = edge.find((r) => r.status === 429);
		expect(limited.headers.get('retry-after-ms')).toBe('900');
		expect(limited.headers.get('retry-after')).toBe('1');
		clock += 899; // t = 1899: still full
		expect(await statuses(1)).toEqual([429]);
		clock += 1; // t = 1900: the four of t = 900 leave
		expect(tally(await burst(6, () => api.shortify('GET', '')))).toEqual({ 200: 4, 429: 2 });
		expect(sandbox.state.rateLimited.byProvider.shortify).toBe(4 + 1 + 2);
	});

	test('a 429 is not counted as an arrival', async () => {
		sandbox.configure({ limits: { kumulos: { perSecond: 2 } } });
		expect(tally(await burst(5, () => api.push('GET', '/channels')))).toEqual({ 200: 2, 429: 3 });
		clock += 1000;
		expect(tally(await burst(3, () => api.push('GET', '/channels')))).toEqual({ 200: 2, 429: 1 });
	});

	test('Adjust keeps its three buckets: per-app creates, bulk per 2 s, account per second', async () => {
		sandbox.configure({ limits: { adjust: { createPerSecondPerApp: 3, bulkPer2Seconds: 2, perSecond: 6 } } });
		const created = await burst(5, (i) => api.adjust('POST', '', { link_token: `appa_${i}` }));
		expect(tally(created)).toEqual({ 200: 3, 429: 2 });
		expect(created.find((r) => r.status === 429).body.error_code).toBe('request_error');
		expect((await api.adjust('POST', '', { link_token: 'appb' })).status).toBe(200); // another app
		const bulk = await burst(3, (i) => api.adjust('POST', '/bulk', { data: [{ link_token: `bulk${i}` }] }));
		expect(tally(bulk)).toEqual({ 200: 2, 429: 1 });
		expect(bulk.find((r) => r.status === 429).headers.get('retry-after')).toBe('2');
		// 3 + 1 + 2 accepted so far count against the account's 6 per second.
		expect((await api.adjust('POST', '', { link_token: 'appc' })).status).toBe(429);
		clock += 1000;
		expect((await api.adjust('POST', '', { link_token: 'appc' })).status).toBe(200);
		clock += 500; // 1.5 s after the bulk requests: their 2 s window is still full
		expect((await api.adjust('POST', '/bulk', { data: [{ link_token: 'bulkx' }] })).status).toBe(429);
		clock += 500;
		expect((await api.adjust('POST', '/bulk', { data: [{ link_token: 'bulkx' }] })).status).toBe(200);
	});

	test('the limiter itself: a reconfigured limit keeps the arrivals already counted', () => {
		let t = 0;
		const limiter = new SlidingWindowLimiter(() => t);
		const take = (limit) => limiter.take([['k', limit, 1000]]);
		expect([take(3), take(3), take(3)]).toEqual([0, 0, 0]);
		expect(take(3)).toBe(1000);
		expect(take(5)).toBe(0); // raised: two more fit
		expect(take(5)).toBe(0);
		expect(take(5)).toBe(1000);
		expect(take(2)).toBe(1000); // lowered: the two most recent arrivals fill it
		t = 999;
		expect(take(2)).toBe(1);
		t = 1000;
		expect(take(2)).toBe(0);
	});
});

describe('Branch limits', () => {
	const link = (i) => ({ branch_key: BRANCH_KEY, campaign: `c${i}` });
	const read = () => api.branch('GET', `/v1/app/${BRANCH_KEY}?branch_secret=${BRANCH_SECRET}`);
	const update = () =>
		api.branch('PUT', `/v1/url?url=${encodeURIComponent('https://sandbox.app.link/none')}`, {
			branch_key: BRANCH_KEY,
			branch_secret: BRANCH_SECRET,
			channel: 'x',
		});

	test('defaults: the per-method limits of the current docs, no account bucket', () => {
		expect(defaultConfig().limits.branch).toEqual({
			enabled: true,
			perSecond: null,
			perMinute: null,
			perHour: null,
			methods: {
				POST: { perSecond: 200, perMinute: 12000, perHour: 300000 },
				PUT: { perSecond: 100, perMinute: 1000, perHour: 10000 },
				GET: { perSecond: 100, perMinute: 5500, perHour: 100000 },
			},
		});
	});

	test('GET 100/s and POST 200/s by default, each method in its own bucket', async () => {
		expect(tally(await burst(101, read))).toEqual({ 200: 100, 429: 1 });
		const limited = await read();
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ error: { message: 'Rate limit exceeded', code: 429 } });
		expect(limited.headers.get('retry-after')).toBe('1');
		// POST has its own 200 per second.
		expect(tally(await burst(201, (i) => api.branch('POST', '/v1/url', link(i))))).toEqual({ 200: 200, 429: 1 });
		// PUT too (the link does not exist: 404, but the request counts).
		expect((await update()).status).toBe(404);
	});

	test('PUT 1,000/min: ten full seconds, then a 429 until the minute has passed', async () => {
		for (let s = 0; s < 10; s++) {
			expect(tally(await burst(100, update))).toEqual({ 404: 100 });
			clock += 1000;
		}
		const limited = await update();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('50'); // the first hundred leave at t = 60 s
		clock += 50_000 - 1;
		expect((await update()).status).toBe(429);
		clock += 1;
		expect(tally(await burst(101, update))).toEqual({ 404: 100, 429: 1 });
	});

	test("the API page's 500/s and 30,000/min stay selectable", async () => {
		sandbox.configure({ limits: { branch: { methods: false, perSecond: 500, perMinute: 30000 } } });
		expect(tally(await burst(150, read))).toEqual({ 200: 150 });
		expect(tally(await burst(351, (i) => api.branch('POST', '/v1/url', link(i))))).toEqual({ 200: 350, 429: 1 });
	});

	test('per-method limits are configurable one method at a time', async () => {
		sandbox.configure({ limits: { branch: { methods: { GET: { perSecond: 2 }, POST: null } } } });
		expect(tally(await burst(3, read))).toEqual({ 200: 2, 429: 1 });
		expect(tally(await burst(250, (i) => api.branch('POST', '/v1/url', link(i))))).toEqual({ 200: 250 });
		expect(sandbox.config.limits.branch.methods.PUT).toEqual({ perSecond: 100, perMinute: 1000, perHour: 10000 });
		expect((await api.admin('POST', '/config', { limits: { branch: { methods: 'fast' } } })).status).toBe(400);
	});
});
