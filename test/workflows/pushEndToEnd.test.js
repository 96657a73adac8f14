// End to end against the local sandbox, through the real n8n engine, in one workflow:
// Create Deep Link (Kumulos) → Send Push carrying that link → Get Opens for the notification.
const { runNode } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
const local = useSandbox({ now: () => NOW });

const link = {
	name: 'Create Deep Link',
	type: 'createDeepLink',
	parameters: {
		provider: 'kumulos',
		kumulosLinkData: '={{ JSON.stringify({ offerId: $json.offer }) }}',
		kumulosDesktopWebFallbackUrl: 'https://example.com/offer',
		kumulosMobileWebFallbackUrl: 'https://m.example.com/offer',
		kumulosFields: { slug: 'winter-offer' },
	},
};
const push = {
	id: 'send-push',
	name: 'Send Push',
	type: 'n8n-nodes-mobile-engagement.sendPush',
	typeVersion: 1,
	position: [400, 0],
	parameters: {
		provider: 'kumulos',
		kumulosTargets: { installIds: 'install-1, install-2, install-3, install-4' },
		kumulosTitle: 'Winter offer',
		kumulosMessage: 'Tap to open it in the app',
		kumulosPushFields: { url: '={{ $json.url }}', reportingMeta: '{"campaign": "winter"}' },
	},
	credentials: { kumulosApi: { id: 'sandbox-kumulos', name: 'Kumulos (sandbox)' } },
};
const opens = {
	id: 'get-opens',
	name: 'Get Opens',
	type: 'n8n-nodes-mobile-engagement.getOpens',
	typeVersion: 1,
	position: [600, 0],
	parameters: { provider: 'kumulos', operation: 'installOpens', notificationId: '={{ $json.id }}', returnAll: true },
	credentials: { kumulosApi: { id: 'sandbox-kumulos', name: 'Kumulos (sandbox)' } },
};
const connections = {
	'Create Deep Link': { main: [[{ node: 'Send Push', type: 'main', index: 0 }]] },
	'Send Push': { main: [[{ node: 'Get Opens', type: 'main', index: 0 }]] },
};

test('Create Deep Link → Send Push → Get Opens', async () => {
	const { runData, error } = await runNode({ node: link, nodes: [push, opens], connections, items: [{ offer: 42 }], credentials: local.credentials });
	expect(error).toBeUndefined();
	const output = (name) => runData[name][0].data.main[0];

	const linkUrl = output('Create Deep Link')[0].json.url;
	expect(linkUrl).toBe('https://sandbox.lnk.click/winter-offer');

	// What the sandbox received for the push: the link made one node earlier, as the notification's URL.
	const pushRequests = local.sandbox.requests({ provider: 'kumulos' }).filter((entry) => entry.method === 'POST' && entry.route === '/kumulos-push/notifications');
	expect(pushRequests.map((entry) => entry.body)).toEqual([{
		installIds: ['install-1', 'install-2', 'install-3', 'install-4'],
		title: 'Winter offer',
		message: 'Tap to open it in the app',
		url: linkUrl,
		reportingMeta: { campaign: 'winter' },
	}]);
	expect(output('Send Push')).toEqual([{
		json: {
			provider: 'kumulos', appId: 1, source: 1, status: 1,
			filters: { installIds: ['install-1', 'install-2', 'install-3', 'install-4'] },
			title: 'Winter offer', message: 'Tap to open it in the app', data: null,
			updatedAt: '2026-11-22T10:00:00.000Z', createdAt: '2026-11-22T10:00:00.000Z', id: 1,
			updatedAtRaw: '2026-11-22T10:00:00+0000', createdAtRaw: '2026-11-22T10:00:00+0000',
		},
		pairedItem: { item: 0 },
	}]);
	// The sandbox has every other targeted install open the push, a second apart.
	expect(output('Get Opens')).toEqual([
		{ json: { notificationId: 1, installId: 'install-1', openedAt: '2026-11-22T10:00:01.000Z', openedAtRaw: '2026-11-22 10:00:01' }, pairedItem: { item: 0 } },
		{ json: { notificationId: 1, installId: 'install-3', openedAt: '2026-11-22T10:00:03.000Z', openedAtRaw: '2026-11-22 10:00:03' }, pairedItem: { item: 0 } },
	]);
});

test('Manage Channel against the sandbox: unknown ids are rejected, known ones subscribed', async () => {
	const channel = await runNode({
		node: { type: 'manageChannel', name: 'Manage Channel', parameters: { provider: 'kumulos', operation: 'create', uuid: 'winter', channelFields: { name: 'Winter' } } },
		credentials: local.credentials,
	});
	expect(channel.items[0].json).toEqual(expect.objectContaining({ provider: 'kumulos', uuid: 'winter', name: 'Winter', id: 1 }));
	// The sandbox writes channel times as Kumulos does, "Y-m-d H:i:s"; the node outputs them as ISO 8601 in UTC.
	const { createdAt, createdAtRaw, updatedAt, updatedAtRaw } = channel.items[0].json;
	expect(createdAtRaw).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	expect([createdAt, updatedAt]).toEqual([`${createdAtRaw.replace(' ', 'T')}.000Z`, `${updatedAtRaw.replace(' ', 'T')}.000Z`]);
	const { items } = await runNode({
		node: { type: 'manageChannel', name: 'Manage Channel', parameters: { provider: 'kumulos', operation: 'subscribe', channelId: '1', subscriberIds: 'install-1, ghost-1, install-2, install-3', chunkSize: 2 } },
		credentials: local.credentials,
	});
	expect(items).toEqual([{
		json: {
			provider: 'kumulos', success: false, operation: 'subscribe', channelId: 1, subscriberType: 'installIds',
			subscribed: ['install-1', 'install-2', 'install-3'], rejected: ['ghost-1'], requests: 3,
			rejectedReason: 'Non-existent install id(s): ghost-1',
		},
		pairedItem: { item: 0 },
	}]);
	expect(local.sandbox.push().channels[0].installIds).toEqual(['install-1', 'install-2', 'install-3']);
});

test('a push whose answer is lost after Kumulos stored it is not sent again', async () => {
	local.sandbox.failNext({ method: 'POST', path: '/kumulos-push/notifications', status: 503, afterProcessing: true });
	const { items } = await runNode({
		node: { type: 'sendPush', name: 'Send Push', onError: 'continueRegularOutput', parameters: { provider: 'kumulos', kumulosTargets: { installIds: 'install-1' }, kumulosTitle: 'Once', kumulosMessage: 'Only once' } },
		credentials: local.credentials,
	});
	expect(items[0].json).toEqual(expect.objectContaining({ httpCode: '503', outcomeUnknown: true }));
	expect(local.sandbox.push().notifications).toHaveLength(1);
	expect(local.sandbox.requests({ provider: 'kumulos' })).toHaveLength(1);
});

// The push examples run as shipped: the trigger (and Code node) is replaced by the items it would emit.
describe('examples/ run against the sandbox', () => {
	const PACKAGE = 'n8n-nodes-mobile-engagement.';
	const runExample = async (file) => {
		const example = require(`../../examples/${file}`);
		const code = example.nodes.find((node) => node.type === 'n8n-nodes-base.code');
		// The example's own jsCode, which only returns literal items.
		const items = code ? new Function(code.parameters.jsCode)().map((item) => item.json) : [{}];
		const ours = example.nodes.filter((node) => node.type.startsWith(PACKAGE));
		const [first, ...rest] = ours;
		const connections = Object.fromEntries(Object.entries(example.connections).filter(([name]) => ours.some((node) => node.name === name)));
		const result = await runNode({ node: { ...first, type: first.type }, nodes: rest, connections, items, credentials: local.credentials });
		expect(result.error).toBeUndefined();
		return Object.fromEntries(ours.map((node) => [node.name, result.runData[node.name][0].data.main[0]]));
	};

	test('deep-link-push-opens', async () => {
		const out = await runExample('deep-link-push-opens.json');
		expect(out['Send Push with the Link'][0].json.id).toBe(1);
		expect(local.sandbox.requests({ provider: 'kumulos' }).find((entry) => entry.route === '/kumulos-push/notifications').body.url).toMatch(/^https:\/\/sandbox\.lnk\.click\/offer-42-test-execution-\d+$/);
		expect(out['Get Opens'].map((item) => item.json.installId)).toEqual(['install-1', 'install-3']);
	});

	test('kumulos-drip-push-per-user', async () => {
		const out = await runExample('kumulos-drip-push-per-user.json');
		expect(out['Send Drip Push'].map((item) => [item.json.id, item.json.filters])).toEqual([[1, { userIds: ['user-1'] }], [2, { userIds: ['user-2'] }]]);
		const bodies = local.sandbox.requests({ provider: 'kumulos' }).map((entry) => entry.body);
		expect(bodies.map((body) => [body.title, body.userMeta, body.ios])).toEqual([
			['Hi Ada', { 'user-1': { messageSequenceNumber: 1 } }, { hasBadge: true, badgeType: 'incrementBy', badgeCount: 1 }],
			['Hi Linus', { 'user-2': { messageSequenceNumber: 3 } }, { hasBadge: true, badgeType: 'incrementBy', badgeCount: 1 }],
		]);
	});

	test('kumulos-scheduled-broadcast', async () => {
		const out = await runExample('kumulos-scheduled-broadcast.json');
		expect(out['Broadcast Weekly Digest'][0].json.filters).toEqual({ broadcast: true });
		const body = local.sandbox.requests({ provider: 'kumulos' })[0].body;
		expect(body.scheduled).toBe(true);
		expect(body.schedule).toEqual({ sendAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} 09:00$/), strategy: 'local', pastTimes: 'nextDay' });
	});

	test('kumulos-channel-subscribe', async () => {
		const out = await runExample('kumulos-channel-subscribe.json');
		expect(out['Subscribe Installs'][0].json).toEqual(expect.objectContaining({ subscribed: ['install-1', 'install-2', 'install-3'], rejected: ['unknown-install'] }));
	});

	test('kumulos-push-opens-report', async () => {
		const out = await runExample('kumulos-push-opens-report.json');
		const [report] = out['Opens in the Last Hour'];
		// The sandbox clock is fixed in 2026-11-22; the example's Opened Since follows the real clock.
		const expected = Date.now() - 3600_000 <= NOW + 1000 ? ['install-1', 'install-3', 'install-5'] : [];
		expect(report).toEqual({
			json: { provider: 'kumulos', notificationId: 1, type: 'install', count: expected.length, opens: expected.map((id, index) => ({ installId: id, openedAt: `2026-11-22 10:00:0${index * 2 + 1}` })) },
			pairedItem: { item: 0 },
		});
	});
});
