// Manage Deep Link end to end against the local provider sandbox: real HTTP, real engine, no mocks.
const nock = require('nock');
const { createSandbox } = require('../../sandbox/server');
const { runNode } = require('../helpers/engine');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

let sandbox;
let creds;
let url;
beforeAll(async () => {
	nock.restore();
	sandbox = createSandbox({ limits: false });
	({ url } = await sandbox.start({ port: 0 }));
	creds = sandbox.credentials();
});
afterAll(async () => {
	await sandbox.stop();
	nock.activate();
});
beforeEach(() => {
	sandbox.reset();
	resetThrottles();
});

const manage = async (parameters, items = [{}]) => {
	const result = await runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters }, items, credentials: creds });
	expect(result.error).toBeUndefined();
	return result.items;
};
const post = async (path, body, headers) => {
	const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return await response.json();
};

test('Shortify clean-up: list every link across pages, keep the expired ones, archive them', async () => {
	const now = Date.now();
	for (let i = 0; i < 230; i++) {
		const expiresAt = i % 3 === 0 ? new Date(now - 86400000).toISOString() : i % 3 === 1 ? new Date(now + 86400000).toISOString() : undefined;
		await post('/shortify/v1/deep-links', { deepLinkAppId: 'app_1', key: `k${i}`, ...(expiresAt ? { expiresAt } : {}) }, { 'api-key': creds.shortifyApi.apiKey });
	}
	const all = await manage({ provider: 'shortify', operation: 'list', returnAll: true });
	expect(all).toHaveLength(230);
	expect(new Set(all.map((item) => item.json.id)).size).toBe(230);
	const limited = await manage({ provider: 'shortify', operation: 'list', limit: 150, shortifyFilters: { sort: 'created_at_asc' } });
	expect(limited.map((item) => item.json.key)).toEqual(Array.from({ length: 150 }, (_, i) => `k${i}`));

	// The example workflow's own steps: its List parameters, its Code node's script, its Archive parameters.
	const example = require('../../examples/shortify-archive-expired-links.json');
	const step = (name) => example.nodes.find((node) => node.name === name).parameters;
	const listed = await manage(step('List active links'));
	expect(listed).toHaveLength(230);
	const expired = new Function('$input', step('Keep expired links').jsCode)({ all: () => listed }).map((item) => item.json);
	expect(expired).toHaveLength(77);
	expect(expired.every((link) => Date.parse(link.expiresAt) < now)).toBe(true);
	const archived = await manage(step('Archive link'), expired);
	expect(archived.every((item) => item.json.archived === true)).toBe(true);
	expect(archived.map((item) => item.pairedItem.item)).toEqual(expired.map((_, index) => index));

	const left = await manage({ provider: 'shortify', operation: 'list', returnAll: true });
	expect(left).toHaveLength(153);
	const gone = await manage({ provider: 'shortify', operation: 'list', returnAll: true, shortifyFilters: { archived: true } });
	expect(gone).toHaveLength(77);

	// Get and Update by short link URL, resolved through search.
	const [got] = await manage({ provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'url', value: 'https://go.sandbox.test/k1' } });
	expect(got.json.key).toBe('k1');
	const [updated] = await manage({ provider: 'shortify', operation: 'update', shortifyLink: { __rl: true, mode: 'url', value: 'https://go.sandbox.test/k1' }, shortifyUpdateFields: { title: 'Renamed', tags: 'x' } });
	expect(updated.json).toMatchObject({ id: got.json.id, title: 'Renamed', tags: ['x'] });
});

test('Branch: Merge keeps untouched data keys, Replace drops them, Delete removes the link', async () => {
	const { url: link } = await post('/branch/v1/url', { branch_key: creds.branchApi.branchKey, channel: 'sms', data: { keep: 1, change: 'old' } });
	await manage({ provider: 'branch', operation: 'update', branchUrl: link, branchUpdateData: '{"change": "new"}' });
	let [read] = await manage({ provider: 'branch', operation: 'get', branchUrl: link });
	expect(read.json.channel).toBe('sms');
	expect(read.json.data).toMatchObject({ keep: 1, change: 'new' });

	await manage({ provider: 'branch', operation: 'update', branchUrl: link, branchUpdateMode: 'replace', branchUpdateData: '{"only": true}' });
	[read] = await manage({ provider: 'branch', operation: 'get', branchUrl: link });
	expect(read.json.data.keep).toBeUndefined();
	expect(read.json.data.only).toBe(true);

	const [deleted] = await manage({ provider: 'branch', operation: 'delete', branchUrl: link });
	expect(deleted.json).toEqual({ provider: 'branch', url: link, deleted: true });
	const gone = await runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters: { provider: 'branch', operation: 'get', branchUrl: link } }, credentials: creds });
	expect(gone.error.message).toBe(`Branch returned 404: Link not found: ${link}`);
});

test('Adjust: update a short link by URL, then read it back with the new redirect, and the quota', async () => {
	const auth = { authorization: `Bearer ${creds.adjustApi.apiToken}` };
	const { url: short } = await post('/adjust/engage/deep-links', { link_token: 'abc123', redirect: 'https://example.com/old' }, auth);
	const [updated] = await manage({ provider: 'adjust', operation: 'update', adjustShortLink: short, adjustLinkId: 'abc123', adjustFields: { redirect: 'https://example.com/new' } });
	const token = new URL(short).pathname.slice(1);
	expect(updated.json).toMatchObject({ provider: 'adjust', short_token: token, updated: true, statusCode: 204 });
	const [meta] = await manage({ provider: 'adjust', operation: 'getShortLink', adjustShortLink: token, adjustApp: 'zgvhg75bw83k' });
	expect(meta.json.token).toBe(token);
	expect(decodeURIComponent(meta.json.url)).toContain('https://example.com/new');
	const [quota] = await manage({ provider: 'adjust', operation: 'getQuota' });
	expect(quota.json).toMatchObject({ provider: 'adjust', shortLinksAvailable: true, quota: { shortLinksAvailable: true } });
	expect(typeof quota.json.remaining).toBe('number');
});
