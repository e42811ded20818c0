/* global setInterval, clearInterval, setTimeout */
/**
 * The real n8n server and the Node.js it needs, installed once into a cache folder outside the
 * clone and reused by every later `npm start` / `npm run test:e2e` on the machine.
 *
 *   <cache>/node-24.21.0/   npm package node-<platform>-<arch>@24.21.0 (n8n 2.x needs Node 24)
 *   <cache>/n8n-2.41.1/     n8n@2.41.1 installed with --ignore-scripts, sqlite3 rebuilt from source
 *   <cache>/node-22.23.5/, <cache>/n8n-1.123.81/   the same for the n8n 1.x line (end-to-end tests)
 *
 * An install line is a (Node version, n8n version) pair (`LINES`); `ensureRuntime(line)` installs
 * the one asked for.
 *
 * <cache> is $DATA_CONNECTORS_N8N_CACHE, or ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-data-connectors.
 *
 * Several runs at once (two clones, `npm start` while `npm run test:e2e` installs) are safe:
 *   - a folder is used only when its `.complete` marker exists, and a complete folder is never
 *     removed or replaced (a running n8n may be using it);
 *   - one run installs a folder at a time, holding `<folder>.lock` (its pid inside); the others wait
 *     for it, saying so, and take over only when the holder's process is gone;
 *   - the install goes into `<folder>.tmp-<pid>` and is renamed into place when complete, so an
 *     interrupted install is never mistaken for a finished one.
 * npm's own output goes to `<cache>/<folder>.install.log`; the terminal gets a progress line at
 * least every 10 s. See ENVIRONMENT.md in the shared project notes for why these versions and steps.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * The install lines: which n8n runs on which Node. `default` is what `npm start` and the e2e use;
 * `v1` is n8n's last 1.x line (Node >=20.19 <=24), for the e2e's second pass. n8n 1.x's
 * n8n-nodes-base takes xlsx from cdn.sheetjs.com, which is not the npm registry: the install
 * overrides it with the registry's republished SheetJS build that n8n 2.x itself uses.
 */
const LINES = {
	default: { nodeVersion: '24.21.0', n8nVersion: '2.41.1', estimate: '5 to 15 minutes and 3 GB' },
	v1: { nodeVersion: '22.23.5', n8nVersion: '1.123.81', estimate: '5 to 15 minutes and 3 GB', overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' } },
};
const NODE_VERSION = LINES.default.nodeVersion;
const N8N_VERSION = LINES.default.n8nVersion;

/** How often a progress line is printed, and how often a waiting run looks at the lock again. */
const HEARTBEAT_MS = 10_000;
const POLL_MS = 1_000;

function cacheRoot() {
	if (process.env.DATA_CONNECTORS_N8N_CACHE) return path.resolve(process.env.DATA_CONNECTORS_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-data-connectors');
}

const log = (message) => console.log(`[n8n-runtime] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function formatSeconds(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

const formatBytes = (bytes) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`);

/**
 * Runs a command with its output appended to `logFile` (npm's warnings and notices are noise in a
 * terminal); rejects on a non-zero exit with the log's last lines. `onLine` sees every output line
 * (the install counts npm's `npm http fetch` lines with it).
 */
function run(command, args, { logFile, onLine, ...spawnOptions } = {}) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.openSync(logFile, 'a') : undefined;
		if (out !== undefined) fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { stdio: ['ignore', out === undefined ? 'inherit' : 'pipe', out === undefined ? 'inherit' : 'pipe'], ...spawnOptions });
		if (out !== undefined) {
			for (const stream of [child.stdout, child.stderr]) {
				let pending = '';
				stream.on('data', (chunk) => {
					fs.writeSync(out, chunk);
					if (!onLine) return;
					pending += chunk.toString('utf8');
					const lines = pending.split('\n');
					pending = lines.pop();
					lines.forEach(onLine);
				});
			}
		}
		const close = () => out !== undefined && fs.closeSync(out);
		child.on('error', (error) => {
			close();
			reject(error);
		});
		child.on('close', (code, signal) => {
			close();
			if (code === 0) return resolve();
			const tail = logFile ? `\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n')}\n(full log: ${logFile})` : '';
			reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${tail}`));
		});
	});
}

/** How many packages an npm install has unpacked so far (top level and scoped). */
function countPackages(folder) {
	const modules = path.join(folder, 'node_modules');
	let count = 0;
	let entries = [];
	try {
		entries = fs.readdirSync(modules);
	} catch {
		return 0;
	}
	for (const entry of entries) {
		if (entry.startsWith('.')) continue;
		if (entry.startsWith('@')) {
			try {
				count += fs.readdirSync(path.join(modules, entry)).length;
			} catch {
				/* removed meanwhile */
			}
		} else count++;
	}
	return count;
}

/** Bytes used on the file system holding `folder` (a cheap measure of how much an install wrote). */
function usedBytes(folder) {
	try {
		const stats = fs.statfsSync(folder);
		return (stats.blocks - stats.bfree) * stats.bsize;
	} catch {
		return undefined;
	}
}

/**
 * Prints a progress line every HEARTBEAT_MS while `start(progress)` runs: time so far, packages
 * unpacked, registry requests made and data written, so that every phase of npm's work (resolving,
 * downloading, unpacking nested packages, linking) moves at least one number.
 */
async function withHeartbeat(label, folder, start, { countUnpacked = true } = {}) {
	const started = Date.now();
	const progress = { requests: 0 };
	const usedAtStart = usedBytes(folder);
	const timer = setInterval(() => {
		const parts = [formatSeconds(Date.now() - started)];
		const unpacked = countUnpacked ? countPackages(folder) : 0;
		if (unpacked) parts.push(`${unpacked} packages unpacked`);
		if (progress.requests) parts.push(`${progress.requests} registry requests`);
		const used = usedBytes(folder);
		if (used !== undefined && usedAtStart !== undefined && used > usedAtStart) parts.push(`${formatBytes(used - usedAtStart)} written`);
		if (parts.length === 1) parts.push('working');
		log(`${label}: ${parts.join(', ')}`);
	}, HEARTBEAT_MS);
	try {
		return await start(progress);
	} finally {
		clearInterval(timer);
	}
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, owned by someone else.
		return error.code === 'EPERM';
	}
}

/** The lock's holder: `{ pid, token }`, or undefined when there is no (readable) lock. */
function readLock(lock) {
	try {
		const [pid, token] = fs.readFileSync(lock, 'utf8').trim().split(' ');
		return { pid: Number(pid), token };
	} catch {
		return undefined;
	}
}

/**
 * Takes `<final>.lock` or waits until `isDone()` (another run finished the install). A lock whose
 * process is gone is taken over. Resolves to a release function, or undefined when done meanwhile.
 */
async function acquireLock(final, label, isDone) {
	const lock = `${final}.lock`;
	const token = crypto.randomBytes(8).toString('hex');
	let waitingSince;
	let lastSaid = 0;
	for (;;) {
		if (isDone()) return undefined;
		try {
			fs.writeFileSync(lock, `${process.pid} ${token}\n`, { flag: 'wx' });
			return () => {
				if (readLock(lock)?.token === token) fs.rmSync(lock, { force: true });
			};
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		const holder = readLock(lock);
		if (holder && Number.isInteger(holder.pid) && holder.pid > 0 && !processAlive(holder.pid)) {
			// The holder died without cleaning up: its lock (and its temporary folder) are left over.
			// Only the run that still reads the same dead holder removes it, so two waiting runs cannot
			// both remove the lock and both install.
			log(`${label}: the install by process ${holder.pid} was interrupted; taking over`);
			if (readLock(lock)?.token === holder.token) fs.rmSync(lock, { force: true });
			continue;
		}
		waitingSince ??= Date.now();
		if (Date.now() - lastSaid >= HEARTBEAT_MS) {
			lastSaid = Date.now();
			log(`${label}: another run (process ${holder?.pid ?? '?'}) is installing it; waiting (${formatSeconds(Date.now() - waitingSince)})`);
		}
		await sleep(POLL_MS);
	}
}

/** Removes `<final>.tmp-<pid>` folders whose process is gone (interrupted installs). */
function removeLeftovers(final) {
	const parent = path.dirname(final);
	for (const entry of fs.readdirSync(parent)) {
		const match = entry.startsWith(`${path.basename(final)}.`) && /\.(tmp|stale)-(\d+)$/.exec(entry);
		if (match && (match[1] === 'stale' || !processAlive(Number(match[2])))) {
			fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
		}
	}
}

const isComplete = (folder) => fs.existsSync(path.join(folder, '.complete'));

/**
 * Installs `final` with `steps(temporary)` unless it is complete already. Returns true when this run
 * installed it, false when it was there (or another run installed it meanwhile).
 */
async function installOnce(final, label, steps) {
	if (isComplete(final)) return false;
	fs.mkdirSync(path.dirname(final), { recursive: true });
	const release = await acquireLock(final, label, () => isComplete(final));
	if (!release) {
		log(`${label}: installed by another run; using it`);
		return false;
	}
	const temporary = `${final}.tmp-${process.pid}`;
	try {
		if (isComplete(final)) return false;
		removeLeftovers(final);
		fs.rmSync(temporary, { recursive: true, force: true });
		fs.mkdirSync(temporary, { recursive: true });
		const started = Date.now();
		log(`installing ${label} into ${final} (first run on this machine only)`);
		await steps(temporary);
		fs.writeFileSync(path.join(temporary, '.complete'), `${new Date().toISOString()}\n`);
		if (fs.existsSync(final)) {
			// Not complete (checked above, under the lock): what an older version of this script left.
			// Moved aside rather than removed in place, so the rename below cannot meet a half-deleted tree.
			const stale = `${final}.stale-${process.pid}`;
			fs.renameSync(final, stale);
			fs.rmSync(stale, { recursive: true, force: true });
		}
		fs.renameSync(temporary, final);
		log(`${label} installed in ${formatSeconds(Date.now() - started)}`);
		return true;
	} finally {
		fs.rmSync(temporary, { recursive: true, force: true });
		release();
	}
}

/** npm's environment for installs in the cache: no project .npmrc, native builds against `nodeDir`. */
function npmEnv(nodeBinDir, nodeDir) {
	const env = { ...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}` };
	for (const key of Object.keys(env)) {
		// npm run passes the project's config down as npm_config_*; the cache install must not inherit
		// it (ignore-scripts from the project's .npmrc is given explicitly where wanted).
		if (key.toLowerCase().startsWith('npm_config_') || key.startsWith('npm_package_') || key === 'npm_lifecycle_event') {
			delete env[key];
		}
	}
	if (nodeDir) env.npm_config_nodedir = nodeDir;
	env.npm_config_update_notifier = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	return env;
}

const installLog = (folder) => `${folder}.install.log`;

async function ensureNode(root, nodeVersion) {
	if (process.versions.node.split('.')[0] === nodeVersion.split('.')[0]) {
		// This Node is of the line's major version already: use it, with its own headers for sqlite3.
		return { node: process.execPath, nodeDir: path.resolve(process.execPath, '..', '..') };
	}
	const pkg = `node-${process.platform}-${process.arch}`;
	const folder = path.join(root, `node-${nodeVersion}`);
	const packageDir = (base) => path.join(base, 'node_modules', pkg);
	await installOnce(folder, `Node.js ${nodeVersion} (npm package ${pkg}, about 1 minute)`, async (temporary) => {
		fs.writeFileSync(path.join(temporary, 'package.json'), '{ "private": true }\n');
		await withHeartbeat(`npm install ${pkg}@${nodeVersion}`, temporary, () =>
			run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${nodeVersion}`], {
				cwd: temporary,
				env: npmEnv(path.dirname(process.execPath)),
				logFile: installLog(folder),
			}),
		);
		const node = path.join(packageDir(temporary), 'bin', 'node');
		fs.chmodSync(node, 0o755);
	});
	return { node: path.join(packageDir(folder), 'bin', 'node'), nodeDir: packageDir(folder) };
}

async function ensureN8n(root, line, node, nodeDir) {
	const folder = path.join(root, `n8n-${line.n8nVersion}`);
	const env = npmEnv(path.dirname(node), nodeDir);
	const logFile = installLog(folder);
	await installOnce(folder, `n8n ${line.n8nVersion} (${line.estimate}; npm's output: ${logFile})`, async (temporary) => {
		const manifest = { private: true, ...(line.overrides ? { overrides: line.overrides } : {}) };
		fs.writeFileSync(path.join(temporary, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		await withHeartbeat(`npm install n8n@${line.n8nVersion}`, temporary, (progress) =>
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http', `n8n@${line.n8nVersion}`], {
				cwd: temporary,
				env,
				logFile,
				onLine: (text) => {
					if (/^npm http fetch /.test(text)) progress.requests++;
				},
			}),
		);
		log(`compiling sqlite3 for Node ${line.nodeVersion} (about 1 to 2 minutes)`);
		await withHeartbeat(
			'npm rebuild sqlite3',
			temporary,
			() => run('npm', ['rebuild', 'sqlite3'], { cwd: temporary, env: { ...env, npm_config_build_from_source: 'sqlite3' }, logFile }),
			{ countUnpacked: false },
		);
	});
	return folder;
}

/**
 * Node and n8n of an install line, installed when missing. Returns the node binary, n8n's folder
 * and its bin script.
 */
async function ensureRuntime(line = LINES.default) {
	const root = cacheRoot();
	const { node, nodeDir } = await ensureNode(root, line.nodeVersion);
	const n8nDir = await ensureN8n(root, line, node, nodeDir);
	return {
		node,
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeVersion: line.nodeVersion,
		n8nVersion: line.n8nVersion,
	};
}

module.exports = { ensureRuntime, installOnce, cacheRoot, formatSeconds, run, LINES, NODE_VERSION, N8N_VERSION };

if (require.main === module) {
	const started = Date.now();
	// `node scripts/n8n/runtime.js v1` installs the 1.x line (the e2e installs both).
	const line = LINES[process.argv[2] ?? 'default'];
	if (!line) {
		console.error(`[n8n-runtime] unknown line "${process.argv[2]}"; the lines are ${Object.keys(LINES).join(', ')}`);
		process.exit(2);
	}
	ensureRuntime(line).then(
		(runtime) => log(`ready in ${formatSeconds(Date.now() - started)}: ${runtime.node}, ${runtime.n8nBin}`),
		(error) => {
			console.error(`[n8n-runtime] ${error.message}`);
			process.exit(1);
		},
	);
}
