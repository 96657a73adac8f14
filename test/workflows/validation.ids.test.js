// Ids the provider numbers are decimal digits only, from 1 to 2^53 - 1, in every field that takes one: Manage
// Channel's Channel ID, Send Push's Channel IDs and Segment ID, Get Opens' Notification ID. `Number()` used to
// read "0x10" as 16 (Delete with id 0x10 deleted channel 16), "1e3" as 1000, and let 1e21, 2^53 + 1 and
// negative ids through. Each bad id is refused before any request, Continue On Fail off and on.
const { runNode } = require('../helpers/engine');
const { credentials, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

const PUSH = ORIGINS.push;

const { log, recordingProvider } = isolateRequests();

const BAD_IDS = [
	['"0x10"', '0x10', '"0x10"'],
	['"1e3"', '1e3', '"1e3"'],
	['1e21', 1e21, '"1e+21"'],
	['2^53 + 1 as text', '9007199254740993', '"9007199254740993"'],
	['2^53 as a number', 2 ** 53, '"9007199254740992"'],
	['-3', -3, '"-3"'],
	['"-3"', '-3', '"-3"'],
	['0', 0, '"0"'],
	['1.5', 1.5, '"1.5"'],
	['"12abc"', '12abc', '"12abc"'],
	['an object', { id: 12 }, 'an object'],
	['true', true, 'true'],
];

const decimal = (label, shown) => `${label} must be a positive whole number written in decimal digits, got ${shown}`;

beforeEach(() => {
	recordingProvider(PUSH, (request) => (request.method === 'DELETE' ? [204, ''] : request.method === 'GET' ? [200, []] : [201, { id: 7 }]));
});

describe('Manage Channel: Channel ID', () => {
	test.each(BAD_IDS)('Delete with the id %s is refused, the other item is still deleted', async (_name, id, shown) => {
		await expectRefused({
			node: { type: 'manageChannel', parameters: { provider: 'kumulos', operation: 'delete', channelId: '={{ $json.id }}' } },
			items: [{ id: 5 }, { id }],
			credentials,
			log,
			bad: 1,
			message: `Item 1: ${decimal('Channel ID', shown)}`,
			field: 'Channel ID',
			sent: [{ method: 'DELETE', path: '/channels/5' }],
		});
	});

	test.each([
		['update', { updateFields: { name: 'x' } }, { method: 'PUT', path: '/channels/5', body: { name: 'x' } }],
		['subscribe', { subscriberIds: 'install-1' }, { method: 'POST', path: '/channels/5/subscriptions', body: { installIds: ['install-1'] } }],
		['unsubscribe', { subscriberIds: 'install-1' }, { method: 'DELETE', path: '/channels/5/subscriptions', body: { installIds: ['install-1'] } }],
	])('%s refuses "0x10" too', async (operation, parameters, request) => {
		await expectRefused({
			node: { type: 'manageChannel', parameters: { provider: 'kumulos', operation, channelId: '={{ $json.id }}', ...parameters } },
			items: [{ id: '0x10' }, { id: '5' }],
			credentials,
			log,
			message: `Item 0: ${decimal('Channel ID', '"0x10"')}`,
			field: 'Channel ID',
			sent: [request],
		});
	});

	test('decimal ids, as text with spaces or as numbers, go out as integers', async () => {
		const { items } = await runNode({
			node: { type: 'manageChannel', name: 'Node', parameters: { provider: 'kumulos', operation: 'delete', channelId: '={{ $json.id }}' } },
			items: [{ id: ' 16 ' }, { id: 9007199254740991 }],
			credentials,
		});
		expect(sent(log)).toEqual([
			{ method: 'DELETE', path: '/channels/16' },
			{ method: 'DELETE', path: '/channels/9007199254740991' },
		]);
		expect(items.map((item) => item.json.channelId)).toEqual([16, 9007199254740991]);
	});
});

describe('Send Push: Channel IDs and Segment ID', () => {
	const push = { provider: 'kumulos', kumulosTitle: 'Hi', kumulosMessage: 'There' };

	test.each(BAD_IDS.filter(([name]) => name !== 'an object' && name !== 'true'))('a Channel IDs entry %s is refused; the other item is sent', async (_name, id, shown) => {
		await expectRefused({
			node: { type: 'sendPush', parameters: { ...push, kumulosTargets: { channelIds: '={{ $json.ids }}' } } },
			items: [{ ids: [3, id] }, { ids: '3, 4' }],
			credentials,
			log,
			message: `Item 0: ${decimal('Channel IDs', shown)}`,
			field: 'Channel IDs',
			sent: [{ method: 'POST', path: '/notifications', body: { channelIds: [3, 4], title: 'Hi', message: 'There' } }],
		});
	});

	test.each([
		['an object', { id: 3 }, 'an object'],
		['true', true, 'true'],
	])('a Channel IDs entry that is %s is refused as no id at all', async (_name, id, shown) => {
		await expectRefused({
			node: { type: 'sendPush', parameters: { ...push, kumulosTargets: { channelIds: '={{ $json.ids }}' } } },
			items: [{ ids: [3, id] }, { ids: [4] }],
			credentials,
			log,
			message: `Item 0: Channel IDs must be a list of text values; entry 2 is ${shown}`,
			field: 'Channel IDs',
			sent: [{ method: 'POST', path: '/notifications', body: { channelIds: [4], title: 'Hi', message: 'There' } }],
		});
	});

	test('Channel IDs as comma-separated text: "0x10" among them is refused', async () => {
		await expectRefused({
			node: { type: 'sendPush', parameters: { ...push, kumulosTargets: { channelIds: '={{ $json.ids }}' } } },
			items: [{ ids: '3, 0x10' }, { ids: '16' }],
			credentials,
			log,
			message: `Item 0: ${decimal('Channel IDs', '"0x10"')}`,
			field: 'Channel IDs',
			sent: [{ method: 'POST', path: '/notifications', body: { channelIds: [16], title: 'Hi', message: 'There' } }],
		});
	});

	test.each(BAD_IDS)('a Segment ID of %s is refused; the other item is sent', async (_name, id, shown) => {
		await expectRefused({
			node: { type: 'sendPush', parameters: { ...push, kumulosTargets: { segmentId: '={{ $json.segment }}' } } },
			items: [{ segment: 12 }, { segment: id }],
			credentials,
			log,
			bad: 1,
			message: `Item 1: ${decimal('Segment ID', shown)}`,
			field: 'Segment ID',
			sent: [{ method: 'POST', path: '/notifications', body: { segmentId: 12, title: 'Hi', message: 'There' } }],
		});
	});
});

describe('Get Opens: Notification ID', () => {
	test.each(BAD_IDS)('a Notification ID of %s is refused; the other item is read', async (_name, id, shown) => {
		await expectRefused({
			node: { type: 'getOpens', parameters: { provider: 'kumulos', notificationId: '={{ $json.id }}', returnAll: true } },
			items: [{ id }, { id: '42' }],
			credentials,
			log,
			message: `Item 0: ${decimal('Notification ID', shown)}`,
			field: 'Notification ID',
			sent: [{ method: 'GET', path: '/notifications/42/install-opens' }],
		});
	});
});
