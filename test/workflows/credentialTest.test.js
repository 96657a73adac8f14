// n8n's "Test credential" button sends each credential type's `test.request`, authenticated by the type
// itself. The request is resolved by n8n's own expression engine and authenticated by the package's
// `authenticate` (credentialTestRequest in helpers/engine.js): it must refuse to sign a request for a Base URL
// that is not https (or http on a loopback host), whatever the field holds, and say why without the secret.
const { credentialTest, credentialTestRequest } = require('../helpers/engine');
const { BASE_URL_RULE } = require('../../dist/nodes/shared/transport/hosts');
const { credentials, secretValues, ORIGINS } = require('../helpers/credentials');
const { isolateRequests } = require('../helpers/http');

/** The Base URL field the test request goes to, and where the type puts its secret on that request. */
const TYPES = {
	adjustApi: { field: 'baseUrl', name: 'Adjust', path: '/engage/deep-links/quota', signed: (options) => expect(options.headers.Authorization).toBe(`Bearer ${credentials.adjustApi.apiToken}`) },
	branchApi: {
		field: 'baseUrl',
		name: 'Branch',
		path: `/v1/app/${credentials.branchApi.branchKey}`,
		signed: (options) => expect(options.qs).toEqual({ branch_secret: credentials.branchApi.branchSecret }),
	},
	kumulosApi: {
		field: 'pushBaseUrl',
		name: 'Kumulos',
		path: '/channels',
		signed: (options) => expect(options.auth).toEqual({ username: credentials.kumulosApi.apiKey, password: credentials.kumulosApi.serverSecretKey }),
	},
	shortifyApi: { field: 'baseUrl', name: 'Shortify', path: '/v1/deep-links', signed: (options) => expect(options.headers['api-key']).toBe(credentials.shortifyApi.apiKey) },
};

const REFUSED = [
	['http://evil.example', 'plain http:// is only accepted for localhost, 127.x.x.x or [::1]'],
	['http://localhost@evil.example', 'it contains a user name or password'],
	['http://127.0.0.1@evil.example', 'it contains a user name or password'],
	['http://localhost:80@evil.example/', 'it contains a user name or password'],
	['ftp://evil.example', 'the ftp: scheme is not allowed'],
	['ftp://localhost', 'the ftp: scheme is not allowed'],
	['file:///etc/passwd', 'the file: scheme is not allowed'],
	['javascript:alert(1)', 'the javascript: scheme is not allowed'],
	['http://localhost.evil.example', 'plain http:// is only accepted for localhost, 127.x.x.x or [::1]'],
	['http://127.0.0.1.evil.example', 'plain http:// is only accepted for localhost, 127.x.x.x or [::1]'],
	['  HTTP://EVIL.EXAMPLE  ', 'plain http:// is only accepted for localhost, 127.x.x.x or [::1]'],
];

const ALLOWED = ['https://api.example.com', 'https://api.example.com/', 'http://localhost:8080', 'http://127.0.0.1:9000', 'http://[::1]:3000'];

describe.each(Object.keys(TYPES))('%s', (type) => {
	const { field, name, path, signed } = TYPES[type];

	test.each(REFUSED)('the Test button refuses to sign a request for %s', async (baseUrl, problem) => {
		const values = { ...credentials[type], [field]: baseUrl };
		const attempt = credentialTestRequest(type, values);
		await expect(attempt).rejects.toThrow(`The ${name} credential's Base URL is not allowed: ${problem}.`);
		const error = await attempt.catch((caught) => caught);
		for (const secret of secretValues) expect(`${error.message} ${error.stack}`).not.toContain(secret);
	});

	test.each(ALLOWED)('the Test button signs a request for %s, below that Base URL only', async (baseUrl) => {
		const options = await credentialTestRequest(type, { ...credentials[type], [field]: baseUrl });
		const base = baseUrl.replace(/\/+$/, '');
		expect(options.url).toBe(`${base}${path}`);
		expect(options.method).toBe('GET');
		signed(options);
	});
});

describe('Kumulos: Test reaches the push host only, so it checks the Deep Links Base URL against the Base URL rule', () => {
	test.each(REFUSED)('a Deep Links Base URL of %s makes the push test request refuse to sign, naming that field', async (linksBaseUrl, problem) => {
		const attempt = credentialTestRequest('kumulosApi', { ...credentials.kumulosApi, linksBaseUrl });
		await expect(attempt).rejects.toThrow(`The Kumulos credential's Deep Links Base URL is not allowed: ${problem}. ${BASE_URL_RULE}`);
	});

	test.each(ALLOWED)('a Deep Links Base URL of %s lets the push test request sign', async (linksBaseUrl) => {
		const options = await credentialTestRequest('kumulosApi', { ...credentials.kumulosApi, linksBaseUrl });
		expect(options.url).toBe('https://push.kumulos.com/channels');
		TYPES.kumulosApi.signed(options);
	});

	test('a link request is refused for a bad Push Base URL too, naming that field', async () => {
		const { KumulosApi } = require('../../dist/credentials/KumulosApi.credentials');
		await expect(
			new KumulosApi().authenticate({ ...credentials.kumulosApi, pushBaseUrl: 'http://evil.example' }, { method: 'POST', url: 'https://links.kumulos.com/v1/deep-links' }),
		).rejects.toThrow(`The Kumulos credential's Push Base URL is not allowed: plain http:// is only accepted for localhost, 127.x.x.x or [::1]. ${BASE_URL_RULE}`);
	});
});

// What the Test button then shows: the request goes out through n8n-core's RoutingNode, as n8n sends it, and
// the answer is judged as n8n's credentials tester judges it (credentialTest in helpers/engine.js).
describe('what the Test button says', () => {
	/** Where each type's test request goes (Kumulos tests on its push host). */
	const TESTED = { adjustApi: ORIGINS.adjust, branchApi: ORIGINS.branch, kumulosApi: ORIGINS.push, shortifyApi: ORIGINS.shortify };
	const QUERY = { branchApi: `?branch_secret=${credentials.branchApi.branchSecret}`, shortifyApi: '?limit=1' };
	const { log, expectRequest } = isolateRequests();
	/** Answers the type's test request with `status`, `times` times. */
	const answer = (type, status, body, times = 1) => expectRequest(TESTED[type], 'GET', TYPES[type].path, [status, body], { query: true, times });
	const MESSAGES = {
		adjustApi: {
			401: 'Adjust refused the API Token (401 Unauthorized): check API Token. Copy it again from Account settings → My profile; a token that was reset no longer works.',
			403: "Adjust accepted the API Token but refused access (403 Forbidden): check API Token's user. The Deep link generator API needs Admin, Editor or Custom Editor permissions.",
		},
		branchApi: {
			401: "Branch refused the Branch Key or the Branch Secret (401 Unauthorized): check Branch Key and Branch Secret. Both are in the Branch Dashboard under Account Settings → Profile, and the secret must be the one of the key's app.",
			403: 'Branch refused access to this app (403 Forbidden): check that Branch Key and Branch Secret are the pair shown together in the Branch Dashboard under Account Settings → Profile.',
		},
		kumulosApi: {
			401: 'Kumulos refused the keys (401 Unauthorized: "the authorization header was not provided or poorly formed"): check API Key and Server Key. Copy both again from the App Dashboard in the Kumulos Agency Console; the API Key is the user name, the Server Key the password.',
			403: "Kumulos refused access with these keys (403 Forbidden): check API Key and Server Key. Both must be the same app's, from its App Dashboard in the Kumulos Agency Console.",
		},
		shortifyApi: {
			401: 'Shortify refused the API Key (401 Unauthorized): check API Key. It must be a server key (sk_live_… or sk_test_…) from your Shortify workspace settings, sent as the api-key header.',
			403: 'Shortify accepted the API Key but refused to list deep links with it (403 Forbidden): check API Key. Use a server key (sk_live_… or sk_test_…) of the workspace whose links the node manages.',
		},
	};

	describe.each(Object.keys(TYPES))('%s', (type) => {
		test('a 200 is "Connection successful!"', async () => {
			answer(type, 200, type === 'kumulosApi' ? [] : {});
			expect(await credentialTest(type, credentials[type])).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(log.map((request) => request.path)).toEqual([`${TYPES[type].path}${QUERY[type] ?? ''}`]);
		});

		// n8n sends a request that got a 401 once more, after authenticating it again.
		test.each([[401, 2], [403, 1]])('a %i names the field to check and what the provider says it means', async (status, times) => {
			answer(type, status, { message: 'nope' }, times);
			expect(await credentialTest(type, credentials[type])).toEqual({ status: 'Error', message: MESSAGES[type][status] });
			expect(log).toHaveLength(times);
		});

		test('any other failure keeps n8n\'s own message', async () => {
			answer(type, 500, { message: 'boom' });
			expect(await credentialTest(type, credentials[type])).toEqual({ status: 'Error', message: 'Internal Server Error' });
		});
	});

	test.each([
		[404, 'The Push Base URL answered 404 Not Found to GET /channels, the read Test uses, and did not refuse the keys (a refused key gets 401 Unauthorized): check Push Base URL (by default https://push.kumulos.com). If it is right, the keys may well work: Get Opens with the ID of one of your notifications tells for sure, without sending anything.'],
		[405, 'The Push Base URL answered 405 Method Not Allowed to GET /channels, the read Test uses, so Test cannot tell whether the keys work: check Push Base URL (by default https://push.kumulos.com). A refused key gets 401 Unauthorized; Get Opens with the ID of one of your notifications tells for sure, without sending anything.'],
	])('Kumulos: a %i to GET /channels (which the Push API page does not document) says what it does and does not mean', async (status, message) => {
		answer('kumulosApi', status, { message: 'Not Found' });
		expect(await credentialTest('kumulosApi', credentials.kumulosApi)).toEqual({ status: 'Error', message });
	});

	test('Kumulos: a bad Deep Links Base URL fails the test before anything is sent', async () => {
		const scope = answer('kumulosApi', 200, []);
		expect(await credentialTest('kumulosApi', { ...credentials.kumulosApi, linksBaseUrl: 'http://links.evil.example' })).toEqual({
			status: 'Error',
			message: `The Kumulos credential's Deep Links Base URL is not allowed: plain http:// is only accepted for localhost, 127.x.x.x or [::1]. ${BASE_URL_RULE}`,
		});
		expect(scope.isDone()).toBe(false);
	});
});

test('the Base URL fields state the rule the credentials enforce: localhost, 127.x.x.x or [::1] for http://', async () => {
	const { loadPackage } = require('../helpers/engine');
	const loader = await loadPackage();
	const fields = Object.values(loader.credentialTypes).flatMap(({ type }) => type.properties.filter((property) => /base url/i.test(property.displayName)));
	expect(fields.map((field) => field.name)).toEqual(['baseUrl', 'baseUrl', 'linksBaseUrl', 'pushBaseUrl', 'baseUrl']);
	for (const field of fields) expect(field.description).toContain(BASE_URL_RULE);
	const placeholders = Object.fromEntries(Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type.properties.filter((property) => property.typeOptions?.password || property.required).map((property) => property.placeholder)]));
	expect(placeholders).toEqual({
		adjustApi: ['Paste the API Token from My profile'],
		branchApi: ['e.g. key_live_...', 'e.g. secret_live_...', undefined],
		kumulosApi: ['Paste the API Key from the App Dashboard', 'Paste the Server Key from the App Dashboard'],
		shortifyApi: ['e.g. sk_live_...'],
	});
});
