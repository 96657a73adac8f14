// One odd value fails its own item only, with a clear error, in every node. `{"toString": 1}` makes String()
// throw ("Cannot convert object to primitive value"): as a Tags value it used to fail Bulk Create as a whole,
// creating none of the 49 valid links. Now it is that item's error, naming the item and the field.
const { runNode } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests, recordingProviders, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

const ODD = { toString: 1 };
const { branchKey } = credentials.branchApi;

isolateRequests();

const logs = recordingProviders({
	adjust: (request) =>
		request.path.endsWith('/bulk') ? [200, { data: request.body.data.map((_, index) => ({ url: `https://x.go.link/${index}` })) }] : [200, { url: 'https://x.go.link/a' }],
	branch: (request) =>
		request.path.startsWith('/v1/url/bulk/') ? [200, request.body.map((link) => ({ url: `https://x.app.link/${link.channel}` }))] : [200, { url: 'https://x.app.link/a' }],
	links: (request) => [200, request.body.map((link) => ({ id: 1, url: `https://x.lnk.click/${link.slug}` }))],
	push: () => [201, { id: 1 }],
	shortify: (request) => [201, { success: true, data: { id: `link_${request.body.key}`, key: request.body.key } }],
});

const range = (count) => Array.from({ length: count }, (_, index) => index);

/** Bulk Create per provider: the field that gets the odd value in item 7, and what the 49 good links send. */
const BULK = {
	branch: {
		parameters: { provider: 'branch', branchFields: { channel: '={{ "c" + $json.n }}', tags: '={{ $json.tags }}' } },
		label: 'Tags',
		message: 'Tags must be a list: an array or comma-separated text',
		requests: (good) => [{ method: 'POST', path: `/v1/url/bulk/${encodeURIComponent(branchKey)}`, body: good.map((n) => ({ channel: `c${n}`, tags: ['a', 'b'] })) }],
	},
	shortify: {
		parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: '={{ "k" + $json.n }}', tags: '={{ $json.tags }}' }, options: { concurrency: 1 } },
		label: 'Tags',
		message: 'Tags must be a list: an array or comma-separated text',
		requests: (good) => good.map((n) => ({ method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', key: `k${n}`, tags: ['a', 'b'] } })),
	},
	adjust: {
		parameters: { provider: 'adjust', adjustLinkId: 'abc', adjustFields: { campaign: '={{ $json.n === 7 ? $json.tags : "c" + $json.n }}' } },
		label: 'Campaign',
		message: 'Campaign must be text, got an object',
		requests: (good) => [{ method: 'POST', path: '/engage/deep-links/bulk', body: { data: good.map((n) => ({ link_token: 'abc', campaign: `c${n}` })) } }],
	},
	kumulos: {
		log: 'links',
		parameters: {
			provider: 'kumulos',
			kumulosLinkData: '{"a": 1}',
			kumulosDesktopWebFallbackUrl: 'https://e.com/d',
			kumulosMobileWebFallbackUrl: 'https://e.com/m',
			kumulosFields: { slug: '={{ $json.n === 7 ? $json.tags : "s" + $json.n }}' },
		},
		label: 'Slug',
		message: 'Slug must be text, got an object',
		requests: (good) => [{ method: 'POST', path: '/v1/deep-links', body: good.map((n) => ({ slug: `s${n}`, linkData: { a: 1 }, desktopWebFallbackUrl: 'https://e.com/d', mobileWebFallbackUrl: 'https://e.com/m' })) }],
	},
};

describe.each(Object.keys(BULK))('Bulk Create (%s): an odd value in item 7 of 50', (provider) => {
	const { parameters, label, message, requests, log = provider } = BULK[provider];
	const items = range(50).map((n) => ({ n, tags: n === 7 ? ODD : 'a, b' }));
	const good = range(50).filter((n) => n !== 7);

	test.each(['stopWorkflow', 'continueRegularOutput'])('fails item 7 only; the 49 valid links are created (%s)', async (onError) => {
		const { error, items: output } = await runNode({ node: { type: 'bulkCreateDeepLinks', name: 'Bulk', onError, parameters }, items, credentials });
		expect(error).toBeUndefined();
		expect(sent(logs[log])).toEqual(requests(good));
		expect(output).toHaveLength(50);
		expect(output.map((item) => item.pairedItem.item)).toEqual(range(50));
		expect(output[7].json).toEqual({
			success: false,
			provider,
			error: `Item 7: ${message}`,
			field: label,
			description: expect.stringMatching(new RegExp(`^Field "${label}"\\.`)),
		});
		expect(output.filter((item) => item.json.success === true)).toHaveLength(49);
	});
});

describe('Create Deep Link and Send Push: the odd item fails, the others go out', () => {
	test('Create Deep Link (Branch Tags)', async () => {
		await expectRefused({
			node: { type: 'createDeepLink', parameters: { provider: 'branch', branchFields: { tags: '={{ $json.tags }}' } } },
			items: [{ tags: 'a' }, { tags: ODD }, { tags: ['b'] }],
			credentials,
			log: logs.branch,
			bad: 1,
			message: 'Item 1: Tags must be a list: an array or comma-separated text',
			field: 'Tags',
			sent: [
				{ method: 'POST', path: '/v1/url', body: { tags: ['a'], branch_key: branchKey } },
				{ method: 'POST', path: '/v1/url', body: { tags: ['b'], branch_key: branchKey } },
			],
		});
	});

	test('Create Deep Link (Shortify Tags holding the odd value)', async () => {
		await expectRefused({
			node: { type: 'createDeepLink', parameters: { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { key: '={{ $json.key }}', tags: '={{ $json.tags }}' } } },
			items: [{ key: 'a', tags: ['x', ODD] }, { key: 'b', tags: 'x' }],
			credentials,
			log: logs.shortify,
			message: 'Item 0: Tags must be a list of text values; entry 2 is an object',
			field: 'Tags',
			sent: [{ method: 'POST', path: '/v1/deep-links', body: { deepLinkAppId: 'app_1', key: 'b', tags: ['x'] } }],
		});
	});

	test.each([
		['Install IDs', { kumulosTargets: { installIds: '={{ $json.odd }}' } }, 'Install IDs must be a list: an array or comma-separated text'],
		['Title', { kumulosTargets: { installIds: 'install-1' }, kumulosTitle: '={{ $json.odd }}' }, 'Title must be text, got an object'],
		['Collapse ID', { kumulosTargets: { installIds: 'install-1' }, kumulosPushFields: { collapseId: '={{ $json.odd }}' } }, 'Collapse ID must be text, got an object'],
		['Time Strategy', { kumulosTargets: { installIds: 'install-1' }, kumulosScheduled: true, kumulosStrategy: '={{ $json.odd }}', kumulosPastTimes: 'ignore', kumulosSendAt: '2026-12-01T09:00:00Z' }, 'Time Strategy must be "local" or "utc", got an object'],
	])('Send Push (%s)', async (field, parameters, message) => {
		const base = { provider: 'kumulos', kumulosTitle: 'Hi', kumulosMessage: 'There' };
		await expectRefused({
			node: { type: 'sendPush', parameters: { ...base, ...parameters } },
			items: [{ odd: ODD }],
			credentials,
			log: logs.push,
			message: `Item 0: ${message}`,
			field,
			sent: [],
		});
	});

	test('Send Push: the odd item fails, the items before and after are sent', async () => {
		await expectRefused({
			node: { type: 'sendPush', parameters: { provider: 'kumulos', kumulosTargets: { installIds: '={{ $json.to }}' }, kumulosTitle: 'Hi', kumulosMessage: 'There' } },
			items: [{ to: 'install-1' }, { to: ODD }, { to: ['install-3'] }],
			credentials,
			log: logs.push,
			bad: 1,
			message: 'Item 1: Install IDs must be a list: an array or comma-separated text',
			field: 'Install IDs',
			sent: [
				{ method: 'POST', path: '/notifications', body: { installIds: ['install-1'], title: 'Hi', message: 'There' } },
				{ method: 'POST', path: '/notifications', body: { installIds: ['install-3'], title: 'Hi', message: 'There' } },
			],
		});
	});

	test('Manage Channel (Name) and Get Opens (Notification ID)', async () => {
		await expectRefused({
			node: { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'create', uuid: '={{ $json.uuid }}', channelFields: { name: '={{ $json.name }}' } } },
			items: [{ uuid: 'a', name: ODD }, { uuid: 'b', name: 'B' }],
			credentials,
			log: logs.push,
			message: 'Item 0: Name must be text, got an object',
			field: 'Name',
			sent: [{ method: 'POST', path: '/channels', body: { uuid: 'b', name: 'B' } }],
		});
		await expectRefused({
			node: { type: 'getOpens', parameters: { provider: 'kumulos', notificationId: '={{ $json.id }}', returnAll: true } },
			items: [{ id: ODD }, { id: 9 }],
			credentials,
			log: logs.push,
			message: 'Item 0: Notification ID must be a positive whole number written in decimal digits, got an object',
			field: 'Notification ID',
			sent: [{ method: 'GET', path: '/notifications/9/install-opens' }],
		});
	});
});
