// Bulk Create Deep Links through the real n8n engine: nock as the provider for exact requests, the
// sandbox for end-to-end outcome-unknown checks read from its admin counts.
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');
const { useSandbox } = require('../helpers/sandbox');

const ADJUST = ORIGINS.adjust;
const BRANCH = ORIGINS.branch;
const KUMULOS = ORIGINS.links;
const SHORTIFY = ORIGINS.shortify;
const BRANCH_BULK = `/v1/url/bulk/${credentials.branchApi.branchKey}`;

const run = (parameters, items, node = {}, creds = credentials) =>
	runNode({ node: { type: 'bulkCreateDeepLinks', name: 'Bulk Create Deep Links', parameters, ...node }, items, credentials: creds });

const { log, provider, expectRequest } = isolateRequests();
/** Answers `times` POSTs to `path`: `answer(body, number)` gives [status, body, headers] for the request numbered `number` in the log. */
const serve = (origin, path, answer, times = 1) => expectRequest(origin, 'POST', path, (request, number) => answer(request.body, number), { times });
/** The headers the assertions check, present or absent. */
const HEADERS = ['authorization', 'api-key', 'idempotency-key', 'content-type'];

const range = (count, make = (index) => ({ id: index })) => Array.from({ length: count }, (_, index) => make(index));
const paired = (items) => items.map((item) => item.pairedItem.item);

describe('Adjust', () => {
	const params = { provider: 'adjust', adjustLinkId: '={{ $json.token }}', adjustFields: { campaign: '={{ $json.campaign }}' } };
	const tokens = (count) => range(count, (index) => ({ token: `t${index}`, campaign: 'spring' }));
	const links = (body) => [200, { data: body.data.map((link) => ({ url: `https://x.go.link/${link.link_token}` })) }];
	const created = (token) => ({ success: true, provider: 'adjust', url: `https://x.go.link/${token}`, shortened: true, response: { url: `https://x.go.link/${token}` } });
	const quotaHeaders = (remaining) => ({ 'X-ShortLink-Quota-Limit': '1000', 'X-ShortLink-Quota-Remaining': String(remaining), 'X-Contract-Status': 'active' });

	test('sends the documented bulk request and outputs one item per link, with quota', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', (body) => [200, { data: [{ url: 'https://x.go.link/a', long_url: 'https://x.go.link/?adj_t=t0' }, { error_code: 'validation_error', error_desc: 'link_token "t1" is unknown' }] }, quotaHeaders(998)]);
		const { items, error } = await run(params, tokens(2));
		expect(error).toBeUndefined();
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/engage/deep-links/bulk',
			headers: { authorization: authHeader.adjust, 'content-type': 'application/json' },
			body: { data: [{ link_token: 't0', campaign: 'spring' }, { link_token: 't1', campaign: 'spring' }] },
		}]);
		expect(items).toEqual([
			{
				json: {
					success: true,
					provider: 'adjust',
					url: 'https://x.go.link/a',
					long_url: 'https://x.go.link/?adj_t=t0',
					shortened: true,
					quota: { limit: 1000, remaining: 998, contractStatus: 'active', shortLinksAvailable: true },
					response: { url: 'https://x.go.link/a', long_url: 'https://x.go.link/?adj_t=t0' },
				},
				pairedItem: { item: 0 },
			},
			{ json: { success: false, provider: 'adjust', error: 'link_token "t1" is unknown', code: 'validation_error' }, pairedItem: { item: 1 } },
		]);
	});

	test.each([
		[99, [99]],
		[100, [100]],
		[101, [100, 1]],
	])('%i items go out as batches of %j, output in input order', async (count, sizes) => {
		serve(ADJUST, '/engage/deep-links/bulk', links, sizes.length);
		const { items } = await run({ ...params, options: { concurrency: 3 } }, tokens(count));
		expect(log.map((entry) => entry.body.data.length).sort((a, b) => b - a)).toEqual(sizes);
		expect(items).toEqual(range(count, (index) => ({ json: created(`t${index}`), pairedItem: { item: index } })));
	});

	test('invalid items are reported before any request and left out of the batches', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', links);
		const { items } = await run(params, [{ token: 't0' }, { token: '' }, { token: 'bad token!' }, { token: 't3' }]);
		expect(log.map((entry) => entry.body.data.map((link) => link.link_token))).toEqual([['t0', 't3']]);
		expect(items).toEqual([
			{ json: { ...created('t0') }, pairedItem: { item: 0 } },
			{ json: { success: false, provider: 'adjust', error: 'Item 1: Link Token is required', field: 'Link Token', description: 'Field "Link Token". Correct the value in this item and run the node again.' }, pairedItem: { item: 1 } },
			{ json: { success: false, provider: 'adjust', error: 'Item 2: Link Token must be letters and digits, or two tokens joined as tokenA_tokenB', field: 'Link Token', description: 'Field "Link Token". Correct the value in this item and run the node again.' }, pairedItem: { item: 2 } },
			{ json: { ...created('t3') }, pairedItem: { item: 3 } },
		]);
	});

	test('a 429 in the middle of a run is retried after Retry-After; nothing is lost or duplicated', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', (body, number) =>
			number === 1 ? [429, { error_code: 'request_error', error_desc: 'Too many requests' }, { 'retry-after-ms': '20' }] : links(body), 4);
		const { items, error } = await run({ ...params, options: { batchSize: 2, concurrency: 1 } }, tokens(6));
		expect(error).toBeUndefined();
		expect(log.map((entry) => entry.body.data.map((link) => link.link_token))).toEqual([['t0', 't1'], ['t2', 't3'], ['t2', 't3'], ['t4', 't5']]);
		expect(items.map((item) => item.json.url)).toEqual(range(6, (index) => `https://x.go.link/t${index}`));
	});

	test('a 5xx is retried, because Adjust dedupes identical links', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', (body, number) => (number === 0 ? [503, { error_code: 'service_error', error_desc: 'Busy' }] : links(body)), 2);
		const { items } = await run({ ...params, options: { maxRetries: 1 } }, tokens(2));
		expect(log).toHaveLength(2);
		expect(items.map((item) => item.json)).toEqual([created('t0'), created('t1')]);
	});

	test('when the quota runs out mid-run, the long links say shortened: false and the node says why', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', (body, number) => {
			if (number === 0) return [...links(body).slice(0, 2), quotaHeaders(1)];
			const long = (link) => `https://x.go.link/?adj_t=${link.link_token}`;
			return [200, { data: body.data.map((link) => ({ url: long(link), long_url: long(link) })) }, quotaHeaders(0)];
		}, 2);
		const { items, hints } = await run({ ...params, options: { batchSize: 1, concurrency: 1 } }, tokens(2));
		expect(items[0].json.shortened).toBe(true);
		expect(items[1].json).toEqual({
			success: true,
			provider: 'adjust',
			url: 'https://x.go.link/?adj_t=t1',
			long_url: 'https://x.go.link/?adj_t=t1',
			shortened: false,
			notice: 'Adjust returned a long link instead of a short one: the Adjust short-link quota is spent (0 of 1000 remaining).',
			quota: { limit: 1000, remaining: 0, contractStatus: 'active', shortLinksAvailable: false },
			response: { url: 'https://x.go.link/?adj_t=t1', long_url: 'https://x.go.link/?adj_t=t1' },
		});
		expect(hints).toEqual([{
			message: '1 of 2 Adjust links came back long (shortened: false). Adjust returned a long link instead of a short one: the Adjust short-link quota is spent (0 of 1000 remaining).',
			type: 'warning',
			location: 'outputPane',
		}]);
	});

	test('Fail the Execution lists every failed item and the links already created', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', () => [200, { data: [{ url: 'https://x.go.link/a' }, { error_code: 'request_error', error_desc: 'short_token "b" is already taken' }, { url: 'https://x.go.link/c' }] }]);
		const { error, items } = await run({ ...params, onFailedLinks: 'fail' }, tokens(3));
		expect(items).toEqual([]);
		expect(error.message).toBe('1 of 3 links were not created; 2 were');
		expect(error.description).toBe('Failed:\nItem 1: short_token "b" is already taken\n\nCreated (these links exist now):\nItem 0: https://x.go.link/a\nItem 2: https://x.go.link/c');
		expect(error.context.createdLinks).toEqual([{ itemIndex: 0, url: 'https://x.go.link/a' }, { itemIndex: 2, url: 'https://x.go.link/c' }]);
		expect(error.context.failedItems).toEqual([{ itemIndex: 1, success: false, provider: 'adjust', error: 'short_token "b" is already taken', code: 'request_error' }]);
	});

	test('Fail the Execution still creates the valid links, then names the invalid items and the created link', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', links);
		const { error, items } = await run({ ...params, onFailedLinks: 'fail' }, [{ token: '' }, { token: 't1', campaign: 'spring' }, { token: '' }]);
		expect(log.map((request) => request.body)).toEqual([{ data: [{ link_token: 't1', campaign: 'spring' }] }]);
		expect(items).toEqual([]);
		expect(error.message).toBe('2 of 3 links were not created; 1 was');
		expect(error.description).toBe(
			'Failed:\nItem 0: Link Token is required (Field "Link Token". Correct the value in this item and run the node again.)\nItem 2: Link Token is required (Field "Link Token". Correct the value in this item and run the node again.)\n\nCreated (these links exist now):\nItem 1: https://x.go.link/t1',
		);
		expect(error.context.createdLinks).toEqual([{ itemIndex: 1, url: 'https://x.go.link/t1' }]);
		expect(error.context.failedItems.map((item) => item.itemIndex)).toEqual([0, 2]);
	});

	test('batches read ahead while a request waits for the rate limit are not sent after a refused credential', async () => {
		// 1 request per second, one link each: the 2nd waits about a second, and items 2 and 3 are read meanwhile.
		serve(ADJUST, '/engage/deep-links/bulk', (body, number) => (number === 0 ? links(body) : [401, { error_code: 'auth_error', error_desc: 'Invalid API token' }]), 2);
		const { items } = await run({ ...params, options: { batchSize: 1, concurrency: 1, requestsPerSecond: 1 } }, tokens(4));
		expect(log.map((request) => request.body)).toEqual([{ data: [{ link_token: 't0', campaign: 'spring' }] }, { data: [{ link_token: 't1', campaign: 'spring' }] }]);
		const notSent = { success: false, provider: 'adjust', error: 'Not sent, because an earlier request failed: Adjust returned 401: Invalid API token', notSent: true };
		expect(items).toEqual([
			{ json: created('t0'), pairedItem: { item: 0 } },
			{ json: { success: false, provider: 'adjust', error: 'Adjust returned 401: Invalid API token', code: 'auth_error', httpCode: '401', description: 'Check the API key or token in the credential.' }, pairedItem: { item: 1 } },
			{ json: notSent, pairedItem: { item: 2 } },
			{ json: notSent, pairedItem: { item: 3 } },
		]);
	});

	test('a refused credential stops sending: the rest say they were not sent', async () => {
		serve(ADJUST, '/engage/deep-links/bulk', () => [401, { error_code: 'auth_error', error_desc: 'Invalid API token' }]);
		const { items } = await run({ ...params, options: { batchSize: 1, concurrency: 1 } }, tokens(2));
		expect(log).toHaveLength(1);
		expect(items).toEqual([
			{ json: { success: false, provider: 'adjust', error: 'Adjust returned 401: Invalid API token', code: 'auth_error', httpCode: '401', description: 'Check the API key or token in the credential.' }, pairedItem: { item: 0 } },
			{ json: { success: false, provider: 'adjust', error: 'Not sent, because an earlier request failed: Adjust returned 401: Invalid API token', notSent: true }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Branch', () => {
	const params = { provider: 'branch', branchData: '={{ { "f": $json.f } }}', branchFields: { alias: '={{ $json.alias }}', channel: 'sms' } };
	const echo = (body) => [200, body.map((link, index) => (link.alias === 'taken' ? { error: { message: 'Alias "taken" is already taken for this domain', code: 409 } } : link.alias === 'odd' ? { error: 'Invalid link' } : { url: `https://x.app.link/${link.alias ?? index}` }))];

	test('sends one array to /v1/url/bulk/{branch_key}, with per-link errors attributed to their items', async () => {
		serve(BRANCH, BRANCH_BULK, echo);
		const { items } = await run(params, [{ f: 1, alias: 'a' }, { f: 2, alias: 'taken' }, { f: 3, alias: 'odd' }, { f: '', alias: 'd' }]);
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: BRANCH_BULK,
			headers: { 'content-type': 'application/json' },
			body: [
				{ alias: 'a', channel: 'sms', data: { f: 1 } },
				{ alias: 'taken', channel: 'sms', data: { f: 2 } },
				{ alias: 'odd', channel: 'sms', data: { f: 3 } },
				{ alias: 'd', channel: 'sms', data: { f: '' } },
			],
		}]);
		expect(items).toEqual([
			{ json: { success: true, provider: 'branch', url: 'https://x.app.link/a', response: { url: 'https://x.app.link/a' } }, pairedItem: { item: 0 } },
			{ json: { success: false, provider: 'branch', error: 'Alias "taken" is already taken for this domain', code: '409', field: 'alias' }, pairedItem: { item: 1 } },
			{ json: { success: false, provider: 'branch', error: 'Invalid link' }, pairedItem: { item: 2 } },
			{ json: { success: true, provider: 'branch', url: 'https://x.app.link/d', response: { url: 'https://x.app.link/d' } }, pairedItem: { item: 3 } },
		]);
	});

	test('"Continue (using error output)" sends the failed links to the error output', async () => {
		serve(BRANCH, BRANCH_BULK, echo);
		const { outputs } = await run(params, [{ f: 1, alias: 'a' }, { f: 2, alias: 'taken' }, { f: '', alias: 'd' }], { onError: 'continueErrorOutput' });
		expect(outputs[0].map((item) => [item.pairedItem.item, item.json.url])).toEqual([[0, 'https://x.app.link/a'], [2, 'https://x.app.link/d']]);
		expect(outputs[1].map((item) => [item.pairedItem.item, item.error.message])).toEqual([[1, 'Alias "taken" is already taken for this domain']]);
	});

	// Three 24,000-byte links ('é' is two bytes) and one sized so the array body is exactly 100,000 bytes.
	const sized = (extra) => {
		const items = range(3, () => ({ f: 'é'.repeat(12000) }));
		const fixed = JSON.stringify(items.map((item) => ({ data: item }))).length + 12000 * 3 + 1;
		items.push({ f: 'x'.repeat(100000 - fixed - JSON.stringify({ data: { f: '' } }).length + extra) });
		return items;
	};

	test.each([
		['just under 100 KB', 0, [4]],
		['just over 100 KB', 1, [3, 1]],
	])('a payload %s goes in as many requests as needed, each within the limit', async (_label, extra, sizes) => {
		serve(BRANCH, BRANCH_BULK, (body) => [200, body.map((_, index) => ({ url: `https://x.app.link/${index}` }))], sizes.length);
		const { items } = await run({ provider: 'branch', branchData: '={{ { "f": $json.f } }}' }, sized(extra));
		expect(log.map((entry) => entry.body.length)).toEqual(sizes);
		const bytes = log.map((entry) => Buffer.byteLength(JSON.stringify(entry.body)));
		if (extra === 0) expect(bytes).toEqual([100000]);
		for (const size of bytes) expect(size).toBeLessThanOrEqual(100000);
		expect(items.every((item) => item.json.success)).toBe(true);
		expect(paired(items)).toEqual([0, 1, 2, 3]);
	});

	test('a 5xx on a batch leaves its links outcome-unknown, is not resent, and the other links are created', async () => {
		serve(BRANCH, BRANCH_BULK, (body, number) => (number === 1 ? [500, { error: { message: 'Internal error', code: 500 } }] : echo(body)), 3);
		const { items, hints } = await run({ ...params, options: { batchSize: 2, concurrency: 1 } }, range(6, (index) => ({ f: index, alias: `l${index}` })));
		expect(log.map((entry) => entry.body.map((link) => link.alias))).toEqual([['l0', 'l1'], ['l2', 'l3'], ['l4', 'l5']]);
		const unknown = {
			success: false,
			provider: 'branch',
			error: 'Branch returned 500: Internal error; outcome unknown: Branch may have processed it, so it was not sent again',
			code: '500',
			httpCode: '500',
			outcomeUnknown: true,
			description: 'Branch may or may not have processed this POST request. It was not sent again, because a repeat could create a duplicate. Check in Branch before running it again.',
		};
		expect(items.map((item) => item.json)).toEqual([
			...['l0', 'l1'].map((alias) => ({ success: true, provider: 'branch', url: `https://x.app.link/${alias}`, response: { url: `https://x.app.link/${alias}` } })),
			unknown,
			unknown,
			...['l4', 'l5'].map((alias) => ({ success: true, provider: 'branch', url: `https://x.app.link/${alias}`, response: { url: `https://x.app.link/${alias}` } })),
		]);
		expect(hints.map((hint) => hint.message)).toEqual([
			'2 links have an unknown outcome (outcomeUnknown: true): a request failed without an answer, so Branch may or may not have created them. They were not sent again; check in Branch before running those items again.',
			'4 of 6 links were created; 2 were not (success: false).',
		]);
	});

	test('a 429 in the middle of a run is retried and every link is created once', async () => {
		serve(BRANCH, BRANCH_BULK, (body, number) => (number === 1 ? [429, { error: { message: 'Rate limit exceeded', code: 429 } }, { 'Retry-After': '0' }] : echo(body)), 4);
		const { items } = await run({ ...params, options: { batchSize: 2, concurrency: 1 } }, range(6, (index) => ({ f: index, alias: `l${index}` })));
		expect(log.map((entry) => entry.body.map((link) => link.alias))).toEqual([['l0', 'l1'], ['l2', 'l3'], ['l2', 'l3'], ['l4', 'l5']]);
		expect(items.map((item) => item.json.url)).toEqual(range(6, (index) => `https://x.app.link/l${index}`));
	});

	test('a 413 (nothing created) splits the batch in halves', async () => {
		serve(BRANCH, BRANCH_BULK, (body, number) => (number === 0 ? [413, { error: { message: 'Request payload too large', code: 413 } }] : echo(body)), 3);
		const { items } = await run(params, range(4, (index) => ({ f: index, alias: `l${index}` })));
		expect(log.map((entry) => entry.body.length)).toEqual([4, 2, 2]);
		expect(items.map((item) => item.json.success)).toEqual([true, true, true, true]);
	});
});

describe('Kumulos', () => {
	const params = {
		provider: 'kumulos',
		kumulosLinkData: '={{ { "offer": $json.id } }}',
		kumulosDesktopWebFallbackUrl: 'https://example.com/offer',
		kumulosMobileWebFallbackUrl: 'https://m.example.com/offer',
		kumulosFields: { slug: '={{ "s" + $json.id }}' },
	};
	const echo = (body) => [200, body.map((link) => ({ id: Number(link.slug.slice(1)) + 1, url: `https://x.lnk.click/${link.slug}` }))];
	const created = (index) => {
		const link = { id: index + 1, url: `https://x.lnk.click/s${index}` };
		return { success: true, provider: 'kumulos', url: link.url, id: link.id, response: link };
	};

	test('sends a Basic-auth array of links and outputs id and url per item', async () => {
		serve(KUMULOS, '/v1/deep-links', echo);
		const { items } = await run(params, range(2));
		expect(sent(log, HEADERS)).toEqual([{
			method: 'POST',
			path: '/v1/deep-links',
			headers: { authorization: authHeader.kumulos, 'content-type': 'application/json' },
			body: [0, 1].map((id) => ({ slug: `s${id}`, linkData: { offer: id }, desktopWebFallbackUrl: 'https://example.com/offer', mobileWebFallbackUrl: 'https://m.example.com/offer' })),
		}]);
		expect(items).toEqual([{ json: created(0), pairedItem: { item: 0 } }, { json: created(1), pairedItem: { item: 1 } }]);
	});

	test.each([
		[499, [499]],
		[500, [500]],
		[501, [500, 1]],
	])('%i items go out as batches of %j, output in input order', async (count, sizes) => {
		serve(KUMULOS, '/v1/deep-links', echo, sizes.length);
		const { items } = await run(params, range(count));
		expect(log.map((entry) => entry.body.length)).toEqual(sizes);
		expect(items).toEqual(range(count, (index) => ({ json: created(index), pairedItem: { item: index } })));
	});

	test('a 422 naming links by index fails those links; the rest are sent again and created', async () => {
		serve(KUMULOS, '/v1/deep-links', (body, number) =>
			number === 0
				? [422, { message: 'The given data was invalid.', errors: { '1.slug': ['The slug "s1" has already been taken.'], '3.lookupLimit': ['The 3.lookupLimit must be at least 1.'] } }]
				: echo(body), 2);
		const { items } = await run(params, range(4));
		expect(log.map((entry) => entry.body.map((link) => link.slug))).toEqual([['s0', 's1', 's2', 's3'], ['s0', 's2']]);
		expect(items.map((item) => item.json)).toEqual([
			created(0),
			{ success: false, provider: 'kumulos', error: 'The slug "s1" has already been taken.', code: '422', field: 'slug' },
			created(2),
			{ success: false, provider: 'kumulos', error: 'The 3.lookupLimit must be at least 1.', code: '422', field: 'lookupLimit' },
		]);
	});

	test('a 5xx on a batch leaves its links outcome-unknown and is not resent', async () => {
		serve(KUMULOS, '/v1/deep-links', (body, number) => (number === 0 ? [503, { message: 'Service Unavailable' }] : echo(body)), 2);
		const { items } = await run({ ...params, options: { batchSize: 2, concurrency: 1 } }, range(4));
		expect(log).toHaveLength(2);
		expect(items.map((item) => [item.json.success, item.json.outcomeUnknown])).toEqual([[false, true], [false, true], [true, undefined], [true, undefined]]);
		expect(items[0].json.error).toBe('Kumulos returned 503: Service Unavailable; outcome unknown: Kumulos may have processed it, so it was not sent again');
	});

	test('a 429 in the middle of a run is retried', async () => {
		serve(KUMULOS, '/v1/deep-links', (body, number) => (number === 1 ? [429, { message: 'Too Many Attempts.' }, { 'Retry-After': '0' }] : echo(body)), 4);
		const { items } = await run({ ...params, options: { batchSize: 2, concurrency: 1 } }, range(6));
		expect(log.map((entry) => entry.body.map((link) => link.slug))).toEqual([['s0', 's1'], ['s2', 's3'], ['s2', 's3'], ['s4', 's5']]);
		expect(items.map((item) => item.json)).toEqual(range(6, created));
	});

	test('invalid items are reported and left out of the batch', async () => {
		serve(KUMULOS, '/v1/deep-links', echo);
		const { items } = await run({ ...params, kumulosDesktopWebFallbackUrl: '={{ $json.id === 1 ? "nope" : "https://example.com/offer" }}' }, range(3));
		expect(log.map((entry) => entry.body.map((link) => link.slug))).toEqual([['s0', 's2']]);
		expect(items[1].json).toEqual({ success: false, provider: 'kumulos', error: 'Item 1: Desktop Web Fallback URL must be an http:// or https:// URL', field: 'Desktop Web Fallback URL', description: 'Field "Desktop Web Fallback URL". Correct the value in this item and run the node again.' });
		expect(paired(items)).toEqual([0, 1, 2]);
	});
});

describe('Shortify', () => {
	const params = { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: '={{ $json.key }}', idempotencyKey: '={{ "row-" + $json.id }}' } };
	const answer = (body) => [201, { success: true, data: { id: `link_${body.key}`, key: body.key, shortLink: `https://go.x/${body.key}` }, requestId: 'req_1' }];
	const created = (key, id) => ({
		success: true,
		provider: 'shortify',
		url: `https://go.x/${key}`,
		id: `link_${key}`,
		key,
		idempotencyKey: `row-${id}`,
		response: { success: true, data: { id: `link_${key}`, key, shortLink: `https://go.x/${key}` }, requestId: 'req_1' },
	});

	test('the credential is read once for the whole run, not once per request', async () => {
		serve(SHORTIFY, '/v1/deep-links', answer, 20);
		const result = await run(params, range(20, (index) => ({ id: index, key: `k${index}` })));
		expect(log).toHaveLength(20);
		expect(log.every((entry) => entry.headers['api-key'] === authHeader.shortify)).toBe(true);
		expect(result.items.map((item) => item.json.success)).toEqual(new Array(20).fill(true));
		expect(result.credentialReads).toBe(1);
	});

	test('one request per link, each with its own idempotency key; a taken key fails only its link', async () => {
		serve(SHORTIFY, '/v1/deep-links', (body) =>
			body.key === 'taken' ? [409, { success: false, error: { code: 'key_conflict', message: 'Key "taken" is already in use', field: 'key' }, requestId: 'req_2' }] : answer(body), 3);
		const { items } = await run(params, [{ id: 0, key: 'a' }, { id: 1, key: 'taken' }, { id: 2, key: 'c' }, { id: 3, key: 'd', bad: true }].map((item) => item), { parameters: { ...params, shortifyFields: { ...params.shortifyFields, iosOverrideUrl: '={{ $json.bad ? "myapp://x" : "" }}' } } });
		expect(log.map((entry) => [entry.headers['api-key'], entry.headers['idempotency-key'], entry.body]).sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
			[authHeader.shortify, 'row-0', { deepLinkAppId: 'app_1', key: 'a' }],
			[authHeader.shortify, 'row-1', { deepLinkAppId: 'app_1', key: 'taken' }],
			[authHeader.shortify, 'row-2', { deepLinkAppId: 'app_1', key: 'c' }],
		]);
		expect(items).toEqual([
			{ json: created('a', 0), pairedItem: { item: 0 } },
			{
				json: {
					success: false,
					provider: 'shortify',
					error: 'Shortify returned 409: a link with the key "taken" already exists (field "key")',
					code: 'key_conflict',
					field: 'key',
					httpCode: '409',
					conflict: 'taken',
					description: 'If an earlier run of this workflow created it, that link is already there and nothing more is needed. Otherwise choose another key, or leave it empty so Shortify generates one. Shortify said: Key "taken" is already in use',
				},
				pairedItem: { item: 1 },
			},
			{ json: created('c', 2), pairedItem: { item: 2 } },
			{ json: { success: false, provider: 'shortify', error: 'Item 3: iOS Override URL must be an http:// or https:// URL', field: 'iOS Override URL', description: 'Field "iOS Override URL". Correct the value in this item and run the node again.' }, pairedItem: { item: 3 } },
		]);
	});

	test('runs requests concurrently and still outputs in input order', async () => {
		// The server holds every answer until five requests are open at once, then answers the last first:
		// one request at a time would never get an answer.
		let open = 0;
		let most = 0;
		const held = [];
		provider(SHORTIFY).post('/v1/deep-links').times(5).reply(function (_uri, body, callback) {
			most = Math.max(most, ++open);
			held.push(() => {
				open--;
				callback(null, answer(body));
			});
			if (held.length === 5) while (held.length) held.pop()();
		});
		const { items } = await run({ ...params, options: { concurrency: 5 } }, range(5, (index) => ({ id: index, key: `k${index}` })));
		expect(most).toBe(5);
		expect(log.map((request) => request.body.key).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
		expect(items).toEqual(range(5, (index) => ({ json: created(`k${index}`, index), pairedItem: { item: index } })));
	});

	test('101 links: 101 requests with 101 distinct generated idempotency keys', async () => {
		serve(SHORTIFY, '/v1/deep-links', answer, 101);
		const { items } = await run({ provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: '={{ "k" + $json.id }}' } }, range(101));
		const keys = new Set(log.map((entry) => entry.headers['idempotency-key']));
		expect(keys.size).toBe(101);
		expect(items.map((item) => item.json.idempotencyKey).sort()).toEqual([...keys].sort());
		expect(paired(items)).toEqual(range(101, (index) => index));
		expect(items.map((item) => item.json.key)).toEqual(range(101, (index) => `k${index}`));
	});

	test('a 503 and a 429 mid-run are retried with the same idempotency key', async () => {
		serve(SHORTIFY, '/v1/deep-links', (body, number) =>
			number === 1 ? [503, { success: false, error: { code: 'service_unavailable', message: 'Busy' } }]
				: number === 3 ? [429, { success: false, error: { code: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '0' }]
					: answer(body), 6);
		const { items } = await run({ ...params, options: { concurrency: 1 } }, range(4, (index) => ({ id: index, key: `k${index}` })));
		expect(log.map((entry) => entry.headers['idempotency-key'])).toEqual(['row-0', 'row-1', 'row-1', 'row-2', 'row-2', 'row-3']);
		expect(items.map((item) => item.json)).toEqual(range(4, (index) => created(`k${index}`, index)));
	});
});

describe('against the sandbox (admin counts)', () => {
	const local = useSandbox();

	test.each([
		['branch', { provider: 'branch', branchData: '={{ { "n": $json.id } }}', options: { batchSize: 100, concurrency: 1 } }, '/branch/v1/url/bulk'],
		['kumulos', { provider: 'kumulos', kumulosLinkData: '={{ { "n": $json.id } }}', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com', options: { batchSize: 100, concurrency: 1 } }, '/kumulos-links/v1/deep-links'],
	])('%s: a batch processed but answered 500 is reported outcome-unknown and never resent', async (provider, params, path) => {
		local.sandbox.failNext({ method: 'POST', path, status: 500, afterProcessing: true });
		const { items } = await run(params, range(250), {}, local.credentials);
		const state = local.sandbox.state;
		expect(state.requests.byProvider[provider].total).toBe(3);
		expect(state.linksStored[provider]).toBe(250);
		expect(state.duplicates[provider]).toBe(0);
		expect(items.filter((item) => item.json.outcomeUnknown).map((item) => item.pairedItem.item)).toEqual(range(100, (index) => index));
		expect(items.filter((item) => item.json.success)).toHaveLength(150);
		expect(paired(items)).toEqual(range(250, (index) => index));
	});

	test('adjust: 2,000 links at the documented limits, none lost or duplicated', async () => {
		const { items } = await run({ provider: 'adjust', adjustLinkId: 'abc', adjustFields: { label: '={{ "row" + $json.id }}' } }, range(2000), {}, local.credentials);
		expect(items.filter((item) => item.json.success && item.json.shortened)).toHaveLength(2000);
		expect(new Set(items.map((item) => item.json.url)).size).toBe(2000);
		expect(local.sandbox.state.linksStored.adjust).toBe(2000);
		expect(local.sandbox.state.requests.byProvider.adjust.total).toBe(20);
	});
});
