// Send Push (Kumulos Push API v1) through the real n8n engine, nock as Kumulos.
const nock = require('nock');
const { runNode } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent, HEADERS } = require('../helpers/http');

const PUSH = ORIGINS.push;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const run = (parameters, items = [{}], node = {}, timezone = 'UTC') =>
	runNode({ node: { type: 'sendPush', name: 'Send Push', parameters: { provider: 'kumulos', ...parameters }, ...node }, items, credentials, timezone });

const notification = (id, filters, extra = {}) => ({
	appId: 1, source: 1, status: 1, filters, title: 'Hello', message: 'World', data: null,
	updatedAt: '2026-11-22T10:00:00+0000', createdAt: '2026-11-22T10:00:00+0000', id, ...extra,
});

/** A notification as Send Push outputs it: Kumulos's times as ISO 8601 in UTC, the originals kept as …Raw. */
const pushOutput = (answer) => ({
	provider: 'kumulos',
	...answer,
	createdAt: '2026-11-22T10:00:00.000Z',
	createdAtRaw: '2026-11-22T10:00:00+0000',
	updatedAt: '2026-11-22T10:00:00.000Z',
	updatedAtRaw: '2026-11-22T10:00:00+0000',
});

const { log, expectRequest } = isolateRequests();

describe('request mapping', () => {
	test('every targeting, content, platform, schedule and meta field, from items and expressions', async () => {
		const answer = notification(7, { userIds: ['member-1', 'member-2'] });
		expectRequest(PUSH, 'POST', '/notifications', [201, answer]);
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
		expect(sent(log, HEADERS)).toEqual([{
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
		expect(items).toEqual([{ json: pushOutput(answer), pairedItem: { item: 0 } }]);
	});

	test('local strategy sends the wall-clock time as given, an offset included', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { broadcast: true })]);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { installIds: ['a'] })]);
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
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { userIds: ['u1'] })]);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { userIds: ['u2'] })]);
		const { items } = await run({ kumulosTargets: { userIds: '={{ [$json.user] }}' }, kumulosTitle: 'Hi', kumulosMessage: '={{ "Step " + $json.step }}' }, [{ user: 'u1', step: 1 }, { user: 'u2', step: 2 }]);
		expect(log.map((entry) => entry.body)).toEqual([
			{ userIds: ['u1'], title: 'Hi', message: 'Step 1' },
			{ userIds: ['u2'], title: 'Hi', message: 'Step 2' },
		]);
		expect(items).toEqual([
			{ json: pushOutput(notification(1, { userIds: ['u1'] })), pairedItem: { item: 0 } },
			{ json: pushOutput(notification(2, { userIds: ['u2'] })), pairedItem: { item: 1 } },
		]);
	});
});

describe('iOS Badge: one group of Type and Count', () => {
	const base = { kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };
	const body = (ios) => ({ installIds: ['a'], title: 'Hi', message: 'There', ...(ios ? { ios } : {}) });
	const send = async (fields) => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { installIds: ['a'] })]);
		const { error, items } = await run({ ...base, kumulosPushFields: fields });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: pushOutput(notification(1, { installIds: ['a'] })), pairedItem: { item: 0 } }]);
		return log.map((entry) => entry.body);
	};

	test.each([
		['Set To 0 clears the badge', { badgeType: 'setTo', badgeCount: 0 }, { hasBadge: true, badgeType: 'setTo', badgeCount: 0 }],
		['Increment By a negative count lowers it', { badgeType: 'incrementBy', badgeCount: -2 }, { hasBadge: true, badgeType: 'incrementBy', badgeCount: -2 }],
		['added and left as it is: Increment By 1', {}, { hasBadge: true, badgeType: 'incrementBy', badgeCount: 1 }],
		['from expressions', { badgeType: '={{ $json.type ?? "setTo" }}', badgeCount: '={{ 3 }}' }, { hasBadge: true, badgeType: 'setTo', badgeCount: 3 }],
	])('%s', async (_name, badge, ios) => {
		expect(await send({ iosBadge: { badge } })).toEqual([body(ios)]);
	});

	test('the group removed again (no Badge inside) sends no badge', async () => {
		expect(await send({ iosBadge: {} })).toEqual([body()]);
	});

	test('a workflow saved with the old iOS Badge, Type and Count options sends what it always sent', async () => {
		expect(await send({ hasBadge: true, badgeType: 'setTo', badgeCount: 4 })).toEqual([body({ hasBadge: true, badgeType: 'setTo', badgeCount: 4 })]);
	});

	test('an old workflow with iOS Badge on and no Type keeps Increment By', async () => {
		expect(await send({ hasBadge: true, badgeCount: 2 })).toEqual([body({ hasBadge: true, badgeType: 'incrementBy', badgeCount: 2 })]);
	});

	test('iOS Badge wins over the old options, even half-filled ones', async () => {
		expect(await send({ iosBadge: { badge: { badgeType: 'incrementBy', badgeCount: 5 } }, badgeCount: 2 })).toEqual([body({ hasBadge: true, badgeType: 'incrementBy', badgeCount: 5 })]);
	});

	test.each([
		['no Count', { badgeType: 'setTo', badgeCount: '={{ "" }}' }, 'Item 0: iOS Badge → Count is required', 'iOS Badge → Count'],
		['no Type', { badgeType: '={{ "" }}', badgeCount: 1 }, 'Item 0: iOS Badge → Type is required', 'iOS Badge → Type'],
		['a fractional Count', { badgeType: 'incrementBy', badgeCount: 1.5 }, 'Item 0: iOS Badge → Count must be a whole number, got "1.5"', 'iOS Badge → Count'],
		['a negative Set To Count', { badgeType: 'setTo', badgeCount: -1 }, 'Item 0: iOS Badge → Count must be 0 or more with Set To, got -1', 'iOS Badge → Count'],
		['an unknown Type', { badgeType: '={{ "add" }}', badgeCount: 1 }, 'Item 0: iOS Badge → Type must be one of "incrementBy", "setTo", got "add"', 'iOS Badge → Type'],
	])('%s stops the run naming the field, before anything is sent', async (_name, badge, message, label) => {
		const scope = nock(PUSH).post('/notifications').reply(201, {});
		const { error } = await run({ ...base, kumulosPushFields: { iosBadge: { badge } } });
		expect(scope.isDone()).toBe(false);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(new RegExp(`^Field "${label}"\\.`));
	});

	test('the group cannot be half-filled in the editor; the old options are shown only where a saved workflow has them', async () => {
		const { NodeHelpers } = require('n8n-workflow');
		const { loadPackage } = require('../helpers/engine');
		const { description } = (await loadPackage()).nodeTypes.sendPush.type;
		const options = description.properties.find((property) => property.name === 'kumulosPushFields').options;
		const group = options.find((option) => option.name === 'iosBadge');
		expect(group).toMatchObject({ displayName: 'iOS Badge', type: 'fixedCollection', default: { badge: { badgeType: 'incrementBy', badgeCount: 1 } } });
		expect(group.options[0].values.map((value) => [value.displayName, value.required, value.default])).toEqual([['Type', true, 'incrementBy'], ['Count', true, 1]]);
		const shown = (fields) => options.filter((option) => NodeHelpers.displayParameterPath({ kumulosPushFields: fields }, option, 'kumulosPushFields', null, description)).map((option) => option.name);
		expect(shown({})).toEqual(['highPriority', 'isBackground', 'collapseId', 'data', 'iosBadge', 'iosSound', 'reportingMeta', 'url']);
		expect(shown({ hasBadge: false, badgeCount: 2 })).toEqual(['highPriority', 'isBackground', 'collapseId', 'data', 'iosBadge', 'badgeCount', 'hasBadge', 'iosSound', 'reportingMeta', 'url']);
	});
});

describe('Targets are hidden while Broadcast is on', () => {
	test('a broadcast saved with targets sends the broadcast only: n8n drops the hidden Targets', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { broadcast: true })]);
		const { error } = await run({ kumulosBroadcast: true, kumulosTargets: { installIds: 'a', userIds: 'u1' }, kumulosTitle: 'Sale', kumulosMessage: 'Today' });
		expect(error).toBeUndefined();
		expect(log.map((entry) => entry.body)).toEqual([{ broadcast: true, title: 'Sale', message: 'Today' }]);
	});

	test('with Broadcast from an expression, Targets stay, for the items that do not broadcast', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { installIds: ['a'] })]);
		const { error } = await run({ kumulosBroadcast: '={{ $json.all }}', kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Sale', kumulosMessage: 'Today' }, [{ all: false }]);
		expect(error).toBeUndefined();
		expect(log.map((entry) => entry.body)).toEqual([{ installIds: ['a'], title: 'Sale', message: 'Today' }]);
	});

	test('the editor shows Targets only with Broadcast off (or an expression)', async () => {
		const { NodeHelpers } = require('n8n-workflow');
		const { loadPackage } = require('../helpers/engine');
		const { description } = (await loadPackage()).nodeTypes.sendPush.type;
		const targets = description.properties.find((property) => property.name === 'kumulosTargets');
		const shown = (kumulosBroadcast) => NodeHelpers.displayParameter({ provider: 'kumulos', kumulosBroadcast }, targets, null, description);
		expect([shown(false), shown(true), shown('={{ $json.all }}')]).toEqual([true, false, true]);
	});
});

describe('broadcast once per execution', () => {
	const params = { kumulosBroadcast: true, kumulosTitle: 'Sale', kumulosMessage: 'Today only' };

	test('many items send one broadcast; the others are folded into it, with a hint', async () => {
		const answer = notification(9, { broadcast: true });
		expectRequest(PUSH, 'POST', '/notifications', [201, answer]);
		const { items, hints } = await run(params, [{}, {}, {}]);
		expect(log).toHaveLength(1);
		const folded = (item) => ({
			json: { provider: 'kumulos', sent: false, foldedIntoItem: 0, notificationId: 9, message: 'Not sent: folded into the broadcast sent for item 0' },
			pairedItem: { item },
		});
		expect(items).toEqual([{ json: pushOutput(answer), pairedItem: { item: 0 } }, folded(1), folded(2)]);
		expect(hints).toEqual([expect.objectContaining({
			message: '3 items asked for a broadcast; it was sent once, for item 0. Turn off "Broadcast Once per Execution" in Options to send one broadcast per item.',
		})]);
	});

	test('turned off, every item sends its broadcast', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { broadcast: true })]);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(2, { broadcast: true })]);
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
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(4, { installIds: ['a'] })]);
		const { items } = await run({ ...base, kumulosTitle: '={{ $json.title }}' }, [{ title: 'Hi' }, { title: '' }], { onError: 'continueRegularOutput' });
		expect(log).toHaveLength(1);
		expect(items).toEqual([
			{ json: pushOutput(notification(4, { installIds: ['a'] })), pairedItem: { item: 0 } },
			{ json: { provider: 'kumulos', error: 'Item 1: Title is required', description: 'Field "Title". Correct the value in this item and run the node again.' }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Kumulos errors', () => {
	const params = { kumulosTargets: { installIds: 'a' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };

	test('401 carries the message and the hint', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [401, { message: 'Unauthorized' }]);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 401: Unauthorized');
		expect(error.description).toBe('Check the API key or token in the credential.');
	});

	test('422 names the invalid field', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [422, { message: 'The given data was invalid.', errors: { 'schedule.sendAt': ['The schedule.send at does not match the format Y-m-d H:i.'] } }]);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 422: The given data was invalid. schedule.sendAt: The schedule.send at does not match the format Y-m-d H:i. (field "schedule.sendAt")');
	});

	test('404 carries the message', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [404, { message: 'Not Found' }]);
		const { error } = await run(params);
		expect(error.message).toBe('Kumulos returned 404: Not Found');
	});

	test('a 5xx is never resent: the outcome is unknown and the item says so', async () => {
		const scope = expectRequest(PUSH, 'POST', '/notifications', [503, { message: 'Service Unavailable' }], { times: 3 });
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
		expectRequest(PUSH, 'POST', '/notifications', [429, { message: 'Too Many Attempts.' }, { 'Retry-After': '0' }]);
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(5, { installIds: ['a'] })]);
		const { items } = await run(params);
		expect(log).toHaveLength(2);
		expect(items[0].json.id).toBe(5);
	});
});

describe('a failure after a notification went out', () => {
	test('does not stop the node: the sent notification stays in the output, the failed item carries the error', async () => {
		expectRequest(PUSH, 'POST', '/notifications', [201, notification(1, { installIds: ['a'] })]);
		expectRequest(PUSH, 'POST', '/notifications', [422, { message: 'The given data was invalid.', errors: { title: ['Too long.'] } }]);
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

