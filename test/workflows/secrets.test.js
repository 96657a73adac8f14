// No credential value may reach an output item, an error (message, description, context, cause) or a
// log line, whatever the failure. Every failure path runs through the real engine for every provider.
const nock = require('nock');
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');
const { runNode } = require('../helpers/engine');
const { credentials, secretValues } = require('../helpers/credentials');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

const PROVIDERS = {
	adjust: { origin: 'https://automate.adjust.com', path: '/engage/deep-links', params: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { shortCode: 'promo' } } },
	branch: { origin: 'https://api2.branch.io', path: '/v1/url', params: { provider: 'branch', branchFields: { alias: 'promo' } } },
	kumulos: { origin: 'https://links.kumulos.com', path: '/v1/deep-links', params: { provider: 'kumulos', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com', kumulosFields: { slug: 'promo' } } },
	shortify: { origin: 'https://api.shortify.com', path: '/v1/deep-links', params: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: 'promo' } } },
};

// Providers that echo what they were sent, credentials included: the worst case for a leak.
const echoed = (req, uri, body) => `${JSON.stringify(req.headers)} ${uri} ${JSON.stringify(body)}`;
const echo = (status) => function (uri, body) {
	const everything = echoed(this.req, uri, body);
	return [status, { error: { message: everything, code: status }, error_desc: everything, message: everything, errors: { slug: [everything] } }];
};

const failures = {
	'401 echoing the request': (scope) => scope.reply(echo(401)),
	'409 echoing the request': (scope) => scope.reply(echo(409)),
	'422 echoing the request': (scope) => scope.reply(echo(422)),
	'5xx echoing the request': (scope) => scope.times(6).reply(echo(503)),
	'429 for too long': (scope) => scope.reply(429, function (uri, body) { return { message: echoed(this.req, uri, body) }; }, { 'Retry-After': '9999' }),
	'connection reset': (scope) => scope.times(6).replyWithError(Object.assign(new Error(`socket hang up ${secretValues.join(' ')}`), { code: 'ECONNRESET' })),
	'connection refused': (scope) => scope.times(6).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
	'non-JSON answer': (scope) => scope.times(2).reply(function (uri, body) { return [500, `<html>${echoed(this.req, uri, body)}</html>`]; }),
};

/** Serializes everything, errors with all their own properties (message, description, context, cause…). */
function dump(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function (key, current) {
		if (current && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) {
				return Object.fromEntries(Object.getOwnPropertyNames(current).map((name) => [name, current[name]]));
			}
		}
		return current;
	});
}

const lines = [];
beforeAll(() => {
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug']) {
		jest.spyOn(logger, level).mockImplementation((...args) => lines.push(dump(args)));
	}
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
		expectNoSecret(dump(refused) + dump(badInput.items) + dump(badInput.error?.context ?? {}) + badInput.error.description);
	});
});
