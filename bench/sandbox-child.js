'use strict';
// Runs the provider sandbox in its own process, so the benchmark's n8n side and the emulated providers
// do not share one event loop. The parent talks to it over IPC: { id, op, arg } → { id, result }.
// Required as a module, it exports the parent's side: startSandbox().
const path = require('node:path');
const { fork } = require('node:child_process');

/** Forks this file as the sandbox process; `call(op, arg)` resolves with its answer. */
function startSandbox({ onCleanup = () => {} } = {}) {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), ['{}'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	onCleanup(() => child.connected && child.kill('SIGKILL'));
	let seq = 0;
	const pending = new Map();
	child.on('message', ({ id, result, error }) => {
		const { resolve, reject } = pending.get(id);
		pending.delete(id);
		if (error) reject(new Error(error));
		else resolve(result);
	});
	const call = (op, arg) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, op, arg });
		});
	return { call, child };
}

if (require.main === module) serve();
else module.exports = { startSandbox };

function serve() {
	const { createSandbox } = require('../sandbox/server');

	const sandbox = createSandbox(JSON.parse(process.argv[2] || '{}'));

	// [epoch ms, status, first row label's number]: which execution sent what, when, and how it was answered.
	const timeline = (records) =>
		records.map((r) => [Date.parse(r.at), r.status, Number(/row-(\d+)/.exec(JSON.stringify(r.body ?? ''))?.[1] ?? -1)]);

	process.on('message', async ({ id, op, arg }) => {
		let result;
		try {
			if (op === 'start') result = await sandbox.start({ port: 0 });
			else if (op === 'state') result = sandbox.state;
			else if (op === 'reset') result = sandbox.reset(arg);
			else if (op === 'configure') result = sandbox.configure(arg);
			else if (op === 'timeline') result = timeline(sandbox.requests({ provider: arg, limit: 5000 }));
			else if (op === 'links') result = sandbox.links(arg).map((link) => link.url ?? link.shortLink ?? link.id);
			else if (op === 'stop') {
				await sandbox.stop();
				process.send({ id, result: null }, () => process.exit(0));
				return;
			}
			process.send({ id, result: result ?? null });
		} catch (error) {
			process.send({ id, error: error.message });
		}
	});
}
