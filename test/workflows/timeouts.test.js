// Timeout (Seconds) bounds each attempt. A write whose attempt times out may have been processed, so it is
// reported as outcome unknown and never sent again (not by the transport, not by n8n's Retry On Fail); a read,
// or a write that is safe to repeat, is retried. Through the real engine, nock as the provider: the provider
// holds its answer longer than the timeout.
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');

const PUSH = ORIGINS.push;
const BRANCH = ORIGINS.branch;
const SHORTIFY = ORIGINS.shortify;

/**
 * Far longer than the 1 s timeout the tests set; the held answer is never read. The answers that are not held
 * must come within that second on a loaded machine, which is why it is not shorter.
 */
const HELD_MS = 5000;
const options = { timeoutSeconds: 1 };

// The held answers' timers would keep jest waiting after the run: abort them after each test.
const { log, provider } = isolateRequests({ abortPending: true });
/** What reached the provider as it arrived, held answer or not, with the headers that matter. */
const requests = () => sent(log, ['authorization', 'api-key', 'idempotency-key']);

const unknownOutcome = (name, method) =>
	`No answer within 1 s (the Timeout option), so the attempt was given up (ECONNABORTED). ${name} may or may not have processed this ${method} request. It was not sent again, because a repeat could create a duplicate. Check in ${name} before running it again.`;

describe('a write whose attempt times out: outcome unknown, not sent again', () => {
	const push = { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Hi', kumulosMessage: 'There', options };
	const body = { installIds: ['install-1'], title: 'Hi', message: 'There' };

	test('Send Push, Continue On Fail off: the run stops with the outcome-unknown error; one request went out', async () => {
		const scope = provider(PUSH).post('/notifications').delay(HELD_MS).reply(201, { id: 1 }).post('/notifications').reply(201, { id: 2 });
		const { error, items } = await runNode({ node: { type: 'sendPush', name: 'Send Push', parameters: push }, credentials });
		expect(items).toEqual([]);
		expect(error.message).toBe('Kumulos: no answer within 1 s; outcome unknown: Kumulos may have processed it, so it was not sent again');
		expect(error.description).toBe(unknownOutcome('Kumulos', 'POST'));
		expect(error.context.outcomeUnknown).toBe(true);
		expect(requests()).toEqual([{ method: 'POST', path: '/notifications', body, headers: { authorization: authHeader.kumulos } }]);
		// The second answer was never asked for.
		expect(scope.pendingMocks()).toEqual(['POST https://push.kumulos.com:443/notifications']);
	});

	test('Send Push, Continue On Fail on: an error item says outcomeUnknown; the next item still goes out', async () => {
		provider(PUSH).post('/notifications').delay(HELD_MS).reply(201, { id: 1 }).post('/notifications').reply(201, { id: 2, title: 'Hi' });
		const { error, items } = await runNode({
			node: { type: 'sendPush', name: 'Send Push', onError: 'continueRegularOutput', parameters: { ...push, kumulosTargets: { installIds: '={{ $json.install }}' } } },
			items: [{ install: 'install-1' }, { install: 'install-2' }],
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: { provider: 'kumulos', error: 'Kumulos: no answer within 1 s; outcome unknown: Kumulos may have processed it, so it was not sent again', description: unknownOutcome('Kumulos', 'POST'), outcomeUnknown: true },
				pairedItem: { item: 0 },
			},
			{ json: { provider: 'kumulos', id: 2, title: 'Hi' }, pairedItem: { item: 1 } },
		]);
		expect(requests().map((request) => request.body)).toEqual([body, { ...body, installIds: ['install-2'] }]);
	});

	test("n8n's Retry On Fail runs the node again but does not send the timed-out push again", async () => {
		const scope = provider(PUSH).post('/notifications').delay(HELD_MS).reply(201, { id: 1 }).post('/notifications').reply(201, { id: 2 });
		const { error, items, hints } = await runNode({
			node: { type: 'sendPush', name: 'Send Push', retryOnFail: true, maxTries: 3, waitBetweenTries: 0, parameters: push },
			credentials,
		});
		// The second try hands the first try's outcome back instead of sending again, and says so.
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: { provider: 'kumulos', error: 'Kumulos: no answer within 1 s; outcome unknown: Kumulos may have processed it, so it was not sent again', description: unknownOutcome('Kumulos', 'POST'), outcomeUnknown: true },
				pairedItem: { item: 0 },
			},
		]);
		expect(hints).toEqual([expect.objectContaining({ message: expect.stringMatching(/^1 notification \(items 0\) may or may not have been sent \(outcomeUnknown: true\)/) })]);
		expect(log).toHaveLength(1);
		expect(scope.pendingMocks()).toHaveLength(1);
	});

	test.each(['stopWorkflow', 'continueRegularOutput'])('Create Deep Link (Branch, no alias: nothing dedupes a repeat) is not sent again either (%s)', async (onError) => {
		const scope = provider(BRANCH).post('/v1/url').delay(HELD_MS).reply(200, { url: 'https://x.app.link/a' }).post('/v1/url').reply(200, { url: 'https://x.app.link/b' });
		const { error, items } = await runNode({ node: { type: 'createDeepLink', name: 'Create', onError, parameters: { provider: 'branch', branchFields: { channel: 'sms' }, options } }, credentials });
		if (onError === 'stopWorkflow') {
			expect(items).toEqual([]);
			expect(error.message).toBe('Branch: no answer within 1 s; outcome unknown: Branch may have processed it, so it was not sent again');
			expect(error.description).toBe(unknownOutcome('Branch', 'POST'));
			expect(error.context.outcomeUnknown).toBe(true);
		} else {
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{
					json: { provider: 'branch', error: 'Branch: no answer within 1 s; outcome unknown: Branch may have processed it, so it was not sent again', description: unknownOutcome('Branch', 'POST'), outcomeUnknown: true },
					pairedItem: { item: 0 },
				},
			]);
		}
		expect(requests()).toEqual([{ method: 'POST', path: '/v1/url', body: { channel: 'sms', branch_key: credentials.branchApi.branchKey }, headers: {} }]);
		expect(scope.pendingMocks()).toEqual(['POST https://api2.branch.io:443/v1/url']);
	});
});

test('without the Timeout option an attempt is given up after 30 s, the default (n8n itself waits 300 s)', async () => {
	// The one test that waits the default out: a lower bound of 30 s, no upper bound.
	provider(PUSH).post('/notifications').delay(40_000).reply(201, { id: 1 });
	const push = { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };
	const { error } = await runNode({ node: { type: 'sendPush', name: 'Send Push', parameters: push }, credentials });
	expect(error.message).toBe('Kumulos: no answer within 30 s; outcome unknown: Kumulos may have processed it, so it was not sent again');
	expect(requests()).toHaveLength(1);
});

describe('a read, or a write safe to repeat, whose attempt times out is retried', () => {
	test('Get Opens: the second attempt answers and its opens come out (Continue On Fail off and on)', async () => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			log.length = 0;
			const scope = provider(PUSH)
				.get('/notifications/42/install-opens').delay(HELD_MS).reply(200, [])
				.get('/notifications/42/install-opens').reply(200, [{ installId: 'install-7', openedAt: '2026-01-01 10:00:00' }]);
			const { error, items } = await runNode({ node: { type: 'getOpens', name: 'Get Opens', onError, parameters: { provider: 'kumulos', notificationId: '42', options } }, credentials });
			expect(error).toBeUndefined();
			expect(items).toEqual([{ json: { notificationId: 42, installId: 'install-7', openedAt: '2026-01-01T10:00:00.000Z', openedAtRaw: '2026-01-01 10:00:00' }, pairedItem: { item: 0 } }]);
			const request = { method: 'GET', path: '/notifications/42/install-opens', headers: { authorization: authHeader.kumulos } };
			expect(requests()).toEqual([request, request]);
			expect(scope.isDone()).toBe(true);
		}
	});

	test('Shortify create carries an idempotency key, so it is retried with the same key and created once', async () => {
		const link = { id: 'link_1', key: 'k', shortLink: 'https://go.example.com/k' };
		provider(SHORTIFY).post('/v1/deep-links').delay(HELD_MS).reply(201, { success: true, data: link }).post('/v1/deep-links').reply(201, { success: true, data: link });
		const { error, items } = await runNode({
			node: { type: 'createDeepLink', name: 'Create', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: 'k', idempotencyKey: 'order-1' }, options } },
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ provider: 'shortify', url: link.shortLink, id: 'link_1', idempotencyKey: 'order-1' });
		const request = { method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', key: 'k' }, headers: { 'api-key': credentials.shortifyApi.apiKey, 'idempotency-key': 'order-1' } };
		expect(requests()).toEqual([request, request]);
	});

	test('a read that times out on every attempt fails as a read: no outcome-unknown flag', async () => {
		provider(PUSH).get('/notifications/42/user-opens').times(3).delay(HELD_MS).reply(200, []);
		const { error } = await runNode({
			node: { type: 'getOpens', name: 'Get Opens', parameters: { provider: 'kumulos', operation: 'userOpens', notificationId: '42', options: { ...options, maxRetries: 2 } } },
			credentials,
		});
		expect(error.message).toBe('Kumulos: no answer after 3 attempts');
		expect(error.description).toMatch(/^No answer within 1 s \(the Timeout option\)/);
		expect(error.context.outcomeUnknown).toBeUndefined();
		expect(log).toHaveLength(3);
	});
});
