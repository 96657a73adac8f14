// Runs workflows through the real n8n engine (n8n-core's WorkflowExecute) with this package loaded by
// n8n-core's own PackageDirectoryLoader from the built dist/, exactly as n8n loads a community package.
const path = require('node:path');
const { PackageDirectoryLoader, WorkflowExecute, ExecutionLifecycleHooks, ExecuteContext, LoadOptionsContext, RoutingNode } = require('n8n-core');
const {
	Workflow,
	NodeHelpers,
	ICredentialsHelper,
	createRunExecutionData,
} = require('n8n-workflow');

const baseNodes = require('./base-nodes');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = 'n8n-nodes-mobile-engagement';

let loaderPromise;
/** Loads dist/ once per test file. */
function loadPackage() {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

/** Test-only nodes: a trigger that emits the items a test gives it, and the credential-less no-op. */
const testNodes = {
	'test.items': {
		description: {
			displayName: 'Test Items',
			name: 'test.items',
			group: ['trigger'],
			version: 1,
			description: 'Emits the items given in its parameters',
			defaults: { name: 'Items' },
			inputs: [],
			outputs: ['main'],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		},
		async execute() {
			const items = JSON.parse(this.getNodeParameter('items', 0));
			return [items.map((json) => ({ json }))];
		},
	},
};

/**
 * Calls the package's transport (from dist/) with a request given as a parameter, so transport
 * behaviours are tested through the real engine and n8n-core's real httpRequestWithAuthentication.
 */
const transport = () => require(path.join(ROOT, 'dist/nodes/shared/transport'));
/** A provider's spec by id, as the nodes pass it to the transport. */
const providerSpec = (id) => require(path.join(ROOT, 'dist/nodes/shared/providers')).PROVIDERS.find((spec) => spec.id === id);
testNodes['test.transport'] = {
	description: {
		displayName: 'Test Transport',
		name: 'test.transport',
		group: ['transform'],
		version: 1,
		description: 'Sends the request in its parameters through providerRequest',
		defaults: { name: 'Transport' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: ['adjustApi', 'branchApi', 'kumulosApi', 'shortifyApi'].map((name) => ({ name, required: false })),
		properties: [
			{ displayName: 'Provider', name: 'provider', type: 'string', default: 'adjust' },
			{ displayName: 'Request', name: 'request', type: 'json', default: '{}' },
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'request' },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 0 },
		],
	},
	async execute() {
		const { providerRequest, paginate } = transport();
		const provider = providerSpec(this.getNodeParameter('provider', 0));
		const request = JSON.parse(this.getNodeParameter('request', 0));
		if (this.getNodeParameter('mode', 0) === 'paginate') {
			const limit = this.getNodeParameter('limit', 0) || undefined;
			const pages = [];
			const all = [];
			const pageOf = async (cursor, wanted) => {
				const qs = { ...request.qs, limit: Math.min(wanted ?? 100, 100), ...(cursor ? { cursor } : {}) };
				pages.push(qs);
				const { body } = await providerRequest.call(this, provider, { ...request, qs });
				return { items: body.data, nextCursor: body.pagination?.nextCursor };
			};
			for await (const item of paginate(pageOf, { limit })) all.push(item);
			return [all.map((json) => ({ json, pairedItem: { item: 0 } })).concat([{ json: { pages }, pairedItem: { item: 0 } }])];
		}
		const out = [];
		for (let index = 0; index < this.getInputData().length; index++) {
			const response = await providerRequest.call(this, provider, { ...request, itemIndex: index });
			out.push({ json: { statusCode: response.statusCode, body: response.body ?? null, attempts: response.attempts }, pairedItem: { item: index } });
		}
		return [out];
	},
};

/** A node that may use every credential type of the package: the node `sendAuthenticated` sends as. */
testNodes['test.signed'] = {
	description: {
		displayName: 'Test Signed Request',
		name: 'test.signed',
		group: ['transform'],
		version: 1,
		description: 'Sends one request signed by a credential type (sendAuthenticated)',
		defaults: { name: 'Signed Request' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: testNodes['test.transport'].description.credentials,
		properties: [],
	},
};

class NodeTypes {
	constructor(loader) {
		this.loader = loader;
	}
	getByName(name) {
		const short = name.startsWith(`${PACKAGE}.`) ? name.slice(PACKAGE.length + 1) : name;
		if (testNodes[short]) return testNodes[short];
		if (baseNodes[name]) return baseNodes[name];
		// n8n offers each node with usableAsTool as "<name>Tool" too, running the same node.
		const loaded = this.loader.nodeTypes[short] ?? (short.endsWith('Tool') ? this.loader.nodeTypes[short.slice(0, -4)] : undefined);
		if (!loaded) throw new Error(`Unknown node type ${name}`);
		return loaded.type;
	}
	getByNameAndVersion(name, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes() {
		return {};
	}
}

/** The same job n8n's CredentialsHelper does: decrypted values in, authenticated request out. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(loader, credentials) {
		super();
		this.loader = loader;
		this.credentials = credentials;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode(credentialType, nodeTypeName) {
		const short = nodeTypeName.replace(`${PACKAGE}.`, '').replace(/Tool$/, '');
		const type = testNodes[short] ?? this.loader.nodeTypes[short]?.type;
		const declared = type?.description.credentials ?? [];
		return declared.some((credential) => credential.name === credentialType);
	}
	async preAuthentication() {
		return undefined;
	}
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.loader.credentialTypes[typeName].type;
		const { authenticate } = type;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		const resolve = (value) =>
			typeof value === 'string' && value.startsWith('=')
				? String(
						workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
					)
				: value;
		const out = { ...requestOptions };
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			out[outerKey] = { ...(out[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(values)) out[outerKey][resolve(key)] = resolve(value);
		}
		return out;
	}
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		// n8n decrypts (and reads from its database) on every call; tests count them.
		this.reads = (this.reads ?? 0) + 1;
		const values = this.credentials[type];
		if (!values) throw new Error(`No test credentials for ${type}`);
		return { ...values };
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

/** A node's credentials slot for each type in `credentials` (test values by type), as a saved workflow holds it. */
const nodeCredentials = (credentials) => Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `cred-${type}`, name: `Test ${type}` }]));

let executions = 0;
/** Every run is its own execution, as in n8n: the Retry On Fail ledger is keyed by execution. */
const nextExecutionId = () => `test-execution-${++executions}`;

function additionalData(credentialsHelper, hooks, executionId = nextExecutionId()) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		executeWorkflow: async () => ({ data: [] }),
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('no task runner in tests');
		},
		parentCallbackManager: undefined,
		ssrfBridge: undefined,
		encryptedRunnerIdentity: undefined,
	};
}

/**
 * Runs `items → node` (plus any extra nodes/connections) and returns
 * `{ items, error, runData, run }` where `items` are the node's output items (json + pairedItem).
 */
async function runNode({ node, items = [{}], credentials = {}, nodes: extraNodes = [], connections: extraConnections = {}, timezone = 'UTC', trigger: triggerType = 'test.items' }) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader);
	const target = {
		id: 'node-under-test',
		name: node.name ?? 'Node',
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
		...node,
		type: node.type.includes('.') ? node.type : `${PACKAGE}.${node.type}`,
	};
	const credentialType = Object.keys(credentials)[0];
	if (credentialType && !target.credentials) {
		target.credentials = nodeCredentials(credentials);
	}
	const trigger = {
		id: 'items',
		name: 'Items',
		type: triggerType,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(items) },
	};
	const workflowData = {
		id: 'test-workflow',
		name: 'test',
		active: false,
		nodes: [trigger, target, ...extraNodes],
		connections: {
			Items: { main: [[{ node: target.name, type: 'main', index: 0 }]] },
			...extraConnections,
		},
		settings: { timezone, executionOrder: 'v1' },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	let resolveRun;
	const finished = new Promise((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	const credentialsHelper = new CredentialsHelper(loader, credentials);
	const data = additionalData(credentialsHelper, hooks, executionId);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(data, 'manual', runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished;
	const runData = run.data.resultData.runData;
	const nodeRun = runData[target.name]?.[0];
	return {
		run,
		runData,
		items: nodeRun?.data?.main?.[0] ?? [],
		outputs: nodeRun?.data?.main ?? [],
		error: nodeRun?.error ?? run.data.resultData.error,
		hints: nodeRun?.hints,
		credentialReads: credentialsHelper.reads ?? 0,
	};
}

/**
 * Runs a whole workflow (an exported n8n workflow JSON) from its trigger, with its pinned data, and
 * returns `{ run, runData, error, output(nodeName) }`.
 */
async function runWorkflow(workflowJson, { credentials = {}, timezone } = {}) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader);
	const settings = { executionOrder: 'v1', ...workflowJson.settings, ...(timezone ? { timezone } : {}) };
	const workflow = new Workflow({
		id: workflowJson.id ?? 'example',
		name: workflowJson.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings,
		pinData: workflowJson.pinData,
	});
	const start = workflowJson.nodes.find((node) => nodeTypes.getByName(node.type).description.group.includes('trigger'));
	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, { ...workflowJson, settings });
	let resolveRun;
	const finished = new Promise((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	const data = additionalData(new CredentialsHelper(loader, credentials), hooks, executionId);
	const runExecutionData = createRunExecutionData({
		resultData: { pinData: workflowJson.pinData ?? {} },
		executionData: { nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	await new WorkflowExecute(data, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		runData,
		error: run.data.resultData.error,
		output: (name, index = 0) => runData[name]?.[0]?.data?.main?.[index] ?? [],
	};
}

/**
 * The request n8n's "Test credential" button sends for a credential type, not yet signed: the type's
 * `test.request` with its expressions resolved against the values. `{ options, workflow, node }`.
 */
async function credentialTestOptions(typeName, values) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader);
	const node = { id: 'cred-test', name: 'Credential Test', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const resolve = (value) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: values }, undefined, '')
			: value && typeof value === 'object'
				? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]))
				: value;
	const { request } = loader.credentialTypes[typeName].type.test;
	const resolved = resolve(request);
	const options = { method: 'GET', ...resolved, url: `${resolved.baseURL ?? ''}${resolved.url}` };
	delete options.baseURL;
	return { options, workflow, node };
}

/**
 * The request n8n's "Test credential" button sends for a credential type: the type's `test.request`
 * with its expressions resolved against the values, then authenticated by the type itself.
 */
async function credentialTestRequest(typeName, values) {
	const { options, workflow, node } = await credentialTestOptions(typeName, values);
	return await new CredentialsHelper(await loadPackage(), { [typeName]: values }).authenticate(values, typeName, options, workflow, node);
}

/**
 * An n8n-core ExecuteContext for a one-node workflow whose node (of `nodeType`) has the
 * credential `typeName` with `values`: what a node's `execute` gets as `this`, requests signed by the
 * CredentialsHelper above.
 */
async function credentialContext(typeName, values, nodeType) {
	const loader = await loadPackage();
	const node = { id: 'temp', name: 'Temp-Node', type: nodeType.description.name, typeVersion: 1, position: [0, 0], parameters: {}, credentials: { [typeName]: { id: 'cred', name: 'Test' } } };
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { nodes: [node], connections: {} });
	const data = additionalData(new CredentialsHelper(loader, { [typeName]: values }), hooks);
	return new ExecuteContext(workflow, node, data, 'internal', createRunExecutionData({}), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
}

/**
 * Sends `options` (IHttpRequestOptions with a full `url`) as a node's
 * `this.helpers.httpRequestWithAuthentication(typeName, options)` does: through n8n-core, signed by the
 * credential type's own `authenticate`. For setting a sandbox up as a client would, without writing a
 * credential into a request by hand. Answers `{ statusCode, statusMessage, headers, body }` whatever the status.
 */
async function sendAuthenticated(typeName, values, options) {
	const context = await credentialContext(typeName, values, testNodes['test.signed']);
	return await context.helpers.httpRequestWithAuthentication.call(context, typeName, { json: true, ...options, returnFullResponse: true, ignoreHttpStatusErrors: true });
}

/**
 * What n8n's editor gives a node type's `methods` (listSearch, loadOptions) for `parameters` of one of its
 * parameters (`path`, e.g. 'parameters.shortifyLink'): n8n-core's LoadOptionsContext for `node`, requests signed
 * by the CredentialsHelper above with `credentials`. `{ context, credentialsHelper }`.
 */
async function loadOptionsContext({ node: { type, parameters = {}, ...node }, credentials, path }) {
	const loader = await loadPackage();
	const target = {
		id: 'load-options-node',
		name: type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: nodeCredentials(credentials),
		...node,
		type: `${PACKAGE}.${type}`,
	};
	const workflow = new Workflow({ id: 'load-options', nodes: [target], connections: {}, active: false, nodeTypes: new NodeTypes(loader), settings: {} });
	const credentialsHelper = new CredentialsHelper(loader, credentials);
	const data = { ...additionalData(credentialsHelper, undefined, 'load-options'), currentNodeParameters: parameters };
	return { context: new LoadOptionsContext(workflow, target, data, path), credentialsHelper };
}

/**
 * n8n's verdict on a credential test's answer, as its CredentialsTester (packages/cli) gives it: a non-2xx
 * answer gets the message of the first `responseCode` rule for its status, or else its status text; a 2xx
 * answer is OK unless a `responseSuccessBody` rule matches its body. Rules never turn a failure into OK.
 */
function credentialTestVerdict(test, { status, statusText, body }) {
	if (status < 200 || status > 299) {
		const rule = (test.rules ?? []).find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === status);
		if (rule) return { status: 'Error', message: rule.properties.message };
		return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (rule.properties.key.split('.').reduce((value, key) => value?.[key], body) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * What n8n's "Test credential" button shows for a credential type's values: `{ status: 'OK' | 'Error',
 * message }`. The request goes out as n8n sends it: through n8n-core's RoutingNode, with the type's
 * `test.request` (baseURL and url apart, as n8n hands them to `authenticate`) and the type's own
 * `authenticate`; the answer is judged by `credentialTestVerdict`.
 */
async function credentialTest(typeName, values) {
	const test = (await loadPackage()).credentialTypes[typeName].type.test;
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const context = await credentialContext(typeName, values, nodeType);
	let response;
	try {
		response = await new RoutingNode(context, nodeType, { id: 'cred', name: 'Test', type: typeName, data: values }).runNode();
	} catch (error) {
		const answer = error.cause?.response;
		if (answer) return credentialTestVerdict(test, { status: answer.status, statusText: answer.statusText, body: answer.data });
		return { status: 'Error', message: error.cause?.code ?? error.message.toString() };
	}
	return credentialTestVerdict(test, { status: 200, body: response[0][0]?.json });
}

module.exports = {
	runNode,
	runWorkflow,
	loadPackage,
	credentialTestOptions,
	credentialTestRequest,
	credentialTest,
	credentialTestVerdict,
	sendAuthenticated,
	loadOptionsContext,
	testNodes,
	providerSpec,
	PACKAGE,
	NodeTypes,
	CredentialsHelper,
	additionalData,
	nodeCredentials,
};
