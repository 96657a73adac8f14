#!/usr/bin/env node
// `npm run dev`: the n8n editor on http://localhost:5678 with this package loaded, the provider sandbox
// running, its credentials imported and every example workflow ready to open. No provider account needed.
// Ctrl+C stops n8n and the sandbox. Run it again after a change: it rebuilds and reinstalls the package.
const fs = require('node:fs');
const path = require('node:path');
const { createSandbox } = require('./server');
const { seedDemoData } = require('./demo-data');
const { ROOT, node24, run, runAsync, ensureN8n, installPackage, writeCredentials, n8nEnv } = require('./n8n-host');

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
// A fixed sandbox port keeps the imported credentials valid from one run to the next.
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 5679);
const USER_FOLDER = path.join(ROOT, '.n8n-dev');

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
	const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json')).sort();
	for (const [index, file] of examples.entries()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const target = path.join(USER_FOLDER, `example-${index}.json`);
		fs.writeFileSync(target, JSON.stringify({ ...workflow, id: `mobEngExample${String(index).padStart(3, '0')}`, active: false }));
		await cli(['import:workflow', `--input=${target}`]);
	}

	console.log(`\nProvider sandbox: ${url} (credentials "Adjust (sandbox)", "Branch (sandbox)", "Kumulos (sandbox)", "Shortify (sandbox)" imported)`);
	console.log(`${examples.length} example workflows imported. Starting n8n on http://localhost:${N8N_PORT} …`);
	console.log('On the first visit, n8n asks you to create a local owner account. Ctrl+C stops everything.\n');
	const { spawn } = require('node:child_process');
	const [command, args] = node24(['node', n8n, 'start']);
	const child = spawn(command, args, { env, cwd: USER_FOLDER, stdio: 'inherit' });
	const stop = async () => {
		child.kill('SIGTERM');
		await sandbox.stop();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	child.on('exit', async (code) => {
		await sandbox.stop();
		process.exit(code ?? 0);
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
