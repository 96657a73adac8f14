'use strict';
// Child processes the benchmark starts, and nothing else: each one is spawned in its own process group,
// remembered, and ended by its id on exit, on Ctrl+C and on a crash. Also: free ports, and RSS from /proc.
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');

const children = new Map(); // pid → { child, name }
const cleanups = []; // synchronous functions run last (e.g. pg_ctl stop)
let log = (message) => process.stderr.write(`${message}\n`);
const setLogger = (logger) => (log = logger);

/** Spawns `command` detached (its own process group), output appended to `logFile`. */
function spawnTracked(name, command, args, { env, cwd, logFile }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	children.set(child.pid, { child, name });
	child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	child.exited.then(() => children.delete(child.pid));
	return child;
}

const signalGroup = (pid, signal) => {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
};

/** SIGTERM to the child's process group, SIGKILL after `graceMs`. */
async function stopChild(child, graceMs = 20_000) {
	if (!children.has(child.pid)) return;
	signalGroup(child.pid, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
	// Anything left in the group (a task runner) goes too.
	signalGroup(child.pid, 'SIGKILL');
}

function onCleanup(fn) {
	cleanups.push(fn);
	return () => {
		const index = cleanups.indexOf(fn);
		if (index >= 0) cleanups.splice(index, 1);
	};
}

let cleaned = false;
/** Synchronous last resort: every remembered group gets SIGKILL, then the registered cleanups run. */
function cleanupSync() {
	if (cleaned) return;
	cleaned = true;
	for (const [pid, { name }] of children) {
		if (signalGroup(pid, 'SIGKILL')) log(`cleanup: killed ${name} (pid ${pid})`);
	}
	children.clear();
	for (const fn of cleanups.splice(0).reverse()) {
		try {
			fn();
		} catch (error) {
			log(`cleanup: ${error.message}`);
		}
	}
}

/** Stops every remembered child gracefully, then runs the cleanups. */
async function cleanupAll() {
	await Promise.all([...children.values()].map(({ child }) => stopChild(child, 10_000)));
	cleanupSync();
}

function installSignalHandlers() {
	process.on('exit', cleanupSync);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`\n${signal}: stopping every process this benchmark started`);
			cleanupSync();
			process.exit(130);
		});
	}
}


/* ------------------------------------------------------------------ /proc */

function readStat(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm may contain spaces and parentheses: the fields after the last ')' are fixed.
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
	} catch {
		return null;
	}
}

function rssBytes(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

const cmdline = (pid) => {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
};

/** pid and every descendant, from /proc's ppid fields. */
function processTree(rootPid) {
	const byParent = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = readStat(entry);
		if (!stat) continue;
		if (!byParent.has(stat.ppid)) byParent.set(stat.ppid, []);
		byParent.get(stat.ppid).push(Number(entry));
	}
	const out = [];
	const walk = (pid) => {
		out.push(pid);
		for (const child of byParent.get(pid) ?? []) walk(child);
	};
	walk(rootPid);
	return out;
}

/**
 * Samples the RSS of `pid` (the n8n or worker process itself) and of its descendants (its task runner)
 * every `intervalMs` until stopped. Returns peaks and the sample series.
 */
function sampleRss(pid, intervalMs = 200) {
	const started = Date.now();
	const baseline = rssBytes(pid);
	const state = { peakMain: baseline, peakChildren: 0, peakTree: baseline, baseline, startedAt: started, samples: [] };
	const take = () => {
		const tree = processTree(pid);
		const main = rssBytes(pid);
		let others = 0;
		for (const p of tree.slice(1)) others += rssBytes(p);
		state.peakMain = Math.max(state.peakMain, main);
		state.peakChildren = Math.max(state.peakChildren, others);
		state.peakTree = Math.max(state.peakTree, main + others);
		state.samples.push([Date.now() - started, main, others]);
	};
	take();
	const timer = setInterval(take, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			take();
			return state;
		},
	};
}

/** Helper processes whose output we only need once (pg_ctl, initdb, psql). */
function runSync(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0 && !options.allowFailure) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

const { freePort } = require('../../../sandbox/n8n-host');

module.exports = { spawnTracked, stopChild, onCleanup, cleanupAll, cleanupSync, installSignalHandlers, freePort, rssBytes, processTree, sampleRss, cmdline, runSync, setLogger };
