'use strict';

// Behaviour the API pages prescribe, and the sandbox's documented assumptions where they are silent.

const { createSandbox, ADJUST_APP_TOKEN, BRANCH_KEY } = require('../server');
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

describe('Adjust short-link read checks app_token', () => {
	let token;
	beforeEach(async () => {
		const created = await api.adjust('POST', '', { link_token: '1c52mluz', redirect: 'https://example.com/r' });
		token = created.body.url.split('/').pop();
	});
	const read = (appToken) => api.adjust('GET', `/short-link?short_token=${token}&app_token=${appToken}`);

	test('the known app token (the page example by default) reads the link', async () => {
		expect(ADJUST_APP_TOKEN).toBe('zgvhg75bw83k');
		const r = await read(ADJUST_APP_TOKEN);
		expect(r.status).toBe(200);
		expect(r.body.token).toBe(token);
	});

	test('a malformed app token → 400 validation_error "app_token is invalid"', async () => {
		for (const bad of ['x', 'ZGVHG75BW83K', 'zgvhg75bw83k0', 'zgvhg-5bw83k']) {
			const r = await read(encodeURIComponent(bad));
			expect(r.status).toBe(400);
			expect(r.body).toEqual({
				error_code: 'validation_error',
				error_desc: 'app_token is invalid',
				error_desc_details: [{ field: 'app_token', message: 'is invalid' }],
			});
		}
	});

	test('a well-formed app token the account does not have → 400 "app_token is unknown"; configurable', async () => {
		const r = await read('abcdefabcdef');
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error_code: 'validation_error',
			error_desc: 'app_token is unknown',
			error_desc_details: [{ field: 'app_token', message: 'is unknown' }],
		});
		expect(r.headers.get('x-shortlink-quota-limit')).toBe('100000');
		sandbox.configure({ adjust: { appTokens: ['abcdefabcdef'] } });
		expect((await read('abcdefabcdef')).status).toBe(200);
		expect((await read(ADJUST_APP_TOKEN)).status).toBe(400);
	});

	test('the app token is checked before the short token is looked up', async () => {
		const r = await api.adjust('GET', '/short-link?short_token=nope1&app_token=abcdefabcdef');
		expect(r.body.error_desc).toBe('app_token is unknown');
		const missing = await api.adjust('GET', `/short-link?short_token=nope1&app_token=${ADJUST_APP_TOKEN}`);
		expect(missing.status).toBe(404);
	});
});

describe('Branch bulk per-link errors', () => {
	test('come as { error: "message" } in position, next to { url }', async () => {
		await api.branch('POST', '/v1/url', { branch_key: BRANCH_KEY, alias: 'taken' });
		const r = await api.branch('POST', `/v1/url/bulk/${BRANCH_KEY}`, [
			{ channel: 'a' },
			{ type: 7 },
			{ alias: 'taken', channel: 'other' },
			{ alias: 'x'.repeat(129) },
			{ channel: 'b' },
		]);
		expect(r.status).toBe(200);
		expect(r.body).toEqual([
			{ url: expect.stringMatching(/^https:\/\/sandbox\.app\.link\//) },
			{ error: 'Invalid type: must be 0 (standard), 1 (one-time use) or 2 (marketing)' },
			{ error: 'Alias "taken" is already taken for this domain' },
			{ error: 'alias must be at most 128 characters (got 129)' },
			{ url: expect.stringMatching(/^https:\/\/sandbox\.app\.link\//) },
		]);
		expect(sandbox.state.providers.branch.perLinkErrors).toBe(3);
	});

	test('request-level errors keep the { error: { message, code } } envelope', async () => {
		const r = await api.branch('POST', `/v1/url/bulk/${BRANCH_KEY}`, { not: 'an array' });
		expect(r.status).toBe(400);
		expect(r.body).toEqual({ error: { message: 'Request body must be a JSON array of link parameters', code: 400 } });
	});
});

describe('Kumulos subscriptions to a channel that does not exist', () => {
	test.each(['POST', 'DELETE'])('%s → 404 naming the channel, unlike the unknown-install 404', async (method) => {
		const r = await api.push(method, '/channels/99/subscriptions', { installIds: ['install-1'] });
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ message: 'Channel 99 not found.' });

		await api.push('POST', '/channels', { uuid: 'c1' });
		const unknownInstall = await api.push(method, '/channels/1/subscriptions', { installIds: ['ghost'] });
		expect(unknownInstall.status).toBe(404);
		expect(unknownInstall.body).toEqual({ message: 'Non-existent install id(s): ghost', missing: { installIds: ['ghost'] } });
		const unknownUser = await api.push(method, '/channels/1/subscriptions', { userIds: ['nobody'] });
		expect(unknownUser.body).toEqual({ message: 'Non-existent user id(s): nobody', missing: { userIds: ['nobody'] } });
	});
});

describe('Shortify idempotent replay signal', () => {
	const body = { deepLinkAppId: 'app_sandbox', key: 'replay-me' };

	test('Idempotent-Replayed: true only on a response served from the idempotency store', async () => {
		const first = await api.shortify('POST', '', body, { 'Idempotency-Key': 'k1' });
		expect(first.status).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		const replay = await api.shortify('POST', '', body, { 'Idempotency-Key': 'k1' });
		expect(replay.status).toBe(201);
		expect(replay.headers.get('idempotent-replayed')).toBe('true');
		expect(replay.body).toEqual(first.body);
		// A new create, a conflict and a mismatch are not replays.
		const other = await api.shortify('POST', '', { ...body, key: 'other' }, { 'Idempotency-Key': 'k2' });
		expect(other.headers.get('idempotent-replayed')).toBeNull();
		const conflict = await api.shortify('POST', '', body);
		expect(conflict.status).toBe(409);
		expect(conflict.headers.get('idempotent-replayed')).toBeNull();
		const mismatch = await api.shortify('POST', '', { ...body, title: 'changed' }, { 'Idempotency-Key': 'k1' });
		expect(mismatch.status).toBe(422);
		expect(mismatch.headers.get('idempotent-replayed')).toBeNull();
		expect(sandbox.state.idempotentReplays).toBe(1);
	});
});

describe('Shortify list items', () => {
	test('carry createdAt and updatedAt as ISO 8601, with the page fields', async () => {
		await api.shortify('POST', '', { deepLinkAppId: 'app_sandbox', key: 'iso' });
		const [item] = (await api.shortify('GET', '')).body.data;
		expect(Object.keys(item)).toEqual(
			expect.arrayContaining(['id', 'title', 'url', 'domain', 'key', 'shortLink', 'linkType', 'deepLinkAppId', 'archived', 'objects', 'tags', 'createdAt', 'updatedAt']),
		);
		expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(new Date(item.createdAt).toISOString()).toBe(item.createdAt);
		expect(item.updatedAt).toBe(item.createdAt);
	});
});

describe('credentials() comes from the provider modules', () => {
	test('one entry per credential type, unchanged', () => {
		expect(Object.keys(sandbox.credentials())).toEqual(['adjustApi', 'branchApi', 'kumulosApi', 'shortifyApi']);
	});
});
