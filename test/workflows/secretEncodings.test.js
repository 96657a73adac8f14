// Credential values never come back, in any form: raw, percent-encoded (either hex case, axios's query form,
// encoded twice), form `+`-encoded, JSON-escaped, or base64 in a Basic header. The values hold + / = space & "
// (helpers/encodedSecrets.js). Providers (nock) echo what they were sent, or quote a key URL-encoded in their
// error body; the node's output items (error, description, response), the thrown error (message, context,
// stack), the run data and n8n's log are all searched. Continue On Fail off and on.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { dump, captureLogs } = require('../helpers/secrets');
const { isolateRequests } = require('../helpers/http');
const { credentials, expectNoCredentialForm, basicPair } = require('../helpers/encodedSecrets');
const { ORIGINS } = require('../helpers/credentials');

const ADJUST = ORIGINS.adjust;
const BRANCH = ORIGINS.branch;
const PUSH = ORIGINS.push;
const LINKS = ORIGINS.links;
const SHORTIFY = ORIGINS.shortify;

const { branchKey, branchSecret, accessToken } = credentials.branchApi;
const LINK = 'https://x.app.link/promo';

/** Everything a request carried, as a provider echoing it would quote it: headers, the URL as sent, the body. */
function everything(req, uri, body) {
	return `${JSON.stringify(req.headers)} ${uri} ${typeof body === 'string' ? body : JSON.stringify(body)}`;
}

/** Each way a credential reaches a provider and can come back. `serve` sets the provider up; `params` runs the node. */
const CASES = {
	'Branch Bulk Create: the key in the URL path, echoed in a 401 and in a 200 per-link answer': {
		node: { type: 'bulkCreateDeepLinks', parameters: { provider: 'branch', branchFields: { channel: '={{ $json.channel }}' }, options: { maxRetries: 1 } } },
		items: [{ channel: 'a' }, { channel: 'b' }],
		serve() {
			const path = `/v1/url/bulk/${encodeURIComponent(branchKey)}`;
			nock(BRANCH).post(path).reply(401, function (uri, body) {
				return { error: { message: `Invalid key in ${everything(this.req, uri, body)}`, code: 401 } };
			});
			nock(BRANCH).post(path).reply(200, function (uri, body) {
				// One link refused quoting the path, one created with the path in its URL.
				return [{ error: `bad branch_key ${uri}` }, { url: `https://x.app.link${uri}`, echo: everything(this.req, uri, body) }];
			});
		},
		runs: 2,
		sent: () => `/v1/url/bulk/${encodeURIComponent(branchKey)}`,
	},
	'Branch read: the key in the query (axios writes a space as +), quoted back URL-encoded and raw': {
		node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'get', branchUrl: LINK, options: { maxRetries: 1 } } },
		serve() {
			nock(BRANCH).get('/v1/url').query(true).reply(404, function (uri) {
				return { error: { message: `Link not found for ${uri} (branch_key ${decodeURIComponent(uri.split('branch_key=')[1].replace(/\+/g, ' '))})`, code: 404 } };
			});
			nock(BRANCH).get('/v1/url').query(true).reply(200, function (uri, body) {
				return { data: { $og_title: 'Promo', seenAs: everything(this.req, uri, body) }, alias: 'promo' };
			});
		},
		runs: 2,
	},
	'Branch merge update: the read (key in the query) then the write (key and secret in the JSON body), both echoed': {
		node: {
			type: 'manageDeepLink',
			parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateData: '{"$og_title": "New"}', options: { maxRetries: 1 } },
		},
		serve() {
			for (let run = 0; run < 2; run++) {
				nock(BRANCH).get('/v1/url').query(true).reply(200, function (uri) {
					return { data: { $og_title: 'Old', note: `read with ${uri}` }, channel: 'sms' };
				});
				nock(BRANCH).put('/v1/url').query(true).reply(400, function (uri, body) {
					return { error: { message: `Cannot update: ${everything(this.req, uri, body)}`, code: 400 } };
				});
			}
		},
		runs: 2,
	},
	'Branch delete: the Access-Token header quoted back, JSON-escaped in a text body': {
		node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'delete', branchUrl: LINK, options: { maxRetries: 1 } } },
		serve() {
			nock(BRANCH).delete('/v1/url').query(true).times(2).reply(403, function () {
				return `Forbidden: ${JSON.stringify({ token: this.req.headers['access-token'], encoded: encodeURIComponent(accessToken) })}`;
			});
		},
		runs: 2,
	},
	'Adjust: a provider quoting the token URL-encoded (upper and lower hex, form-encoded) in its error body': {
		node: { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc', options: { maxRetries: 1 } } },
		serve() {
			const token = credentials.adjustApi.apiToken;
			const lower = encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
			nock(ADJUST).post('/engage/deep-links').times(2).reply(401, {
				error_code: 'auth_error',
				error_desc: `Token ${encodeURIComponent(token)} (${lower}, ${new URLSearchParams({ t: token })}, twice: ${encodeURIComponent(encodeURIComponent(token))}) is not valid`,
				error_desc_details: [{ field: `Authorization: ${token}`, message: 'invalid' }],
			});
		},
		runs: 2,
	},
	'Kumulos push: the Basic header echoed, base64 and decoded, in a 422': {
		node: { type: 'sendPush', parameters: { provider: 'kumulos', kumulosBroadcast: true, kumulosTitle: 'Hi', kumulosMessage: 'There', options: { maxRetries: 1 } } },
		serve() {
			nock(PUSH).post('/notifications').times(2).reply(422, function () {
				const auth = this.req.headers.authorization;
				return { message: `Invalid credentials ${auth}`, errors: { auth: [Buffer.from(auth.split(' ')[1], 'base64').toString()], base64: [basicPair] } };
			});
		},
		runs: 2,
	},
	'Kumulos deep link: a 5xx echoing everything, past the retries': {
		node: {
			type: 'createDeepLink',
			parameters: { provider: 'kumulos', kumulosLinkData: '{"a": 1}', kumulosDesktopWebFallbackUrl: 'https://e.com', kumulosMobileWebFallbackUrl: 'https://e.com', options: { maxRetries: 1 } },
		},
		serve() {
			nock(LINKS).post('/v1/deep-links').times(4).reply(503, function (uri, body) {
				return { message: everything(this.req, uri, body) };
			});
		},
		runs: 2,
	},
	'Shortify: the api-key echoed in an error, and in a created link\'s response': {
		node: { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', options: { maxRetries: 1 } } },
		items: [{}, {}],
		serve() {
			for (let run = 0; run < 2; run++) {
				nock(SHORTIFY).post('/v1/deep-links').reply(201, function (uri, body) {
					return { success: true, data: { id: 'link_1', title: this.req.headers['api-key'], comments: everything(this.req, uri, body) } };
				});
				nock(SHORTIFY).post('/v1/deep-links').reply(409, function () {
					return { success: false, error: { code: 'key_conflict', message: `key taken for ${new URLSearchParams({ key: this.req.headers['api-key'] })}` } };
				});
			}
		},
		runs: 2,
	},
};

const lines = captureLogs();
const { log, provider } = isolateRequests();

describe.each(Object.keys(CASES))('%s', (title) => {
	const { node, items = [{}], serve } = CASES[title];

	test('no form of any credential value in items, error, run data or logs (Continue On Fail off and on)', async () => {
		serve();
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			const result = await runNode({ node: { name: 'Node', ...node, onError }, items, credentials });
			// The provider's echo reached the user (as an error, an error item or a response), with the credential cut out.
			expect(result.error ?? result.items[0]).toBeDefined();
			expect(dump({ items: result.items, error: result.error })).toContain('[redacted]');
			expectNoCredentialForm(dump(result.items), 'output items');
			if (result.error) {
				expectNoCredentialForm(result.error.message, 'error message');
				expectNoCredentialForm(String(result.error.description ?? ''), 'error description');
				expectNoCredentialForm(String(result.error.stack ?? ''), 'error stack');
				expectNoCredentialForm(dump(result.error.context ?? {}), 'error context');
				expectNoCredentialForm(dump(result.error), 'error');
			}
			expectNoCredentialForm(dump(result.run), 'run data');
		}
		expectNoCredentialForm(lines.join('\n'), "n8n's log");
	});
});

test('the providers did receive the credentials, so the searches above looked at real echoes', async () => {
	provider(BRANCH).post(`/v1/url/bulk/${encodeURIComponent(branchKey)}`).reply(200, [{ url: 'https://x.app.link/a' }]);
	provider(BRANCH).put('/v1/url').query(true).reply(200, { url: LINK });
	provider(PUSH).post('/notifications').reply(201, { id: 1 });
	await runNode({ node: { type: 'bulkCreateDeepLinks', name: 'Bulk', parameters: { provider: 'branch' } }, credentials });
	await runNode({ node: { type: 'manageDeepLink', name: 'Manage', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '{"a": 1}' } }, credentials });
	await runNode({ node: { type: 'sendPush', name: 'Push', parameters: { provider: 'kumulos', kumulosBroadcast: true, kumulosTitle: 'Hi', kumulosMessage: 'There' } }, credentials });
	expect(log.map((request) => request.path)).toEqual([`/v1/url/bulk/${encodeURIComponent(branchKey)}`, `/v1/url?url=${encodeURIComponent(LINK)}`, '/notifications']);
	expect(log[1].body).toEqual({ data: { a: 1 }, branch_key: branchKey, branch_secret: branchSecret });
	expect(log[2].headers.authorization).toBe(`Basic ${basicPair}`);
});
