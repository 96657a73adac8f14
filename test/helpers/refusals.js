// For the tests that every bad item is refused before anything is sent: a provider (nock) that records every
// request it gets, and one check that runs a node with Continue On Fail off and on. Off: the run stops with
// the item's error and nothing at all is sent. On: the bad item gets an error item, every other item goes out
// exactly as expected.
const nock = require('nock');
const { runNode } = require('./engine');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Records every request to `origin` (method, path with query, JSON body) and answers `answer(request)`,
 * `[status, body]`. Returns the log; `log.length = 0` clears it.
 */
function recordingProvider(origin, answer = () => [200, {}]) {
	const log = [];
	const scope = nock(origin).persist();
	for (const method of METHODS) {
		scope[method](() => true).query(true).reply(function (uri, body) {
			const request = { method: this.req.method, path: uri };
			if (body !== undefined && body !== '') request.body = body;
			log.push(request);
			return answer(request);
		});
	}
	return log;
}

/**
 * Runs `node` on `items` with Continue On Fail off, then on, and checks the rule for the bad item `bad`:
 * its error message is `message` (it names the item and the field), its description names `field`, no
 * request goes out when the run stops, and with Continue On Fail the others go out as `sent` says.
 * Returns the Continue On Fail run for further checks.
 */
async function expectRefused({ node, items = [{}], credentials, log, bad = 0, message, field, sent = [], timezone }) {
	log.length = 0;
	const stopped = await runNode({ node: { name: 'Node', ...node, onError: 'stopWorkflow' }, items, credentials, timezone });
	expect(stopped.error?.message).toEqual(message);
	expect(stopped.error.description).toMatch(new RegExp(`^Field "${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\.`));
	expect(stopped.items).toEqual([]);
	expect(log).toEqual([]);

	log.length = 0;
	const continued = await runNode({ node: { name: 'Node', ...node, onError: 'continueRegularOutput' }, items, credentials, timezone });
	expect(continued.error).toBeUndefined();
	const failed = continued.items.filter((item) => item.pairedItem.item === bad);
	expect(failed).toEqual([{ json: expect.objectContaining({ error: message, description: stopped.error.description }), pairedItem: { item: bad } }]);
	expect(log).toEqual(sent);
	return continued;
}

module.exports = { recordingProvider, expectRefused };
