// No credential value may reach an output item, an error (message, description, context, cause) or a
// log line, whatever the failure. Every failure path runs through the real engine for every provider.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { failurePaths, dump, captureLogs, expectNoSecret } = require('../helpers/secrets');
const { isolateRequests } = require('../helpers/http');
const { credentials, secretValues, ORIGINS } = require('../helpers/credentials');

const PROVIDERS = {
	adjust: { origin: ORIGINS.adjust, path: '/engage/deep-links', params: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { shortCode: 'promo' } } },
	branch: { origin: ORIGINS.branch, path: '/v1/url', params: { provider: 'branch', branchFields: { alias: 'promo' } } },
	kumulos: { origin: ORIGINS.links, path: '/v1/deep-links', params: { provider: 'kumulos', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com', kumulosFields: { slug: 'promo' } } },
	shortify: { origin: ORIGINS.shortify, path: '/v1/deep-links', params: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: 'promo' } } },
};

const failures = failurePaths;

const lines = captureLogs();
isolateRequests();

describe.each(Object.keys(PROVIDERS))('%s', (provider) => {
	const { origin, path, params } = PROVIDERS[provider];

	test.each(Object.keys(failures))('%s: stopped and continued runs carry no credential value', async (failure) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			failures[failure](nock(origin).post(path));
			// One retry keeps the run short and still walks the retry-exhaustion path.
			const result = await runNode({ node: { type: 'createDeepLink', name: 'Create Deep Link', parameters: { ...params, options: { maxRetries: 1 } }, onError }, credentials });
			const text = dump({ items: result.items, error: result.error, run: result.run });
			// The failure really happened and reached the user.
			expect(onError === 'stopWorkflow' ? result.error : result.items[0].json.error).toBeDefined();
			expectNoSecret(text);
			nock.cleanAll();
		}
		expectNoSecret(lines.join('\n'));
	});

	test('bad input and a refused Base URL carry no credential value', async () => {
		const badInput = await runNode({ node: { type: 'createDeepLink', name: 'Create Deep Link', parameters: { ...params, adjustFields: { redirect: secretValues[0] }, branchData: secretValues[1], kumulosDesktopWebFallbackUrl: secretValues[4], shortifyFields: { iosOverrideUrl: secretValues[6] } } }, credentials });
		expect(badInput.error).toBeDefined();
		const type = `${provider}Api`;
		const refused = await runNode({
			node: { type: 'createDeepLink', name: 'Create Deep Link', parameters: params },
			credentials: { ...credentials, [type]: Object.fromEntries(Object.entries(credentials[type]).map(([key, value]) => [key, /baseurl/i.test(key) ? 'ftp://example.com' : value])) },
		});
		expect(refused.error.message).toMatch(/Base URL is not allowed/);
		expectNoSecret(dump(refused) + dump(badInput.items) + dump(badInput.error?.context ?? {}) + badInput.error.message + badInput.error.description);
	});
});
