// n8n's "Test credential" button sends each credential type's `test.request`, authenticated by the type
// itself. The request is resolved by n8n's own expression engine and authenticated by the package's
// `authenticate` (credentialTestRequest in helpers/engine.js): it must refuse to sign a request for a Base URL
// that is not https (or http on a loopback host), whatever the field holds, and say why without the secret.
const { credentialTestRequest } = require('../helpers/engine');
const { credentials, secretValues } = require('../helpers/credentials');

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
	['http://evil.example', 'plain http:// is only accepted for localhost'],
	['http://localhost@evil.example', 'it contains a user name or password'],
	['http://127.0.0.1@evil.example', 'it contains a user name or password'],
	['http://localhost:80@evil.example/', 'it contains a user name or password'],
	['ftp://evil.example', 'the ftp: scheme is not allowed'],
	['ftp://localhost', 'the ftp: scheme is not allowed'],
	['file:///etc/passwd', 'the file: scheme is not allowed'],
	['javascript:alert(1)', 'the javascript: scheme is not allowed'],
	['http://localhost.evil.example', 'plain http:// is only accepted for localhost'],
	['http://127.0.0.1.evil.example', 'plain http:// is only accepted for localhost'],
	['  HTTP://EVIL.EXAMPLE  ', 'plain http:// is only accepted for localhost'],
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

test('Kumulos: a bad Deep Links Base URL is refused too when a request goes there, while the push test request still signs', async () => {
	const values = { ...credentials.kumulosApi, linksBaseUrl: 'http://evil.example' };
	const options = await credentialTestRequest('kumulosApi', values);
	expect(options.url).toBe('https://push.kumulos.com/channels');
	const { KumulosApi } = require('../../dist/credentials/KumulosApi.credentials');
	await expect(new KumulosApi().authenticate(values, { method: 'POST', url: 'http://evil.example/v1/deep-links' })).rejects.toThrow(
		"The Kumulos credential's Base URL is not allowed: plain http:// is only accepted for localhost.",
	);
});
