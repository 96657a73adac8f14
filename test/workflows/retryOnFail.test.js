// n8n's Retry On Fail runs a whole node again, in the same execution, when it throws or its first output
// item has `json.error`. These runs go through the real engine with Retry On Fail on (3 tries) against the
// sandbox, with item 0 invalid, refused by the provider, or failing with a 5xx after the provider processed
// it, and count what the provider received for each item.
const { runNode, sendAuthenticated } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const ITEMS = [0, 1, 2, 3, 4].map((n) => ({ n }));
const TRIES = 3;
const retrying = { retryOnFail: true, maxTries: TRIES, waitBetweenTries: 1 };

const local = useSandbox({ limits: false });

/**
 * How many requests to `path` carried each item's marker (`sent`), and how many of those the provider
 * processed (`processed`: answered 2xx, or processed and then failed), by item.
 */
function received(provider, path) {
	const sent = ITEMS.map(() => 0);
	const processed = ITEMS.map(() => 0);
	for (const request of local.sandbox.requests({ provider, limit: 5000 })) {
		if (request.method !== 'POST' || !request.url.includes(path)) continue;
		const body = JSON.stringify(request.body);
		const done = (request.status >= 200 && request.status < 300) || String(request.outcome).startsWith('processed-then-failed');
		for (const { n } of ITEMS) {
			if (!body.includes(`item-${n}"`)) continue;
			sent[n]++;
			if (done) processed[n]++;
		}
	}
	return { sent, processed };
}

/** A sandbox counter summed over providers. */
const total = (counter) => Object.values(counter).reduce((sum, value) => sum + value, 0);

/** Every output item of every output, with the input item it belongs to. */
const allItems = (outputs) => outputs.flat().map((item) => ({ item: item.pairedItem.item, json: item.json }));

/** The scenario's fault for item 0: refused on every try, or processed with its answer lost. */
function fault(kind, path) {
	if (kind === 'refused') local.sandbox.failNext({ method: 'POST', path, bodyIncludes: 'item-0"', status: 422, times: 10 });
	if (kind === 'lost') local.sandbox.failNext({ method: 'POST', path, bodyIncludes: 'item-0"', status: 500, afterProcessing: true });
}

const CREATE = {
	adjust: {
		path: '/adjust/engage/deep-links',
		safeToRepeat: true,
		params: (invalid) => ({
			provider: 'adjust',
			adjustLinkId: 'abc123',
			adjustFields: { campaign: '={{ "item-" + $json.n }}', ...(invalid ? { fallback: '={{ $json.n === 0 ? "not a url" : "https://example.com/" + $json.n }}' } : {}) },
		}),
	},
	branch: {
		path: '/branch/v1/url',
		params: (invalid) => ({ provider: 'branch', branchFields: { campaign: '={{ "item-" + $json.n }}' }, branchData: invalid ? '={{ $json.n === 0 ? "[1]" : "{}" }}' : '{}' }),
	},
	kumulos: {
		path: '/kumulos-links/v1/deep-links',
		params: (invalid) => ({
			provider: 'kumulos',
			kumulosLinkData: '={{ JSON.stringify({ item: "item-" + $json.n }) }}',
			kumulosDesktopWebFallbackUrl: invalid ? '={{ $json.n === 0 ? "nope" : "https://example.com/d" }}' : 'https://example.com/d',
			kumulosMobileWebFallbackUrl: 'https://m.example.com/m',
		}),
	},
	shortify: {
		path: '/shortify/v1/deep-links',
		safeToRepeat: true,
		params: (invalid) => ({
			provider: 'shortify',
			shortifyDeepLinkAppId: 'app_1',
			shortifyFields: { title: '={{ "item-" + $json.n }}', ...(invalid ? { url: '={{ $json.n === 0 ? "nope" : "https://example.com/" + $json.n }}' } : {}) },
		}),
	},
};

describe('Create Deep Link with Retry On Fail never creates a link twice', () => {
	const cases = [];
	for (const provider of Object.keys(CREATE)) {
		for (const kind of ['invalid', 'refused', 'lost']) for (const onError of ['continueRegularOutput', 'continueErrorOutput']) cases.push([provider, kind, onError]);
	}
	test.each(cases)('%s, item 0 %s, On Error %s', async (provider, kind, onError) => {
		const { path, params, safeToRepeat } = CREATE[provider];
		fault(kind, path);
		const { outputs, error } = await runNode({ node: { type: 'createDeepLink', parameters: params(kind === 'invalid'), onError, ...retrying }, items: ITEMS, credentials: local.credentials });
		expect(error).toBeUndefined();
		const { sent, processed } = received(provider, path);
		// Every valid item reached the provider exactly once, whatever the engine retried.
		expect(sent.slice(1)).toEqual([1, 1, 1, 1]);
		expect(processed.slice(1)).toEqual([1, 1, 1, 1]);
		if (kind === 'invalid') expect(sent[0]).toBe(0);
		// A refused item is tried again on each try: Retry On Fail means that. Nothing was created for it.
		if (kind === 'refused') expect([sent[0], processed[0]]).toEqual([expect.any(Number), 0]);
		// Lost answers: a create that is safe to repeat is repeated within the try and deduplicated; one that is
		// not is reported as outcome unknown and never sent again.
		if (kind === 'lost') expect(sent[0]).toBe(safeToRepeat ? 2 : 1);
		expect(total(local.sandbox.state.storedDuplicates)).toBe(0);

		const items = allItems(outputs);
		expect(items.map((entry) => entry.item).sort()).toEqual([0, 1, 2, 3, 4]);
		for (const entry of items.filter((e) => e.item > 0)) expect(entry.json.url).toEqual(expect.stringMatching(/^https?:\/\//));
		const first = items.find((entry) => entry.item === 0).json;
		if (kind === 'lost' && safeToRepeat) expect(first.url).toEqual(expect.stringMatching(/^https?:\/\//));
		else expect(first.error).toEqual(expect.any(String));
		// n8n keeps only the message of an item routed to the error output, so the message says it.
		if (kind === 'lost' && !safeToRepeat) expect(first.error).toMatch(/outcome unknown/);
		if (kind === 'lost' && !safeToRepeat && onError === 'continueRegularOutput') expect(first.outcomeUnknown).toBe(true);
	});
});

describe('Bulk Create with Retry On Fail never creates a link twice, and loses none', () => {
	const seed = {
		branch: async () => {
			const { branchApi } = local.credentials;
			const response = await sendAuthenticated('branchApi', branchApi, { method: 'POST', url: `${branchApi.baseUrl}/v1/url`, body: { alias: 'taken', channel: 'someone-else' } });
			expect(response.statusCode).toBe(200);
		},
		kumulos: async () => {
			const { kumulosApi } = local.credentials;
			const response = await sendAuthenticated('kumulosApi', kumulosApi, {
				method: 'POST',
				url: `${kumulosApi.linksBaseUrl}/v1/deep-links`,
				body: [{ slug: 'taken', linkData: {}, desktopWebFallbackUrl: 'https://example.com/', mobileWebFallbackUrl: 'https://example.com/' }],
			});
			expect(response.statusCode).toBe(200);
		},
	};
	const BULK = {
		branch: {
			path: '/branch/v1/url/bulk',
			item: (n, kind) => ({ channel: `item-${n}`, data: kind === 'invalid' && n === 0 ? '[1]' : { n }, ...(kind === 'refused' && n === 0 ? { alias: 'taken' } : {}) }),
		},
		kumulos: {
			path: '/kumulos-links/v1/deep-links',
			item: (n, kind) => ({
				linkData: { item: `item-${n}` },
				desktopWebFallbackUrl: kind === 'invalid' && n === 0 ? 'nope' : 'https://example.com/d',
				mobileWebFallbackUrl: 'https://m.example.com/m',
				...(kind === 'refused' && n === 0 ? { slug: 'taken' } : {}),
			}),
		},
	};
	const cases = [];
	for (const provider of Object.keys(BULK)) for (const kind of ['invalid', 'refused', 'lost']) for (const mode of ['output', 'fail']) cases.push([provider, kind, mode]);

	test.each(cases)('%s, item 0 %s, On Failed Links: %s', async (provider, kind, mode) => {
		const { path, item } = BULK[provider];
		if (kind === 'refused') await seed[provider]();
		if (kind === 'lost') fault('lost', path);
		const { outputs, error } = await runNode({
			node: { type: 'bulkCreateDeepLinks', typeVersion: 2, parameters: { provider, onFailedLinks: mode }, ...retrying },
			items: ITEMS.map(({ n }) => item(n, kind)),
			credentials: local.credentials,
		});
		const { sent, processed } = received(provider, path);
		// A lost answer covers the whole batch: every link in it is outcome unknown, so none is sent again.
		if (kind === 'lost') expect([sent, processed]).toEqual([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]);
		else expect(processed.slice(1)).toEqual([1, 1, 1, 1]);
		if (kind === 'invalid') expect(sent[0]).toBe(0);
		// The refused link was never created: the links are the four valid ones and the one that holds the alias or slug.
		if (kind === 'refused') expect(total(local.sandbox.state.linksCreated)).toBe(5);
		expect(total(local.sandbox.state.storedDuplicates)).toBe(0);

		const created = kind === 'lost' ? [] : [1, 2, 3, 4];
		if (mode === 'fail') {
			expect(error.context.createdLinks.map((link) => link.itemIndex)).toEqual(created);
			for (const link of error.context.createdLinks) expect(link.url).toEqual(expect.stringMatching(/^https?:\/\//));
			return;
		}
		expect(error).toBeUndefined();
		const items = allItems(outputs);
		expect(items.map((entry) => entry.item)).toEqual([0, 1, 2, 3, 4]);
		expect(items.filter((entry) => entry.json.success === true).map((entry) => entry.item)).toEqual(created);
		if (kind === 'lost') for (const entry of items) expect(entry.json.outcomeUnknown).toBe(true);
	});
});

describe('Send Push with Retry On Fail never sends a notification twice', () => {
	const PUSH = '/kumulos-push/notifications';
	test.each(['invalid', 'refused', 'lost'])('item 0 %s, On Error: Continue', async (kind) => {
		fault(kind, PUSH);
		const { outputs, error } = await runNode({
			node: {
				type: 'sendPush',
				parameters: {
					provider: 'kumulos',
					kumulosTargets: { installIds: 'install-1' },
					kumulosTitle: kind === 'invalid' ? '={{ $json.n === 0 ? "" : "item-" + $json.n }}' : '={{ "item-" + $json.n }}',
					kumulosMessage: 'Hello',
				},
				onError: 'continueRegularOutput',
				...retrying,
			},
			items: ITEMS,
			credentials: local.credentials,
		});
		expect(error).toBeUndefined();
		const { sent, processed } = received('kumulos', PUSH);
		expect(sent.slice(1)).toEqual([1, 1, 1, 1]);
		expect(processed.slice(1)).toEqual([1, 1, 1, 1]);
		expect(sent[0]).toBe(kind === 'invalid' ? 0 : kind === 'lost' ? 1 : TRIES);
		const items = allItems(outputs);
		expect(items.map((entry) => entry.item)).toEqual([0, 1, 2, 3, 4]);
		for (const entry of items.slice(1)) expect(entry.json.id).toEqual(expect.any(Number));
		if (kind === 'lost') expect(items[0].json.outcomeUnknown).toBe(true);
	});
});

describe('re-runs across executions', () => {
	test('two executions of the same Shortify item with a numeric Idempotency Key create one link', async () => {
		const parameters = { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { title: 'Order', idempotencyKey: '={{ $json.orderId }}' } };
		const first = await runNode({ node: { type: 'createDeepLink', parameters }, items: [{ orderId: 1042 }], credentials: local.credentials });
		const second = await runNode({ node: { type: 'createDeepLink', parameters }, items: [{ orderId: 1042 }], credentials: local.credentials });
		expect(first.items[0].json.idempotencyKey).toBe('1042');
		expect(second.items[0].json).toMatchObject({ idempotencyKey: '1042', url: first.items[0].json.url, id: first.items[0].json.id, replayed: true });
		expect(total(local.sandbox.state.linksCreated)).toBe(1);
		expect(local.sandbox.state.idempotentReplays).toBe(1);
	});

	test('an Idempotency Key that is neither text nor a number is refused before any request', async () => {
		const parameters = { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { idempotencyKey: '={{ $json.key }}' } };
		const { error } = await runNode({ node: { type: 'createDeepLink', parameters }, items: [{ key: { id: 1 } }], credentials: local.credentials });
		expect(error.message).toBe('Item 0: Idempotency Key must be text or a number, got an object');
		expect(local.sandbox.state.requests.total).toBe(0);
	});

	test("a generated key is the same on every try of one execution, and another execution's differs", async () => {
		const parameters = { provider: 'shortify', shortifyDeepLinkAppId: 'app_1', shortifyFields: { title: '={{ "item-" + $json.n }}' } };
		fault('refused', '/shortify/v1/deep-links');
		await runNode({ node: { type: 'createDeepLink', parameters, onError: 'continueRegularOutput', ...retrying }, items: [{ n: 0 }], credentials: local.credentials });
		const keys = local.sandbox.requests({ provider: 'shortify', limit: 100 }).map((request) => request.headers['idempotency-key']);
		expect(keys).toHaveLength(TRIES);
		expect(new Set(keys).size).toBe(1);
		local.sandbox.reset();
		await runNode({ node: { type: 'createDeepLink', parameters }, items: [{ n: 0 }], credentials: local.credentials });
		const [other] = local.sandbox.requests({ provider: 'shortify', limit: 100 }).map((request) => request.headers['idempotency-key']);
		expect(other).not.toBe(keys[0]);
	});

	test('Branch: a re-run with the same alias and parameters gets the original link back, reported as created', async () => {
		const parameters = { provider: 'branch', branchFields: { alias: 'spring-sale', campaign: 'spring' } };
		const first = await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		const again = await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		expect(again.error).toBeUndefined();
		expect(again.items[0].json.url).toBe(first.items[0].json.url);
		expect(total(local.sandbox.state.storedDuplicates)).toBe(0);
	});

	test('Adjust: a re-run with identical parameters gets the same short link back', async () => {
		const parameters = { provider: 'adjust', adjustLinkId: 'abc123', adjustFields: { campaign: 'spring' } };
		const first = await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		const again = await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		expect(again.items[0].json.url).toBe(first.items[0].json.url);
		expect(local.sandbox.state.dedupHits.adjust).toBe(1);
	});

	test('Kumulos: a slug clash on a re-run says a link with this slug already exists', async () => {
		const parameters = {
			provider: 'kumulos',
			kumulosLinkData: '{"offer": 1}',
			kumulosDesktopWebFallbackUrl: 'https://example.com/d',
			kumulosMobileWebFallbackUrl: 'https://m.example.com/m',
			kumulosFields: { slug: 'spring-offer' },
		};
		await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		const again = await runNode({ node: { type: 'createDeepLink', parameters }, credentials: local.credentials });
		expect(again.error.message).toBe('Kumulos returned 422: a link with the slug "spring-offer" already exists (field "slug")');
		expect(again.error.description).toMatch(/^If an earlier run of this workflow created it, that link is already there/);
	});
});
