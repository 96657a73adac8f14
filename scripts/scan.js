#!/usr/bin/env node
// `npm run scan`: the checks n8n's community-package scanner (@n8n/scan-community-package) runs before a
// package is listed or verified, run locally on what `npm pack` would publish.
//
// The scanner's CLI only takes a published package name: it downloads the tarball and the source its npm
// provenance points at, then lints both with its own ESLint config and inline `eslint-disable` turned off.
// This script does the same on the working tree, with the scanner's exported functions:
//   1. `npm run build` (it empties dist/ first), then `npm pack`, unpacked into a temp dir;
//   2. analyzePackage(<repo>, SOURCE_FILE_PATTERNS): the source leg (package.json, nodes/, credentials/);
//   3. analyzePackage(<unpacked tarball>, ['**/*.js', 'package.json']): the tarball leg;
//   4. any `eslint-disable` (or other inline ESLint directive) in nodes/, credentials/ or the packed dist/:
//      the scanner ignores them, so each one hides a finding that the scanner will report.
// It prints every finding and exits 1 on any. `--no-build` skips step 1's build (dist/ must exist).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';
// The same globs analyzePackageByName() uses for the tarball leg.
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
// `eslint-disable`, `eslint-disable-line`, `eslint-disable-next-line`, `eslint-enable`, and `/* eslint rule: … */`.
const INLINE_DIRECTIVE = /eslint-(?:disable|enable)|\/\*\s*eslint\s/;

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout ?? ''}\n${result.stderr ?? ''}`);
	}
	return result;
}

function* walk(dir) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') yield* walk(full);
		} else if (entry.isFile()) {
			yield full;
		}
	}
}

/** Every line in `dirs` (files with the given extensions) that carries an inline ESLint directive. */
function inlineDirectives(base, dirs, extensions) {
	const found = [];
	for (const dir of dirs) {
		const absolute = path.join(base, dir);
		if (!fs.existsSync(absolute)) continue;
		for (const file of walk(absolute)) {
			if (!extensions.some((extension) => file.endsWith(extension))) continue;
			const lines = fs.readFileSync(file, 'utf8').split('\n');
			lines.forEach((line, index) => {
				if (INLINE_DIRECTIVE.test(line)) found.push(`${path.relative(base, file)}:${index + 1}: ${line.trim()}`);
			});
		}
	}
	return found;
}

async function main() {
	const build = !process.argv.includes('--no-build');
	const started = Date.now();
	const step = (message) => console.log(`[scan ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
	const scanner = await import(pathToFileURL(require.resolve(SCANNER, { paths: [ROOT] })).href);
	const scannerVersion = require(require.resolve('@n8n/scan-community-package/package.json', { paths: [ROOT] })).version;
	step(`@n8n/scan-community-package ${scannerVersion} on Node ${process.versions.node}`);

	if (build) {
		// `npm run build` empties dist/ first, so a file whose source was removed cannot be packed.
		run('npm', ['run', 'build', '--silent']);
		step('built');
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	const failures = [];
	try {
		// --json gives the tarball's name even when npm prints notices; --ignore-scripts: nothing but packing.
		const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work]).stdout);
		const tarball = path.join(work, packed[0].filename);
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		step(`packed ${packed[0].filename}: ${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(0)} kB`);

		const legs = [
			['source (package.json, nodes/, credentials/)', ROOT, scanner.SOURCE_FILE_PATTERNS],
			['tarball (**/*.js, package.json)', unpacked, TARBALL_PATTERNS],
		];
		for (const [name, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.passed) {
				step(`✓ scanner, ${name}${result.message ? `: ${result.message}` : ''}`);
			} else {
				step(`✗ scanner, ${name}: ${result.message}`);
				if (result.details) console.log(result.details);
				failures.push(`scanner, ${name}: ${result.message}`);
			}
		}

		const directives = [
			...inlineDirectives(ROOT, ['nodes', 'credentials'], ['.ts', '.js', '.mjs', '.cjs']),
			...inlineDirectives(unpacked, ['dist'], ['.js', '.ts', '.mjs', '.cjs']).map((line) => `(packed) ${line}`),
		];
		if (directives.length) {
			step(`✗ ${directives.length} inline ESLint directive(s); the scanner ignores them, so fix what they hide:`);
			for (const line of directives) console.log(`  ${line}`);
			failures.push(`${directives.length} inline ESLint directive(s)`);
		} else {
			step('✓ no eslint-disable in nodes/, credentials/ or the packed dist/');
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	step(failures.length ? `failed: ${failures.join('; ')}` : 'no findings');
	process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
