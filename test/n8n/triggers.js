#!/usr/bin/env node
// The two polling triggers inside a real n8n (2.40.7 by default, N8N_E2E_VERSION to change), with the packed
// package installed the way n8n's community install does and the provider sandbox as Kumulos and Shortify.
//   1. The trigger examples run with `n8n execute`: a Manual Trigger plus a Code node with the trigger's
//      name emit its pinned data (what sandbox/test-n8n.js does for Webhook and Schedule triggers).
//   2. Two workflows are published and `n8n start` polls them every minute: Push Opened Trigger and Deep
//      Link Created Trigger, each followed by an HTTP Request node that posts every item to a local
//      catcher. Events added in the sandbox between polls must arrive exactly once, in new executions;
//      what was there before activation must not arrive; an open at the second of the last one must.
// It takes about six minutes (n8n polls at most once a minute). `npm run test:n8n` runs it for each of its
// versions at once, after the examples (N8N_E2E_TRIGGERS=0 skips it). Alone: `node test/n8n/triggers.js`;
// `N8N_E2E_VERSION=2.8.4 node test/n8n/triggers.js` checks the newest n8n without a poll budget.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { createSandbox } = require('../../sandbox/server');
const { seedDemoData } = require('../../sandbox/demo-data');
const { CACHE, ROOT, PACKAGE, N8N_VERSION, node24, run, runAsync, ensureN8n, installPackage, writeCredentials, n8nEnv, setLogger, forCli } = require('../../sandbox/n8n-host');

// n8n up to 2.8 runs on Node 20 (this machine's node, its native modules built for it); later ones on Node 24.
const onNode20 = /^2\.[0-8]\./.test(N8N_VERSION);
const nodeRun = (args, options = {}) => (onNode20 ? [process.execPath, args, options] : node24(['node', ...args], options));

const log = (message) => console.log(`[triggers:n8n ${process.uptime().toFixed(0)}s] ${message}`);
setLogger(log);
const POLL_WAIT_MS = Number(process.env.TRIGGER_E2E_WAIT_MS ?? 150_000);


/** Collects what the workflows post: { execution, item } per request, by path. */
function startCatcher() {
	const received = { '/push': [], '/link': [] };
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			try {
				(received[request.url] ??= []).push(JSON.parse(body));
			} catch {
				(received[request.url] ??= []).push({ unreadable: body });
			}
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, received, url: `http://127.0.0.1:${server.address().port}` })));
}

const poster = (name, url, position) => ({
	id: `${name}-post`,
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position,
	parameters: {
		method: 'POST',
		url,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ execution: $execution.id, item: $json }) }}',
		options: {},
	},
});

function activeWorkflows(catcherUrl, notificationId) {
	const everyMinute = { item: [{ mode: 'everyMinute' }] };
	return [
		{
			id: 'mobEngTriggerPush1',
			name: 'E2E: Push Opened Trigger',
			nodes: [
				{
					id: 'push-trigger',
					name: 'Push Opened Trigger',
					type: `${PACKAGE}.pushOpenedTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: everyMinute, provider: 'kumulos', notificationIds: String(notificationId), event: 'userOpens', options: {} },
					credentials: { kumulosApi: { id: 'sandbox-kumulos', name: 'Kumulos (sandbox)' } },
				},
				poster('Post Open', `${catcherUrl}/push`, [240, 0]),
			],
			connections: { 'Push Opened Trigger': { main: [[{ node: 'Post Open', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		},
		{
			id: 'mobEngTriggerLink1',
			name: 'E2E: Deep Link Created Trigger',
			nodes: [
				{
					id: 'link-trigger',
					name: 'Deep Link Created Trigger',
					type: `${PACKAGE}.deepLinkCreatedTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: everyMinute, provider: 'shortify', shortifyFilters: {}, options: {} },
					credentials: { shortifyApi: { id: 'sandbox-shortify', name: 'Shortify (sandbox)' } },
				},
				poster('Post Link', `${catcherUrl}/link`, [240, 0]),
			],
			connections: { 'Deep Link Created Trigger': { main: [[{ node: 'Post Link', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		},
	];
}

async function waitFor(what, check, timeoutMs = POLL_WAIT_MS) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (check()) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

async function main() {
	const n8n = ensureN8n();
	const version = require(path.join(CACHE, 'node_modules', 'n8n', 'package.json')).version;
	log(`n8n ${version} on ${run(...nodeRun(['--version'])).stdout.trim()}`);
	// `npm run test:n8n` builds once and runs this for each version at once: no second build of dist/.
	if (process.env.TRIGGER_E2E_BUILT !== '1') run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-triggers-'));
	installPackage(userFolder);
	const sandbox = createSandbox();
	const { url } = await sandbox.start({ port: 0 });
	const values = sandbox.credentials();
	const port = 20000 + Math.floor(Math.random() * 20000);
	const env = n8nEnv(userFolder, { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' });
	const cli = (args, options = {}) => runAsync(...nodeRun([n8n, ...args], { env, cwd: userFolder, ...options }));
	await cli(['import:credentials', `--input=${writeCredentials(userFolder, values)}`]);
	log(`sandbox on ${url}; package and credentials in ${userFolder}`);
	const failures = [];
	const check = async (name, work) => {
		try {
			await work();
			log(`✓ ${name}`);
		} catch (error) {
			failures.push(name);
			log(`✗ ${name}: ${error.message}`);
		}
	};

	// 1. The examples, from their pinned data.
	for (const [index, file] of ['push-opened-follow-up.json', 'deep-link-created-to-chat.json'].entries()) {
		await check(`example ${file} with n8n execute`, async () => {
			sandbox.reset();
			await seedDemoData(url, values);
			const id = `mobEngTriggerEx${index}`;
			const target = path.join(userFolder, `${id}.json`);
			fs.writeFileSync(target, JSON.stringify(forCli(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')), id)));
			await cli(['import:workflow', `--input=${target}`]);
			const result = await cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true });
			assert.equal(result.status, 0, `n8n execute exited ${result.status}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
			const runData = JSON.parse(result.stdout.slice(result.stdout.search(/^\{$/m))).data.resultData.runData;
			const out = (name) => runData[name]?.[0]?.data?.main?.[0] ?? [];
			if (index === 0) {
				assert.deepEqual(out('Send Follow-up Push').map((item) => item.json.filters.userIds), [['user-1'], ['user-3']]);
			} else {
				assert.deepEqual(out('Tag as Announced').map((item) => item.json.tags), [['announced']]);
			}
		});
	}

	// 2. Activated workflows polling the sandbox.
	sandbox.reset();
	await seedDemoData(url, values);
	const catcher = await startCatcher();
	const basic = `Basic ${Buffer.from(`${values.kumulosApi.apiKey}:${values.kumulosApi.serverSecretKey}`).toString('base64')}`;
	const sent = await fetch(`${values.kumulosApi.pushBaseUrl}/notifications`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: basic },
		body: JSON.stringify({ title: 'Spring sale', message: 'Now on', userIds: ['nobody'] }),
	}).then((response) => response.json());
	const stamp = (offsetSeconds) => new Date(Math.floor(Date.now() / 1000) * 1000 + offsetSeconds * 1000).toISOString();
	sandbox.addOpens({ notificationId: sent.id, opens: [{ userId: 'before-activation', openedAt: stamp(-3600) }] });
	for (const workflow of activeWorkflows(catcher.url, sent.id)) {
		const target = path.join(userFolder, `${workflow.id}.json`);
		fs.writeFileSync(target, JSON.stringify(workflow));
		await cli(['import:workflow', `--input=${target}`]);
		await cli(['publish:workflow', `--id=${workflow.id}`]);
	}
	const [command, args] = nodeRun([n8n, 'start']);
	const logFile = path.join(userFolder, 'n8n-start.log');
	const out = fs.openSync(logFile, 'w');
	// Its own process group, so that stopping it stops npx and n8n, and nothing else.
	const child = spawn(command, args, { env, cwd: userFolder, stdio: ['ignore', out, out], detached: true });
	const stop = () => {
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			// already gone
		}
	};
	process.on('exit', stop);
	try {
		let healthy = false;
		await waitFor('n8n /healthz', () => {
			fetch(`http://127.0.0.1:${port}/healthz`).then((response) => (healthy = response.ok), () => {});
			return healthy;
		}, 120_000);
		log(`n8n answers on port ${port}; waiting for the activation polls`);
		// The activation poll of each trigger notes what is there: nothing of it may arrive later.
		const polled = (route) => sandbox.requests({ limit: 5000 }).some((request) => request.url.startsWith(route));
		await waitFor('the activation polls', () => polled(`/kumulos-push/notifications/${sent.id}/user-opens`) && polled('/shortify/v1/deep-links?'), 60_000);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const requestsAtStart = sandbox.state.requests.total;

		// Events after activation.
		const second = stamp(0);
		sandbox.addOpens({ notificationId: sent.id, opens: [{ userId: 'user-1', openedAt: second }, { userId: 'user-2', openedAt: second }] });
		for (const key of ['e2e-a', 'e2e-b']) {
			await fetch(`${values.shortifyApi.baseUrl}/v1/deep-links`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'api-key': values.shortifyApi.apiKey },
				body: JSON.stringify({ deepLinkAppId: 'app_sandbox', key, title: key }),
			});
		}
		log('added 2 opens and 2 links; waiting for the next polls');
		await check('first events after activation arrive, in one execution per trigger', async () => {
			await waitFor('2 opens and 2 links', () => catcher.received['/push'].length >= 2 && catcher.received['/link'].length >= 2);
			assert.deepEqual(catcher.received['/push'].map((entry) => entry.item.userId).sort(), ['user-1', 'user-2']);
			assert.deepEqual(catcher.received['/link'].map((entry) => entry.item.key), ['e2e-a', 'e2e-b']);
			assert.equal(new Set(catcher.received['/push'].map((entry) => entry.execution)).size, 1);
			assert.equal(catcher.received['/link'][0].item.url, 'https://go.sandbox.test/e2e-a');
			assert.ok(sandbox.state.requests.total > requestsAtStart, 'the sandbox saw no poll');
		});

		// An open at the same second as the last one, one later, and another link.
		sandbox.addOpens({ notificationId: sent.id, opens: [{ userId: 'user-3', openedAt: second }, { userId: 'user-4', openedAt: stamp(1) }] });
		await fetch(`${values.shortifyApi.baseUrl}/v1/deep-links`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'api-key': values.shortifyApi.apiKey },
			body: JSON.stringify({ deepLinkAppId: 'app_sandbox', key: 'e2e-c', title: 'e2e-c' }),
		});
		log('added 2 more opens (one at the second of the last) and 1 link');
		await check('later events arrive once, in a new execution; nothing from before activation', async () => {
			await waitFor('4 opens and 3 links', () => catcher.received['/push'].length >= 4 && catcher.received['/link'].length >= 3);
			const users = catcher.received['/push'].map((entry) => entry.item.userId);
			assert.deepEqual(users.slice(2).sort(), ['user-3', 'user-4']);
			assert.equal(new Set(catcher.received['/push'].map((entry) => entry.execution)).size, 2);
			assert.deepEqual(catcher.received['/link'].map((entry) => entry.item.key), ['e2e-a', 'e2e-b', 'e2e-c']);
			assert.ok(!users.includes('before-activation'));
			assert.ok(!catcher.received['/link'].some((entry) => String(entry.item.key).startsWith('seed-')));
		});
		await check('a further poll emits nothing again', async () => {
			const before = [catcher.received['/push'].length, catcher.received['/link'].length];
			const requests = sandbox.state.requests.total;
			await waitFor('another poll of both triggers', () => sandbox.state.requests.total >= requests + 2, 90_000);
			await new Promise((resolve) => setTimeout(resolve, 5000));
			assert.deepEqual([catcher.received['/push'].length, catcher.received['/link'].length], before);
		});
	} catch (error) {
		failures.push(error.message);
		log(`✗ ${error.message}`);
	} finally {
		stop();
		catcher.server.close();
		await sandbox.stop();
	}
	if (failures.length) log(`n8n log: ${logFile}`);
	log(`${failures.length ? `${failures.length} failed` : 'all passed'}`);
	process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
