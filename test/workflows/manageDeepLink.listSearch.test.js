// The resource locator's listSearch method, called as n8n's editor does: through the node type's
// methods, with n8n-core's own LoadOptionsContext and the real httpRequestWithAuthentication.
const nock = require('nock');
const { LoadOptionsContext } = require('n8n-core');
const { Workflow, NodeHelpers, ICredentialsHelper } = require('n8n-workflow');
const { loadPackage, PACKAGE } = require('../helpers/engine');
const { credentials, authHeader } = require('../helpers/credentials');
const { resetThrottles } = require('../../dist/nodes/shared/transport');

const SHORTIFY = 'https://api.shortify.com';

/** Signs requests with the Shortify credential's own `authenticate` function (the api-key header), as n8n's CredentialsHelper does. */
class CredentialsHelper extends ICredentialsHelper {
	getParentTypes() {
		return [];
	}
	async getDecrypted(_data, _nodeCredentials, type) {
		return { ...credentials[type] };
	}
	async authenticate(values, typeName, requestOptions) {
		expect(typeName).toBe('shortifyApi');
		return await (await loadPackage()).credentialTypes[typeName].type.authenticate(values, requestOptions);
	}
	async preAuthentication() {
		return undefined;
	}
	isCredentialUsableByNode() {
		return true;
	}
	async getCredentials() {
		return {};
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return [];
	}
}

async function searchContext(parameters) {
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes.manageDeepLink.type;
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(nodeType, version),
		getKnownTypes: () => ({}),
	};
	const node = {
		id: 'n1',
		name: 'Manage Deep Link',
		type: `${PACKAGE}.manageDeepLink`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { shortifyApi: { id: 'cred-shortify', name: 'Shortify' } },
	};
	const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const additionalData = {
		credentialsHelper: new CredentialsHelper(),
		currentNodeParameters: parameters,
		executionId: 'load-options',
		restApiUrl: 'http://localhost:5678/rest',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
	};
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.shortifyLink');
	return { context, method: nodeType.methods.listSearch.searchShortifyLinks };
}

let log;
beforeEach(() => {
	log = [];
	nock.disableNetConnect();
	resetThrottles();
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

const intercept = (reply) =>
	nock(SHORTIFY)
		.get('/v1/deep-links')
		.query(true)
		.reply(function (uri) {
			log.push({ path: decodeURIComponent(uri), apiKey: this.req.headers['api-key'] });
			return reply;
		});

test('searchShortifyLinks sends the filter as search, pages with the cursor and names links by title and short link', async () => {
	const parameters = { provider: 'shortify', operation: 'get', shortifyLink: { __rl: true, mode: 'list', value: '' } };
	const { context, method } = await searchContext(parameters);
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
	expect(log).toEqual([
		{ path: '/v1/deep-links?limit=50&search=invite', apiKey: authHeader.shortify },
		{ path: '/v1/deep-links?limit=50&search=invite&cursor=c2', apiKey: authHeader.shortify },
	]);
});

test('searchShortifyLinks without a filter lists, and a 401 reaches the editor with the provider message', async () => {
	const { context, method } = await searchContext({ provider: 'shortify', operation: 'archive' });
	intercept([401, { success: false, error: { code: 'unauthorized', message: 'Invalid API key' }, requestId: 'req_1' }]);
	await expect(method.call(context)).rejects.toThrow('Shortify returned 401: Invalid API key');
	expect(log).toEqual([{ path: '/v1/deep-links?limit=50', apiKey: authHeader.shortify }]);
});
