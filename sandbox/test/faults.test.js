'use strict';

// Redirect faults and scripted failures matched by query value or by position.

const http = require('node:http');
const { createSandbox } = require('../server');
const { client } = require('./helpers');

let sandbox;
let base;
const api = client(() => base);

/** A server on another port that records what reaches it. */
let catcher;
let catcherUrl;
const caught = [];

beforeAll(async () => {
	sandbox = createSandbox({ limits: false });
	({ url: base } = await sandbox.start({ port: 0 }));
	catcher = http.createServer((req, res) => {
		caught.push({ method: req.method, url: req.url, headers: req.headers });
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ caught: true }));
	});
	await new Promise((resolve) => catcher.listen(0, '127.0.0.1', resolve));
	catcherUrl = `http://127.0.0.1:${catcher.address().port}`;
});
afterAll(async () => {
	await sandbox.stop();
	await new Promise((resolve) => catcher.close(resolve));
});
beforeEach(() => {
	sandbox.reset();
	caught.length = 0;
});

describe('redirect fault', () => {
	test.each([301, 302, 303, 307, 308])('%i with a Location on another host, nothing processed', async (status) => {
		sandbox.configure({ faults: { redirect: { status, location: `${catcherUrl}/caught` } } });
		const r = await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: `k${status}` });
		expect(r.status).toBe(status);
		expect(r.headers.get('location')).toBe(`${catcherUrl}/caught`);
		expect(r.body).toBeUndefined();
		expect(r.headers.get('x-request-id')).toBeNull();
		expect(sandbox.state.linksStored.shortify).toBe(0);
		expect(sandbox.state.faults.redirects).toBe(1);
		expect(sandbox.requests({ provider: 'shortify' })[0]).toMatchObject({ status, outcome: 'redirect' });
		// Every request matches while the fault is configured.
		expect((await api.adjust('GET', '/quota')).status).toBe(status);
		expect(caught).toHaveLength(0);
	});

	test('a client that follows it reaches the catcher; preservePath appends the original path and query', async () => {
		sandbox.configure({ faults: { redirect: { status: 307, location: `${catcherUrl}/`, preservePath: true } } });
		const r = await api.call('GET', '/adjust/engage/deep-links/quota?x=1', { redirect: 'follow' });
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ caught: true });
		expect(caught).toHaveLength(1);
		expect(caught[0]).toMatchObject({ method: 'GET', url: '/adjust/engage/deep-links/quota?x=1' });
	});

	test('paths (a regex on the URL) and method limit it; it comes before auth', async () => {
		sandbox.configure({ faults: { redirect: { status: 302, location: catcherUrl, paths: '^/shortify/v1/deep-links\\?', method: 'GET' } } });
		expect((await api.shortify('GET', '?limit=1')).status).toBe(302);
		expect((await api.shortify('GET', '?limit=1', undefined, { 'api-key': 'wrong' })).status).toBe(302);
		expect((await api.shortify('GET', '')).status).toBe(200);
		expect((await api.shortify('POST', '?x=1', { deepLinkAppId: 'app_sandbox' })).status).toBe(201);
		expect((await api.adjust('GET', '/quota')).status).toBe(200);
		expect(sandbox.state.faults.redirects).toBe(2);
	});

	test('times: only the next N matching requests, then it switches itself off', async () => {
		await api.admin('POST', '/config', { faults: { redirect: { status: 308, location: catcherUrl, times: 2 } } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await api.adjust('GET', '/quota')).status);
		expect(statuses).toEqual([308, 308, 200, 200]);
		expect(sandbox.config.faults.redirect).toBeNull();
	});

	test('null turns it off; invalid values are refused', async () => {
		sandbox.configure({ faults: { redirect: { location: catcherUrl } } });
		expect((await api.adjust('GET', '/quota')).status).toBe(302); // the default status
		sandbox.configure({ faults: { redirect: null } });
		expect((await api.adjust('GET', '/quota')).status).toBe(200);
		for (const redirect of [{ status: 200, location: catcherUrl }, { status: 304, location: catcherUrl }, { status: 302, location: '/relative' }, { status: 302 }, { location: catcherUrl, paths: '(' }]) {
			const r = await api.admin('POST', '/config', { faults: { redirect } });
			expect(r.status).toBe(400);
		}
		expect(() => sandbox.configure({ faults: { redirect: { status: 301, location: 'ftp://x' } } })).toThrow(/location/);
	});
});

describe('scripted failures by query value and by position', () => {
	beforeEach(async () => {
		for (let i = 0; i < 5; i++) await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: `p${i}` });
	});

	test('the request carrying a given cursor fails N times, then the same page comes back', async () => {
		const first = await api.shortify('GET', '?limit=2');
		const cursor = first.body.pagination.nextCursor;
		const expected = (await api.shortify('GET', `?limit=2&cursor=${cursor}`)).body.data;
		sandbox.failNext({ method: 'GET', path: '/shortify/v1/deep-links', query: { cursor }, status: 500, times: 2 });
		expect((await api.shortify('GET', '?limit=2')).status).toBe(200); // no cursor: not matched
		const failed = await api.shortify('GET', `?limit=2&cursor=${cursor}`);
		expect(failed.status).toBe(500);
		expect(failed.body).toEqual({
			success: false,
			error: { code: 'internal_error', message: 'Internal Server Error' },
			requestId: expect.stringMatching(/^req_/),
		});
		expect((await api.shortify('GET', `?limit=2&cursor=${cursor}`)).status).toBe(500);
		const retried = await api.shortify('GET', `?limit=2&cursor=${cursor}`);
		expect(retried.status).toBe(200);
		expect(retried.body.data).toEqual(expected);
		expect(sandbox.state.faults.pendingFailNext).toBe(0);
	});

	test('nth: the Nth matching request fails, once or `times` in a row', async () => {
		const run = async (n) => {
			const out = [];
			for (let i = 0; i < n; i++) out.push((await api.shortify('GET', '?limit=1')).status);
			return out;
		};
		sandbox.failNext({ method: 'GET', path: '/shortify/v1/deep-links', nth: 3, status: 503 });
		expect(await run(5)).toEqual([200, 200, 503, 200, 200]);
		await api.admin('POST', '/fail-next', { method: 'GET', path: '/shortify/v1/deep-links', nth: 2, times: 2, status: 500 });
		expect(await run(5)).toEqual([200, 500, 500, 200, 200]);
	});

	test('nth counts every matching request, also one an earlier entry failed', async () => {
		sandbox.failNext(
			{ method: 'GET', path: '/shortify/v1/deep-links', status: 502 },
			{ method: 'GET', path: '/shortify/v1/deep-links', nth: 2, status: 503 },
		);
		const out = [];
		for (let i = 0; i < 3; i++) out.push((await api.shortify('GET', '')).status);
		expect(out).toEqual([502, 503, 200]);
	});

	test('invalid entries are refused', async () => {
		expect((await api.admin('POST', '/fail-next', { nth: 0 })).status).toBe(400);
		expect((await api.admin('POST', '/fail-next', { query: 'cursor=x' })).status).toBe(400);
		expect(() => sandbox.failNext({ status: 302 })).toThrow(/status/);
		expect(sandbox.state.faults.pendingFailNext).toBe(0);
	});
});
