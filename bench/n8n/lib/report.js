'use strict';
// The Markdown report of bench/n8n/run.js (the JSON next to it has every figure and the raw records).

const s = (milliseconds, digits = 1) => (milliseconds === null || milliseconds === undefined || Number.isNaN(milliseconds) ? '–' : `${(milliseconds / 1000).toFixed(digits)} s`);
const n = (value) => (value === null || value === undefined ? '–' : Number(value).toLocaleString('en'));
const pct = (ratio) => (ratio === null || ratio === undefined ? '–' : `${(ratio * 100).toFixed(1)}%`);
const x = (ratio) => (ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(2)}×`);

const VARIANT = {
	a: 'a. Bulk Create, Map Automatically',
	b: 'b. Bulk Create, expressions per item',
	c: 'c. HTTP Request, one request per item',
	d: 'd. Code → HTTP Request (bulk) → Code',
};

const SHORT_NODE = { 'Generate Items': 'generate', 'Bulk Create Deep Links': 'Bulk Create', 'HTTP Request': 'HTTP Request', 'Chunk Items': 'chunk', 'HTTP Request (bulk)': 'HTTP', 'Split Results': 'split' };

/** Node times after the generating Code node, e.g. "chunk 0.3 + HTTP 0.5 + split 0.4 s". */
const workNodes = (record) =>
	record.nodes
		.filter((node) => !['Webhook', 'Generate Items'].includes(node.name))
		.map((node) => `${SHORT_NODE[node.name] ?? node.name} ${s(node.ms)}`)
		.join(' + ');
const nodeMs = (record, name) => record.nodes.find((node) => node.name === name)?.ms;

/** From the variant's first node's start to the sandbox's first request, then to its last response. */
function phases(entry, record) {
	const first = record.nodes.find((node) => !['Webhook', 'Generate Items'].includes(node.name));
	const { firstRequestAt, lastResponseAt } = entry.sandbox;
	if (!first || !firstRequestAt) return '–';
	const start = new Date(record.startedAt).getTime() + first.startOffsetMs;
	return `${s(firstRequestAt - start)} + ${s(lastResponseAt - firstRequestAt)}`;
}

function batchingText(report, entry) {
	if (entry.variant === 'c') {
		const b = report.batching.oneRequestPerItem[entry.provider];
		return ` (Batching ${b.batchSize} per ${b.batchInterval} ms)`;
	}
	if (entry.variant === 'd') {
		const b = report.batching.bulkByHand[entry.provider];
		return b ? ` (Batching ${b.batchSize} per ${b.batchInterval} ms)` : '';
	}
	return '';
}

const failureNote = (entry) => {
	const record = entry.records?.[0];
	if (!record) return '';
	const notes = [];
	if (record.error) notes.push(record.error.slice(0, 140));
	if (record.output.failed && record.firstFailure) notes.push(`first failed item: ${record.firstFailure.slice(0, 140)}`);
	return notes.join('; ').replace(/\|/g, '\\|');
};

/** A count over every repeat of a run (what must be 0 in all of them), or the one run's. */
const allRuns = (entry, key, single) => (entry.repeats ? entry.repeats.reduce((total, run) => total + (run[key] ?? 0), 0) : single);

/** The issue's targets, from this run: (a) against (c) and (d), the ceiling shares, the concurrent ratios. */
function targetRows(report) {
	const rows = ['| target | measured | met |', '|---|---|---|'];
	const time = (provider, variant) => report.variants.find((e) => e.provider === provider && e.variant === variant && e.records?.[0])?.executionMs;
	for (const provider of [...new Set(report.variants.map((e) => e.provider))]) {
		const [a, c, d] = ['a', 'c', 'd'].map((variant) => time(provider, variant));
		if (a && c) rows.push(`| ${provider}: (a) ≥ 20× faster than (c) | (c) ÷ (a) = ${x(c / a)} | ${c / a >= 20 ? 'yes' : 'no'} |`);
		if (a && d) rows.push(`| ${provider}: (a) ≤ 0.7× (d) | (a) ÷ (d) = ${x(a / d)} | ${a / d <= 0.7 ? 'yes' : 'no'} |`);
	}
	for (const entry of report.ceiling) {
		if (!entry.shareOfCeiling) continue;
		const share = entry.nodeShareOfCeiling ?? entry.shareOfCeiling;
		rows.push(`| ${entry.provider} ${entry.why}: share of the ceiling over Bulk Create's whole run (read, send, output) ≥ 90 % | ${pct(share)} (over the whole execution, with the Code node making the items: ${pct(entry.shareOfCeiling)}) | ${share >= 0.9 ? 'yes' : 'no'} |`);
	}
	for (const entry of report.concurrent) {
		const ratio = entry.sandbox.allowed.ms > 0 && entry.wholeMs ? entry.wholeMs / entry.sandbox.allowed.ms : null;
		const failed = entry.failedExecutions + entry.records.reduce((total, r) => total + r.output.failed + r.output.r429, 0);
		if (entry.mode === 'regular') rows.push(`| ${entry.provider}, ${entry.executions} executions in one n8n: ≤ 1.3× the limit | ${ratio === null ? 'limits do not bind' : x(ratio)} | ${ratio === null ? '–' : ratio <= 1.3 ? 'yes' : 'no'} |`);
		else rows.push(`| ${entry.provider}, ${entry.mode}: ≥ 80 % of the documented rate, 0 failures | ${ratio === null ? 'limits do not bind' : pct(1 / ratio)}, ${failed} failed | ${ratio === null ? '–' : 1 / ratio >= 0.8 && failed === 0 ? 'yes' : 'no'} |`);
	}
	return rows;
}

function variantRows(report, entries) {
	const rows = [
		'| provider | variant | links | execution time | links/s | ÷ (b) | generate (Code node) | variant node(s) | variant start → first request → last response | rest of the execution | expressions/item | requests | fastest the documented limits allow | share of that ceiling | created | lost | duplicated | 429s (sandbox) | 429s in output | failed items | status |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const entry of entries) {
		if (entry.skipped) {
			rows.push(`| ${entry.provider} | ${VARIANT[entry.variant]} | ${n(entry.items)} | skipped: ${entry.skipped.replace(/\|/g, '\\|')} ||||||||||||||||||`);
			continue;
		}
		const record = entry.records[0];
		if (!record) {
			rows.push(`| ${entry.provider} | ${VARIANT[entry.variant]} | ${n(entry.items)} | no execution record (webhook: ${entry.webhook[0]?.status}) ||||||||||||||||||`);
			continue;
		}
		const b = entries.find((other) => other.provider === entry.provider && other.variant === 'b' && other.engine === entry.engine && other.records?.[0]);
		const ratio = b && entry !== b ? record.executionMs / b.records[0].executionMs : entry === b ? 1 : null;
		const allowed = entry.sandbox.allowed;
		rows.push(
			[
				entry.provider,
				VARIANT[entry.variant] + batchingText(report, entry),
				n(entry.items),
				entry.repeats ? `${s(record.executionMs, 2)} (median of ${entry.repeats.length}: ${entry.repeats.map((r) => s(r.executionMs, 2)).join(', ')})` : s(record.executionMs, 2),
				n(Math.round(entry.items / (record.executionMs / 1000))),
				x(ratio),
				s(nodeMs(record, 'Generate Items'), 2),
				workNodes(record),
				phases(entry, record),
				s(record.executionMs - record.nodeSumMs, 2),
				entry.expressionsPerItem ?? '–',
				n(entry.sandbox.requests),
				allowed.documented ? (allowed.ms > 0 ? `${s(allowed.ms)} (${allowed.binding})` : 'do not bind') : 'none documented',
				allowed.ms > 0 ? pct(entry.shareOfCeiling) : '–',
				n(entry.sandbox.stored),
				n(allRuns(entry, 'lost', entry.sandbox.lost)),
				n(allRuns(entry, 'duplicated', entry.sandbox.duplicated)),
				n(allRuns(entry, 'r429', entry.sandbox.r429)),
				n(allRuns(entry, 'r429InOutput', record.output.r429)),
				n(allRuns(entry, 'failed', record.output.failed)),
				`${record.status}${failureNote(entry) ? `: ${failureNote(entry)}` : ''}`,
			].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
		);
	}
	return rows;
}

function concurrentRows(entries) {
	const rows = [
		'| mode | provider | workflow | executions × links | whole (first start → last stop) | each execution | fastest the documented limits allow | whole ÷ that | share of the ceiling | requests | 429s (sandbox) | 429s in output | failed executions | failed items | lost | duplicated | ran on |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const entry of entries) {
		if (entry.skipped) {
			rows.push(`| ${entry.mode} | ${entry.provider} | skipped: ${entry.skipped} |||||||||||||||`);
			continue;
		}
		const allowed = entry.sandbox.allowed;
		rows.push(
			`| ${entry.mode} | ${entry.provider} | ${entry.config} | ${entry.executions} × ${n(entry.items)} | ${s(entry.wholeMs)} | ${entry.records.map((r) => `${s(r.executionMs)}${r.status === 'success' ? '' : ` ${r.status}`}`).join(', ')} | ${allowed.ms > 0 ? `${s(allowed.ms)} (${allowed.binding})` : 'do not bind'} | ${allowed.ms > 0 ? x(entry.wholeMs / allowed.ms) : '–'} | ${allowed.ms > 0 ? pct(entry.shareOfCeiling) : '–'} | ${n(entry.sandbox.requests)} | ${n(entry.sandbox.r429)} | ${n(entry.records.reduce((t, r) => t + r.output.r429, 0))} | ${entry.failedExecutions} | ${n(entry.records.reduce((t, r) => t + r.output.failed, 0))} | ${n(entry.sandbox.lost)} | ${n(entry.sandbox.duplicated)} | ${entry.ranOn ? Object.values(entry.ranOn).join(', ') : 'main'} |`,
		);
	}
	return rows;
}

function memoryRows(entries) {
	const rows = [
		'| links | execution time | status | n8n RSS before | peak RSS, n8n process | when | peak RSS, its task runner | bytes per item, n8n process | bytes per item, n8n + runner | RSS when Bulk Create started → its peak | created | lost |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const entry of entries) {
		const record = entry.records?.[0];
		const rss = entry.rss?.[0] ?? {};
		const p = entry.memoryProfile;
		rows.push(
			`| ${n(entry.items)} | ${s(record?.executionMs)} | ${record?.status ?? '–'} | ${rss.baselineMb} MB | ${rss.peakMainMb} MB | ${p ? `${p.peakAtS} s in, ${p.peakDuring}` : '–'} | ${rss.peakChildrenMb} MB | ${n(entry.bytesPerItemMain)} | ${n(entry.bytesPerItemTree)} | ${p ? `${p.rssAtVariantStartMb} → ${p.peakDuringVariantMb} MB` : '–'} | ${n(entry.sandbox?.stored)} | ${n(entry.sandbox?.lost)} |`,
		);
	}
	return rows;
}

function engineRows(report) {
	const rows = ['| provider | variant | vm (default) | legacy | vm ÷ legacy |', '|---|---|---|---|---|'];
	for (const legacy of report.engines) {
		const vm = report.variants.find((entry) => entry.provider === legacy.provider && entry.variant === legacy.variant);
		const a = vm?.records?.[0]?.executionMs;
		const b = legacy.records?.[0]?.executionMs;
		rows.push(`| ${legacy.provider} | ${VARIANT[legacy.variant]} | ${s(a, 2)} | ${s(b, 2)} | ${a && b ? x(a / b) : '–'} |`);
	}
	return rows;
}

function proofLines(proof) {
	const record = proof.execution;
	const lines = [
		`**Verdict: ${proof.passed ? 'PASS' : 'FAIL'}.** One production-webhook execution (Webhook → Generate Items → Bulk Create, ${proof.provider}, ${n(proof.items)} items, expressions per item), queue mode, ${proof.workers} workers at --concurrency=${proof.workerConcurrency}, workflow activated with \`${proof.publishedWith}\`. It passes when n8n marks it succeeded, the caller gets 200, the sandbox holds exactly ${n(proof.items)} links, none duplicated, none sent after the execution's stop time${proof.criteria ? `, and no worker's health check waited ${s(proof.maxBlockMs, 0)} or more (its event loop was never blocked that long; n8n's job lock lasts 60 s)` : ''}.`,
		'',
		...(proof.criteria ? [`- Criteria: ${Object.entries(proof.criteria).map(([name, ok]) => `${name} ${ok ? '✓' : '✗'}`).join(', ')}.`, `- Longest wait for a worker's health check: ${proof.stalls.map((stall) => `${stall.name} ${s(stall.maxMs)}${stall.atS !== null ? ` (asked ${stall.atS} s after the call)` : ''}`).join(', ')}.`] : []),
		record?.firstSeen
			? `- n8n's execution record: **${record.firstSeen.status}** when it first looked finished, ${s(record.firstSeen.executionMs)} from start to stop (started ${record.startedAt}, stopped ${record.firstSeen.stoppedAt}); after the worker had finished: **${record.status}**, stopped ${record.stoppedAt} (${s(record.executionMs)}); ran on ${Object.values(proof.ranOn ?? {}).join(', ') || '?'}.`
			: `- n8n's execution record: **${record?.status ?? 'none'}**${record ? `, ${s(record.executionMs)} from start to stop (started ${record.startedAt}, stopped ${record.stoppedAt})` : ''}${record?.error ? `; error: \`${record.error.replace(/`/g, "'")}\`` : ''}; ran on ${Object.values(proof.ranOn ?? {}).join(', ') || '?'}${proof.criteria ? '; it did not change after the worker had finished' : ''}.`,
		`- Webhook caller: HTTP **${proof.webhook.status}** after ${s(proof.webhook.ms)}; body: \`${proof.webhook.body.slice(0, 300).replace(/`/g, "'").replace(/\n/g, ' ')}\``,
		`- Sandbox: **${n(proof.sandbox.stored)}** links stored (${n(proof.sandbox.lost)} lost, ${n(proof.sandbox.duplicated)} duplicated), ${n(proof.sandbox.requests)} requests, ${n(proof.sandbox.r429)} 429s; ${proof.storedAtStop === null ? '–' : n(proof.storedAtStop)} of them stored by the execution's stop time.`,
		`- First request ${s(proof.firstRequestAfterStartMs)} after the execution started${proof.firstRequestAfterStopMs > 0 ? ` (**${s(proof.firstRequestAfterStopMs)} after n8n had recorded it as ${record?.status}**)` : ''}; last response ${proof.lastResponseAfterStopMs === null ? '–' : `${s(Math.abs(proof.lastResponseAfterStopMs))} ${proof.lastResponseAfterStopMs >= 0 ? 'after' : 'before'}`} its stop time.`,
		`- The worker that ran it logged the job's end ${proof.workerDoneAfterStopMs === null || proof.workerDoneAfterStopMs === undefined ? '– (not seen)' : `${s(proof.workerDoneAfterStopMs)} after the execution's stop time (± 2 s)`}.`,
		...(record ? [`- The record's run data: ${n(record.output.items)} output items from ${record.nodes.at(-1)?.name} (${n(record.output.ok)} created, ${n(record.output.failed + record.output.r429)} failed), the node's own time ${s(record.nodes.at(-1)?.ms)}${record.status !== 'success' && record.output.ok ? `: the worker wrote its results into an execution n8n had already recorded as ${record.status}` : ''}.`] : []),
		`- Peak RSS: ${proof.rss.map((r) => `${r.name} ${r.peakMainMb} MB (+ runner ${r.peakChildrenMb} MB)`).join(', ')}.`,
	];
	const logLines = proof.logs.flatMap((l) => l.lines.filter((line) => !/migration lock/.test(line)).map((line) => `${l.name}: ${line.trim()}`)).slice(0, 20);
	if (logLines.length) lines.push('', 'From the n8n logs:', '', '```', ...logLines.map((line) => line.slice(0, 240)), '```');
	return lines;
}

function markdown(report) {
	const m = report.machine;
	const lines = [
		`# Bulk Create inside a real n8n (${report.at.slice(0, 10)})`,
		'',
		`- Machine: ${m.cpus} cores (${m.cpu}), ${m.memoryGb} GB RAM, shared with other jobs: load average ${m.loadAtStart.join(' / ')} at the start, ${m.loadAtEnd?.join(' / ') ?? '–'} at the end. Compare figures of one run only.`,
		`- n8n ${report.versions.n8n} on Node ${report.versions.n8nNode} (the benchmark itself on Node ${report.versions.runner}); package ${report.versions.package}; SQLite in regular mode, PostgreSQL 15 + Redis in queue mode.`,
		`- Expression engine: **${report.engine}** for every figure${report.engines.length ? ', except the "legacy" column of the engine comparison' : ''}.`,
		'- Times are n8n\'s own execution records (`startedAt` → `stoppedAt`, read with `GET /rest/executions` as the owner); node times are `executionTime` from the execution\'s run data. "Rest of the execution" is the record\'s time minus the node times (the webhook trigger, handing data between nodes, …).',
		'- Every workflow: production Webhook (POST `{ n, offset }`, respond when the last node finishes) → Code node "Generate Items" (n items in one loop: `{ id, campaign, name }` rows for b, c and d; the same links in the provider\'s API field names for a) → the variant.',
		`- Sandbox: its own process, the documented limits on (${Object.entries(report.limits).map(([p, l]) => `${p}: ${l}`).join('; ')}). "Fastest the documented limits allow": floor((requests − 1) ÷ limit) × window over the requests the sandbox accepted; "share of that ceiling" = that ÷ the execution time (whole execution).`,
		`- (a) Map Automatically: ${report.mappingModeSupported ? 'Bulk Create version 2 as a new node gets it (Map Automatically, no full response per item); (b) is version 1 with Define Below.' : '**pending**: the built node has no `mappingMode` parameter yet; the workflow is built for it (items carry the API field names, no expressions) and the table shows what today\'s node does with it.'}`,
		...(report.mergedInto
			? [
					`- Merged into the run of ${report.mergedInto.at.slice(0, 16).replace('T', ' ')} (${report.mergedInto.machine.cpu ? `${report.mergedInto.machine.cpu}, ` : ''}load then ${report.mergedInto.machine.loadAtStart.join(' / ')} → ${report.mergedInto.machine.loadAtEnd?.join(' / ')}), each phase from its latest re-run: ${report.mergedInto.reruns
						.map((rerun) => `${rerun.phases.join(', ')} on ${rerun.at.slice(0, 16).replace('T', ' ')}${rerun.loadAtStart ? ` (${rerun.cpu ? `${rerun.cpu}, ` : ''}load ${rerun.loadAtStart.join(' / ')})` : ''}`)
						.join('; ')}. Compare figures within one phase.`,
				]
			: []),
		'',
	];
	if (report.variants.length || report.ceiling.length || report.concurrent.length) lines.push('## Targets', '', ...targetRows(report), '');
	if (report.variants.length) lines.push(`## One execution per provider and variant`, '', ...variantRows(report, report.variants), '');
	if (report.ceiling.length) {
		lines.push('## Where the documented limits bind', '', ...variantRows(report, report.ceiling.map((entry) => ({ ...entry, variant: entry.variant }))), '', ...report.ceiling.map((entry) => `- ${entry.provider}: ${entry.why}.`), '');
	}
	if (report.concurrent.length) {
		lines.push(`## ${report.options.concurrentExecutions} concurrent executions sharing one credential`, '', 'Each execution gets its own ids (no two make the same link). "Whole" is from the first execution\'s start to the last one\'s stop, from the records.', '', ...concurrentRows(report.concurrent), '');
	}
	if (report.memory.length) {
		lines.push(`## Memory: one execution of many items (${report.options.memoryProvider}, variant ${report.options.memoryVariant ?? 'b'})`, '', 'A fresh n8n process per size (RSS does not shrink after a big execution). RSS of the n8n process and of its task runner (the Code node runs there) sampled from /proc every 200 ms; bytes per item = (peak − RSS before the call) ÷ items.', '', ...memoryRows(report.memory), '');
	}
	if (report.engines.length) lines.push('## Expression engines (same run, same workflows, a second n8n with N8N_EXPRESSION_ENGINE=legacy)', '', ...engineRows(report), '', ...variantRows(report, report.engines), '');
	if (report.proof) lines.push('## Queue mode: one long execution (the stalled-job check)', '', ...proofLines(report.proof), '');
	if (report.earlierProofs?.length) {
		lines.push(
			'Earlier runs of this check (replaced by `--merge`):',
			'',
			...report.earlierProofs.map(
				(p) =>
					`- ${p.at.slice(0, 16).replace('T', ' ')}, ${p.run ?? ''}: **${p.passed ? 'PASS' : 'FAIL'}**; record ${p.status} after ${s(p.executionMs)}${p.error ? ` (${p.error})` : ''}, webhook ${p.webhook}${p.webhookBody ? ` \`${p.webhookBody}\`` : ''}; ${n(p.linksStored)} links${p.firstRequestAfterStopMs !== undefined ? `, all sent after n8n had recorded the failure (first request ${s(p.firstRequestAfterStopMs)}, last response ${s(p.lastResponseAfterStopMs)} after the stop time; the worker ended the job ${s(p.workerDoneAfterStopMs)} after it)` : ''}${p.note ? `. ${p.note}` : ''}.`,
			),
			'',
		);
	}
	lines.push(`Whole benchmark: ${report.totalSeconds} s${report.mergedInto ? ` (the re-run phases; the run they were merged into took ${report.mergedInto.totalSeconds} s)` : ''}. Raw records, per-node times, RSS samples and the proof's timeline: \`bench/results/${report.options.out}.json\`.`, '');
	return lines.join('\n');
}

module.exports = { markdown };
