#!/usr/bin/env node
'use strict';

/**
 * Starts the provider sandbox on 127.0.0.1 and keeps it up until SIGINT / SIGTERM.
 *
 *   node sandbox/cli.js [--port N] [--host H] [--seed N] [--log] [--no-limits] [--config file.json]
 */

const fs = require('node:fs');
const { createSandbox } = require('./server');
const PROVIDER_MODULES = require('./providers');

function parseArgs(argv) {
	const out = { port: 0, host: '127.0.0.1', options: {} };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
			case '-p': {
				const port = Number(value());
				if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer 0-65535');
				out.port = port;
				break;
			}
			case '--host':
				out.host = value();
				break;
			case '--seed':
				out.options.seed = Number(value());
				break;
			case '--log':
				out.options.log = true;
				break;
			case '--no-limits':
				out.options.limits = false;
				break;
			case '--config':
				Object.assign(out.options, JSON.parse(fs.readFileSync(value(), 'utf8')));
				break;
			case '--help':
			case '-h':
				out.help = true;
				break;
			default:
				throw new Error(`Unknown argument: ${arg}`);
		}
	}
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`${e.message}\n`);
		process.exit(2);
	}
	if (args.help) {
		process.stdout.write(
			'Usage: node sandbox/cli.js [--port N] [--host H] [--seed N] [--log] [--no-limits] [--config file.json]\n',
		);
		return;
	}
	const sandbox = createSandbox(args.options);
	const { url, port } = await sandbox.start({ port: args.port, host: args.host });
	const creds = sandbox.credentials(url);
	const bases = PROVIDER_MODULES.flatMap((d) =>
		Object.entries(d.prefixes).map(([prefix, origin]) => `  ${`${url}/${prefix}`.padEnd(url.length + 16)} emulates ${origin}`),
	);
	const lines = [
		`Sandbox listening on ${url} (port ${port})`,
		'',
		'Base URLs:',
		...bases,
		`  ${`${url}/_admin/state`.padEnd(url.length + 16)} admin API`,
		'',
		'Credentials:',
		JSON.stringify(creds, null, 2),
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	let stopping = false;
	const shutdown = async (signal) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal} received, stopping sandbox\n`);
		try {
			await sandbox.stop();
		} finally {
			process.exit(0);
		}
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e.message}\n`);
	process.exit(1);
});
