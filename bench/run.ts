/**
 * The benchmark of "Production-grade execution": `npm run bench` (not part of `npm test`).
 *
 * Everything talks to a loopback API in its own process (api-server.ts) that answers after a fixed
 * latency, and every figure is printed next to a baseline measured in the same run:
 *   (n) the per-item table in the real n8n server (real-n8n.ts): raw Node clients (the floor), n8n's
 *       HTTP Request node at its defaults and with batching, the Data Connector at concurrency
 *       1/20/50; wall time, share of the ideal, n8n CPU per item, TCP connections; machine load
 *       before and after
 *   (a) items through the Data Connector node on n8n-core's engine, sequential vs concurrent vs ideal
 *   (b) the runtime's own cost per item vs a plain http.request loop
 *   (c) a paginated collection fetched through the node: time and memory, by records kept and pages
 *   (d) n8n's HTTP Request node on the same items, when the real n8n is installed
 * Targets are reported PASS/FAIL; the exit code is 0 either way (it reports, it does not gate).
 * Settings: see README.md, "Performance (`npm run bench`)".
 */
import './environment';

import { cpus, loadavg } from 'node:os';
import { pageCosts, runtimeOverhead } from './runtime-overhead';
import { startLoopbackApi, type LoopbackApi } from './loopback';
import {
	collectGarbage,
	count,
	envList,
	envNumber,
	megabytes,
	MemorySampler,
	micros,
	millis,
	percent,
	seconds,
	timed,
	timedMedian,
	verdict,
} from './measure';
import { hubSection } from '../hub/bench/get-connector';
import { findN8n, runHttpRequestRefunds } from './n8n-http-request';
import { startRealN8n, type Variant } from './real-n8n';
import { helperRefundLoop } from './n8n-helper';
import { type ConnectionMode, rawRefundLoop, refundItems, type RefundItem } from './raw-client';
import { type InputMapping, type PaginationStyle, recordsEndpointKey, runRecords, runRefunds, serveRecordsConnector } from './workflows';

const settings = {
	items: envNumber('BENCH_ITEMS', 1000),
	latencyMs: envNumber('BENCH_LATENCY_MS', 20, { min: 0 }),
	jitterMs: envNumber('BENCH_LATENCY_JITTER_MS', 0, { min: 0 }),
	concurrency: envNumber('BENCH_CONCURRENCY', 20),
	records: envNumber('BENCH_RECORDS', 100_000),
	pageSizes: envList('BENCH_PAGE_SIZES', [100, 1000]),
	maxRecords: envNumber('BENCH_MAX_RECORDS', 1000),
	rawRequests: envNumber('BENCH_RAW_REQUESTS', 200),
	iterations: envNumber('BENCH_ITERATIONS', 20_000),
	repeat: envNumber('BENCH_REPEAT', 3),
	hubSeconds: envNumber('BENCH_HUB_SECONDS', 10),
	hubConnections: envNumber('BENCH_HUB_CONNECTIONS', 10),
	sections: (process.env.BENCH_SECTIONS ?? 'n,b,c,h').split(',').map((part) => part.trim().toLowerCase()),
};

const API_KEY = 'bench-api-key';
const TARGET_EFFICIENCY = 0.8;
const TARGET_OVERHEAD = 0.05;

interface Target {
	name: string;
	value: string;
	pass: boolean;
}
const targets: Target[] = [];

const line = (text = '') => console.log(text);
const row = (cells: Array<[string, number]>) =>
	cells.map(([text, width]) => (width < 0 ? text.padStart(-width) : text.padEnd(width))).join('  ').trimEnd();

/** Figures that later sections compare with: filled by (a). */
const shared: { sequentialPerItemMs?: number; concurrent: Map<number, { ms: number; cpuMs: number }> } = { concurrent: new Map() };

async function itemsSection(api: LoopbackApi, items: RefundItem[]): Promise<void> {
	const { concurrency, latencyMs } = settings;
	line(`(a) ${count(items.length)} items through the Data Connector node (Order Service › Process Refund) on n8n-core's WorkflowExecute`);
	line('    ideal = items × latency / concurrency; CPU = this process, all threads (GC included); loop busy = event-loop utilization;');
	line(`    connections = TCP connections the API accepted; runs shorter than the sequential one: median of ${settings.repeat}`);
	// Warm-up: n8n-core's first workflow pays for its container and the JIT.
	for (const mapping of ['auto', 'expressions'] as const) await runRefunds(api, items.slice(0, 50), concurrency, mapping);
	await rawRefundLoop(api.baseUrl, API_KEY, items.slice(0, 50), concurrency, 'new');

	line(row([['  run', 50], ['time', -8], ['ideal', -8], ['efficiency', -10], ['CPU/item', -9], ['loop busy', -9], ['connections', -11]]));
	const measure = async (label: string, c: number, run: () => Promise<void>) => {
		const repeat = c === 1 ? 1 : settings.repeat;
		await api.stats(true);
		const { ms, cpuMs, loopBusy } = await timedMedian(run, repeat);
		const server = await api.stats(true);
		server.connections /= repeat;
		const ideal = (items.length * latencyMs) / c;
		line(
			row([
				[`  ${label}`, 50],
				[seconds(ms), -8],
				[seconds(ideal), -8],
				[percent(ideal / ms), -10],
				[millis(cpuMs / items.length), -9],
				[percent(loopBusy), -9],
				[count(server.connections), -11],
			]),
		);
		return { ms, cpuMs, efficiency: ideal / ms };
	};
	const node = (c: number, mapping: InputMapping = 'auto') => () => runRefunds(api, items, c, mapping);
	const raw = (connection: ConnectionMode) => () => rawRefundLoop(api.baseUrl, API_KEY, items, concurrency, connection);

	const sequential = await measure('node, concurrency 1 (sequential)', 1, node(1));
	shared.sequentialPerItemMs = sequential.ms / items.length;
	const concurrent = await measure(`node, concurrency ${concurrency}`, concurrency, node(concurrency));
	shared.concurrent.set(concurrency, concurrent);
	if (concurrency !== 50) shared.concurrent.set(50, await measure('node, concurrency 50 (the maximum)', 50, node(50)));
	await measure(`node, concurrency ${concurrency}, inputs by expressions`, concurrency, node(concurrency, 'expressions'));
	const rawNew = await measure(`http.request, concurrency ${concurrency}, new connections`, concurrency, raw('new'));
	await measure(`http.request, concurrency ${concurrency}, keep-alive`, concurrency, raw('keep-alive'));

	const pass = concurrent.efficiency >= TARGET_EFFICIENCY;
	line(
		`  ${verdict(pass)} concurrency ${concurrency}: ${seconds(concurrent.ms)}, ideal ${seconds((items.length * latencyMs) / concurrency)}, ` +
			`efficiency ${percent(concurrent.efficiency)} (target ≥ ${percent(TARGET_EFFICIENCY)})`,
	);
	line(
		`       ×${(sequential.ms / concurrent.ms).toFixed(1)} faster than sequential; ×${(concurrent.ms / rawNew.ms).toFixed(2)} the time of ` +
			`plain http.request at the same concurrency with a new connection per request`,
	);
	targets.push({ name: `concurrency ${concurrency} reaches ≥ ${percent(TARGET_EFFICIENCY)} of the ideal`, value: percent(concurrent.efficiency), pass });
	line();
}

/** The per-item table of issue #14, measured in the real n8n server. */
async function realN8nSection(api: LoopbackApi, items: RefundItem[]): Promise<void> {
	const { latencyMs, repeat } = settings;
	const loadBefore = loadavg();
	line(`(n) ${count(items.length)} refunds in the real n8n server, ${latencyMs} ms API latency; median of ${repeat} rounds (concurrency 1: one round)`);
	line('    n8n rows: Webhook -> Split Out -> the node, one POST per run; CPU = the n8n process tree (main + task runner, /proc);');
	line('    raw rows: plain http.request from this process, CPU = this process. connections = TCP connections the API accepted.');
	line("    helper rows: n8n's request helper (@n8n/backend-network httpRequest) on n8n's Node in a child process, no node or engine; CPU = that process.");
	line(`    load average before: ${loadBefore.map((value) => value.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`);
	const dataConnector = [1, 20, 50].map((concurrency) => ({ kind: 'dataConnector', concurrency }) as const);
	const http: Variant[] = [{ kind: 'httpRequest' }, { kind: 'httpRequest', batching: { size: 20, intervalMs: 0 } }];
	const real = await startRealN8n(api, [...http, ...dataConnector], line);
	line(row([['  variant', 52], ['wall', -8], ['of ideal', -9], ['CPU per item', -13], ['connections', -12]]));
	type Figures = { ms: number; cpuMs: number; connections: number };
	/** `warmUpRequests`: requests a run sends before its measured part (not counted as items). */
	const measure = async (label: string, concurrency: number | undefined, rounds: number, run: () => Promise<{ ms: number; cpuMs: number }>, warmUpRequests = 0) => {
		const results: Figures[] = [];
		for (let round = 0; round < rounds; round++) {
			await api.stats(true);
			const { ms, cpuMs } = await run();
			const server = await api.stats(true);
			if (server.requests !== items.length + warmUpRequests) throw new Error(`${label}: the API got ${server.requests} requests for ${items.length} items`);
			results.push({ ms, cpuMs, connections: server.connections });
		}
		const median = results.sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
		const ideal = concurrency ? (items.length * latencyMs) / concurrency : undefined;
		line(
			row([
				[`  ${label}`, 52],
				[seconds(median.ms), -8],
				[ideal ? percent(ideal / median.ms) : '—', -9],
				[millis(median.cpuMs / items.length), -13],
				[count(median.connections), -12],
			]),
		);
		return median;
	};
	const raw = (connection: ConnectionMode, concurrency = 20) => async () => {
		const { ms, cpuMs } = await timed(() => rawRefundLoop(api.baseUrl, API_KEY, items, concurrency, connection));
		return { ms, cpuMs };
	};
	await rawRefundLoop(api.baseUrl, API_KEY, items.slice(0, 50), 20, 'keep-alive');
	await measure('raw Node client, keep-alive, 20 at once (floor)', 20, repeat, raw('keep-alive'));
	await measure('raw Node client, new connection per request, 20 at once', 20, repeat, raw('new'));
	// One at a time: what the machine allows concurrency 1 with a new connection per request.
	await measure('raw Node client, new connection per request, 1 at a time', 1, 1, raw('new', 1));
	if (typeof real === 'string') {
		line(`  n8n rows skipped: ${real}`);
		line();
		return;
	}
	try {
		// Warm-up: each workflow's first run loads and compiles its nodes.
		for (const variant of [...http, ...dataConnector]) await real.run(variant, items.slice(0, 20));
		const httpDefaults = await measure("n8n HTTP Request node, defaults", undefined, repeat, () => real.run(http[0], items));
		await measure('n8n HTTP Request node, batching 20 / 0 ms', undefined, repeat, () => real.run(http[1], items));
		// The floor n8n's HTTP stack sets: its request helper alone, no node, no engine (n8n-helper-loop.js).
		const helperFloor = new Map<number, Figures>();
		for (const concurrency of [1, 20, 50]) {
			const warmUp = items.slice(0, 50);
			const helper = () => helperRefundLoop(real.runtime, api.baseUrl, API_KEY, items, warmUp, concurrency);
			const label = concurrency === 1 ? "n8n's request helper alone, 1 at a time" : `n8n's request helper alone, ${concurrency} at once`;
			helperFloor.set(concurrency, await measure(label, concurrency, concurrency === 1 ? 1 : repeat, helper, warmUp.length));
		}
		const dc = new Map<number, Figures>();
		for (const variant of dataConnector) {
			const rounds = variant.concurrency === 1 ? 1 : repeat;
			dc.set(variant.concurrency, await measure(`Data Connector, concurrency ${variant.concurrency}`, variant.concurrency, rounds, () => real.run(variant, items)));
		}
		const ideal = (c: number) => (items.length * latencyMs) / c;
		const c1 = dc.get(1) as Figures;
		const c20 = dc.get(20) as Figures;
		const c50 = dc.get(50) as Figures;
		const cpu = Math.max(c20.cpuMs, c50.cpuMs) / items.length;
		const checks: Array<[string, string, boolean]> = [
			['concurrency 50 in ≤ 1.0 s', seconds(c50.ms), c50.ms <= 1000],
			['concurrency 50 ≥ 7× faster than the HTTP Request node at its defaults', `×${(httpDefaults.ms / c50.ms).toFixed(1)}`, httpDefaults.ms / c50.ms >= 7],
			['concurrency 20 at ≥ 80% of ideal', percent(ideal(20) / c20.ms), ideal(20) / c20.ms >= 0.8],
			['concurrency 1 at ≥ 95% of ideal', percent(ideal(1) / c1.ms), ideal(1) / c1.ms >= 0.95],
			['n8n CPU per item ≤ 0.8 ms (concurrency 20 and 50)', millis(cpu), cpu <= 0.8],
		];
		// What the node adds on top of n8n's helper: the part this package can still reduce.
		const added = (c: number) => millis(((dc.get(c) as Figures).cpuMs - (helperFloor.get(c) as Figures).cpuMs) / items.length);
		const helperCpu = (c: number) => millis((helperFloor.get(c) as Figures).cpuMs / items.length);
		line(`    CPU per item of n8n's request helper alone: ${helperCpu(1)} at 1, ${helperCpu(20)} at 20, ${helperCpu(50)} at 50; the node adds ${added(1)}, ${added(20)}, ${added(50)} (engine, webhook, execution data, the package)`);
		for (const [name, value, pass] of checks) {
			line(`  ${verdict(pass)} ${name}: ${value}`);
			targets.push({ name: `real n8n: ${name}`, value, pass });
		}
	} finally {
		await real.close();
	}
	const loadAfter = loadavg();
	line(`    load average after: ${loadAfter.map((value) => value.toFixed(2)).join(' / ')}; a load above ${cpus().length} means other processes competed for the CPUs`);
	line();
}

async function overheadSection(api: LoopbackApi, items: RefundItem[]): Promise<void> {
	const { latencyMs, iterations, rawRequests } = settings;
	line(`(b) The runtime's own cost per item (Order Service › Process Refund, ${count(iterations)} iterations per step, no network)`);
	const steps = runtimeOverhead(items, api.baseUrl, iterations);
	for (const step of steps) line(row([[`  ${step.name}`, 68], [micros(step.us), -9]]));
	const totalUs = steps.reduce((sum, step) => sum + step.us, 0);
	line(row([['  total', 68], [micros(totalUs), -9]]));
	const share = totalUs / 1000 / Math.max(latencyMs, 1);
	const pass = share < TARGET_OVERHEAD;
	line(`  ${verdict(pass)} runtime overhead ${micros(totalUs)} per item = ${percent(share)} of a ${latencyMs} ms request (target < ${percent(TARGET_OVERHEAD)})`);
	targets.push({ name: `runtime overhead < ${percent(TARGET_OVERHEAD)} of a ${latencyMs} ms request`, value: `${micros(totalUs)} = ${percent(share)}`, pass });

	// The baseline: plain http.request, one request at a time, at the API's latency and at none
	// (what a round trip costs on this machine's loopback by itself).
	const sample = items.slice(0, rawRequests);
	const perRequest = async (target: LoopbackApi, connection: ConnectionMode) => (await timed(() => rawRefundLoop(target.baseUrl, API_KEY, sample, 1, connection))).ms / sample.length;
	const instant = await startLoopbackApi({ latencyMs: 0, records: 1, apiKey: API_KEY });
	const rows: Array<[string, number, number]> = [];
	try {
		for (const [label, target] of [[`latency ${latencyMs} ms`, api], ['latency 0 (the loopback round trip alone)', instant]] as const) {
			await rawRefundLoop(target.baseUrl, API_KEY, sample.slice(0, 20), 1, 'keep-alive');
			rows.push([label, await perRequest(target, 'keep-alive'), await perRequest(target, 'new')]);
		}
	} finally {
		await instant.close();
	}
	line(row([[`  raw http.request loop, sequential, ${count(sample.length)} requests`, 50], ['keep-alive', -12], ['new connection each', -20]]));
	for (const [label, keepAlive, fresh] of rows) line(row([[`    ${label}`, 50], [millis(keepAlive), -12], [millis(fresh), -20]]));
	if (shared.sequentialPerItemMs !== undefined) {
		const rawMs = rows[0][2];
		line(
			`  the node, sequential (a): ${millis(shared.sequentialPerItemMs)}/item = raw ${millis(rawMs)} + ${millis(shared.sequentialPerItemMs - rawMs)}, ` +
				`of which the runtime ${millis(totalUs / 1000)}; the rest is n8n (engine, parameters, credential, HTTP helper)`,
		);
	}
	line();
}

async function paginationSection(api: LoopbackApi): Promise<void> {
	const { records, maxRecords } = settings;
	const pageSizes = [...settings.pageSizes].sort((a, b) => a - b);
	const largest = pageSizes[pageSizes.length - 1];
	line(`(c) ${count(records)} records through the node's pagination, one input item`);
	line('    ideal = pages × latency; peak = highest heapUsed / rss sampled every 5 ms, garbage included;');
	line('    kept heap = heapUsed after a full GC while the output items are still held, minus the heap before the run');
	await serveRecordsConnector(api, pageSizes);
	// Warm-up, two pages of each endpoint: the first run of a code path compiles it, which would
	// count as heap kept by whichever run came first.
	for (const style of ['offset', 'cursor', 'page'] as const) {
		for (const pageSize of pageSizes) await runRecords(api, recordsEndpointKey(style, pageSize), Math.min(records, 2 * pageSize));
	}

	const header = row([
		['  run', 44],
		['pages', -6],
		['time', -8],
		['ideal', -8],
		['peak heap', -10],
		['peak rss', -10],
		['kept heap', -10],
		['per record kept', -16],
		['API CPU/page', -13],
	]);
	line(header);
	interface PageRun {
		style: PaginationStyle;
		pageSize: number;
		limit: number;
		records: number;
		retained: number;
	}
	const measure = async (style: PaginationStyle, pageSize: number, limit: number): Promise<PageRun> => {
		const expected = limit > 0 ? Math.min(limit, records) : records;
		await api.stats(true);
		collectGarbage();
		const sampler = new MemorySampler();
		const { value: result, ms } = await timed(() => runRecords(api, recordsEndpointKey(style, pageSize), limit));
		const peak = sampler.stop();
		collectGarbage();
		const retained = process.memoryUsage().heapUsed - sampler.baseHeap;
		const kept = result.items.length;
		if (kept !== expected) throw new Error(`${style} ${pageSize}: expected ${expected} records, got ${kept}`);
		const server = await api.stats(true);
		const pages = server.requests;
		const label = `${limit > 0 ? `Max Records ${count(limit)}` : `all`}, ${style}, ${count(pageSize)} per page`;
		line(
			row([
				[`  ${label}`, 44],
				[count(pages), -6],
				[seconds(ms), -8],
				[seconds(pages * settings.latencyMs), -8],
				[megabytes(peak.peakHeap), -10],
				[megabytes(peak.peakRss), -10],
				[megabytes(retained), -10],
				[`${count(Math.round(retained / kept))} B`, -16],
				[millis(server.cpuMs / Math.max(1, pages)), -13],
			]),
		);
		return { style, pageSize, limit, records: kept, retained };
	};

	const runs: PageRun[] = [];
	for (const pageSize of pageSizes) runs.push(await measure('offset', pageSize, 0));
	for (const pageSize of pageSizes) if (maxRecords < records) runs.push(await measure('offset', pageSize, maxRecords));
	for (const style of ['cursor', 'page'] as const) await measure(style, largest, 0);

	// Pages: the same records kept with the most and the fewest pages. Records: a limited fetch keeps
	// a fraction of the records, so it should keep about that fraction of the memory. Heap figures
	// after a GC still move by a few hundred KB from run to run: differences under 1 MB count as equal.
	const slack = 1024 * 1024;
	const full = runs.filter((run) => run.limit === 0);
	const most = full[0];
	const fewest = full[full.length - 1];
	const limited = runs.find((run) => run.limit > 0 && run.pageSize === most.pageSize);
	const checks: string[] = [];
	let pass = true;
	if (most !== fewest) {
		const factor = most.retained / fewest.retained;
		pass &&= Math.abs(most.retained - fewest.retained) <= Math.max(slack, 0.2 * fewest.retained);
		checks.push(`${Math.round(fewest.pageSize / most.pageSize)}× the pages for the same records keep ×${factor.toFixed(2)} the memory`);
	}
	if (limited) {
		const recordShare = limited.records / most.records;
		const memoryShare = limited.retained / most.retained;
		pass &&= limited.retained <= Math.max(slack, (2 * recordShare + 0.01) * most.retained);
		checks.push(`${percent(recordShare)} of the records keep ${percent(memoryShare)} of the memory`);
	}
	line(`  ${verdict(pass)} memory grows with the records kept, not with pages fetched: ${checks.join('; ')}`);
	const costs = pageCosts(largest, api.baseUrl, Math.max(20, Math.round(settings.iterations / largest)));
	const pageUs = costs.reduce((sum, step) => sum + step.us, 0);
	line(
		`  the runtime's share of a ${count(largest)}-record page, no network: ${millis(pageUs / 1000)} = ` +
			costs.map((step) => `${millis(step.us / 1000)} ${step.name}`).join(' + '),
	);
	targets.push({ name: 'pagination memory grows with records kept, not pages fetched', value: checks.join('; '), pass });
	line();
}

async function n8nSection(api: LoopbackApi, items: RefundItem[]): Promise<void> {
	const lookup = await findN8n();
	if ('skipped' in lookup) {
		line(`(d) n8n HTTP Request comparison: skipped (${lookup.skipped})`);
		line();
		return;
	}
	const n8n = lookup.found;
	line(`(d) n8n ${n8n.version}'s HTTP Request node (from ${n8n.folder}) on the same engine and the same ${count(items.length)} refunds`);
	await runHttpRequestRefunds(n8n, api, items.slice(0, 50));
	await api.stats(true);
	const { ms, cpuMs } = await timedMedian(() => runHttpRequestRefunds(n8n, api, items), settings.repeat);
	const server = await api.stats(true);
	server.connections /= settings.repeat;
	server.requests /= settings.repeat;
	line(
		`  HTTP Request node, n8n's defaults (every item at once), median of ${settings.repeat}: ${seconds(ms)}, CPU ${millis(cpuMs / items.length)}/item, ` +
			`${count(server.connections)} connections for ${count(server.requests)} requests`,
	);
	for (const [c, dc] of shared.concurrent) {
		line(
			`  Data Connector, concurrency ${c} (a): ${seconds(dc.ms)}, CPU ${millis(dc.cpuMs / items.length)}/item; ` +
				`time ratio Data Connector / HTTP Request ${(dc.ms / ms).toFixed(2)}, CPU ratio ${(dc.cpuMs / cpuMs).toFixed(2)}`,
		);
	}
	line();
}

async function main(): Promise<void> {
	const load = loadavg()[0];
	line('Data Connector benchmark (npm run bench)');
	line(
		`  Node ${process.version}, ${cpus().length} CPUs, load average ${load.toFixed(2)} at start` +
			(load > cpus().length * 0.75 ? ' (the machine is busy: times will be longer than on an idle one)' : ''),
	);
	if (!collectGarbage()) line('  (run with node --expose-gc for the memory figures; npm run bench does)');
	// nock belongs to the tests: nothing here may be intercepted.
	if (Object.keys(require.cache).some((file) => /[\\/]node_modules[\\/]nock[\\/]/.test(file))) throw new Error('nock is loaded: the benchmark must use the real network stack');
	const api = await startLoopbackApi({ latencyMs: settings.latencyMs, jitterMs: settings.jitterMs, records: settings.records, apiKey: API_KEY });
	line(
		`  API ${api.baseUrl} in its own process, latency ${settings.latencyMs} ms` +
			(settings.jitterMs ? ` ± ${settings.jitterMs} ms` : '') +
			`; ${count(settings.items)} items, ` +
			`concurrency ${settings.concurrency}, ${count(settings.records)} records, page sizes ${settings.pageSizes.map(count).join(' and ')}`,
	);
	line();
	const items = refundItems(settings.items);
	const started = Date.now();
	try {
		if (settings.sections.includes('n')) await realN8nSection(api, items);
		if (settings.sections.includes('a')) await itemsSection(api, items);
		if (settings.sections.includes('b')) await overheadSection(api, items);
		if (settings.sections.includes('c')) await paginationSection(api);
		if (settings.sections.includes('d')) await n8nSection(api, items);
		if (settings.sections.includes('h')) targets.push(await hubSection(line, { seconds: settings.hubSeconds, connections: settings.hubConnections }));
	} finally {
		await api.close();
	}
	line(`Targets (reported, not enforced; ${seconds(Date.now() - started)} in all, load average ${loadavg()[0].toFixed(2)} at the end)`);
	for (const target of targets) line(`  ${verdict(target.pass)}  ${target.name}: ${target.value}`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exit(1);
	},
);
