// A long item loop must let timers run: in a real n8n, expressions cost milliseconds per item, and a
// queue-mode worker whose event loop is held for about a minute loses its job lock. The items here
// record, when the node reads them, how many times a 0 ms interval has fired so far.
const { runNode, testNodes } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests } = require('../helpers/http');

const COUNT = 3000;
let ticks = 0;
let reads = [];

testNodes['test.watchedItems'] = {
	description: { displayName: 'Watched Items', name: 'test.watchedItems', group: ['trigger'], version: 1, description: 'Items that record when they are read', defaults: { name: 'Items' }, inputs: [], outputs: ['main'], properties: [] },
	async execute() {
		return [
			Array.from({ length: COUNT }, (_, index) => {
				const json = {};
				Object.defineProperty(json, 'n', {
					enumerable: true,
					get() {
						reads.push(ticks);
						return index;
					},
				});
				return { json };
			}),
		];
	},
};

isolateRequests();
let timer;
beforeEach(() => {
	reads = [];
	ticks = 0;
	timer = setInterval(() => ticks++, 0);
});
afterEach(() => {
	clearInterval(timer);
});

// Every item is invalid (a malformed link token), so nothing is sent and the loop only reads.
const adjust = { provider: 'adjust', adjustLinkId: 'not valid!', adjustFields: { campaign: '={{ "c" + $json.n }}' } };

// The other nodes' loops (runItems): each item invalid too, each read through an expression on $json.n.
const others = {
	sendPush: { provider: 'kumulos', kumulosTitle: '={{ "Title " + $json.n }}', kumulosMessage: 'No target given' },
	manageChannel: { provider: 'kumulos', operation: 'delete', channelId: '={{ "x" + $json.n }}' },
	getOpens: { provider: 'kumulos', operation: 'installOpens', notificationId: '={{ "x" + $json.n }}' },
	manageDeepLink: { provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'id', value: '={{ "not an id " + $json.n }}' } },
};

test.each([
	['Create Deep Link', { type: 'createDeepLink', parameters: adjust, onError: 'continueRegularOutput' }],
	['Bulk Create Deep Links', { type: 'bulkCreateDeepLinks', typeVersion: 1, parameters: adjust }],
	...Object.entries(others).map(([type, parameters]) => [type, { type, parameters, onError: 'continueRegularOutput' }]),
])('%s lets timers fire while it reads', async (_name, node) => {
	const { outputs, error } = await runNode({ node, credentials, trigger: 'test.watchedItems' });
	expect(error).toBeUndefined();
	expect(outputs.flat()).toHaveLength(COUNT);
	expect(outputs.flat().every((item) => item.json.error)).toBe(true);
	expect(reads.length).toBeGreaterThanOrEqual(COUNT);
	// Timers ran between the first and the last read: the loop gave the event loop back while reading.
	expect(reads[reads.length - 1]).toBeGreaterThan(reads[0]);
	expect(new Set(reads).size).toBeGreaterThan(2);
});
