// Get Opens (Kumulos Push API v1 install-opens / user-opens) through the real n8n engine, nock as Kumulos.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent, HEADERS } = require('../helpers/http');

const PUSH = ORIGINS.push;

const run = (parameters, items = [{}], node = {}, timezone = 'UTC') =>
	runNode({ node: { type: 'getOpens', name: 'Get Opens', parameters: { provider: 'kumulos', ...parameters }, ...node }, items, credentials, timezone });

const installOpens = [
	{ installId: 'abcdefgh', openedAt: '2026-11-22 09:00:00' },
	{ installId: 'ijklmnop', openedAt: '2026-11-22 10:00:00' },
	{ installId: 'qrstuvwx', openedAt: '2026-11-22 11:00:00' },
];

/** An open as Get Opens outputs it: openedAt as ISO 8601 in UTC, Kumulos's "Y-m-d H:i:s" kept as openedAtRaw. */
const iso = (open) => ({ ...open, openedAt: `${open.openedAt.replace(' ', 'T')}.000Z`, openedAtRaw: open.openedAt });

const { log, expectRequest } = isolateRequests();

test('install opens: one item per open record, Return All', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [200, installOpens]);
	const { items } = await run({ operation: 'installOpens', notificationId: '={{ $json.id }}', returnAll: true }, [{ id: 7 }]);
	expect(sent(log, HEADERS)).toEqual([{ method: 'GET', path: '/notifications/7/install-opens', headers: { authorization: authHeader.kumulos, accept: 'application/json' } }]);
	expect(items).toEqual([
		{ json: { notificationId: 7, installId: 'abcdefgh', openedAt: '2026-11-22T09:00:00.000Z', openedAtRaw: '2026-11-22 09:00:00' }, pairedItem: { item: 0 } },
		{ json: { notificationId: 7, installId: 'ijklmnop', openedAt: '2026-11-22T10:00:00.000Z', openedAtRaw: '2026-11-22 10:00:00' }, pairedItem: { item: 0 } },
		{ json: { notificationId: 7, installId: 'qrstuvwx', openedAt: '2026-11-22T11:00:00.000Z', openedAtRaw: '2026-11-22 11:00:00' }, pairedItem: { item: 0 } },
	]);
});

test('user opens: one aggregated item per notification, with Limit applied after reading', async () => {
	const userOpens = [{ userId: 'user-a', openedAt: '2026-11-22 09:00:00' }, { userId: 'user-b', openedAt: '2026-11-22 09:05:00' }];
	expectRequest(PUSH, 'GET', '/notifications/7/user-opens', [200, userOpens]);
	expectRequest(PUSH, 'GET', '/notifications/8/user-opens', [200, []]);
	const { items } = await run({ operation: 'userOpens', notificationId: '={{ $json.id }}', outputMode: 'aggregate', limit: 1 }, [{ id: 7 }, { id: 8 }]);
	expect(log.map((entry) => entry.path)).toEqual(['/notifications/7/user-opens', '/notifications/8/user-opens']);
	expect(items).toEqual([
		{ json: { provider: 'kumulos', notificationId: 7, type: 'user', count: 1, opens: [iso(userOpens[0])] }, pairedItem: { item: 0 } },
		{ json: { provider: 'kumulos', notificationId: 8, type: 'user', count: 0, opens: [] }, pairedItem: { item: 1 } },
	]);
});

test('Opened Since keeps opens at or after it, read in the workflow time zone; openedAt is UTC', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [200, installOpens]);
	// 11:00 in Berlin (UTC+1) is 10:00 UTC.
	const { items } = await run({ operation: 'installOpens', notificationId: '7', returnAll: true, filters: { openedSince: '2026-11-22T11:00:00' } }, [{}], {}, 'Europe/Berlin');
	expect(items.map((item) => item.json.installId)).toEqual(['ijklmnop', 'qrstuvwx']);
});

test('an openedAt that is not a time is left as Kumulos sent it, kept by Opened Since, and has no openedAtRaw', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [200, [{ installId: 'a', openedAt: 'soon' }, { installId: 'b', openedAt: '2026-11-22 08:00:00' }, { installId: 'c' }]]);
	const { items } = await run({ operation: 'installOpens', notificationId: '7', returnAll: true, filters: { openedSince: '2026-11-22T09:00:00Z' } });
	expect(items).toEqual([
		{ json: { notificationId: 7, installId: 'a', openedAt: 'soon' }, pairedItem: { item: 0 } },
		{ json: { notificationId: 7, installId: 'c' }, pairedItem: { item: 0 } },
	]);
});

test('a bad notification id is refused before any request', async () => {
	const scope = nock(PUSH).get(/.*/).reply(200, []);
	const { error } = await run({ operation: 'installOpens', notificationId: 'abc' });
	expect(scope.isDone()).toBe(false);
	expect(error.message).toBe('Item 0: Notification ID must be a positive whole number written in decimal digits, got "abc"');
	expect(error.description).toBe('Field "Notification ID". Correct the value in this item and run the node again.');
});

test('a bad Opened Since is refused before any request', async () => {
	const scope = nock(PUSH).get(/.*/).reply(200, []);
	const { error } = await run({ operation: 'installOpens', notificationId: '7', filters: { openedSince: 'yesterday' } });
	expect(scope.isDone()).toBe(false);
	expect(error.message).toBe('Item 0: Opened Since must be an ISO 8601 date-time, got "yesterday"');
});

test('401 carries the message', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [401, { message: 'Unauthorized' }]);
	const { error } = await run({ operation: 'installOpens', notificationId: '7' });
	expect(error.message).toBe('Kumulos returned 401: Unauthorized');
	expect(error.description).toBe('Check the API key or token in the credential.');
});

test('404 carries the message; Continue On Fail gives an error item and the other items still run', async () => {
	expectRequest(PUSH, 'GET', '/notifications/99/install-opens', [404, { message: 'Notification 99 not found.' }]);
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [200, installOpens.slice(0, 1)]);
	const { items } = await run({ operation: 'installOpens', notificationId: '={{ $json.id }}' }, [{ id: 99 }, { id: 7 }], { onError: 'continueRegularOutput' });
	expect(items).toEqual([
		{ json: { provider: 'kumulos', error: 'Kumulos returned 404: Notification 99 not found.', description: 'Check the id, token or URL you gave.', httpCode: '404' }, pairedItem: { item: 0 } },
		{ json: { notificationId: 7, ...iso(installOpens[0]) }, pairedItem: { item: 1 } },
	]);
});

test('a 5xx on GET is retried (reading is safe to repeat)', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [503, { message: 'Service Unavailable' }, { 'Retry-After': '0' }]);
	expectRequest(PUSH, 'GET', '/notifications/7/install-opens', [200, installOpens.slice(0, 1)]);
	const { items } = await run({ operation: 'installOpens', notificationId: '7' });
	expect(log).toHaveLength(2);
	expect(items).toEqual([{ json: { notificationId: 7, ...iso(installOpens[0]) }, pairedItem: { item: 0 } }]);
});

test('no opens: no items, and a hint saying how to get a count of 0 instead', async () => {
	expectRequest(PUSH, 'GET', '/notifications/7/user-opens', [200, []]);
	const { items, hints } = await run({ operation: 'userOpens', notificationId: '7' });
	expect(items).toEqual([]);
	expect(hints).toEqual([expect.objectContaining({ message: 'No opens found (after the Opened Since filter, if set). Choose "One Item per Notification" in Output to get an item with count 0 instead of none.' })]);
});
