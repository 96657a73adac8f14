// A real n8n for end-to-end checks and local development: installed once per version into a cached folder
// (with a dependency override, on the Node major that version needs), with this package installed the way
// n8n's community install does.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.40.7';
const ROOT = path.resolve(__dirname, '..');
const CACHE_ROOT = process.env.N8N_E2E_CACHE_ROOT ?? path.join(os.homedir(), '.cache', 'n8n-nodes-mobile-engagement');
const CACHE = process.env.N8N_E2E_CACHE ?? path.join(CACHE_ROOT, `n8n-${N8N_VERSION}`);
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
 * `timeoutMs` (default: none) kills a command that hangs, e.g. an n8n that never exits.
 */
function runAsync(command, args, options = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-cli-'));
	const out = fs.openSync(path.join(dir, 'stdout'), 'w');
	const err = fs.openSync(path.join(dir, 'stderr'), 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', out, err] });
		const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
		child.on('close', (status, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.closeSync(err);
			const result = { status, signal, stdout: fs.readFileSync(path.join(dir, 'stdout'), 'utf8'), stderr: fs.readFileSync(path.join(dir, 'stderr'), 'utf8') };
			fs.rmSync(dir, { recursive: true, force: true });
			if (status !== 0 && !options.allowFailure) reject(new Error(`${command} ${args.join(' ')} exited ${status ?? signal}\n${result.stdout}\n${result.stderr}`));
			else resolve(result);
		});
	});
}

const nodeMajor = (version) => Number(version.split('.')[0]);
/** n8n 2.9 and later require Node 24 (their engines field says >=24); 2.8.x is the last to run on Node 20. */
const nodeMajorFor = (n8nVersion) => {
	const [major, minor] = n8nVersion.split('.').map(Number);
	return major > 2 || (major === 2 && minor >= 9) ? 24 : 20;
};

/**
 * How to run a command on a given Node major: the machine's own node if it is that major, else that Node from
 * the npm registry (`npx -p node@<major>`, about 8 s the first time). `args` is `['node', …]` or `['-c', 'shell line']`.
 */
function onNode(major) {
	const local = nodeMajor(process.versions.node) === major;
	return (args, options = {}) => {
		if (!local) return ['npx', ['-y', '-p', `node@${major}`, ...args], options];
		if (args[0] === '-c') return ['sh', args, options];
		return [args[0] === 'node' ? process.execPath : args[0], args.slice(1), options];
	};
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const alive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
};

/**
 * One process installs a given n8n at a time: `<cache>.lock` holds the installer's pid. Another caller waits
 * for it and then reuses its install; a lock whose process is gone is taken over.
 */
function withInstallLock(cache, marker, install) {
	const lock = `${cache}.lock`;
	fs.mkdirSync(path.dirname(cache), { recursive: true });
	for (let waited = 0; ; waited += 5) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		const pid = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
		if (pid && !alive(pid)) {
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (waited % 60 === 0) log(`waiting for another process (pid ${pid || '?'}) that installs into ${cache}`);
		sleep(5000);
		if (fs.existsSync(marker)) return;
	}
	try {
		fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
		if (!fs.existsSync(marker)) install();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * A real n8n of one version: where it is cached, which Node runs it, and how to run its CLI.
 * `cache` defaults to `<N8N_E2E_CACHE_ROOT>/n8n-<version>` (`~/.cache/n8n-nodes-mobile-engagement/n8n-<version>`).
 */
function n8nHost(version, cache = version === N8N_VERSION ? CACHE : path.join(CACHE_ROOT, `n8n-${version}`)) {
	const node = nodeMajorFor(version);
	const withNode = onNode(node);
	const bin = path.join(cache, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(cache, '.installed');

	const sqliteBinding = path.join(cache, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

	/**
	 * Builds the native modules n8n needs and checks that SQLite (n8n's default database) loads.
	 * `--ignore-scripts=false` matters: under `npm run`, npm passes the project's `ignore-scripts=true` (.npmrc)
	 * down as npm_config_ignore_scripts, and a plain `npm rebuild` would then build nothing.
	 * isolated-vm (n8n ≥ 2.9's expression engine) ships prebuilt binaries for Node 24 and is only rebuilt there.
	 */
	function buildNatives() {
		const natives = ['sqlite3', ...(node >= 24 ? ['isolated-vm'] : [])].filter((name) => fs.existsSync(path.join(cache, 'node_modules', name, 'package.json')));
		if (natives.length) run(...withNode(['-c', `npm rebuild --ignore-scripts=false ${natives.join(' ')}`], { cwd: cache, stdio: 'inherit' }));
		const check = run(...withNode(['node', '-e', "require('sqlite3')"], { cwd: cache, allowFailure: true }));
		if (check.status !== 0) throw new Error(`n8n ${version} in ${cache}: sqlite3 does not load after the rebuild\n${check.stderr}`);
	}

	/** Installs n8n into the cache unless it is there (a `.installed` marker); returns the n8n bin script. */
	function ensure() {
		if (fs.existsSync(marker)) {
			// An install made while the rebuild was skipped (see buildNatives) has no SQLite binding: build it now.
			if (!fs.existsSync(sqliteBinding)) {
				log(`n8n ${version} in ${cache} has no SQLite binding; building the native modules`);
				buildNatives();
			}
			return bin;
		}
		withInstallLock(cache, marker, () => {
			log(`installing n8n ${version} into ${cache} on Node ${node} (first run only: about 5 minutes, 2–3 GB)`);
			const started = Date.now();
			fs.mkdirSync(cache, { recursive: true });
			// xlsx: n8n 2.8.x depends on an xlsx tarball URL outside the npm registry; 0.18.5 from the registry stands in.
			// Newer n8n does not depend on xlsx, and the override does nothing there.
			fs.writeFileSync(path.join(cache, 'package.json'), JSON.stringify({ name: 'n8n-e2e-host', private: true, dependencies: { n8n: version }, overrides: { xlsx: '0.18.5' } }, null, 2));
			// Install scripts stay off (a Kafka client's native build fails); the native modules n8n needs are built next.
			run(...withNode(['-c', 'npm install --ignore-scripts --no-audit --no-fund'], { cwd: cache, stdio: 'inherit' }));
			buildNatives();
			fs.writeFileSync(marker, JSON.stringify({ n8n: version, node: run(...withNode(['node', '--version'])).stdout.trim(), at: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }));
			log(`installed n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
		});
		return bin;
	}

	/** [command, args, options] that run `n8n <args>` on this version's Node. */
	const cli = (args, options = {}) => withNode(['node', bin, ...args], options);
	return { version, node, cache, bin, ensure, cli, withNode };
}

/** n8n needs Node 24 and a dependency override; it is installed once and kept in CACHE. */
const ensureN8n = () => n8nHost(N8N_VERSION).ensure();

/** `npm pack` into a temp folder; returns the tarball's path. */
function packPackage() {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
	const { stdout } = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: ROOT });
	return path.join(packDir, JSON.parse(stdout)[0].filename);
}

/** The tarball (default: a fresh `npm pack`), unpacked into <user folder>/.n8n/nodes/node_modules/<name>, with no node_modules of its own. */
function installPackage(userFolder, tarball = packPackage()) {
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
/**
 * `n8n execute` starts only from a Manual Trigger. Other triggers become a Manual Trigger followed by a
 * Code node with the trigger's name that emits the trigger's pinned data, so expressions still resolve.
 */
function forCli(workflow, id) {
	const nodes = [];
	const connections = { ...workflow.connections };
	for (const node of workflow.nodes) {
		if (!/\.(webhook|scheduleTrigger|pushOpenedTrigger|deepLinkCreatedTrigger)$/.test(node.type)) {
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

/** A port nothing listens on now, from the kernel. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

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

module.exports = { CACHE, CACHE_ROOT, ROOT, PACKAGE, N8N_VERSION, node24, nodeMajorFor, onNode, n8nHost, run, runAsync, ensureN8n, packPackage, installPackage, credentialNames, writeCredentials, n8nEnv, freePort, forCli, setLogger };
