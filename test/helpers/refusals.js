// For the tests that every bad item is refused before anything is sent: one check that runs a node with
// Continue On Fail off and on, against a provider's log (helpers/http.js). Off: the run
// stops with the item's error and nothing at all is sent. On: the bad item gets an error item, every other item
// goes out exactly as expected.
const { runNode } = require('./engine');
const { sent: requests } = require('./requests');

/**
 * Runs `node` on `items` with Continue On Fail off, then on, and checks the rule for the bad item `bad`:
 * its error message is `message` (it names the item and the field), its description names `field`, no
 * request goes out when the run stops, and with Continue On Fail the others go out as `sent` says (each
 * `{ method, path, body }`, path with its query string).
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
	expect(requests(log)).toEqual(sent);
	return continued;
}

module.exports = { expectRefused };
