'use strict';
// Bulk Create benchmark: 10,000 links per provider in one execution through the real n8n engine, against
// the local sandbox (its own process, documented rate limits on). Compared with a plain HTTP client sending
// the same batches at the same concurrency, and with one request per link sent one after another (the way
// an HTTP Request node does it). Counts (requests, 429s, links stored, duplicates) come from sandbox.state.
//
//   npm run bench              (builds first)
//   node bench/run.js [--links N] [--big N] [--only adjust,branch]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { fork } = require('node:child_process');

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const ROOT = path.resolve(__dirname, '..');
const { runNode } = require('../test/helpers/engine');
const { credentials: sandboxCredentials } = require('../sandbox/server');
const { resetThrottles } = require(path.join(ROOT, 'dist/nodes/shared/transport'));

const args = process.argv.slice(2);
const arg = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const LINKS = Number(arg('links', 10000));
const BIG = Number(arg('big', 100000));
const ONLY = arg('only', 'adjust,branch,kumulos,shortify').split(',');
const CONCURRENCY = 10; // the node's default
const SINGLE_SAMPLE = { adjust: 250, branch: 1000, kumulos: 1000, shortify: 1000 };

/* ------------------------------------------------------------------ sandbox in a child process */

function startSandbox() {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), ['{}'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	let seq = 0;
	const pending = new Map();
	child.on('message', ({ id, result, error }) => {
		const { resolve, reject } = pending.get(id);
		pending.delete(id);
		if (error) reject(new Error(error));
		else resolve(result);
	});
	const call = (op, arg) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, op, arg });
		});
	return { call };
}

/* ------------------------------------------------------------------ the workload: one row per link */

const rows = (count, offset = 0) => Array.from({ length: count }, (_, index) => ({ id: offset + index, campaign: 'spring-2026', name: `Product ${offset + index}` }));

// Node parameters (expressions per item) and the identical payload a plain client would send.
const WORKLOAD = {
	adjust: {
		params: { provider: 'adjust', adjustLinkId: 'abc123', adjustFields: { campaign: '={{ $json.campaign }}', deep_link_path: '={{ "/product/" + $json.id }}', label: '={{ "row-" + $json.id }}' } },
		payload: (row) => ({ link_token: 'abc123', campaign: row.campaign, deep_link_path: `/product/${row.id}`, label: `row-${row.id}` }),
		bulk: (payloads) => ({ path: '/adjust/engage/deep-links/bulk', body: { data: payloads } }),
		single: (payload) => ({ path: '/adjust/engage/deep-links', body: payload }),
		headers: (creds) => ({ authorization: `Bearer ${creds.adjustApi.apiToken}` }),
		batch: 100,
	},
	branch: {
		params: { provider: 'branch', branchData: '={{ { "$canonical_identifier": "product/" + $json.id, "$og_title": $json.name, "$desktop_url": "https://example.com/p/" + $json.id } }}', branchFields: { campaign: '={{ $json.campaign }}', channel: 'email' } },
		payload: (row) => ({ campaign: row.campaign, channel: 'email', data: { $canonical_identifier: `product/${row.id}`, $og_title: row.name, $desktop_url: `https://example.com/p/${row.id}` } }),
		bulk: (payloads, creds) => ({ path: `/branch/v1/url/bulk/${creds.branchApi.branchKey}`, body: payloads }),
		single: (payload, creds) => ({ path: '/branch/v1/url', body: { ...payload, branch_key: creds.branchApi.branchKey } }),
		headers: () => ({}),
		batchBytes: 100000,
	},
	kumulos: {
		params: { provider: 'kumulos', kumulosLinkData: '={{ { "productId": $json.id } }}', kumulosDesktopWebFallbackUrl: '={{ "https://example.com/p/" + $json.id }}', kumulosMobileWebFallbackUrl: '={{ "https://m.example.com/p/" + $json.id }}' },
		payload: (row) => ({ linkData: { productId: row.id }, desktopWebFallbackUrl: `https://example.com/p/${row.id}`, mobileWebFallbackUrl: `https://m.example.com/p/${row.id}` }),
		bulk: (payloads) => ({ path: '/kumulos-links/v1/deep-links', body: payloads }),
		single: (payload) => ({ path: '/kumulos-links/v1/deep-links', body: [payload] }),
		headers: (creds) => ({ authorization: `Basic ${Buffer.from(`${creds.kumulosApi.apiKey}:${creds.kumulosApi.serverSecretKey}`).toString('base64')}` }),
		batch: 500,
	},
	shortify: {
		params: { provider: 'shortify', shortifyDeepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS', shortifyFields: { title: '={{ $json.name }}', url: '={{ "https://example.com/p/" + $json.id }}', idempotencyKey: '={{ "row-" + $json.id }}' } },
		payload: (row) => ({ deepLinkAppId: 'app_01HV4Z4Y6W3D4J9B2Y8QH6P8JS', title: row.name, url: `https://example.com/p/${row.id}` }),
		bulk: (payloads) => ({ path: '/shortify/v1/deep-links', body: payloads[0] }),
		single: (payload) => ({ path: '/shortify/v1/deep-links', body: payload }),
		headers: (creds) => ({ 'api-key': creds.shortifyApi.apiKey }),
		idempotency: (row) => `row-${row.id}`,
		batch: 1,
	},
};

/** The documented ceiling in links per second, or undefined where the documentation gives none. */
function ceiling(provider, linksPerRequest) {
	if (provider === 'adjust') return { linksPerSecond: Math.min(100 / 2, 200) * 100, basis: 'bulk 100 req / 2 s (account 200 req/s) × 100 links' };
	if (provider === 'branch') {
		const perSecond = Math.min(500, 30000 / 60);
		return { linksPerSecond: perSecond * linksPerRequest, basis: `500 req/s (30,000/min) × ${linksPerRequest.toFixed(0)} links per ≤100 KB request` };
	}
	return undefined;
}

/* ------------------------------------------------------------------ a plain HTTP client */

function post(baseUrl, request, headers, agent) {
	const body = JSON.stringify(request.body);
	const url = new URL(baseUrl + request.path);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** Sends, waiting out 429s as their Retry-After says; returns how many 429s it met. */
async function postWithRetry(baseUrl, request, headers, agent) {
	let limited = 0;
	for (;;) {
		const response = await post(baseUrl, request, headers, agent);
		if (response.status !== 429) return { response, limited };
		limited++;
		const wait = Number(response.headers['retry-after-ms'] ?? Number(response.headers['retry-after'] ?? 1) * 1000);
		await new Promise((resolve) => setTimeout(resolve, wait));
	}
}

/** The same batches the node builds, sent by `concurrency` workers. */
function* plainBatches(provider, creds, data) {
	const work = WORKLOAD[provider];
	let batch = [];
	let bytes = 2;
	for (const row of data) {
		const payload = work.payload(row);
		if (work.batchBytes) {
			const size = Buffer.byteLength(JSON.stringify(payload)) + (batch.length ? 1 : 0);
			if (batch.length && bytes + size > work.batchBytes) {
				yield { request: work.bulk(batch, creds) };
				batch = [];
				bytes = 2;
			}
			bytes += batch.length ? Buffer.byteLength(JSON.stringify(payload)) + 1 : Buffer.byteLength(JSON.stringify(payload));
			batch.push(payload);
			continue;
		}
		batch.push(payload);
		if (batch.length === work.batch) {
			yield { request: work.bulk(batch, creds), key: work.idempotency?.(row) };
			batch = [];
		}
	}
	if (batch.length) yield { request: work.bulk(batch, creds) };
}

async function plainClient(provider, creds, baseUrl, data, keepAlive = true) {
	const work = WORKLOAD[provider];
	// keepAlive false opens a connection per request, as n8n's request helper does (it builds an agent per request).
	const agent = new http.Agent({ keepAlive, maxSockets: CONCURRENCY });
	const batches = plainBatches(provider, creds, data);
	let limited = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			for (let next = batches.next(); !next.done; next = batches.next()) {
				const headers = { ...work.headers(creds), ...(next.value.key ? { 'idempotency-key': next.value.key } : {}) };
				limited += (await postWithRetry(baseUrl, next.value.request, headers, agent)).limited;
			}
		}),
	);
	const ms = performance.now() - started;
	agent.destroy();
	return { ms, limited };
}

async function singleRequests(provider, creds, baseUrl, data) {
	const work = WORKLOAD[provider];
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	let limited = 0;
	const started = performance.now();
	for (const row of data) {
		const headers = { ...work.headers(creds), ...(work.idempotency ? { 'idempotency-key': work.idempotency(row) } : {}) };
		limited += (await postWithRetry(baseUrl, work.single(work.payload(row), creds), headers, agent)).limited;
	}
	const ms = performance.now() - started;
	agent.destroy();
	return { ms, limited };
}

/* ------------------------------------------------------------------ the node through the engine */

async function viaNode(provider, creds, data) {
	resetThrottles();
	if (global.gc) global.gc();
	const started = performance.now();
	const result = await runNode({ node: { type: 'bulkCreateDeepLinks', name: 'Bulk Create Deep Links', parameters: WORKLOAD[provider].params }, items: data, credentials: creds });
	const ms = performance.now() - started;
	const outputs = result.items;
	return {
		ms,
		error: result.error?.message,
		output: outputs.length,
		created: outputs.filter((item) => item.json.success === true).length,
		failed: outputs.filter((item) => item.json.success !== true).length,
		rateLimitedInOutput: outputs.filter((item) => item.json.httpCode === '429').length,
		inOrder: outputs.every((item, index) => item.pairedItem.item === index),
		distinctUrls: new Set(outputs.map((item) => item.json.url)).size,
	};
}

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main() {
	const started = performance.now();
	const sandbox = startSandbox();
	const { url } = await sandbox.call('start');
	const creds = sandboxCredentials(url);
	const results = [];

	// Warm-up: load the package and JIT the code paths once per provider.
	for (const provider of ONLY) {
		await sandbox.call('reset');
		await viaNode(provider, creds, rows(200, 900000000));
	}

	for (const provider of ONLY) {
		const data = rows(LINKS);
		await sandbox.call('reset');
		const node = await viaNode(provider, creds, data);
		const state = await sandbox.call('state');
		const requests = state.requests.byProvider[provider].total;
		const stored = state.linksStored[provider];
		const duplicates = state.duplicates[provider] + (provider === 'adjust' ? state.dedupHits.adjust : 0);
		const linksPerSecond = LINKS / (node.ms / 1000);
		const top = ceiling(provider, LINKS / requests);

		await sandbox.call('reset');
		const plain = await plainClient(provider, creds, url, data);
		const plainState = await sandbox.call('state');
		await sandbox.call('reset');
		const fresh = await plainClient(provider, creds, url, data, false);

		await sandbox.call('reset');
		const sample = Math.min(SINGLE_SAMPLE[provider], LINKS);
		const single = await singleRequests(provider, creds, url, rows(sample));
		const singleMsFull = (single.ms / sample) * LINKS;

		const entry = {
			provider,
			links: LINKS,
			wallMs: round(node.ms, 0),
			linksPerSecond: round(linksPerSecond, 0),
			ceiling: top ? { linksPerSecond: round(top.linksPerSecond, 0), basis: top.basis, share: round(linksPerSecond / top.linksPerSecond, 3) } : null,
			requests,
			rateLimited429: state.rateLimited.byProvider[provider],
			rateLimitedInOutput: node.rateLimitedInOutput,
			output: node.output,
			created: node.created,
			failed: node.failed,
			inOrder: node.inOrder,
			lost: LINKS - stored,
			duplicated: duplicates,
			error: node.error ?? null,
			plainClientSameBatches: { ms: round(plain.ms, 0), ratio: round(node.ms / plain.ms, 3), linksStored: plainState.linksStored[provider], rateLimited429: plain.limited },
			plainClientNewConnections: { ms: round(fresh.ms, 0), ratio: round(node.ms / fresh.ms, 3) },
			singleRequests: { sample, sampleMs: round(single.ms, 0), extrapolatedMs: round(singleMsFull, 0), rateLimited429: single.limited, speedUp: round(singleMsFull / node.ms, 1) },
		};
		results.push(entry);
		process.stdout.write(`${JSON.stringify(entry)}\n`);
	}

	// Memory and scale: one execution with BIG items (Kumulos: no documented limit, 500 per request).
	let big = null;
	if (BIG > 0 && ONLY.includes('kumulos')) {
		await sandbox.call('reset');
		const before = process.memoryUsage().rss;
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
		const node = await viaNode('kumulos', creds, rows(BIG));
		clearInterval(sampler);
		const state = await sandbox.call('state');
		big = {
			provider: 'kumulos',
			links: BIG,
			wallMs: round(node.ms, 0),
			linksPerSecond: round(BIG / (node.ms / 1000), 0),
			requests: state.requests.byProvider.kumulos.total,
			created: node.created,
			lost: BIG - state.linksStored.kumulos,
			duplicated: state.duplicates.kumulos,
			inOrder: node.inOrder,
			rssBeforeMb: round(before / 2 ** 20, 0),
			rssPeakMb: round(peak / 2 ** 20, 0),
		};
		process.stdout.write(`${JSON.stringify(big)}\n`);
	}

	await sandbox.call('stop');
	const report = {
		at: new Date().toISOString(),
		machine: { cpus: os.cpus().length, node: process.version },
		concurrency: CONCURRENCY,
		results,
		big,
		totalSeconds: round((performance.now() - started) / 1000, 1),
	};
	fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
	fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
	fs.writeFileSync(path.join(__dirname, 'results', 'latest.md'), markdown(report));
	process.stdout.write(`\n${markdown(report)}`);
}

function markdown(report) {
	const seconds = (ms) => (ms / 1000).toFixed(2);
	const lines = [
		`# Bulk Create benchmark (${report.at}, ${report.machine.cpus} cores, Node ${report.machine.node})`,
		'',
		`${report.results[0]?.links ?? 0} links per provider in one execution through the real n8n engine, against the local sandbox in its own process with the documented rate limits on; concurrency ${report.concurrency} (the default).`,
		'',
		'| provider | wall time | links/s | share of documented ceiling | vs plain client, same batches & concurrency (keep-alive / new connection per request) | requests | 429s (sandbox) | 429s in output | lost | duplicated | one request per link (sequential) | speed-up |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const entry of report.results) {
		const share = entry.ceiling ? `${(entry.ceiling.share * 100).toFixed(1)}% of ${entry.ceiling.linksPerSecond.toLocaleString('en')} links/s (${entry.ceiling.basis})` : 'no documented ceiling';
		const single = entry.singleRequests;
		lines.push(
			`| ${entry.provider} | ${seconds(entry.wallMs)} s | ${entry.linksPerSecond.toLocaleString('en')} | ${share} | ${entry.plainClientSameBatches.ratio.toFixed(2)}× (${seconds(entry.plainClientSameBatches.ms)} s) / ${entry.plainClientNewConnections.ratio.toFixed(2)}× (${seconds(entry.plainClientNewConnections.ms)} s) | ${entry.requests} | ${entry.rateLimited429} | ${entry.rateLimitedInOutput} | ${entry.lost} | ${entry.duplicated} | ${seconds(single.extrapolatedMs)} s (${single.sample} links measured in ${seconds(single.sampleMs)} s, extrapolated to ${entry.links}${single.rateLimited429 ? `; ${single.rateLimited429} 429s waited out` : ''}) | ${single.speedUp}× |`,
		);
	}
	if (report.big) {
		const big = report.big;
		lines.push(
			'',
			`Scale: ${big.links.toLocaleString('en')} Kumulos links in one execution: ${seconds(big.wallMs)} s (${big.linksPerSecond.toLocaleString('en')} links/s), ${big.requests} requests, ${big.lost} lost, ${big.duplicated} duplicated, output in input order: ${big.inOrder}; process RSS ${big.rssBeforeMb} MB before, ${big.rssPeakMb} MB peak (input items, payloads and output items included).`,
		);
	}
	lines.push('', `Duplicated counts the sandbox's duplicate creates (for Adjust: dedup hits, i.e. repeated links). Lost = links sent minus links stored. Whole benchmark: ${report.totalSeconds} s.`, '');
	return lines.join('\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
