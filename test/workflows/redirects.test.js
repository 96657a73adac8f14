// A provider that answers with a redirect never gets the credential sent on: for every provider and every
// redirect status, the sandbox answers 3xx with a Location on a catcher server (another port), the catcher
// receives nothing, and the node reports an error naming the target's host (never its path or query).
// Real HTTP through the real engine; the sandbox's request log shows what the provider received.
const { runNode } = require('../helpers/engine');
const { startCatcher } = require('../helpers/catcher');
const { useSandbox } = require('../helpers/sandbox');

const STATUSES = [301, 302, 303, 307, 308];

const local = useSandbox({ limits: false });
let catcher;
beforeAll(async () => {
	catcher = await startCatcher();
});
afterAll(() => catcher.stop());
afterEach(() => {
	// Whatever the test, nothing ever reached the other host.
	expect(catcher.received).toEqual([]);
});

const LINK = 'https://sandbox.app.link/promo';

/**
 * Each way a credential travels: the request the sandbox must see (method, path and query; the sandbox's log
 * redacts the secrets) and the header or body field that carries the credential.
 */
const CASES = {
	'Adjust create (Bearer token)': {
		provider: 'adjust',
		name: 'Adjust',
		node: { type: 'createDeepLink', parameters: { provider: 'adjust', adjustLinkId: 'abc123' } },
		request: { method: 'POST', url: '/adjust/engage/deep-links', body: { link_token: 'abc123' } },
		carries: (entry) => expect(entry.headers.authorization).toBe('Bearer [redacted]'),
	},
	'Kumulos push (Basic pair)': {
		provider: 'kumulos',
		name: 'Kumulos',
		node: { type: 'sendPush', parameters: { provider: 'kumulos', kumulosBroadcast: true, kumulosTitle: 'Hi', kumulosMessage: 'There' } },
		request: { method: 'POST', url: '/kumulos-push/notifications', body: { broadcast: true, title: 'Hi', message: 'There' } },
		carries: (entry) => expect(entry.headers.authorization).toBe('Basic [redacted]'),
	},
	'Kumulos deep link (Basic pair)': {
		provider: 'kumulos',
		name: 'Kumulos',
		node: {
			type: 'createDeepLink',
			parameters: { provider: 'kumulos', kumulosLinkData: '{"offer": 1}', kumulosDesktopWebFallbackUrl: 'https://example.com/d', kumulosMobileWebFallbackUrl: 'https://example.com/m' },
		},
		request: {
			method: 'POST',
			url: '/kumulos-links/v1/deep-links',
			body: [{ linkData: { offer: 1 }, desktopWebFallbackUrl: 'https://example.com/d', mobileWebFallbackUrl: 'https://example.com/m' }],
		},
		carries: (entry) => expect(entry.headers.authorization).toBe('Basic [redacted]'),
	},
	'Shortify create (api-key header)': {
		provider: 'shortify',
		name: 'Shortify',
		node: { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_sandbox' } },
		request: { method: 'POST', url: '/shortify/v1/deep-links', body: { deepLinkAppId: 'app_sandbox' } },
		carries: (entry) => expect(entry.headers['api-key']).toBe('[redacted]'),
	},
	'Branch delete (Access-Token header)': {
		provider: 'branch',
		name: 'Branch',
		node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'delete', branchUrl: LINK } },
		request: { method: 'DELETE', url: `/branch/v1/url?url=${encodeURIComponent(LINK)}&app_id=sandbox-app-id` },
		carries: (entry) => expect(entry.headers['access-token']).toBe('[redacted]'),
	},
	'Branch update (branch_key and branch_secret in the body)': {
		provider: 'branch',
		name: 'Branch',
		node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'update', branchUrl: LINK, branchUpdateMode: 'replace', branchUpdateData: '{"$og_title": "Summer"}' } },
		request: { method: 'PUT', url: `/branch/v1/url?url=${encodeURIComponent(LINK)}`, body: { data: { $og_title: 'Summer' }, branch_key: 'key_test_sandbox', branch_secret: '[redacted]' } },
		carries: (entry) => expect(entry.body.branch_secret).toBe('[redacted]'),
	},
	'Branch create (branch_key in the body)': {
		provider: 'branch',
		name: 'Branch',
		node: { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { channel: 'sms' } } },
		request: { method: 'POST', url: '/branch/v1/url', body: { channel: 'sms', branch_key: 'key_test_sandbox' } },
		carries: (entry) => expect(entry.body.branch_key).toBe('key_test_sandbox'),
	},
	'Branch read (branch_key in the query)': {
		provider: 'branch',
		name: 'Branch',
		node: { type: 'manageDeepLink', parameters: { provider: 'branch', operation: 'get', branchUrl: LINK } },
		request: { method: 'GET', url: `/branch/v1/url?url=${encodeURIComponent(LINK)}&branch_key=key_test_sandbox` },
		carries: () => undefined,
	},
};

/** The sandbox's log of one request, reduced to what the assertions look at. */
const received = (provider) =>
	local.sandbox.requests({ provider }).map((entry) => ({ method: entry.method, url: entry.url, status: entry.status, outcome: entry.outcome, ...(entry.body ? { body: entry.body } : {}) }));

describe.each(Object.keys(CASES))('%s', (title) => {
	const { provider, name, node, request, carries } = CASES[title];

	test.each(STATUSES)('a %i is an error naming only the target host; the catcher gets nothing (Continue On Fail off and on)', async (status) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			local.sandbox.reset();
			// preservePath puts the original path and query (Branch's key among them) into the Location.
			local.sandbox.configure({ faults: { redirect: { status, location: `${catcher.url}/catch?stolen=1`, preservePath: true } } });
			const result = await runNode({ node: { name: 'Node', ...node, onError }, credentials: local.credentials });

			const message = `${name} returned ${status}: answered with a redirect to ${catcher.host}`;
			const error = onError === 'stopWorkflow' ? result.error : result.items[0].json;
			if (onError === 'stopWorkflow') {
				expect(result.items).toEqual([]);
				expect(result.error.message).toBe(message);
				expect(result.error.context.redirectHost).toBe(catcher.host);
			} else {
				expect(result.error).toBeUndefined();
				expect(result.items).toEqual([
					{
						json: expect.objectContaining({ provider, error: message, httpCode: String(status), redirectHost: catcher.host }),
						pairedItem: { item: 0 },
					},
				]);
			}
			expect(error.description).toBe(
				`The node does not follow redirects, so the credential was not sent to ${catcher.host}. Check the Base URL in the ${name} credential; it should point at the API itself.`,
			);
			// The Location's path and query never reach the message: they may carry anything.
			expect(JSON.stringify(result.items) + (result.error?.message ?? '') + (result.error?.description ?? '')).not.toMatch(/catch|stolen|key_test_sandbox|v1\/url/);

			// The provider got the one request, with the credential, and answered the redirect; it was not repeated.
			const entries = local.sandbox.requests({ provider });
			expect(received(provider)).toEqual([{ ...request, status, outcome: 'redirect' }]);
			carries(entries[0]);
			expect(local.sandbox.state.faults.redirects).toBe(1);
		}
	});
});

describe('Bulk Create (Branch, branch_key in the path)', () => {
	test.each(STATUSES)('a %i fails every link of the batch, naming only the host; nothing reaches the catcher', async (status) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			local.sandbox.reset();
			local.sandbox.configure({ faults: { redirect: { status, location: catcher.url, preservePath: true } } });
			const { items, error } = await runNode({
				node: { type: 'bulkCreateDeepLinks', name: 'Bulk', onError, parameters: { provider: 'branch', branchFields: { channel: '={{ $json.channel }}' } } },
				items: [{ channel: 'a' }, { channel: 'b' }],
				credentials: local.credentials,
			});
			expect(error).toBeUndefined();
			const failure = {
				success: false,
				provider: 'branch',
				error: `Branch returned ${status}: answered with a redirect to ${catcher.host}`,
				httpCode: String(status),
				description: `The node does not follow redirects, so the credential was not sent to ${catcher.host}. Check the Base URL in the Branch credential; it should point at the API itself.`,
			};
			expect(items).toEqual([
				{ json: failure, pairedItem: { item: 0 } },
				{ json: failure, pairedItem: { item: 1 } },
			]);
			expect(received('branch')).toEqual([
				{ method: 'POST', url: '/branch/v1/url/bulk/key_test_sandbox', status, outcome: 'redirect', body: [{ channel: 'a' }, { channel: 'b' }] },
			]);
		}
	});
});
