/**
 * Hub section of `npm run bench`: `GET /api/v1/connectors/{key}` against the embedded folder store,
 * driven by autocannon, next to a baseline measured in the same run (a bare node:http server
 * answering the same bytes). Requests/s and latency of both, their ratio, and the target of issue
 * #15 (≥ 2,000 requests/s on a 2-core machine). Client and servers share the machine: the baseline
 * says what that leaves.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_TOKEN, type CapturedAnswer } from './hub-server';

interface AutocannonResult {
	requests: { average: number; total: number };
	latency: { average: number; p50: number; p99: number; max: number };
	non2xx: number;
	errors: number;
	timeouts: number;
}
// autocannon ships no types; this is the part of its result used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

export interface HubBenchSettings {
	seconds: number;
	connections: number;
}

export interface HubBenchResult {
	hub: AutocannonResult;
	baseline: AutocannonResult;
	bytes: number;
}

const KEY = 'benchContacts';
const ROOT = join(__dirname, '..', '..');

async function start(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
	const child = fork(join(__dirname, 'hub-server.ts'), [], {
		execArgv: ['-r', join(ROOT, 'bench', 'ts-hook.js')],
		env: { ...process.env, ...env },
		stdio: ['ignore', 'inherit', env.BENCH_HUB_MODE === 'hub' ? 'ignore' : 'inherit', 'ipc'],
	});
	const port = await new Promise<number>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the benchmark server (${env.BENCH_HUB_MODE}) exited (${code}) before listening`)));
		child.once('message', (message: { port: number }) => resolve(message.port));
	});
	child.removeAllListeners('exit');
	return { url: `http://127.0.0.1:${port}/api/v1/connectors/${KEY}`, child };
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	await new Promise((resolve) => {
		child.once('exit', resolve);
		child.kill();
	});
}

/** A stored hub connector: the packaged CRM Contacts under another key (secret defaults included, so masking is paid). */
function writeConnector(folder: string): void {
	const document = JSON.parse(readFileSync(join(ROOT, 'connectors', 'crm-contacts.json'), 'utf8')) as Record<string, unknown>;
	writeFileSync(join(folder, `${KEY}.json`), JSON.stringify({ ...document, key: KEY, name: 'Bench Contacts' }, null, 2));
}

async function load(url: string, settings: HubBenchSettings, seconds: number): Promise<AutocannonResult> {
	return autocannon({ url, connections: settings.connections, duration: seconds, headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
}

export async function benchGetConnector(settings: HubBenchSettings): Promise<HubBenchResult> {
	const folder = mkdtempSync(join(tmpdir(), 'hub-bench-'));
	const children: ChildProcess[] = [];
	try {
		writeConnector(folder);
		const hub = await start({ BENCH_HUB_MODE: 'hub', BENCH_HUB_FOLDER: folder });
		children.push(hub.child);
		const first = await fetch(hub.url, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
		const body = await first.text();
		if (first.status !== 200) throw new Error(`GET ${hub.url} answered ${first.status}: ${body}`);
		const headers: Record<string, string> = {};
		for (const name of ['content-type', 'etag', 'cache-control', 'x-content-type-options']) {
			const value = first.headers.get(name);
			if (value !== null) headers[name] = value;
		}
		const captured: CapturedAnswer = { status: first.status, headers, body };
		const baseline = await start({ BENCH_HUB_MODE: 'baseline', BENCH_HUB_ANSWER: JSON.stringify(captured) });
		children.push(baseline.child);
		// Warm-up (JIT, caches), then the measured runs, baseline first.
		await load(hub.url, settings, 2);
		await load(baseline.url, settings, 2);
		const baselineResult = await load(baseline.url, settings, settings.seconds);
		const hubResult = await load(hub.url, settings, settings.seconds);
		return { hub: hubResult, baseline: baselineResult, bytes: Buffer.byteLength(body) };
	} finally {
		for (const child of children) await stop(child);
		rmSync(folder, { recursive: true, force: true });
	}
}

export const HUB_TARGET_RPS = 2000;

/** The printed section; returns the target line. */
export async function hubSection(line: (text?: string) => void, settings: HubBenchSettings): Promise<{ name: string; value: string; pass: boolean }> {
	line(`(h) Connector Hub: GET /api/v1/connectors/{key} (a stored connector, embedded folder store), autocannon, ${settings.connections} connections, ${settings.seconds} s each`);
	line(`    baseline = bare node:http answering the same bytes and headers; servers in their own processes; load average ${loadavg()[0].toFixed(2)} at start`);
	const { hub, baseline, bytes } = await benchGetConnector(settings);
	const row = (name: string, result: AutocannonResult) =>
		`  ${name.padEnd(34)}${Math.round(result.requests.average).toLocaleString('en-US').padStart(10)} req/s   latency avg ${result.latency.average.toFixed(2).padStart(6)} ms  p50 ${String(result.latency.p50).padStart(3)} ms  p99 ${String(result.latency.p99).padStart(3)} ms   non-2xx ${result.non2xx}, errors ${result.errors}`;
	line(`  answer: ${bytes.toLocaleString('en-US')} bytes`);
	line(row('bare node:http (baseline)', baseline));
	line(row('hub, folder store', hub));
	const ratio = hub.requests.average / baseline.requests.average;
	line(`  hub / baseline: ${(ratio * 100).toFixed(0)}% of the requests per second; load average ${loadavg()[0].toFixed(2)} at the end`);
	line();
	const clean = hub.non2xx === 0 && hub.errors === 0 && hub.timeouts === 0;
	return {
		name: 'hub GET /connectors/{key}',
		value: `${Math.round(hub.requests.average).toLocaleString('en-US')} req/s (${(ratio * 100).toFixed(0)}% of bare node:http), target ≥ ${HUB_TARGET_RPS.toLocaleString('en-US')} req/s${clean ? '' : `; ${hub.non2xx} non-2xx, ${hub.errors} errors`}`,
		pass: clean && hub.requests.average >= HUB_TARGET_RPS,
	};
}

