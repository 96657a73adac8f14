// Push Opened Trigger through n8n-core's poll machinery (PollTriggerExecutor, PollContext, WorkflowExecute)
// against the provider sandbox: real HTTP, static data kept across polls as n8n keeps it.
const { createPoller, seededRandom } = require('../helpers/poll');
const { sendAuthenticated } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');
const { OPENS_PER_POLL } = require('../../dist/nodes/shared/triggers');

const local = useSandbox({ limits: false });

const kumulos = () => ({ kumulosApi: local.credentials.kumulosApi });

/** A sent notification that reaches nobody, so only the opens a test records are there. */
async function notification() {
	const { kumulosApi } = local.credentials;
	const response = await sendAuthenticated('kumulosApi', kumulosApi, { method: 'POST', url: `${kumulosApi.pushBaseUrl}/notifications`, body: { title: 't', message: 'm', installIds: ['nobody'] } });
	expect(response.statusCode).toBe(201);
	return response.body.id;
}

const opens = (notificationId, list) => local.sandbox.addOpens({ notificationId, opens: list });
const at = (second) => `2025-06-01 12:00:${String(second).padStart(2, '0')}`;
const iso = (second) => `2025-06-01T12:00:${String(second).padStart(2, '0')}.000Z`;

const poller = (parameters, options = {}) =>
	createPoller({
		node: { type: 'pushOpenedTrigger', name: 'Push Opened', parameters: { provider: 'kumulos', event: 'installOpens', ...parameters } },
		credentials: options.credentials ?? kumulos(),
		...options,
	});

describe.each(['staged', 'live'])('static data %s', (cursor) => {
	test('first poll without history notes what is there; later polls emit only the new opens, once', async () => {
		const id = await notification();
		opens(id, [{ installId: 'install-1', openedAt: at(1) }, { installId: 'install-2', openedAt: at(2) }]);
		const trigger = await poller({ notificationIds: String(id) }, { cursor });
		let result = await trigger.poll();
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(trigger.state().marks).toEqual({ [`install:${id}`]: { at: iso(2), ids: ['install-2'] } });

		expect((await trigger.poll()).items).toEqual([]);
		opens(id, [{ installId: 'install-3', openedAt: at(3) }, { installId: 'install-4', openedAt: at(4) }]);
		result = await trigger.poll();
		expect(result.items).toEqual([
			{ provider: 'kumulos', notificationId: id, installId: 'install-3', openedAt: iso(3), openedAtRaw: at(3) },
			{ provider: 'kumulos', notificationId: id, installId: 'install-4', openedAt: iso(4), openedAtRaw: at(4) },
		]);
		// The emitted items started one execution, through WorkflowExecute, with the trigger's output.
		expect(result.runs).toHaveLength(1);
		expect(result.runs[0].error).toBeUndefined();
		expect(result.runs[0].output().map((item) => item.json)).toEqual(result.items);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('Include Opens Before Activation: the first poll emits the history, oldest first', async () => {
		const id = await notification();
		opens(id, [{ installId: 'b', openedAt: at(5) }, { installId: 'a', openedAt: at(1) }, { installId: 'c', openedAt: at(5) }]);
		const trigger = await poller({ notificationIds: String(id), options: { includeHistory: true } }, { cursor });
		const { items } = await trigger.poll();
		expect(items.map((item) => [item.installId, item.openedAt])).toEqual([['a', iso(1)], ['b', iso(5)], ['c', iso(5)]]);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('equal timestamps at the mark: later opens at the same second are emitted, none twice', async () => {
		const id = await notification();
		const trigger = await poller({ notificationIds: String(id) }, { cursor });
		await trigger.poll();
		opens(id, [{ installId: 'a', openedAt: at(10) }, { installId: 'b', openedAt: at(10) }]);
		expect((await trigger.poll()).items.map((item) => item.installId)).toEqual(['a', 'b']);
		expect(trigger.state().marks[`install:${id}`]).toEqual({ at: iso(10), ids: ['a', 'b'] });
		// Arriving after the poll with openedAt equal to the mark; and the same install opening again that second.
		opens(id, [{ installId: 'c', openedAt: at(10) }, { installId: 'a', openedAt: at(10) }, { installId: 'd', openedAt: at(9) }]);
		expect((await trigger.poll()).items.map((item) => item.installId)).toEqual(['a', 'c']);
		expect(trigger.state().marks[`install:${id}`]).toEqual({ at: iso(10), ids: ['a', 'b', 'a', 'c'] });
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('a poll that fails midway keeps the failed notification where it was; the next poll emits its opens', async () => {
		const [one, two, three] = [await notification(), await notification(), await notification()];
		const trigger = await poller({ notificationIds: `${one}, ${two}, ${three}`, options: { maxRetries: 0 } }, { cursor });
		await trigger.poll();
		for (const id of [one, two, three]) opens(id, [{ installId: `i-${id}`, openedAt: at(20) }]);
		local.sandbox.failNext({ method: 'GET', path: `/kumulos-push/notifications/${two}/install-opens`, status: 503 });
		let result = await trigger.poll();
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.notificationId)).toEqual([one, three]);
		expect(result.logs.some((log) => log.level === 'error' && log.message.includes(`notification ${two}`))).toBe(true);
		result = await trigger.poll();
		expect(result.items.map((item) => [item.notificationId, item.installId])).toEqual([[two, `i-${two}`]]);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('a poll in which every read fails throws and moves nothing; the next one emits everything', async () => {
		const [one, two] = [await notification(), await notification()];
		const trigger = await poller({ notificationIds: [one, two], options: { maxRetries: 0 } }, { cursor });
		await trigger.poll();
		opens(one, [{ installId: 'x', openedAt: at(30) }]);
		opens(two, [{ installId: 'y', openedAt: at(31) }]);
		const before = trigger.state();
		local.sandbox.failNext({ method: 'GET', path: '/kumulos-push/notifications/', status: 500, times: 2 });
		const failed = await trigger.poll();
		expect(failed.error.message).toMatch(/Kumulos returned 500/);
		expect(failed.items).toEqual([]);
		expect(trigger.state()).toEqual(before);
		expect((await trigger.poll()).items.map((item) => item.installId)).toEqual(['x', 'y']);
	});

	test('a 404 for one notification is logged and the others are polled; a 401 fails the poll with the provider message', async () => {
		const id = await notification();
		const trigger = await poller({ notificationIds: `${id}, 999` }, { cursor });
		let result = await trigger.poll();
		expect(result.error).toBeUndefined();
		opens(id, [{ installId: 'z', openedAt: at(40) }]);
		result = await trigger.poll();
		expect(result.items.map((item) => item.installId)).toEqual(['z']);
		const warning = result.logs.find((log) => log.level === 'warn');
		expect(warning.message).toMatch(/no notification 999 \(404\)/);
		expect(Object.keys(trigger.state().marks)).toEqual([`install:${id}`]);

		const onlyMissing = await poller({ notificationIds: '999' }, { cursor });
		expect((await onlyMissing.poll()).error.message).toBe('Kumulos returned 404: Notification 999 not found.');

		const refused = await poller({ notificationIds: String(id) }, { cursor, credentials: { kumulosApi: { ...local.credentials.kumulosApi, serverSecretKey: 'wrong' } } });
		const denied = await refused.poll();
		expect(denied.error.message).toBe('Kumulos returned 401: Unauthorized');
		expect(refused.state()).toEqual({});
	});

	test('manual mode returns the 5 most recent opens across notifications and leaves the cursor alone', async () => {
		const [one, two] = [await notification(), await notification()];
		opens(one, [1, 3, 5, 7].map((second) => ({ installId: `one-${second}`, openedAt: at(second) })));
		opens(two, [2, 4, 6, 8].map((second) => ({ installId: `two-${second}`, openedAt: at(second) })));
		const trigger = await poller({ notificationIds: `${one},${two}` }, { cursor });
		// Before activation: a sample, and nothing stored.
		let test = await trigger.manual();
		expect(test.error).toBeUndefined();
		expect(test.items.map((item) => item.installId)).toEqual(['two-4', 'one-5', 'two-6', 'one-7', 'two-8']);
		expect(test.stateAfter).toEqual({});
		await trigger.poll();
		const stored = trigger.state();
		opens(one, [{ installId: 'late', openedAt: at(9) }]);
		test = await trigger.manual();
		expect(test.items.map((item) => item.installId)).toEqual(['one-5', 'two-6', 'one-7', 'two-8', 'late']);
		expect(test.stateAfter).toEqual(stored);
		expect(trigger.state()).toEqual(stored);
		// The open the test event showed is still emitted by the next poll.
		expect((await trigger.poll()).items.map((item) => item.installId)).toEqual(['late']);
	});

	test('10 polls, 1,000 opens arriving at random across 3 notifications and both times: every open emitted exactly once', async () => {
		const ids = [await notification(), await notification(), await notification()];
		const trigger = await poller({ notificationIds: ids.join(',') }, { cursor });
		await trigger.poll();
		const random = seededRandom(cursor === 'live' ? 7 : 11);
		const sent = [];
		const received = [];
		let second = 0;
		for (let round = 0; round < 10; round++) {
			const count = Math.min(round === 9 ? 1000 : Math.floor(random() * 2 * (1000 / 10)), 1000 - sent.length);
			for (let index = 0; index < count; index++) {
				// Time moves on slowly: many opens share a second, some land on the second of the last poll.
				if (random() < 0.3) second++;
				const notificationId = ids[Math.floor(random() * ids.length)];
				const installId = `install-${Math.floor(random() * 40)}`;
				const openedAt = new Date(Date.UTC(2025, 5, 1, 12, 0, second)).toISOString();
				opens(notificationId, [{ installId, openedAt }]);
				sent.push(`${notificationId}|${installId}|${openedAt}`);
			}
			const result = await trigger.poll();
			expect(result.error).toBeUndefined();
			received.push(...result.items.map((item) => `${item.notificationId}|${item.installId}|${item.openedAt}`));
		}
		expect(sent).toHaveLength(1000);
		expect(received.sort()).toEqual(sent.sort());
	});
});

test('Notification IDs: a list, a comma list or an expression giving an array; a bad ID is refused before any request', async () => {
	const [one, two] = [await notification(), await notification()];
	opens(one, [{ installId: 'a', openedAt: at(1) }]);
	opens(two, [{ installId: 'b', openedAt: at(2) }]);
	for (const notificationIds of [`${one}, ${two}`, `={{ [${one}, "${two}"] }}`, `={{ ${one} }}`]) {
		const trigger = await poller({ notificationIds, options: { includeHistory: true } });
		const expected = notificationIds === `={{ ${one} }}` ? ['a'] : ['a', 'b'];
		expect((await trigger.poll()).items.map((item) => item.installId)).toEqual(expected);
	}
	const requests = local.sandbox.state.requests.total;
	for (const [notificationIds, message] of [
		['12a', 'Notification IDs must be a positive whole number written in decimal digits, got "12a"'],
		[`${one}, 0x10`, 'Notification IDs must be a positive whole number written in decimal digits, got "0x10"'],
		['', 'Notification IDs is required'],
		['={{ { id: 1 } }}', 'Notification IDs must be a list of IDs, got an object'],
	]) {
		const trigger = await poller({ notificationIds });
		const result = await trigger.poll();
		expect(result.error.message).toBe(message);
		// "Fetch Test Event": n8n itself refuses an empty required parameter before the node runs.
		expect((await trigger.manual()).error.message).toBe(notificationIds === '' ? "The 'Push Opened' node has issues:\n- Parameter \"Notification IDs\" is required." : message);
	}
	expect(local.sandbox.state.requests.total).toBe(requests);
});

test('User Opens: userId in the output, and its own mark next to the install opens of the same notification', async () => {
	const id = await notification();
	opens(id, [{ userId: 'user-1', openedAt: at(1) }, { installId: 'install-1', openedAt: at(1) }]);
	const trigger = await poller({ notificationIds: String(id), event: 'userOpens', options: { includeHistory: true } });
	expect((await trigger.poll()).items).toEqual([{ provider: 'kumulos', notificationId: id, userId: 'user-1', openedAt: iso(1), openedAtRaw: at(1) }]);
	expect(Object.keys(trigger.state().marks)).toEqual([`user:${id}`]);
});

test(`a very large open list: ${OPENS_PER_POLL} per poll, oldest first, one request at a time, the next poll going on`, async () => {
	const [big, small] = [await notification(), await notification()];
	const many = Array.from({ length: 12_000 }, (_, index) => ({ installId: `i${String(index).padStart(5, '0')}`, openedAt: at(index % 60) }));
	opens(big, many);
	opens(small, [{ installId: 'small', openedAt: at(0) }]);
	local.sandbox.configure({ faults: { latencyMs: 5 } });
	const trigger = await poller({ notificationIds: `${big},${small}`, options: { includeHistory: true } });
	const emitted = [];
	const counts = [];
	for (let round = 0; round < 4; round++) {
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		counts.push(items.length);
		emitted.push(...items);
	}
	expect(counts).toEqual([5000, 5000, 2001, 0]);
	const bigOnes = emitted.filter((item) => item.notificationId === big);
	expect(new Set(bigOnes.map((item) => item.installId)).size).toBe(12_000);
	const times = bigOnes.map((item) => item.openedAt);
	expect(times).toEqual([...times].sort());
	// One notification after the other: no request started before the previous one was answered.
	const requests = local.sandbox.requests({ provider: 'kumulos', limit: 100 }).sort((a, b) => a.id - b.id);
	for (let index = 1; index < requests.length; index++) {
		expect(Date.parse(requests[index].at)).toBeGreaterThanOrEqual(Date.parse(requests[index - 1].at) + requests[index - 1].durationMs - 1);
	}
});

test('poll budget: with none left after the first read, each poll reads one notification and the next goes on with the rest', async () => {
	const ids = [await notification(), await notification(), await notification()];
	const trigger = await poller({ notificationIds: ids.join(','), options: { includeHistory: true } }, { budgetMs: 0 });
	for (const id of ids) opens(id, [{ installId: `i-${id}`, openedAt: at(1) }]);
	const seen = [];
	for (let round = 0; round < 3; round++) {
		const { items, logs } = await trigger.poll();
		seen.push(items.map((item) => item.notificationId));
		if (round < 2) expect(logs.some((log) => log.message.startsWith('Poll budget reached'))).toBe(true);
	}
	expect(seen).toEqual([[ids[0]], [ids[1]], [ids[2]]]);
	expect(trigger.state().resume).toBe(`install:${ids[0]}`);
	// Where n8n offers no budget (2.8), one poll reads them all.
	const older = await poller({ notificationIds: ids.join(','), options: { includeHistory: true } }, { budgetMs: null });
	expect((await older.poll()).items.map((item) => item.notificationId)).toEqual(ids);
});

test('the poll n8n runs on activation: its baseline stays with live static data; durable cursors keep nothing from it', async () => {
	const id = await notification();
	opens(id, [{ installId: 'before', openedAt: at(1) }]);
	const live = await poller({ notificationIds: String(id) }, { cursor: 'live' });
	expect((await live.poll({ testingTrigger: true })).items).toEqual([]);
	expect(Object.keys(live.state().marks)).toEqual([`install:${id}`]);
	// n8n-core commits a staged cursor only for scheduled polls: the first of them takes the baseline.
	const durable = await poller({ notificationIds: String(id) }, { cursor: 'staged' });
	await durable.poll({ testingTrigger: true });
	expect(durable.state()).toEqual({});
	await durable.poll();
	opens(id, [{ installId: 'after', openedAt: at(2) }]);
	expect((await durable.poll()).items.map((item) => item.installId)).toEqual(['after']);
	expect((await live.poll()).items.map((item) => item.installId)).toEqual(['after']);
});
