'use strict';
// Queue mode's two services, private to this benchmark: Debian's redis-server in the foreground on a free
// port with no persistence, and a throwaway PostgreSQL 15 cluster (initdb + pg_ctl as the postgres user,
// its own data directory, port and socket directory). Both are stopped on exit and on Ctrl+C.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnTracked, stopChild, onCleanup, freePort, runSync } = require('./proc');
const { sleep } = require('./http');

function which(binary) {
	const result = runSync('sh', ['-c', `command -v ${binary}`], { allowFailure: true });
	return result.status === 0 ? result.stdout.trim() : null;
}

function pgBin(name) {
	const candidates = [which(name), ...fs.readdirSync('/usr/lib/postgresql').sort().reverse().map((version) => `/usr/lib/postgresql/${version}/bin/${name}`)].filter(Boolean);
	const found = candidates.find((file) => fs.existsSync(file));
	if (!found) throw new Error(`${name} not found: apt-get install -y postgresql`);
	return found;
}

function requireServices() {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!fs.existsSync('/usr/lib/postgresql')) missing.push('postgresql');
	if (missing.length) throw new Error(`queue mode needs ${missing.join(' and ')}: apt-get install -y ${missing.join(' ')}`);
}

async function startRedis(logDir) {
	const port = await freePort();
	const child = spawnTracked('redis', which('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { logFile: path.join(logDir, 'redis.log') });
	for (let i = 0; i < 100; i++) {
		const ping = runSync('redis-cli', ['-p', String(port), 'ping'], { allowFailure: true });
		if (ping.stdout.trim() === 'PONG') return { port, stop: () => stopChild(child) };
		await sleep(100);
	}
	throw new Error('redis-server did not answer PING');
}

async function startPostgres(logDir) {
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pg-'));
	fs.chownSync(dir, Number(runSync('id', ['-u', 'postgres']).stdout), Number(runSync('id', ['-g', 'postgres']).stdout));
	const asPostgres = (binary, args, options) => runSync('runuser', ['-u', 'postgres', '--', pgBin(binary), ...args], options);
	asPostgres('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const stop = () => {
		asPostgres('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'], { allowFailure: true });
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const unregister = onCleanup(stop);
	asPostgres('pg_ctl', ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
	runSync(pgBin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'CREATE DATABASE n8n']);
	return {
		port,
		dir,
		logFile: path.join(dir, 'postgres.log'),
		stop() {
			try {
				fs.copyFileSync(path.join(dir, 'postgres.log'), path.join(logDir, 'postgres.log'));
			} catch {
				// no log
			}
			unregister();
			stop();
		},
	};
}

/** The settings every queue-mode process (main and workers) must share. */
const queueEnv = (redis, postgres) => ({
	EXECUTIONS_MODE: 'queue',
	QUEUE_BULL_REDIS_HOST: '127.0.0.1',
	QUEUE_BULL_REDIS_PORT: String(redis.port),
	DB_TYPE: 'postgresdb',
	DB_POSTGRESDB_HOST: '127.0.0.1',
	DB_POSTGRESDB_PORT: String(postgres.port),
	DB_POSTGRESDB_DATABASE: 'n8n',
	DB_POSTGRESDB_USER: 'postgres',
	DB_POSTGRESDB_PASSWORD: '',
});

module.exports = { requireServices, startRedis, startPostgres, queueEnv };
