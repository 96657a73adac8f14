// A throw-away n8n 2.40.7 editor for the headless editor check: the provider sandbox, a fresh user folder
// with the packed package installed the way a community install does, optionally the sandbox credentials
// and the example workflows imported, `n8n start`, and an owner signed in.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createSandbox } = require('../../sandbox/server');
const { seedDemoData } = require('../../sandbox/demo-data');
const { ROOT, node24, runAsync, ensureN8n, installPackage, writeCredentials, n8nEnv, freePort } = require('../../sandbox/n8n-host');

const OWNER = { email: 'owner@editor-check.local', firstName: 'Editor', lastName: 'Check', password: 'EditorCheck123' };


async function waitFor(check, { timeoutMs = 120_000, intervalMs = 500, what = 'condition' } = {}) {
	const started = Date.now();
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// not yet
		}
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The example workflows, each with a fixed id so a report can name them. */
function exampleWorkflows() {
	// examples/ai-agent/ too: it needs an OpenAI account to run, but it must import and load.
	const files = fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true }).filter((file) => file.endsWith('.json')).sort();
	return files.map((file, index) => ({
		file,
		id: `edCheckEx${String(index).padStart(3, '0')}`,
		workflow: JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')),
	}));
}

/**
 * Starts sandbox + n8n. Options: credentials (import the four sandbox credentials), examples (import
 * examples/*.json), packed (skip `npm pack` when a user folder should reuse one), log (function).
 * Returns { url, sandboxUrl, userFolder, examples, cookie, api(method, path, body), stop() }.
 */
async function startEditorHost({ credentials = true, examples = true, withoutCredentials = [], log = () => {}, label = 'editor' } = {}) {
	const n8n = ensureN8n();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${label}-`));
	installPackage(userFolder);

	const sandbox = createSandbox();
	const { url: sandboxUrl } = await sandbox.start({ port: 0 });
	const values = sandbox.credentials();
	await seedDemoData(sandboxUrl, values);

	const port = await freePort();
	const env = n8nEnv(userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_LOG_LEVEL: 'warn',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
	});
	const cli = (args) => runAsync(...node24(['node', n8n, ...args], { env, cwd: userFolder }));
	if (credentials) await cli(['import:credentials', `--input=${writeCredentials(userFolder, values)}`]);
	const imported = [];
	if (examples) {
		// One `import:workflow --separate` for the whole folder: each n8n CLI start costs several seconds.
		const dir = path.join(userFolder, 'examples-import');
		fs.mkdirSync(dir);
		for (const example of exampleWorkflows()) {
			fs.writeFileSync(path.join(dir, `${example.id}.json`), JSON.stringify({ ...example.workflow, id: example.id, active: false }));
			imported.push({ file: example.file, id: example.id, name: example.workflow.name, workflow: example.workflow });
		}
		// Copies without any node credentials, as a workflow shared as a template or pasted from elsewhere arrives.
		for (const [index, example] of exampleWorkflows().filter((e) => withoutCredentials.includes(e.file)).entries()) {
			const id = `edCheckNc${String(index).padStart(3, '0')}`;
			const workflow = { ...example.workflow, name: `${example.workflow.name} (no credentials)`, nodes: example.workflow.nodes.map(({ credentials: _omit, ...node }) => node) };
			fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ ...workflow, id, active: false }));
			imported.push({ file: `${example.file} (no credentials)`, id, name: workflow.name, workflow, withoutCredentials: true });
		}
		await cli(['import:workflow', '--separate', `--input=${dir}`]);
	}
	log(`${label}: user folder ${userFolder}; credentials ${credentials ? 'imported' : 'none'}; ${imported.length} examples`);

	const [command, args] = node24(['node', n8n, 'start']);
	const logFile = path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'w');
	const child = spawn(command, args, { env, cwd: userFolder, stdio: ['ignore', out, out], detached: true });
	let exited = null;
	child.on('exit', (code) => (exited = code));
	const url = `http://127.0.0.1:${port}`;
	await waitFor(async () => {
		if (exited !== null) throw new Error(`n8n exited ${exited}: ${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		return (await fetch(`${url}/healthz`)).ok;
	}, { what: 'n8n /healthz', timeoutMs: 180_000 }).catch((error) => {
		if (exited !== null) throw new Error(`n8n exited ${exited}: ${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		throw error;
	});
	// /healthz answers before the REST API and the node types are ready.
	await waitFor(async () => (await fetch(`${url}/rest/settings`)).ok, { what: 'n8n /rest/settings' });

	let cookie = '';
	const api = async (method, route, body) => {
		const response = await fetch(`${url}/rest${route}`, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), 'browser-id': 'editor-check' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 500)}`);
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((value) => value.startsWith('n8n-auth='));
		if (auth) cookie = auth.split(';')[0];
		return json;
	};
	await api('POST', '/owner/setup', OWNER);
	await api('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });

	const stop = async () => {
		if (exited === null) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				// gone
			}
			await waitFor(() => exited !== null, { timeoutMs: 15_000, what: 'n8n to stop' }).catch(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// gone
				}
			});
		}
		await sandbox.stop();
		fs.closeSync(out);
	};
	/** Imports the sandbox credentials into the running n8n (the CLI writes to the same database). */
	const importCredentials = async () => {
		await cli(['import:credentials', `--input=${writeCredentials(userFolder, values)}`]);
	};
	return { url, port, sandbox, sandboxUrl, userFolder, logFile, examples: imported, owner: OWNER, api, getCookie: () => cookie, importCredentials, stop };
}

module.exports = { startEditorHost, exampleWorkflows, freePort, waitFor, OWNER };
