#!/usr/bin/env node
// `npm run test:n8n`: checks the packed package inside a real n8n. It installs n8n once into a cached
// folder (Node 24), installs the `npm pack` tarball the way n8n's community install does, imports
// sandbox credentials and every example workflow, runs each with `n8n execute`, and asserts the results.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { createSandbox } = require('./server');

const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.40.7';
const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.N8N_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-mobile-engagement', `n8n-${N8N_VERSION}`);
const PACKAGE = 'n8n-nodes-mobile-engagement';
const node24 = (args, options = {}) => ['npx', ['-y', '-p', 'node@24', ...args], options];

const log = (message) => console.log(`[test:n8n ${(process.uptime()).toFixed(0)}s] ${message}`);
function run(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
	if (result.status !== 0 && !options.allowFailure) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/** n8n needs Node 24 and a dependency override; it is installed once and kept in CACHE. */
function ensureN8n() {
	const bin = path.join(CACHE, 'node_modules', 'n8n', 'bin', 'n8n');
	if (fs.existsSync(path.join(CACHE, '.installed'))) return bin;
	log(`installing n8n ${N8N_VERSION} into ${CACHE} (first run only: several minutes)`);
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'n8n-e2e-host', private: true, dependencies: { n8n: N8N_VERSION }, overrides: { xlsx: '0.18.5' } }, null, 2));
	// Install scripts stay off (a Kafka client's native build fails); the two native modules n8n needs are rebuilt.
	run(...node24(['-c', 'npm install --ignore-scripts --no-audit --no-fund'], { cwd: CACHE, stdio: 'inherit' }));
	run(...node24(['-c', 'npm rebuild sqlite3 isolated-vm'], { cwd: CACHE, stdio: 'inherit' }));
	fs.writeFileSync(path.join(CACHE, '.installed'), new Date().toISOString());
	return bin;
}

/** `npm pack`, unpacked into <user folder>/.n8n/nodes/node_modules/<name>, with no node_modules of its own. */
function installPackage(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
	const { stdout } = run('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: ROOT });
	const tarball = path.join(packDir, stdout.trim().split('\n').pop());
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	fs.writeFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: require(path.join(ROOT, 'package.json')).version } }, null, 2));
	return tarball;
}

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

const credentialNames = { adjustApi: ['sandbox-adjust', 'Adjust (sandbox)'], branchApi: ['sandbox-branch', 'Branch (sandbox)'], kumulosApi: ['sandbox-kumulos', 'Kumulos (sandbox)'], shortifyApi: ['sandbox-shortify', 'Shortify (sandbox)'] };

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
	const credentialsFile = path.join(userFolder, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(Object.entries(credentialNames).map(([type, [id, name]]) => ({ id, name, type, data: values[type] })), null, 2));

	const env = {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'test-n8n-fixed-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
	};
	const cli = (args, options = {}) => run(...node24(['node', n8n, ...args], { env, cwd: userFolder, ...options }));
	cli(['import:credentials', `--input=${credentialsFile}`]);
	log(`sandbox on ${url}; credentials imported`);

	const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json')).sort();
	const failures = [];
	for (const [index, file] of files.entries()) {
		sandbox.reset();
		const id = `mobEngExample${String(index).padStart(3, '0')}`;
		const workflow = forCli(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')), id);
		const workflowFile = path.join(userFolder, `${id}.json`);
		fs.writeFileSync(workflowFile, JSON.stringify(workflow));
		cli(['import:workflow', `--input=${workflowFile}`]);
		const started = Date.now();
		const result = cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true });
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		try {
			assert.equal(result.status, 0, `n8n execute exited ${result.status}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
			const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
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
