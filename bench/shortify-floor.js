'use strict';
// Shortify has no bulk endpoint, so Bulk Create sends one request per link, as an HTTP Request node does. This
// measures how much of Bulk Create's time n8n's own request helper takes: a bench-only node that does nothing but
// call httpRequestWithAuthentication for each item (10 at a time, like Bulk Create's default Concurrency), against
// Bulk Create on the same items, alternately in one process (n8n-core's engine, `legacy` expressions; the
// sandbox in its own process).
//
//   npm run build && node bench/shortify-floor.js [--links 2000] [--runs 3]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('./sandbox-child');

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL = 'silent';

const { runNode, testNodes } = require('../test/helpers/engine');
const { credentials: sandboxCredentials } = require('../sandbox/server');
const { resetThrottles } = require('../dist/nodes/shared/transport');

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const LINKS = arg('links', 2000);
const RUNS = arg('runs', 3);
const CONCURRENCY = 10;

testNodes['bench.helperOnly'] = {
	description: {
		displayName: 'n8n Request Helper Only',
		name: 'bench.helperOnly',
		group: ['transform'],
		version: 1,
		description: 'One httpRequestWithAuthentication per item, nothing else',
		defaults: { name: 'Helper Only' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'shortifyApi', required: true }],
		properties: [],
	},
	async execute() {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials('shortifyApi');
		const out = new Array(items.length);
		let next = 0;
		const worker = async () => {
			for (let index = next++; index < items.length; index = next++) {
				const response = await this.helpers.httpRequestWithAuthentication.call(this, 'shortifyApi', {
					method: 'POST',
					url: `${baseUrl}/v1/deep-links`,
					body: items[index].json,
					headers: { 'Idempotency-Key': `floor-${items[index].json.title}` },
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
				});
				out[index] = { json: { statusCode: response.statusCode }, pairedItem: { item: index } };
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		return [out];
	},
};

const rows = (n, offset) =>
	Array.from({ length: n }, (_, i) => ({ deepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS', title: `row-${offset + i}`, url: `https://example.com/p/${offset + i}` }));

async function main() {
	const sandbox = startSandbox();
	const { url } = await sandbox.call('start');
	const credentials = sandboxCredentials(url);
	const timed = async (node, items, ok) => {
		resetThrottles();
		await sandbox.call('reset');
		const started = performance.now();
		const result = await runNode({ node, items, credentials });
		const ms = performance.now() - started;
		const created = (await sandbox.call('state')).linksStored.shortify;
		if (created !== items.length || !result.items.every(ok)) throw new Error(`${node.name}: ${created} of ${items.length} created`);
		return ms;
	};
	const bulk = (offset) => timed({ type: 'bulkCreateDeepLinks', typeVersion: 2, name: 'Bulk Create', parameters: { provider: 'shortify', mappingMode: 'autoMapInputData' } }, rows(LINKS, offset), (item) => item.json.success === true);
	const floor = (offset) => timed({ type: 'bench.helperOnly', name: 'Helper Only', parameters: {} }, rows(LINKS, offset), (item) => item.json.statusCode === 201);

	await bulk(9_000_000);
	await floor(8_000_000);
	const pairs = [];
	for (let run = 0; run < RUNS; run++) pairs.push({ bulkMs: await bulk(run * 2 * LINKS), helperMs: await floor((run * 2 + 1) * LINKS) });
	await sandbox.call('stop');
	const median = (values) => values.sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
	const bulkMs = median(pairs.map((pair) => pair.bulkMs));
	const helperMs = median(pairs.map((pair) => pair.helperMs));
	console.log(`Shortify, ${LINKS} links, ${RUNS} alternating runs (n8n-core's engine, legacy expressions):`);
	for (const pair of pairs) console.log(`  Bulk Create ${Math.round(pair.bulkMs)} ms, n8n's request helper alone ${Math.round(pair.helperMs)} ms`);
	console.log(`  median: Bulk Create ${Math.round(bulkMs)} ms, helper alone ${Math.round(helperMs)} ms: the helper is ${Math.round((helperMs / bulkMs) * 100)} % of Bulk Create's time`);
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
