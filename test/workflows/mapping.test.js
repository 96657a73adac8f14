// "Map Automatically": each item's own fields, by the provider's field names or labels, with no
// expression per item. Bulk Create version 2 maps automatically by default; Create Deep Link offers it.
// nock is the provider, so the exact requests are asserted.
const { runNode } = require('../helpers/engine');
const { credentials, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, bodies } = require('../helpers/http');

const { log, expectRequest } = isolateRequests();

/** Answers `times` POSTs to `origin` + `path` with `answer(body)`. */
const serve = (origin, path, answer, times = 1) => expectRequest(origin, 'POST', path, ({ body }) => answer(body), { times });

const bulk = (parameters, items, node = {}) => runNode({ node: { type: 'bulkCreateDeepLinks', typeVersion: 2, parameters, ...node }, items, credentials });

describe('Bulk Create version 2 maps automatically by default', () => {
	test('Adjust: API field names and labels, in any case; unknown columns are ignored', async () => {
		serve(ORIGINS.adjust, '/engage/deep-links/bulk', (body) => [200, { data: body.data.map((link) => ({ url: `https://x.go.link/${link.campaign}` })) }]);
		const rows = [
			{ link_token: 'abc123', campaign: 'spring', deep_link_path: '/p/1', row_number: 2 },
			{ 'Link Token': 'abc123', CAMPAIGN: 'summer', 'Deep Link Path': '/p/2', 'Shorten URL': 'false' },
		];
		const { items, error } = await bulk({ provider: 'adjust' }, rows);
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([
			{
				data: [
					{ link_token: 'abc123', campaign: 'spring', deep_link_path: '/p/1' },
					{ link_token: 'abc123', campaign: 'summer', deep_link_path: '/p/2', shorten_url: false },
				],
			},
		]);
		// Version 2 leaves the provider's whole answer out unless asked.
		expect(items).toEqual([
			{ json: { success: true, provider: 'adjust', url: 'https://x.go.link/spring', shortened: true }, pairedItem: { item: 0 } },
			{ json: { success: true, provider: 'adjust', url: 'https://x.go.link/summer', shortened: true }, pairedItem: { item: 1 } },
		]);
	});

	test('Branch: link data as an object or as JSON text, tags as a list or comma text', async () => {
		serve(ORIGINS.branch, `/v1/url/bulk/${credentials.branchApi.branchKey}`, (body) => [200, body.map((_link, index) => ({ url: `https://x.app.link/${index}` }))]);
		const rows = [
			{ channel: 'sms', data: { $desktop_url: 'https://example.com/1' }, tags: ['a', 'b'] },
			{ Channel: 'email', 'Link Data': '{"$desktop_url": "https://example.com/2"}', Tags: 'c, d', Type: '1' },
		];
		const { items, error } = await bulk({ provider: 'branch' }, rows);
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([
			[
				{ channel: 'sms', tags: ['a', 'b'], data: { $desktop_url: 'https://example.com/1' } },
				{ channel: 'email', type: 1, tags: ['c', 'd'], data: { $desktop_url: 'https://example.com/2' } },
			],
		]);
		expect(items.map((item) => item.json.url)).toEqual(['https://x.app.link/0', 'https://x.app.link/1']);
	});

	test('Kumulos: the page’s field names; numbers given as text are read as numbers', async () => {
		serve(ORIGINS.links, '/v1/deep-links', (body) => [200, body.map((link, index) => ({ id: index + 1, url: `https://x.lnk.click/${index}`, ...link }))]);
		const rows = [{ linkData: { offer: 1 }, desktopWebFallbackUrl: 'https://example.com/d', mobileWebFallbackUrl: 'https://m.example.com/m', slug: 'offer-1', lookupLimit: '3', forceWebFallback: 'TRUE' }];
		const { items, error } = await bulk({ provider: 'kumulos' }, rows);
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([
			[{ slug: 'offer-1', linkData: { offer: 1 }, desktopWebFallbackUrl: 'https://example.com/d', mobileWebFallbackUrl: 'https://m.example.com/m', lookupLimit: 3, forceWebFallback: true }],
		]);
		expect(items[0].json).toEqual({ success: true, provider: 'kumulos', url: 'https://x.lnk.click/0', id: 1 });
	});

	test('Shortify: tracking as JSON text; one create per row with its own idempotency key', async () => {
		serve(ORIGINS.shortify, '/v1/deep-links', (body) => [201, { success: true, data: { id: `link_${body.key}`, key: body.key, shortLink: `https://go.x/${body.key}` } }]);
		const rows = [{ deepLinkAppId: 'app_1', key: 'k1', title: 'One', tracking: '{"utmSource": "sms"}' }];
		const { items, error } = await bulk({ provider: 'shortify' }, rows);
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([{ deepLinkAppId: 'app_1', key: 'k1', title: 'One', tracking: { utmSource: 'sms' } }]);
		expect(items[0].json).toEqual({ success: true, provider: 'shortify', url: 'https://go.x/k1', id: 'link_k1', key: 'k1', idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
	});

	test('Shortify: a url (or Destination URL) column is the destination, sent at the top level of the body', async () => {
		serve(ORIGINS.shortify, '/v1/deep-links', (body) => [201, { success: true, data: { id: `link_${body.key}`, key: body.key, shortLink: `https://go.x/${body.key}`, url: body.url } }], 2);
		const rows = [
			{ deepLinkAppId: 'app_1', key: 'k1', url: 'https://example.com/1' },
			{ deepLinkAppId: 'app_1', key: 'k2', 'Destination URL': 'https://example.com/2' },
		];
		const { items, error } = await bulk({ provider: 'shortify', options: { concurrency: 1 } }, rows);
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([
			{ deepLinkAppId: 'app_1', url: 'https://example.com/1', key: 'k1' },
			{ deepLinkAppId: 'app_1', url: 'https://example.com/2', key: 'k2' },
		]);
		expect(items.map((item) => item.json.url)).toEqual(['https://go.x/k1', 'https://go.x/k2']);
	});

	test('a bad field is reported for its item, named as in manual mapping, and never sent', async () => {
		serve(ORIGINS.adjust, '/engage/deep-links/bulk', (body) => [200, { data: body.data.map(() => ({ url: 'https://x.go.link/ok' })) }]);
		const rows = [{ link_token: 'abc123', campaign: 'a' }, { campaign: 'no token' }, { link_token: 'abc123', fallback: 'not a url' }, { link_token: 'abc123', tracking: '{oops' }];
		const { items } = await bulk({ provider: 'adjust' }, rows);
		expect(bodies(log)).toEqual([{ data: [{ link_token: 'abc123', campaign: 'a' }, { link_token: 'abc123' }] }]);
		expect(items.map((item) => [item.json.success, item.json.error])).toEqual([
			[true, undefined],
			[false, 'Item 1: Link Token is required'],
			[false, 'Item 2: Fallback URL must be an http:// or https:// URL'],
			// Adjust has no tracking field: the column is ignored.
			[true, undefined],
		]);
	});

	test('Include Input Fields keeps each row with its link; Include Full Response adds the answer', async () => {
		serve(ORIGINS.adjust, '/engage/deep-links/bulk', () => [200, { data: [{ url: 'https://x.go.link/a' }] }]);
		const { items } = await bulk({ provider: 'adjust', options: { includeInputFields: true, includeFullResponse: true } }, [{ link_token: 'abc123', sku: 'SKU-1', error: 'old value' }]);
		expect(items[0].json).toEqual({ link_token: 'abc123', sku: 'SKU-1', success: true, provider: 'adjust', url: 'https://x.go.link/a', shortened: true, response: { url: 'https://x.go.link/a' } });
	});

	test('version 1 keeps mapping each field manually, and includes the answer', async () => {
		serve(ORIGINS.adjust, '/engage/deep-links/bulk', () => [200, { data: [{ url: 'https://x.go.link/a' }] }]);
		const { items } = await bulk({ provider: 'adjust', adjustLinkId: '={{ $json.token }}' }, [{ token: 'abc123', link_token: 'ignored' }], { typeVersion: 1 });
		expect(bodies(log)).toEqual([{ data: [{ link_token: 'abc123' }] }]);
		expect(items[0].json.response).toEqual({ url: 'https://x.go.link/a' });
	});
});

describe('Create Deep Link', () => {
	test('maps automatically when asked, with the same checks', async () => {
		serve(ORIGINS.branch, '/v1/url', () => [200, { url: 'https://x.app.link/a' }], 1);
		const { items, error } = await runNode({
			node: { type: 'createDeepLink', parameters: { provider: 'branch', mappingMode: 'autoMapInputData' }, onError: 'continueRegularOutput' },
			items: [{ alias: 'spring', campaign: 'spring' }, { alias: 'x'.repeat(129) }],
			credentials,
		});
		expect(error).toBeUndefined();
		expect(bodies(log)).toEqual([{ alias: 'spring', campaign: 'spring', branch_key: credentials.branchApi.branchKey }]);
		expect(items[0].json).toEqual({ provider: 'branch', url: 'https://x.app.link/a', response: { url: 'https://x.app.link/a' } });
		expect(items[1].json.error).toBe('Item 1: Alias must be at most 128 characters');
	});

	test('as an AI agent tool, outputs the link and its identifiers, not the raw answer', async () => {
		serve(ORIGINS.branch, '/v1/url', () => [200, { url: 'https://x.app.link/a' }], 1);
		const { items } = await runNode({ node: { type: 'createDeepLinkTool', parameters: { provider: 'branch', branchFields: { campaign: 'spring' } } }, credentials });
		expect(items[0].json).toEqual({ provider: 'branch', url: 'https://x.app.link/a' });
	});
});
