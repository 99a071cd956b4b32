'use strict';
/*
 * n8n in queue mode, as users scale it out: PostgreSQL and Redis (services.js), one main process, one worker
 * and two webhook processes sharing them, and a round-robin proxy in front of the webhook processes
 * (proxy.js). Every process is an N8nInstance (n8n.js) on its own ports; all share one user folder and
 * encryption key, as the processes of one installation do.
 *
 *   const cluster = await startQueueCluster({ extensions, log });
 *   cluster.main / cluster.worker / cluster.webhooks[0..1]   // N8nInstance
 *   cluster.proxy.baseUrl                                    // where providers deliver (N8N_WEBHOOK_URL)
 *   cluster.workerExecutions()                               // execution ids the worker logged as run
 *   await cluster.stop();                                    // processes, services, folders: all gone
 */

const fs = require('node:fs');
const path = require('node:path');

const { N8nInstance, requireSetup, makeTempDir, freePort } = require('./n8n');
const { defaultLog } = require('./package');
const { removeTempDir } = require('./processes');
const { startRoundRobinProxy } = require('./proxy');
const { startPostgres, startRedis } = require('./services');

async function ports(count) {
	const taken = new Set();
	while (taken.size < count) taken.add(await freePort());
	return [...taken];
}

async function startQueueCluster({ extensions, log = defaultLog, env: extraEnv = {} } = {}) {
	const cache = requireSetup();
	const stops = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) {
			try {
				await stop();
			} catch (error) {
				log(`stopping failed: ${error.message}`);
			}
		}
		stops.length = 0;
	};
	try {
		const pg = await startPostgres({ log });
		stops.push(() => pg.stop());
		const redis = await startRedis({ log });
		stops.push(() => redis.stop());

		const userFolder = makeTempDir('n8n-e2e-queue-');
		stops.push(() => removeTempDir(userFolder));
		const [mainPort, workerPort, hook1Port, hook2Port, ...brokers] = await ports(8);
		const proxyPort = await freePort();
		const proxyUrl = `http://127.0.0.1:${proxyPort}`;
		const shared = {
			...pg.env,
			...redis.env,
			EXECUTIONS_MODE: 'queue',
			// Production webhooks are served by the webhook processes only, as in a scaled-out installation.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_WEBHOOK_URL: `${proxyUrl}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...extraEnv,
		};
		const instance = (port, brokerPort, env = {}) =>
			new N8nInstance({
				cache,
				userFolder,
				extensions,
				port,
				brokerPort,
				env: { ...shared, ...env },
				log,
			});
		const main = instance(mainPort, brokers[0]);
		const worker = instance(workerPort, brokers[1], {
			QUEUE_HEALTH_CHECK_PORT: String(workerPort),
		});
		const webhooks = [instance(hook1Port, brokers[2]), instance(hook2Port, brokers[3])];
		const names = new Map([
			[main, 'main'],
			[worker, 'worker'],
			[webhooks[0], 'webhook-1'],
			[webhooks[1], 'webhook-2'],
		]);

		// The database is created (migrated) by the first process; the others start once it is there.
		await main.start({ command: 'start', logName: 'main' });
		stops.push(() => main.stop());
		await Promise.all([
			worker
				.start({ command: 'worker', args: ['--concurrency=5'], logName: 'worker' })
				.then(() => stops.push(() => worker.stop())),
			webhooks[0]
				.start({ command: 'webhook', logName: 'webhook-1' })
				.then(() => stops.push(() => webhooks[0].stop())),
			webhooks[1]
				.start({ command: 'webhook', logName: 'webhook-2' })
				.then(() => stops.push(() => webhooks[1].stop())),
		]);
		const proxy = await startRoundRobinProxy(
			webhooks.map((w, i) => ({ name: `webhook-${i + 1}`, port: w.port })),
			{ port: proxyPort },
		);
		stops.push(() => proxy.close());

		const logOf = (name) => {
			const file = path.join(userFolder, `n8n-${name}.log`);
			return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		};
		return {
			main,
			worker,
			webhooks,
			proxy,
			pg,
			redis,
			userFolder,
			processName: (instanceOrUndefined) => names.get(instanceOrUndefined),
			logOf,
			/** Execution ids the worker logged as started ("Worker started execution N (job J)"). */
			workerExecutions() {
				return [...logOf('worker').matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
			},
			/** Every temp folder and port this cluster uses, for the clean-up check. */
			resources() {
				return {
					dirs: [userFolder, pg.dir, redis.dir],
					ports: [
						mainPort,
						workerPort,
						hook1Port,
						hook2Port,
						proxyPort,
						pg.port,
						redis.port,
						...brokers.slice(0, 4),
					],
				};
			},
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueueCluster };
