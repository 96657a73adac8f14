// Branch takes at most 100 KB per bulk request. A link bigger than that on its own cannot go out in any
// batch: its item fails before any request with an error naming the field that makes it big, and the other
// links are created. Continue On Fail off and on.
const { runNode } = require('../helpers/engine');
const { credentials, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');

const { log, recordingProvider } = isolateRequests();

const { branchKey } = credentials.branchApi;
beforeEach(() => {
	recordingProvider(ORIGINS.branch, (request) => [200, request.body.map((link) => ({ url: `https://x.app.link/${link.channel}` }))]);
});

test.each(['stopWorkflow', 'continueRegularOutput'])('a link of 120 KB names Link Data as what makes it too big; the others are created (%s)', async (onError) => {
	const blob = 'x'.repeat(120_000);
	const size = Buffer.byteLength(JSON.stringify({ channel: 'big', data: { blob } }));
	const { error, items } = await runNode({
		node: { type: 'bulkCreateDeepLinks', name: 'Bulk', onError, parameters: { provider: 'branch', branchFields: { channel: '={{ $json.channel }}' }, branchData: '={{ $json.data }}' } },
		items: [{ channel: 'a', data: { n: 1 } }, { channel: 'big', data: { blob } }, { channel: 'c', data: { n: 3 } }],
		credentials,
	});
	expect(error).toBeUndefined();
	expect(sent(log)).toEqual([
		{ method: 'POST', path: `/v1/url/bulk/${encodeURIComponent(branchKey)}`, body: [{ channel: 'a', data: { n: 1 } }, { channel: 'c', data: { n: 3 } }] },
	]);
	expect(items.map((item) => item.json)).toEqual([
		{ success: true, provider: 'branch', url: 'https://x.app.link/a', response: { url: 'https://x.app.link/a' } },
		{
			success: false,
			provider: 'branch',
			error: `Item 1: Link Data: The link is ${size} bytes, more than fits in one Branch bulk request (100000 bytes)`,
			field: 'Link Data',
			description: 'Field "Link Data". Make that field smaller, or create this link with Create Deep Link.',
		},
		{ success: true, provider: 'branch', url: 'https://x.app.link/c', response: { url: 'https://x.app.link/c' } },
	]);
});

test('links that fit only apart go out in separate requests, none refused', async () => {
	const half = 'y'.repeat(60_000);
	const { items } = await runNode({
		node: { type: 'bulkCreateDeepLinks', name: 'Bulk', parameters: { provider: 'branch', branchFields: { channel: '={{ $json.channel }}' }, branchData: '={{ $json.data }}' } },
		items: [{ channel: 'a', data: { half } }, { channel: 'b', data: { half } }],
		credentials,
	});
	expect(log.map((request) => request.body.map((link) => link.channel))).toEqual([['a'], ['b']]);
	expect(items.map((item) => item.json.success)).toEqual([true, true]);
});

test('a field other than Link Data that makes a link too big is named by its label', async () => {
	const { items } = await runNode({
		node: { type: 'bulkCreateDeepLinks', name: 'Bulk', typeVersion: 2, parameters: { provider: 'branch' } },
		items: [{ channel: 'a' }, { channel: 'b', campaign: 'c'.repeat(120_000) }],
		credentials,
	});
	expect(items[1].json).toMatchObject({ success: false, field: 'Campaign', error: expect.stringMatching(/^Item 1: Campaign: The link is \d+ bytes/) });
	expect(log.map((request) => request.body.map((link) => link.channel))).toEqual([['a']]);
});
