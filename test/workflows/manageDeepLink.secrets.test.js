// Manage Deep Link's failure paths carry no credential value in outputs, errors or logs, for every
// provider operation that sends a request. Modelled on secrets.test.js.
const nock = require('nock');
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');
const { runNode } = require('../helpers/engine');
const { credentials, secretValues } = require('../helpers/credentials');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

const LINK = 'https://example.app.link/abc';
const rl = (value) => ({ __rl: true, mode: 'id', value });
const CASES = {
	'adjust getShortLink': { origin: 'https://automate.adjust.com', method: 'get', path: '/engage/deep-links/short-link', params: { provider: 'adjust', operation: 'getShortLink', adjustShortLink: '4IlkC', adjustApp: 'abc123' } },
	'adjust update': { origin: 'https://automate.adjust.com', method: 'put', path: '/engage/deep-links/4IlkC', params: { provider: 'adjust', operation: 'update', adjustShortLink: '4IlkC', adjustLinkId: 'abc' } },
	'adjust getQuota': { origin: 'https://automate.adjust.com', method: 'get', path: '/engage/deep-links/quota', params: { provider: 'adjust', operation: 'getQuota' } },
	'branch get': { origin: 'https://api2.branch.io', method: 'get', path: '/v1/url', params: { provider: 'branch', operation: 'get', branchUrl: LINK } },
	'branch update (replace)': { origin: 'https://api2.branch.io', method: 'put', path: '/v1/url', params: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '{"a":1}' } },
	'branch delete': { origin: 'https://api2.branch.io', method: 'delete', path: '/v1/url', params: { provider: 'branch', operation: 'delete', branchUrl: LINK } },
	'shortify list': { origin: 'https://api.shortify.com', method: 'get', path: '/v1/deep-links', params: { provider: 'shortify', operation: 'list', returnAll: true } },
	'shortify update': { origin: 'https://api.shortify.com', method: 'patch', path: '/v1/deep-links/link_1', params: { provider: 'shortify', operation: 'update', shortifyLink: rl('link_1'), shortifyUpdateFields: { title: 'x' } } },
	'shortify archive': { origin: 'https://api.shortify.com', method: 'delete', path: '/v1/deep-links/link_1', params: { provider: 'shortify', operation: 'archive', shortifyLink: rl('link_1') } },
};

const echoed = (req, uri, body) => `${JSON.stringify(req.headers)} ${uri} ${JSON.stringify(body)}`;
const echo = (status) => function (uri, body) {
	const everything = echoed(this.req, uri, body);
	return [status, { error: { message: everything, code: status }, error_desc: everything, message: everything }];
};
const failures = {
	'401 echoing the request': (scope) => scope.reply(echo(401)),
	'404 echoing the request': (scope) => scope.reply(echo(404)),
	'5xx echoing the request': (scope) => scope.times(2).reply(echo(503)),
	'429 for too long': (scope) => scope.reply(429, function (uri, body) { return { message: echoed(this.req, uri, body) }; }, { 'Retry-After': '9999' }),
	'connection reset': (scope) => scope.times(2).replyWithError(Object.assign(new Error(`socket hang up ${secretValues.join(' ')}`), { code: 'ECONNRESET' })),
};

function dump(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function (key, current) {
		if (current && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) return Object.fromEntries(Object.getOwnPropertyNames(current).map((name) => [name, current[name]]));
		}
		return current;
	});
}

const lines = [];
beforeAll(() => {
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug']) jest.spyOn(logger, level).mockImplementation((...args) => lines.push(dump(args)));
});
beforeEach(() => {
	nock.disableNetConnect();
	resetThrottles();
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

const expectNoSecret = (text) => {
	for (const secret of secretValues) expect(text).not.toContain(secret);
};

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
