'use strict';
// The benchmark's workflows. Every one starts the same way: a production Webhook (POST { n, offset },
// "respond when the last node finishes") → a Code node "Generate Items" that makes n items in one loop.
// Then one of the variants:
//   a  Bulk Create Deep Links, Map Automatically (mappingMode autoMapInputData): the items carry the
//      provider's API field names, the node has no expressions.
//   b  Bulk Create Deep Links, fields mapped by expressions per item (the same expressions as bench/run.js).
//   c  n8n's HTTP Request node, one request per item, Batching set to the documented limit.
//   d  Code "Chunk Items" → HTTP Request to the bulk endpoint, one request per chunk → Code "Split Results".
const crypto = require('node:crypto');
const host = require('../../../sandbox/n8n-host');

const PACKAGE = host.PACKAGE;
const SHORTIFY_APP = 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS';

/* ------------------------------------------------------------------ the items */

// The row shape of bench/run.js, for b, c and d: the node or the request maps it with expressions.
const ROW = '(id) => ({ id, campaign: "spring-2026", name: "Product " + id })';

// For a: the same links, already in each provider's API field names (the payloads bench/run.js sends).
const API_ITEM = {
	adjust: '(id) => ({ link_token: "abc123", campaign: "spring-2026", deep_link_path: "/product/" + id, label: "row-" + id })',
	branch: '(id) => ({ campaign: "spring-2026", channel: "email", data: { $canonical_identifier: "product/" + id, $og_title: "Product " + id, $desktop_url: "https://example.com/p/" + id } })',
	kumulos: '(id) => ({ linkData: { productId: id }, desktopWebFallbackUrl: "https://example.com/p/" + id, mobileWebFallbackUrl: "https://m.example.com/p/" + id })',
	shortify: `(id) => ({ deepLinkAppId: "${SHORTIFY_APP}", title: "Product " + id, url: "https://example.com/p/" + id })`,
};

const generateCode = (make) =>
	[
		'// The same step before every variant: n items from one loop (n and offset come with the webhook call).',
		'const { n = 10000, offset = 0 } = $input.first().json.body ?? {};',
		`const make = ${make};`,
		'const items = new Array(n);',
		'for (let i = 0; i < n; i++) items[i] = { json: make(offset + i) };',
		'return items;',
	].join('\n');

/* ------------------------------------------------------------------ b: Bulk Create, expressions per item */

// Exactly bench/run.js's WORKLOAD params. Expressions evaluated per item: Adjust 3, Branch 2, Kumulos 3, Shortify 3.
const BULK_PARAMS = {
	adjust: { provider: 'adjust', adjustLinkId: 'abc123', adjustFields: { campaign: '={{ $json.campaign }}', deep_link_path: '={{ "/product/" + $json.id }}', label: '={{ "row-" + $json.id }}' } },
	branch: { provider: 'branch', branchData: '={{ { "$canonical_identifier": "product/" + $json.id, "$og_title": $json.name, "$desktop_url": "https://example.com/p/" + $json.id } }}', branchFields: { campaign: '={{ $json.campaign }}', channel: 'email' } },
	kumulos: { provider: 'kumulos', kumulosLinkData: '={{ { "productId": $json.id } }}', kumulosDesktopWebFallbackUrl: '={{ "https://example.com/p/" + $json.id }}', kumulosMobileWebFallbackUrl: '={{ "https://m.example.com/p/" + $json.id }}' },
	shortify: { provider: 'shortify', shortifyDeepLinkAppId: SHORTIFY_APP, shortifyFields: { title: '={{ $json.name }}', url: '={{ "https://example.com/p/" + $json.id }}', idempotencyKey: '={{ "row-" + $json.id }}' } },
};
const EXPRESSIONS_PER_ITEM = { a: { adjust: 0, branch: 0, kumulos: 0, shortify: 0 }, b: { adjust: 3, branch: 2, kumulos: 3, shortify: 3 }, c: { adjust: 3, branch: 2, kumulos: 1, shortify: 3 }, d: { adjust: 0, branch: 0, kumulos: 0, shortify: 0 } };

const PACKAGE_CREDENTIAL = { adjust: 'adjustApi', branch: 'branchApi', kumulos: 'kumulosApi', shortify: 'shortifyApi' };
const packageCredential = (provider) => {
	const type = PACKAGE_CREDENTIAL[provider];
	const [id, name] = host.credentialNames[type];
	return { [type]: { id, name } };
};

/* ------------------------------------------------------------------ c and d: HTTP Request */

// Generic credentials, as a user of the HTTP Request node sets them up (Branch takes its key in the body / path).
const GENERIC_CREDENTIALS = {
	adjust: { id: 'bench-adjust-header', name: 'Adjust header auth (bench)', type: 'httpHeaderAuth', data: (c) => ({ name: 'Authorization', value: `Bearer ${c.adjustApi.apiToken}` }) },
	kumulos: { id: 'bench-kumulos-basic', name: 'Kumulos basic auth (bench)', type: 'httpBasicAuth', data: (c) => ({ user: c.kumulosApi.apiKey, password: c.kumulosApi.serverSecretKey }) },
	shortify: { id: 'bench-shortify-header', name: 'Shortify header auth (bench)', type: 'httpHeaderAuth', data: (c) => ({ name: 'api-key', value: c.shortifyApi.apiKey }) },
};

/**
 * HTTP Request's Batching (Items per Batch / Batch Interval) per provider, for c (one request per item).
 * The node starts `batchSize` requests, then sleeps `batchInterval` before the next batch's items are read.
 *   Adjust: 50 per 1000 ms, its documented 50 single creates per second per app (account: 200/s).
 *   Branch: 200 per 1000 ms, its documented 200 POST requests per second (12,000 per minute does not bind at 10k).
 *   Kumulos, Shortify: no documented limit; 50 per 100 ms (≤ 500 requests/s, Branch's pace), so that
 *   10,000 requests are not opened at once.
 */
const ONE_PER_ITEM_BATCHING = { adjust: { batchSize: 50, batchInterval: 1000 }, branch: { batchSize: 200, batchInterval: 1000 }, kumulos: { batchSize: 50, batchInterval: 100 }, shortify: { batchSize: 50, batchInterval: 100 } };
/** For d (one request per chunk): Adjust's bulk limit 100 per 2 s; Branch 200 POST/s; Kumulos none (all 20 chunks at once). */
const BULK_BATCHING = { adjust: { batchSize: 100, batchInterval: 2000 }, branch: { batchSize: 200, batchInterval: 1000 }, kumulos: { batchSize: 50, batchInterval: 100 } };

const kv = (pairs) => ({ parameters: pairs.map(([name, value]) => ({ name, value })) });

function httpRequestNode({ name, provider, url, position, body, headers, batching, fullResponse = false }) {
	const generic = GENERIC_CREDENTIALS[provider];
	const parameters = {
		method: 'POST',
		url,
		authentication: generic ? 'genericCredentialType' : 'none',
		...(generic ? { genericAuthType: generic.type } : {}),
		sendHeaders: Boolean(headers),
		...(headers ? { headerParameters: kv(headers) } : {}),
		sendBody: true,
		contentType: 'json',
		...(Array.isArray(body) ? { specifyBody: 'keypair', bodyParameters: kv(body) } : { specifyBody: 'json', jsonBody: body }),
		options: {
			batching: { batch: batching },
			...(fullResponse ? { response: { response: { fullResponse: true } } } : {}),
		},
	};
	return {
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		// A failed request becomes an output item ({ error }) instead of failing the whole execution.
		onError: 'continueRegularOutput',
		parameters,
		...(generic ? { credentials: { [generic.type]: { id: generic.id, name: generic.name } } } : {}),
	};
}

function oneRequestPerItem(provider, base, position) {
	const bodies = {
		adjust: { url: `${base}/adjust/engage/deep-links`, body: [['link_token', 'abc123'], ['campaign', '={{ $json.campaign }}'], ['deep_link_path', '={{ "/product/" + $json.id }}'], ['label', '={{ "row-" + $json.id }}']] },
		branch: {
			url: `${base}/branch/v1/url`,
			body: [['branch_key', 'BRANCH_KEY'], ['campaign', '={{ $json.campaign }}'], ['channel', 'email'], ['data', '={{ { "$canonical_identifier": "product/" + $json.id, "$og_title": $json.name, "$desktop_url": "https://example.com/p/" + $json.id } }}']],
		},
		// The endpoint takes an array, so the body is one JSON expression (one evaluation per item).
		kumulos: { url: `${base}/kumulos-links/v1/deep-links`, body: '={{ [{ "linkData": { "productId": $json.id }, "desktopWebFallbackUrl": "https://example.com/p/" + $json.id, "mobileWebFallbackUrl": "https://m.example.com/p/" + $json.id }] }}' },
		shortify: { url: `${base}/shortify/v1/deep-links`, body: [['deepLinkAppId', SHORTIFY_APP], ['title', '={{ $json.name }}'], ['url', '={{ "https://example.com/p/" + $json.id }}']], headers: [['Idempotency-Key', '={{ "row-" + $json.id }}']] },
	};
	return httpRequestNode({ name: 'HTTP Request', provider, position, batching: ONE_PER_ITEM_BATCHING[provider], ...bodies[provider] });
}

// d: payloads built in plain JavaScript, chunked to the bulk endpoint's limit.
const CHUNK_CODE = {
	adjust: { payload: '(r) => ({ link_token: "abc123", campaign: r.campaign, deep_link_path: "/product/" + r.id, label: "row-" + r.id })', maxCount: 100, body: 'list => ({ data: list })' },
	branch: { payload: '(r) => ({ campaign: r.campaign, channel: "email", data: { $canonical_identifier: "product/" + r.id, $og_title: r.name, $desktop_url: "https://example.com/p/" + r.id } })', maxCount: 100000, maxBytes: 100000, body: 'list => list' },
	kumulos: { payload: '(r) => ({ linkData: { productId: r.id }, desktopWebFallbackUrl: "https://example.com/p/" + r.id, mobileWebFallbackUrl: "https://m.example.com/p/" + r.id })', maxCount: 500, body: 'list => list' },
};

const chunkCode = (provider) => {
	const c = CHUNK_CODE[provider];
	return [
		`// One item per bulk request: at most ${c.maxCount} links${c.maxBytes ? ` and ${c.maxBytes} bytes of JSON array` : ''}.`,
		`const payload = ${c.payload};`,
		`const toBody = ${c.body};`,
		`const maxCount = ${c.maxCount}, maxBytes = ${c.maxBytes ?? 'Infinity'};`,
		'const out = [];',
		'let list = [], ids = [], bytes = 2;',
		'for (const item of $input.all()) {',
		'  const p = payload(item.json);',
		'  const size = maxBytes === Infinity ? 0 : JSON.stringify(p).length; // ASCII payloads: characters = bytes',
		'  if (list.length && (list.length >= maxCount || bytes + size + 1 > maxBytes)) {',
		'    out.push({ json: { body: toBody(list), ids } });',
		'    list = []; ids = []; bytes = 2;',
		'  }',
		'  bytes += list.length ? size + 1 : size;',
		'  list.push(p); ids.push(item.json.id);',
		'}',
		'if (list.length) out.push({ json: { body: toBody(list), ids } });',
		'return out;',
	].join('\n');
};

const splitCode = (provider) =>
	[
		'// One item per link again, from each chunk\'s answer (full response) and the chunk\'s ids.',
		"const chunks = $('Chunk Items').all();",
		'const out = [];',
		'$input.all().forEach((answer, c) => {',
		'  const ids = chunks[c].json.ids;',
		'  const j = answer.json;',
		'  if (j.error !== undefined) {',
		'    const e = j.error ?? {};',
		'    const httpCode = String(e.httpCode ?? e.status ?? e.statusCode ?? e.cause?.status ?? "");',
		'    for (const id of ids) out.push({ json: { id, success: false, httpCode, error: e.message ?? String(e) } });',
		'    return;',
		'  }',
		`  const list = ${provider === 'adjust' ? 'j.body?.data' : 'j.body'} ?? [];`,
		'  ids.forEach((id, k) => {',
		'    const r = list[k] ?? {};',
		'    const failed = !r.url || r.error !== undefined || r.error_code !== undefined;',
		'    out.push({ json: failed ? { id, success: false, error: r.error?.message ?? r.error_desc ?? "no result" } : { id, success: true, url: r.url } });',
		'  });',
		'});',
		'return out;',
	].join('\n');

function bulkByHand(provider, base, position) {
	const url = { adjust: `${base}/adjust/engage/deep-links/bulk`, branch: `${base}/branch/v1/url/bulk/BRANCH_KEY`, kumulos: `${base}/kumulos-links/v1/deep-links` }[provider];
	const [x, y] = position;
	return [
		codeNode('Chunk Items', chunkCode(provider), [x, y]),
		httpRequestNode({ name: 'HTTP Request (bulk)', provider, url, position: [x + 220, y], body: '={{ $json.body }}', batching: BULK_BATCHING[provider], fullResponse: true }),
		codeNode('Split Results', splitCode(provider), [x + 440, y]),
	];
}

/* ------------------------------------------------------------------ assembling */

const codeNode = (name, jsCode, position) => ({ id: crypto.randomUUID(), name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } });

function chain(nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

/**
 * @param {object} spec { key, provider, variant: a|b|c|d, base (sandbox URL), branchKey, options (Bulk Create Options) }
 * @returns n8n workflow JSON (for `import:workflow`), its webhook path in `meta.path`
 */
function buildWorkflow({ key, provider, variant, base, branchKey, options = {} }) {
	const id = `bench${crypto.createHash('sha1').update(key).digest('hex').slice(0, 11)}`;
	const path = `bench-${key}`;
	const webhook = {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	};
	const generate = codeNode('Generate Items', generateCode(variant === 'a' ? API_ITEM[provider] : ROW), [220, 0]);
	let rest;
	if (variant === 'a' || variant === 'b') {
		const parameters = variant === 'a' ? { provider, mappingMode: 'autoMapInputData' } : { ...BULK_PARAMS[provider], mappingMode: 'defineBelow' };
		rest = [
			{
				id: crypto.randomUUID(),
				name: 'Bulk Create Deep Links',
				type: `${PACKAGE}.bulkCreateDeepLinks`,
				// (a) as a new node gets it (version 2: no full response per item); (b) as version 1 workflows have it.
				typeVersion: variant === 'a' ? 2 : 1,
				position: [440, 0],
				parameters: { ...parameters, onFailedLinks: 'output', options },
				credentials: packageCredential(provider),
			},
		];
	} else if (variant === 'c') rest = [oneRequestPerItem(provider, base, [440, 0])];
	else if (variant === 'd') rest = bulkByHand(provider, base, [440, 0]);
	else throw new Error(`unknown variant ${variant}`);
	const nodes = [webhook, generate, ...rest];
	const json = JSON.parse(JSON.stringify({ id, name: `bench ${key}`, nodes, connections: chain(nodes), settings: { executionOrder: 'v1' }, pinData: {}, active: true }).replaceAll('BRANCH_KEY', branchKey));
	return { id, path, key, provider, variant, json, lastNode: rest[rest.length - 1].name };
}

/** The credentials file for `import:credentials`: the package's four, plus the generic ones HTTP Request uses. */
function credentialsFor(values) {
	const own = Object.entries(host.credentialNames).map(([type, [id, name]]) => ({ id, name, type, data: values[type] }));
	const generic = Object.values(GENERIC_CREDENTIALS).map(({ id, name, type, data }) => ({ id, name, type, data: data(values) }));
	return [...own, ...generic];
}

module.exports = { buildWorkflow, credentialsFor, EXPRESSIONS_PER_ITEM, ONE_PER_ITEM_BATCHING, BULK_BATCHING, BULK_PARAMS };
