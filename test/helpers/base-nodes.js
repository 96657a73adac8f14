// Stand-ins for the few n8n-nodes-base nodes the example workflows use (n8n-nodes-base is not a
// dependency of this package). Triggers emit the workflow's pinned data, as a manual run in n8n does.
const vm = require('node:vm');
const { DateTime } = require('luxon');

const trigger = (name, displayName) => ({
	description: {
		displayName,
		name: `n8n-nodes-base.${name}`,
		group: ['trigger'],
		version: [1, 1.1, 1.2, 2],
		description: displayName,
		defaults: { name: displayName },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	// Without pinned data a trigger emits one empty item, like a manual run.
	async execute() {
		return [[{ json: {} }]];
	},
});

/** The Code node's "Run Once for All Items" mode: the script gets $input and returns items. */
const code = {
	description: {
		displayName: 'Code',
		name: 'n8n-nodes-base.code',
		group: ['transform'],
		version: [1, 2],
		description: 'Runs JavaScript',
		defaults: { name: 'Code' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'runOnceForAllItems' },
			{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' },
		],
	},
	async execute() {
		const items = this.getInputData();
		const jsCode = this.getNodeParameter('jsCode', 0);
		const $input = { all: () => items, first: () => items[0], last: () => items[items.length - 1] };
		const context = vm.createContext({ $input, items, $now: DateTime.now(), DateTime, console });
		const result = await vm.runInContext(`(async () => {\n${jsCode}\n})()`, context);
		const list = Array.isArray(result) ? result : [result];
		return [list.map((entry, index) => ({ json: entry && entry.json ? entry.json : entry, pairedItem: { item: Math.min(index, Math.max(items.length - 1, 0)) } }))];
	},
};

const noOp = {
	description: { displayName: 'No Operation', name: 'n8n-nodes-base.noOp', group: ['organization'], version: 1, description: 'Passes items on', defaults: { name: 'No Operation' }, inputs: ['main'], outputs: ['main'], properties: [] },
	async execute() {
		return [this.getInputData()];
	},
};

module.exports = {
	'n8n-nodes-base.manualTrigger': trigger('manualTrigger', 'Manual Trigger'),
	'n8n-nodes-base.scheduleTrigger': trigger('scheduleTrigger', 'Schedule Trigger'),
	'n8n-nodes-base.webhook': trigger('webhook', 'Webhook'),
	'n8n-nodes-base.code': code,
	'n8n-nodes-base.noOp': noOp,
};
