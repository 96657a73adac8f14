// Shortify List's Search, Tag and Domain filters: a number is searched for as its text (a Search of 1042 used
// to be dropped, listing every link); any other type is refused before any request, never dropped.
// Continue On Fail off and on.
const { runNode } = require('../helpers/engine');
const { credentials, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

const { log, recordingProvider } = isolateRequests();

const links = [{ id: 'link_1042', title: 'Order 1042', shortLink: 'https://go.example.com/o1042' }];
beforeEach(() => {
	recordingProvider(ORIGINS.shortify, () => [200, { success: true, data: links, pagination: { nextCursor: null, hasMore: false }, requestId: 'req_1' }]);
});

const list = (filters) => ({ type: 'manageDeepLink', parameters: { provider: 'shortify', operation: 'list', limit: 10, shortifyFilters: filters } });

describe.each([
	['search', 'Search'],
	['tag', 'Tag'],
	['domain', 'Domain'],
])('%s', (key, label) => {
	test('a number is sent as its text, never dropped', async () => {
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			log.length = 0;
			const { error, items } = await runNode({ node: { name: 'Node', ...list({ [key]: '={{ $json.value }}' }), onError }, items: [{ value: 1042 }], credentials });
			expect(error).toBeUndefined();
			expect(sent(log)).toEqual([{ method: 'GET', path: `/v1/deep-links?${key}=1042&limit=10` }]);
			// A link without a destination URL (the app's default) outputs destinationUrl null.
			expect(items).toEqual([{ json: { provider: 'shortify', ...links[0], url: 'https://go.example.com/o1042', destinationUrl: null }, pairedItem: { item: 0 } }]);
		}
	});

	test.each([
		['an object', { q: 1 }, 'an object'],
		['a list', ['a'], 'a list'],
		['true', true, 'true'],
	])('%s is refused before any request; the other item lists', async (_name, value, shown) => {
		await expectRefused({
			node: list({ [key]: '={{ $json.value }}' }),
			items: [{ value }, { value: 'invite' }],
			credentials,
			log,
			message: `Item 0: Filters → ${label} must be text, got ${shown}`,
			field: `Filters → ${label}`,
			sent: [{ method: 'GET', path: `/v1/deep-links?${key}=invite&limit=10` }],
		});
	});
});

test('Archived takes true/false and "true"/"false"; anything else is refused', async () => {
	await expectRefused({
		node: list({ archived: '={{ $json.value }}' }),
		items: [{ value: 'yes' }, { value: 'true' }],
		credentials,
		log,
		message: 'Item 0: Filters → Archived must be true or false, got "yes"',
		field: 'Filters → Archived',
		sent: [{ method: 'GET', path: '/v1/deep-links?archived=true&limit=10' }],
	});
});
