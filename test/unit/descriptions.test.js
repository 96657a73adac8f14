// The nodes' Provider dropdowns, credential lists, subtitles and limit texts all derive from the one
// provider list; these checks compare every node's description with it.
const path = require('node:path');
const { Workflow } = require('n8n-workflow');
const { loadPackage, NodeTypes } = require('../helpers/engine');

const { PROVIDERS, providersWith } = require(path.resolve(__dirname, '../../dist/nodes/shared/providers'));

const CAPABILITY = {
	pushOpenedTrigger: 'opensTrigger',
	deepLinkCreatedTrigger: 'linksTrigger',
	createDeepLink: 'link',
	bulkCreateDeepLinks: 'bulk',
	manageDeepLink: 'manage',
	sendPush: 'push',
	manageChannel: 'channels',
	getOpens: 'opens',
};

let loader;
beforeAll(async () => {
	loader = await loadPackage();
});

/** The description a node type shows for its newest version. */
const describe_ = (name) => {
	const type = loader.nodeTypes[name].type;
	return type.nodeVersions ? type.nodeVersions[type.currentVersion].description : type.description;
};

test.each(Object.entries(CAPABILITY))('%s offers exactly the providers with its capability, each with its own credential', (name, capability) => {
	const description = describe_(name);
	const expected = providersWith(capability);
	const dropdown = description.properties.find((property) => property.name === 'provider');
	expect(dropdown.options.map((option) => option.value)).toEqual(expected.map((spec) => spec.id));
	expect(dropdown.options.map((option) => option.name)).toEqual(expected.map((spec) => spec.name));
	expect(dropdown.default).toBe(expected[0].id);
	// A provider that sends nothing for this node (Kumulos in Manage Deep Link) asks for no credential.
	const sending = expected.filter((spec) => !(capability === 'manage' && spec.manage.unsupported));
	expect(description.credentials.map((credential) => credential.name)).toEqual(sending.map((spec) => spec.credentialType));
	for (const credential of description.credentials) {
		const owner = PROVIDERS.find((spec) => spec.credentialType === credential.name);
		// A root-parameter rule, so that n8n's editor keeps the Provider dropdown visible (see test/editor).
		expect(credential.displayOptions).toEqual({ show: { '/provider': [owner.id] } });
	}
	// One notice per provider under the dropdown says where its credential goes.
	const notices = description.properties.filter((property) => property.type === 'notice' && property.name.endsWith('ProviderNotice'));
	expect(notices.map((notice) => notice.displayOptions.show.provider[0])).toEqual(sending.map((spec) => spec.id));
	for (const notice of notices) expect(notice.displayName).toMatch(/credential above\.$/);
});

test('every provider in the list is offered by some node, and every credential type exists', () => {
	const offered = new Set(Object.values(CAPABILITY).flatMap((capability) => providersWith(capability).map((spec) => spec.id)));
	expect([...offered].sort()).toEqual(PROVIDERS.map((spec) => spec.id).sort());
	for (const spec of PROVIDERS) expect(loader.credentialTypes[spec.credentialType]).toBeDefined();
});

describe('subtitles show display names', () => {
	const render = (name, parameters) => {
		const node = { id: 'n', name: 'Node', type: `n8n-nodes-mobile-engagement.${name}`, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypes(loader) });
		return workflow.expression.getSimpleParameterValue(node, describe_(name).subtitle, 'internal', {});
	};
	test.each([
		['createDeepLink', { provider: 'kumulos' }, 'Kumulos'],
		['manageDeepLink', { provider: 'adjust', operation: 'getShortLink' }, 'Get Short Link · Adjust'],
		['manageDeepLink', { provider: 'kumulos' }, 'Kumulos'],
		['getOpens', { provider: 'kumulos', operation: 'userOpens' }, 'User Opens · Kumulos'],
		['manageChannel', { provider: 'kumulos', operation: 'subscribe' }, 'Subscribe · Kumulos'],
		['pushOpenedTrigger', { provider: 'kumulos', event: 'userOpens' }, 'User Opens · Kumulos'],
		['deepLinkCreatedTrigger', { provider: 'shortify' }, 'Shortify'],
	])('%s %j → %s', (name, parameters, expected) => {
		expect(render(name, parameters)).toBe(expected);
	});
});

test("Bulk Create's option texts carry each provider's documented limits", () => {
	const options = describe_('bulkCreateDeepLinks').properties.find((property) => property.name === 'options').options;
	const text = (name) => options.find((option) => option.name === name).description;
	expect(text('batchSize')).toBe('Most links per request. 0 uses the provider maximum: Adjust 100, Branch as many as fit in 100 KB, Kumulos 500. Ignored for Shortify, which has no bulk endpoint.');
	expect(text('requestsPerSecond')).toContain('Adjust 100 per 2 s, 200 per second; Branch 200 per second, 12,000 per minute, 300,000 per hour; Kumulos and Shortify document none');
	expect(options.find((option) => option.name === 'batchSize').displayOptions).toEqual({ hide: { '/provider': ['shortify'] } });
});

describe('what the fields tell a workflow builder', () => {
	const field = (node, name) => describe_(node).properties.find((property) => property.name === name);
	const options = (node, name) => Object.fromEntries(field(node, name).options.map((option) => [option.name, option]));

	test('Link Data (Branch and Kumulos) has a placeholder and a hint naming its common keys', () => {
		const branchHint =
			'Common keys: $canonical_identifier, $desktop_url, $ios_url, $android_url, $fallback_url, $og_title, $og_description, $og_image_url; any other key is your own data for the app.';
		for (const [node, name] of [['createDeepLink', 'branchData'], ['bulkCreateDeepLinks', 'branchData'], ['manageDeepLink', 'branchUpdateData']]) {
			expect(field(node, name)).toMatchObject({
				default: '{}',
				hint: branchHint,
				placeholder: 'e.g. {"$canonical_identifier": "product/42", "$desktop_url": "https://example.com/product/42", "$og_title": "Product 42"}',
			});
		}
		expect(field('createDeepLink', 'kumulosLinkData')).toMatchObject({
			default: '{}',
			placeholder: 'e.g. {"screen": "offer", "offerId": 42}',
			hint: "Your app's own data, with keys you choose (e.g. the screen and item to open): Kumulos hands it to your app when the link opens it, also after an install.",
		});
	});

	test("Branch update offers create's analytics fields, defined once", () => {
		const create = options('createDeepLink', 'branchFields');
		const update = options('manageDeepLink', 'branchUpdateFields');
		for (const name of ['campaign', 'channel', 'feature', 'stage', 'tags', 'duration']) expect(update[name]).toEqual(create[name]);
		expect(Object.keys(update)).toEqual(['campaign', 'channel', 'feature', 'duration', 'otherFields', 'stage', 'tags']);
		expect(Object.keys(create)).toEqual(['alias', 'campaign', 'channel', 'feature', 'identity', 'duration', 'stage', 'tags', 'type']);
	});

	test("Shortify update offers create's fields, Destination URL among them, and no idempotency key", () => {
		const create = options('createDeepLink', 'shortifyFields');
		const update = options('manageDeepLink', 'shortifyUpdateFields');
		expect(Object.keys(update)).toEqual(['androidOverrideUrl', 'comments', 'desktopOverrideUrl', 'url', 'expiredUrl', 'expiresAt', 'iosOverrideUrl', 'key', 'objects', 'password', 'tags', 'title', 'tracking']);
		expect(Object.keys(create)).toEqual(['androidOverrideUrl', 'comments', 'desktopOverrideUrl', 'url', 'expiredUrl', 'expiresAt', 'idempotencyKey', 'iosOverrideUrl', 'key', 'objects', 'password', 'tags', 'title', 'tracking']);
		for (const name of Object.keys(update).filter((key) => key !== 'url')) expect(update[name]).toEqual(create[name]);
		expect(update.url).toEqual({ displayName: 'Destination URL', name: 'url', type: 'string', default: '', placeholder: 'e.g. https://example.com/app-open', description: "Where the link goes. Empty uses the app's default URL." });
	});
});
