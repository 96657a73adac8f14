#!/usr/bin/env node
// `npm run dev`: the n8n editor on http://localhost:5678 with this package loaded, the provider sandbox
// running, its credentials imported and every example workflow ready to open. No provider account needed.
// Ctrl+C (or SIGTERM) stops n8n and the sandbox. Run it again after a change: it rebuilds and reinstalls the package.
// N8N_PORT and SANDBOX_PORT choose the ports (5678 and 5679).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { createSandbox } = require('./server');
const { seedDemoData } = require('./demo-data');
const { ROOT, node24, run, runAsync, ensureN8n, installPackage, writeCredentials, n8nEnv } = require('./n8n-host');

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
// A fixed sandbox port keeps the imported credentials valid from one run to the next.
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 5679);
// Outside the repository: n8n writes thousands of files there, which the linter would read.
const USER_FOLDER = process.env.N8N_DEV_FOLDER ?? path.join(os.homedir(), '.cache', 'n8n-nodes-mobile-engagement', 'dev-user-folder');

/** Every example, written into one folder so that n8n imports them in one call. */
function writeExamples() {
	const folder = path.join(USER_FOLDER, 'examples');
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	const files = [
		...fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json')),
		...fs.readdirSync(path.join(ROOT, 'examples', 'ai-agent')).map((file) => path.join('ai-agent', file)),
	].sort();
	files.forEach((file, index) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const id = `mobEngExample${String(index).padStart(3, '0')}`;
		fs.writeFileSync(path.join(folder, `${id}.json`), JSON.stringify({ ...workflow, id, active: false }));
	});
	return { folder, count: files.length };
}

/**
 * n8n's output, minus the stack traces it prints when it cannot reach api.n8n.io or the npm registry
 * (templates, node details, version checks): offline those fail harmlessly, so one line says so once.
 */
function filterOffline(stream, write) {
	const lines = readline.createInterface({ input: stream });
	let skipping = false;
	let told = false;
	lines.on('line', (line) => {
		const offline = /api\.n8n\.io|registry\.npmjs\.org|ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(line);
		if (offline) {
			skipping = true;
			if (!told) write('(offline: n8n cannot reach api.n8n.io or the npm registry for templates and node details; this is harmless)\n');
			told = true;
			return;
		}
		if (skipping && /^\s+(at |\{|\}|code:|errno:|syscall:|hostname:|\[)/.test(line)) return;
		skipping = false;
		write(`${line}\n`);
	});
}

async function main() {
	const n8n = ensureN8n();
	run('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	fs.rmSync(path.join(USER_FOLDER, '.n8n', 'nodes'), { recursive: true, force: true });
	installPackage(USER_FOLDER);

	const sandbox = createSandbox();
	const { url } = await sandbox.start({ port: SANDBOX_PORT });
	const values = sandbox.credentials();
	await seedDemoData(url, values);

	const env = n8nEnv(USER_FOLDER, { N8N_PORT: String(N8N_PORT), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false' });
	const cli = (args) => runAsync(...node24(['node', n8n, ...args], { env, cwd: USER_FOLDER }));
	await cli(['import:credentials', `--input=${writeCredentials(USER_FOLDER, values)}`]);
	const examples = writeExamples();
	await cli(['import:workflow', '--separate', `--input=${examples.folder}`]);

	console.log(`\nProvider sandbox: ${url} (credentials "Adjust (sandbox)", "Branch (sandbox)", "Kumulos (sandbox)", "Shortify (sandbox)" imported)`);
	console.log(`${examples.count} example workflows imported. Starting n8n on http://localhost:${N8N_PORT} …`);
	console.log('On the first visit, n8n asks you to create a local owner account. Ctrl+C stops everything.\n');
	// n8n itself as the child, not an npx wrapper: a stop must reach it, and the port is free only once it exits.
	const node = run(...node24(['node', '-e', 'process.stdout.write(process.execPath)'])).stdout.trim();
	const child = spawn(node, [n8n, 'start'], { env, cwd: USER_FOLDER, stdio: ['ignore', 'pipe', 'pipe'] });
	filterOffline(child.stdout, (text) => process.stdout.write(text));
	filterOffline(child.stderr, (text) => process.stderr.write(text));
	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\nStopping n8n (${signal}); it finishes running executions first …`);
		child.kill(signal);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	child.on('exit', async (code) => {
		await sandbox.stop();
		process.exit(code ?? 0);
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
