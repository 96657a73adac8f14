// Send Push, Manage Channel and Get Opens: no credential value may reach an output item, an error (message, description, context, cause) or a
// log line, whatever the failure. Every failure path runs through the real engine for every push node.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { failurePaths, dump, captureLogs, expectNoSecret } = require('../helpers/secrets');
const { isolateRequests } = require('../helpers/http');
const { credentials, ORIGINS } = require('../helpers/credentials');

const PUSH = ORIGINS.push;
const NODES = {
	sendPush: { method: 'post', path: '/notifications', params: { provider: 'kumulos', kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Hi', kumulosMessage: 'There' } },
	'manageChannel create': { type: 'manageChannel', method: 'post', path: '/channels', params: { provider: 'kumulos', operation: 'create', uuid: 'promo' } },
	'manageChannel subscribe': { type: 'manageChannel', method: 'post', path: '/channels/3/subscriptions', params: { provider: 'kumulos', operation: 'subscribe', channelId: '3', subscriberIds: 'i1' } },
	getOpens: { method: 'get', path: '/notifications/7/install-opens', params: { provider: 'kumulos', operation: 'installOpens', notificationId: '7' } },
};

const failures = failurePaths;

const lines = captureLogs();
isolateRequests();

describe.each(Object.keys(NODES))('%s', (name) => {
	const { method, path, params } = NODES[name];
	const type = NODES[name].type ?? name;
	const node = (parameters, onError) => ({ type, name: 'Push Node', parameters, onError });

	test.each(Object.keys(failures))('%s: stopped and continued runs carry no credential value', async (failure) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			failures[failure](nock(PUSH)[method](path));
			// One retry keeps the run short and still walks the retry-exhaustion path.
			const result = await runNode({ node: node({ ...params, options: { maxRetries: 1 } }, onError), credentials });
			const text = dump({ items: result.items, error: result.error, run: result.run });
			// The failure really happened and reached the user (a subscription 404 is reported in the item).
			const item = result.items[0]?.json ?? {};
			expect(onError === 'stopWorkflow' ? result.error ?? item.rejectedReason : item.error ?? item.rejectedReason).toBeDefined();
			expectNoSecret(text);
			nock.cleanAll();
		}
		expectNoSecret(lines.join('\n'));
	});

	test('a refused Base URL carries no credential value', async () => {
		const refused = await runNode({
			node: node(params),
			credentials: { ...credentials, kumulosApi: { ...credentials.kumulosApi, pushBaseUrl: 'ftp://example.com' } },
		});
		expect(refused.error.message).toMatch(/Base URL is not allowed/);
		expectNoSecret(dump(refused));
	});
});

test('bad Send Push input echoing a secret-looking value stays in the item, never the credential', async () => {
	const bad = await runNode({ node: node0({ provider: 'kumulos', kumulosTargets: { channelIds: 'x' }, kumulosTitle: 'Hi', kumulosMessage: 'There' }), credentials });
	expect(bad.error.message).toBe('Item 0: Channel IDs must be a positive whole number written in decimal digits, got "x"');
	expectNoSecret(dump(bad));
});

function node0(parameters) {
	return { type: 'sendPush', name: 'Send Push', parameters };
}
