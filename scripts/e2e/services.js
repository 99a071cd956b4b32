'use strict';
/*
 * PostgreSQL and Redis for n8n's queue mode, from Debian's packages (installed with apt-get when missing and
 * this runs as root): each started on a free loopback port with its data in a temporary folder, in its own
 * process group, and stopped and removed by stop() or when the orchestrator exits (processes.js).
 *
 *   const pg = await startPostgres();   // { port, database, user, env, stop() }
 *   const redis = await startRedis();   // { port, env, stop() }
 */

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const {
	liveGroups,
	killGroup,
	groupAlive,
	makeTempDir,
	removeTempDir,
	freePort,
	portOpen,
	sleep,
} = require('./processes');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function aptInstall(packages, log) {
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
	if (!isRoot() || !hasApt) {
		throw new Error(
			`missing ${packages.join(', ')}: install Debian's packages (sudo apt-get install -y ${packages.join(' ')})`,
		);
	}
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', ...packages],
	]) {
		log(`$ apt-get ${args.join(' ')}`);
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
}

/** The folder of PostgreSQL's server binaries (initdb, postgres, pg_isready), newest major version first. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

function ensurePackages({ log = () => {} } = {}) {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!fs.existsSync('/usr/bin/redis-server')) missing.push('redis-server');
	if (missing.length > 0) aptInstall(missing, log);
	// Debian's packages start their own services where an init system runs; ours are separate instances.
	return { pgBin: postgresBinDir(), redisServer: '/usr/bin/redis-server' };
}

/** A detached process in its own group, its output appended to `logFile`; recorded for clean-up on exit. */
function startGroup(command, args, { logFile, cwd }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	liveGroups.add(child.pid);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	return { pid: child.pid, exited };
}

async function stopGroup(group, port) {
	killGroup(group.pid, 'SIGTERM');
	const deadline = Date.now() + 10000;
	while (groupAlive(group.pid) && Date.now() < deadline) await sleep(100);
	killGroup(group.pid, 'SIGKILL');
	liveGroups.delete(group.pid);
	for (let i = 0; i < 50 && (await portOpen(port)); i++) await sleep(100);
}

async function waitForPort(port, group, what, logFile, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	let exited;
	group.exited.then((status) => (exited = status));
	while (!(await portOpen(port))) {
		if (exited || Date.now() > deadline) {
			const log = fs.existsSync(logFile)
				? fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
				: '';
			throw new Error(
				`${what} did not listen on 127.0.0.1:${port}${exited ? ` (exited ${exited.code ?? exited.signal})` : ''}:\n${log}`,
			);
		}
		await sleep(100);
	}
}

/**
 * A PostgreSQL cluster of its own: initdb in a temp folder (as the `postgres` system user when run as root:
 * PostgreSQL refuses to run as root), trust authentication on loopback only, database `n8n`.
 */
async function startPostgres({ log = () => {} } = {}) {
	const { pgBin } = ensurePackages({ log });
	const dir = makeTempDir('n8n-e2e-pg-');
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const asPostgres = (bin, args) =>
		isRoot()
			? ['runuser', ['-u', 'postgres', '--', path.join(pgBin, bin), ...args]]
			: [path.join(pgBin, bin), args];
	if (isRoot()) spawnSync('chown', ['postgres:postgres', dir]);
	const [initCmd, initArgs] = asPostgres('initdb', [
		'-D',
		dataDir,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-instructions',
	]);
	const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
	if (init.status !== 0)
		throw new Error(`initdb failed (exit ${init.status}): ${init.stderr || init.stdout}`);
	const port = await freePort();
	const [cmd, args] = asPostgres('postgres', [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const group = startGroup(cmd, args, { logFile, cwd: dir });
	await waitForPort(port, group, 'PostgreSQL', logFile);
	const server = ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n'];
	const [createCmd, createArgs] = asPostgres('createdb', [...server, 'n8n']);
	for (let attempt = 1; ; attempt++) {
		const created = spawnSync(createCmd, createArgs, { encoding: 'utf8' });
		if (created.status === 0) break;
		if (attempt >= 20) throw new Error(`createdb failed: ${created.stderr}`);
		await sleep(250); // "the database system is starting up"
	}
	log(`PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
	return {
		port,
		dir,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** Runs one SQL statement with psql and returns its rows as arrays of strings. */
		query(sql) {
			const [qCmd, qArgs] = asPostgres('psql', [
				...server,
				'-d',
				'n8n',
				'-At',
				'-F',
				'\t',
				'-c',
				sql,
			]);
			const result = spawnSync(qCmd, qArgs, { encoding: 'utf8' });
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
			return result.stdout
				.split('\n')
				.filter((l) => l !== '')
				.map((l) => l.split('\t'));
		},
		async stop() {
			await stopGroup(group, port);
			removeTempDir(dir);
		},
	};
}

/** A Redis server of its own: loopback only, no persistence, its folder in a temp folder. */
async function startRedis({ log = () => {} } = {}) {
	const { redisServer } = ensurePackages({ log });
	const dir = makeTempDir('n8n-e2e-redis-');
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const group = startGroup(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ logFile, cwd: dir },
	);
	await waitForPort(port, group, 'Redis', logFile);
	log(`Redis on 127.0.0.1:${port}`);
	return {
		port,
		dir,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		async stop() {
			await stopGroup(group, port);
			removeTempDir(dir);
		},
	};
}

module.exports = { ensurePackages, startPostgres, startRedis };
