/* global setTimeout, clearTimeout, setInterval, clearInterval, fetch, AbortSignal */
/**
 * Driving the real n8n server: its environment (offline, loopback only, a private user folder),
 * its CLI (import, publish, execute), `n8n start` in its own process group, readiness, the owner
 * account and a login session. Shared by `npm start` (scripts/n8n/start.js) and the end-to-end
 * tests (e2e/run.js).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n's environment: everything that would reach beyond 127.0.0.1 turned off (diagnostics,
 * version notifications, templates, personalization, the MCP registry, the verified community
 * nodes lookup), listening on loopback.
 */
function n8nEnv(runtime, { userFolder, port = 5678, brokerPort = port + 1, logLevel = 'warn', extra = {}, keepUserSettings = false }) {
	const env = { ...process.env };
	const userSettings = {};
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_') && keepUserSettings) userSettings[key] = env[key];
		if (key.startsWith('npm_') || key.startsWith('N8N_') || key === 'INIT_CWD') delete env[key];
	}
	return {
		...env,
		PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		// n8n 2.x reaches an outside host for its MCP registry unless told not to; n8n 1.x has no such
		// module and refuses to start when asked to disable an unknown one.
		...(String(runtime.n8nVersion).startsWith('1.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		// n8n looks up verified community nodes at api.n8n.io when it starts (CommunityNodeTypesService
		// fetchNodeTypes runs only with this on). Installed community packages, this one included,
		// still load: that is N8N_COMMUNITY_PACKAGES_ENABLED, left on.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: logLevel,
		N8N_NO_COLOR: 'true',
		...userSettings,
		...extra,
	};
}

/**
 * Imports credentials and workflows (written to `<userFolder>/import/` first, one file each) and
 * publishes (activates) the workflows listed in `publish`. n8n must not be running. A published
 * workflow cannot be overwritten by an import (n8n 2.41 refuses to deactivate it from the CLI), so
 * those listed in `unpublishFirst` are unpublished before the import.
 */
async function importAll(runtime, env, userFolder, { credentials = [], workflows = [], publish = [], unpublishFirst = [] }) {
	const { writeSeparate } = require('./workflow-kit');
	const folder = path.join(userFolder, 'import');
	if (credentials.length) {
		writeSeparate(path.join(folder, 'credentials'), credentials);
		await runCliOk(runtime, env, ['import:credentials', '--separate', `--input=${path.join(folder, 'credentials')}`]);
	}
	for (const id of unpublishFirst) await runCliOk(runtime, env, ['unpublish:workflow', `--id=${id}`]);
	if (workflows.length) {
		writeSeparate(path.join(folder, 'workflows'), workflows);
		await runCliOk(runtime, env, ['import:workflow', '--separate', `--input=${path.join(folder, 'workflows')}`]);
	}
	for (const id of publish) await runCliOk(runtime, env, ['publish:workflow', `--id=${id}`]);
}

/** n8n processes started here and still running (each leads its own process group). */
const running = new Set();

function track(child) {
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Kills every n8n process group started here that is still running (for a hurried exit). */
function killAll(signal = 'SIGKILL') {
	for (const child of running) killGroup(child, signal);
}

/**
 * Runs an n8n CLI command to completion: { code, signal, stdout, stderr, ms }. A process ended by a
 * signal has `signal` set and `code` 128.
 */
// A guard against a hung process, not a measure: `n8n execute` of a workflow with a Code node has
// taken over 120 s on a 2-core machine under a load average of 25 (its task runner starting).
function runCli(runtime, env, args, { timeoutMs = 600_000 } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = track(spawn(runtime.node, [runtime.n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			// Task runners started by this command go with it.
			killGroup(child, 'SIGKILL');
			resolve({ code: code ?? (signal ? 128 : 1), signal: signal ?? undefined, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Like runCli, but rejects with n8n's output when the command fails. */
async function runCliOk(runtime, env, args, options) {
	const result = await runCli(runtime, env, args, options);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/**
 * `n8n execute --rawOutput` prints log lines, then the run data as indented JSON (from a line that
 * is exactly `{` to the next line that is exactly `}`), then, when the workflow failed, more lines.
 */
function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.trimEnd() === '{');
	if (start < 0) return undefined;
	for (let end = start + 1; end < lines.length; end++) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			/* a nested line that happens to be "}": keep looking */
		}
	}
	return undefined;
}

/** Sends `signal` to the process group of a child started with `detached: true`. */
function killGroup(child, signal) {
	if (!child || child.pid === undefined) return false;
	try {
		process.kill(-child.pid, signal);
		return true;
	} catch {
		return false;
	}
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Stops a process group: `signal`, then SIGKILL after `graceMs`. Resolves when the leader is gone. */
async function stopGroup(child, { signal = 'SIGINT', graceMs = 15_000 } = {}) {
	if (!child) return;
	const done = exited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
	killGroup(child, signal);
	const timedOut = await Promise.race([done.then(() => false), sleep(graceMs).then(() => true)]);
	// Whatever n8n left in its group (task runners) goes too.
	killGroup(child, 'SIGKILL');
	if (timedOut) await done;
}

/**
 * Starts `n8n start` (or another long-running command: `args`, e.g. ['worker']) in its own process
 * group. Output goes to `logFile`, and with `echo` to this terminal as well (`echo` may be a
 * function mapping each line to what is shown, or undefined to hide it). Returns the child process.
 */
function startServer(runtime, env, { logFile, echo = false, args = ['start'] } = {}) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'w');
	const child = track(
		spawn(runtime.node, [runtime.n8nBin, ...args], {
			env,
			stdio: ['ignore', echo ? 'pipe' : out, echo ? 'pipe' : out],
			detached: true,
		}),
	);
	if (echo) {
		for (const stream of [child.stdout, child.stderr]) {
			let pending = '';
			stream.on('data', (chunk) => {
				fs.writeSync(out, chunk);
				pending += chunk.toString('utf8');
				const lines = pending.split('\n');
				pending = lines.pop();
				for (const line of lines) {
					const shown = typeof echo === 'function' ? echo(line) : line;
					if (shown !== undefined && shown !== null) process.stdout.write(`${shown}\n`);
				}
			});
		}
	}
	child.once('exit', () => fs.closeSync(out));
	return child;
}

/**
 * Waits until /healthz/readiness answers 200; rejects if the server exits first or time runs out
 * (a hang guard: n8n took over 120 s to start on a 2-core machine under a load average of 25).
 */
async function waitReady(baseUrl, child, { timeoutMs = 600_000, logFile } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child && exited(child)) {
			const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready\n${tail}`);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (response.status === 200) return;
		} catch {
			/* not listening yet */
		}
		await sleep(250);
	}
	throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s`);
}

/**
 * Waits until a published workflow's webhook is registered. `n8n start` answers /healthz/readiness
 * as soon as it listens, and publishes active workflows a few seconds later, in the background. A
 * CORS preflight (OPTIONS with Origin) asks n8n which methods the path has without running the
 * workflow: 404 until the webhook is registered, then 204.
 */
async function waitWebhook(baseUrl, webhookPath, child, { method = 'GET', timeoutMs = 600_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child && exited(child)) throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) while publishing workflows`);
		try {
			const response = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { Origin: baseUrl, 'Access-Control-Request-Method': method },
				signal: AbortSignal.timeout(5000),
			});
			if (response.status === 204) return;
		} catch {
			/* not answering yet */
		}
		await sleep(250);
	}
	throw new Error(`the webhook /webhook/${webhookPath} was not registered within ${timeoutMs / 1000} s`);
}

/**
 * n8n copies its editor (thousands of .js files) to `<userFolder>/.cache/n8n/public` when it starts.
 * Inside the project that folder would be linted by `eslint .`; it is removed when n8n stops
 * (n8n writes it again on the next start).
 */
function removeEditorCache(userFolder) {
	fs.rmSync(path.join(userFolder, '.cache'), { recursive: true, force: true });
}

/** The owner account: set up on a fresh instance; on an existing one, the login must work. */
async function ensureOwner(baseUrl, owner) {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (response.ok) return 'created';
	// Already set up (a previous run): check that the login still works.
	await login(baseUrl, owner);
	return 'existing';
}

/** Logs in; resolves to the session cookie ("n8n-auth=..."). */
async function login(baseUrl, { email, password }) {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!response.ok) throw new Error(`login as ${email} failed: HTTP ${response.status} ${await response.text()}`);
	const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''])
		.map((value) => value.split(';')[0])
		.find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('login answered without an n8n-auth cookie');
	return cookie;
}

/**
 * Calls `onGone` once when this process's parent exits (npm killed with SIGTERM or SIGKILL: the
 * `sh -c` between npm and this script dies with it and forwards nothing), so that what this process
 * started does not outlive it unattended.
 */
function watchParent(onGone, intervalMs = 1000) {
	const parent = process.ppid;
	const timer = setInterval(() => {
		if (process.ppid !== parent) {
			clearInterval(timer);
			onGone();
		}
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something listens on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

module.exports = {
	n8nEnv,
	importAll,
	runCli,
	runCliOk,
	parseRawOutput,
	startServer,
	waitReady,
	waitWebhook,
	stopGroup,
	killGroup,
	killAll,
	removeEditorCache,
	ensureOwner,
	login,
	watchParent,
	freePort,
	portInUse,
	sleep,
};
