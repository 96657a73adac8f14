// Bulk Create: no credential value may reach an output item, an error or a log line, whatever the failure,
// in both "Output All Items With Status" and "Fail the Execution", with and without continue-on-fail.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { echoed, echo, socketError, rateLimitedTooLong, dump, captureLogs, expectNoSecret } = require('../helpers/secrets');
const { isolateRequests } = require('../helpers/http');
const { credentials, ORIGINS } = require('../helpers/credentials');

const PROVIDERS = {
	adjust: { origin: ORIGINS.adjust, path: '/engage/deep-links/bulk', params: { provider: 'adjust', adjustLinkId: 'abc' } },
	branch: { origin: ORIGINS.branch, path: `/v1/url/bulk/${credentials.branchApi.branchKey}`, params: { provider: 'branch', branchFields: { alias: 'promo' } } },
	kumulos: { origin: ORIGINS.links, path: '/v1/deep-links', params: { provider: 'kumulos', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com' } },
	shortify: { origin: ORIGINS.shortify, path: '/v1/deep-links', params: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1' } },
};

// A 200 whose per-link entries echo the request.
const perLink = function (uri, body) {
	const everything = echoed(this.req, uri, body);
	return [200, { data: [{ error_code: 'x', error_desc: everything }], error: { message: everything } }];
};

const failures = {
	'401 echoing the request': (scope) => scope.reply(echo(401)),
	'422 echoing the request': (scope) => scope.reply(echo(422)),
	'5xx echoing the request': (scope) => scope.times(2).reply(echo(503)),
	'per-link error echoing the request': (scope) => scope.reply(perLink),
	'429 for too long': rateLimitedTooLong,
	'connection reset': (scope) => scope.times(2).replyWithError(socketError('ECONNRESET', 'socket hang up')),
};

const lines = captureLogs();
isolateRequests();

describe.each(Object.keys(PROVIDERS))('%s', (provider) => {
	const { origin, path, params } = PROVIDERS[provider];

	// Shortify has no batch answer to carry per-link errors.
	const cases = Object.keys(failures).filter((failure) => provider !== 'shortify' || !failure.startsWith('per-link'));
	test.each(cases)('%s: every mode carries no credential value', async (failure) => {
		for (const [onFailedLinks, onError] of [['output', 'stopWorkflow'], ['fail', 'stopWorkflow'], ['fail', 'continueRegularOutput']]) {
			failures[failure](nock(origin).post(path));
			const result = await runNode({
				node: { type: 'bulkCreateDeepLinks', name: 'Bulk', parameters: { ...params, onFailedLinks, options: { maxRetries: 1 } }, onError },
				credentials,
			});
			const text = dump({ items: result.items, error: result.error, run: result.run });
			// The failure really happened and reached the user.
			if (onFailedLinks === 'fail' && onError === 'stopWorkflow') expect(result.error).toBeDefined();
			else expect(result.items[0].json.success).toBe(false);
			expectNoSecret(text);
			nock.cleanAll();
		}
		expectNoSecret(lines.join('\n'));
	});
});
