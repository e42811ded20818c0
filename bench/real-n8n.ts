/**
 * The real n8n server (2.41.1 on Node 24, from the cache `npm start` and `npm run test:e2e` fill)
 * with this package installed the way n8n installs community packages, for the per-item table of
 * `npm run bench`. Every variant is a published webhook workflow:
 *
 *   Webhook (POST, answers when the last node finished) -> Split Out (body.items) -> the node
 *
 * and one run is one POST carrying every item. Measured per run: wall time at the client, CPU of
 * the n8n process tree (main and its task runner, from /proc: user + system), and the TCP
 * connections the loopback API accepted. Nothing is installed from here: without the cache the
 * section is skipped.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoopbackApi } from './loopback';
import { httpRequestRefundParameters } from './n8n-http-request';
import type { RefundItem } from './raw-client';

/* eslint-disable @typescript-eslint/no-require-imports -- the shared n8n scripts are CommonJS */
const runtimeScripts = require('../scripts/n8n/runtime') as {
	ensureRuntime(): Promise<{ node: string; n8nBin: string; n8nVersion: string; nodeVersion: string; n8nDir: string }>;
};
const packageScripts = require('../scripts/n8n/package') as {
	buildPackage(options: { quiet: boolean }): void;
	installPackage(folder: string): void;
	PROJECT: string;
};
const n8n = require('../scripts/n8n/n8n') as {
	n8nEnv(runtime: unknown, options: { userFolder: string; port: number; brokerPort: number; logLevel?: string; extra?: Record<string, string> }): NodeJS.ProcessEnv;
	importAll(runtime: unknown, env: NodeJS.ProcessEnv, folder: string, content: { credentials: unknown[]; workflows: unknown[]; publish: string[] }): Promise<void>;
	startServer(runtime: unknown, env: NodeJS.ProcessEnv, options: { logFile: string }): import('node:child_process').ChildProcess;
	waitReady(baseUrl: string, child: unknown, options: { logFile: string; timeoutMs?: number }): Promise<void>;
	waitWebhook(baseUrl: string, path: string, child: unknown, options: { method: string; timeoutMs?: number }): Promise<void>;
	stopGroup(child: unknown): Promise<void>;
	removeEditorCache(folder: string): void;
	freePort(): Promise<number>;
};
const kit = require('../scripts/n8n/workflow-kit') as {
	credential(id: string, name: string, type: string, data: Record<string, unknown>): { id: string; name: string };
	node(name: string, type: string, version: number, parameters: Record<string, unknown>, extra?: Record<string, unknown>): unknown;
	webhook(name: string, options: { path: string; method: string }): unknown;
	dataConnector(name: string, options: Record<string, unknown>): unknown;
	credentialRef(credential: { id: string; name: string }): Record<string, unknown>;
	workflow(options: { id: string; name: string; nodes: unknown[]; links: Array<[string, string]> }): { id: string };
	chain(...names: string[]): Array<[string, string]>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type Variant =
	| { kind: 'httpRequest'; batching?: { size: number; intervalMs: number } }
	| { kind: 'dataConnector'; concurrency: number };

export interface RealRun {
	ms: number;
	/** CPU of n8n's processes during the run, ms. */
	cpuMs: number;
}

export interface RealN8n {
	version: string;
	/** n8n's Node and install folder, for rows that run n8n's code outside the server. */
	runtime: { node: string; n8nDir: string };
	run(variant: Variant, items: RefundItem[]): Promise<RealRun>;
	close(): Promise<void>;
}

const FOLDER = join(packageScripts.PROJECT, '.n8n-bench');
const TICKS_PER_SECOND = 100;

const variantKey = (variant: Variant) =>
	variant.kind === 'httpRequest' ? `http-${variant.batching ? `b${variant.batching.size}` : 'defaults'}` : `dc-${variant.concurrency}`;

/** user + system CPU of a process and all its descendants, in ms (from /proc, Linux only). */
export function treeCpuMs(rootPid: number): number {
	const stats = new Map<number, { ppid: number; ticks: number }>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name (which may contain spaces) start at ") ".
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
		} catch {
			/* the process ended meanwhile */
		}
	}
	let ticks = 0;
	const pending = [rootPid];
	while (pending.length) {
		const pid = pending.pop() as number;
		ticks += stats.get(pid)?.ticks ?? 0;
		for (const [child, stat] of stats) if (stat.ppid === pid) pending.push(child);
	}
	return (ticks * 1000) / TICKS_PER_SECOND;
}

function workflows(api: LoopbackApi, dcCredential: { id: string; name: string }, headerCredential: { id: string; name: string }, variants: Variant[]) {
	return variants.map((variant) => {
		const key = variantKey(variant);
		const target =
			variant.kind === 'dataConnector'
				? kit.dataConnector('Node', {
						connector: 'orderService',
						endpoint: 'processRefund',
						inputs: 'auto',
						credential: dcCredential,
						options: { concurrency: variant.concurrency },
					})
				: kit.node(
						'Node',
						'n8n-nodes-base.httpRequest',
						4.2,
						httpRequestRefundParameters(
							api.baseUrl,
							variant.batching ? { batching: { batch: { batchSize: variant.batching.size, batchInterval: variant.batching.intervalMs } } } : {},
						),
						{ credentials: kit.credentialRef(headerCredential) },
					);
		return {
			key,
			workflow: kit.workflow({
				id: `bench${key.replace(/[^a-z0-9]/gi, '')}`.padEnd(16, '0').slice(0, 16),
				name: `Bench: ${key}`,
				nodes: [
					kit.webhook('Webhook', { path: `bench-${key}`, method: 'POST' }),
					kit.node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
					target,
				],
				links: kit.chain('Webhook', 'Split Out', 'Node'),
			}),
		};
	});
}

/** Starts n8n with one webhook workflow per variant; undefined (with the reason) when n8n is not installed. */
export async function startRealN8n(api: LoopbackApi, variants: Variant[], log: (line: string) => void): Promise<RealN8n | string> {
	if (process.env.BENCH_N8N === '0') return 'BENCH_N8N=0';
	const root = process.env.DATA_CONNECTORS_N8N_CACHE ?? join(process.env.XDG_CACHE_HOME || join(process.env.HOME ?? '', '.cache'), 'n8n-nodes-data-connectors');
	if (!existsSync(root) || !readdirSync(root).some((entry) => existsSync(join(root, entry, '.complete')))) {
		return 'n8n not installed; run npm run test:e2e or npm start once';
	}
	const runtime = await runtimeScripts.ensureRuntime();
	if (process.env.BENCH_SKIP_BUILD !== '1') packageScripts.buildPackage({ quiet: true });
	rmSync(FOLDER, { recursive: true, force: true });
	packageScripts.installPackage(FOLDER);
	const port = await n8n.freePort();
	const brokerPort = await n8n.freePort();
	// A busy machine starts n8n and its task runner slowly: generous limits, not a failed benchmark.
	const env = n8n.n8nEnv(runtime, { userFolder: FOLDER, port, brokerPort, logLevel: 'warn', extra: { N8N_RUNNERS_GRANT_TOKEN_TTL: '300' } });
	const dcCredential = kit.credential('benchDcApiKey001', 'Bench Order Service', 'dataConnectorApiKeyApi', {
		apiKey: api.apiKey,
		keyLocation: '',
		keyName: '',
		baseUrl: api.baseUrl,
		allowUnauthorizedCerts: false,
	});
	const headerCredential = kit.credential('benchHeaderAuth1', 'Bench Header Auth', 'httpHeaderAuth', { name: 'X-API-Key', value: api.apiKey });
	const flows = workflows(api, dcCredential, headerCredential, variants);
	await n8n.importAll(runtime, env, FOLDER, {
		credentials: [dcCredential, headerCredential],
		workflows: flows.map((flow) => flow.workflow),
		publish: flows.map((flow) => flow.workflow.id),
	});
	const logFile = join(FOLDER, 'n8n.log');
	const child = n8n.startServer(runtime, env, { logFile });
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		await n8n.waitReady(baseUrl, child, { logFile, timeoutMs: 600_000 });
		for (const flow of flows) await n8n.waitWebhook(baseUrl, `bench-${flow.key}`, child, { method: 'POST', timeoutMs: 600_000 });
	} catch (error) {
		await n8n.stopGroup(child);
		throw error;
	}
	log(`    n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} at ${baseUrl} (log ${logFile})`);
	return {
		version: runtime.n8nVersion,
		runtime: { node: runtime.node, n8nDir: runtime.n8nDir },
		async run(variant, items) {
			const body = JSON.stringify({ items });
			const cpuBefore = treeCpuMs(child.pid as number);
			const started = process.hrtime.bigint();
			const response = await fetch(`${baseUrl}/webhook/bench-${variantKey(variant)}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body,
			});
			const text = await response.text();
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const cpuMs = treeCpuMs(child.pid as number) - cpuBefore;
			if (response.status !== 200) throw new Error(`${variantKey(variant)}: the webhook answered ${response.status}: ${text.slice(0, 300)}`);
			return { ms, cpuMs };
		},
		async close() {
			await n8n.stopGroup(child);
			n8n.removeEditorCache(FOLDER);
		},
	};
}
