// Send Push (Kumulos Push API v1) through the real n8n engine, nock as Kumulos.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, authHeader } = require('../helpers/credentials');
const { expectRequest, sent } = require('../helpers/nock');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

const PUSH = 'https://push.kumulos.com';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const run = (parameters, items = [{}], node = {}, timezone = 'UTC') =>
	runNode({ node: { type: 'sendPush', name: 'Send Push', parameters: { provider: 'kumulos', ...parameters }, ...node }, items, credentials, timezone });

const notification = (id, filters, extra = {}) => ({
	appId: 1, source: 1, status: 1, filters, title: 'Hello', message: 'World', data: null,
	updatedAt: '2026-11-22T10:00:00+0000', createdAt: '2026-11-22T10:00:00+0000', id, ...extra,
});

let log;
beforeEach(() => {
	log = [];
	nock.disableNetConnect();
	resetThrottles();
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('request mapping', () => {
	test('every targeting, content, platform, schedule and meta field, from items and expressions', async () => {
		const answer = notification(7, { userIds: ['member-1', 'member-2'] });
		expectRequest(PUSH, 'POST', '/notifications', [201, answer], log);
		const { items, error } = await run({
			kumulosTargets: {
				installIds: 'inst-1, inst-2',
				userIds: '={{ $json.users }}',
				userMeta: '={{ JSON.stringify({ "member-1": { messageSequenceNumber: $json.seq } }) }}',
				segmentId: 12,
				segmentUuid: 'seg-uuid',
				channelIds: '3, 4',
				channelUuids: ['vip', 'news'],
				excludeInstallIds: 'inst-9',
			},
			kumulosTitle: '={{ $json.title }}',
			kumulosMessage: 'World',
			kumulosScheduled: true,
			kumulosSendAt: '2026-12-01T09:30:00',
			kumulosStrategy: 'utc',
			kumulosPastTimes: 'ignore',
			kumulosPushFields: {
				isBackground: true, url: 'https://example.com/offer', data: '{"offer": 42}', collapseId: 'promo',
				iosSound: 'chime.caf', hasBadge: true, badgeType: 'setTo', badgeCount: 0, highPriority: true,
				reportingMeta: { campaign: 'Summer Promotion' },
			},
		}, [{ users: ['member-1', 'member-2'], seq: 3, title: 'Hello' }], {}, 'Europe/Berlin');
		expect(error).toBeUndefined();
		expect(sent(log)).toEqual([{
			method: 'POST',
			path: '/notifications',
			headers: { authorization: authHeader.kumulos, ...JSON_HEADERS },
			body: {
				installIds: ['inst-1', 'inst-2'],
				userIds: ['member-1', 'member-2'],
				userMeta: { 'member-1': { messageSequenceNumber: 3 } },
				segmentId: 12,
				segmentUuid: 'seg-uuid',
				channelIds: [3, 4],
				channelUuids: ['vip', 'news'],
				excludeInstallIds: ['inst-9'],
				title: 'Hello',
				message: 'World',
				isBackground: true,
				url: 'https://example.com/offer',
				data: { offer: 42 },
				collapseId: 'promo',
				ios: { hasBadge: true, badgeType: 'setTo', badgeCount: 0 },
				android: { highPriority: true },
				scheduled: true,
				// 09:30 in Berlin (UTC+1 in December) is 08:30 UTC.
				schedule: { sendAt: '2026-12-01 08:30', strategy: 'utc', pastTimes: 'ignore' },
				soundConfig: { iosSound: 'chime.caf' },
				reportingMeta: { campaign: 'Summer Promotion' },
			},
		}]);
		expect(items).toEqual([{ json: { provider: 'kumulos', ...answer }, pairedItem: { item: 0 } }]);
	});

	test('local strategy sends the wall-clock time as given, an offset included', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { broadcast: true })], log);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { installIds: ['a'] })], log);
		await run({
			kumulosBroadcast: '={{ $json.broadcast }}',
			kumulosTargets: { installIds: '={{ $json.broadcast ? "" : "a" }}' },
			kumulosTitle: 'Hello', kumulosMessage: 'World',
			kumulosScheduled: true, kumulosSendAt: '={{ $json.at }}', kumulosStrategy: 'local', kumulosPastTimes: 'nextDay',
		}, [{ broadcast: true, at: '2026-12-01T09:00:00' }, { broadcast: false, at: '2026-12-01T09:00:00-05:00' }], {}, 'Asia/Tokyo');
		expect(log.map((entry) => entry.body.schedule)).toEqual([
			{ sendAt: '2026-12-01 09:00', strategy: 'local', pastTimes: 'nextDay' },
			{ sendAt: '2026-12-01 09:00', strategy: 'local', pastTimes: 'nextDay' },
		]);
		expect(log[0].body).toEqual({ broadcast: true, title: 'Hello', message: 'World', scheduled: true, schedule: log[0].body.schedule });
	});

	test('one notification per item, each with its pairedItem', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { userIds: ['u1'] })], log);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { userIds: ['u2'] })], log);
		const { items } = await run({ kumulosTargets: { userIds: '={{ [$json.user] }}' }, kumulosTitle: 'Hi', kumulosMessage: '={{ "Step " + $json.step }}' }, [{ user: 'u1', step: 1 }, { user: 'u2', step: 2 }]);
		expect(log.map((entry) => entry.body)).toEqual([
			{ userIds: ['u1'], title: 'Hi', message: 'Step 1' },
			{ userIds: ['u2'], title: 'Hi', message: 'Step 2' },
		]);
		expect(items).toEqual([
			{ json: { provider: 'kumulos', ...notification(1, { userIds: ['u1'] }) }, pairedItem: { item: 0 } },
			{ json: { provider: 'kumulos', ...notification(2, { userIds: ['u2'] }) }, pairedItem: { item: 1 } },
		]);
	});
});

describe('broadcast once per execution', () => {
	const params = { kumulosBroadcast: true, kumulosTitle: 'Sale', kumulosMessage: 'Today only' };

	test('many items send one broadcast; the others are folded into it, with a hint', async () => {
		const answer = notification(9, { broadcast: true });
		expectRequest(PUSH, 'POST', '/notifications', [201, answer], log);
		const { items, hints } = await run(params, [{}, {}, {}]);
		expect(log).toHaveLength(1);
		const folded = (item) => ({
			json: { provider: 'kumulos', sent: false, foldedIntoItem: 0, notificationId: 9, message: 'Not sent: folded into the broadcast sent for item 0' },
			pairedItem: { item },
		});
		expect(items).toEqual([{ json: { provider: 'kumulos', ...answer }, pairedItem: { item: 0 } }, folded(1), folded(2)]);
		expect(hints).toEqual([expect.objectContaining({
			message: '3 items asked for a broadcast; it was sent once, for item 0. Turn off "Broadcast Once per Execution" in Options to send one broadcast per item.',
		})]);
	});

	test('turned off, every item sends its broadcast', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { broadcast: true })], log);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { broadcast: true })], log);
		const { items } = await run({ ...params, options: { broadcastOnce: false } }, [{}, {}]);
		expect(log).toHaveLength(2);
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([[1, { item: 0 }], [2, { item: 1 }]]);
	});
});

describe('validation before any request', () => {
	const base = { kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };
	const cases = [
		['no target', { kumulosTargets: {} }, 'Item 0: No target: turn on Broadcast or add Install IDs, User IDs, a Segment or Channels', 'Targets'],
		['an empty list from an expression', { kumulosTargets: { userIds: '={{ [] }}' } }, 'Item 0: No target: turn on Broadcast or add Install IDs, User IDs, a Segment or Channels', 'Targets'],
		['no title', { kumulosTitle: '={{ "" }}' }, 'Item 0: Title is required', 'Title'],
		['no message', { kumulosMessage: '  ' }, 'Item 0: Message is required', 'Message'],
		['a channel id that is not an integer', { kumulosTargets: { channelIds: '3, vip' } }, 'Item 0: Channel IDs must be a positive whole number written in decimal digits, got "vip"', 'Channel IDs'],
		['a segment id that is not an integer', { kumulosTargets: { segmentId: 1.5 } }, 'Item 0: Segment ID must be a positive whole number written in decimal digits, got "1.5"', 'Segment ID'],
		['a list given as an object', { kumulosTargets: { installIds: '={{ { a: 1 } }}' } }, 'Item 0: Install IDs must be a list: an array or comma-separated text', 'Install IDs'],
		['badge fields without iOS Badge', { kumulosPushFields: { badgeCount: 2 } }, 'Item 0: iOS Badge Type and iOS Badge Count need iOS Badge on', 'iOS Badge'],
		['a badge without a count', { kumulosPushFields: { hasBadge: true, badgeType: 'setTo' } }, 'Item 0: iOS Badge Count is required when iOS Badge is on', 'iOS Badge Count'],
		['a fractional badge count', { kumulosPushFields: { hasBadge: true, badgeCount: 1.5 } }, 'Item 0: iOS Badge Count must be a whole number, got "1.5"', 'iOS Badge Count'],
		['a negative Set To count', { kumulosPushFields: { hasBadge: true, badgeType: 'setTo', badgeCount: -1 } }, 'Item 0: iOS Badge Count must be 0 or more with Set To, got -1', 'iOS Badge Count'],
		['a schedule without Send At', { kumulosScheduled: true, kumulosSendAt: '={{ $json.none }}', kumulosStrategy: 'utc', kumulosPastTimes: 'ignore' }, 'Item 0: Send At is required when Schedule is on', 'Send At'],
		['a schedule with a bad strategy', { kumulosScheduled: true, kumulosSendAt: '2026-12-01T09:00:00', kumulosStrategy: 'device', kumulosPastTimes: 'ignore' }, 'Item 0: Time Strategy must be "local" or "utc", got "device"', 'Time Strategy'],
		['a bad Send At', { kumulosScheduled: true, kumulosSendAt: 'tomorrow', kumulosStrategy: 'utc', kumulosPastTimes: 'ignore' }, 'Item 0: Send At must be an ISO 8601 date-time, got "tomorrow"', 'Send At'],
		['bad Data JSON', { kumulosPushFields: { data: '{oops' } }, expect.stringMatching(/^Item 0: Data is not valid JSON/), 'Data'],
		['User Meta without User IDs', { kumulosTargets: { installIds: 'a', userMeta: '{"u": {}}' } }, 'Item 0: User Meta needs User IDs', 'User Meta'],
	];

	test.each(cases)('%s stops the run naming item and field, before anything is sent', async (_name, override, message, field) => {
		const scope = nock(PUSH).post('/notifications').reply(201, {});
		const { error, items } = await run({ ...base, ...override });
		expect(items).toEqual([]);
		expect(scope.isDone()).toBe(false);
		expect(error.message).toEqual(message);
		expect(error.description).toMatch(new RegExp(`^Field "${field}"\\.`));
	});

	test('a bad item 1 stops the run before item 0 is sent', async () => {
		const scope = nock(PUSH).post('/notifications').reply(201, {});
		const { error, items } = await run({ ...base, kumulosTitle: '={{ $json.title }}' }, [{ title: 'Hi' }, { title: '' }]);
		expect(scope.isDone()).toBe(false);
		expect(items).toEqual([]);
		expect(error.message).toBe('Item 1: Title is required');
	});

	test('with Continue On Fail the bad item gets an error item and the good one is sent', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(4, { installIds: ['a'] })], log);
		const { items } = await run({ ...base, kumulosTitle: '={{ $json.title }}' }, [{ title: 'Hi' }, { title: '' }], { onError: 'continueRegularOutput' });
		expect(log).toHaveLength(1);
		expect(items).toEqual([
			{ json: { provider: 'kumulos', ...notification(4, { installIds: ['a'] }) }, pairedItem: { item: 0 } },
			{ json: { provider: 'kumulos', error: 'Item 1: Title is required', description: 'Field "Title". Correct the value in this item and run the node again.' }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Kumulos errors', () => {
	const params = { kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };

	test('401 carries the message and the hint', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [401, { message: 'Unauthorized' }], log);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 401: Unauthorized');
		expect(error.description).toBe('Check the API key or token in the credential.');
	});

	test('422 names the invalid field', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [422, { message: 'The given data was invalid.', errors: { 'schedule.sendAt': ['The schedule.send at does not match the format Y-m-d H:i.'] } }], log);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 422: The given data was invalid. schedule.sendAt: The schedule.send at does not match the format Y-m-d H:i. (field "schedule.sendAt")');
	});

	test('404 carries the message', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [404, { message: 'Not Found' }], log);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 404: Not Found');
	});

	test('a 5xx is never resent: the outcome is unknown and the item says so', async () => {
		const scope = nock(PUSH).post('/notifications').times(3).reply(function (uri, body) {
			log.push(body);
			return [503, { message: 'Service Unavailable' }];
		});
		const { items } = await run(params, [{}], { onError: 'continueRegularOutput' });
		expect(log).toHaveLength(1);
		expect(scope.pendingMocks()).toHaveLength(1);
		expect(items).toEqual([{
			json: {
				provider: 'kumulos',
				error: 'Kumulos returned 503: Service Unavailable; outcome unknown: Kumulos may have processed it, so it was not sent again',
				description: 'Kumulos may or may not have processed this POST request. It was not sent again, because a repeat could create a duplicate. Check in Kumulos before running it again.',
				httpCode: '503',
				outcomeUnknown: true,
			},
			pairedItem: { item: 0 },
		}]);
	});

	test('a lost connection is never resent either', async () => {
		nock(PUSH).post('/notifications').times(3).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const { error } = await run(params);
		expect(nock.pendingMocks()).toHaveLength(1);
		expect(error.message).toBe('Kumulos: the connection was lost before an answer arrived; outcome unknown: Kumulos may have processed it, so it was not sent again');
		expect(error.context.outcomeUnknown).toBe(true);
	});

	test('a 429 is retried, Retry-After honoured', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [429, { message: 'Too Many Attempts.' }, { 'Retry-After': '0' }], log);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(5, { installIds: ['a'] })], log);
		const { items } = await run(params);
		expect(log).toHaveLength(2);
		expect(items[0].json.id).toBe(5);
	});
});

describe('a failure after a notification went out', () => {
	test('does not stop the node: the sent notification stays in the output, the failed item carries the error', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { installIds: ['a'] })], log);
		expectRequest(PUSH, 'POST', '/notifications', [422, { message: 'The given data was invalid.', errors: { title: ['Too long.'] } }], log);
		const { items, error, hints } = await run(
			{ kumulosTargets: { installIds: '={{ $json.id }}' }, kumulosTitle: 'Hello', kumulosMessage: 'World' },
			[{ id: 'a' }, { id: 'b' }],
		);
		expect(error).toBeUndefined();
		expect(log).toHaveLength(2);
		expect(items.map((item) => [item.pairedItem.item, item.json.id ?? item.json.error])).toEqual([
			[0, 1],
			[1, 'Kumulos returned 422: The given data was invalid. title: Too long. (field "title")'],
		]);
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^1 item\(s\) failed \(items 1\) after 1 notification had been sent\./) })]);
	});
});

