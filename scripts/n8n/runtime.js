/* global setInterval, clearInterval */
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
 * Each folder is installed under a temporary name and renamed when complete, so an interrupted
 * install is never mistaken for a finished one, and two runs at once do not share a half-written tree.
 * See ENVIRONMENT.md in the shared project notes for why these versions and steps.
 */
const { spawn } = require('child_process');
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
	default: { nodeVersion: '24.21.0', n8nVersion: '2.41.1' },
	v1: { nodeVersion: '22.23.5', n8nVersion: '1.123.81', overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' } },
};
const NODE_VERSION = LINES.default.nodeVersion;
const N8N_VERSION = LINES.default.n8nVersion;

function cacheRoot() {
	if (process.env.DATA_CONNECTORS_N8N_CACHE) return path.resolve(process.env.DATA_CONNECTORS_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-data-connectors');
}

const log = (message) => console.log(`[n8n-runtime] ${message}`);

function formatSeconds(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * Runs a command, its output passed through; rejects on a non-zero exit. With `onHttpLine`, npm's
 * `npm http fetch ...` lines on stderr are counted by that callback instead of printed.
 */
function run(command, args, options = {}) {
	const { onHttpLine, ...spawnOptions } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'inherit', onHttpLine ? 'pipe' : 'inherit'], ...spawnOptions });
		if (onHttpLine) {
			let pending = '';
			child.stderr.on('data', (chunk) => {
				pending += chunk.toString('utf8');
				const lines = pending.split('\n');
				pending = lines.pop();
				for (const line of lines) {
					if (/^npm http /.test(line)) onHttpLine(line);
					else if (!/Unknown (user|env) config "nodedir"/.test(line)) process.stderr.write(`${line}\n`);
				}
			});
		}
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
		});
	});
}

/** How many packages an npm install has unpacked so far: a cheap progress measure. */
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

/** Prints a line every 10 s while `start(progress)` runs, so a multi-minute install is visibly alive. */
async function withHeartbeat(label, folder, start, { countUnpacked = true } = {}) {
	const started = Date.now();
	const progress = { requests: 0 };
	const timer = setInterval(() => {
		const unpacked = countUnpacked ? countPackages(folder) : 0;
		const what = unpacked
			? `${unpacked} packages unpacked`
			: progress.requests
				? `${progress.requests} registry requests, resolving the dependency tree`
				: 'working';
		log(`${label}: ${formatSeconds(Date.now() - started)}, ${what}`);
	}, 10_000);
	try {
		return await start(progress);
	} finally {
		clearInterval(timer);
	}
}

/** Installs into `<final>.tmp-<pid>` with `steps`, then renames to `final`. */
async function installOnce(final, label, steps) {
	const marker = path.join(final, '.complete');
	if (fs.existsSync(marker)) return false;
	fs.mkdirSync(path.dirname(final), { recursive: true });
	// Leftovers of interrupted installs (by processes that are gone) are removed.
	for (const entry of fs.readdirSync(path.dirname(final))) {
		const match = entry.startsWith(`${path.basename(final)}.tmp-`) && /\.tmp-(\d+)$/.exec(entry);
		if (!match) continue;
		let alive = false;
		try {
			process.kill(Number(match[1]), 0);
			alive = true;
		} catch {
			/* not running */
		}
		if (!alive) fs.rmSync(path.join(path.dirname(final), entry), { recursive: true, force: true });
	}
	const temporary = `${final}.tmp-${process.pid}`;
	fs.rmSync(temporary, { recursive: true, force: true });
	fs.mkdirSync(temporary, { recursive: true });
	const started = Date.now();
	log(`installing ${label} into ${final} (first run on this machine only)`);
	try {
		await steps(temporary);
		fs.writeFileSync(path.join(temporary, '.complete'), `${new Date().toISOString()}\n`);
		if (fs.existsSync(final)) fs.rmSync(final, { recursive: true, force: true });
		try {
			fs.renameSync(temporary, final);
		} catch (error) {
			// Another run finished the same install first: use that one.
			if (!fs.existsSync(marker)) throw error;
			fs.rmSync(temporary, { recursive: true, force: true });
		}
	} catch (error) {
		fs.rmSync(temporary, { recursive: true, force: true });
		throw error;
	}
	log(`${label} installed in ${formatSeconds(Date.now() - started)}`);
	return true;
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

async function ensureNode(root, nodeVersion) {
	if (process.versions.node.split('.')[0] === nodeVersion.split('.')[0]) {
		// This Node is of the line's major version already: use it, with its own headers for sqlite3.
		return { node: process.execPath, nodeDir: path.resolve(process.execPath, '..', '..') };
	}
	const pkg = `node-${process.platform}-${process.arch}`;
	const folder = path.join(root, `node-${nodeVersion}`);
	const packageDir = (base) => path.join(base, 'node_modules', pkg);
	await installOnce(folder, `Node.js ${nodeVersion} (npm package ${pkg})`, async (temporary) => {
		fs.writeFileSync(path.join(temporary, 'package.json'), '{ "private": true }\n');
		await run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${nodeVersion}`], {
			cwd: temporary,
			env: npmEnv(path.dirname(process.execPath)),
			onHttpLine: () => {},
		});
		const node = path.join(packageDir(temporary), 'bin', 'node');
		fs.chmodSync(node, 0o755);
	});
	return { node: path.join(packageDir(folder), 'bin', 'node'), nodeDir: packageDir(folder) };
}

async function ensureN8n(root, line, node, nodeDir) {
	const folder = path.join(root, `n8n-${line.n8nVersion}`);
	const env = npmEnv(path.dirname(node), nodeDir);
	await installOnce(folder, `n8n ${line.n8nVersion} (about 5 minutes and 3 GB)`, async (temporary) => {
		const manifest = { private: true, ...(line.overrides ? { overrides: line.overrides } : {}) };
		fs.writeFileSync(path.join(temporary, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		await withHeartbeat(`npm install n8n@${line.n8nVersion}`, temporary, (progress) =>
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http', `n8n@${line.n8nVersion}`], {
				cwd: temporary,
				env,
				onHttpLine: () => progress.requests++,
			}),
		);
		log(`compiling sqlite3 for Node ${line.nodeVersion} (about 40 s)`);
		await withHeartbeat('npm rebuild sqlite3', temporary, () =>
			run('npm', ['rebuild', 'sqlite3'], {
				cwd: temporary,
				env: { ...env, npm_config_build_from_source: 'sqlite3' },
				onHttpLine: () => {},
			}),
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

module.exports = { ensureRuntime, cacheRoot, formatSeconds, run, LINES, NODE_VERSION, N8N_VERSION };

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
