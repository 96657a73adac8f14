// Manage Channel Subscribe / Unsubscribe to a channel that does not exist used to report every id as an
// unknown subscriber. Now it says the channel was not found. A 404 that names neither the channel nor any
// id, before anything worked, says honestly that it is one or the other. Against the sandbox (which answers
// "Channel 99 not found.") and against nock (a bare 404). Continue On Fail off and on.
const { runNode } = require('../helpers/engine');
const { isolateRequests, bodies } = require('../helpers/http');
const { useSandbox } = require('../helpers/sandbox');

const subscribe = (parameters) => ({ type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'subscribe', subscriberIds: 'install-1, install-2', ...parameters } });
const notFoundHint = 'Check the Channel ID: it is the integer ID Kumulos gave the channel when it was created.';

describe('against the sandbox', () => {
	const local = useSandbox({ limits: false });

	const requests = () => local.sandbox.requests({ provider: 'kumulos' }).map((entry) => ({ method: entry.method, url: entry.url, body: entry.body, status: entry.status }));

	test.each([
		['subscribe', 'POST', 'subscribed'],
		['unsubscribe', 'DELETE', 'unsubscribed'],
	])('%s to channel 99, which does not exist: the channel was not found (Continue On Fail off)', async (operation, method, verb) => {
		const { error, items } = await runNode({ node: { name: 'Node', ...subscribe({ operation, channelId: '99' }) }, credentials: local.credentials });
		expect(items).toEqual([]);
		expect(error.message).toBe(`Kumulos returned 404: channel 99 was not found, so none of the 2 IDs was ${verb}`);
		expect(error.description).toBe(`Kumulos said: "Channel 99 not found." ${notFoundHint}`);
		// One request: the ids are not sent again one by one.
		expect(requests()).toEqual([{ method, url: '/kumulos-push/channels/99/subscriptions', body: { installIds: ['install-1', 'install-2'] }, status: 404 }]);
	});

	test('Continue On Fail: the missing channel is that item\'s error; the item for an existing channel is applied', async () => {
		const created = await runNode({ node: { type: 'manageChannel', name: 'Create', parameters: { provider: 'kumulos', operation: 'create', uuid: 'summer' } }, credentials: local.credentials });
		const id = created.items[0].json.id;
		const { error, items } = await runNode({
			node: { name: 'Node', onError: 'continueRegularOutput', ...subscribe({ channelId: '={{ $json.channel }}', subscriberIds: 'install-1, ghost-1' }) },
			items: [{ channel: 99 }, { channel: id }],
			credentials: local.credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					provider: 'kumulos',
					operation: 'subscribe',
					error: 'Kumulos returned 404: channel 99 was not found, so none of the 2 IDs was subscribed',
					description: `Kumulos said: "Channel 99 not found." ${notFoundHint}`,
					httpCode: '404',
					field: 'Channel ID',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					provider: 'kumulos',
					success: false,
					operation: 'subscribe',
					channelId: id,
					subscriberType: 'installIds',
					subscribed: ['install-1'],
					rejected: ['ghost-1'],
					requests: 2,
					rejectedReason: 'Non-existent install id(s): ghost-1',
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(local.sandbox.push().channels.find((channel) => channel.id === id).installIds).toEqual(['install-1']);
	});
});

describe('a 404 that names neither the channel nor an id (nock)', () => {
	const { credentials, ORIGINS } = require('../helpers/credentials');
	const PUSH = ORIGINS.push;
	const { log, expectRequest } = isolateRequests();
	const answer = (status, body) => expectRequest(PUSH, 'POST', '/channels/12/subscriptions', [status, body]);

	test.each([
		['a bare "Not Found"', { message: 'Not Found' }, 'Not Found'],
		['an empty body', '', 'Not Found'],
	])('%s before anything worked: either the channel does not exist or none of the ids is known', async (_name, body, said) => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			log.length = 0;
			answer(404, body);
			const { error, items } = await runNode({ node: { name: 'Node', onError, ...subscribe({ channelId: '12' }) }, credentials });
			const message = 'Kumulos returned 404: either channel 12 does not exist, or none of the 2 IDs is known to Kumulos; none was subscribed';
			const description = `Kumulos answered 404 ("${said}") without naming the channel or any unknown ID, so the node cannot tell which. Check the Channel ID, and that the IDs are Kumulos install IDs.`;
			if (onError === 'stopWorkflow') {
				expect(items).toEqual([]);
				expect(error.message).toBe(message);
				expect(error.description).toBe(description);
			} else {
				expect(items).toEqual([{ json: { provider: 'kumulos', operation: 'subscribe', error: message, description, httpCode: '404', field: 'Channel ID' }, pairedItem: { item: 0 } }]);
			}
			expect(bodies(log)).toEqual([{ installIds: ['install-1', 'install-2'] }]);
		}
	});

	test('after a chunk was applied, the channel exists: a bare 404 rejects that chunk\'s ids as unknown', async () => {
		answer(204, '');
		answer(404, { message: 'Not Found' });
		const { items } = await runNode({ node: { name: 'Node', ...subscribe({ channelId: '12', subscriberIds: 'install-1, ghost-1', chunkSize: 1 }) }, credentials });
		expect(bodies(log)).toEqual([{ installIds: ['install-1'] }, { installIds: ['ghost-1'] }]);
		expect(items[0].json).toEqual({
			provider: 'kumulos', success: false, operation: 'subscribe', channelId: 12, subscriberType: 'installIds',
			subscribed: ['install-1'], rejected: ['ghost-1'], requests: 2, rejectedReason: 'Not Found',
		});
	});

	test('a channel deleted between two chunks: the error says so and names what was already applied', async () => {
		answer(204, '');
		answer(404, { message: 'Channel 12 not found.' });
		const { error } = await runNode({ node: { name: 'Node', ...subscribe({ channelId: '12', subscriberIds: 'install-1, install-2, install-3', chunkSize: 1 }) }, credentials });
		expect(bodies(log)).toEqual([{ installIds: ['install-1'] }, { installIds: ['install-2'] }]);
		expect(error.message).toBe('Kumulos returned 404: channel 12 was not found, so 2 of the 3 IDs were not subscribed');
		expect(error.description).toBe(`Kumulos said: "Channel 12 not found." ${notFoundHint} 1 ID had been subscribed by earlier requests before that (install-1).`);
	});
});
