/**
 * n8n in queue mode on one machine: a main process (`n8n start`: editor, REST API, webhooks, the
 * poll schedule) and workers (`n8n worker`) that take executions from a Bull queue in Redis, all on
 * one PostgreSQL database and one encryption key. Each process has its own user folder with this
 * package installed the way n8n's community-package installer puts it there (n8n loads community
 * nodes from the user folder on workers too), its own task-runner broker port, and SCALE_WORKER in
 * its environment (workflows read it with $env to say which process ran them).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const n8n = require('../../scripts/n8n/n8n');
const { installPackage } = require('../../scripts/n8n/package');

/**
 * The environment every process of the cluster shares (queue, database, key) plus its own
 * (user folder, ports, name).
 */
function clusterEnv(runtime, { folder, name, port, brokerPort, healthPort, postgres, redis, encryptionKey, extra = {} }) {
	const userFolder = path.join(folder, name);
	return n8n.n8nEnv(runtime, {
		userFolder,
		port,
		brokerPort,
		logLevel: 'info',
		extra: {
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			// Workflows say which process ran them with {{ $env.SCALE_WORKER }}.
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			SCALE_WORKER: name,
			N8N_LOG_OUTPUT: 'console',
			...extra,
		},
	});
}

/**
 * Prepares a cluster: user folders with the package, ports, environments. `start()` starts the
 * main and the workers and waits until each is ready.
 */
async function prepareCluster(runtime, { folder, workers = 2, concurrency = 5, postgres, redis, extra }) {
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const names = ['main', ...Array.from({ length: workers }, (_, index) => `worker${index + 1}`)];
	const processes = [];
	for (const name of names) {
		const [port, brokerPort, healthPort] = [await n8n.freePort(), await n8n.freePort(), await n8n.freePort()];
		const env = clusterEnv(runtime, { folder, name, port, brokerPort, healthPort, postgres, redis, encryptionKey, extra });
		fs.mkdirSync(env.N8N_USER_FOLDER, { recursive: true });
		installPackage(env.N8N_USER_FOLDER);
		processes.push({ name, port, healthPort, env, logFile: path.join(folder, 'logs', `${name}.log`) });
	}
	const [main, ...workerProcesses] = processes;
	const cluster = {
		main,
		workers: workerProcesses,
		baseUrl: `http://127.0.0.1:${main.port}`,
		/** Runs an n8n CLI command against the shared database (import, publish). */
		cli: (args) => n8n.runCliOk(runtime, main.env, args),
		async start() {
			main.child = n8n.startServer(runtime, main.env, { logFile: main.logFile });
			await n8n.waitReady(cluster.baseUrl, main.child, { logFile: main.logFile });
			for (const worker of workerProcesses) {
				worker.child = n8n.startServer(runtime, worker.env, { logFile: worker.logFile, args: ['worker', `--concurrency=${concurrency}`] });
			}
			for (const worker of workerProcesses) {
				await n8n.waitReady(`http://127.0.0.1:${worker.healthPort}`, worker.child, { logFile: worker.logFile });
			}
		},
		/** Stops one worker (gracefully: n8n finishes what it runs); the others go on taking work. */
		async stopWorker(worker) {
			await n8n.stopGroup(worker.child);
		},
		async stop() {
			for (const item of [...workerProcesses, main]) {
				await n8n.stopGroup(item.child);
				n8n.removeEditorCache(item.env.N8N_USER_FOLDER);
			}
		},
		log: (item) => (fs.existsSync(item.logFile) ? fs.readFileSync(item.logFile, 'utf8') : ''),
	};
	return cluster;
}

module.exports = { prepareCluster };
