// A real n8n for end-to-end checks and local development: installed once into a cached folder (it needs
// Node 24 and a dependency override), with this package installed the way n8n's community install does.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.40.7';
const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.N8N_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-mobile-engagement', `n8n-${N8N_VERSION}`);
const PACKAGE = 'n8n-nodes-mobile-engagement';
const node24 = (args, options = {}) => ['npx', ['-y', '-p', 'node@24', ...args], options];

let log = (message) => console.log(message);
const setLogger = (logger) => (log = logger);
function run(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
	if (result.status !== 0 && !options.allowFailure) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/**
 * Like run(), but asynchronous: the sandbox lives in this process and must keep answering meanwhile.
 * Output goes to files, not pipes: n8n exits right after printing, which can cut a piped stdout short.
 */
function runAsync(command, args, options = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-cli-'));
	const out = fs.openSync(path.join(dir, 'stdout'), 'w');
	const err = fs.openSync(path.join(dir, 'stderr'), 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', out, err] });
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
		child.on('close', (status) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.closeSync(err);
			const result = { status, stdout: fs.readFileSync(path.join(dir, 'stdout'), 'utf8'), stderr: fs.readFileSync(path.join(dir, 'stderr'), 'utf8') };
			fs.rmSync(dir, { recursive: true, force: true });
			if (status !== 0 && !options.allowFailure) reject(new Error(`${command} ${args.join(' ')} exited ${status}\n${result.stdout}\n${result.stderr}`));
			else resolve(result);
		});
	});
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

const credentialNames = { adjustApi: ['sandbox-adjust', 'Adjust (sandbox)'], branchApi: ['sandbox-branch', 'Branch (sandbox)'], kumulosApi: ['sandbox-kumulos', 'Kumulos (sandbox)'], shortifyApi: ['sandbox-shortify', 'Shortify (sandbox)'] };


/** Writes the sandbox's credential values in `n8n import:credentials` form and returns the file. */
function writeCredentials(folder, values) {
	const file = path.join(folder, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(Object.entries(credentialNames).map(([type, [id, name]]) => ({ id, name, type, data: values[type] })), null, 2));
	return file;
}

/** The environment an isolated n8n needs: its own folder, a fixed key, no telemetry, a free broker port. */
const n8nEnv = (userFolder, extra = {}) => ({
	...process.env,
	N8N_USER_FOLDER: userFolder,
	N8N_ENCRYPTION_KEY: 'sandbox-fixed-encryption-key',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	// At 'warn', n8n 2.x also swallows the JSON that `execute --rawOutput` prints.
	N8N_LOG_LEVEL: 'info',
	N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
	...extra,
});

module.exports = { CACHE, ROOT, PACKAGE, N8N_VERSION, node24, run, runAsync, ensureN8n, installPackage, credentialNames, writeCredentials, n8nEnv, setLogger };
