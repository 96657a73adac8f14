// Manage Deep Link's failure paths carry no credential value in outputs, errors or logs, for every
// provider operation that sends a request. Modelled on secrets.test.js.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { echo, socketError, rateLimitedTooLong, dump, captureLogs, expectNoSecret } = require('../helpers/secrets');
const { isolateRequests } = require('../helpers/http');
const { credentials, ORIGINS } = require('../helpers/credentials');

const LINK = 'https://example.app.link/abc';
const rl = (value) => ({ __rl: true, mode: 'id', value });
const CASES = {
	'adjust getShortLink': { origin: ORIGINS.adjust, method: 'get', path: '/engage/deep-links/short-link', params: { provider: 'adjust', operation: 'getShortLink', adjustShortLink: '4IlkC', adjustApp: 'abc123' } },
	'adjust update': { origin: ORIGINS.adjust, method: 'put', path: '/engage/deep-links/4IlkC', params: { provider: 'adjust', operation: 'update', adjustShortLink: '4IlkC', adjustLinkId: 'abc' } },
	'adjust getQuota': { origin: ORIGINS.adjust, method: 'get', path: '/engage/deep-links/quota', params: { provider: 'adjust', operation: 'getQuota' } },
	'branch get': { origin: ORIGINS.branch, method: 'get', path: '/v1/url', params: { provider: 'branch', operation: 'get', branchUrl: LINK } },
	'branch update (replace)': { origin: ORIGINS.branch, method: 'put', path: '/v1/url', params: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '{"a":1}' } },
	'branch delete': { origin: ORIGINS.branch, method: 'delete', path: '/v1/url', params: { provider: 'branch', operation: 'delete', branchUrl: LINK } },
	'shortify list': { origin: ORIGINS.shortify, method: 'get', path: '/v1/deep-links', params: { provider: 'shortify', operation: 'list', returnAll: true } },
	'shortify update': { origin: ORIGINS.shortify, method: 'patch', path: '/v1/deep-links/link_1', params: { provider: 'shortify', operation: 'update', shortifyLink: rl('link_1'), shortifyUpdateFields: { title: 'x' } } },
	'shortify archive': { origin: ORIGINS.shortify, method: 'delete', path: '/v1/deep-links/link_1', params: { provider: 'shortify', operation: 'archive', shortifyLink: rl('link_1') } },
};

const failures = {
	'401 echoing the request': (scope) => scope.reply(echo(401)),
	'404 echoing the request': (scope) => scope.reply(echo(404)),
	'5xx echoing the request': (scope) => scope.times(2).reply(echo(503)),
	'429 for too long': rateLimitedTooLong,
	'connection reset': (scope) => scope.times(2).replyWithError(socketError('ECONNRESET', 'socket hang up')),
};

const lines = captureLogs();
isolateRequests();

describe.each(Object.keys(CASES))('%s', (name) => {
	const { origin, method, path, params } = CASES[name];
	test.each(Object.keys(failures))('%s: stopped and continued runs carry no credential value', async (failure) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			// No retries keeps the file fast; the transport's own tests walk the retry paths.
			failures[failure](nock(origin)[method](path).query(true));
			const result = await runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters: { ...params, options: { maxRetries: 0 } }, onError }, credentials });
			expect(onError === 'stopWorkflow' ? result.error : result.items[0].json.error).toBeDefined();
			expectNoSecret(dump({ items: result.items, error: result.error, run: result.run }));
			nock.cleanAll();
		}
		expectNoSecret(lines.join('\n'));
	});
});

test('a refused Base URL and the missing-delete-credential error carry no credential value', async () => {
	const refused = await runNode({
		node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters: CASES['shortify list'].params },
		credentials: { ...credentials, shortifyApi: { ...credentials.shortifyApi, baseUrl: 'ftp://example.com' } },
	});
	expect(refused.error.message).toMatch(/Base URL is not allowed/);
	const noToken = await runNode({
		node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters: CASES['branch delete'].params },
		credentials: { ...credentials, branchApi: { ...credentials.branchApi, appId: '' } },
	});
	expect(noToken.error.message).toBe("Deleting a Branch link needs the credential's App ID");
	expectNoSecret(dump(refused) + dump(noToken));
});
