'use strict';
// Runs the provider sandbox in its own process, so the benchmark's n8n side and the emulated providers
// do not share one event loop. The parent talks to it over IPC: { id, op, arg } → { id, result }.
const { createSandbox } = require('../sandbox/server');

const sandbox = createSandbox(JSON.parse(process.argv[2] || '{}'));

process.on('message', async ({ id, op, arg }) => {
	let result;
	try {
		if (op === 'start') result = await sandbox.start({ port: 0 });
		else if (op === 'state') result = sandbox.state;
		else if (op === 'reset') result = sandbox.reset(arg);
		else if (op === 'configure') result = sandbox.configure(arg);
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
