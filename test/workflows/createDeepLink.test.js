// Create Deep Link through the real n8n engine, one describe per provider, nock as the provider.
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent, HEADERS } = require('../helpers/http');

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const run = (parameters, items = [{}], node = {}) =>
	runNode({ node: { type: 'createDeepLink', name: 'Create Deep Link', parameters, ...node }, items, credentials });

const { log, expectRequest } = isolateRequests();

describe('Adjust', () => {
	const ADJUST = ORIGINS.adjust;
	const quotaHeaders = (remaining) => ({
		'X-ShortLink-Quota-Limit': '100000',
		'X-ShortLink-Quota-Remaining': String(remaining),
		'X-Contract-Status': 'active',
		'X-Contract-Start-Date': '2024-12-31',
		'X-Contract-End-Date': '2027-12-31',
	});
	const params = {
		provider: 'adjust',
		adjustLinkId: '={{ $json.token }}',
		adjustFields: { campaign: '={{ $json.campaign }}', redirect: 'https://example.com/redirect', deep_link_path: '/offer/42', shortCode: 'summer26' },
	};

	test('sends the documented request and outputs url, quota and the full response', async () => {
		const answer = { url: 'https://example.go.link/summer26', long_url: 'https://example.go.link/?adj_t=1c52mluz&adj_redirect=https%3A%2F%2Fexample.com%2Fredirect' };
		expectRequest(ADJUST, 'POST', '/engage/deep-links', [200, answer, quotaHeaders(86129)]);
		const { items, error } = await run(params, [{ token: '1c52mluz', campaign: 'summer' }]);
		expect(error).toBeUndefined();
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/engage/deep-links',
			headers: { authorization: authHeader.adjust, ...JSON_HEADERS },
			body: { link_token: '1c52mluz', campaign: 'summer', redirect: 'https://example.com/redirect', deep_link_path: '/offer/42', short_token: 'summer26' },
		}]);
		expect(items).toEqual([{
			json: {
				provider: 'adjust',
				url: 'https://example.go.link/summer26',
				long_url: answer.long_url,
				shortened: true,
				quota: { limit: 100000, remaining: 86129, contractStatus: 'active', contractStartDate: '2024-12-31', contractEndDate: '2027-12-31', shortLinksAvailable: true },
				response: answer,
			},
			pairedItem: { item: 0 },
		}]);
	});

	test('says shortened: false, and why, when Adjust falls back to a long link', async () => {
		const long = 'https://example.go.link/?adj_t=1c52mluz';
		expectRequest(ADJUST, 'POST', '/engage/deep-links', [200, { url: long, long_url: long }, quotaHeaders(0)]);
		const { items } = await run({ provider: 'adjust', adjustLinkId: '1c52mluz' });
		expect(items[0].json).toEqual({
			provider: 'adjust',
			url: long,
			long_url: long,
			shortened: false,
			notice: 'Adjust returned a long link instead of a short one: the Adjust short-link quota is spent (0 of 100000 remaining).',
			quota: { limit: 100000, remaining: 0, contractStatus: 'active', contractStartDate: '2024-12-31', contractEndDate: '2027-12-31', shortLinksAvailable: false },
			response: { url: long, long_url: long },
		});
	});

	test('401 names the problem and the fix', async () => {
		expectRequest(ADJUST, 'POST', '/engage/deep-links', [401, { error_code: 'auth_error', error_desc: 'Invalid API token' }]);
		const { error } = await run(params, [{ token: 'abc' }]);
		expect(error.message).toBe('Adjust returned 401: Invalid API token');
		expect(error.description).toBe('Check the API key or token in the credential.');
	});

	test('400 carries the provider message and field', async () => {
		expectRequest(ADJUST, 'POST', '/engage/deep-links', [400, { error_code: 'validation_error', error_desc: 'link_token is unknown', error_desc_details: [{ field: 'link_token', message: 'is unknown' }] }]);
		const { error } = await run(params, [{ token: 'abc' }]);
		expect(error.message).toBe('Adjust returned 400: link_token is unknown (field "link_token")');
	});

	test('409 names the short token that is taken', async () => {
		expectRequest(ADJUST, 'POST', '/engage/deep-links', [409, { error_code: 'request_error', error_desc: 'short_token "summer26" is already taken', error_desc_details: [{ field: 'short_token' }] }]);
		const { error } = await run(params, [{ token: 'abc' }]);
		expect(error.message).toBe('Adjust returned 409: a link with the short token "summer26" already exists (field "short_token")');
		expect(error.description).toBe('If an earlier run of this workflow created it, that link is already there and nothing more is needed. Otherwise choose another short token, or leave it empty so Adjust generates one. Adjust said: short_token "summer26" is already taken');
	});
});

describe('Branch', () => {
	const BRANCH = ORIGINS.branch;
	const params = {
		provider: 'branch',
		branchData: '={{ JSON.stringify({ "$canonical_identifier": "content/" + $json.id, "$desktop_url": "https://example.com/c/" + $json.id }) }}',
		branchFields: { alias: '={{ "offer-" + $json.id }}', channel: 'sms', feature: 'onboarding', campaign: 'new product', stage: 'new user', tags: 'one, two', type: 1 },
	};

	test('sends the documented request and outputs url and the full response', async () => {
		expectRequest(BRANCH, 'POST', '/v1/url', [200, { url: 'https://example.app.link/offer-7' }]);
		const { items } = await run(params, [{ id: 7 }]);
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/v1/url',
			headers: JSON_HEADERS,
			body: {
				alias: 'offer-7', channel: 'sms', feature: 'onboarding', campaign: 'new product', stage: 'new user', tags: ['one', 'two'], type: 1,
				data: { $canonical_identifier: 'content/7', $desktop_url: 'https://example.com/c/7' },
				branch_key: credentials.branchApi.branchKey,
			},
		}]);
		expect(items).toEqual([{ json: { provider: 'branch', url: 'https://example.app.link/offer-7', response: { url: 'https://example.app.link/offer-7' } }, pairedItem: { item: 0 } }]);
	});

	test('401 carries the provider message', async () => {
		expectRequest(BRANCH, 'POST', '/v1/url', [401, { error: { message: 'Invalid or missing branch_key', code: 401 } }]);
		const { error } = await run(params, [{ id: 7 }]);
		expect(error.message).toBe('Branch returned 401: Invalid or missing branch_key');
	});

	test('400 carries the provider message', async () => {
		expectRequest(BRANCH, 'POST', '/v1/url', [400, { error: { message: 'Invalid type: must be 0, 1 or 2', code: 400 } }]);
		const { error } = await run(params, [{ id: 7 }]);
		expect(error.message).toBe('Branch returned 400: Invalid type: must be 0, 1 or 2');
	});

	test('409 names the alias that is taken', async () => {
		expectRequest(BRANCH, 'POST', '/v1/url', [409, { error: { message: 'Alias "offer-7" is already taken for this domain', code: 409 } }]);
		const { error } = await run(params, [{ id: 7 }]);
		expect(error.message).toBe('Branch returned 409: a link with the alias "offer-7" already exists (field "alias")');
		expect(error.context.conflict).toBe('offer-7');
	});
});

describe('Kumulos', () => {
	const LINKS = ORIGINS.links;
	const params = {
		provider: 'kumulos',
		kumulosLinkData: '={{ { "offerId": $json.offer } }}',
		kumulosDesktopWebFallbackUrl: 'https://example.com/offer',
		kumulosMobileWebFallbackUrl: 'https://m.example.com/offer',
		kumulosFields: { slug: 'summer-offer', contentTitle: 'Summer', reportingMeta: '{"campaign": "Summer Promotion"}', expiresAt: '2026-10-27T07:00:00', lookupLimit: 5, forceWebFallback: true },
	};

	test('sends a one-link array with Basic auth and outputs id and url', async () => {
		const link = { id: 1, url: 'https://app.lnk.click/summer-offer' };
		expectRequest(LINKS, 'POST', '/v1/deep-links', [200, [link]]);
		const { items } = await runNode({ node: { type: 'createDeepLink', name: 'Create Deep Link', parameters: params }, items: [{ offer: 42 }], credentials, timezone: 'Europe/Berlin' });
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/v1/deep-links',
			headers: { authorization: authHeader.kumulos, ...JSON_HEADERS },
			body: [{
				slug: 'summer-offer',
				linkData: { offerId: 42 },
				desktopWebFallbackUrl: 'https://example.com/offer',
				mobileWebFallbackUrl: 'https://m.example.com/offer',
				content: { title: 'Summer' },
				reportingMeta: { campaign: 'Summer Promotion' },
				// No offset given: read in the workflow's time zone (Berlin, UTC+1 in late October).
				expiresAt: '2026-10-27T07:00:00+01:00',
				lookupLimit: 5,
				forceWebFallback: true,
			}],
		}]);
		expect(items).toEqual([{ json: { provider: 'kumulos', url: link.url, id: 1, response: link }, pairedItem: { item: 0 } }]);
	});

	test('401 carries the provider message', async () => {
		expectRequest(LINKS, 'POST', '/v1/deep-links', [401, { message: 'Unauthorized' }]);
		const { error } = await run(params, [{ offer: 1 }]);
		expect(error.message).toBe('Kumulos returned 401: Unauthorized');
	});

	test('422 names the invalid field', async () => {
		expectRequest(LINKS, 'POST', '/v1/deep-links', [422, { message: 'The given data was invalid.', errors: { '0.lookupLimit': ['The 0.lookupLimit must be at least 1.'] } }]);
		const { error } = await run(params, [{ offer: 1 }]);
		expect(error.message).toBe('Kumulos returned 422: The given data was invalid. 0.lookupLimit: The 0.lookupLimit must be at least 1. (field "lookupLimit")');
	});

	test('a slug clash names the slug', async () => {
		expectRequest(LINKS, 'POST', '/v1/deep-links', [422, { message: 'The given data was invalid.', errors: { '0.slug': ['The slug "summer-offer" has already been taken.'] } }]);
		const { error } = await run(params, [{ offer: 1 }]);
		expect(error.message).toBe('Kumulos returned 422: a link with the slug "summer-offer" already exists (field "slug")');
	});
});

describe('Shortify', () => {
	const SHORTIFY = ORIGINS.shortify;
	const params = {
		provider: 'shortify',
		shortifyDeepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS',
		shortifyFields: {
			key: 'invite-abc',
			title: 'Invite flow',
			objects: { campaign: 'invite-2026' },
			tags: 'invite,sms',
			tracking: { utmSource: 'sms', utmCampaign: 'invite-2026' },
			idempotencyKey: '={{ "invite-" + $json.user }}',
		},
	};
	const created = {
		success: true,
		data: { id: 'link_01HV5A4W7QJ9K2X4Q8ZW5FGZ2R', title: 'Invite flow', url: 'https://example.com/app-open', domain: 'go.example.com', key: 'invite-abc', shortLink: 'https://go.example.com/invite-abc', linkType: 'DEEPLINK', deepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS', archived: false, objects: { campaign: 'invite-2026' }, tags: [] },
		requestId: 'req_01',
	};

	test('sends the documented request with an Idempotency-Key and outputs id, key and url', async () => {
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [201, created]);
		const { items } = await run(params, [{ user: 'u1' }]);
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/v1/deep-links',
			headers: { 'api-key': authHeader.shortify, 'idempotency-key': 'invite-u1', ...JSON_HEADERS },
			body: {
				deepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS', key: 'invite-abc', title: 'Invite flow',
				objects: { campaign: 'invite-2026' }, tags: ['invite', 'sms'], tracking: { utmSource: 'sms', utmCampaign: 'invite-2026' },
			},
		}]);
		expect(items).toEqual([{
			json: { provider: 'shortify', url: 'https://go.example.com/invite-abc', id: created.data.id, key: 'invite-abc', idempotencyKey: 'invite-u1', response: created },
			pairedItem: { item: 0 },
		}]);
	});

	describe('Destination URL sits at the top level; a workflow saved with it under Additional Fields still sends it', () => {
		const body = (url) => ({ deepLinkAppId: 'app_1', ...(url ? { url } : {}), title: 'T' });
		test.each([
			['top level', { shortifyUrl: 'https://example.com/top', shortifyFields: { title: 'T' } }, 'https://example.com/top'],
			['Additional Fields, as saved by earlier versions', { shortifyFields: { url: 'https://example.com/old', title: 'T' } }, 'https://example.com/old'],
			['both: the top level wins', { shortifyUrl: '={{ $json.url }}', shortifyFields: { url: 'https://example.com/old', title: 'T' } }, 'https://example.com/top'],
			['the top level empty: the saved one is sent', { shortifyUrl: '={{ "" }}', shortifyFields: { url: 'https://example.com/old', title: 'T' } }, 'https://example.com/old'],
			['neither: the app default URL', { shortifyFields: { title: 'T' } }, undefined],
		])('%s', async (_name, parameters, url) => {
			expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [201, created]);
			const { items, error } = await run({ provider: 'shortify', shortifyDeepLinkAppId: 'app_1', ...parameters }, [{ url: 'https://example.com/top' }]);
			expect(error).toBeUndefined();
			expect(log.map((entry) => entry.body)).toEqual([body(url)]);
			expect(items[0].json).toEqual({ provider: 'shortify', url: 'https://go.example.com/invite-abc', id: created.data.id, key: 'invite-abc', idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/), response: created });
		});

		test.each([
			['top level', { shortifyUrl: 'myapp://x' }],
			['Additional Fields', { shortifyFields: { url: 'myapp://x' } }],
		])('a Destination URL that is not http(s) is refused before sending (%s)', async (_name, parameters) => {
			const { error } = await run({ provider: 'shortify', shortifyDeepLinkAppId: 'app_1', ...parameters });
			expect(log).toEqual([]);
			expect(error.message).toBe('Item 0: Destination URL must be an http:// or https:// URL');
		});

		test('the old option is shown only where a saved workflow has it; new workflows see Destination URL at the top level', async () => {
			const { NodeHelpers } = require('n8n-workflow');
			const { loadPackage } = require('../helpers/engine');
			const { description } = (await loadPackage()).nodeTypes.createDeepLink.type;
			const names = (parameters) => Object.keys(NodeHelpers.getNodeParameters(description.properties, { provider: 'shortify', mappingMode: 'defineBelow', ...parameters }, false, false, null, description).shortifyFields ?? {});
			const collection = description.properties.find((property) => property.name === 'shortifyFields');
			const moved = collection.options.find((option) => option.name === 'url');
			expect(moved.displayName).toBe('Destination URL (Moved)');
			expect(NodeHelpers.displayParameterPath({ shortifyFields: {} }, moved, 'shortifyFields', null, description)).toBe(false);
			expect(NodeHelpers.displayParameterPath({ shortifyFields: { url: 'https://example.com/old' } }, moved, 'shortifyFields', null, description)).toBe(true);
			expect(names({ shortifyFields: { url: 'https://example.com/old', title: 'T' } })).toEqual(['url', 'title']);
			const top = description.properties.find((property) => property.name === 'shortifyUrl');
			expect(top).toMatchObject({ displayName: 'Destination URL', type: 'string', default: '', placeholder: 'e.g. https://example.com/app-open' });
			expect(top.required).toBeUndefined();
		});
	});

	test('generates one idempotency key per item and keeps it across retries', async () => {
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [503, { success: false, error: { code: 'service_unavailable', message: 'Busy' } }]);
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [201, created]);
		const { items } = await run({ provider: 'shortify', shortifyDeepLinkAppId: 'app_1' });
		expect(log).toHaveLength(2);
		const key = log[0].headers['idempotency-key'];
		expect(key).toMatch(/^[0-9a-f-]{36}$/);
		expect(log[1].headers['idempotency-key']).toBe(key);
		expect(items[0].json.idempotencyKey).toBe(key);
	});

	test('401 carries the provider message and request id', async () => {
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [401, { success: false, error: { code: 'unauthorized', message: 'Invalid API key' }, requestId: 'req_9' }]);
		const { error } = await run(params, [{ user: 'u1' }]);
		expect(error.message).toBe('Shortify returned 401: Invalid API key');
		expect(error.description).toBe('Check the API key or token in the credential. Shortify request id: req_9');
	});

	test('422 names the field', async () => {
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [422, { success: false, error: { code: 'validation_error', message: 'Unknown deep-link app', field: 'deepLinkAppId' }, requestId: 'req_2' }]);
		const { error } = await run(params, [{ user: 'u1' }]);
		expect(error.message).toBe('Shortify returned 422: Unknown deep-link app (field "deepLinkAppId")');
	});

	test('409 names the key that is taken', async () => {
		expectRequest(SHORTIFY, 'POST', '/v1/deep-links', [409, { success: false, error: { code: 'key_conflict', message: 'Key "invite-abc" is already in use', field: 'key' }, requestId: 'req_3' }]);
		const { error } = await run(params, [{ user: 'u1' }]);
		expect(error.message).toBe('Shortify returned 409: a link with the key "invite-abc" already exists (field "key")');
	});
});

describe.each([
	['adjust', ORIGINS.adjust, '/engage/deep-links', { provider: 'adjust', adjustLinkId: 'abc' }, [200, { url: 'https://x.go.link/a' }], { error_code: 'request_error', error_desc: 'Too many requests' }],
	['branch', ORIGINS.branch, '/v1/url', { provider: 'branch' }, [200, { url: 'https://x.app.link/a' }], { error: { message: 'Rate limit exceeded', code: 429 } }],
	['kumulos', ORIGINS.links, '/v1/deep-links', { provider: 'kumulos', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com' }, [200, [{ id: 1, url: 'https://x.lnk.click/a' }]], { message: 'Too Many Attempts.' }],
	['shortify', ORIGINS.shortify, '/v1/deep-links', { provider: 'shortify', shortifyDeepLinkAppId: 'app_1' }, [201, { success: true, data: { id: 'link_1', key: 'a', shortLink: 'https://go.x/a' } }], { success: false, error: { code: 'rate_limited', message: 'Slow down' } }],
])('%s', (provider, origin, path, params, ok, limited) => {
	test('a 429 with Retry-After is retried after the wait and succeeds', async () => {
		expectRequest(origin, 'POST', path, [429, limited, { 'Retry-After': '1' }]);
		expectRequest(origin, 'POST', path, ok);
		const started = Date.now();
		const { items, error } = await run(params);
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(log).toHaveLength(2);
		expect(log[1].body).toEqual(log[0].body);
		expect(items).toHaveLength(1);
		expect(items[0].json.url).toBeDefined();
	});
});

describe('bad input is rejected before any request', () => {
	test.each([
		['adjust', { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { redirect: '={{ $json.bad ? "not a url" : "https://e.com" }}' } }, 'Item 1: Redirect URL must be an http:// or https:// URL', 'Field "Redirect URL". Correct the value in this item and run the node again.'],
		['adjust', { provider: 'adjust', adjustLinkId: '={{ $json.bad ? "" : "abc" }}' }, 'Item 1: Link Token is required', 'Field "Link Token". Correct the value in this item and run the node again.'],
		['branch', { provider: 'branch', branchData: '={{ $json.bad ? "[1, 2]" : "{}" }}' }, 'Item 1: Link Data must be a JSON object', 'Field "Link Data". Give a JSON object such as {"key": "value"}, not an array or a plain value.'],
		['branch', { provider: 'branch', branchData: '={{ $json.bad ? "{not json" : "{}" }}' }, /^Item 1: Link Data is not valid JSON: /, 'Field "Link Data". Give a JSON object such as {"key": "value"}.'],
		['kumulos', { provider: 'kumulos', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com', kumulosFields: { expiresAt: '={{ $json.bad ? "next tuesday" : "" }}' } }, 'Item 1: Expires At must be an ISO 8601 date-time, got "next tuesday"', 'Field "Expires At". For example 2026-10-27T07:00:00+00:00, or pick a date in the date picker.'],
		['kumulos', { provider: 'kumulos', kumulosDesktopWebFallbackUrl: '={{ $json.bad ? "" : "https://e.com" }}', kumulosMobileWebFallbackUrl: 'https://e.com' }, 'Item 1: Desktop Web Fallback URL is required', 'Field "Desktop Web Fallback URL". Correct the value in this item and run the node again.'],
		['shortify', { provider: 'shortify', shortifyDeepLinkAppId: '={{ $json.bad ? "" : "app_1" }}' }, 'Item 1: Deep Link App ID is required', 'Field "Deep Link App ID". Correct the value in this item and run the node again.'],
		['shortify', { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { iosOverrideUrl: '={{ $json.bad ? "myapp://x" : "" }}' } }, 'Item 1: iOS Override URL must be an http:// or https:// URL', 'Field "iOS Override URL". Correct the value in this item and run the node again.'],
	])('%s: %s', async (provider, params, message, description) => {
		// No interceptor: any request would fail with a nock error instead of the validation error.
		const { items, error } = await run(params, [{ bad: false }, { bad: true }]);
		expect(items).toEqual([]);
		if (message instanceof RegExp) expect(error.message).toMatch(message);
		else expect(error.message).toBe(message);
		expect(error.description).toBe(description);
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('continue on fail', () => {
	test('every item gets one output item, in order, with pairedItem and the error for failed ones', async () => {
		expectRequest(ORIGINS.branch, 'POST', '/v1/url', [200, { url: 'https://x.app.link/first' }]);
		expectRequest(ORIGINS.branch, 'POST', '/v1/url', [409, { error: { message: 'Alias "taken" is already taken for this domain', code: 409 } }]);
		const { items } = await run(
			{ provider: 'branch', branchData: '={{ $json.data }}', branchFields: { alias: '={{ $json.alias }}' } },
			[{ alias: 'first', data: '{}' }, { alias: 'bad', data: '[]' }, { alias: 'taken', data: '{}' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(log.map((entry) => entry.body.alias)).toEqual(['first', 'taken']);
		expect(items).toEqual([
			{ json: { provider: 'branch', url: 'https://x.app.link/first', response: { url: 'https://x.app.link/first' } }, pairedItem: { item: 0 } },
			{ json: { provider: 'branch', error: 'Item 1: Link Data must be a JSON object', description: 'Field "Link Data". Give a JSON object such as {"key": "value"}, not an array or a plain value.' }, pairedItem: { item: 1 } },
			{
				json: {
					provider: 'branch',
					error: 'Branch returned 409: a link with the alias "taken" already exists (field "alias")',
					description: 'If an earlier run of this workflow created it, that link is already there and nothing more is needed. Otherwise choose another alias, or leave it empty so Branch generates one. Branch said: Alias "taken" is already taken for this domain',
					httpCode: '409',
					providerCode: '409',
					field: 'alias',
					conflict: 'taken',
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	test('"Continue (using error output)" sends failed items to the error output, created links to the success output', async () => {
		expectRequest(ORIGINS.branch, 'POST', '/v1/url', [200, { url: 'https://x.app.link/first' }]);
		const { outputs } = await run(
			{ provider: 'branch', branchData: '={{ $json.data }}' },
			[{ data: '{}' }, { data: '[]' }],
			{ onError: 'continueErrorOutput' },
		);
		expect(outputs[0]).toEqual([{ json: { provider: 'branch', url: 'https://x.app.link/first', response: { url: 'https://x.app.link/first' } }, pairedItem: { item: 0 } }]);
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[1][0].json.error).toBe('Item 1: Link Data must be a JSON object');
		expect(outputs[1][0].error.message).toBe('Item 1: Link Data must be a JSON object');
	});
});

describe('a failure after a link was created', () => {
	test('does not stop the node, so the created link is not lost and not created again by a re-run', async () => {
		expectRequest(ORIGINS.branch, 'POST', '/v1/url', [200, { url: 'https://x.app.link/a' }]);
		expectRequest(ORIGINS.branch, 'POST', '/v1/url', [409, { error: { message: 'Alias taken', code: 409 } }]);
		const { items, error, hints } = await run({ provider: 'branch', branchFields: { alias: '={{ $json.alias }}' } }, [{ alias: 'a' }, { alias: 'b' }]);
		expect(error).toBeUndefined();
		expect(items[0]).toEqual({ json: { provider: 'branch', url: 'https://x.app.link/a', response: { url: 'https://x.app.link/a' } }, pairedItem: { item: 0 } });
		expect(items[1].json.error).toBe('Branch returned 409: a link with the alias "b" already exists (field "alias")');
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^1 item\(s\) failed \(items 1\) after 1 link had been created\./) })]);
	});
});

