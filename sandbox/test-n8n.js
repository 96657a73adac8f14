#!/usr/bin/env node
// `npm run test:n8n`: checks the packed package inside a real n8n. It installs n8n once into a cached
// folder (Node 24), installs the `npm pack` tarball the way n8n's community install does, imports
// sandbox credentials and every example workflow, runs each with `n8n execute`, and asserts the results.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { createSandbox } = require('./server');
const { seedDemoData } = require('./demo-data');
const { CACHE, ROOT, PACKAGE, node24, run, runAsync, ensureN8n, installPackage, writeCredentials, n8nEnv, setLogger } = require('./n8n-host');

const log = (message) => console.log(`[test:n8n ${(process.uptime()).toFixed(0)}s] ${message}`);
setLogger(log);

/**
 * `n8n execute` starts only from a Manual Trigger. Other triggers become a Manual Trigger followed by a
 * Code node with the trigger's name that emits the trigger's pinned data, so expressions still resolve.
 */
function forCli(workflow, id) {
	const nodes = [];
	const connections = { ...workflow.connections };
	for (const node of workflow.nodes) {
		if (!/\.(webhook|scheduleTrigger)$/.test(node.type)) {
			nodes.push(node);
			continue;
		}
		const start = `${node.name} (manual start)`;
		const pinned = (workflow.pinData?.[node.name] ?? [{ json: {} }]).map((item) => item.json);
		nodes.push({ id: `${node.id}-manual`, name: start, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [node.position[0] - 220, node.position[1]], parameters: {} });
		nodes.push({ id: node.id, name: node.name, type: 'n8n-nodes-base.code', typeVersion: 2, position: node.position, parameters: { jsCode: `return ${JSON.stringify(pinned)}.map((json) => ({ json }));` } });
		connections[start] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	}
	return { ...workflow, id, nodes, connections, pinData: {}, active: false };
}

async function main() {
	const n8n = ensureN8n();
	const n8nVersion = require(path.join(CACHE, 'node_modules', 'n8n', 'package.json')).version;
	log(`n8n ${n8nVersion} on ${run(...node24(['node', '--version'])).stdout.trim()}`);
	run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const tarball = installPackage(userFolder);
	log(`installed ${path.basename(tarball)} into ${userFolder}/.n8n/nodes`);

	const sandbox = createSandbox();
	const { url } = await sandbox.start({ port: 0 });
	const values = sandbox.credentials();
	const credentialsFile = writeCredentials(userFolder, values);

	const env = n8nEnv(userFolder);
	const cli = (args, options = {}) => runAsync(...node24(['node', n8n, ...args], { env, cwd: userFolder, ...options }));
	await cli(['import:credentials', `--input=${credentialsFile}`]);
	log(`sandbox on ${url}; credentials imported`);

	const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json')).sort();
	const failures = [];
	for (const [index, file] of files.entries()) {
		sandbox.reset();
		await seedDemoData(url, values);
		const id = `mobEngExample${String(index).padStart(3, '0')}`;
		const workflow = forCli(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')), id);
		const workflowFile = path.join(userFolder, `${id}.json`);
		fs.writeFileSync(workflowFile, JSON.stringify(workflow));
		await cli(['import:workflow', `--input=${workflowFile}`]);
		const started = Date.now();
		const result = await cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true });
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		try {
			assert.equal(result.status, 0, `n8n execute exited ${result.status}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
			// The JSON follows n8n's log lines; it is the block that starts with a line holding only '{'.
			const json = JSON.parse(result.stdout.slice(result.stdout.search(/^\{$/m)));
			const runData = json.data.resultData.runData;
			for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`))) {
				const items = runData[node.name]?.[0]?.data?.main?.[0] ?? [];
				assert.ok(items.length > 0, `${node.name} output no items`);
				for (const item of items) assert.equal(item.json.error, undefined, `${node.name}: ${item.json.error}`);
			}
			assert.ok(sandbox.state.requests.total > 0, 'the sandbox received no request');
			if (file === 'webhook-deep-link-per-record.json') {
				assert.equal(runData['Create Product Link'][0].data.main[0][0].json.url, 'https://sandbox.app.link/product-sku-1042');
			}
			log(`✓ ${file} (${seconds} s, ${sandbox.state.requests.total} provider requests)`);
		} catch (error) {
			failures.push(file);
			log(`✗ ${file} (${seconds} s): ${error.message}`);
		}
	}
	await sandbox.stop();
	log(`${files.length - failures.length} passed, ${failures.length} failed`);
	process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
