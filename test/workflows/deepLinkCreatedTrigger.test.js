// Deep Link Created Trigger through n8n-core's poll machinery (PollTriggerExecutor, PollContext, WorkflowExecute)
// against the provider sandbox: real HTTP, keyset cursor pages, static data kept across polls as n8n keeps it.
const { createPoller, seededRandom } = require('../helpers/poll');
const { useSandbox } = require('../helpers/sandbox');
const { LINKS_PER_POLL, PAGES_PER_POLL } = require('../../dist/nodes/shared/triggers');

const local = useSandbox({ limits: false });

const BASE = Date.UTC(2025, 5, 1, 12, 0, 0);
const time = (ms) => new Date(BASE + ms).toISOString();
/** Stores links with the given keys, all created at `ms` after BASE (equal times allowed), plus `extra` fields. */
const links = (keys, ms, extra = {}) =>
	local.sandbox.addShortifyLinks(keys.map((key) => ({ deepLinkAppId: 'app_sandbox', key, url: `https://shop.example.com/${key}`, createdAt: time(ms), ...extra })));
const keysOf = (items) => items.map((item) => item.key);

const poller = (parameters = {}, options = {}) =>
	createPoller({
		node: { type: 'deepLinkCreatedTrigger', name: 'Link Created', parameters: { provider: 'shortify', ...parameters } },
		credentials: options.credentials ?? { shortifyApi: local.credentials.shortifyApi },
		...options,
	});

/** The list requests the sandbox saw since `since` (its request id). */
const listRequests = (since = 0) =>
	local.sandbox.requests({ provider: 'shortify', limit: 5000 }).filter((request) => request.id > since && request.url.startsWith('/shortify/v1/deep-links'));
const lastRequestId = () => Math.max(0, ...local.sandbox.requests({ provider: 'shortify', limit: 1 }).map((request) => request.id));

describe.each(['staged', 'live'])('static data %s', (cursor) => {
	test('first poll without history notes what is there; later polls emit only the new links, oldest first, once', async () => {
		links(['old-1', 'old-2'], 0);
		const trigger = await poller({}, { cursor });
		let result = await trigger.poll();
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(trigger.state().mark.at).toBe(time(0));
		expect(trigger.state().mark.ids).toHaveLength(2);

		links(['new-2'], 2000);
		links(['new-1'], 1000);
		result = await trigger.poll();
		expect(keysOf(result.items)).toEqual(['new-1', 'new-2']);
		const [first] = result.items;
		expect(first).toMatchObject({
			provider: 'shortify',
			key: 'new-1',
			url: 'https://go.sandbox.test/new-1',
			shortLink: 'https://go.sandbox.test/new-1',
			destinationUrl: 'https://shop.example.com/new-1',
			createdAt: time(1000),
		});
		expect(first.id).toMatch(/^link_/);
		expect(result.runs).toHaveLength(1);
		expect(result.runs[0].output().map((item) => item.json)).toEqual(result.items);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('Include Links Before Activation: the first poll emits the existing links, oldest first', async () => {
		links(['c'], 300);
		links(['a'], 100);
		links(['b'], 200);
		const trigger = await poller({ options: { includeHistory: true } }, { cursor });
		expect(keysOf((await trigger.poll()).items)).toEqual(['a', 'b', 'c']);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('equal createdAt at the mark: links arriving later at the same time are emitted, none twice', async () => {
		const trigger = await poller({}, { cursor });
		await trigger.poll();
		links(['t1', 't2'], 5000);
		expect(keysOf((await trigger.poll()).items).sort()).toEqual(['t1', 't2']);
		expect(trigger.state().mark).toMatchObject({ at: time(5000) });
		links(['t3', 't4'], 5000);
		links(['later'], 5001);
		const { items } = await trigger.poll();
		expect(keysOf(items.slice(0, 2)).sort()).toEqual(['t3', 't4']);
		expect(keysOf(items.slice(2))).toEqual(['later']);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test(`a backlog of 2,500 links: ${LINKS_PER_POLL} per poll, oldest first across polls, later polls start near the mark`, async () => {
		links(['before'], 0);
		const trigger = await poller({}, { cursor });
		await trigger.poll();
		const keys = Array.from({ length: 2500 }, (_, index) => `b${String(index).padStart(4, '0')}`);
		// Ten links per millisecond: many share a createdAt, also across the per-poll cut.
		for (let index = 0; index < keys.length; index += 10) links(keys.slice(index, index + 10), 10_000 + index / 10);
		const emitted = [];
		const pages = [];
		for (let round = 0; round < 4; round++) {
			const since = lastRequestId();
			const { items, error } = await trigger.poll();
			expect(error).toBeUndefined();
			pages.push(listRequests(since).length);
			emitted.push(items);
		}
		expect(emitted.map((items) => items.length)).toEqual([1000, 1000, 500, 0]);
		const all = emitted.flat();
		expect(new Set(keysOf(all)).size).toBe(2500);
		const times = all.map((item) => item.createdAt);
		expect(times).toEqual([...times].sort());
		// The first poll walks the whole backlog (26 pages); the next ones start at a checkpoint.
		expect(pages[0]).toBe(26);
		expect(pages[1]).toBeLessThanOrEqual(12);
		expect(pages[2]).toBeLessThanOrEqual(12);
	});

	test('a poll that fails partway saves nothing; the next poll emits every link', async () => {
		const trigger = await poller({ options: { maxRetries: 0 } }, { cursor });
		await trigger.poll();
		const before = trigger.state();
		links(Array.from({ length: 250 }, (_, index) => `f${index}`), 1000);
		local.sandbox.failNext({ method: 'GET', path: '/shortify/v1/deep-links', nth: 2, status: 503 });
		const failed = await trigger.poll();
		expect(failed.error.message).toMatch(/^Shortify returned 503/);
		expect(failed.items).toEqual([]);
		expect(trigger.state()).toEqual(before);
		const { items } = await trigger.poll();
		expect(new Set(keysOf(items)).size).toBe(250);
	});

	test("a failed checkpoint page fails the poll; a cursor the provider no longer takes is dropped and the list walked from the top", async () => {
		const trigger = await poller({ options: { maxRetries: 0 } }, { cursor });
		await trigger.poll();
		const keys = Array.from({ length: 2300 }, (_, index) => `k${String(index).padStart(4, '0')}`);
		links(keys, 1000);
		expect((await trigger.poll()).items).toHaveLength(1000);
		const stored = trigger.state();
		const checkpoint = stored.checkpoints.at(-1).cursor;
		local.sandbox.failNext({ method: 'GET', path: '/shortify/v1/deep-links', query: { cursor: checkpoint }, status: 500 });
		expect((await trigger.poll()).error.message).toMatch(/^Shortify returned 500/);
		expect(trigger.state()).toEqual(stored);
		local.sandbox.failNext({
			method: 'GET',
			path: '/shortify/v1/deep-links',
			query: { cursor: checkpoint },
			status: 422,
			body: { success: false, error: { code: 'validation_error', message: 'cursor is invalid', field: 'cursor' }, requestId: 'req_x' },
		});
		const second = await trigger.poll();
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(1000);
		const third = await trigger.poll();
		expect(third.items).toHaveLength(300);
		expect(new Set(keysOf([...second.items, ...third.items])).size).toBe(1300);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('manual mode returns the newest 5 links and leaves the cursor alone', async () => {
		for (let index = 0; index < 8; index++) links([`m${index}`], index * 1000);
		const trigger = await poller({}, { cursor });
		let test = await trigger.manual();
		expect(test.error).toBeUndefined();
		expect(keysOf(test.items)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
		expect(test.items[4].url).toBe('https://go.sandbox.test/m7');
		expect(test.stateAfter).toEqual({});
		await trigger.poll();
		const stored = trigger.state();
		links(['m8'], 9000);
		test = await trigger.manual();
		expect(keysOf(test.items)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
		expect(test.stateAfter).toEqual(stored);
		expect(trigger.state()).toEqual(stored);
		expect(keysOf((await trigger.poll()).items)).toEqual(['m8']);
	});

	test('10 polls, 1,000 links arriving at random (many at equal times): every link emitted exactly once, oldest first', async () => {
		const trigger = await poller({}, { cursor });
		await trigger.poll();
		const random = seededRandom(cursor === 'live' ? 3 : 5);
		const sent = [];
		const received = [];
		let ms = 0;
		for (let round = 0; round < 10; round++) {
			const count = Math.min(round === 9 ? 1000 : Math.floor(random() * 200), 1000 - sent.length);
			for (let index = 0; index < count; index++) {
				if (random() < 0.4) ms++;
				const key = `r${sent.length}`;
				links([key], ms);
				sent.push(key);
			}
			const result = await trigger.poll();
			expect(result.error).toBeUndefined();
			const times = result.items.map((item) => item.createdAt);
			expect(times).toEqual([...times].sort());
			received.push(...keysOf(result.items));
		}
		expect(sent).toHaveLength(1000);
		expect(received).toHaveLength(1000);
		expect([...received].sort()).toEqual([...sent].sort());
	});
});

test('Filters: only matching links, with the same mark when the filters change', async () => {
	links(['x-old'], 0, { tags: ['invite'] });
	const trigger = await poller({ shortifyFilters: { tag: 'invite' } });
	await trigger.poll();
	links(['invite-1'], 1000, { tags: ['invite'] });
	links(['other-1'], 1001, { tags: ['promo'] });
	links(['invite-2'], 1002, { tags: ['invite'], title: 'Spring invite' });
	expect(keysOf((await trigger.poll()).items)).toEqual(['invite-1', 'invite-2']);
	const search = await poller({ shortifyFilters: { tag: 'invite', search: 'spring' }, options: { includeHistory: true } });
	expect(keysOf((await search.poll()).items)).toEqual(['invite-2']);
	const query = listRequests().at(-1).url;
	expect(query).toContain('tag=invite');
	expect(query).toContain('search=spring');
	expect(query).toContain('sort=created_at_desc');
});

test('a 401 fails the poll with the provider message and stores nothing', async () => {
	const trigger = await poller({}, { credentials: { shortifyApi: { ...local.credentials.shortifyApi, apiKey: 'sk_wrong' } } });
	const { error } = await trigger.poll();
	expect(error.message).toMatch(/^Shortify returned 401/);
	expect(trigger.state()).toEqual({});
});

test(`a history of 26,000 links: at most ${PAGES_PER_POLL} pages per poll, every link once, oldest first`, async () => {
	// More than PAGES_PER_POLL pages: the first walk stops and the next poll goes on from where it stopped.
	const keys = Array.from({ length: 26_000 }, (_, index) => `h${String(index).padStart(5, '0')}`);
	for (let index = 0; index < keys.length; index += 5000) {
		local.sandbox.addShortifyLinks(keys.slice(index, index + 5000).map((key, offset) => ({ deepLinkAppId: 'app_sandbox', key, createdAt: time(Math.floor((index + offset) / 3)) })));
	}
	const trigger = await poller({ options: { includeHistory: true } }, { budgetMs: null });
	const seen = [];
	let polls = 0;
	let previousMax = '';
	while (seen.length < 26_000 && polls < 80) {
		const since = lastRequestId();
		const { items, error } = await trigger.poll();
		polls++;
		expect(error).toBeUndefined();
		expect(listRequests(since).length).toBeLessThanOrEqual(PAGES_PER_POLL);
		expect(items.length).toBeLessThanOrEqual(LINKS_PER_POLL);
		if (items.length) {
			expect(items[0].createdAt >= previousMax).toBe(true);
			previousMax = items.at(-1).createdAt;
		}
		seen.push(...keysOf(items));
	}
	expect(seen).toHaveLength(26_000);
	expect(new Set(seen).size).toBe(26_000);
	// One walk of the whole history over two polls, then one poll of about 11 pages per 1,000 links.
	expect(polls).toBeLessThanOrEqual(28);
}, 120_000);

test('a poll budget spent after one page: every poll makes progress and no link is skipped or repeated', async () => {
	const keys = Array.from({ length: 450 }, (_, index) => `p${String(index).padStart(3, '0')}`);
	links(keys.slice(0, 150), 0);
	const trigger = await poller({}, { budgetMs: 0 });
	await trigger.poll();
	for (let index = 150; index < keys.length; index++) links([keys[index]], index);
	const seen = [];
	let polls = 0;
	while (seen.length < 300 && polls < 60) {
		const { items, error } = await trigger.poll();
		polls++;
		expect(error).toBeUndefined();
		seen.push(...keysOf(items));
	}
	expect(seen).toEqual(keys.slice(150));
	expect((await trigger.poll()).items).toEqual([]);
});
