// The resource locator's listSearch method, called as n8n's editor does: through the node type's
// methods, with n8n-core's own LoadOptionsContext and the real httpRequestWithAuthentication.
const { loadPackage, loadOptionsContext } = require('../helpers/engine');
const { credentials, authHeader, ORIGINS } = require('../helpers/credentials');
const { isolateRequests, sent } = require('../helpers/http');

const SHORTIFY = ORIGINS.shortify;

/** The editor's context for the Deep Link locator, its requests signed by the Shortify credential's own `authenticate`. */
async function searchContext(parameters) {
	const { context, credentialsHelper } = await loadOptionsContext({ node: { type: 'manageDeepLink', name: 'Manage Deep Link', parameters }, credentials: { shortifyApi: credentials.shortifyApi }, path: 'parameters.shortifyLink' });
	const { methods } = (await loadPackage()).nodeTypes.manageDeepLink.type;
	return { context, method: methods.listSearch.searchShortifyLinks, signed: jest.spyOn(credentialsHelper, 'authenticate') };
}

const { log, expectRequest } = isolateRequests();

const intercept = (reply) => expectRequest(SHORTIFY, 'GET', '/v1/deep-links', reply, { query: true });
/** The credential types the requests were signed with. */
const signedWith = (signed) => signed.mock.calls.map(([, typeName]) => typeName);

test('searchShortifyLinks sends the filter as search, pages with the cursor and names links by title and short link', async () => {
	const parameters = { provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'list', value: '' } };
	const { context, method, signed } = await searchContext(parameters);
	intercept([200, {
		success: true,
		data: [
			{ id: 'link_1', title: 'Invite flow', shortLink: 'https://go.example.com/invite-abc' },
			{ id: 'link_2', title: null, shortLink: 'https://go.example.com/x7' },
		],
		pagination: { nextCursor: 'c2', hasMore: true },
	}]);
	intercept([200, { success: true, data: [{ id: 'link_3', title: 'Last' }], pagination: { nextCursor: null, hasMore: false } }]);

	const first = await method.call(context, ' invite ');
	expect(first).toEqual({
		results: [
			{ name: 'Invite flow (https://go.example.com/invite-abc)', value: 'link_1', url: 'https://go.example.com/invite-abc' },
			{ name: 'https://go.example.com/x7', value: 'link_2', url: 'https://go.example.com/x7' },
		],
		paginationToken: 'c2',
	});
	const second = await method.call(context, 'invite', first.paginationToken);
	expect(second).toEqual({ results: [{ name: 'Last', value: 'link_3' }], paginationToken: undefined });
	expect(sent(log, ['api-key'])).toEqual([
		{ method: 'GET', path: '/v1/deep-links?limit=50&search=invite', headers: { 'api-key': authHeader.shortify } },
		{ method: 'GET', path: '/v1/deep-links?limit=50&search=invite&cursor=c2', headers: { 'api-key': authHeader.shortify } },
	]);
	expect(signedWith(signed)).toEqual(['shortifyApi', 'shortifyApi']);
});

test('searchShortifyLinks without a filter lists, and a 401 reaches the editor with the provider message', async () => {
	const { context, method, signed } = await searchContext({ provider: 'shortify', operation: 'archive' });
	intercept([401, { success: false, error: { code: 'unauthorized', message: 'Invalid API key' }, requestId: 'req_1' }]);
	await expect(method.call(context)).rejects.toThrow('Shortify returned 401: Invalid API key');
	expect(sent(log, ['api-key'])).toEqual([{ method: 'GET', path: '/v1/deep-links?limit=50', headers: { 'api-key': authHeader.shortify } }]);
	expect(signedWith(signed)).toEqual(['shortifyApi']);
});
