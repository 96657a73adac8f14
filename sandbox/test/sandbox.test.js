'use strict';

const {
	createSandbox,
	ADJUST_API_TOKEN,
	BRANCH_KEY,
	BRANCH_SECRET,
	BRANCH_ACCESS_TOKEN,
	BRANCH_APP_ID,
	KUMULOS_API_KEY,
	KUMULOS_SERVER_KEY,
	SHORTIFY_API_KEY,
} = require('../server');

jest.setTimeout(15000);

let sandbox;
let base;

beforeAll(async () => {
	sandbox = createSandbox({ seed: 42 });
	({ url: base } = await sandbox.start({ port: 0 }));
});

afterAll(async () => {
	await sandbox.stop();
});

beforeEach(() => {
	sandbox.reset();
});

/* ------------------------------------------------------------------ helpers */

async function call(method, path, { headers = {}, body, raw } = {}) {
	const init = { method, headers: { ...headers } };
	if (raw !== undefined) {
		init.body = raw;
		if (!init.headers['content-type']) init.headers['content-type'] = 'application/json';
	} else if (body !== undefined) {
		init.body = JSON.stringify(body);
		init.headers['content-type'] = 'application/json';
	}
	const res = await fetch(base + path, init);
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, headers: res.headers, body: json };
}

const adjust = (method, path, body, token = ADJUST_API_TOKEN) =>
	call(method, `/adjust/engage/deep-links${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, body });

const branch = (method, path, body, headers = {}) => call(method, `/branch${path}`, { headers, body });

const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const KUMULOS_AUTH = basic(KUMULOS_API_KEY, KUMULOS_SERVER_KEY);
const kLinks = (body, auth = KUMULOS_AUTH) =>
	call('POST', '/kumulos-links/v1/deep-links', { headers: auth ? { authorization: auth } : {}, body });
const push = (method, path, body, auth = KUMULOS_AUTH) =>
	call(method, `/kumulos-push${path}`, { headers: auth ? { authorization: auth } : {}, body });

const shortify = (method, path, body, headers = {}, key = SHORTIFY_API_KEY) =>
	call(method, `/shortify/v1/deep-links${path}`, { headers: { ...(key ? { 'api-key': key } : {}), ...headers }, body });

const kLink = (extra = {}) => ({
	linkData: { screen: 'home' },
	desktopWebFallbackUrl: 'https://example.com/desktop',
	mobileWebFallbackUrl: 'https://example.com/mobile',
	...extra,
});

/* ------------------------------------------------------------------ credentials */

describe('credentials helper', () => {
	test('points every provider at this server', () => {
		const c = sandbox.credentials();
		expect(c).toEqual({
			adjustApi: { baseUrl: `${base}/adjust`, apiToken: 'sandbox-adjust-token' },
			branchApi: {
				baseUrl: `${base}/branch`,
				branchKey: 'key_test_sandbox',
				branchSecret: 'secret_test_sandbox',
				accessToken: 'sandbox-branch-access-token',
				appId: 'sandbox-app-id',
			},
			kumulosApi: {
				linksBaseUrl: `${base}/kumulos-links`,
				pushBaseUrl: `${base}/kumulos-push`,
				apiKey: 'sandbox-kumulos-api-key',
				serverSecretKey: 'sandbox-kumulos-server-key',
			},
			shortifyApi: { baseUrl: `${base}/shortify`, apiKey: 'sk_test_sandbox' },
		});
	});
});

/* ------------------------------------------------------------------ Adjust */

describe('Adjust', () => {
	const payload = { link_token: '1c52mluz', redirect: 'https://example.com/redirect', deep_link_path: '/custom-path' };

	test('creates a short link with quota headers, dedupes the same parameter set', async () => {
		const r1 = await adjust('POST', '', payload);
		expect(r1.status).toBe(200);
		expect(r1.body.url).toMatch(/^https:\/\/sandbox\.go\.link\/[A-Za-z0-9]{5}$/);
		expect(r1.body.long_url).toMatch(/^https:\/\/sandbox\.go\.link\/\?adj_t=1c52mluz&/);
		expect(r1.body.long_url).toContain('adj_redirect=https%3A%2F%2Fexample.com%2Fredirect');
		expect(r1.headers.get('x-shortlink-quota-limit')).toBe('100000');
		expect(r1.headers.get('x-shortlink-quota-remaining')).toBe('99999');
		expect(r1.headers.get('x-contract-status')).toBe('active');
		expect(r1.headers.get('x-contract-start-date')).toBe('2025-01-01');
		expect(r1.headers.get('x-contract-end-date')).toBe('2030-12-31');

		const r2 = await adjust('POST', '', { ...payload });
		expect(r2.body.url).toBe(r1.body.url);
		expect(r2.headers.get('x-shortlink-quota-remaining')).toBe('99999');
		const s = sandbox.state;
		expect(s.linksCreated.adjust).toBe(1);
		expect(s.dedupHits.adjust).toBe(1);
		expect(s.duplicates.adjust).toBe(0);
	});

	test('401 on a bad or missing token, with quota headers', async () => {
		for (const token of ['wrong', null]) {
			const r = await adjust('POST', '', payload, token);
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ error_code: 'auth_error', error_desc: 'Invalid API token' });
			expect(r.headers.get('x-shortlink-quota-remaining')).toBe('100000');
		}
	});

	test('400 validation errors name the field', async () => {
		const r = await adjust('POST', '', { redirect: 'https://example.com' });
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error_code: 'validation_error',
			error_desc: 'link_token is required',
			error_desc_details: [{ field: 'link_token', message: 'is required' }],
		});
		const r2 = await adjust('POST', '', { link_token: 'abc', fallback: 'not a url' });
		expect(r2.status).toBe(400);
		expect(r2.body.error_desc_details[0].field).toBe('fallback');
		const r3 = await call('POST', '/adjust/engage/deep-links', {
			headers: { authorization: `Bearer ${ADJUST_API_TOKEN}` },
			raw: '{not json',
		});
		expect(r3.status).toBe(400);
		expect(r3.body.error_code).toBe('validation_error');
	});

	test('custom short_token: 409 on a clash, original on the same parameters', async () => {
		const r1 = await adjust('POST', '', { ...payload, short_token: 'campaign2026' });
		expect(r1.body.url).toBe('https://sandbox.go.link/campaign2026');
		const again = await adjust('POST', '', { ...payload, short_token: 'campaign2026' });
		expect(again.status).toBe(200);
		expect(again.body.url).toBe(r1.body.url);
		const clash = await adjust('POST', '', { link_token: 'other1', short_token: 'campaign2026' });
		expect(clash.status).toBe(409);
		expect(clash.body.error_code).toBe('request_error');
		expect(clash.body.error_desc).toBe('short_token "campaign2026" is already taken');
		expect(clash.body.error_desc_details[0].field).toBe('short_token');
	});

	test('bulk: per-link errors in position, at most 100 links', async () => {
		const r = await adjust('POST', '/bulk', {
			data: [payload, { link_token: 'ERRORDATA' }, { link_token: '1df3xslh_1dsykkaa' }, { redirect: 'https://x.test' }],
		});
		expect(r.status).toBe(200);
		expect(r.body.data).toHaveLength(4);
		expect(r.body.data[0].url).toMatch(/^https:\/\/sandbox\.go\.link\//);
		expect(r.body.data[1]).toEqual({ error_code: 'service_error', error_desc: expect.any(String) });
		expect(r.body.data[2].url).toBeDefined();
		expect(r.body.data[3]).toEqual({ error_code: 'validation_error', error_desc: 'link_token is required' });

		const tooMany = await adjust('POST', '/bulk', { data: Array.from({ length: 101 }, (_, i) => ({ link_token: `t${i}` })) });
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error_code).toBe('validation_error');
		expect(tooMany.body.error_desc_details[0].field).toBe('data');
	});

	test('shorten_url false and spent quota return the long link', async () => {
		const long = await adjust('POST', '', { ...payload, shorten_url: false });
		expect(long.body.url).toBe(long.body.long_url);
		expect(long.headers.get('x-shortlink-quota-remaining')).toBe('100000');

		sandbox.configure({ adjust: { quotaLimit: 10, quotaRemaining: 0 } });
		const spent = await adjust('POST', '', { link_token: 'abc123' });
		expect(spent.status).toBe(200);
		expect(spent.body.url).toBe(spent.body.long_url);
		expect(spent.headers.get('x-shortlink-quota-remaining')).toBe('0');

		sandbox.configure({ adjust: { quotaRemaining: 5, contractStatus: 'inactive' } });
		const inactive = await adjust('POST', '', { link_token: 'abc124' });
		expect(inactive.body.url).toBe(inactive.body.long_url);
		expect(inactive.headers.get('x-contract-status')).toBe('inactive');

		const quota = await adjust('GET', '/quota');
		expect(quota.body).toEqual({
			limit: 10,
			remaining: 5,
			contract_status: 'inactive',
			contract_start_date: '2025-01-01',
			contract_end_date: '2030-12-31',
		});
		expect(sandbox.state.linksCreated.adjust).toBe(0);
	});

	test('short-link metadata, update (204) and 404s', async () => {
		const created = await adjust('POST', '', payload);
		const token = created.body.url.split('/').pop();
		const meta = await adjust('GET', `/short-link?short_token=${token}&app_token=zgvhg75bw83k`);
		expect(meta.status).toBe(200);
		expect(meta.body).toEqual({
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			expires_at: expect.any(String),
			token,
			ulink: 'sandbox',
			url: created.body.long_url,
		});
		const put = await adjust('PUT', `/${token}`, { link_token: '1c52mluz', redirect: 'https://example.com/new-redirect' });
		expect(put.status).toBe(204);
		expect(put.body).toBeUndefined();
		const meta2 = await adjust('GET', `/short-link?short_token=${token}&app_token=zgvhg75bw83k`);
		expect(meta2.body.url).toContain('new-redirect');
		expect(meta2.body.updated_at).toBeDefined();

		const unknown = await adjust('GET', '/short-link?short_token=nope1&app_token=zgvhg75bw83k');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ error_code: 'request_error', error_desc: 'Short link not found' });
		expect((await adjust('PUT', '/nope1', payload)).status).toBe(404);
	});

	test('rate limits: per-app creates and bulk requests', async () => {
		sandbox.configure({ limits: { adjust: { createPerSecondPerApp: 2, bulkPer2Seconds: 1 } } });
		expect((await adjust('POST', '', { link_token: 'appa' })).status).toBe(200);
		expect((await adjust('POST', '', { link_token: 'appa_x' })).status).toBe(200);
		const limited = await adjust('POST', '', { link_token: 'appa_y' });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(limited.headers.get('retry-after-ms'))).toBeGreaterThan(0);
		expect(limited.body.error_code).toBe('request_error');
		expect(limited.headers.get('x-shortlink-quota-remaining')).toBeDefined();
		expect((await adjust('POST', '', { link_token: 'appb' })).status).toBe(200);

		expect((await adjust('POST', '/bulk', { data: [{ link_token: 'appc' }] })).status).toBe(200);
		const bulkLimited = await adjust('POST', '/bulk', { data: [{ link_token: 'appc' }] });
		expect(bulkLimited.status).toBe(429);
		expect(bulkLimited.headers.get('retry-after')).toBe('2');
		expect(sandbox.state.rateLimited.byProvider.adjust).toBe(2);
	});
});

/* ------------------------------------------------------------------ Branch */

describe('Branch', () => {
	const link = {
		branch_key: BRANCH_KEY,
		channel: 'facebook',
		feature: 'onboarding',
		campaign: 'new product',
		stage: 'new user',
		tags: ['one', 'two'],
		data: { $canonical_identifier: 'content/123', $desktop_url: 'http://www.example.com', custom_integer: 1243 },
	};

	test('app info as a credential test', async () => {
		const ok = await branch('GET', `/v1/app/${BRANCH_KEY}?branch_secret=${BRANCH_SECRET}`);
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ app_id: BRANCH_APP_ID, branch_key: BRANCH_KEY });
		const bad = await branch('GET', `/v1/app/${BRANCH_KEY}?branch_secret=wrong`);
		expect(bad.status).toBe(401);
		const badKey = await branch('GET', `/v1/app/key_wrong?branch_secret=${BRANCH_SECRET}`);
		expect(badKey.body).toEqual({ error: { message: 'Invalid or missing branch_key', code: 401 } });
	});

	test('create and read', async () => {
		const r = await branch('POST', '/v1/url', link);
		expect(r.status).toBe(200);
		expect(r.body.url).toMatch(/^https:\/\/sandbox\.app\.link\/[A-Za-z0-9]{10}$/);
		const read = await branch('GET', `/v1/url?url=${encodeURIComponent(r.body.url)}&branch_key=${BRANCH_KEY}`);
		expect(read.status).toBe(200);
		expect(read.body).toMatchObject({
			campaign: 'new product',
			channel: 'facebook',
			feature: 'onboarding',
			stage: 'new user',
			tags: ['one', 'two'],
			type: 0,
			alias: null,
		});
		expect(read.body.data).toMatchObject({
			$canonical_identifier: 'content/123',
			custom_integer: 1243,
			$one_time_use: false,
			'~channel': 'facebook',
			'~creation_source': 0,
			'~id': expect.stringMatching(/^\d{18}$/),
			url: r.body.url,
		});
		const missing = await branch('GET', `/v1/url?url=${encodeURIComponent('https://sandbox.app.link/nope')}&branch_key=${BRANCH_KEY}`);
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe(404);
	});

	test('auth failures', async () => {
		const r = await branch('POST', '/v1/url', { ...link, branch_key: 'key_wrong' });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ error: { message: 'Invalid or missing branch_key', code: 401 } });
		expect((await branch('GET', '/v1/url?url=x')).status).toBe(401);
		expect((await branch('POST', '/v1/url/bulk/key_wrong', [link])).status).toBe(401);
	});

	test('validation: type, alias and identity lengths', async () => {
		const type = await branch('POST', '/v1/url', { ...link, type: 5 });
		expect(type.status).toBe(400);
		expect(type.body.error.code).toBe(400);
		expect(type.body.error.message).toMatch(/type/);
		expect((await branch('POST', '/v1/url', { ...link, alias: 'a'.repeat(129) })).status).toBe(400);
		expect((await branch('POST', '/v1/url', { ...link, alias: 'a'.repeat(128) })).status).toBe(200);
		expect((await branch('POST', '/v1/url', { ...link, identity: 'i'.repeat(128) })).status).toBe(400);
		expect((await branch('POST', '/v1/url', { ...link, data: 'nope' })).status).toBe(400);
	});

	test('alias: same params return the original, different params 409', async () => {
		const r1 = await branch('POST', '/v1/url', { ...link, alias: 'devonaustin' });
		expect(r1.body.url).toBe('https://sandbox.app.link/devonaustin');
		const r2 = await branch('POST', '/v1/url', { ...link, alias: 'devonaustin' });
		expect(r2.status).toBe(200);
		expect(r2.body.url).toBe(r1.body.url);
		const r3 = await branch('POST', '/v1/url', { ...link, channel: 'twitter', alias: 'devonaustin' });
		expect(r3.status).toBe(409);
		expect(r3.body).toEqual({ error: { message: 'Alias "devonaustin" is already taken for this domain', code: 409 } });
		const s = sandbox.state;
		expect(s.linksCreated.branch).toBe(1);
		expect(s.duplicates.branch).toBe(1);
		expect(s.conflicts.branch).toBe(1);
	});

	test('identical bodies without alias count as duplicates', async () => {
		await branch('POST', '/v1/url', link);
		await branch('POST', '/v1/url', link);
		const s = sandbox.state;
		expect(s.linksCreated.branch).toBe(2);
		expect(s.duplicates.branch).toBe(1);
		expect(s.storedDuplicates.branch).toBe(1);
	});

	test('bulk: per-link errors in position as { error: string }, 100 KB payload limit', async () => {
		await branch('POST', '/v1/url', { ...link, alias: 'taken' });
		const { branch_key, ...params } = link;
		const r = await branch('POST', `/v1/url/bulk/${BRANCH_KEY}`, [
			params,
			{ ...params, data: 'not-an-object' },
			{ ...params, channel: 'other', alias: 'taken' },
			{ ...params, campaign: 'second' },
		]);
		expect(r.status).toBe(200);
		expect(r.body).toHaveLength(4);
		expect(r.body[0].url).toBeDefined();
		// The page's per-link error: { "error": "error message" }.
		expect(r.body[1]).toEqual({ error: 'data must be an object' });
		expect(r.body[2]).toEqual({ error: 'Alias "taken" is already taken for this domain' });
		expect(r.body[3].url).toBeDefined();

		const big = Array.from({ length: 200 }, (_, i) => ({ ...params, data: { i, pad: 'x'.repeat(600) } }));
		const tooBig = await branch('POST', `/v1/url/bulk/${BRANCH_KEY}`, big);
		expect(tooBig.status).toBe(413);
		expect(tooBig.body.error.code).toBe(413);
		expect(tooBig.body.error.message).toMatch(/100 KB/);
	});

	test('update overwrites data, refuses immutable fields; delete', async () => {
		const { body } = await branch('POST', '/v1/url', link);
		const q = `?url=${encodeURIComponent(body.url)}`;
		const put = await branch('PUT', `/v1/url${q}`, {
			branch_key: BRANCH_KEY,
			branch_secret: BRANCH_SECRET,
			channel: 'twitter',
			data: { name: 'alex', user_id: '12346' },
		});
		expect(put.status).toBe(200);
		expect(put.body.channel).toBe('twitter');
		expect(put.body.data).toMatchObject({ name: 'alex', user_id: '12346', '+url': body.url, '~channel': 'twitter', url: body.url });
		expect(put.body.data.custom_integer).toBeUndefined();

		const immutable = await branch('PUT', `/v1/url${q}`, { branch_key: BRANCH_KEY, branch_secret: BRANCH_SECRET, alias: 'x' });
		expect(immutable.status).toBe(400);
		expect(immutable.body.error.message).toMatch(/alias/);
		const badSecret = await branch('PUT', `/v1/url${q}`, { branch_key: BRANCH_KEY, branch_secret: 'nope', data: {} });
		expect(badSecret.status).toBe(401);

		const delQ = `?url=${encodeURIComponent(body.url)}&app_id=${BRANCH_APP_ID}`;
		expect((await branch('DELETE', `/v1/url${delQ}`)).status).toBe(401);
		expect((await branch('DELETE', `/v1/url${delQ}`, undefined, { 'access-token': 'wrong' })).status).toBe(403);
		const del = await branch('DELETE', `/v1/url${delQ}`, undefined, { 'Access-Token': BRANCH_ACCESS_TOKEN });
		expect(del.status).toBe(200);
		expect(del.body).toEqual({ url: body.url, deleted: true });
		expect((await branch('GET', `/v1/url${q}&branch_key=${BRANCH_KEY}`)).status).toBe(404);
		expect((await branch('DELETE', `/v1/url${delQ}`, undefined, { 'Access-Token': BRANCH_ACCESS_TOKEN })).status).toBe(404);
	});

	test('rate limit 429 with Retry-After', async () => {
		sandbox.configure({ limits: { branch: { perSecond: 3 } } });
		const statuses = [];
		let last;
		for (let i = 0; i < 4; i++) {
			last = await branch('POST', '/v1/url', { ...link, campaign: `c${i}` });
			statuses.push(last.status);
		}
		expect(statuses).toEqual([200, 200, 200, 429]);
		expect(last.body).toEqual({ error: { message: 'Rate limit exceeded', code: 429 } });
		expect(last.headers.get('retry-after')).toBe('1');
		expect(Number(last.headers.get('retry-after-ms'))).toBeLessThanOrEqual(1000);

		sandbox.configure({ limits: { branch: false } });
		expect((await branch('POST', '/v1/url', link)).status).toBe(200);
	});
});

/* ------------------------------------------------------------------ Kumulos deep links */

describe('Kumulos deep links', () => {
	test('creates an array of links in input order', async () => {
		const r = await kLinks([kLink({ slug: 'my-deep-link' }), kLink({ linkData: { key: 'value' } })]);
		expect(r.status).toBe(200);
		expect(r.body).toHaveLength(2);
		expect(r.body[0]).toMatchObject({ id: 1, url: 'https://sandbox.lnk.click/my-deep-link', slug: 'my-deep-link' });
		expect(r.body[1]).toMatchObject({ id: 2, linkData: { key: 'value' } });
		expect(r.body[1].url).toMatch(/^https:\/\/sandbox\.lnk\.click\/[A-Za-z0-9]{8}$/);
	});

	test('401 on bad Basic auth', async () => {
		const r = await kLinks([kLink()], basic(KUMULOS_API_KEY, 'wrong'));
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'Unauthorized' });
		expect((await kLinks([kLink()], null)).status).toBe(401);
	});

	test('422 Laravel-style validation naming array paths', async () => {
		const r = await kLinks([kLink(), { linkData: { a: 1 }, desktopWebFallbackUrl: '', mobileWebFallbackUrl: 'nope' }]);
		expect(r.status).toBe(422);
		expect(r.body.message).toBe('The given data was invalid.');
		expect(r.body.errors).toEqual({
			'1.desktopWebFallbackUrl': ['The 1.desktopWebFallbackUrl field is required.'],
			'1.mobileWebFallbackUrl': ['The 1.mobileWebFallbackUrl must be a valid URL.'],
		});
		expect(sandbox.state.linksCreated.kumulos).toBe(0);
		const noData = await kLinks([{ desktopWebFallbackUrl: 'https://a.test', mobileWebFallbackUrl: 'https://b.test' }]);
		expect(noData.body.errors['0.linkData']).toEqual(['The 0.linkData field is required.']);
	});

	test('duplicate slug → 422, more than 500 → 422', async () => {
		await kLinks([kLink({ slug: 'promo' })]);
		const dup = await kLinks([kLink({ slug: 'promo' })]);
		expect(dup.status).toBe(422);
		expect(dup.body).toEqual({
			message: 'The given data was invalid.',
			errors: { '0.slug': ['The slug "promo" has already been taken.'] },
		});
		expect(sandbox.state.duplicates.kumulos).toBe(1);
		const tooMany = await kLinks(Array.from({ length: 501 }, () => kLink()));
		expect(tooMany.status).toBe(422);
		expect(tooMany.body.errors.links[0]).toMatch(/500/);
	});

	test('identical bodies without slug count as duplicates', async () => {
		await kLinks([kLink()]);
		await kLinks([kLink()]);
		expect(sandbox.state.duplicates.kumulos).toBe(1);
		expect(sandbox.state.storedDuplicates.kumulos).toBe(1);
	});

	test('copes with 10,000 links', async () => {
		for (let batch = 0; batch < 20; batch++) {
			const r = await kLinks(Array.from({ length: 500 }, (_, i) => kLink({ linkData: { n: batch * 500 + i } })));
			expect(r.status).toBe(200);
		}
		expect(sandbox.state.linksCreated.kumulos).toBe(10000);
		expect(sandbox.links('kumulos')).toHaveLength(10000);
	});
});

/* ------------------------------------------------------------------ Kumulos push */

describe('Kumulos push', () => {
	test('broadcast notification → 201 and opens for every other install / user', async () => {
		const r = await push('POST', '/notifications', { broadcast: true, title: 'Hello World', message: 'from Kumulos Push' });
		expect(r.status).toBe(201);
		expect(r.body).toEqual({
			appId: 1,
			source: 1,
			status: 1,
			filters: { broadcast: true },
			title: 'Hello World',
			message: 'from Kumulos Push',
			data: null,
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
			id: 1,
		});
		const opens = await push('GET', '/notifications/1/install-opens');
		expect(opens.status).toBe(200);
		expect(opens.body).toHaveLength(25);
		expect(opens.body[0]).toEqual({ installId: 'install-1', openedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
		const userOpens = await push('GET', '/notifications/1/user-opens');
		expect(userOpens.body[1]).toEqual({ userId: 'user-3', openedAt: expect.any(String) });
		expect((await push('GET', '/notifications/99/install-opens')).status).toBe(404);
		const second = await push('POST', '/notifications', { installIds: ['install-2', 'ghost', 'install-4'], title: 't', message: 'm' });
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(2);
		expect(second.body.filters).toEqual({ installIds: ['install-2', 'ghost', 'install-4'] });
		expect((await push('GET', '/notifications/2/install-opens')).body).toEqual([
			{ installId: 'install-2', openedAt: expect.any(String) },
		]);
		expect(sandbox.state.pushesSent).toBe(2);
		expect(sandbox.state.opens).toBe(51);
	});

	test('422 names missing title, message and target', async () => {
		const r = await push('POST', '/notifications', { broadcast: false });
		expect(r.status).toBe(422);
		expect(Object.keys(r.body.errors).sort()).toEqual(['broadcast', 'message', 'title']);
		expect(r.body.errors.title).toEqual(['The title field is required.']);
		expect(r.body.errors.broadcast[0]).toMatch(/installIds/);
		const bad = await push('POST', '/notifications', { userIds: ['user-1'], title: 't', message: 'm', scheduled: true, schedule: { sendAt: 'tomorrow' } });
		expect(Object.keys(bad.body.errors).sort()).toEqual(['schedule.pastTimes', 'schedule.sendAt', 'schedule.strategy']);
	});

	test('401 on bad credentials', async () => {
		const r = await push('GET', '/channels', undefined, basic('x', 'y'));
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'Unauthorized' });
	});

	test('channels: create, list, update, subscribe, target, delete', async () => {
		const created = await push('POST', '/channels', { uuid: 'news', name: 'News', showInPortal: true, meta: { a: 1 } });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			appId: 1,
			uuid: 'news',
			name: 'News',
			showInPortal: true,
			meta: { a: 1 },
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
			createdAt: expect.any(String),
			id: 1,
		});
		const dup = await push('POST', '/channels', { uuid: 'news' });
		expect(dup.status).toBe(422);
		expect(dup.body.errors.uuid).toEqual(['The uuid has already been taken.']);
		expect((await push('POST', '/channels', { name: 'x' })).body.errors.uuid).toBeDefined();

		const list = await push('GET', '/channels');
		expect(list.body).toHaveLength(1);
		const updated = await push('PUT', '/channels/1', { name: 'Breaking news' });
		expect(updated.status).toBe(200);
		expect(updated.body.name).toBe('Breaking news');
		expect((await push('PUT', '/channels/9', { name: 'x' })).status).toBe(404);

		expect((await push('POST', '/channels/1/subscriptions', { installIds: ['install-1', 'install-2', 'install-3'] })).status).toBe(204);
		expect((await push('POST', '/channels/1/subscriptions', { userIds: ['user-7'] })).status).toBe(204);
		const unknown = await push('POST', '/channels/1/subscriptions', { installIds: ['install-1', 'ghost-1', 'ghost-2'] });
		expect(unknown.status).toBe(404);
		expect(unknown.body.message).toContain('ghost-1, ghost-2');
		expect(unknown.body.missing).toEqual({ installIds: ['ghost-1', 'ghost-2'] });
		expect((await push('POST', '/channels/1/subscriptions', {})).status).toBe(422);
		expect((await push('DELETE', '/channels/1/subscriptions', { installIds: ['install-2'] })).status).toBe(204);
		expect(sandbox.state.subscriptions).toBe(3);

		const n = await push('POST', '/notifications', { channelIds: [1], title: 't', message: 'm' });
		expect(n.status).toBe(201);
		expect(n.body.filters).toEqual({ channelIds: [1] });
		const opens = await push('GET', `/notifications/${n.body.id}/install-opens`);
		expect(opens.body.map((o) => o.installId)).toEqual(['install-1']);
		expect((await push('GET', `/notifications/${n.body.id}/user-opens`)).body.map((o) => o.userId)).toEqual(['user-7']);

		expect((await push('DELETE', '/channels/1')).status).toBe(204);
		expect((await push('DELETE', '/channels/1')).status).toBe(404);
		expect(sandbox.state.channels).toBe(0);
	});

	test('admin adds installs and opens', async () => {
		const add = await call('POST', '/_admin/installs', { body: { installIds: ['device-x'], userIds: ['member-9'] } });
		expect(add.body).toEqual({ installs: 51, users: 51 });
		await push('POST', '/channels', { uuid: 'c1' });
		expect((await push('POST', '/channels/1/subscriptions', { installIds: ['device-x'] })).status).toBe(204);
		const n = await push('POST', '/notifications', { userIds: ['member-9'], title: 't', message: 'm' });
		const extra = await call('POST', '/_admin/opens', {
			body: { notificationId: n.body.id, installIds: ['device-x'], openedAt: '2025-01-01 10:00:00' },
		});
		expect(extra.body).toEqual({ added: 1 });
		expect((await push('GET', `/notifications/${n.body.id}/install-opens`)).body).toEqual([
			{ installId: 'device-x', openedAt: '2025-01-01 10:00:00' },
		]);
		expect((await call('POST', '/_admin/opens', { body: { notificationId: 999 } })).status).toBe(404);
	});
});

/* ------------------------------------------------------------------ Shortify */

describe('Shortify', () => {
	const body = {
		deepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS',
		key: 'invite-abc',
		title: 'Invite flow',
		objects: { campaign: 'invite-2026' },
		tracking: { utmSource: 'sms', utmCampaign: 'invite-2026' },
	};

	test('create → 201 with the page shape', async () => {
		const r = await shortify('POST', '', body);
		expect(r.status).toBe(201);
		expect(r.body.success).toBe(true);
		expect(r.body.requestId).toMatch(/^req_[0-9A-Z]{26}$/);
		expect(r.body.data).toMatchObject({
			id: expect.stringMatching(/^link_[0-9A-Z]{26}$/),
			title: 'Invite flow',
			url: 'https://example.com/app-open',
			domain: 'go.sandbox.test',
			key: 'invite-abc',
			shortLink: 'https://go.sandbox.test/invite-abc',
			linkType: 'DEEPLINK',
			deepLinkAppId: body.deepLinkAppId,
			archived: false,
			objects: { campaign: 'invite-2026' },
			tags: [],
			expiresAt: null,
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
		const generated = await shortify('POST', '', { appId: 'app_sandbox', url: 'https://example.com/x' });
		expect(generated.body.data.key).toMatch(/^[A-Za-z0-9]{7}$/);
		expect(generated.body.data.deepLinkAppId).toBe('app_sandbox');
	});

	test('401, 422 naming the field, 409 key conflict', async () => {
		const unauth = await shortify('POST', '', body, {}, 'sk_wrong');
		expect(unauth.status).toBe(401);
		expect(unauth.body).toEqual({
			success: false,
			error: { code: 'unauthorized', message: 'Invalid API key' },
			requestId: expect.stringMatching(/^req_/),
		});
		const { deepLinkAppId, ...noApp } = body;
		const missing = await shortify('POST', '', noApp);
		expect(missing.status).toBe(422);
		expect(missing.body.error).toEqual({ code: 'validation_error', message: 'deepLinkAppId is required', field: 'deepLinkAppId' });
		const badUrl = await shortify('POST', '', { ...body, key: 'k2', iosOverrideUrl: 'ftp://x' });
		expect(badUrl.body.error.field).toBe('iosOverrideUrl');

		await shortify('POST', '', body);
		const conflict = await shortify('POST', '', { ...body, title: 'Other' });
		expect(conflict.status).toBe(409);
		expect(conflict.body.error.code).toBe('key_conflict');
		expect(conflict.body.error.message).toContain('invite-abc');
		expect(sandbox.state.conflicts.shortify).toBe(1);
	});

	test('Idempotency-Key replays the stored response and rejects a different body', async () => {
		const h = { 'Idempotency-Key': 'invite-deep-link-create' };
		const r1 = await shortify('POST', '', body, h);
		expect(r1.status).toBe(201);
		expect(r1.headers.get('idempotent-replayed')).toBeNull();
		const r2 = await shortify('POST', '', body, h);
		expect(r2.status).toBe(201);
		expect(r2.headers.get('idempotent-replayed')).toBe('true');
		expect(r2.body).toEqual(r1.body);
		const r3 = await shortify('POST', '', { ...body, title: 'changed' }, h);
		expect(r3.status).toBe(422);
		expect(r3.body.error.code).toBe('idempotency_key_reused');
		const s = sandbox.state;
		expect(s.linksCreated.shortify).toBe(1);
		expect(s.idempotentReplays).toBe(1);
		expect(s.duplicates.shortify).toBe(0);
	});

	test('get, patch, archive and 404s', async () => {
		const { body: created } = await shortify('POST', '', body);
		const id = created.data.id;
		const got = await shortify('GET', `/${id}`);
		expect(got.body.data.id).toBe(id);
		const patched = await shortify('PATCH', `/${id}`, { title: 'New title', tags: ['spring'] });
		expect(patched.status).toBe(200);
		expect(patched.body.data).toMatchObject({ title: 'New title', tags: ['spring'], key: 'invite-abc' });
		const readOnly = await shortify('PATCH', `/${id}`, { domain: 'x.test' });
		expect(readOnly.status).toBe(422);
		expect(readOnly.body.error.field).toBe('domain');
		const archived = await shortify('DELETE', `/${id}`);
		expect(archived.status).toBe(200);
		expect(archived.body.data.archived).toBe(true);
		expect((await shortify('GET', '')).body.data).toHaveLength(0);
		expect((await shortify('GET', '?archived=true')).body.data).toHaveLength(1);
		for (const method of ['GET', 'PATCH', 'DELETE']) {
			const r = await shortify(method, '/link_unknown', method === 'PATCH' ? { title: 'x' } : undefined);
			expect(r.status).toBe(404);
			expect(r.body.error.code).toBe('not_found');
		}
	});

	test('list: cursor pagination, filters, sort and limit validation', async () => {
		for (let i = 0; i < 30; i++) {
			await shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: `k${i}`, title: `Link ${i}`, tags: i % 3 === 0 ? ['three'] : [] });
		}
		const seen = [];
		let cursor = null;
		let pages = 0;
		do {
			const r = await shortify('GET', `?limit=12${cursor ? `&cursor=${cursor}` : ''}`);
			expect(r.status).toBe(200);
			seen.push(...r.body.data.map((l) => l.key));
			cursor = r.body.pagination.nextCursor;
			expect(r.body.pagination.hasMore).toBe(cursor !== null);
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(seen).toHaveLength(30);
		expect(seen[0]).toBe('k29');
		expect(new Set(seen).size).toBe(30);

		const asc = await shortify('GET', '?sort=created_at_asc&limit=2');
		expect(asc.body.data.map((l) => l.key)).toEqual(['k0', 'k1']);
		const def = await shortify('GET', '');
		expect(def.body.data).toHaveLength(25);
		const tag = await shortify('GET', '?tag=three&limit=100');
		expect(tag.body.data).toHaveLength(10);
		const search = await shortify('GET', '?search=LINK%2029');
		expect(search.body.data.map((l) => l.key)).toEqual(['k29']);
		expect((await shortify('GET', '?limit=101')).body.error.field).toBe('limit');
		expect((await shortify('GET', '?sort=nope')).body.error.field).toBe('sort');
		expect((await shortify('GET', '?cursor=garbage')).body.error.field).toBe('cursor');
	});

	test('rate limit 429 with Retry-After when configured', async () => {
		sandbox.configure({ limits: { shortify: { perSecond: 5 } } });
		const statuses = [];
		let last;
		for (let i = 0; i < 6; i++) {
			last = await shortify('GET', '');
			statuses.push(last.status);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
		expect(last.body.error.code).toBe('rate_limited');
		expect(last.headers.get('retry-after')).toBe('1');
		expect(Number(last.headers.get('retry-after-ms'))).toBeGreaterThan(0);
	});
});

/* ------------------------------------------------------------------ faults */

describe('fault injection', () => {
	const sBody = { deepLinkAppId: 'app_sandbox', key: 'fault-key' };

	test('failNext: scripted 503 before processing, nothing stored', async () => {
		sandbox.configure({ faults: { failNext: [{ method: 'POST', path: '/shortify/v1/deep-links', status: 503 }] } });
		const r = await shortify('POST', '', sBody);
		expect(r.status).toBe(503);
		expect(r.body).toEqual({
			success: false,
			error: { code: 'service_unavailable', message: 'Service Unavailable' },
			requestId: expect.any(String),
		});
		expect(sandbox.state.linksCreated.shortify).toBe(0);
		expect((await shortify('POST', '', sBody)).status).toBe(201);
		expect(sandbox.state.faults.injected5xx).toBe(1);
	});

	test('failNext afterProcessing: outcome unknown, idempotent retry replays', async () => {
		sandbox.failNext({ method: 'POST', path: '/shortify/', status: 500, afterProcessing: true });
		const h = { 'Idempotency-Key': 'retry-me' };
		const r1 = await shortify('POST', '', sBody, h);
		expect(r1.status).toBe(500);
		expect(sandbox.state.linksCreated.shortify).toBe(1);
		const r2 = await shortify('POST', '', sBody, h);
		expect(r2.status).toBe(201);
		expect(r2.headers.get('idempotent-replayed')).toBe('true');
		expect(sandbox.state.linksCreated.shortify).toBe(1);
		expect(sandbox.state.duplicates.shortify).toBe(0);
	});

	test('failNext reset destroys the socket; scripted 429 gets Retry-After', async () => {
		sandbox.failNext(
			{ path: '/adjust/engage/deep-links/quota', reset: true },
			{ path: '/adjust/engage/deep-links/quota', status: 429 },
		);
		await expect(fetch(`${base}/adjust/engage/deep-links/quota`, { headers: { authorization: `Bearer ${ADJUST_API_TOKEN}` } })).rejects.toThrow();
		const limited = await adjust('GET', '/quota');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.headers.get('retry-after-ms')).toBe('1000');
		expect((await adjust('GET', '/quota')).status).toBe(200);
		expect(sandbox.state.faults.resets).toBe(1);
	});

	test('errorRate with onlyPaths, deterministic for a seed', async () => {
		sandbox.configure({ faults: { errorRate: 1, onlyPaths: '^/branch' } });
		const b = await branch('GET', `/v1/app/${BRANCH_KEY}?branch_secret=${BRANCH_SECRET}`);
		expect([500, 502, 503]).toContain(b.status);
		expect(b.body.error.code).toBe(b.status);
		expect((await adjust('GET', '/quota')).status).toBe(200);

		const run = async () => {
			sandbox.reset();
			sandbox.configure({ faults: { errorRate: 0.5 } });
			const out = [];
			for (let i = 0; i < 16; i++) out.push((await adjust('GET', '/quota')).status);
			return out;
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		expect(first.some((s) => s === 200)).toBe(true);
		expect(first.some((s) => s >= 500)).toBe(true);
	});

	test('resetRate 1 resets every matching request', async () => {
		sandbox.configure({ faults: { resetRate: 1, onlyPaths: '^/kumulos-push' } });
		await expect(fetch(`${base}/kumulos-push/channels`, { headers: { authorization: KUMULOS_AUTH } })).rejects.toThrow();
		expect((await shortify('GET', '')).status).toBe(200);
	});

	test('latencyMs delays responses; slowMs trickles the body', async () => {
		sandbox.configure({ faults: { latencyMs: 150 } });
		let t0 = Date.now();
		expect((await adjust('GET', '/quota')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

		sandbox.configure({ faults: { latencyMs: 0, slowMs: 300 } });
		t0 = Date.now();
		const res = await fetch(`${base}/adjust/engage/deep-links/quota`, { headers: { authorization: `Bearer ${ADJUST_API_TOKEN}` } });
		const headersAt = Date.now() - t0;
		expect(res.status).toBe(200);
		expect(res.headers.get('x-shortlink-quota-limit')).toBe('100000');
		const json = await res.json();
		const bodyAt = Date.now() - t0;
		expect(json.limit).toBe(100000);
		expect(headersAt).toBeLessThan(bodyAt);
		expect(bodyAt).toBeGreaterThanOrEqual(250);
	});
});

/* ------------------------------------------------------------------ admin */

describe('admin API', () => {
	test('state counters, requests (redacted) and links over HTTP', async () => {
		await adjust('POST', '', { link_token: 'abc' });
		await adjust('GET', '/quota');
		await branch('GET', `/v1/app/${BRANCH_KEY}?branch_secret=${BRANCH_SECRET}`);
		await shortify('POST', '', { deepLinkAppId: 'app_sandbox' });
		await call('GET', '/kumulos-links/v1/deep-links?limit=1', { headers: { authorization: KUMULOS_AUTH } });

		const state = (await call('GET', '/_admin/state')).body;
		expect(state.requests.total).toBe(5);
		expect(state.requests.byProvider.adjust.byRoute).toEqual({
			'POST /adjust/engage/deep-links': 1,
			'GET /adjust/engage/deep-links/quota': 1,
		});
		expect(state.requests.byProvider.kumulos.byRoute).toEqual({ 'GET (unmatched)': 1 });
		expect(state.responses.byStatus['404']).toBe(1);
		expect(state.linksCreated).toEqual({ adjust: 1, branch: 0, kumulos: 0, shortify: 1 });

		const reqs = (await call('GET', '/_admin/requests?provider=adjust&limit=10')).body;
		expect(reqs.count).toBe(2);
		expect(reqs.requests[0]).toMatchObject({ method: 'POST', provider: 'adjust', status: 200, body: { link_token: 'abc' } });
		expect(reqs.requests[0].headers.authorization).toBe('Bearer [redacted]');
		const branchReq = (await call('GET', '/_admin/requests?provider=branch')).body.requests[0];
		expect(branchReq.url).toContain('branch_secret=[redacted]');

		const links = (await call('GET', '/_admin/links?provider=shortify')).body;
		expect(links.count).toBe(1);
		expect(links.links[0].linkType).toBe('DEEPLINK');
		expect((await call('GET', '/_admin/links?provider=nope')).status).toBe(400);
	});

	test('config and reset over HTTP', async () => {
		const cfg = await call('POST', '/_admin/config', { body: { limits: { shortify: { perSecond: 1 } } } });
		expect(cfg.status).toBe(200);
		expect(cfg.body.limits.shortify.perSecond).toBe(1);
		await shortify('GET', '');
		expect((await shortify('GET', '')).status).toBe(429);
		expect(sandbox.state.rateLimited.total).toBe(1);
		expect((await call('POST', '/_admin/config', { body: { faults: { errorRate: 3 } } })).status).toBe(400);

		expect((await call('POST', '/_admin/reset')).body).toEqual({ ok: true });
		expect(sandbox.state.requests.total).toBe(0);
		expect((await shortify('GET', '')).status).toBe(200);
		expect((await shortify('GET', '')).status).toBe(200);
	});
});
