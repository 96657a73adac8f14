#!/usr/bin/env node
'use strict';
// `npm run bench:n8n`: the Bulk Create benchmark inside a real n8n 2.40.7 (Node 24, its default `vm`
// expression engine), against the provider sandbox with the documented rate limits on. Every time comes
// from n8n's own execution records (startedAt/stoppedAt, read through n8n's REST API as the owner), per
// node from the execution's run data. Counts (links stored, duplicates, 429s) come from the sandbox.
//
//   node bench/n8n/run.js                          everything except the optional ceiling/engine runs
//   node bench/n8n/run.js --only queue-40k         the queue-mode long-execution proof alone (exit 1 if it fails)
//   node bench/n8n/run.js --providers adjust,branch --variants b,c --items 2000
//
// Phases (--only a,b,…): variants, ceiling, concurrent, memory, engines, queue, queue-40k.
// Default: variants, concurrent, memory, queue, queue-40k; --ceiling adds ceiling, --compare-engines adds engines.
// See bench/README.md for every option.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../sandbox-child');

const proc = require('./lib/proc');
const { N8nProcess, Rest, prepareUserFolder, node24, n8nVersion } = require('./lib/n8n');
const { buildWorkflow, credentialsFor, EXPRESSIONS_PER_ITEM, ONE_PER_ITEM_BATCHING, BULK_BATCHING } = require('./lib/workflows');
const { fastestAllowed, limitsText } = require('./lib/limits');
const queue = require('./lib/queue');
const { request, sleep } = require('./lib/http');
const { markdown } = require('./lib/report');
const host = require('../../sandbox/n8n-host');
const { credentials: sandboxCredentials } = require('../../sandbox/server');

/* ------------------------------------------------------------------ options */

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, fallback) => {
	const index = argv.indexOf(`--${name}`);
	if (index >= 0) return argv[index + 1];
	const inline = argv.find((a) => a.startsWith(`--${name}=`));
	return inline ? inline.slice(name.length + 3) : fallback;
};
const list = (value) => String(value).split(',').map((s) => s.trim()).filter(Boolean);
if (flag('render')) {
	// Rewrites bench/results/<out>.md from its .json (after a change to lib/report.js), without running anything.
	const base = path.join(__dirname, '..', 'results', opt('out', 'n8n-latest'));
	fs.writeFileSync(`${base}.md`, require('./lib/report').markdown(JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'))));
	process.exit(0);
}
if (flag('help')) {
	process.stdout.write(fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8'));
	process.exit(0);
}

const ALL_PROVIDERS = ['adjust', 'branch', 'kumulos', 'shortify'];
const PHASES = ['variants', 'ceiling', 'concurrent', 'memory', 'engines', 'queue', 'queue-40k'];
const O = {
	providers: list(opt('providers', ALL_PROVIDERS.join(','))),
	variants: list(opt('variants', 'a,b,c,d')),
	items: Number(opt('items', 10000)),
	shortifyItems: Number(opt('shortify-items', 2000)),
	phases: opt('only') ? list(opt('only')) : ['variants', 'concurrent', 'memory', 'queue', 'queue-40k', ...(flag('ceiling') ? ['ceiling'] : []), ...(flag('compare-engines') ? ['engines'] : [])],
	adjustCeiling: Number(opt('adjust-ceiling', 30000)),
	branchCeiling: Number(opt('branch-ceiling', 10000)),
	concurrentExecutions: Number(opt('executions', 4)),
	// Each run of the concurrent and queue phases gets its own row, to see their spread.
	concurrentRepeat: Number(opt('concurrent-repeat', 1)),
	concurrentItems: Number(opt('concurrent-items', opt('items', 10000))),
	concurrentProviders: list(opt('concurrent-providers', 'adjust,branch')),
	memorySizes: list(opt('memory-sizes', '25000,50000,100000')).map(Number),
	memoryProvider: opt('memory-provider', 'kumulos'),
	// The variant of the ceiling, concurrent, queue and memory phases: (a), as a new node maps by default.
	loadVariant: opt('load-variant', 'a'),
	repeat: Number(opt('repeat', 3)),
	// Bulk Create's Options for every (a) and (b) workflow, as JSON, e.g. '{"concurrency":50}'.
	bulkOptions: JSON.parse(opt('bulk-options', '{}')),
	memoryVariant: opt('memory-variant', opt('load-variant', 'a')),
	workers: Number(opt('workers', 2)),
	workerConcurrency: Number(opt('worker-concurrency', 5)),
	proofItems: Number(opt('proof-items', 40000)),
	proofProvider: opt('proof-provider', 'adjust'),
	proofSettleMs: Number(opt('proof-settle', 10000)),
	proofMaxBlockMs: Number(opt('proof-max-block', 30000)),
	engine: opt('engine', ''), // '' = n8n's default (vm)
	inject429: Number(opt('inject-429', 0)),
	out: opt('out', 'n8n-latest'),
	keep: flag('keep'),
};
for (const phase of O.phases) if (!PHASES.includes(phase)) throw new Error(`unknown phase ${phase}; one of ${PHASES.join(', ')}`);
for (const provider of O.providers) if (!ALL_PROVIDERS.includes(provider)) throw new Error(`unknown provider ${provider}`);
const has = (phase) => O.phases.includes(phase);
const itemsFor = (provider) => (provider === 'shortify' ? Math.min(O.items, O.shortifyItems) : O.items);
// The providers whose concurrent and queue workflows this run has.
const concurrentProviders = O.concurrentProviders.filter((p) => O.providers.includes(p));

const started = Date.now();
const logLine = (message) => process.stderr.write(`[bench:n8n ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
proc.setLogger(logLine);
host.setLogger(logLine);
proc.installSignalHandlers();


/* ------------------------------------------------------------------ one n8n (regular) or a queue-mode set */

const LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-n8n-'));
/** User folders and their SQLite databases go (they hold every execution's data); the logs stay. */
const removeUserFolders = () => {
	if (O.keep) return;
	for (const entry of fs.readdirSync(LOG_DIR)) if (!entry.endsWith('.log')) fs.rmSync(path.join(LOG_DIR, entry), { recursive: true, force: true });
};
proc.onCleanup(removeUserFolders);
const engineEnv = (engine) => (engine ? { N8N_EXPRESSION_ENGINE: engine } : {});

/**
 * Imports the credentials and `workflows` with the CLI, publishes `publishWithCli` ones with
 * `n8n publish:workflow`, starts the main process and activates the rest through the REST API.
 * A workflow n8n refuses to activate is recorded in `main.activation` (Bulk Create's required fields, until
 * Map Automatically exists) and is not run.
 */
async function setupMain({ name, env, workflows, values, publishWithCli = [] }) {
	const userFolder = prepareUserFolder(path.join(LOG_DIR, name));
	const main = new N8nProcess({ name, role: 'main', userFolder, env, logDir: LOG_DIR });
	const credentialsFile = path.join(userFolder, 'bench-credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(credentialsFor(values), null, 2));
	logLine(`${name}: importing credentials and ${workflows.length} workflows`);
	await main.cli(['import:credentials', `--input=${credentialsFile}`]);
	const workflowDir = path.join(userFolder, 'bench-workflows');
	fs.mkdirSync(workflowDir, { recursive: true });
	for (const wf of workflows) fs.writeFileSync(path.join(workflowDir, `${wf.id}.json`), JSON.stringify(wf.json, null, 2));
	await main.cli(['import:workflow', '--separate', `--input=${workflowDir}`]);
	main.activation = new Map();
	for (const wf of workflows.filter((w) => publishWithCli.includes(w.key))) {
		await main.cli(['publish:workflow', `--id=${wf.id}`]);
		main.activation.set(wf.key, { publishedWith: 'publish:workflow' });
	}
	logLine(`${name}: starting n8n ${n8nVersion()} (expression engine: ${env.N8N_EXPRESSION_ENGINE ?? 'default = vm'})`);
	await main.start();
	main.rest = await new Rest(main.baseUrl).login();
	await activate(main, workflows);
	return main;
}

async function activate(main, workflows) {
	for (const wf of workflows) {
		if (main.activation.has(wf.key)) continue;
		try {
			const { versionId } = await main.rest.call('GET', `/workflows/${wf.id}`);
			await main.rest.call('POST', `/workflows/${wf.id}/activate`, { versionId });
			main.activation.set(wf.key, { publishedWith: 'REST activate' });
		} catch (error) {
			const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(error.message)?.[1]?.replace(/\\n/g, ' ').replace(/\\"/g, '"').replace(/\s+/g, ' ') ?? error.message;
			main.activation.set(wf.key, { error: message });
			logLine(`${wf.key}: n8n refuses to activate it: ${message}`);
		}
	}
}

/* ------------------------------------------------------------------ execution records */

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Waits until `count` executions of `workflowId` that are not in `known` have finished. Gives up when
 * none has appeared `graceMs` after the webhook calls returned (a 404: the webhook is not registered).
 */
async function waitExecutions(rest, workflowId, known, count, timeoutMs = 30 * 60_000, graceMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	const graceUntil = Date.now() + graceMs;
	for (;;) {
		let fresh = [];
		try {
			fresh = (await rest.executions(workflowId, 100)).filter((e) => !known.has(String(e.id)));
		} catch (error) {
			logLine(`polling executions: ${error.message}`);
		}
		if (fresh.length >= count && fresh.every((e) => FINAL.has(e.status) && e.stoppedAt)) return fresh.sort((x, y) => Number(x.id) - Number(y.id));
		if (Date.now() > deadline || (fresh.length === 0 && Date.now() > graceUntil)) return fresh;
		await sleep(500);
	}
}

const knownIds = async (rest, workflowId) => new Set((await rest.executions(workflowId, 100)).map((e) => String(e.id)));
const ms = (iso) => new Date(iso).getTime();

/** Success / failure / 429 of one output item, whichever node produced it. */
function outcome(json) {
	const codes = [json.httpCode, json.statusCode, json.error?.httpCode, json.error?.status, json.error?.statusCode, json.error?.cause?.status, json.error?.response?.status];
	if (codes.some((code) => String(code) === '429')) return '429';
	if (json.success === true) return 'ok';
	if (json.success === false || json.error !== undefined) return 'failed';
	return json.url || json.data?.shortLink ? 'ok' : 'failed';
}

/** Per-node times and the last node's output counts, from an execution's run data. */
async function analyseExecution(rest, summary, wf) {
	const record = await rest.execution(summary.id);
	const result = record.data?.resultData ?? {};
	const runData = result.runData ?? {};
	const nodes = wf.json.nodes
		.filter((node) => runData[node.name])
		.map((node) => {
			const run = runData[node.name][0];
			return { name: node.name, startOffsetMs: run.startTime - ms(summary.startedAt), ms: run.executionTime, items: run.data?.main?.[0]?.length ?? 0, error: run.error?.message };
		});
	const output = runData[wf.lastNode]?.[0]?.data?.main?.[0] ?? [];
	const counts = { items: output.length, ok: 0, failed: 0, r429: 0 };
	for (const item of output) {
		const kind = outcome(item.json ?? {});
		if (kind === 'ok') counts.ok++;
		else if (kind === '429') counts.r429++;
		else counts.failed++;
	}
	const firstFailure = output.find((item) => outcome(item.json ?? {}) !== 'ok')?.json;
	// The record as it is now; `firstSeen` keeps what the list said when the execution first looked finished
	// (they differ when a worker keeps writing to an execution n8n has already given up on).
	const status = record.status ?? summary.status;
	const startedAt = record.startedAt ?? summary.startedAt;
	const stoppedAt = record.stoppedAt ?? summary.stoppedAt;
	const changed = status !== summary.status || ms(stoppedAt) !== ms(summary.stoppedAt);
	return {
		id: String(summary.id),
		status,
		startedAt,
		stoppedAt,
		executionMs: ms(stoppedAt) - ms(startedAt),
		...(changed ? { firstSeen: { status: summary.status, stoppedAt: summary.stoppedAt, executionMs: ms(summary.stoppedAt) - ms(summary.startedAt) } } : {}),
		error: result.error?.message ?? nodes.find((n) => n.error)?.error,
		nodes,
		nodeSumMs: nodes.reduce((sum, n) => sum + (n.ms ?? 0), 0),
		output: counts,
		firstFailure: firstFailure ? JSON.stringify(firstFailure).slice(0, 300) : undefined,
	};
}

/** The sandbox's view of one run (or of several executions sharing it). */
function sandboxView(state, provider, expected) {
	const p = state.requests.byProvider[provider];
	const r429 = state.rateLimited.byProvider[provider];
	const stored = state.linksStored[provider];
	return {
		requests: p.total,
		byRoute: p.byRoute,
		r429,
		stored,
		duplicated: state.duplicates[provider] + (provider === 'adjust' ? state.dedupHits.adjust : 0),
		storedDuplicates: state.storedDuplicates[provider],
		lost: Math.max(0, expected - stored),
		firstRequestAt: p.firstRequestAt,
		lastResponseAt: p.lastResponseAt,
		allowed: fastestAllowed(provider, p.byRoute, r429),
	};
}

async function resetSandbox(sandbox) {
	await sandbox.call('reset');
	if (O.inject429 > 0) await sandbox.call('configure', { faults: { failNext: Array.from({ length: O.inject429 }, () => ({ method: 'POST', status: 429 })) } });
}

/* ------------------------------------------------------------------ one execution, or several at once */

/**
 * Sends `executions` webhook calls at once (item ids offset so no two executions make the same link),
 * waits for n8n to finish them all, and reads records, run data, the sandbox and RSS peaks.
 */
async function runWorkflow(ctx, wf, { items, executions = 1, label, rssOf, keepSamples = false }) {
	const { sandbox, main } = ctx;
	const activation = main.activation.get(wf.key);
	if (activation?.error) return { label, provider: wf.provider, variant: wf.variant, items, skipped: `n8n refuses to activate the workflow: ${activation.error}` };
	await resetSandbox(sandbox);
	const known = await knownIds(main.rest, wf.id);
	const samplers = (rssOf ?? [main]).map((p) => ({ name: p.name, sampler: proc.sampleRss(p.pid) }));
	logLine(`${label}: ${executions > 1 ? `${executions} × ` : ''}${items.toLocaleString('en')} items, ${wf.key}`);
	const calledAt = Date.now();
	const calls = await Promise.all(
		Array.from({ length: executions }, async (_, index) => {
			const t0 = Date.now();
			try {
				const response = await request('POST', `${main.baseUrl}/webhook/${wf.path}`, { body: { n: items, offset: index * items } });
				return { status: response.status, ms: Date.now() - t0, body: response.text.slice(0, 400) };
			} catch (error) {
				return { status: 'no answer', ms: Date.now() - t0, body: error.message };
			}
		}),
	);
	const summaries = await waitExecutions(main.rest, wf.id, known, executions);
	const rssStates = samplers.map(({ name, sampler }) => ({ name, state: sampler.stop() }));
	const rss = rssStates.map(({ name, state: s }) => ({ name, ...summarizeRss(s) }));
	const state = await sandbox.call('state');
	const records = [];
	for (const summary of summaries) records.push(await analyseExecution(main.rest, summary, wf));
	const view = sandboxView(state, wf.provider, items * executions);
	const span = records.length === 1 ? variantSpanMs(records[0]) : null;
	const whole = records.length ? Math.max(...records.map((r) => ms(r.stoppedAt))) - Math.min(...records.map((r) => ms(r.startedAt))) : null;
	const entry = {
		label,
		provider: wf.provider,
		variant: wf.variant,
		workflow: wf.key,
		items,
		executions,
		expressionsPerItem: EXPRESSIONS_PER_ITEM[wf.variant]?.[wf.provider],
		webhook: calls,
		calledAt: new Date(calledAt).toISOString(),
		records,
		executionMs: records.length === 1 ? records[0].executionMs : whole,
		wholeMs: whole,
		sandbox: view,
		shareOfCeiling: view.allowed.ms > 0 && whole ? view.allowed.ms / whole : null,
		// The same over the variant's own node(s), from their first start to their last end (one execution).
		nodeShareOfCeiling: view.allowed.ms > 0 && span ? view.allowed.ms / span : null,
		rss,
		failedExecutions: records.filter((r) => r.status !== 'success').length + Math.max(0, executions - records.length),
	};
	// When several executions share a credential: each request's time from the call, status and execution.
	if (executions > 1 && view.requests <= 5000) {
		entry.requestTimeline = (await sandbox.call('timeline', wf.provider)).map(([at, status, row]) => [at - calledAt, status, row < 0 ? -1 : Math.floor(row / items)]);
	}
	if (keepSamples && records[0]) entry.memoryProfile = memoryProfile(records[0], rssStates[0].state);
	logLine(
		`${label}: ${records.map((r) => `${r.status} ${(r.executionMs / 1000).toFixed(1)} s`).join(', ')}; stored ${view.stored}, lost ${view.lost}, dup ${view.duplicated}, 429 ${view.r429}/${sum(records, (r) => r.output.r429)}, allowed ${(view.allowed.ms / 1000).toFixed(1)} s`,
	);
	return entry;
}

/** From the first start to the last end of the nodes after Webhook and Generate Items. */
function variantSpanMs(record) {
	const nodes = record.nodes.filter((node) => !['Webhook', 'Generate Items'].includes(node.name) && node.ms !== undefined);
	if (!nodes.length) return null;
	return Math.max(...nodes.map((node) => node.startOffsetMs + node.ms)) - Math.min(...nodes.map((node) => node.startOffsetMs));
}

const sum = (array, fn) => array.reduce((total, x) => total + fn(x), 0);
const summarizeRss = (state) => ({ baselineMb: mb(state.baseline), peakMainMb: mb(state.peakMain), peakChildrenMb: mb(state.peakChildren), peakTreeMb: mb(state.peakTree), baseline: state.baseline, peakMain: state.peakMain, peakChildren: state.peakChildren, peakTree: state.peakTree });
const mb = (bytes) => Math.round(bytes / 2 ** 20);

/* ------------------------------------------------------------------ the workflows a run needs */

function planWorkflows(base, branchKey) {
	const specs = new Map();
	const add = (key, provider, variant, options) => {
		if (!specs.has(key)) specs.set(key, buildWorkflow({ key, provider, variant, base, branchKey, options: { ...O.bulkOptions, ...options } }));
		return specs.get(key);
	};
	const regular = [];
	const queued = [];
	if (has('variants') || has('engines')) {
		for (const provider of O.providers) for (const variant of O.variants) if (!(provider === 'shortify' && variant === 'd')) regular.push(add(`${provider}-${variant}`, provider, variant));
	}
	const v = O.loadVariant;
	const concurrentWorkflow = (provider) => (provider === 'branch' ? add(`branch-${v}-batch1`, 'branch', v, { batchSize: 1 }) : add(`${provider}-${v}`, provider, v));
	if (has('ceiling')) {
		if (O.providers.includes('adjust')) regular.push(concurrentWorkflow('adjust'));
		if (O.providers.includes('branch')) regular.push(concurrentWorkflow('branch'));
	}
	if (has('concurrent')) for (const provider of concurrentProviders) regular.push(concurrentWorkflow(provider));
	if (has('memory')) regular.push(add(`${O.memoryProvider}-${O.memoryVariant}`, O.memoryProvider, O.memoryVariant));
	if (has('queue')) for (const provider of concurrentProviders) queued.push(concurrentWorkflow(provider));
	if (has('queue-40k')) queued.push(add(`${O.proofProvider}-b`, O.proofProvider, 'b'));
	return { regular: [...new Set(regular)], queued: [...new Set(queued)], concurrentProviders, concurrentWorkflow, byKey: (key) => specs.get(key) };
}

/* ------------------------------------------------------------------ phases */

async function phaseVariants(ctx, plan, results, engineLabel = 'vm') {
	for (const provider of O.providers) {
		for (const variant of O.variants) {
			if (provider === 'shortify' && variant === 'd') {
				results.push({ label: `${engineLabel} ${provider}-${variant}`, provider, variant, engine: engineLabel, items: itemsFor(provider), skipped: 'Shortify has no bulk endpoint' });
				continue;
			}
			// (c) runs once: its time is set by its Batching. The others run --repeat times; the median is reported.
			const times = variant === 'c' ? 1 : O.repeat;
			const runs = [];
			for (let i = 0; i < times; i++) runs.push(await runWorkflow(ctx, plan.byKey(`${provider}-${variant}`), { items: itemsFor(provider), label: `${engineLabel} ${provider}-${variant}${times > 1 ? ` #${i + 1}` : ''}` }));
			const entry = medianRun(runs);
			entry.engine = engineLabel;
			results.push(entry);
		}
	}
}

/** The run of median execution time, with every run's time and the sums of what must be 0 in all of them. */
function medianRun(runs) {
	const timed = runs.filter((run) => run.records?.[0]).sort((x, y) => x.executionMs - y.executionMs);
	if (!timed.length) return runs[0];
	const median = timed[Math.floor((timed.length - 1) / 2)];
	if (runs.length === 1) return median;
	return {
		...median,
		repeats: runs.map((run) => ({
			executionMs: run.executionMs ?? null,
			status: run.records?.[0]?.status ?? run.skipped ?? 'no record',
			lost: run.sandbox?.lost ?? null,
			duplicated: run.sandbox?.duplicated ?? null,
			r429: run.sandbox?.r429 ?? null,
			r429InOutput: run.records?.[0]?.output.r429 ?? null,
			failed: run.records?.[0]?.output.failed ?? null,
		})),
	};
}

async function phaseCeiling(ctx, plan, results) {
	const v = O.loadVariant;
	// Adjust's run is a few seconds, so the machine's noise moves it: it runs --repeat times, and the median is
	// reported. Branch's takes 50 s, paced at 200/s: once.
	if (O.providers.includes('adjust')) {
		// The first execution of this size in a process is 0.3–1 s slower (seen in every run): a running n8n
		// has done one before. It runs first, unreported in the median, and its time is shown beside it.
		const warmUp = await runWorkflow(ctx, plan.concurrentWorkflow('adjust'), { items: O.adjustCeiling, label: `ceiling adjust-${v} warm-up` });
		const runs = [];
		for (let i = 0; i < O.repeat; i++) runs.push(await runWorkflow(ctx, plan.concurrentWorkflow('adjust'), { items: O.adjustCeiling, label: `ceiling adjust-${v}${O.repeat > 1 ? ` #${i + 1}` : ''}` }));
		const warmUpMs = warmUp.records?.[0]?.executionMs;
		results.push({ ...medianRun(runs), warmUpMs, why: `${O.adjustCeiling.toLocaleString('en')} links, default batching, after one unreported warm-up execution of that size (${warmUpMs === undefined ? 'failed' : `${(warmUpMs / 1000).toFixed(2)} s`})` });
	}
	if (O.providers.includes('branch')) results.push({ ...(await runWorkflow(ctx, plan.concurrentWorkflow('branch'), { items: O.branchCeiling, label: `ceiling branch-${v}` })), why: `${O.branchCeiling.toLocaleString('en')} links, Batch Size 1` });
}

async function phaseConcurrent(ctx, plan, results, mode, rssOf) {
	for (const provider of plan.concurrentProviders) for (let run = 1; run <= O.concurrentRepeat; run++) {
		const wf = plan.concurrentWorkflow(provider);
		const label = `${mode} ${provider} ×${O.concurrentExecutions}${O.concurrentRepeat > 1 ? ` #${run}` : ''}`;
		const entry = await runWorkflow(ctx, wf, { items: O.concurrentItems, executions: O.concurrentExecutions, label, rssOf });
		entry.mode = mode;
		entry.config = `Bulk Create (${wf.variant}), ${wf.key.endsWith('-batch1') ? 'Batch Size 1' : 'default batching'}`;
		if (ctx.workers) entry.ranOn = whoRan(ctx.workers, entry.records);
		results.push(entry);
	}
}

/** Which worker's log says "Worker started execution <id>". */
function whoRan(workers, records) {
	const logs = workers.map((w) => ({ name: w.name, log: w.log() }));
	return Object.fromEntries(records.map((r) => [r.id, logs.filter((l) => l.log.includes(`Worker started execution ${r.id} `)).map((l) => l.name).join('+') || '?']));
}

/**
 * Where the RSS peak of one execution falls: which node was running (from the run data's start times and
 * durations), RSS when the variant's node started, the peak during it, and a downsampled series.
 */
function memoryProfile(record, rssState) {
	const t0 = ms(record.startedAt) - rssState.startedAt; // execution start on the sampler's clock
	const samples = rssState.samples;
	const nodeAt = (t) => {
		const node = record.nodes.find((n) => t >= t0 + n.startOffsetMs && t <= t0 + n.startOffsetMs + n.ms);
		if (node) return node.name;
		if (t < t0) return 'before the execution started';
		return t > t0 + record.executionMs ? 'after the execution stopped (saving, answering the webhook)' : 'between nodes';
	};
	const peak = samples.reduce((best, sample) => (sample[1] > best[1] ? sample : best), samples[0]);
	const variantNodes = record.nodes.filter((n) => !['Webhook', 'Generate Items'].includes(n.name));
	const first = variantNodes[0];
	const startOfVariant = first ? t0 + first.startOffsetMs : t0;
	const endOfVariant = first ? t0 + Math.max(...variantNodes.map((n) => n.startOffsetMs + n.ms)) : t0 + record.executionMs;
	const rssAt = (t) => samples.reduce((best, sample) => (Math.abs(sample[0] - t) < Math.abs(best[0] - t) ? sample : best), samples[0])[1];
	const during = samples.filter((sample) => sample[0] >= startOfVariant && sample[0] <= endOfVariant);
	const step = Math.max(1, Math.ceil(samples.length / 150));
	return {
		peakMb: mb(peak[1]),
		peakAtS: Math.round((peak[0] - t0) / 100) / 10,
		peakDuring: nodeAt(peak[0]),
		rssAtVariantStartMb: mb(rssAt(startOfVariant)),
		peakDuringVariantMb: during.length ? mb(Math.max(...during.map((sample) => sample[1]))) : null,
		rssAtStopMb: mb(rssAt(t0 + record.executionMs)),
		series: samples.filter((_, index) => index % step === 0).map(([t, main, children]) => [Math.round((t - t0) / 100) / 10, mb(main), mb(children)]),
	};
}

async function phaseMemory(ctx, plan, results) {
	const wf = plan.byKey(`${O.memoryProvider}-${O.memoryVariant}`);
	for (const size of O.memorySizes) {
		// A fresh process per size: RSS does not shrink back after a large execution.
		await ctx.main.stop();
		await ctx.main.start();
		ctx.main.rest = await new Rest(ctx.main.baseUrl).login();
		await sleep(3000);
		const entry = await runWorkflow(ctx, wf, { items: size, label: `memory ${wf.key}`, keepSamples: true });
		const rss = entry.rss[0];
		entry.bytesPerItemMain = Math.round((rss.peakMain - rss.baseline) / size);
		entry.bytesPerItemTree = Math.round((rss.peakTree - rss.baseline) / size);
		results.push(entry);
	}
}

/** The long-execution proof: one production-webhook execution of 40,000 items on a queue-mode worker. */
async function phaseProof(ctx, plan) {
	const wf = plan.byKey(`${O.proofProvider}-b`);
	const { sandbox, main, workers } = ctx;
	const publishedWith = main.activation.get(wf.key)?.publishedWith;
	await resetSandbox(sandbox);
	const known = await knownIds(main.rest, wf.id);
	const timeline = [];
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			const state = await sandbox.call('state');
			timeline.push({ at: Date.now(), stored: state.linksStored[wf.provider], requests: state.requests.byProvider[wf.provider].total });
			await sleep(500);
		}
	})();
	const rssSamplers = workers.map((w) => ({ name: w.name, sampler: proc.sampleRss(w.pid, 500) }));
	// Each worker's health check, asked every 500 ms and never given up on: its slowest answer is the
	// longest its event loop was blocked (to within ~0.5 s), whatever the machine's speed.
	const stalls = workers.map((w) => ({ name: w.name, maxMs: 0, at: null }));
	const probes = workers.map(async (w, index) => {
		while (sampling) {
			const t0 = Date.now();
			try {
				await request('GET', `${w.baseUrl}/healthz`);
			} catch {
				// a refused connection is not a stall
			}
			const took = Date.now() - t0;
			if (took > stalls[index].maxMs) Object.assign(stalls[index], { maxMs: took, at: t0 });
			await sleep(500);
		}
	});
	logLine(`queue-40k: one production-webhook execution of ${O.proofItems.toLocaleString('en')} items (${wf.key}, published with ${publishedWith})`);
	const calledAt = Date.now();
	let webhook;
	try {
		const response = await request('POST', `${main.baseUrl}/webhook/${wf.path}`, { body: { n: O.proofItems, offset: 0 } });
		webhook = { status: response.status, body: response.text.slice(0, 600), ms: Date.now() - calledAt };
	} catch (error) {
		webhook = { status: 'no answer', body: error.message, ms: Date.now() - calledAt };
	}
	logLine(`queue-40k: webhook answered ${webhook.status} after ${(webhook.ms / 1000).toFixed(1)} s: ${webhook.body.slice(0, 160)}`);
	const [summary] = await waitExecutions(main.rest, wf.id, known, 1, 20 * 60_000);
	const markedAt = Date.now();
	// n8n may have given up on the execution while its worker is still reading items: wait until that worker
	// logs the end of the job (finished or errored), then until the sandbox has been quiet for --proof-settle.
	let workerDoneAt = null;
	if (summary) {
		const done = new RegExp(`Worker (finished|errored while running) execution ${summary.id}\\b`);
		const started = new RegExp(`Worker started execution ${summary.id}\\b`);
		const deadline = Date.now() + 20 * 60_000;
		while (Date.now() < deadline) {
			const logs = workers.map((w) => w.log());
			if (logs.some((log) => done.test(log))) {
				workerDoneAt = Date.now();
				break;
			}
			if (!logs.some((log) => started.test(log))) break; // no worker ran it
			await sleep(2000);
		}
		if (workerDoneAt) logLine(`queue-40k: the worker logged the end of execution ${summary.id} ${((workerDoneAt - markedAt) / 1000).toFixed(0)} s after n8n recorded it as ${summary.status}`);
		else logLine(`queue-40k: no worker logged the end of execution ${summary.id}`);
	}
	let quietSince = Date.now();
	let last = -1;
	const settleDeadline = Date.now() + 15 * 60_000;
	while (Date.now() < settleDeadline) {
		const now = timeline[timeline.length - 1]?.requests ?? 0;
		if (now !== last) {
			last = now;
			quietSince = Date.now();
		}
		if (Date.now() - quietSince > O.proofSettleMs) break;
		await sleep(1000);
	}
	sampling = false;
	await sampler;
	await Promise.all(probes);
	const rss = rssSamplers.map(({ name, sampler: s }) => ({ name, ...summarizeRss(s.stop()) }));
	const state = await sandbox.call('state');
	const record = summary ? await analyseExecution(main.rest, summary, wf) : null;
	const view = sandboxView(state, wf.provider, O.proofItems);
	// When n8n first recorded the execution as finished (what the webhook caller was told about).
	const stoppedAt = record ? ms(record.firstSeen?.stoppedAt ?? record.stoppedAt) : null;
	const storedAtStop = stoppedAt ? [...timeline].reverse().find((t) => t.at <= stoppedAt)?.stored ?? 0 : null;
	const mine = record ? new RegExp(`execution ${record.id}\\b|stalled|maxStalledCount|\\block\\b|job.*fail|crash`, 'i') : /stalled|maxStalledCount|\block\b|job.*fail|crash/i;
	const logs = [main, ...workers].map((p) => ({ name: p.name, lines: p.log().split('\n').filter((line) => mine.test(line)).slice(-12) }));
	const longestBlockMs = Math.max(...stalls.map((stall) => stall.maxMs));
	const criteria = {
		succeeded: record?.status === 'success' && !record.firstSeen,
		webhook200: webhook.status === 200,
		allLinksOnce: view.stored === O.proofItems && view.lost === 0 && view.duplicated === 0,
		noneAfterStop: (view.lastResponseAt ?? 0) <= (stoppedAt ?? 0) + 1000,
		// Half of n8n's 60 s job lock: a node that yields keeps its worker answering well within it.
		workerNeverBlocked: longestBlockMs < O.proofMaxBlockMs,
	};
	const passed = Object.values(criteria).every(Boolean);
	return {
		provider: wf.provider,
		items: O.proofItems,
		workers: workers.length,
		workerConcurrency: O.workerConcurrency,
		publishedWith,
		passed,
		criteria,
		maxBlockMs: O.proofMaxBlockMs,
		longestBlockMs,
		stalls: stalls.map((stall) => ({ name: stall.name, maxMs: stall.maxMs, atS: stall.at ? Math.round((stall.at - calledAt) / 100) / 10 : null })),
		webhook,
		execution: record,
		ranOn: record ? whoRan(workers, [record]) : {},
		sandbox: view,
		storedAtStop,
		firstRequestAfterStartMs: record && view.firstRequestAt ? view.firstRequestAt - ms(record.startedAt) : null,
		firstRequestAfterStopMs: stoppedAt && view.firstRequestAt ? view.firstRequestAt - stoppedAt : null,
		lastResponseAfterStopMs: stoppedAt && view.lastResponseAt ? view.lastResponseAt - stoppedAt : null,
		workerDoneAfterStopMs: stoppedAt && workerDoneAt ? workerDoneAt - stoppedAt : null,
		timeline: timeline.map((t) => ({ s: Math.round((t.at - calledAt) / 100) / 10, stored: t.stored, requests: t.requests })),
		rss,
		logs,
	};
}

/* ------------------------------------------------------------------ main */

async function main() {
	const dist = path.join(host.ROOT, 'dist', 'nodes', 'BulkCreateDeepLinks', 'BulkCreateDeepLinks.node.js');
	if (!fs.existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench:n8n does)');
	host.ensureN8n();
	const nodeDescription = require(dist);
	const mappingModeSupported = JSON.stringify(new nodeDescription.BulkCreateDeepLinks().description.properties).includes('"mappingMode"');
	const report = {
		at: new Date().toISOString(),
		machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100) },
		versions: { runner: process.version, n8nNode: host.run(node24(), ['--version']).stdout.trim(), n8n: n8nVersion(), package: require(path.join(host.ROOT, 'package.json')).version },
		engine: O.engine || 'vm (n8n 2.40.7 default; N8N_EXPRESSION_ENGINE unset)',
		options: O,
		mappingModeSupported,
		limits: Object.fromEntries(ALL_PROVIDERS.map((p) => [p, limitsText(p)])),
		batching: { oneRequestPerItem: ONE_PER_ITEM_BATCHING, bulkByHand: BULK_BATCHING },
		variants: [],
		ceiling: [],
		concurrent: [],
		memory: [],
		engines: [],
		proof: null,
		logDir: LOG_DIR,
	};
	if (flag('merge')) {
		// Re-runs some phases into an earlier report: the other phases' figures stay as they were.
		const file = path.join(__dirname, '..', 'results', `${O.out}.json`);
		const earlier = JSON.parse(fs.readFileSync(file, 'utf8'));
		const sections = { variants: ['variants'], ceiling: ['ceiling'], concurrent: ['concurrent'], queue: ['concurrent'], memory: ['memory'], engines: ['engines', 'variants'], 'queue-40k': ['proof'] };
		const replaced = new Set(O.phases.flatMap((phase) => sections[phase]));
		for (const [key, value] of Object.entries(earlier)) if (!replaced.has(key) && !['at', 'options', 'machine', 'versions', 'logDir', 'totalSeconds'].includes(key)) report[key] = value;
		if (replaced.has('concurrent')) {
			// concurrent and queue share one section: keep the rows of the phase, and of the providers, not re-run.
			const isRerun = (entry) => (entry.mode?.startsWith('queue') ? has('queue') : has('concurrent')) && concurrentProviders.includes(entry.provider);
			report.concurrent = (earlier.concurrent ?? []).filter((entry) => !isRerun(entry));
		}
		// Each re-run keeps its own date and phases: figures of different re-runs are not comparable.
		const rerun = { at: report.at, phases: O.phases, cpu: report.machine.cpu, loadAtStart: report.machine.loadAtStart };
		report.mergedInto = earlier.mergedInto
			? { ...earlier.mergedInto, reruns: [...(earlier.mergedInto.reruns ?? []), rerun] }
			: { at: earlier.at, machine: earlier.machine, totalSeconds: earlier.totalSeconds, reruns: [rerun] };
		// A proof that gets replaced is kept: it is a verdict, not a figure to compare.
		if (replaced.has('proof') && earlier.proof) report.earlierProofs = [...(earlier.earlierProofs ?? []), { at: earlier.at, passed: earlier.proof.passed, status: earlier.proof.execution?.status, executionMs: earlier.proof.execution?.executionMs, webhook: earlier.proof.webhook?.status, longestBlockMs: earlier.proof.longestBlockMs, load: earlier.machine?.loadAtStart }];
	}
	const sandbox = startSandbox({ onCleanup: proc.onCleanup });
	const { url } = await sandbox.call('start');
	const values = sandboxCredentials(url);
	const plan = planWorkflows(url, values.branchApi.branchKey);
	logLine(`sandbox on ${url}; logs and user folders in ${LOG_DIR}; phases: ${O.phases.join(', ')}`);

	const write = () => {
		report.totalSeconds = Math.round((Date.now() - started) / 1000);
		report.machine.loadAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
		const dir = path.join(__dirname, '..', 'results');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, `${O.out}.json`), `${JSON.stringify(report, null, 2)}\n`);
		fs.writeFileSync(path.join(dir, `${O.out}.md`), markdown(report));
	};
	// Ctrl+C still leaves what was measured so far.
	const unregisterWrite = proc.onCleanup(() => {
		report.interrupted = true;
		write();
	});

	try {
		if (plan.regular.length) {
			const main = await setupMain({ name: 'n8n-main', env: engineEnv(O.engine), workflows: plan.regular, values });
			const ctx = { sandbox, main };
			// Warm-up: load the package and compile the code paths once, outside the measurements.
			const warm = plan.regular.find((wf) => main.activation.get(wf.key)?.publishedWith);
			if (warm) await runWorkflow(ctx, warm, { items: 200, label: 'warm-up' });
			// The engine comparison needs the vm figures of the same run.
			if (has('variants') || has('engines')) await phaseVariants(ctx, plan, report.variants);
			write();
			if (has('ceiling')) await phaseCeiling(ctx, plan, report.ceiling);
			if (has('concurrent')) await phaseConcurrent(ctx, plan, report.concurrent, 'regular');
			write();
			if (has('memory')) await phaseMemory(ctx, plan, report.memory);
			write();
			await main.stop();
			if (has('engines')) {
				const legacy = await setupMain({ name: 'n8n-legacy', env: engineEnv('legacy'), workflows: plan.regular.filter((wf) => O.variants.includes(wf.variant) && !wf.key.endsWith('-batch1')), values });
				const lctx = { sandbox, main: legacy };
				const warmLegacy = plan.regular.find((wf) => legacy.activation.get(wf.key)?.publishedWith);
				if (warmLegacy) await runWorkflow(lctx, warmLegacy, { items: 200, label: 'warm-up' });
				await phaseVariants(lctx, plan, report.engines, 'legacy');
				await legacy.stop();
				write();
			}
		}
		if (plan.queued.length) {
			queue.requireServices();
			logLine('queue mode: starting redis and a private PostgreSQL cluster');
			const redis = await queue.startRedis(LOG_DIR);
			const postgres = await queue.startPostgres(LOG_DIR);
			const env = { ...queue.queueEnv(redis, postgres), ...engineEnv(O.engine) };
			const proofKey = `${O.proofProvider}-b`;
			const main = await setupMain({ name: 'queue-main', env, workflows: plan.queued, values, publishWithCli: has('queue-40k') ? [proofKey] : [] });
			const workers = [];
			for (let i = 1; i <= O.workers; i++) {
				const worker = new N8nProcess({ name: `queue-worker-${i}`, role: 'worker', userFolder: prepareUserFolder(path.join(LOG_DIR, `queue-worker-${i}`)), env, logDir: LOG_DIR, concurrency: O.workerConcurrency });
				logLine(`queue mode: starting ${worker.name} (--concurrency=${O.workerConcurrency})`);
				workers.push(await worker.start());
			}
			const ctx = { sandbox, main, workers };
			const warm = plan.queued.find((wf) => main.activation.get(wf.key)?.publishedWith);
			// The workers are warmed with the measured load itself, as the main process is by the phases before:
			// after a 200-item warm-up, the first 10,000-item execution sent 4 requests in its first second.
			if (warm) await runWorkflow(ctx, warm, { items: O.concurrentItems, executions: O.concurrentExecutions, label: 'queue warm-up', rssOf: workers });
			if (has('queue')) await phaseConcurrent(ctx, plan, report.concurrent, `queue (${O.workers} workers)`, workers);
			write();
			if (has('queue-40k')) report.proof = await phaseProof(ctx, plan);
			for (const worker of workers) await worker.stop();
			await main.stop();
			await redis.stop();
			postgres.stop();
		}
	} finally {
		unregisterWrite();
		write();
		await sandbox.call('stop').catch(() => {});
		await proc.cleanupAll();
	}
	process.stdout.write(`\n${markdown(report)}`);
	logLine(`wrote bench/results/${O.out}.md and .json; n8n logs in ${LOG_DIR}`);
	if (O.phases.length === 1 && O.phases[0] === 'queue-40k') process.exit(report.proof?.passed ? 0 : 1);
}

main().catch(async (error) => {
	logLine(error.stack ?? String(error));
	await proc.cleanupAll();
	process.exit(2);
});
