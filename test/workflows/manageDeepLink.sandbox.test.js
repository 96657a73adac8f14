// Manage Deep Link end to end against the local provider sandbox: real HTTP, real engine, no mocks.
const { runNode, sendAuthenticated } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const local = useSandbox({ limits: false });

const manage = async (parameters, items = [{}]) => {
	const result = await runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters }, items, credentials: local.credentials });
	expect(result.error).toBeUndefined();
	return result.items;
};
/** Creates something in the sandbox as a client of the provider would: `base` is the credential's field for the host. */
const post = async (type, base, path, body) => (await sendAuthenticated(type, local.credentials[type], { method: 'POST', url: `${local.credentials[type][base]}${path}`, body })).body;

test('Shortify clean-up: list every link across pages, keep the expired ones, archive them', async () => {
	const now = Date.now();
	for (let i = 0; i < 230; i++) {
		const expiresAt = i % 3 === 0 ? new Date(now - 86400000).toISOString() : i % 3 === 1 ? new Date(now + 86400000).toISOString() : undefined;
		await post('shortifyApi', 'baseUrl', '/v1/deep-links', { deepLinkAppId: 'app_1', key: `k${i}`, ...(expiresAt ? { expiresAt } : {}) });
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
	const { url: link } = await post('branchApi', 'baseUrl', '/v1/url', { channel: 'sms', data: { keep: 1, change: 'old' } });
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
	const gone = await runNode({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters: { provider: 'branch', operation: 'get', branchUrl: link } }, credentials: local.credentials });
	expect(gone.error.message).toBe(`Branch returned 404: Link not found: ${link}`);
});

test('Adjust: update a short link by URL, then read it back with the new redirect, and the quota', async () => {
	const { url: short } = await post('adjustApi', 'baseUrl', '/engage/deep-links', { link_token: 'abc123', redirect: 'https://example.com/old' });
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
