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
const { startSandbox } = require('./sandbox-child');

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const ROOT = path.resolve(__dirname, '..');
const { runNode, testNodes } = require('../test/helpers/engine');
const { credentials: sandboxCredentials } = require('../sandbox/server');
const { resetThrottles } = require(path.join(ROOT, 'dist/nodes/shared/transport'));
const { PROVIDERS } = require(path.join(ROOT, 'dist/nodes/shared/providers'));
const { BulkCreateDeepLinks } = require(path.join(ROOT, 'dist/nodes/BulkCreateDeepLinks/BulkCreateDeepLinks.node'));

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
// At 10,000 links the documented limits of Adjust and Branch do not bind (their requests fit in the
// first window). These runs are sized so that they do.
const LATENCY_MS = Number(arg('latency', 50));
// Shortify sends one request per link: 2,000 of them at 50 ms and concurrency 10 take 10 s already.
const LATENCY_LINKS = { adjust: LINKS, branch: LINKS, kumulos: LINKS, shortify: Math.min(LINKS, 2000) };
const CEILING_RUNS = [
	{ provider: 'adjust', links: Number(arg('adjust-ceiling', 30000)), options: {} },
	{ provider: 'branch', links: Number(arg('branch-ceiling', 5000)), options: { batchSize: 1 }, why: 'Batch Size 1 (one link per request)' },
];


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

/** The documented limits Bulk Create's requests are paced to: its bulk bucket (Adjust bulk, Branch POST) and the account. */
const documentedLimits = (provider) => {
	const spec = PROVIDERS.find((candidate) => candidate.id === provider);
	return [spec.bulk?.bucket, 'account'].filter(Boolean).flatMap((bucket) => spec.rateLimits?.[bucket] ?? []);
};

/**
 * The shortest time the documented rate limits allow for `requests` requests: with a sliding window of
 * `limit` per `intervalMs`, request k (0-based) can start no earlier than floor(k / limit) windows in.
 * 0 means the limits do not bind at this size: every request fits in the first window.
 */
function limitsAllowMs(provider, requests) {
	const limits = documentedLimits(provider);
	if (!limits.length) return undefined;
	return Math.max(...limits.map(({ limit, intervalMs }) => Math.floor((requests - 1) / limit) * intervalMs));
}

const limitsText = (provider) =>
	documentedLimits(provider)
		.map(({ limit, intervalMs }) => `${limit}/${intervalMs === 1000 ? 's' : intervalMs === 60000 ? 'min' : `${intervalMs / 1000} s`}`)
		.join(', ');

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

// n8n's own cost of reading the same parameters for every item (expression evaluation included), measured
// with a bench-only node that has Bulk Create's description and only calls getNodeParameter. Any node that
// maps fields per item pays this, before it sends anything.
testNodes.benchReadParameters = {
	description: { ...new BulkCreateDeepLinks().description, name: 'benchReadParameters', displayName: 'Read Parameters' },
	async execute() {
		const names = JSON.parse(String(this.getNode().notes ?? '[]'));
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			for (const name of names) this.getNodeParameter(name, itemIndex, undefined);
		}
		return [items.map((_item, itemIndex) => ({ json: {}, pairedItem: { item: itemIndex } }))];
	},
};

const epochNow = () => performance.timeOrigin + performance.now();

async function n8nParameterFloor(provider, creds, data) {
	const params = WORKLOAD[provider].params;
	const started = performance.now();
	await runNode({ node: { type: 'benchReadParameters', name: 'Read Parameters', parameters: params, notes: JSON.stringify(Object.keys(params)) }, items: data, credentials: creds });
	return performance.now() - started;
}

async function viaNode(provider, creds, data, options = {}) {
	resetThrottles();
	if (global.gc) global.gc();
	const startedAt = epochNow();
	const started = performance.now();
	const result = await runNode({ node: { type: 'bulkCreateDeepLinks', name: 'Bulk Create Deep Links', parameters: { ...WORKLOAD[provider].params, options } }, items: data, credentials: creds });
	const ms = performance.now() - started;
	const outputs = result.items;
	return {
		ms,
		startedAt,
		error: result.error?.message,
		output: outputs.length,
		created: outputs.filter((item) => item.json.success === true).length,
		failed: outputs.filter((item) => item.json.success !== true).length,
		rateLimitedInOutput: outputs.filter((item) => item.json.httpCode === '429').length,
		inOrder: outputs.every((item, index) => item.pairedItem.item === index),
		distinctUrls: new Set(outputs.map((item) => item.json.url)).size,
	};
}

/** Read phase: node start to the sandbox's first request. Send phase: first request to last response. */
function phases(node, providerState) {
	const readMs = providerState.firstRequestAt - node.startedAt;
	const sendMs = providerState.lastResponseAt - providerState.firstRequestAt;
	return { readMs, sendMs };
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
		await n8nParameterFloor(provider, creds, rows(200, 900000000));
	}

	for (const provider of ONLY) {
		const data = rows(LINKS);
		await sandbox.call('reset');
		const node = await viaNode(provider, creds, data);
		const state = await sandbox.call('state');
		const providerState = state.requests.byProvider[provider];
		const requests = providerState.total;
		const stored = state.linksStored[provider];
		const duplicates = state.duplicates[provider] + (provider === 'adjust' ? state.dedupHits.adjust : 0);
		const { readMs, sendMs } = phases(node, providerState);
		const floorMs = await n8nParameterFloor(provider, creds, data);
		const allowedMs = limitsAllowMs(provider, requests);

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
			linksPerSecond: round(LINKS / (node.ms / 1000), 0),
			readPhaseMs: round(readMs, 0),
			sendPhaseMs: round(sendMs, 0),
			n8nParameterFloorMs: round(floorMs, 0),
			documentedLimits: allowedMs === undefined ? null : { limits: limitsText(provider), fastestAllowedMs: allowedMs, bind: allowedMs > 0 },
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
			plainClientSameBatches: {
				ms: round(plain.ms, 0),
				ratio: round(node.ms / plain.ms, 3),
				ratioWithN8nFloor: round(node.ms / (plain.ms + floorMs), 3),
				sendPhaseRatio: round(sendMs / plain.ms, 3),
				linksStored: plainState.linksStored[provider],
				rateLimited429: plain.limited,
			},
			plainClientNewConnections: { ms: round(fresh.ms, 0), ratio: round(node.ms / fresh.ms, 3), sendPhaseRatio: round(sendMs / fresh.ms, 3) },
			singleRequests: { sample, sampleMs: round(single.ms, 0), extrapolatedMs: round(singleMsFull, 0), rateLimited429: single.limited, speedUp: round(singleMsFull / node.ms, 1) },
		};
		results.push(entry);
		process.stdout.write(`${JSON.stringify(entry)}\n`);
	}

	// Ceiling runs: sizes at which the documented limits do bind, to see how close the pacing gets to them.
	const ceilingRuns = [];
	for (const run of CEILING_RUNS.filter((candidate) => ONLY.includes(candidate.provider))) {
		await sandbox.call('reset');
		const node = await viaNode(run.provider, creds, rows(run.links), run.options);
		const state = await sandbox.call('state');
		const providerState = state.requests.byProvider[run.provider];
		const { readMs, sendMs } = phases(node, providerState);
		const allowedMs = limitsAllowMs(run.provider, providerState.total);
		const entry = {
			provider: run.provider,
			links: run.links,
			why: run.why,
			requests: providerState.total,
			limits: limitsText(run.provider),
			fastestAllowedMs: allowedMs,
			wallMs: round(node.ms, 0),
			readPhaseMs: round(readMs, 0),
			sendPhaseMs: round(sendMs, 0),
			// The last request's own duration is not part of what the limits allow; the send phase includes it.
			shareOfCeilingSendPhase: round(allowedMs / sendMs, 3),
			shareOfCeilingWholeRun: round(allowedMs / node.ms, 3),
			rateLimited429: state.rateLimited.byProvider[run.provider],
			rateLimitedInOutput: node.rateLimitedInOutput,
			created: node.created,
			lost: run.links - state.linksStored[run.provider],
			duplicated: state.duplicates[run.provider] + (run.provider === 'adjust' ? state.dedupHits.adjust : 0),
		};
		ceilingRuns.push(entry);
		process.stdout.write(`${JSON.stringify(entry)}\n`);
	}

	// With network latency: a real provider answers in tens of milliseconds, not the sandbox's fraction of one.
	const latencyRuns = [];
	for (const provider of ONLY) {
		const links = LATENCY_LINKS[provider];
		const data = rows(links);
		await sandbox.call('reset');
		await sandbox.call('configure', { faults: { latencyMs: LATENCY_MS } });
		const node = await viaNode(provider, creds, data);
		const state = await sandbox.call('state');
		const { readMs, sendMs } = phases(node, state.requests.byProvider[provider]);
		await sandbox.call('reset');
		await sandbox.call('configure', { faults: { latencyMs: LATENCY_MS } });
		const plain = await plainClient(provider, creds, url, data);
		const floorMs = await n8nParameterFloor(provider, creds, data);
		const entry = {
			provider,
			links,
			latencyMs: LATENCY_MS,
			requests: state.requests.byProvider[provider].total,
			wallMs: round(node.ms, 0),
			readPhaseMs: round(readMs, 0),
			sendPhaseMs: round(sendMs, 0),
			n8nParameterFloorMs: round(floorMs, 0),
			plainMs: round(plain.ms, 0),
			ratio: round(node.ms / plain.ms, 3),
			ratioWithN8nFloor: round(node.ms / (plain.ms + floorMs), 3),
			sendPhaseRatio: round(sendMs / plain.ms, 3),
			created: node.created,
			lost: links - state.linksStored[provider],
		};
		latencyRuns.push(entry);
		process.stdout.write(`${JSON.stringify(entry)}\n`);
	}
	await sandbox.call('reset');

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
		machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
		concurrency: CONCURRENCY,
		results,
		ceilingRuns,
		latencyRuns,
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
	const times = (ratio) => `${ratio.toFixed(2)}×`;
	const lines = [
		`# Bulk Create benchmark (${report.at.slice(0, 10)}; ${report.machine.cpus} cores, ${report.machine.cpu}; Node ${report.machine.node})`,
		'',
		`${report.results[0]?.links.toLocaleString('en') ?? 0} links per provider in one execution through the real n8n engine, with three fields mapped by expressions per item, against the local sandbox in its own process with the documented rate limits on; concurrency ${report.concurrency} (the default).`,
		'',
		'- **Read phase**: from the start until the first request reaches the sandbox. Bulk Create reads and validates every item before it sends anything. **n8n floor**: what n8n alone takes to evaluate the same parameters for every item (a node that only calls `getNodeParameter`).',
		'- **Send phase**: from the first request to the last response.',
		'- **Plain client**: Node\'s `http` sending the same batches at the same concurrency with keep-alive, its payloads built in plain JavaScript (no n8n, no expressions).',
		'',
		'| provider | wall time | links/s | read phase (n8n floor) | send phase | plain client | node ÷ plain | node ÷ (plain + n8n floor) | send phase ÷ plain | requests | 429s (sandbox) | 429s in output | lost | duplicated | documented limits | one request per link, sequential | speed-up |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const entry of report.results) {
		const plain = entry.plainClientSameBatches;
		const single = entry.singleRequests;
		const limits = entry.documentedLimits
			? `${entry.documentedLimits.limits}: ${entry.requests} requests fit in ${entry.documentedLimits.bind ? `no less than ${seconds(entry.documentedLimits.fastestAllowedMs)} s` : 'the first window, so they do not bind'}`
			: 'none documented';
		lines.push(
			`| ${entry.provider} | ${seconds(entry.wallMs)} s | ${entry.linksPerSecond.toLocaleString('en')} | ${seconds(entry.readPhaseMs)} s (${seconds(entry.n8nParameterFloorMs)} s) | ${seconds(entry.sendPhaseMs)} s | ${seconds(plain.ms)} s | ${times(plain.ratio)} | ${times(plain.ratioWithN8nFloor)} | ${times(plain.sendPhaseRatio)} | ${entry.requests} | ${entry.rateLimited429} | ${entry.rateLimitedInOutput} | ${entry.lost} | ${entry.duplicated} | ${limits} | ${seconds(single.extrapolatedMs)} s (${single.sample} measured${single.rateLimited429 ? `, ${single.rateLimited429} 429s waited out` : ''}) | ${single.speedUp}× |`,
		);
	}
	if (report.ceilingRuns?.length) {
		lines.push(
			'',
			'Where the documented limits bind (sizes chosen so they do):',
			'',
			'| provider | run | requests | documented limits | fastest they allow | send phase | share of ceiling, send phase | wall time | share of ceiling, whole run | 429s (sandbox) | 429s in output | lost | duplicated |',
			'|---|---|---|---|---|---|---|---|---|---|---|---|---|',
		);
		for (const entry of report.ceilingRuns) {
			lines.push(
				`| ${entry.provider} | ${entry.links.toLocaleString('en')} links${entry.why ? `, ${entry.why}` : ''} | ${entry.requests} | ${entry.limits} | ${seconds(entry.fastestAllowedMs)} s | ${seconds(entry.sendPhaseMs)} s | ${(entry.shareOfCeilingSendPhase * 100).toFixed(1)}% | ${seconds(entry.wallMs)} s | ${(entry.shareOfCeilingWholeRun * 100).toFixed(1)}% | ${entry.rateLimited429} | ${entry.rateLimitedInOutput} | ${entry.lost} | ${entry.duplicated} |`,
			);
		}
	}
	if (report.latencyRuns?.length) {
		lines.push(
			'',
			`With ${report.latencyRuns[0].latencyMs} ms of latency added to every sandbox response (a cloud API is tens of milliseconds away):`,
			'',
			'| provider | links | requests | wall time | read phase (n8n floor) | send phase | plain client | node ÷ plain | node ÷ (plain + n8n floor) | send phase ÷ plain | lost |',
			'|---|---|---|---|---|---|---|---|---|---|---|',
		);
		for (const entry of report.latencyRuns) {
			lines.push(
				`| ${entry.provider} | ${entry.links.toLocaleString('en')} | ${entry.requests} | ${seconds(entry.wallMs)} s | ${seconds(entry.readPhaseMs)} s (${seconds(entry.n8nParameterFloorMs)} s) | ${seconds(entry.sendPhaseMs)} s | ${seconds(entry.plainMs)} s | ${times(entry.ratio)} | ${times(entry.ratioWithN8nFloor)} | ${times(entry.sendPhaseRatio)} | ${entry.lost} |`,
			);
		}
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
