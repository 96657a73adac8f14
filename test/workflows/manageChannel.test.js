// Manage Channel (Kumulos Push API v1 channels) through the real n8n engine, nock as Kumulos.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent, HEADERS } = require('../helpers/http');

const PUSH = ORIGINS.push;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const NO_BODY_HEADERS = { accept: 'application/json' };

const run = (parameters, items = [{}], node = {}) =>
	runNode({ node: { type: 'manageChannel', name: 'Manage Channel', parameters: { provider: 'kumulos', ...parameters }, ...node }, items, credentials });

const channel = { appId: 1, uuid: 'summer', name: 'Summer', showInPortal: true, meta: { additional: 'data' }, updatedAt: '2017-02-16 14:43:03', createdAt: '2017-02-16 14:43:03', id: 12 };
/** A channel as Manage Channel outputs it: Kumulos's "Y-m-d H:i:s" times as ISO 8601 in UTC, the originals kept as …Raw. */
const channelOutput = (answer) => ({
	provider: 'kumulos',
	...answer,
	updatedAt: '2017-02-16T14:43:03.000Z',
	updatedAtRaw: '2017-02-16 14:43:03',
	createdAt: '2017-02-16T14:43:03.000Z',
	createdAtRaw: '2017-02-16 14:43:03',
});

const { log, expectRequest } = isolateRequests();

describe('channel operations', () => {
	test('create sends uuid, name, showInPortal and meta and outputs the channel', async () => {
		expectRequest(PUSH, 'POST', '/channels', [201, channel]);
		const { items } = await run({ operation: 'create', uuid: '={{ $json.uuid }}', channelFields: { name: 'Summer', showInPortal: true, meta: '{"additional": "data"}' } }, [{ uuid: 'summer' }]);
		expect(sent(log, HEADERS)).toEqual([{ method: 'POST', path: '/channels', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { uuid: 'summer', name: 'Summer', showInPortal: true, meta: { additional: 'data' } } }]);
		expect(items).toEqual([{ json: channelOutput(channel), pairedItem: { item: 0 } }]);
	});

	test('update sends PUT /channels/{id} with the changed fields', async () => {
		const updated = { ...channel, name: 'Summer 2026', showInPortal: false };
		expectRequest(PUSH, 'PUT', '/channels/12', [200, updated]);
		const { items } = await run({ operation: 'update', channelId: '={{ $json.id }}', updateFields: { name: 'Summer 2026', showInPortal: false } }, [{ id: 12 }]);
		expect(sent(log, HEADERS)).toEqual([{ method: 'PUT', path: '/channels/12', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { name: 'Summer 2026', showInPortal: false } }]);
		expect(items).toEqual([{ json: channelOutput(updated), pairedItem: { item: 0 } }]);
	});

	test('delete answers 204 and outputs a success item', async () => {
		expectRequest(PUSH, 'DELETE', '/channels/12', [204, '']);
		const { items } = await run({ operation: 'delete', channelId: '12' });
		expect(sent(log, HEADERS)).toEqual([{ method: 'DELETE', path: '/channels/12', headers: { authorization: authHeader.kumulos, ...NO_BODY_HEADERS } }]);
		expect(items).toEqual([{ json: { provider: 'kumulos', success: true, operation: 'delete', channelId: 12 }, pairedItem: { item: 0 } }]);
	});
});

describe('subscriptions', () => {
	test('subscribe installs in chunks of IDs per Request', async () => {
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [204, '']);
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [204, '']);
		const { items } = await run({ operation: 'subscribe', channelId: '12', subscriberType: 'installIds', subscriberIds: 'i1, i2, i3, i2', chunkSize: 2 });
		expect(sent(log, HEADERS)).toEqual([
			{ method: 'POST', path: '/channels/12/subscriptions', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { installIds: ['i1', 'i2'] } },
			{ method: 'POST', path: '/channels/12/subscriptions', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { installIds: ['i3'] } },
		]);
		expect(items).toEqual([{
			json: { provider: 'kumulos', success: true, operation: 'subscribe', channelId: 12, subscriberType: 'installIds', subscribed: ['i1', 'i2', 'i3'], rejected: [], requests: 2 },
			pairedItem: { item: 0 },
		}]);
	});

	test('default chunk size is 1000', async () => {
		expectRequest(PUSH, 'POST', '/channels/3/subscriptions', [204, '']);
		expectRequest(PUSH, 'POST', '/channels/3/subscriptions', [204, '']);
		const ids = Array.from({ length: 1500 }, (_, i) => `u${i}`);
		const { items } = await run({ operation: 'subscribe', channelId: '3', subscriberType: 'userIds', subscriberIds: '={{ $json.ids }}' }, [{ ids }]);
		expect(log.map((entry) => entry.body.userIds.length)).toEqual([1000, 500]);
		expect(items[0].json.subscribed).toEqual(ids);
	});

	test('a 404 naming missing ids: they are rejected, the chunk\'s known ids go again, other chunks still go out', async () => {
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [404, { message: 'Non-existent install id(s): bad-1', missing: { installIds: ['bad-1'] } }]);
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [204, '']);
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [204, '']);
		const { items, hints } = await run({ operation: 'subscribe', channelId: '12', subscriberIds: 'i1, bad-1, i3', chunkSize: 2 });
		expect(log.map((entry) => entry.body)).toEqual([{ installIds: ['i1', 'bad-1'] }, { installIds: ['i1'] }, { installIds: ['i3'] }]);
		expect(items).toEqual([{
			json: {
				provider: 'kumulos', success: false, operation: 'subscribe', channelId: 12, subscriberType: 'installIds',
				subscribed: ['i1', 'i3'], rejected: ['bad-1'], requests: 3, rejectedReason: 'Non-existent install id(s): bad-1',
			},
			pairedItem: { item: 0 },
		}]);
		expect(hints).toEqual([expect.objectContaining({ message: 'Kumulos rejected 1 ID(s) as unknown; they are listed in "rejected". The IDs listed in \"subscribed\" or \"unsubscribed\" were applied.' })]);
	});

	test('each 404 that names an unknown id drops it and sends the rest again, until the known ids are applied', async () => {
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [404, { message: 'Non-existent install id(s): b', missing: { installIds: ['b'] } }]);
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [404, { message: 'Non-existent install id(s): c', missing: { installIds: ['c'] } }]);
		expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [204, '']);
		const { items } = await run({ operation: 'subscribe', channelId: '12', subscriberIds: 'a, b, c' });
		expect(log.map((entry) => entry.body)).toEqual([{ installIds: ['a', 'b', 'c'] }, { installIds: ['a', 'c'] }, { installIds: ['a'] }]);
		expect(items[0].json).toMatchObject({ subscribed: ['a'], rejected: ['b', 'c'], requests: 3 });
	});

	test('a plain 404 rejects the whole chunk; unsubscribe users sends DELETE with a body', async () => {
		expectRequest(PUSH, 'DELETE', '/channels/12/subscriptions', [204, '']);
		expectRequest(PUSH, 'DELETE', '/channels/12/subscriptions', [404, { message: 'Not Found' }]);
		const { items } = await run({ operation: 'unsubscribe', channelId: '12', subscriberType: 'userIds', subscriberIds: '={{ ["user-1", "user-2", "ghost"] }}', chunkSize: 2 });
		expect(sent(log, HEADERS)).toEqual([
			{ method: 'DELETE', path: '/channels/12/subscriptions', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { userIds: ['user-1', 'user-2'] } },
			{ method: 'DELETE', path: '/channels/12/subscriptions', headers: { authorization: authHeader.kumulos, ...JSON_HEADERS }, body: { userIds: ['ghost'] } },
		]);
		expect(items).toEqual([{
			json: {
				provider: 'kumulos', success: false, operation: 'unsubscribe', channelId: 12, subscriberType: 'userIds',
				unsubscribed: ['user-1', 'user-2'], rejected: ['ghost'], requests: 2, rejectedReason: 'Not Found',
			},
			pairedItem: { item: 0 },
		}]);
	});
});

describe('validation and errors', () => {
	test.each([
		['a channel id that is not a whole number', { operation: 'delete', channelId: 'abc' }, 'Item 0: Channel ID must be a positive whole number written in decimal digits, got "abc"', 'Channel ID'],
		['no ids', { operation: 'subscribe', channelId: '1', subscriberIds: '={{ [] }}' }, 'Item 0: Give at least one ID', 'IDs'],
		['an update with nothing to change', { operation: 'update', channelId: '1', updateFields: {} }, 'Item 0: Update Fields: Add at least one field to update', 'Update Fields'],
		['showInPortal without a name', { operation: 'create', uuid: 'x', channelFields: { showInPortal: true } }, 'Item 0: Name is required when Show in Portal is on', 'Name'],
		['bad meta', { operation: 'create', uuid: 'x', channelFields: { meta: '[1]' } }, 'Item 0: Meta must be a JSON object', 'Meta'],
	])('%s is refused before any request', async (_name, parameters, message, field) => {
		const scope = nock(PUSH).post(/.*/).reply(204).put(/.*/).reply(200, {}).delete(/.*/).reply(204);
		const { error } = await run(parameters);
		expect(scope.pendingMocks()).toHaveLength(3);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(new RegExp(`^Field "${field}"\\.`));
	});

	test('401 carries the message', async () => {
		expectRequest(PUSH, 'POST', '/channels', [401, { message: 'Unauthorized' }]);
		const { error } = await run({ operation: 'create', uuid: 'x' });
		expect(error.message).toBe('Kumulos returned 401: Unauthorized');
		expect(error.description).toBe('Check the API key or token in the credential.');
	});

	test('422 names the field', async () => {
		expectRequest(PUSH, 'POST', '/channels', [422, { message: 'The given data was invalid.', errors: { uuid: ['The uuid has already been taken.'] } }]);
		const { error } = await run({ operation: 'create', uuid: 'summer' });
		expect(error.message).toBe('Kumulos returned 422: The given data was invalid. uuid: The uuid has already been taken. (field "uuid")');
	});

	test('404 on update carries the message; Continue On Fail gives an error item per item', async () => {
		expectRequest(PUSH, 'PUT', '/channels/99', [404, { message: 'Channel 99 not found.' }]);
		expectRequest(PUSH, 'PUT', '/channels/12', [200, channel]);
		const { items } = await run({ operation: 'update', channelId: '={{ $json.id }}', updateFields: { name: 'Summer' } }, [{ id: 99 }, { id: 12 }], { onError: 'continueRegularOutput' });
		expect(items).toEqual([
			{ json: { provider: 'kumulos', operation: 'update', error: 'Kumulos returned 404: Channel 99 not found.', description: 'Check the id, token or URL you gave.', httpCode: '404' }, pairedItem: { item: 0 } },
			{ json: channelOutput(channel), pairedItem: { item: 1 } },
		]);
	});
});
