/* global fetch, AbortSignal, URL, setTimeout, clearTimeout */
/**
 * A Data Connector Hub next to n8n (npm start, e2e, test:scale): `data-connectors hub` in its own
 * process on 127.0.0.1, storing connectors in `folder` (or in PostgreSQL: `postgres`, a URL), with
 * a read token for n8n's credential and an admin token for scripts. Resolves once the hub says it listens; `restart` keeps the port and the folder
 * (to add n8n's API for usage checks once n8n has an API key).
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const path = require('path');
const { PROJECT } = require('./package');

const BIN = path.join(PROJECT, 'bin', 'data-connectors.js');

/** Random tokens (the hub wants at least 16 characters). */
const newToken = (prefix) => `${prefix}-${crypto.randomBytes(18).toString('hex')}`;

/** A read token (for n8n's credential) and an admin token (for scripts and people). */
const newTokens = () => ({ read: newToken('hub-read'), admin: newToken('hub-admin') });

function spawnHub({ folder, postgres, port, tokens, n8n, logFile }) {
	const env = {
		...process.env,
		DATA_CONNECTORS_HUB_TOKENS: `n8n:read:${tokens.read},scripts:admin:${tokens.admin}`,
		...(n8n ? { N8N_API_URL: n8n.url, N8N_API_KEY: n8n.apiKey } : {}),
	};
	delete env.DATA_CONNECTORS_HUB_POSTGRES;
	if (!n8n) {
		delete env.N8N_API_URL;
		delete env.N8N_API_KEY;
	}
	const store = postgres ? ['--postgres', postgres] : ['--folder', folder];
	const child = spawn(process.execPath, [BIN, 'hub', ...store, '--host', '127.0.0.1', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = logFile ? require('fs').createWriteStream(logFile, { flags: 'a' }) : undefined;
	child.stderr.on('data', (chunk) => log?.write(chunk));
	return new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`the hub did not start within 60 s: ${out}`)), 60_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the hub exited (${code}) before listening: ${out}`));
		});
		child.stdout.on('data', (chunk) => {
			out += chunk;
			log?.write(chunk);
			const match = /listening on (http:\/\/\S+)\/api\/v1/.exec(out);
			if (!match) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			resolve({ child, url: match[1] });
		});
	});
}

function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 5000).unref();
	});
}

/**
 * Starts the hub on `folder` or `postgres`. `port` 0 picks a free one (kept across restarts);
 * `tokens` default to new random ones. Returns
 * { url, tokens: { read, admin }, restart({ n8n }), stop(), request(method, path, body, headers) }.
 */
async function startHub({ folder, postgres, port = 0, n8n, logFile, tokens = newTokens() } = {}) {
	let { child, url } = await spawnHub({ folder, postgres, port, tokens, n8n, logFile });
	const chosenPort = Number(new URL(url).port);
	const hub = {
		url,
		tokens,
		async restart(options = {}) {
			await stopChild(child);
			({ child } = await spawnHub({ folder, postgres, port: chosenPort, tokens, n8n: options.n8n, logFile }));
		},
		stop: () => stopChild(child),
		/** A request with the admin token: { status, headers, body }. */
		async request(method, apiPath, body, headers = {}) {
			const response = await fetch(`${url}/api/v1${apiPath}`, {
				method,
				headers: { Authorization: `Bearer ${tokens.admin}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
				signal: AbortSignal.timeout(30_000),
			});
			const text = await response.text();
			return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
		},
	};
	return hub;
}

module.exports = { startHub, newTokens };
