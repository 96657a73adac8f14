// One item policy for every node: once an item succeeded, a later failure becomes an error item with a
// warning instead of stopping the node, so what was already written or read stays in the output.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, ORIGINS } = require('../helpers/credentials');
const { isolateRequests } = require('../helpers/http');

const PUSH = ORIGINS.push;
const SHORTIFY = ORIGINS.shortify;

isolateRequests();

const warning = (succeeded, noun) =>
	expect.objectContaining({ type: 'warning', message: expect.stringMatching(new RegExp(`^1 item\\(s\\) failed \\(items 1\\) after ${succeeded} ${noun} had been`)) });

test('Manage Channel keeps the deleted channel when the next delete fails', async () => {
	const scope = nock(PUSH).delete('/channels/1').reply(204).delete('/channels/2').reply(404, { message: 'Not Found' });
	const { items, error, hints } = await runNode({
		node: { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'delete', channelId: '={{ $json.id }}' } },
		items: [{ id: 1 }, { id: 2 }],
		credentials,
	});
	expect(scope.isDone()).toBe(true);
	expect(error).toBeUndefined();
	expect(items[0]).toEqual({ json: { provider: 'kumulos', success: true, operation: 'delete', channelId: 1 }, pairedItem: { item: 0 } });
	expect(items[1]).toMatchObject({ json: { provider: 'kumulos', operation: 'delete', error: 'Kumulos returned 404: Not Found', httpCode: '404' }, pairedItem: { item: 1 } });
	expect(hints).toEqual([warning(1, 'channel change')]);
});

test('Get Opens keeps the opens already read when the next notification fails', async () => {
	const scope = nock(PUSH)
		.get('/notifications/7/install-opens').reply(200, [{ installId: 'i-1', openedAt: '2026-11-30 10:00:00' }])
		.get('/notifications/8/install-opens').reply(404, { message: 'Not Found' });
	const { items, error, hints } = await runNode({
		node: { type: 'getOpens', parameters: { provider: 'kumulos', operation: 'installOpens', notificationId: '={{ $json.id }}', returnAll: true } },
		items: [{ id: 7 }, { id: 8 }],
		credentials,
	});
	expect(scope.isDone()).toBe(true);
	expect(error).toBeUndefined();
	expect(items[0]).toEqual({ json: { notificationId: 7, installId: 'i-1', openedAt: '2026-11-30T10:00:00.000Z', openedAtRaw: '2026-11-30 10:00:00' }, pairedItem: { item: 0 } });
	expect(items[1]).toMatchObject({ json: { provider: 'kumulos', error: 'Kumulos returned 404: Not Found' }, pairedItem: { item: 1 } });
	expect(hints).toEqual([warning(1, 'read')]);
});

test('Manage Deep Link keeps the archived link when the next archive fails', async () => {
	const link = { id: 'link_1', shortLink: 'https://go.x/a', archived: true };
	const scope = nock(SHORTIFY)
		.delete('/v1/deep-links/link_1').reply(200, { success: true, data: link })
		.delete('/v1/deep-links/link_2').reply(404, { success: false, error: { code: 'not_found', message: 'Deep link not found' }, requestId: 'req_9' });
	const { items, error, hints } = await runNode({
		node: { type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'archive', shortifyLink: { mode: 'id', value: '={{ $json.id }}' } } },
		items: [{ id: 'link_1' }, { id: 'link_2' }],
		credentials,
	});
	expect(scope.isDone()).toBe(true);
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ provider: 'shortify', id: 'link_1', archived: true });
	expect(items[1]).toMatchObject({ json: { provider: 'shortify', error: 'Shortify returned 404: Deep link not found' }, pairedItem: { item: 1 } });
	expect(hints).toEqual([warning(1, 'link')]);
});

test('a first item that fails stops the node, as n8n users expect, when nothing was written yet', async () => {
	const scope = nock(PUSH).delete('/channels/1').reply(404, { message: 'Not Found' });
	const { error } = await runNode({
		node: { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'delete', channelId: '={{ $json.id }}' } },
		items: [{ id: 1 }, { id: 2 }],
		credentials,
	});
	expect(scope.isDone()).toBe(true);
	expect(error.message).toBe('Kumulos returned 404: Not Found');
});
