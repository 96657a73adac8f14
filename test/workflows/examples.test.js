// Every importable example in examples/ runs through the real engine against the sandbox, as the demo
// runs it; the examples this file knows get their outputs checked exactly.
const fs = require('node:fs');
const path = require('node:path');
const { seedDemoData } = require('../../sandbox/demo-data');
const { runWorkflow } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const EXAMPLES = path.resolve(__dirname, '../../examples');
const load = (file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));

const local = useSandbox();
beforeEach(() => seedDemoData(local.url, local.credentials));

/** Runs an example and checks that every node of ours output items without errors. */
async function runsClean(file, values) {
	const workflow = load(file);
	const { error, output } = await runWorkflow(workflow, { credentials: values });
	expect(error).toBeUndefined();
	for (const node of workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-mobile-engagement.'))) {
		const items = output(node.name);
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(item.json.error).toBeUndefined();
	}
}

// The 1,000-row example gets its own sandbox and time: under load, a timed-out run would keep creating links
// into the next test's counts.
const LARGE = ['bulk-create-from-sheet.json'];

test.each(fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.json') && !LARGE.includes(file)))('%s runs without errors and every node of ours outputs items', (file) => runsClean(file, local.credentials));

describe.each(LARGE)('%s', (file) => {
	const own = useSandbox({ reset: false });
	beforeAll(() => seedDemoData(own.url, own.credentials));
	test('runs without errors and every node of ours outputs items', () => runsClean(file, own.credentials), 180_000);
});

test('webhook example: one Branch link per incoming record, alias and data from the record', async () => {
	const { output } = await runWorkflow(load('webhook-deep-link-per-record.json'), { credentials: local.credentials });
	expect(output('Create Product Link')).toEqual([
		{ json: { provider: 'branch', url: 'https://sandbox.app.link/product-sku-1042', response: { url: 'https://sandbox.app.link/product-sku-1042' } }, pairedItem: { item: 0 } },
	]);
	const [link] = local.sandbox.links('branch');
	expect(link.alias).toBe('product-sku-1042');
	expect(link.data).toMatchObject({ $canonical_identifier: 'product/sku-1042', $og_title: 'Trail Runner 2', $desktop_url: 'https://shop.example.com/p/sku-1042', product_id: 'sku-1042' });
	expect(link.tags).toEqual(['shoes']);
});

test('scheduled example: a dated Shortify link with a dated idempotency key', async () => {
	const day = new Date().toISOString().slice(0, 10);
	const { output } = await runWorkflow(load('scheduled-daily-campaign-link.json'), { credentials: local.credentials, timezone: 'UTC' });
	const [item] = output('Create Daily Deal Link');
	expect(item.json).toMatchObject({ provider: 'shortify', url: `https://go.sandbox.test/daily-${day}`, key: `daily-${day}`, idempotencyKey: `daily-deal-${day}` });
	expect(item.json.response.data).toMatchObject({ key: `daily-${day}`, url: `https://shop.example.com/deals/${day}`, tags: ['deals', 'daily'] });
	expect(local.sandbox.state.linksCreated.shortify).toBe(1 + 9);
});

test('every-provider example: one link per provider, each with its identifiers', async () => {
	const { output } = await runWorkflow(load('create-deep-link-every-provider.json'), { credentials: local.credentials });
	expect(output('Adjust Link')[0].json).toMatchObject({ provider: 'adjust', shortened: true, quota: { contractStatus: 'active', shortLinksAvailable: true } });
	expect(output('Adjust Link')[0].json.url).toMatch(/^https:\/\/sandbox\.go\.link\/\w+$/);
	expect(output('Branch Link')[0].json.url).toMatch(/^https:\/\/sandbox\.app\.link\/\w+$/);
	expect(output('Kumulos Link')[0].json).toMatchObject({ provider: 'kumulos', id: 1 });
	expect(output('Shortify Link')[0].json.id).toMatch(/^link_/);
	expect(local.sandbox.state.linksCreated).toEqual({ adjust: 1, branch: 1, kumulos: 1, shortify: 1 + 9 });
});

test.each(['deep-link-push-opens.json', 'kumulos-channel-subscribe.json', 'branch-bulk-create.json', 'sheet-bulk-create-write-back.json'])('%s runs again against the same provider without a clash', async (file) => {
	await runsClean(file, local.credentials);
	await runsClean(file, local.credentials);
});

test('webhook → Send Push: the push is built from the webhook body', async () => {
	const { output } = await runWorkflow(load('webhook-send-push.json'), { credentials: local.credentials });
	expect(output('Send Shipping Push')[0].json).toMatchObject({ provider: 'kumulos', title: 'Order A-1042 is on its way', message: 'Arriving Thursday. Tap to track it.' });
	const [request] = local.sandbox.requests({ provider: 'kumulos' }).filter((entry) => entry.route === '/kumulos-push/notifications');
	expect(request.body).toEqual({
		userIds: ['member-1'],
		title: 'Order A-1042 is on its way',
		message: 'Arriving Thursday. Tap to track it.',
		url: 'https://shop.example.com/track/A-1042',
		data: { orderId: 'A-1042' },
		collapseId: 'order-A-1042',
	});
});

test('Branch bulk: 200 links from the feed in one bulk request, each row mapped automatically', async () => {
	const { output } = await runWorkflow(load('branch-bulk-create.json'), { credentials: local.credentials });
	const items = output('Bulk Create Branch Links');
	expect(items).toHaveLength(200);
	expect(items.every((item) => item.json.success === true)).toBe(true);
	expect(items[0].json).toEqual({ success: true, provider: 'branch', url: 'https://sandbox.app.link/catalog-1' });
	expect(local.sandbox.requests({ provider: 'branch' }).filter((entry) => entry.route.startsWith('/branch/v1/url/bulk'))).toHaveLength(1);
});

test('sheet → Bulk Create → write back: every row gets its link next to its row number', async () => {
	const { output } = await runWorkflow(load('sheet-bulk-create-write-back.json'), { credentials: local.credentials });
	const rows = output('Write Links to Sheet');
	expect(rows).toHaveLength(50);
	expect(rows[0].json).toEqual({ row_number: 2, sku: 'SKU-0001', short_link: 'https://go.sandbox.test/launch-1', status: 'created' });
});
