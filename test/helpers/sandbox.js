// One provider sandbox (sandbox/server.js) for the tests of a file or describe, over real HTTP.
const nock = require('nock');
const { createSandbox } = require('../../sandbox/server');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

/**
 * Starts a sandbox (`createSandbox(options)`, on a free port) before the tests of the file or describe it is
 * called in and stops it after them. Before each test it is reset and the node's throttles with it (a reset
 * sandbox has forgotten every rate window), unless `reset: false`. nock is taken out of Node's http while the
 * sandbox runs, so the requests are real ones even in a file that also uses nock; it is put back after.
 *
 * Returns a handle whose `sandbox`, `url` and `credentials` (the sandbox's values for every credential type)
 * are set once it has started: read them inside tests and hooks, not when the file loads.
 */
function useSandbox({ reset = true, ...options } = {}) {
	const handle = { sandbox: undefined, url: undefined, credentials: undefined };
	let nockWasActive = false;
	beforeAll(async () => {
		nockWasActive = nock.isActive();
		if (nockWasActive) nock.restore();
		handle.sandbox = createSandbox(options);
		({ url: handle.url } = await handle.sandbox.start({ port: 0 }));
		handle.credentials = handle.sandbox.credentials();
	});
	afterAll(async () => {
		await handle.sandbox?.stop();
		if (nockWasActive) nock.activate();
	});
	if (reset) {
		beforeEach(() => {
			handle.sandbox.reset();
			resetThrottles();
		});
	}
	return handle;
}

module.exports = { useSandbox };
