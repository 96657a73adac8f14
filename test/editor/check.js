#!/usr/bin/env node
// `node test/editor/check.js`: the package's nodes as a workflow builder sees them in a real n8n 2.40.7
// editor, driven headlessly with puppeteer-core and Debian's Chromium. It builds and packs the package,
// starts the provider sandbox and a throw-away n8n (see host.js), and records:
//
//   noCredentials  what a new user sees before any credential exists (provider choice, "Create new credential")
//   nodes          each node added through the node creator, for each provider: visible parameters, the Provider
//                  dropdown, the credential slot and its options, notices, issues; plus canvas subtitles and the
//                  workflow as n8n saved it
//   examples       each examples/*.json opened: the provider and credential each of our nodes shows
//   tools          the Tool variants under an AI Agent's Tools connector
//   execute        "Execute step" from the editor against the sandbox, and which provider the request reached
//
// It prints a JSON report and writes it, with screenshots, under /tmp/editor-check/<label>/ (never the repo).
// Expectations (test/editor/expectations.json format, or --expect key=value) turn it into a check: exit 1
// when one fails. See test/editor/README.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, CACHE, run, setLogger } = require('../../sandbox/n8n-host');
const { startEditorHost, waitFor } = require('./host');
const P = require('./probe');

const NODES = [
	{ displayName: 'Create Deep Link', name: 'createDeepLink' },
	{ displayName: 'Bulk Create Deep Links', name: 'bulkCreateDeepLinks' },
	{ displayName: 'Manage Deep Link', name: 'manageDeepLink' },
	{ displayName: 'Send Push', name: 'sendPush' },
	{ displayName: 'Manage Channel', name: 'manageChannel' },
	{ displayName: 'Get Opens', name: 'getOpens' },
	{ displayName: 'Push Opened Trigger', name: 'pushOpenedTrigger' },
	{ displayName: 'Deep Link Created Trigger', name: 'deepLinkCreatedTrigger' },
];
const PACKAGE = 'n8n-nodes-mobile-engagement';
const SECTIONS = ['noCredentials', 'nodes', 'examples', 'tools', 'execute'];

// ---- command line ---------------------------------------------------------------------------------------

function parseArgs(argv) {
	const args = { out: '/tmp/editor-check', label: 'current', expect: [], expectFile: null, only: null, build: true, keep: false, slowMo: 0 };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1);
			return argv[++i];
		};
		const flag = arg.split('=')[0];
		if (flag === '--out') args.out = value();
		else if (flag === '--label') args.label = value();
		else if (flag === '--expectations') args.expectFile = value();
		else if (flag === '--expect') args.expect.push(value());
		else if (flag === '--only') args.only = value().split(',');
		else if (flag === '--no-build') args.build = false;
		else if (flag === '--keep') args.keep = true;
		else if (flag === '--help' || flag === '-h') {
			console.log(fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8'));
			process.exit(0);
		} else throw new Error(`unknown argument ${arg} (see --help)`);
	}
	return args;
}

const args = parseArgs(process.argv.slice(2));
const OUT = path.join(args.out, args.label);
const SHOTS = path.join(OUT, 'screenshots');
const started = Date.now();
const log = (message) => process.stderr.write(`[editor-check ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
setLogger(log);
const wanted = (section) => !args.only || args.only.includes(section);
const slug = (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
let shotIndex = 0;
const shot = async (page, name) => {
	const file = path.join(SHOTS, `${String(++shotIndex).padStart(3, '0')}-${slug(name)}.png`);
	await P.screenshot(page, file).catch((error) => log(`screenshot ${name} failed: ${error.message}`));
	return file;
};

// ---- what the editor knows about our node types -----------------------------------------------------------

/** Provider options, credential declarations and subtitle of each node type, from the editor's own store. */
async function nodeTypeInfo(page) {
	return page.evaluate((pkg, names) => {
		const pinia = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia;
		const nodeTypes = pinia._s.get('nodeTypes');
		const credentials = pinia._s.get('credentials');
		const credentialName = (type) => credentials.getCredentialTypeByName?.(type)?.displayName ?? type;
		const out = {};
		for (const name of names) {
			const description = nodeTypes.getNodeType(`${pkg}.${name}`, 1);
			if (!description) {
				out[name] = null;
				continue;
			}
			const provider = description.properties.find((p) => p.name === 'provider');
			const providers = (provider?.options ?? []).map((option) => {
				const credential = (description.credentials ?? []).find((c) => {
					// `provider` or its root-path form `/provider`.
					const show = c.displayOptions?.show?.provider ?? c.displayOptions?.show?.['/provider'];
					const hide = c.displayOptions?.hide?.provider ?? c.displayOptions?.hide?.['/provider'];
					const matches = (list) => (list ?? []).some((v) => v === option.value || (v && typeof v === 'object' && v._cnd && Object.values(v._cnd).includes(option.value)));
					if (show) return matches(show);
					if (hide) return !matches(hide);
					return false;
				});
				return { value: option.value, name: option.name, credentialType: credential?.name ?? null, credentialDisplayName: credential ? credentialName(credential.name) : null };
			});
			out[name] = {
				type: description.name,
				displayName: description.displayName,
				subtitle: description.subtitle ?? null,
				providerDefault: provider?.default ?? null,
				providers,
				credentials: JSON.parse(JSON.stringify(description.credentials ?? [])),
				// Operations and the node-creator action each one is listed as, per provider.
				// A trigger's Event options are listed the same way, as trigger actions.
				operations: description.properties
					.filter((p) => p.name === 'operation' || p.name === 'event')
					.flatMap((p) => (p.options ?? []).map((o) => ({ param: p.name, value: o.value, name: o.name, action: o.action ?? (p.name === 'event' ? `On ${o.name.toLowerCase()}` : null), providers: p.displayOptions?.show?.provider ?? null }))),
				tool: !!nodeTypes.getNodeType(`${pkg}.${name}Tool`, 1),
				toolDisplayName: nodeTypes.getNodeType(`${pkg}.${name}Tool`, 1)?.displayName ?? null,
			};
		}
		return out;
	}, PACKAGE, NODES.map((n) => n.name));
}

// ---- one look at the open NDV -------------------------------------------------------------------------

async function activeNodeName(page) {
	return page.evaluate(() => {
		const pinia = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia;
		const key = [...pinia._s.keys()].find((k) => k.startsWith('ndv/') && k !== 'ndv/@latest') ?? 'ndv/@latest';
		const ndv = pinia._s.get(key);
		return ndv?.activeNodeName ?? ndv?.activeNode?.name ?? null;
	});
}

/** The NDV as shown, the node as stored, and the credential / provider dropdowns' options. */
async function snapshot(page, { info, provider, via, name, tag = '' }) {
	const nodeName = (await activeNodeName(page)) ?? name;
	const ndv = await P.readNdv(page);
	const state = await P.workflowState(page);
	const node = state?.nodes.find((n) => n.name === nodeName) ?? null;
	const credentialOptions = (await P.credentialOptions(page)) ?? [];
	const providerOptions = await P.providerOptions(page);
	const file = await shot(page, `${args.label} ${tag} ${nodeName} ${provider ?? 'initial'}`);
	const expectedProvider = provider ? info.providers.find((p) => p.name === provider) : info.providers.find((p) => p.value === node?.parameters?.provider);
	const offeredTypes = [...new Set(credentialOptions.filter((o) => !o.action).map((o) => o.meta).filter(Boolean))];
	const assignedTypes = Object.keys(node?.credentials ?? {});
	const credentialIssues = node?.issues?.credentials ?? null;
	const providerParameter = ndv?.parameters.find((p) => p.name === 'provider') ?? null;
	return {
		provider: provider ?? null,
		via: via ?? null,
		nodeName,
		providerDropdownVisible: !!providerParameter,
		providerShown: providerParameter?.value ?? null,
		providerOptions: providerOptions ? providerOptions.map((o) => o.label) : null,
		providerStored: node?.parameters?.provider ?? null,
		operationStored: node?.parameters?.operation ?? node?.parameters?.event ?? null,
		parameters: (ndv?.parameters ?? []).map((p) => p.label),
		parameterNames: (ndv?.parameters ?? []).map((p) => p.name),
		parametersWithIssues: (ndv?.parameters ?? []).filter((p) => p.issues).map((p) => p.label),
		notices: ndv?.notices ?? [],
		credentialSlot: (ndv?.credentials ?? []).map((c) => ({ label: c.label, selected: c.selected, buttons: c.buttons, hasIssues: c.hasIssues })),
		credentialOptions: credentialOptions.map((o) => (o.action ? { action: o.label } : { name: o.name ?? o.label, type: o.meta ?? null })),
		credentialTypesOffered: offeredTypes,
		credentialsAssigned: node?.credentials ?? {},
		credentialIssues,
		derived: {
			providerMatches: expectedProvider ? node?.parameters?.provider === expectedProvider.value : null,
			// A provider the node declares no credential for (Kumulos in Manage Deep Link) offers none.
			slotOffersOnlyProviderCredential: expectedProvider
				? expectedProvider.credentialType
					? offeredTypes.length > 0 && offeredTypes.every((t) => t === expectedProvider.credentialDisplayName)
					: offeredTypes.length === 0
				: null,
			assignedCredentialMatchesProvider: expectedProvider ? (expectedProvider.credentialType ? assignedTypes.includes(expectedProvider.credentialType) : assignedTypes.length === 0) : null,
			staleCredentialsAssigned: expectedProvider ? assignedTypes.filter((t) => t !== expectedProvider.credentialType) : [],
			credentialIssueWhileAssigned: !!(credentialIssues && expectedProvider && assignedTypes.includes(expectedProvider.credentialType) && credentialIssues[expectedProvider.credentialType]),
		},
		screenshot: file,
	};
}

/** Switch to a provider the way this editor allows: its dropdown if shown, else picking a credential of its type. */
async function switchProvider(page, providerInfo) {
	if (await P.isVisible(page, `${P.T('ndv')} ${P.T('parameter-input-provider')}`)) {
		await P.selectProvider(page, providerInfo.name);
		return 'dropdown';
	}
	for (let attempt = 0; attempt < 3; attempt++) {
		const options = (await P.credentialOptions(page)) ?? [];
		const option = options.find((o) => o.meta === providerInfo.credentialDisplayName);
		if (option) {
			if (option.selected) return 'credential (already selected)';
			await P.selectCredential(page, option.testId);
			return 'credential';
		}
		if (options.length) break;
		await P.sleep(700);
	}
	const name = await activeNodeName(page);
	const node = (await P.workflowState(page))?.nodes.find((n) => n.name === name);
	return node?.parameters?.provider === providerInfo.value ? 'already' : 'unreachable';
}

// ---- sections -----------------------------------------------------------------------------------------

async function sectionNoCredentials(page, host, infos) {
	const out = [];
	await P.newWorkflow(page, host.url);
	for (const node of NODES) {
		const info = infos[node.name];
		log(`no credentials: ${node.displayName}`);
		const entry = { node: node.displayName };
		try {
			await P.addNode(page, node.displayName);
			entry.initial = await snapshot(page, { info, name: node.displayName, tag: 'nocred' });
			entry.createNew = await P.probeCreateNewCredential(page, path.join(SHOTS, `${String(++shotIndex).padStart(3, '0')}-${slug(`${args.label} nocred ${node.displayName} create-new`)}.png`));
			if (entry.createNew?.options) entry.createNew.options = entry.createNew.options.map((o) => o.label);
			entry.createNew.expectedType = info.providers.find((p) => p.value === entry.initial.providerStored)?.credentialDisplayName ?? null;
			entry.createNew.opensExpectedType = entry.createNew.modal ? entry.createNew.modal.text.includes(entry.createNew.expectedType) : null;
			// With a visible Provider dropdown: does "Create new credential" follow a switch?
			const other = info.providers.find((p) => p.value !== entry.initial.providerStored);
			if (entry.initial.providerDropdownVisible && other) {
				await P.selectProvider(page, other.name);
				const after = await snapshot(page, { info, provider: other.name, via: 'dropdown', name: node.displayName, tag: 'nocred' });
				const createNew = await P.probeCreateNewCredential(page, path.join(SHOTS, `${String(++shotIndex).padStart(3, '0')}-${slug(`${args.label} nocred ${node.displayName} ${other.name} create-new`)}.png`));
				entry.afterSwitch = {
					...after,
					createNew: { ...createNew, options: createNew.options?.map((o) => o.label), expectedType: other.credentialDisplayName, opensExpectedType: createNew.modal ? createNew.modal.text.includes(other.credentialDisplayName) : null },
				};
			}
		} catch (error) {
			entry.error = error.message;
			await shot(page, `${args.label} nocred ${node.displayName} error`);
		}
		await P.closeNdv(page);
		out.push(entry);
	}
	return out;
}

async function sectionNodes(page, host, infos) {
	const out = { nodes: [], subtitles: [], saved: null };
	await P.newWorkflow(page, host.url);
	for (const node of NODES) {
		const info = infos[node.name];
		log(`nodes: ${node.displayName}`);
		const entry = { node: node.displayName, type: info.type, providersOffered: info.providers.map((p) => p.name), probes: [] };
		try {
			const added = await P.addNode(page, node.displayName);
			entry.nodeCreator = { results: added.results.map((r) => r.name), detailsPanel: added.detailsPanel, actions: added.actions?.actions ?? null, picked: added.picked ?? null };
			entry.initial = await snapshot(page, { info, name: node.displayName });
			if (added.picked) {
				// Did the node keep the action picked in the node creator?
				const operation = info.operations.find((o) => o.action === added.picked);
				entry.nodeCreator.pickedOperation = operation ? { value: operation.value, providers: operation.providers } : null;
				entry.nodeCreator.keptPickedAction = !!operation && entry.initial.operationStored === operation.value && (!operation.providers || operation.providers.includes(entry.initial.providerStored));
				entry.nodeCreator.actionsCoverProviders = [...new Set(info.operations.filter((o) => added.actions.actions.includes(o.action)).flatMap((o) => o.providers ?? []))];
			}
			for (const provider of info.providers) {
				const via = await switchProvider(page, provider);
				if (via === 'unreachable') {
					entry.probes.push({ provider: provider.name, via, reachable: false });
					continue;
				}
				entry.probes.push({ ...(await snapshot(page, { info, provider: provider.name, via, name: node.displayName })), reachable: true });
			}
		} catch (error) {
			entry.error = error.message;
			await shot(page, `${args.label} ${node.displayName} error`);
		}
		await P.closeNdv(page);
		out.nodes.push(entry);
	}
	out.subtitles = (await P.canvasNodes(page)).filter((n) => n.type?.startsWith(`${PACKAGE}.`));
	// Nodes added one after another may land on the same spot: tidy up and fit before the screenshot.
	for (const button of ['tidy-up-button', 'zoom-to-fit']) {
		if (await P.isVisible(page, P.T(button))) {
			await page.click(P.T(button)).catch(() => {});
			await P.sleep(600);
		}
	}
	out.canvasScreenshot = await shot(page, `${args.label} canvas`);
	// n8n 2.x saves on its own; Ctrl+S makes sure, then the backend's copy is read back.
	await page.keyboard.down('Control');
	await page.keyboard.press('s');
	await page.keyboard.up('Control');
	await P.sleep(2500);
	const state = await P.workflowState(page);
	try {
		const saved = await host.api('GET', `/workflows/${state.workflowId}`);
		const nodes = saved.data.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`));
		out.saved = {
			workflowId: state.workflowId,
			// n8n stores only parameters that differ from their default: a missing provider is the default one.
			nodes: nodes.map((n) => ({ name: n.name, provider: n.parameters?.provider ?? null, operation: n.parameters?.operation ?? null, credentials: Object.keys(n.credentials ?? {}) })),
			matchesEditor: nodes.every((n) => {
				const inEditor = state.nodes.find((e) => e.name === n.name);
				const fallback = infos[n.type.slice(PACKAGE.length + 1)]?.providerDefault ?? null;
				return inEditor && (inEditor.parameters.provider ?? fallback) === (n.parameters?.provider ?? fallback);
			}),
		};
	} catch (error) {
		out.saved = { workflowId: state?.workflowId ?? null, error: error.message };
	}
	return out;
}

/** [path, value] of every parameter that is a $fromAI() expression. */
function fromAiExpressions(value, at = []) {
	if (typeof value === 'string') return value.includes('$fromAI(') ? [[at, value]] : [];
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, inner]) => fromAiExpressions(inner, [...at, key]));
}
const valueAt = (value, at) => at.reduce((inner, key) => inner?.[key], value);

async function sectionExamples(page, host, infos) {
	const out = [];
	for (const example of host.examples) {
		log(`examples: ${example.file}`);
		const entry = { file: example.file, workflowId: example.id, withoutCredentials: !!example.withoutCredentials, nodes: [] };
		try {
			await P.openWorkflow(page, host.url, example.id);
			entry.canvas = (await P.canvasNodes(page)).filter((n) => n.type?.startsWith(`${PACKAGE}.`));
			entry.screenshot = await shot(page, `${args.label} example ${example.file}`);
			const ours = example.workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`));
			const stateBefore = await P.workflowState(page);
			for (const fileNode of ours) {
				const short = fileNode.type.slice(PACKAGE.length + 1).replace(/Tool$/, '');
				const info = infos[short];
				const fileProvider = fileNode.parameters?.provider ?? info?.providerDefault ?? null;
				const loaded = stateBefore.nodes.find((n) => n.name === fileNode.name);
				let view = null;
				try {
					await P.openNodeByName(page, fileNode.name);
					view = await snapshot(page, { info, name: fileNode.name, tag: `example ${example.id}` });
				} catch (error) {
					view = { error: error.message };
				}
				await P.closeNdv(page);
				const after = (await P.workflowState(page)).nodes.find((n) => n.name === fileNode.name);
				entry.nodes.push({
					name: fileNode.name,
					type: short,
					withoutCredentials: !!example.withoutCredentials,
					providerInFile: fileNode.parameters?.provider ?? null,
					providerExpected: fileProvider,
					providerOnLoad: loaded?.parameters?.provider ?? null,
					providerShown: view?.providerShown ?? null,
					providerDropdownVisible: view?.providerDropdownVisible ?? null,
					providerAfterOpening: after?.parameters?.provider ?? null,
					credentialInFile: Object.keys(fileNode.credentials ?? {}),
					credentialSelected: view?.credentialSlot?.map((c) => c.selected) ?? null,
					credentialsAfterOpening: Object.keys(after?.credentials ?? {}),
					credentialIssues: view?.credentialIssues ?? null,
					parameters: view?.parameters ?? null,
					keepsProvider: (after?.parameters?.provider ?? info?.providerDefault) === fileProvider,
					fromAiKept: fromAiExpressions(fileNode.parameters).every(([at, value]) => valueAt(loaded?.parameters, at) === value),
					onCanvas: entry.canvas.some((n) => n.name === fileNode.name && n.type === fileNode.type),
					screenshot: view?.screenshot ?? null,
					...(view?.error ? { error: view.error } : {}),
				});
			}
		} catch (error) {
			entry.error = error.message;
		}
		out.push(entry);
	}
	return out;
}

async function sectionTools(page, host, infos) {
	const out = { agentAdded: false, header: null, searches: [], toolNdv: null };
	try {
		await P.newWorkflow(page, host.url);
		await P.openNodeCreator(page);
		await P.searchNodeCreator(page, 'AI Agent');
		await P.clickNodeCreatorItem(page, 'AI Agent');
		await P.sleep(1500);
		await P.closeNdv(page);
		const plus = `${P.T('canvas-node')}[data-node-type="@n8n/n8n-nodes-langchain.agent"] [data-connection-type="ai_tool"] ${P.T('canvas-handle-plus')}`;
		const wrapper = `${P.T('canvas-node')}[data-node-type="@n8n/n8n-nodes-langchain.agent"] [data-connection-type="ai_tool"] ${P.T('canvas-handle-plus-wrapper')}`;
		await page.waitForSelector(`${plus}, ${wrapper}`, { timeout: 15_000 });
		out.agentAdded = true;
		const openTools = async () => {
			await P.closeNdv(page);
			await page.click((await page.$(plus)) ? plus : wrapper);
			await page.waitForSelector(P.T('node-creator-search-bar'), { visible: true, timeout: 10_000 });
			await P.sleep(500);
		};
		await openTools();
		out.header = await page.evaluate(() => document.querySelector('[data-test-id="nodes-list-header"]')?.innerText?.trim() ?? null);
		// Every node n8n offers as a tool must be listed; the others (Bulk Create, the triggers) must not be.
		for (const node of NODES) {
			const results = await P.searchNodeCreator(page, node.displayName);
			const offered = infos[node.name]?.tool === true;
			const expected = infos[node.name]?.toolDisplayName ?? `${node.displayName} Tool`;
			const listed = results.some((r) => r.name === expected);
			out.searches.push({ query: node.displayName, results: results.map((r) => r.name), expected: offered ? expected : null, offered, found: listed === offered });
		}
		out.screenshot = await shot(page, `${args.label} tools search`);
		// Add the first tool and look at it as the agent's tool.
		const first = out.searches[0];
		if (first?.found) {
			await P.searchNodeCreator(page, first.query);
			await P.clickNodeCreatorItem(page, first.expected);
			await page.waitForSelector(P.T('ndv'), { visible: true, timeout: 20_000 });
			await P.sleep(800);
			out.toolNdv = await snapshot(page, { info: infos[NODES[0].name], name: first.expected, tag: 'tool' });
			await P.closeNdv(page);
			out.canvas = (await P.canvasNodes(page)).filter((n) => n.type?.startsWith(`${PACKAGE}.`));
		}
	} catch (error) {
		out.error = error.message;
		await shot(page, `${args.label} tools error`);
	}
	return out;
}

async function runDataOf(page, nodeName) {
	return page.evaluate((name) => {
		const pinia = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia;
		const key = [...pinia._s.keys()].find((k) => k.startsWith('workflowExecutionStates/') && !k.endsWith('/@latest'));
		const store = key ? pinia._s.get(key) : null;
		const runs = store?.getActiveExecutionRunDataByNodeName?.(name) ?? null;
		const last = runs?.[runs.length - 1];
		if (!last) return null;
		const items = last.data?.main?.[0] ?? [];
		return {
			status: last.executionStatus ?? null,
			error: last.error ? String(last.error.message ?? last.error.description ?? last.error) : null,
			items: items.length,
			first: items[0]?.json ? { provider: items[0].json.provider ?? null, url: items[0].json.url ?? null, error: items[0].json.error ?? null } : null,
		};
	}, nodeName);
}

async function executeStep(page, host, nodeName) {
	const before = JSON.parse(JSON.stringify(host.sandbox.state.requests.byProvider));
	await page.click(`${P.T('ndv')} ${P.T('node-execute-button')}`);
	let result = null;
	await waitFor(async () => {
		result = await runDataOf(page, nodeName);
		return result && result.status !== 'running' && result.status !== 'waiting';
	}, { timeoutMs: 60_000, what: `${nodeName} to run` }).catch(() => {});
	await P.sleep(500);
	const after = host.sandbox.state.requests.byProvider;
	const reached = Object.keys(after).filter((p) => JSON.stringify(after[p]) !== JSON.stringify(before[p]));
	const errorShown = await page.evaluate(() => {
		const el = document.querySelector('[data-test-id="ndv"] [data-test-id="node-error-message"]');
		return el ? el.innerText.trim() : null;
	});
	return { ...(result ?? { status: null }), sandboxProvidersReached: reached, errorShown };
}

async function sectionExecute(page, host, infos) {
	const out = [];
	// 1. A node added in the editor and switched to Shortify there.
	try {
		log('execute: a new Create Deep Link on Shortify');
		await P.newWorkflow(page, host.url);
		await P.addNode(page, 'Create Deep Link');
		const info = infos.createDeepLink;
		const shortify = info.providers.find((p) => p.value === 'shortify');
		const via = await switchProvider(page, shortify);
		await P.sleep(500);
		// A user whose slot stayed empty after the switch picks the credential by hand.
		const nodeNow = (await P.workflowState(page)).nodes.find((n) => n.type.endsWith('.createDeepLink'));
		const autoSelected = Object.keys(nodeNow.credentials ?? {}).includes('shortifyApi');
		if (!autoSelected) {
			const options = (await P.credentialOptions(page)) ?? [];
			const option = options.find((o) => o.meta === shortify.credentialDisplayName);
			if (option) await P.selectCredential(page, option.testId);
		}
		const input = await page.waitForSelector(`${P.T('ndv')} ${P.T('parameter-input-shortifyDeepLinkAppId')} input`, { visible: true, timeout: 10_000 });
		await input.click();
		await input.type('app_sandbox');
		await P.sleep(400);
		const state = (await P.workflowState(page)).nodes.find((n) => n.type.endsWith('.createDeepLink'));
		const result = await executeStep(page, host, state.name);
		out.push({ case: 'new node switched to Shortify in the editor', via, credentialAutoSelected: autoSelected, provider: state.parameters.provider, credentials: Object.keys(state.credentials ?? {}), ...result, ok: result.status === 'success' && result.sandboxProvidersReached.includes('shortify'), screenshot: await shot(page, `${args.label} execute new shortify`) });
		await P.closeNdv(page);
	} catch (error) {
		out.push({ case: 'new node switched to Shortify in the editor', error: error.message, ok: false, screenshot: await shot(page, `${args.label} execute new error`) });
	}
	// 2. Nodes of an imported example, as they were saved.
	const example = host.examples.find((e) => e.file === 'create-deep-link-every-provider.json' && !e.withoutCredentials);
	if (example) {
		for (const nodeName of ['Branch Link', 'Kumulos Link']) {
			try {
				log(`execute: ${example.file} / ${nodeName}`);
				await P.openWorkflow(page, host.url, example.id);
				await P.openNodeByName(page, nodeName);
				const fileNode = example.workflow.nodes.find((n) => n.name === nodeName);
				const result = await executeStep(page, host, nodeName);
				const state = (await P.workflowState(page)).nodes.find((n) => n.name === nodeName);
				out.push({ case: `example ${example.file}: ${nodeName}`, providerInFile: fileNode.parameters.provider, provider: state.parameters.provider, credentials: Object.keys(state.credentials ?? {}), ...result, ok: result.status === 'success' && result.sandboxProvidersReached.includes(fileNode.parameters.provider), screenshot: await shot(page, `${args.label} execute ${nodeName}`) });
				await P.closeNdv(page);
			} catch (error) {
				out.push({ case: `example ${example.file}: ${nodeName}`, error: error.message, ok: false });
			}
		}
	}
	return out;
}

// ---- summary and expectations ------------------------------------------------------------------------

function summarise(report) {
	const probes = (report.nodes?.nodes ?? []).flatMap((n) => n.probes.filter((p) => p.reachable !== false).map((p) => ({ node: n.node, ...p })));
	const allProbes = (report.nodes?.nodes ?? []).flatMap((n) => n.probes.map((p) => ({ node: n.node, ...p })));
	const examples = (report.examples ?? []).flatMap((e) => e.nodes.map((n) => ({ file: e.file, ...n })));
	const noCred = report.noCredentials ?? [];
	const subtitles = report.nodes?.subtitles ?? [];
	const rawSubtitle = (s) => /\b(adjust|branch|kumulos|shortify)\b/.test(s ?? '') || /\b[a-z]+[A-Z][a-zA-Z]*\b/.test(s ?? '');
	const byNode = (list, pick) => Object.fromEntries(list.map((x) => [x.node, pick(x)]));
	const summary = {
		n8nVersion: report.meta.n8nVersion,
		providerDropdownVisible: probes.length ? probes.every((p) => p.providerDropdownVisible) : null,
		providerDropdownVisibleByNode: byNode(report.nodes?.nodes ?? [], (n) => n.initial?.providerDropdownVisible ?? null),
		switchVia: [...new Set(allProbes.map((p) => p.via))],
		everyProviderReachable: allProbes.length ? allProbes.every((p) => p.reachable !== false) : null,
		providerFollowsChoice: probes.length ? probes.every((p) => p.derived.providerMatches) : null,
		credentialSlotFollowsProvider: probes.length ? probes.every((p) => p.derived.slotOffersOnlyProviderCredential) : null,
		credentialSlotLabels: [...new Set(probes.flatMap((p) => p.credentialSlot.map((c) => c.label)))],
		credentialAutoSelectedAfterSwitch: probes.length ? probes.every((p) => p.derived.assignedCredentialMatchesProvider) : null,
		credentialNotAutoSelected: probes.filter((p) => !p.derived.assignedCredentialMatchesProvider).map((p) => `${p.node} / ${p.provider}`),
		staleCredentialsAfterSwitch: probes.filter((p) => p.derived.staleCredentialsAssigned.length).map((p) => `${p.node} / ${p.provider}: ${p.derived.staleCredentialsAssigned.join(', ')}`),
		falseCredentialIssues: probes.filter((p) => p.derived.credentialIssueWhileAssigned).map((p) => `${p.node} / ${p.provider}`),
		noticesSeen: [...new Set(probes.flatMap((p) => p.notices))],
		nodeCreatorActions: Object.fromEntries((report.nodes?.nodes ?? []).filter((n) => n.nodeCreator?.actions).map((n) => [n.node, { actions: n.nodeCreator.actions, forProviders: n.nodeCreator.actionsCoverProviders, picked: n.nodeCreator.picked, kept: n.nodeCreator.keptPickedAction, landedOn: `${n.initial?.operationStored} on ${n.initial?.providerStored}` }])),
		nodeCreatorActionsKept: (report.nodes?.nodes ?? []).some((n) => n.nodeCreator?.picked) ? (report.nodes.nodes.filter((n) => n.nodeCreator?.picked).every((n) => n.nodeCreator.keptPickedAction)) : null,
		noCredentials: {
			providerDropdownVisible: noCred.length ? noCred.every((n) => n.initial?.providerDropdownVisible) : null,
			slot: [...new Set(noCred.map((n) => JSON.stringify(n.initial?.credentialSlot ?? null)))].map((s) => JSON.parse(s)),
			createNewOpens: byNode(noCred, (n) => (n.createNew?.modal ? n.createNew.modal.title : null)),
			createNewAuthSelector: byNode(noCred, (n) => n.createNew?.authOptions?.options ?? null),
			createNewMatchesProvider: noCred.length ? noCred.every((n) => n.createNew?.opensExpectedType !== false && (!n.afterSwitch || n.afterSwitch.createNew.opensExpectedType !== false)) : null,
		},
		examplesKeepProvider: examples.some((n) => !n.withoutCredentials) ? examples.filter((n) => !n.withoutCredentials).every((n) => n.keepsProvider) : null,
		examplesWithoutCredentialsKeepProvider: examples.some((n) => n.withoutCredentials) ? examples.filter((n) => n.withoutCredentials).every((n) => n.keepsProvider) : null,
		examplesProviderLost: examples.filter((n) => !n.keepsProvider).map((n) => `${n.file} / ${n.name}: ${n.providerExpected} → ${n.providerAfterOpening}`),
		// The AI agent example: its tool nodes on the canvas as our types, with their $fromAI() parameters as saved.
		aiAgentExampleLoads: (() => {
			const agent = (report.examples ?? []).find((e) => e.file.startsWith('ai-agent/') && !e.withoutCredentials);
			if (!agent) return null;
			return !agent.error && agent.nodes.length >= 2 && agent.nodes.every((n) => n.onCanvas && n.fromAiKept && !n.error);
		})(),
		examplesProviderShown: examples.length ? examples.every((n) => n.providerDropdownVisible) : null,
		examplesCredentialIssues: examples.filter((n) => !n.withoutCredentials && n.credentialIssues && Object.keys(n.credentialIssues).length).map((n) => `${n.file} / ${n.name}`),
		toolsListed: report.tools ? report.tools.searches.length > 0 && report.tools.searches.every((s) => s.found) : null,
		toolNames: report.tools ? report.tools.searches.map((s) => s.expected).filter(Boolean) : null,
		subtitles: subtitles.map((s) => `${s.name}: ${s.subtitle}`),
		subtitlesShowRawValues: subtitles.length ? subtitles.some((s) => rawSubtitle(s.subtitle)) : null,
		workflowSaves: report.nodes?.saved ? !report.nodes.saved.error && report.nodes.saved.matchesEditor : null,
		executeSucceeds: report.execute ? report.execute.length > 0 && report.execute.every((e) => e.ok) : null,
		errors: [
			...(report.nodes?.nodes ?? []).filter((n) => n.error).map((n) => `nodes/${n.node}: ${n.error}`),
			...noCred.filter((n) => n.error).map((n) => `noCredentials/${n.node}: ${n.error}`),
			...(report.examples ?? []).filter((e) => e.error).map((e) => `examples/${e.file}: ${e.error}`),
			...(report.tools?.error ? [`tools: ${report.tools.error}`] : []),
			...(report.execute ?? []).filter((e) => e.error).map((e) => `execute/${e.case}: ${e.error}`),
		],
	};
	return summary;
}

function loadExpectations() {
	const expectations = {};
	if (args.expectFile) Object.assign(expectations, JSON.parse(fs.readFileSync(path.resolve(args.expectFile), 'utf8')));
	for (const pair of args.expect) {
		const [key, raw = 'true'] = pair.split('=');
		let value;
		try {
			value = JSON.parse(raw);
		} catch {
			value = raw;
		}
		expectations[key] = value;
	}
	delete expectations.$comment;
	return expectations;
}

const get = (object, key) => key.split('.').reduce((value, part) => (value == null ? undefined : value[part]), object);

function checkExpectations(summary, expectations) {
	const failures = [];
	for (const [key, expected] of Object.entries(expectations)) {
		const actual = get(summary, key);
		if (actual === null || actual === undefined) {
			failures.push({ key, expected, actual: actual ?? null, reason: 'not measured (section skipped or failed)' });
			continue;
		}
		// An array expects each listed element to be present; an empty array expects an empty list.
		const ok =
			Array.isArray(expected) && Array.isArray(actual)
				? expected.length === 0
					? actual.length === 0
					: expected.every((e) => actual.some((a) => JSON.stringify(a) === JSON.stringify(e)))
				: JSON.stringify(actual) === JSON.stringify(expected);
		if (!ok) failures.push({ key, expected, actual });
	}
	return failures;
}

// ---- main ---------------------------------------------------------------------------------------------

async function main() {
	const puppeteer = require('puppeteer-core');
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(SHOTS, { recursive: true });
	if (args.build) {
		log('building the package');
		run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	}
	const gitCommit = (() => {
		try {
			return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim() + (execFileSync('git', ['status', '--porcelain', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' }).trim() ? '+dirty' : '');
		} catch {
			return null;
		}
	})();
	const report = {
		meta: {
			label: args.label,
			package: require(path.join(ROOT, 'package.json')).version,
			gitCommit,
			n8nVersion: require(path.join(CACHE, 'node_modules', 'n8n', 'package.json')).version,
			startedAt: new Date(started).toISOString(),
			outDir: OUT,
		},
	};

	// One n8n: started without credentials (what a new user sees), then the sandbox credentials are imported.
	const host = await startEditorHost({ credentials: false, examples: true, withoutCredentials: ['create-deep-link-every-provider.json'], log, label: `editor-check-${slug(args.label)}` });
	report.meta.userFolder = host.userFolder;
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-check-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		userDataDir,
		args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1600,1000'],
		defaultViewport: { width: 1600, height: 1000 },
	});
	try {
		const page = await browser.newPage();
		page.setDefaultTimeout(20_000);
		const consoleErrors = [];
		page.on('pageerror', (error) => consoleErrors.push(String(error.message).slice(0, 300)));
		await P.login(page, host.url, host.owner);
		await P.newWorkflow(page, host.url);
		const infos = await nodeTypeInfo(page);
		report.nodeTypes = infos;
		const missing = NODES.filter((n) => !infos[n.name]);
		if (missing.length) throw new Error(`n8n did not load ${missing.map((n) => n.name).join(', ')}; see ${host.logFile}`);

		if (wanted('noCredentials')) report.noCredentials = await sectionNoCredentials(page, host, infos);

		log('importing the sandbox credentials');
		await host.importCredentials();
		await page.reload({ waitUntil: 'domcontentloaded' });
		await P.sleep(1500);

		if (wanted('nodes')) report.nodes = await sectionNodes(page, host, infos);
		if (wanted('examples')) report.examples = await sectionExamples(page, host, infos);
		if (wanted('tools')) report.tools = await sectionTools(page, host, infos);
		if (wanted('execute')) report.execute = await sectionExecute(page, host, infos);
		report.meta.pageErrors = [...new Set(consoleErrors)].slice(0, 20);
		const backendLog = fs.readFileSync(host.logFile, 'utf8');
		// n8n's own offline noise (api.n8n.io, the npm registry, stack frames) is left out.
		report.meta.backendErrors = backendLog
			.split('\n')
			.filter((line) => /error|exception|fail/i.test(line) && !/^\s+at |api\.n8n\.io|ENOTFOUND|EAI_AGAIN|Strapi|registry\.npmjs|system task run failed|getaddrinfo|AxiosError|ECONNREFUSED|ETIMEDOUT/i.test(line))
			.slice(0, 20);
	} finally {
		await browser.close().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
		if (args.keep) log(`--keep: n8n stays up on ${host.url} (user folder ${host.userFolder}); Ctrl+C stops it`);
		else await host.stop();
	}
	report.meta.durationS = Math.round((Date.now() - started) / 1000);
	report.summary = summarise(report);
	const expectations = loadExpectations();
	report.expectations = expectations;
	report.failures = checkExpectations(report.summary, expectations);
	fs.writeFileSync(path.join(OUT, 'report.json'), JSON.stringify(report, null, 2));
	// The latest run is also /tmp/editor-check/report.json.
	fs.mkdirSync(args.out, { recursive: true });
	fs.writeFileSync(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2));
	process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	log(`report: ${path.join(OUT, 'report.json')}; screenshots: ${SHOTS}`);
	if (report.failures.length) {
		log(`${report.failures.length} expectation(s) failed:`);
		for (const failure of report.failures) log(`  ${failure.key}: expected ${JSON.stringify(failure.expected)}, got ${JSON.stringify(failure.actual)}${failure.reason ? ` (${failure.reason})` : ''}`);
		process.exitCode = 1;
	}
	if (args.keep) await new Promise(() => {});
}

main().catch((error) => {
	log(error.stack ?? String(error));
	process.exit(2);
});
