'use strict';
// One n8n process (main or worker) from the cached n8n 2.40.7 on Node 24, in its own user folder with
// the packed package installed the way n8n's community install does (sandbox/n8n-host.js), plus a REST
// client for the owner login, workflow activation and execution records.
const fs = require('node:fs');
const path = require('node:path');
const host = require('../../../sandbox/n8n-host');
const { spawnTracked, stopChild, freePort } = require('./proc');
const { request, waitFor200, sleep } = require('./http');

let node24Path;
/** The Node 24 binary itself (npx resolves it once), so n8n is our direct child and its pid is n8n's. */
function node24() {
	if (!node24Path) node24Path = host.run(...host.node24(['node', '-p', 'process.execPath'])).stdout.trim().split('\n').pop();
	return node24Path;
}

const n8nBin = () => host.ensureN8n();
const n8nVersion = () => require(path.join(host.CACHE, 'node_modules', 'n8n', 'package.json')).version;
const flatted = () => require(path.join(host.CACHE, 'node_modules', 'flatted'));

/** A fresh user folder with the package unpacked into .n8n/nodes/node_modules. */
function prepareUserFolder(dir) {
	fs.mkdirSync(dir, { recursive: true });
	host.installPackage(dir);
	return dir;
}

class N8nProcess {
	/**
	 * @param {object} o
	 * @param {string} o.name         label for logs
	 * @param {'main'|'worker'} o.role
	 * @param {string} o.userFolder
	 * @param {object} o.env          extra environment (queue/DB settings, engine)
	 * @param {string} o.logDir
	 * @param {number} [o.concurrency] worker concurrency
	 */
	constructor({ name, role = 'main', userFolder, env = {}, logDir, concurrency = 5 }) {
		Object.assign(this, { name, role, userFolder, extraEnv: env, logDir, concurrency });
		this.logFile = path.join(logDir, `${name}.log`);
	}

	async ports() {
		if (this.port) return;
		this.port = await freePort();
		this.brokerPort = await freePort();
	}

	async env() {
		await this.ports();
		const env = host.n8nEnv(this.userFolder, {
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			...this.extraEnv,
		});
		if (this.role === 'main') {
			env.N8N_PORT = String(this.port);
			env.WEBHOOK_URL = `http://127.0.0.1:${this.port}/`;
		} else {
			env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
			env.QUEUE_HEALTH_CHECK_PORT = String(this.port);
			env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
		}
		return env;
	}

	/** `n8n <args>` as a one-off CLI command (import, publish) with this process's settings. */
	async cli(args, options = {}) {
		const env = await this.env();
		return await host.runAsync(node24(), [n8nBin(), ...args], { env, cwd: this.userFolder, timeoutMs: 300_000, ...options });
	}

	async start() {
		const env = await this.env();
		const args = this.role === 'main' ? ['start'] : ['worker', `--concurrency=${this.concurrency}`];
		fs.appendFileSync(this.logFile, `\n===== ${new Date().toISOString()} n8n ${args.join(' ')} =====\n`);
		this.child = spawnTracked(this.name, node24(), [n8nBin(), ...args], { env, cwd: this.userFolder, logFile: this.logFile });
		let exited = false;
		this.child.exited.then(() => (exited = true));
		try {
			await waitFor200(`${this.baseUrl}/healthz/readiness`, 180_000, () => !exited);
		} catch (error) {
			throw new Error(`${this.name}: ${error.message}; see ${this.logFile}:\n${tail(this.logFile)}`);
		}
		// Active workflows' webhooks are registered just after the server is ready.
		if (this.role === 'main') await sleep(1500);
		return this;
	}

	get pid() {
		return this.child?.pid;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	async stop() {
		if (this.child) await stopChild(this.child);
		this.child = undefined;
	}

	log() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}
}

const tail = (file, lines = 30) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '');

const OWNER = { email: 'bench@example.com', firstName: 'Bench', lastName: 'Owner', password: 'Bench-owner-1234' };
const BROWSER_ID = 'bench-n8n-browser';

/** n8n's internal REST API as the instance owner (the editor's API: executions, activation). */
class Rest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
	}

	async login() {
		let response = await request('POST', `${this.baseUrl}/rest/owner/setup`, { body: OWNER, headers: { 'browser-id': BROWSER_ID } });
		if (response.status !== 200) {
			response = await request('POST', `${this.baseUrl}/rest/login`, { body: { emailOrLdapLoginId: OWNER.email, password: OWNER.password }, headers: { 'browser-id': BROWSER_ID } });
		}
		const cookie = [].concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error(`owner setup/login failed: ${response.status} ${response.text.slice(0, 500)}`);
		this.cookie = cookie.split(';')[0];
		return this;
	}

	async call(method, pathname, body) {
		const response = await request(method, `${this.baseUrl}/rest${pathname}`, { body, headers: { cookie: this.cookie, 'browser-id': BROWSER_ID } });
		if (response.status >= 400) throw new Error(`${method} /rest${pathname}: ${response.status} ${response.text.slice(0, 500)}`);
		return response.json?.data ?? response.json;
	}

	/** Execution summaries of one workflow (newest first): id, status, startedAt, stoppedAt, … */
	async executions(workflowId, limit = 50) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.call('GET', `/executions?filter=${filter}&limit=${limit}`);
		return data.results ?? data;
	}

	/** One execution record with its run data parsed (n8n stores it "flatted"). */
	async execution(id) {
		const record = await this.call('GET', `/executions/${id}`);
		if (typeof record.data === 'string') record.data = flatted().parse(record.data);
		return record;
	}
}

module.exports = { N8nProcess, Rest, prepareUserFolder, node24, n8nBin, n8nVersion, tail };
