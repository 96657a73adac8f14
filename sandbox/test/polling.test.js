'use strict';

// What polling triggers need: Kumulos opens recorded between polls, Shortify links with chosen createdAt
// and a list whose keyset cursor stays correct while links are inserted between page requests.

const { createSandbox } = require('../server');
const { client } = require('./helpers');

let sandbox;
let base;
const api = client(() => base);

beforeAll(async () => {
	sandbox = createSandbox({ limits: false });
	({ url: base } = await sandbox.start({ port: 0 }));
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe('Kumulos: opens recorded over time', () => {
	let id;
	beforeEach(async () => {
		// Scheduled: generates no opens of its own.
		const n = await api.push('POST', '/notifications', {
			broadcast: true,
			title: 't',
			message: 'm',
			scheduled: true,
			schedule: { sendAt: '2030-01-01 10:00', strategy: 'utc', pastTimes: 'ignore' },
		});
		id = n.body.id;
	});
	const installOpens = async () => (await api.push('GET', `/notifications/${id}/install-opens`)).body;
	const userOpens = async () => (await api.push('GET', `/notifications/${id}/user-opens`)).body;

	test('several opens with the same timestamp, install and user opens, appended between polls', async () => {
		expect(await installOpens()).toEqual([]);
		const at = '2025-06-01 12:00:00';
		const first = await api.admin('POST', '/opens', {
			notificationId: id,
			opens: [
				{ installId: 'install-1', openedAt: at },
				{ installId: 'install-2', openedAt: at },
				{ userId: 'user-1', openedAt: at },
				{ userId: 'user-2', openedAt: at },
			],
		});
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ added: 4 });
		expect(await installOpens()).toEqual([
			{ installId: 'install-1', openedAt: at },
			{ installId: 'install-2', openedAt: at },
		]);
		expect(await userOpens()).toEqual([
			{ userId: 'user-1', openedAt: at },
			{ userId: 'user-2', openedAt: at },
		]);

		// Between two polls: one more open at the same second, one later; ids sharing one openedAt.
		await api.admin('POST', '/opens', { notificationId: id, opens: [{ installId: 'install-3', openedAt: at }, { installId: 'install-4', openedAt: '2025-06-01 12:00:01' }] });
		await api.admin('POST', '/opens', { notificationId: id, installIds: ['install-5', 'install-6'], userIds: ['user-3'], openedAt: '2025-06-01 12:00:02' });
		expect(await installOpens()).toEqual([
			{ installId: 'install-1', openedAt: at },
			{ installId: 'install-2', openedAt: at },
			{ installId: 'install-3', openedAt: at },
			{ installId: 'install-4', openedAt: '2025-06-01 12:00:01' },
			{ installId: 'install-5', openedAt: '2025-06-01 12:00:02' },
			{ installId: 'install-6', openedAt: '2025-06-01 12:00:02' },
		]);
		expect((await userOpens()).map((o) => o.userId)).toEqual(['user-1', 'user-2', 'user-3']);
		expect(sandbox.state.providers.kumulos.push).toMatchObject({ installOpens: 6, userOpens: 3, opens: 9 });
	});

	test('openedAt also as ISO 8601 or epoch ms (stored as "Y-m-d H:i:s" UTC); bad values are refused', async () => {
		sandbox.addOpens({
			notificationId: id,
			opens: [
				{ installId: 'a', openedAt: '2025-06-01T12:00:05Z' },
				{ installId: 'b', openedAt: '2025-06-01T14:00:05+02:00' },
				{ installId: 'c', openedAt: Date.UTC(2025, 5, 1, 12, 0, 5) },
			],
		});
		expect((await installOpens()).map((o) => o.openedAt)).toEqual(['2025-06-01 12:00:05', '2025-06-01 12:00:05', '2025-06-01 12:00:05']);
		for (const opens of [[{ installId: 'x', openedAt: '01/06/2025' }], [{ openedAt: '2025-06-01 12:00:00' }], [{ installId: 'x', userId: 'y' }], 'x']) {
			const r = await api.admin('POST', '/opens', { notificationId: id, opens });
			expect(r.status).toBe(400);
		}
		expect((await installOpens())).toHaveLength(3); // nothing of a refused call is recorded
		expect((await api.admin('POST', '/opens', { notificationId: 404, opens: [] })).status).toBe(404);
	});

	test('the generated opens of a sent notification still come', async () => {
		const n = await api.push('POST', '/notifications', { installIds: ['install-1', 'install-2', 'install-3'], title: 't', message: 'm' });
		const opens = (await api.push('GET', `/notifications/${n.body.id}/install-opens`)).body;
		expect(opens.map((o) => o.installId)).toEqual(['install-1', 'install-3']);
	});
});

describe('Shortify: links with a given createdAt', () => {
	test('POST /_admin/shortify/links stores them with equal timestamps allowed; not counted as API creates', async () => {
		const at = '2025-06-01T12:00:00.000Z';
		const r = await api.admin('POST', '/shortify/links', {
			links: [
				{ deepLinkAppId: 'app_sandbox', key: 'a', createdAt: at },
				{ deepLinkAppId: 'app_sandbox', key: 'b', createdAt: at, clicks: 7 },
				{ appId: 'app_sandbox', title: 'c', createdAt: Date.parse(at) + 1000, archived: true },
			],
		});
		expect(r.status).toBe(200);
		expect(r.body.count).toBe(3);
		expect(r.body.links.map((l) => [l.key, l.createdAt, l.updatedAt])).toEqual([
			['a', at, at],
			['b', at, at],
			[expect.stringMatching(/^[A-Za-z0-9]{7}$/), '2025-06-01T12:00:01.000Z', '2025-06-01T12:00:01.000Z'],
		]);
		expect(r.body.links[0].id < r.body.links[1].id).toBe(true); // same millisecond: ids still increase
		expect(r.body.links[1].clicks).toBe(7);
		const listed = (await api.shortify('GET', '')).body.data;
		expect(listed.map((l) => l.key)).toEqual(['b', 'a']);
		expect(sandbox.state.linksCreated.shortify).toBe(0);
		expect(sandbox.state.linksStored.shortify).toBe(3);
		expect(sandbox.state.providers.shortify.seeded).toBe(3);
		// One link without the { links } wrapper, and the programmatic twin.
		expect((await api.admin('POST', '/shortify/links', { deepLinkAppId: 'app_sandbox', key: 'd' })).body.count).toBe(1);
		expect(sandbox.addShortifyLinks([{ deepLinkAppId: 'app_sandbox', key: 'e', createdAt: at }])).toHaveLength(1);
	});

	test('all or nothing: validation and key clashes are refused', async () => {
		await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: 'taken' });
		const cases = [
			[{ links: [{ deepLinkAppId: 'app_sandbox', key: 'ok1' }, { key: 'no-app' }] }, 400, /links\[1\]\.deepLinkAppId/],
			[{ links: [{ deepLinkAppId: 'app_sandbox', key: 'ok1' }, { deepLinkAppId: 'app_sandbox', key: 'taken' }] }, 409, /taken/],
			[{ links: [{ deepLinkAppId: 'app_sandbox', key: 'dup' }, { deepLinkAppId: 'app_sandbox', key: 'dup' }] }, 409, /dup/],
			[{ links: [{ deepLinkAppId: 'app_sandbox', createdAt: 'yesterday' }] }, 400, /createdAt/],
			[{ links: [{ deepLinkAppId: 'app_sandbox', clicks: -1 }] }, 400, /clicks/],
			[{ links: [{ deepLinkAppId: 'app_sandbox', nope: 1 }] }, 400, /Unknown field/],
		];
		for (const [body, status, message] of cases) {
			const r = await api.admin('POST', '/shortify/links', body);
			expect(r.status).toBe(status);
			expect(r.body.error).toMatch(message);
		}
		expect(sandbox.state.linksStored.shortify).toBe(1);
	});
});

describe('Shortify: keyset paging while links are inserted', () => {
	const T0 = Date.parse('2025-06-01T12:00:00.000Z');
	const iso = (ms) => new Date(ms).toISOString();

	/** 30 links, three per second (equal createdAt within a second), keys s0..s29 in creation order. */
	function seedThirty() {
		sandbox.addShortifyLinks(
			Array.from({ length: 30 }, (_, i) => ({ deepLinkAppId: 'app_sandbox', key: `s${i}`, createdAt: T0 + Math.floor(i / 3) * 1000 })),
		);
	}

	async function pageThrough(query, between) {
		const keys = [];
		const items = [];
		let cursor = null;
		let page = 0;
		do {
			const r = await api.shortify('GET', `?${query}${cursor ? `&cursor=${cursor}` : ''}`);
			expect(r.status).toBe(200);
			items.push(...r.body.data);
			keys.push(...r.body.data.map((l) => l.key));
			cursor = r.body.pagination.nextCursor;
			expect(r.body.pagination.hasMore).toBe(cursor !== null);
			if (between) await between(page++, r.body.data);
		} while (cursor);
		return { keys, items };
	}

	test('created_at_desc (the default): newest first, equal timestamps by id, every link once', async () => {
		seedThirty();
		const { keys, items } = await pageThrough('limit=7');
		expect(keys).toEqual(Array.from({ length: 30 }, (_, i) => `s${29 - i}`));
		for (let i = 1; i < items.length; i++) {
			const [a, b] = [items[i - 1], items[i]];
			expect(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id)).toBe(true);
		}
	});

	test('inserts between pages: newer links stay out of the later pages, older ones come in order, none twice', async () => {
		seedThirty();
		const { keys } = await pageThrough('limit=7', async (page, data) => {
			const last = data[data.length - 1];
			const lastMs = Date.parse(last.createdAt);
			if (page === 0) {
				// Newer than everything: belongs before page 1, so not seen now.
				await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: `new${page}` });
				// Same createdAt as the cursor's link: made later, so a higher id, so before it in this order.
				await api.admin('POST', '/shortify/links', { deepLinkAppId: 'app_sandbox', key: 'same-as-cursor', createdAt: last.createdAt });
				// Older than the cursor: still ahead, so it is listed, in its place.
				await api.admin('POST', '/shortify/links', { deepLinkAppId: 'app_sandbox', key: 'older', createdAt: iso(lastMs - 2500) });
			}
			if (page === 1) {
				await api.admin('POST', '/shortify/links', { deepLinkAppId: 'app_sandbox', key: 'oldest', createdAt: iso(T0 - 60000) });
				// The link the cursor names is archived (out of the default list): the cursor still holds.
				await api.shortify('DELETE', `/${last.id}`);
			}
		});
		const seeded = keys.filter((k) => /^s\d+$/.test(k));
		expect(seeded).toEqual(Array.from({ length: 30 }, (_, i) => `s${29 - i}`));
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys).not.toContain('new0');
		expect(keys).not.toContain('same-as-cursor');
		expect(keys[keys.length - 1]).toBe('oldest');
		// Page 0 ends with s23 (T0 + 7 s), so "older" is at T0 + 4.5 s: after s15 (T0 + 5 s), before s14 (T0 + 4 s).
		expect(keys.indexOf('older')).toBe(keys.indexOf('s15') + 1);
		expect(keys.indexOf('s14')).toBe(keys.indexOf('older') + 1);
		// A fresh first page shows the newest.
		expect((await api.shortify('GET', '?limit=1')).body.data[0].key).toBe('new0');
	});

	test('created_at_asc pages the other way; a cursor from one sort is refused by another', async () => {
		seedThirty();
		const { keys } = await pageThrough('sort=created_at_asc&limit=8', async (page) => {
			if (page === 0) await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: 'newest' });
		});
		expect(keys).toEqual([...Array.from({ length: 30 }, (_, i) => `s${i}`), 'newest']);
		const desc = await api.shortify('GET', '?limit=2');
		const r = await api.shortify('GET', `?sort=created_at_asc&cursor=${desc.body.pagination.nextCursor}`);
		expect(r.status).toBe(422);
		expect(r.body.error.field).toBe('cursor');
	});

	test('the same data gives the same cursor (it names the last item: createdAt and id)', async () => {
		seedThirty();
		const a = (await api.shortify('GET', '?limit=5')).body.pagination.nextCursor;
		const b = (await api.shortify('GET', '?limit=5')).body.pagination.nextCursor;
		expect(a).toBe(b);
		const decoded = JSON.parse(Buffer.from(a, 'base64url').toString('utf8'));
		const fifth = (await api.shortify('GET', '?limit=5')).body.data[4];
		expect(decoded).toEqual({ s: 'created_at_desc', v: Date.parse(fifth.createdAt), i: fifth.id });
	});

	test('filters apply before the page is cut: hasMore only when a further match exists', async () => {
		seedThirty();
		sandbox.addShortifyLinks([{ deepLinkAppId: 'app_sandbox', key: 'tagged', tags: ['t'], createdAt: T0 - 1000 }]);
		const r = await api.shortify('GET', '?tag=t&limit=1');
		expect(r.body.data.map((l) => l.key)).toEqual(['tagged']);
		expect(r.body.pagination).toEqual({ nextCursor: null, hasMore: false });
		const clicks = await api.shortify('GET', '?sort=clicks_desc&limit=30');
		expect(clicks.body.pagination.hasMore).toBe(true);
	});
});
