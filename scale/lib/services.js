/* global setTimeout, URL */
/**
 * The shared services of n8n's queue mode, private to one test run: redis-server on 127.0.0.1 (no
 * persistence, its folder in a temp dir) and a round-robin HTTP balancer in front of several hubs
 * (as a load balancer would spread n8n's requests over hub instances). PostgreSQL comes from
 * hub/test/postgres-cluster.ts.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { freePort, portInUse, sleep } = require('../../scripts/n8n/n8n');

const REDIS_HINT = 'redis-server was not found on PATH; install it with: apt-get install -y redis-server';

async function startRedis() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-redis-'));
	const port = await freePort();
	const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', folder, '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const failed = new Promise((_, reject) => {
		child.once('error', (error) => reject(error.code === 'ENOENT' ? new Error(REDIS_HINT) : error));
		child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
	});
	failed.catch(() => {});
	const ready = (async () => {
		for (let tries = 0; tries < 600 && !(await portInUse(port)); tries++) await sleep(100);
	})();
	await Promise.race([ready, failed]);
	if (!(await portInUse(port))) throw new Error(`redis-server did not listen on ${port}: ${output}`);
	return {
		host: '127.0.0.1',
		port,
		stop: () =>
			new Promise((resolve) => {
				child.removeAllListeners('exit');
				if (child.exitCode !== null) return resolve(fs.rmSync(folder, { recursive: true, force: true }));
				child.once('exit', () => resolve(fs.rmSync(folder, { recursive: true, force: true })));
				child.kill('SIGTERM');
				setTimeout(() => child.kill('SIGKILL'), 5000).unref();
			}),
	};
}

/** Forwards each request to the next of `targets` (base URLs) in turn; `served[i]` counts target i. */
async function startBalancer(targets) {
	const served = targets.map(() => 0);
	let turn = 0;
	const server = http.createServer((req, res) => {
		const index = turn++ % targets.length;
		served[index]++;
		const target = new URL(targets[index]);
		const upstream = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
			res.end('{"error":{"status":502,"message":"hub unreachable"}}');
		});
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		served,
		close: () =>
			new Promise((done) => {
				server.closeAllConnections?.();
				server.close(() => done());
			}),
	};
}

module.exports = { startRedis, startBalancer };
