// JSON parameters given as text: Node's own parse error quotes the text (`Unexpected token 'k', "key_live_…" is
// not valid JSON`), and a user may have pasted anything there, a key included. The node says where the text
// stops being JSON (line and column) and what it expected there, never the text. Node 20 and 24 word their
// messages differently, so nothing here depends on Node's wording.
const { runNode } = require('../helpers/engine');
const { credentials } = require('../helpers/credentials');
const { isolateRequests, recordingProviders, sent } = require('../helpers/http');
const { expectRefused } = require('../helpers/refusals');

isolateRequests();

const { branch, push } = recordingProviders({ branch: () => [200, { url: 'https://x.app.link/a' }], push: () => [201, { id: 1 }] });

const VALUE = 'a value (an object, a list, text in double quotes, a number, true, false or null)';

const CASES = [
	['a pasted key', 'key_live_Zq9PastedKey', `expected ${VALUE} at line 1, column 1, but found something else`],
	['a key quoted the wrong way', "{'key_live_Zq9PastedKey': 1}", 'expected a property name in double quotes at line 1, column 2, but found something else'],
	['an unquoted property on line 3', '{\n  "a": 1,\n  key_live_Zq9PastedKey: 2\n}', 'expected a property name in double quotes at line 3, column 3, but found something else'],
	['a missing comma', '{"a": "key_live_Zq9PastedKey" "b": 2}', 'expected "," or "}" at line 1, column 31, but found something else'],
	['a trailing comma', '{"a": 1,}', 'expected a property name in double quotes at line 1, column 9, but found something else'],
	['a missing colon', '{"key_live_Zq9PastedKey" 1}', 'expected ":" after the property name at line 1, column 26, but found something else'],
	['text cut short', '{"a": "key_live_Zq9PastedKey', 'expected a closing double quote at line 1, column 29, but the text ended'],
	['an object cut short', '{"a": [1, 2', 'expected "," or "]" at line 1, column 12, but the text ended'],
	['a raw line break in text', '{"a": "key_live\nZq9PastedKey"}', 'expected no line break or tab inside text in double quotes (write it as \\n or \\t) at line 1, column 16, but found something else'],
	['a bad escape', '{"a": "\\q"}', 'expected an escape such as \\n, \\" or \\u00e9 after the backslash at line 1, column 9, but found something else'],
	['a bad number', '{"a": -x}', 'expected a digit at line 1, column 8, but found something else'],
	['two values', '{"a": 1} {"b": 2}', 'expected the end of the text (only one JSON value is allowed) at line 1, column 10, but found something else'],
	['a misspelt literal', '{"a": tru}', `expected ${VALUE} at line 1, column 7, but found something else`],
	['a tab-indented second line', '{\n\t"a": 1 x\n}', 'expected "," or "}" at line 2, column 9, but found something else'],
];

describe.each(CASES)('%s', (_name, text, where) => {
	test('Create Deep Link (Branch Link Data): line, column and what was expected, not the text', async () => {
		const { items } = await expectRefused({
			node: { type: 'createDeepLink', parameters: { provider: 'branch', branchData: '={{ $json.data }}' } },
			items: [{ data: text }, { data: '{"ok": true}' }],
			credentials,
			log: branch,
			message: `Item 0: Link Data is not valid JSON: ${where}`,
			field: 'Link Data',
			sent: [{ method: 'POST', path: '/v1/url', body: { data: { ok: true }, branch_key: credentials.branchApi.branchKey } }],
		});
		expect(JSON.stringify(items[0].json)).not.toContain('Zq9PastedKey');
	});
});

test('Send Push Data, Reporting Meta and User Meta report the same way', async () => {
	const base = { provider: 'kumulos', kumulosTargets: { userIds: 'u1' }, kumulosTitle: 'Hi', kumulosMessage: 'There' };
	for (const [parameters, label] of [
		[{ kumulosPushFields: { data: 'key_live_Zq9PastedKey' } }, 'Data'],
		[{ kumulosPushFields: { reportingMeta: '{"campaign": summer}' } }, 'Reporting Meta'],
		[{ kumulosTargets: { userIds: 'u1', userMeta: '{"u1": {"n": 1}' } }, 'User Meta'],
	]) {
		const { error } = await runNode({ node: { type: 'sendPush', name: 'Node', parameters: { ...base, ...parameters } }, credentials });
		expect(error.message).toMatch(new RegExp(`^Item 0: ${label} is not valid JSON: expected .+ at line 1, column \\d+, but (found something else|the text ended)$`));
		expect(error.message).not.toContain('Zq9PastedKey');
		expect(error.message).not.toContain('summer');
	}
	expect(push).toEqual([]);
});

test('valid JSON text and objects are read as before', async () => {
	const { error } = await runNode({ node: { type: 'createDeepLink', name: 'Node', parameters: { provider: 'branch', branchData: ' \n {"a": [1, -2.5e3, "\\u00e9\\n", true, null], "b": {}} \t' } }, credentials });
	expect(error).toBeUndefined();
	expect(sent(branch)).toEqual([{ method: 'POST', path: '/v1/url', body: { data: { a: [1, -2500, 'é\n', true, null], b: {} }, branch_key: credentials.branchApi.branchKey } }]);
});
