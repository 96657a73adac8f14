// Manage Deep Link through the real n8n engine, one describe per provider, nock as the provider.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');

const ADJUST = ORIGINS.adjust;
const BRANCH = ORIGINS.branch;
const SHORTIFY = ORIGINS.shortify;

const run = (parameters, items = [{}], node = {}, creds = credentials) =>
	runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters, ...node }, items, credentials: creds });

const { log, expectRequest } = isolateRequests();
/** Any query string is intercepted: the assertions compare the path with its query, as sent. */
const anyQuery = { query: true };
/** The headers the assertions check, present or absent. */
const HEADERS = ['authorization', 'api-key', 'access-token', 'content-type', 'idempotency-key'];

const JSON_BODY = { 'content-type': 'application/json' };

describe('Adjust', () => {
	const quotaHeaders = {
		'X-ShortLink-Quota-Limit': '100000',
		'X-ShortLink-Quota-Remaining': '86129',
		'X-Contract-Status': 'active',
		'X-Contract-Start-Date': '2024-12-31',
		'X-Contract-End-Date': '2027-12-31',
	};
	const quota = { limit: 100000, remaining: 86129, contractStatus: 'active', contractStartDate: '2024-12-31', contractEndDate: '2027-12-31', shortLinksAvailable: true };
	const metadata = {
		created_at: '2025-03-19T13:31:31Z',
		expires_at: '2025-10-08T17:04:24.201134367Z',
		token: '4IlkC',
		ulink: 'example',
		url: 'https://example.go.link/?adj_t=1g41cvql_1gb5zq24&adj_redirect=https%3A%2F%2Fexample.com%2Fredirect',
	};

	test('Get Short Link accepts the full URL or the token and sends both query values', async () => {
		expectRequest(ADJUST, 'GET', '/engage/deep-links/short-link', [200, metadata, quotaHeaders], anyQuery);
		expectRequest(ADJUST, 'GET', '/engage/deep-links/short-link', [200, metadata], anyQuery);
		const { items, error } = await run(
			{ provider: 'adjust', operation: 'getShortLink', adjustShortLink: '={{ $json.link }}', adjustApp: 'zgvhg75bw83k' },
			[{ link: 'https://example.go.link/4IlkC' }, { link: '4IlkC' }],
		);
		expect(error).toBeUndefined();
		const request = { method: 'GET', path: '/engage/deep-links/short-link?short_token=4IlkC&app_token=zgvhg75bw83k', headers: { authorization: authHeader.adjust } };
		expect(sent(log, HEADERS)).toEqual([request, request]);
		expect(items).toEqual([
			{ json: { provider: 'adjust', ...metadata, quota }, pairedItem: { item: 0 } },
			{ json: { provider: 'adjust', ...metadata }, pairedItem: { item: 1 } },
		]);
	});

	test('Update sends the Link Generation Payload to /{short_token} and turns 204 into a success item', async () => {
		expectRequest(ADJUST, 'PUT', '/engage/deep-links/4IlkC', [204, '', quotaHeaders], anyQuery);
		const { items, error } = await run({
			provider: 'adjust',
			operation: 'update',
			adjustShortLink: 'https://example.go.link/4IlkC',
			adjustLinkId: '1doptv0c',
			adjustFields: { redirect: 'https://example.com/new-redirect', fallback: 'https://example.com/new-fallback', deep_link_path: '/new-custom-path' },
		});
		expect(error).toBeUndefined();
		const payload = { link_token: '1doptv0c', redirect: 'https://example.com/new-redirect', fallback: 'https://example.com/new-fallback', deep_link_path: '/new-custom-path' };
		expect(sent(log, HEADERS)).toEqual([{ method: 'PUT', path: '/engage/deep-links/4IlkC', headers: { authorization: authHeader.adjust, ...JSON_BODY }, body: payload }]);
		expect(items).toEqual([{
			json: {
				provider: 'adjust',
				short_token: '4IlkC',
				updated: true,
				statusCode: 204,
				message: 'Adjust updated the redirect target of short link 4IlkC. The short link itself is unchanged.',
				link: payload,
				quota,
			},
			pairedItem: { item: 0 },
		}]);
	});

	test('Get Quota outputs the body, the parsed headers, and a notice when the quota is spent', async () => {
		const body = { limit: 100000, remaining: 86129, contract_status: 'active', contract_start_date: '2024-12-31', contract_end_date: '2027-12-31' };
		expectRequest(ADJUST, 'GET', '/engage/deep-links/quota', [200, body, quotaHeaders], anyQuery);
		expectRequest(ADJUST, 'GET', '/engage/deep-links/quota', [200, { ...body, remaining: 0 }], anyQuery);
		const { items, hints } = await run({ provider: 'adjust', operation: 'getQuota' }, [{}, {}]);
		expect(sent(log, HEADERS)).toEqual([
			{ method: 'GET', path: '/engage/deep-links/quota', headers: { authorization: authHeader.adjust } },
			{ method: 'GET', path: '/engage/deep-links/quota', headers: { authorization: authHeader.adjust } },
		]);
		const notice = 'Adjust will answer with long links instead of short ones: the Adjust short-link quota is spent (0 of 100000 remaining).';
		expect(items).toEqual([
			{ json: { provider: 'adjust', ...body, shortLinksAvailable: true, quota }, pairedItem: { item: 0 } },
			{ json: { provider: 'adjust', ...body, remaining: 0, shortLinksAvailable: false, notice }, pairedItem: { item: 1 } },
		]);
		expect(hints).toEqual([{ message: notice, location: 'outputPane' }]);
	});

	test('401 names the problem and the fix', async () => {
		expectRequest(ADJUST, 'GET', '/engage/deep-links/quota', [401, { error_code: 'auth_error', error_desc: 'Invalid API token' }], anyQuery);
		const { error } = await run({ provider: 'adjust', operation: 'getQuota' });
		expect(error.message).toBe('Adjust returned 401: Invalid API token');
		expect(error.description).toBe('Check the API key or token in the credential.');
	});

	test('404 for an unknown short link', async () => {
		expectRequest(ADJUST, 'PUT', '/engage/deep-links/nope1', [404, { error_code: 'request_error', error_desc: 'Short link not found' }], anyQuery);
		const { error } = await run({ provider: 'adjust', operation: 'update', adjustShortLink: 'nope1', adjustLinkId: '1doptv0c' });
		expect(error.message).toBe('Adjust returned 404: Short link not found');
		expect(error.description).toBe('Check the id, token or URL you gave.');
	});

	test('400 validation carries the field', async () => {
		expectRequest(ADJUST, 'GET', '/engage/deep-links/short-link', [400, { error_code: 'validation_error', error_desc: 'app_token is unknown', error_desc_details: [{ field: 'app_token', message: 'is unknown' }] }], anyQuery);
		const { error } = await run({ provider: 'adjust', operation: 'getShortLink', adjustShortLink: '4IlkC', adjustApp: 'zzz' });
		expect(error.message).toBe('Adjust returned 400: app_token is unknown (field "app_token")');
	});

	test('a long link, a bad token or a bad redirect is refused before any request', async () => {
		const long = await run({ provider: 'adjust', operation: 'getShortLink', adjustShortLink: 'https://example.go.link/?adj_t=1g41cvql', adjustApp: 'zgvhg75bw83k' });
		expect(long.error.message).toBe('Item 0: Short Link: "https://example.go.link/?adj_t=1g41cvql" has no short token in its path');
		expect(long.error.description).toBe('Field "Short Link". This is a long link. Give the short link, e.g. https://example.go.link/4IlkC.');
		const token = await run({ provider: 'adjust', operation: 'getShortLink', adjustShortLink: 'a b', adjustApp: 'zgvhg75bw83k' });
		expect(token.error.message).toBe('Item 0: Short Link: Short token "a b" may only contain letters, digits, "-" and "_"');
		const redirect = await run({ provider: 'adjust', operation: 'update', adjustShortLink: '4IlkC', adjustLinkId: '1doptv0c', adjustFields: { redirect: 'ftp://x' } });
		expect(redirect.error.message).toBe('Item 0: Redirect URL must be an http:// or https:// URL');
		expect(redirect.error.description).toBe('Field "Redirect URL". Correct the value in this item and run the node again.');
		expect(log).toEqual([]);
	});
});

describe('Branch', () => {
	const LINK = 'https://example.app.link/WgiqvsepqF';
	const read = {
		campaign: 'new product',
		channel: 'facebook',
		feature: 'onboarding',
		stage: 'new user',
		tags: ['one', 'two'],
		data: {
			$canonical_identifier: 'content/123',
			$desktop_url: 'http://www.example.com',
			$og_title: 'Old title',
			$one_time_use: false,
			custom_string: 'everything',
			'~campaign': 'new product',
			'~channel': 'facebook',
			'~creation_source': 0,
			'~id': '423196192848102356',
			url: LINK,
		},
		type: 0,
		alias: null,
	};
	const getRequest = { method: 'GET', path: `/v1/url?url=${encodeURIComponent(LINK)}&branch_key=${credentials.branchApi.branchKey}`, headers: {} };

	test('Get reads by URL; the credential adds branch_key', async () => {
		expectRequest(BRANCH, 'GET', '/v1/url', [200, read], anyQuery);
		const { items } = await run({ provider: 'branch', operation: 'get', branchUrl: LINK });
		expect(sent(log, HEADERS)).toEqual([getRequest]);
		expect(items).toEqual([{ json: { provider: 'branch', url: LINK, ...read }, pairedItem: { item: 0 } }]);
	});

	test('Update in Merge mode (the default) reads, merges the changed keys into data, strips fixed fields and writes back', async () => {
		const answer = { data: { $og_title: 'New title' }, type: 0, channel: 'twitter' };
		expectRequest(BRANCH, 'GET', '/v1/url', [200, { ...read, identity: 'user-1', domain: 'example.app.link' }], anyQuery);
		expectRequest(BRANCH, 'PUT', '/v1/url', [200, answer], anyQuery);
		const { items, error } = await run({
			provider: 'branch',
			operation: 'update',
			branchUrl: LINK,
			branchUpdateData: '{"$og_title": "New title", "custom_string": null, "added": 1}',
			branchUpdateFields: { channel: 'twitter' },
		});
		expect(error).toBeUndefined();
		expect(sent(log, HEADERS)).toEqual([
			getRequest,
			{
				method: 'PUT',
				path: `/v1/url?url=${encodeURIComponent(LINK)}`,
				headers: JSON_BODY,
				body: {
					campaign: 'new product',
					channel: 'twitter',
					feature: 'onboarding',
					stage: 'new user',
					tags: ['one', 'two'],
					data: { $canonical_identifier: 'content/123', $desktop_url: 'http://www.example.com', $og_title: 'New title', added: 1 },
					branch_key: credentials.branchApi.branchKey,
					branch_secret: credentials.branchApi.branchSecret,
				},
			},
		]);
		expect(items).toEqual([{ json: { provider: 'branch', url: LINK, mode: 'merge', ...answer }, pairedItem: { item: 0 } }]);
	});

	test('Update in Replace mode sends the data object as given, without reading', async () => {
		expectRequest(BRANCH, 'PUT', '/v1/url', [200, { data: { name: 'alex' }, type: 0 }], anyQuery);
		const { items } = await run({
			provider: 'branch',
			operation: 'update',
			branchUrl: LINK,
			branchUpdateMode: 'replace',
			branchUpdateData: { name: 'alex', user_id: '12346' },
			branchUpdateFields: { tags: 'a, b', duration: 60, otherFields: '{"extra": true}' },
		});
		expect(sent(log, HEADERS)).toEqual([{
			method: 'PUT',
			path: `/v1/url?url=${encodeURIComponent(LINK)}`,
			headers: JSON_BODY,
			body: { extra: true, tags: ['a', 'b'], duration: 60, data: { name: 'alex', user_id: '12346' }, branch_key: credentials.branchApi.branchKey, branch_secret: credentials.branchApi.branchSecret },
		}]);
		expect(items[0].json).toEqual({ provider: 'branch', url: LINK, mode: 'replace', data: { name: 'alex' }, type: 0 });
	});

	test('fixed fields are refused before any request, and an empty update too', async () => {
		const { error } = await run({ provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateFields: { otherFields: '{"alias": "x", "type": 1}' } });
		expect(error.message).toBe('Item 0: Update Fields → Other Fields: Branch does not allow "alias", "type" to be changed on an existing link');
		expect(error.description).toBe(
			'Field "Update Fields → Other Fields". Remove them. alias, identity, type, app_id, domain, state, creation_source, app_short_identifier, randomized_bundle_token are fixed when a link is created.',
		);
		const empty = await run({ provider: 'branch', operation: 'update', branchUrl: LINK });
		expect(empty.error.message).toBe('Item 0: Nothing to update: set Link Data or at least one of the Update Fields');
		const notUrl = await run({ provider: 'branch', operation: 'get', branchUrl: 'WgiqvsepqF' });
		expect(notUrl.error.message).toBe('Item 0: Link URL must be the full http:// or https:// link, got "WgiqvsepqF"');
		expect(log).toEqual([]);
	});

	test('Delete sends the Access-Token header and app_id from the credential', async () => {
		expectRequest(BRANCH, 'DELETE', '/v1/url', [200, { url: LINK, deleted: true }], anyQuery);
		const { items } = await run({ provider: 'branch', operation: 'delete', branchUrl: LINK });
		expect(sent(log, HEADERS)).toEqual([{ method: 'DELETE', path: `/v1/url?url=${encodeURIComponent(LINK)}&app_id=${credentials.branchApi.appId}`, headers: { 'access-token': credentials.branchApi.accessToken } }]);
		expect(items).toEqual([{ json: { provider: 'branch', url: LINK, deleted: true }, pairedItem: { item: 0 } }]);
	});

	test('Delete without Access Token or App ID says so and sends nothing', async () => {
		const creds = { ...credentials, branchApi: { ...credentials.branchApi, accessToken: '', appId: '' } };
		const { error } = await run({ provider: 'branch', operation: 'delete', branchUrl: LINK }, [{}], {}, creds);
		expect(error.message).toBe("Deleting a Branch link needs the credential's Access Token and App ID");
		const noToken = await run({ provider: 'branch', operation: 'delete', branchUrl: LINK }, [{}], {}, { ...credentials, branchApi: { ...credentials.branchApi, accessToken: '' } });
		expect(noToken.error.message).toBe("Deleting a Branch link needs the credential's Access Token");
		expect(log).toEqual([]);
	});

	test('401, 404 and 400 carry the provider message', async () => {
		expectRequest(BRANCH, 'GET', '/v1/url', [401, { error: { message: 'Invalid or missing branch_key', code: 401 } }], anyQuery);
		expect((await run({ provider: 'branch', operation: 'get', branchUrl: LINK })).error.message).toBe('Branch returned 401: Invalid or missing branch_key');
		expectRequest(BRANCH, 'DELETE', '/v1/url', [404, { error: { message: `Link not found: ${LINK}`, code: 404 } }], anyQuery);
		const notFound = (await run({ provider: 'branch', operation: 'delete', branchUrl: LINK })).error;
		expect(notFound.message).toBe(`Branch returned 404: Link not found: ${LINK}`);
		expect(notFound.description).toBe('Check the id, token or URL you gave.');
		expectRequest(BRANCH, 'PUT', '/v1/url', [400, { error: { message: 'Field "type" cannot be updated', code: 400 } }], anyQuery);
		const invalid = await run({ provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '{"a": 1}' });
		expect(invalid.error.message).toBe('Branch returned 400: Field "type" cannot be updated');
	});
});

describe('Shortify', () => {
	const link = (n, extra = {}) => ({ id: `link_${n}`, title: `Link ${n}`, url: `https://example.com/p/${n}`, shortLink: `https://go.example.com/k${n}`, archived: false, expiresAt: null, ...extra });
	/** A link record as the node outputs it: `url` is the short link, the destination is `destinationUrl`. */
	const shown = ({ url, ...record }) => ({ provider: 'shortify', ...record, url: record.shortLink, destinationUrl: url });
	const page = (from, count, nextCursor) => ({
		success: true,
		data: Array.from({ length: count }, (_, i) => link(from + i)),
		pagination: { nextCursor, hasMore: Boolean(nextCursor) },
		requestId: 'req_1',
	});
	const headers = { 'api-key': authHeader.shortify };
	const out = (n, index = 0) => ({ json: shown(link(n)), pairedItem: { item: index } });

	test('List with Return All follows nextCursor across three pages, with the filters on every page', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(1, 100, 'c2')], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(101, 100, 'c3')], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(201, 7, null)], anyQuery);
		const { items } = await run({
			provider: 'shortify',
			operation: 'list',
			returnAll: true,
			shortifyFilters: { search: 'invite', tag: 'sms', domain: 'go.example.com', archived: false, sort: 'created_at_asc' },
		});
		const filters = 'search=invite&tag=sms&domain=go.example.com&archived=false&sort=created_at_asc';
		expect(sent(log, HEADERS)).toEqual([
			{ method: 'GET', path: `/v1/deep-links?${filters}&limit=100`, headers },
			{ method: 'GET', path: `/v1/deep-links?${filters}&limit=100&cursor=c2`, headers },
			{ method: 'GET', path: `/v1/deep-links?${filters}&limit=100&cursor=c3`, headers },
		]);
		expect(items).toEqual(Array.from({ length: 207 }, (_, i) => out(i + 1)));
	});

	test('List with a Limit asks only for what is still wanted and stops exactly at the Limit', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(1, 100, 'c2')], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(101, 100, 'c3')], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(201, 50, 'c4')], anyQuery);
		const { items } = await run({ provider: 'shortify', operation: 'list', limit: 250 });
		expect(log.map((entry) => entry.path)).toEqual(['/v1/deep-links?limit=100', '/v1/deep-links?limit=100&cursor=c2', '/v1/deep-links?limit=50&cursor=c3']);
		expect(items).toEqual(Array.from({ length: 250 }, (_, i) => out(i + 1)));
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('List keeps to the Limit when a provider sends more than asked', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(1, 10, 'c2')], anyQuery);
		const { items } = await run({ provider: 'shortify', operation: 'list', limit: 3 });
		expect(log.map((entry) => entry.path)).toEqual(['/v1/deep-links?limit=3']);
		expect(items).toEqual([out(1), out(2), out(3)]);
	});

	test('Get by ID, Update (PATCH) and Archive (DELETE) send the documented requests', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links/link_1', [200, { success: true, data: link(1), requestId: 'r' }], anyQuery);
		let result = await run({ provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'id', value: 'link_1' } });
		expect(result.items).toEqual([out(1)]);

		expectRequest(SHORTIFY, 'PATCH', '/v1/deep-links/link_1', [200, { success: true, data: link(1, { title: 'New' }), requestId: 'r' }], anyQuery);
		result = await run({
			provider: 'shortify',
			operation: 'update',
			shortifyLink: { __rl: true, mode: 'list', value: 'link_1', cachedResultName: 'Link 1' },
			shortifyUpdateFields: { title: 'New', url: 'https://example.com/new', tags: 'a, b', expiresAt: '2026-10-27T07:00:00', objects: '{"c": 1}', tracking: { utmSource: 'sms' } },
		});
		expect(result.items).toEqual([{ json: shown(link(1, { title: 'New' })), pairedItem: { item: 0 } }]);

		expectRequest(SHORTIFY, 'DELETE', '/v1/deep-links/link_1', [200, { success: true, data: link(1, { archived: true }), requestId: 'r' }], anyQuery);
		result = await run({ provider: 'shortify', operation: 'archive', shortifyLink: { __rl: true, mode: 'id', value: '={{ "link_" + 1 }}' } });
		expect(result.items).toEqual([{ json: shown(link(1, { archived: true })), pairedItem: { item: 0 } }]);

		expect(sent(log, HEADERS)).toEqual([
			{ method: 'GET', path: '/v1/deep-links/link_1', headers },
			{
				method: 'PATCH',
				path: '/v1/deep-links/link_1',
				headers: { ...headers, ...JSON_BODY },
				body: { title: 'New', url: 'https://example.com/new', objects: { c: 1 }, tags: ['a', 'b'], expiresAt: '2026-10-27T07:00:00Z', tracking: { utmSource: 'sms' } },
			},
			{ method: 'DELETE', path: '/v1/deep-links/link_1', headers },
		]);
	});

	test('Get, List, Update and Archive output url as the short link and destinationUrl as the destination, shortLink kept', async () => {
		const record = { id: 'link_1', title: 'Invite flow', url: 'https://example.com/app-open', domain: 'go.example.com', key: 'invite-abc', shortLink: 'https://go.example.com/invite-abc', archived: false };
		const expected = { provider: 'shortify', id: 'link_1', title: 'Invite flow', domain: 'go.example.com', key: 'invite-abc', shortLink: 'https://go.example.com/invite-abc', archived: false, url: 'https://go.example.com/invite-abc', destinationUrl: 'https://example.com/app-open' };
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links/link_1', [200, { success: true, data: record }], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, { success: true, data: [record], pagination: { nextCursor: null } }], anyQuery);
		expectRequest(SHORTIFY, 'PATCH', '/v1/deep-links/link_1', [200, { success: true, data: record }], anyQuery);
		expectRequest(SHORTIFY, 'DELETE', '/v1/deep-links/link_1', [200, { success: true, data: { ...record, archived: true, url: null } }], anyQuery);
		const locator = { __rl: true, mode: 'id', value: 'link_1' };
		expect((await run({ provider: 'shortify', operation: 'get', shortifyLink: locator })).items).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		expect((await run({ provider: 'shortify', operation: 'list', limit: 1 })).items).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		expect((await run({ provider: 'shortify', operation: 'update', shortifyLink: locator, shortifyUpdateFields: { title: 'Invite flow' } })).items).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		// A link without a destination (the app's default URL) has destinationUrl null.
		expect((await run({ provider: 'shortify', operation: 'archive', shortifyLink: locator })).items).toEqual([{ json: { ...expected, archived: true, destinationUrl: null }, pairedItem: { item: 0 } }]);
		expect(log.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /v1/deep-links/link_1', 'GET /v1/deep-links?limit=1', 'PATCH /v1/deep-links/link_1', 'DELETE /v1/deep-links/link_1']);
	});

	test('a short link URL is resolved to its ID by searching, then archived links', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(1, 2, null)], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, { success: true, data: [link(9, { archived: true })], pagination: { nextCursor: null } }], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links/link_9', [200, { success: true, data: link(9, { archived: true }) }], anyQuery);
		const { items } = await run({ provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'url', value: 'https://go.example.com/k9/' } });
		expect(log.map((entry) => entry.path)).toEqual([
			`/v1/deep-links?search=${encodeURIComponent('https://go.example.com/k9/')}&archived=false&limit=100`,
			`/v1/deep-links?search=${encodeURIComponent('https://go.example.com/k9/')}&archived=true&limit=100`,
			'/v1/deep-links/link_9',
		]);
		expect(items).toEqual([{ json: shown(link(9, { archived: true })), pairedItem: { item: 0 } }]);
	});

	test('an unknown short link URL says so', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(1, 1, null)], anyQuery);
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [200, page(2, 0, null)], anyQuery);
		const { error } = await run({ provider: 'shortify', operation: 'archive', shortifyLink: { __rl: true, mode: 'url', value: 'https://go.example.com/none' } });
		expect(error.message).toBe('Item 0: Deep Link: No Shortify link has the short link "https://go.example.com/none"');
	});

	test('401, 404 and 422 carry the provider message, field and request id', async () => {
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links', [401, { success: false, error: { code: 'unauthorized', message: 'Invalid API key' }, requestId: 'req_a' }], anyQuery);
		const unauthorized = (await run({ provider: 'shortify', operation: 'list', returnAll: true })).error;
		expect(unauthorized.message).toBe('Shortify returned 401: Invalid API key');
		expect(unauthorized.description).toBe('Check the API key or token in the credential. Shortify request id: req_a');
		expectRequest(SHORTIFY, 'GET', '/v1/deep-links/link_x', [404, { success: false, error: { code: 'not_found', message: 'Deep link "link_x" was not found' }, requestId: 'req_b' }], anyQuery);
		expect((await run({ provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'id', value: 'link_x' } })).error.message).toBe(
			'Shortify returned 404: Deep link "link_x" was not found',
		);
		expectRequest(SHORTIFY, 'PATCH', '/v1/deep-links/link_1', [422, { success: false, error: { code: 'validation_error', message: 'title must be at most 255 characters', field: 'title' }, requestId: 'req_c' }], anyQuery);
		expect((await run({ provider: 'shortify', operation: 'update', shortifyLink: { __rl: true, mode: 'id', value: 'link_1' }, shortifyUpdateFields: { title: 'x' } })).error.message).toBe(
			'Shortify returned 422: title must be at most 255 characters (field "title")',
		);
	});

	test('bad input is refused before any request', async () => {
		const empty = await run({ provider: 'shortify', operation: 'update', shortifyLink: { __rl: true, mode: 'id', value: 'link_1' } });
		expect(empty.error.message).toBe('Item 0: Update Fields: Set at least one field to update');
		const badUrl = await run({ provider: 'shortify', operation: 'update', shortifyLink: { __rl: true, mode: 'id', value: 'link_1' }, shortifyUpdateFields: { iosOverrideUrl: 'app://x' } });
		expect(badUrl.error.message).toBe('Item 0: iOS Override URL must be an http:// or https:// URL');
		// A literal bad ID is already refused by n8n's own mode validation; an expression reaches the node.
		const badId = await run({ provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'id', value: '={{ "link 1/.." }}' } });
		expect(badId.error.message).toBe('Item 0: Deep Link: "link 1/.." is neither a Shortify link ID (link_…) nor a short link URL');
		const noLink = await run({ provider: 'shortify', operation: 'archive', shortifyLink: { __rl: true, mode: 'list', value: '={{ $json.missing }}' } });
		expect(noLink.error.message).toBe('Item 0: Deep Link is required');
		expect(log).toEqual([]);
	});

	test('continue on fail: a failed item gets an error item, the others their results, in input order', async () => {
		expectRequest(SHORTIFY, 'DELETE', '/v1/deep-links/link_1', [200, { success: true, data: link(1, { archived: true }) }], anyQuery);
		expectRequest(SHORTIFY, 'DELETE', '/v1/deep-links/link_2', [404, { success: false, error: { code: 'not_found', message: 'Deep link "link_2" was not found' }, requestId: 'req_d' }], anyQuery);
		const { items, error } = await run(
			{ provider: 'shortify', operation: 'archive', shortifyLink: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			[{ id: 'link_1' }, { id: 'link_2' }, { id: 'bad id' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		// The invalid third item is refused before anything is sent; the other two go out.
		expect(log.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['DELETE /v1/deep-links/link_1', 'DELETE /v1/deep-links/link_2']);
		expect(items).toEqual([
			{ json: shown(link(1, { archived: true })), pairedItem: { item: 0 } },
			{
				json: {
					provider: 'shortify',
					error: 'Shortify returned 404: Deep link "link_2" was not found',
					description: 'Check the id, token or URL you gave. Shortify request id: req_d',
					httpCode: '404',
					providerCode: 'not_found',
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					provider: 'shortify',
					error: 'Item 2: Deep Link: "bad id" is neither a Shortify link ID (link_…) nor a short link URL',
					description: 'Field "Deep Link". Correct the value in this item and run the node again.',
				},
				pairedItem: { item: 2 },
			},
		]);
	});
});

describe('Kumulos', () => {
	test('has no management endpoints: the run fails with the reason, or an error item under continue on fail', async () => {
		const { error } = await run({ provider: 'kumulos' });
		expect(error.message).toBe('Kumulos has no deep link management endpoints');
		expect(error.description).toBe(
			'Kumulos offers no endpoints to read, update, delete or list deep links: its API only creates them. Manage Kumulos links in the Kumulos dashboard. Choose another provider, or use Create Deep Link for Kumulos.',
		);
		const continued = await run({ provider: 'kumulos' }, [{}], { onError: 'continueRegularOutput' });
		expect(continued.items).toEqual([{ json: { provider: 'kumulos', error: error.message, description: error.description }, pairedItem: { item: 0 } }]);
	});
});
