#!/usr/bin/env node
// `npm run demo`: starts the provider sandbox, runs every workflow in examples/ through the real n8n
// engine with credentials pointing at the sandbox, prints what happened, and stops. No account needed.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-demo-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const { createSandbox } = require('./server');
const { seedDemoData } = require('./demo-data');
const { runWorkflow } = require('../test/helpers/engine');

const EXAMPLES = path.resolve(__dirname, '../examples');
const PACKAGE = 'n8n-nodes-mobile-engagement.';

/** One line per node of ours: how many items, and the first link or id it produced. */
function describeNode(node, items) {
	const failed = items.filter((item) => item.json.error !== undefined || item.json.success === false).length;
	const first = items.find((item) => item.json.url || item.json.id)?.json;
	const sample = first ? ` e.g. ${first.url ?? `id ${first.id}`}` : '';
	return `    ${node.name}: ${items.length} item${items.length === 1 ? '' : 's'}${failed ? `, ${failed} with errors` : ''}${sample}`;
}

async function main() {
	const started = Date.now();
	const sandbox = createSandbox();
	const { url } = await sandbox.start({ port: 0 });
	const credentials = sandbox.credentials();
	await seedDemoData(url, credentials);
	const seeded = sandbox.state.linksCreated.shortify;
	console.log(`Provider sandbox on ${url} (Adjust, Branch, Kumulos, Shortify emulated locally)\n`);

	const files = fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.json')).sort();
	let failures = 0;
	for (const file of files) {
		const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
		const result = await runWorkflow(workflow, { credentials });
		const ours = workflow.nodes.filter((node) => node.type.startsWith(PACKAGE));
		const status = result.error ? `FAILED: ${result.error.message}` : 'ok';
		if (result.error) failures++;
		console.log(`${result.error ? '✗' : '✓'} ${workflow.name} (${file}) ${status}`);
		for (const node of ours) console.log(describeNode(node, result.output(node.name)));
	}

	const state = sandbox.state;
	const providers = ['adjust', 'branch', 'kumulos', 'shortify'];
	console.log('\nWhat the providers received (sandbox admin counts):');
	console.log(`  links created: ${providers.map((p) => `${p} ${state.linksCreated[p] - (p === 'shortify' ? seeded : 0)}`).join(', ')} (plus ${seeded} seeded Shortify links for the clean-up example)`);
	console.log(`  pushes sent: ${state.pushesSent}, channels: ${state.channels}, opens recorded: ${state.opens}`);
	console.log(`  requests: ${state.requests.total}, rate-limited (429): ${state.rateLimited.total}, duplicates: ${providers.reduce((sum, p) => sum + state.duplicates[p], 0)}`);
	await sandbox.stop();
	console.log(`\n${files.length - failures} of ${files.length} example workflows ran in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
	process.exit(failures ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
