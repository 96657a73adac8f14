#!/usr/bin/env node
// `npm run test:n8n`: checks the packed package inside real n8n installs, one version after the other.
// For each version it installs n8n once into a cached folder (on the Node major that version needs),
// installs the `npm pack` tarball the way n8n's community install does, imports the sandbox credentials
// and every example workflow, runs each with `n8n execute`, and asserts the results.
//
// N8N_E2E_VERSIONS=2.8.4,2.40.7 (the default) picks the versions; N8N_E2E_VERSION=x.y.z alone runs one.
// n8n 2.8.x runs on Node 20 (the last that does), 2.9 and later on Node 24 (`npx -p node@24` unless the
// machine's node is 24). N8N_E2E_CACHE_ROOT moves the cache (~/.cache/n8n-nodes-mobile-engagement).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { createSandbox } = require('./server');
const { seedDemoData } = require('./demo-data');
const { ROOT, PACKAGE, n8nHost, run, runAsync, packPackage, installPackage, writeCredentials, n8nEnv, setLogger, forCli } = require('./n8n-host');

const VERSIONS = (process.env.N8N_E2E_VERSIONS ?? process.env.N8N_E2E_VERSION ?? '2.8.4,2.40.7')
	.split(',')
	.map((version) => version.trim())
	.filter(Boolean);

const log = (message) => console.log(`[test:n8n ${process.uptime().toFixed(0)}s] ${message}`);
setLogger(log);
const since = (started) => ((Date.now() - started) / 1000).toFixed(1);


/** Checks one `n8n execute --rawOutput` result; throws an AssertionError with the reason. */
function check(file, workflow, result, providerRequests) {
	assert.equal(result.status, 0, `n8n execute exited ${result.status ?? result.signal}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	// The JSON follows n8n's log lines; it is the block that starts with a line holding only '{'.
	const start = result.stdout.search(/^\{$/m);
	assert.ok(start >= 0, `no JSON in the output:\n${result.stdout.slice(-3000)}`);
	const json = JSON.parse(result.stdout.slice(start));
	const runData = json.data.resultData.runData;
	for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`))) {
		const items = runData[node.name]?.[0]?.data?.main?.[0] ?? [];
		assert.ok(items.length > 0, `${node.name} output no items`);
		for (const item of items) assert.equal(item.json.error, undefined, `${node.name}: ${item.json.error}`);
	}
	assert.ok(providerRequests > 0, 'the sandbox received no request from the workflow');
	if (file === 'webhook-deep-link-per-record.json') {
		assert.equal(runData['Create Product Link'][0].data.main[0][0].json.url, 'https://sandbox.app.link/product-sku-1042');
	}
}

/** Every example against one n8n version. Returns { version, node, results: [{ file, ok, seconds, message }] }. */
async function runVersion(host, tarball, sandbox, values, url, files) {
	const started = Date.now();
	const node = run(...host.withNode(['node', '--version'])).stdout.trim();
	const n8nVersion = require(path.join(host.cache, 'node_modules', 'n8n', 'package.json')).version;
	assert.equal(n8nVersion, host.version, `${host.cache} holds n8n ${n8nVersion}, not ${host.version}`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${host.version}-`));
	installPackage(userFolder, tarball);
	log(`n8n ${n8nVersion} on Node ${node}: ${path.basename(tarball)} installed into ${userFolder}/.n8n/nodes`);

	const env = n8nEnv(userFolder);
	const cli = (args, options = {}) => runAsync(...host.cli(args, { env, cwd: userFolder, ...options }));
	const summary = { version: host.version, node, results: [] };
	try {
		await cli(['import:credentials', `--input=${writeCredentials(userFolder, values)}`]);
		// One import for every example: each n8n CLI call boots n8n, which takes seconds.
		const workflowDir = path.join(userFolder, 'workflows');
		fs.mkdirSync(workflowDir);
		const workflows = files.map((file, index) => {
			const workflow = forCli(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')), `mobEngExample${String(index).padStart(3, '0')}`);
			fs.writeFileSync(path.join(workflowDir, `${workflow.id}.json`), JSON.stringify(workflow));
			return workflow;
		});
		await cli(['import:workflow', '--separate', `--input=${workflowDir}`]);
		log(`n8n ${host.version}: credentials and ${files.length} workflows imported (${since(started)} s so far)`);

		for (const [index, file] of files.entries()) {
			sandbox.reset();
			await seedDemoData(url, values);
			const seeded = sandbox.state.requests.total;
			const workflow = workflows[index];
			const executeStarted = Date.now();
			const result = await cli(['execute', `--id=${workflow.id}`, '--rawOutput'], { allowFailure: true });
			const seconds = since(executeStarted);
			const providerRequests = sandbox.state.requests.total - seeded;
			try {
				check(file, workflow, result, providerRequests);
				summary.results.push({ file, ok: true, seconds });
				log(`✓ n8n ${host.version}: ${file} (${seconds} s, ${providerRequests} provider requests)`);
			} catch (error) {
				summary.results.push({ file, ok: false, seconds, message: error.message });
				log(`✗ n8n ${host.version}: ${file} (${seconds} s): ${error.message}`);
			}
		}
	} catch (error) {
		// Setting up this version failed (an import, say): every example that did not run counts as failed.
		log(`✗ n8n ${host.version}: ${error.message}`);
		for (const file of files.slice(summary.results.length)) summary.results.push({ file, ok: false, seconds: '-', message: 'not run: the setup failed' });
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	summary.seconds = since(started);
	return summary;
}

/** test/n8n/triggers.js for one version, its output prefixed; resolves { version, ok, code, seconds }. */
function runTriggers(host) {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'test', 'n8n', 'triggers.js')], {
			cwd: ROOT,
			env: { ...process.env, N8N_E2E_VERSION: host.version, TRIGGER_E2E_BUILT: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const prefix = (stream) => stream.on('data', (chunk) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${host.version}] `)));
		prefix(child.stdout);
		prefix(child.stderr);
		child.on('close', (code) => resolve({ version: host.version, ok: code === 0, code, seconds: since(started) }));
	});
}

async function main() {
	const hosts = VERSIONS.map((version) => n8nHost(version));
	log(`n8n versions: ${hosts.map((host) => `${host.version} (Node ${host.node})`).join(', ')}`);
	// Installs come first, one at a time: each is heavy (minutes, 2–3 GB) and later runs skip them.
	for (const host of hosts) {
		const started = Date.now();
		host.ensure();
		log(`n8n ${host.version} ready in ${host.cache} (${since(started)} s)`);
	}
	run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	const tarball = packPackage();

	const sandbox = createSandbox();
	const { url } = await sandbox.start({ port: 0 });
	const values = sandbox.credentials();
	log(`sandbox on ${url}`);
	const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json')).sort();

	const summaries = [];
	try {
		for (const host of hosts) summaries.push(await runVersion(host, tarball, sandbox, values, url, files));
	} finally {
		await sandbox.stop();
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}

	// The triggers, published and polled by `n8n start` (test/n8n/triggers.js): each version at once, since
	// n8n polls at most once a minute and the runs mostly wait.
	const triggers = process.env.N8N_E2E_TRIGGERS === '0' ? [] : await Promise.all(hosts.map((host) => runTriggers(host)));

	console.log('\nn8n end-to-end results (the packed package, installed as a community package):');
	for (const { version, node, results, seconds } of summaries) {
		const failed = results.filter((result) => !result.ok);
		console.log(`  n8n ${version} on Node ${node}: ${results.length - failed.length} passed, ${failed.length} failed (${seconds} s)`);
		for (const result of failed) console.log(`    ✗ ${result.file}: ${result.message.split('\n')[0]}`);
		const trigger = triggers.find((t) => t.version === version);
		if (trigger) console.log(`  n8n ${version}: both triggers published and polled by n8n start: ${trigger.ok ? 'passed' : `FAILED (exit ${trigger.code})`} (${trigger.seconds} s)`);
	}
	for (const trigger of triggers) summaries.push({ results: [{ file: `triggers on n8n ${trigger.version}`, ok: trigger.ok, message: `exit ${trigger.code}` }] });
	const all = summaries.flatMap((summary) => summary.results);
	const failed = all.filter((result) => !result.ok).length;
	console.log(`${all.length - failed} passed, ${failed} failed`);
	process.exit(failed || all.length === 0 ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
