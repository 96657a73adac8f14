// Each credential authenticates the provider's way, and its "Test credential" request is checked against
// the sandbox (which emulates each provider's auth): valid values pass, wrong ones get the provider's 401,
// which the Test button shows as the credential's 401 rule (the field to check), not a bare "Unauthorized".
const path = require('node:path');
const { credentialTest, credentialTestOptions, credentialTestRequest, credentialTestVerdict, loadPackage, sendAuthenticated } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const { authenticateBranchRequest } = require(path.resolve(__dirname, '../../dist/credentials/BranchApi.credentials'));

/** Sends the type's test request through n8n-core, signed by the type itself; the answer as the verdict reads it. */
async function send(type, values) {
	const { options } = await credentialTestOptions(type, values);
	const response = await sendAuthenticated(type, values, options);
	return { status: response.statusCode, statusText: response.statusMessage, body: response.body };
}

describe('credential tests against the sandbox', () => {
	const local = useSandbox({ reset: false });

	test.each([
		['adjustApi', 'apiToken', 'GET', '/adjust/engage/deep-links/quota'],
		['branchApi', 'branchSecret', 'GET', '/branch/v1/app/key_test_sandbox'],
		['kumulosApi', 'serverSecretKey', 'GET', '/kumulos-push/channels'],
		['shortifyApi', 'apiKey', 'GET', '/shortify/v1/deep-links'],
	])('%s: valid values pass, a wrong %s gets 401, nothing is changed', async (type, secretField, method, pathname) => {
		const { sandbox, credentials: creds } = local;
		const before = JSON.stringify(sandbox.state.linksCreated);
		const good = await credentialTestRequest(type, creds[type]);
		expect(good.method).toBe(method);
		expect(new URL(good.url).pathname).toBe(pathname);
		const { test } = (await loadPackage()).credentialTypes[type].type;
		const answer = await send(type, creds[type]);
		expect(answer.status).toBe(200);
		expect(credentialTestVerdict(test, answer)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = await send(type, { ...creds[type], [secretField]: 'wrong-value' });
		expect(bad.status).toBe(401);
		const rule = test.rules.find((candidate) => candidate.properties.value === 401);
		expect(credentialTestVerdict(test, bad)).toEqual({ status: 'Error', message: rule.properties.message });
		expect(rule.properties.message).toMatch(/\(401 Unauthorized\)|\(401 Unauthorized: /);
		expect(JSON.stringify(sandbox.state.linksCreated)).toBe(before);
	});
});

describe('the Test button through n8n-core, against Base URLs with a path (the sandbox is /adjust, /branch, …)', () => {
	const local = useSandbox({ reset: false });

	test.each(['adjustApi', 'branchApi', 'kumulosApi', 'shortifyApi'])('%s: valid values pass', async (type) => {
		expect(await credentialTest(type, local.credentials[type])).toEqual({ status: 'OK', message: 'Connection successful!' });
	});
});

describe('Branch puts each key where its endpoint wants it', () => {
	const credentials = { branchKey: 'key_live_k', branchSecret: 'secret_live_s', accessToken: 'tok', appId: '42', baseUrl: 'https://api2.branch.io' };
	const base = 'https://api2.branch.io';

	test('create: key in the body', () => {
		expect(authenticateBranchRequest(credentials, { method: 'POST', url: `${base}/v1/url`, body: { channel: 'sms' } })).toEqual({
			method: 'POST', url: `${base}/v1/url`, body: { channel: 'sms', branch_key: 'key_live_k' },
		});
	});
	test('bulk: key in the path, array body untouched', () => {
		expect(authenticateBranchRequest(credentials, { method: 'POST', url: `${base}/v1/url/bulk`, body: [{ channel: 'a' }] })).toEqual({
			method: 'POST', url: `${base}/v1/url/bulk/key_live_k`, body: [{ channel: 'a' }],
		});
	});
	test('read: key in the query', () => {
		expect(authenticateBranchRequest(credentials, { method: 'GET', url: `${base}/v1/url`, qs: { url: 'https://x.app.link/a' } })).toEqual({
			method: 'GET', url: `${base}/v1/url`, qs: { url: 'https://x.app.link/a', branch_key: 'key_live_k' },
		});
	});
	test('update: key and secret in the body', () => {
		expect(authenticateBranchRequest(credentials, { method: 'PUT', url: `${base}/v1/url`, qs: { url: 'u' }, body: { channel: 'x' } })).toEqual({
			method: 'PUT', url: `${base}/v1/url`, qs: { url: 'u' }, body: { channel: 'x', branch_key: 'key_live_k', branch_secret: 'secret_live_s' },
		});
	});
	test('delete: Access-Token header and app_id, no key or secret', () => {
		expect(authenticateBranchRequest(credentials, { method: 'DELETE', url: `${base}/v1/url`, qs: { url: 'u' } })).toEqual({
			method: 'DELETE', url: `${base}/v1/url`, qs: { url: 'u', app_id: '42' }, headers: { 'Access-Token': 'tok' },
		});
	});
	test('other paths are left alone', () => {
		const options = { method: 'GET', url: `${base}/v1/app/key_live_k`, qs: { branch_secret: 'secret_live_s' } };
		expect(authenticateBranchRequest(credentials, options)).toBe(options);
	});
});
