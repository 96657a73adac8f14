// Credential values used by the tests. Distinctive strings, so a leak into any output is easy to find.
const credentials = {
	adjustApi: { apiToken: 'adj-token-SECRET-0001', baseUrl: 'https://automate.adjust.com' },
	branchApi: {
		branchKey: 'key_live_SECRET0002',
		branchSecret: 'secret_live_SECRET0003',
		accessToken: 'api_app_SECRET0004',
		appId: '1234567890',
		baseUrl: 'https://api2.branch.io',
	},
	kumulosApi: {
		apiKey: 'kum-api-SECRET-0005',
		serverSecretKey: 'kum-server-SECRET-0006',
		linksBaseUrl: 'https://links.kumulos.com',
		pushBaseUrl: 'https://push.kumulos.com',
	},
	shortifyApi: { apiKey: 'sk_live_SECRET0007', baseUrl: 'https://api.shortify.com' },
};

/** Where each provider (host) the credentials above point to is: what nock stands in for. */
const ORIGINS = {
	adjust: credentials.adjustApi.baseUrl,
	branch: credentials.branchApi.baseUrl,
	links: credentials.kumulosApi.linksBaseUrl,
	push: credentials.kumulosApi.pushBaseUrl,
	shortify: credentials.shortifyApi.baseUrl,
};

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const authHeader = {
	adjust: `Bearer ${credentials.adjustApi.apiToken}`,
	kumulos: basic(credentials.kumulosApi.apiKey, credentials.kumulosApi.serverSecretKey),
	shortify: credentials.shortifyApi.apiKey,
};

/** Every secret value, and the encoded forms that could leak (Basic auth). */
const secretValues = [
	credentials.adjustApi.apiToken,
	credentials.branchApi.branchKey,
	credentials.branchApi.branchSecret,
	credentials.branchApi.accessToken,
	credentials.kumulosApi.apiKey,
	credentials.kumulosApi.serverSecretKey,
	credentials.shortifyApi.apiKey,
	Buffer.from(`${credentials.kumulosApi.apiKey}:${credentials.kumulosApi.serverSecretKey}`).toString('base64'),
];

module.exports = { credentials, authHeader, secretValues, ORIGINS };
