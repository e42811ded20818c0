/** Settings from the environment, timing, memory sampling and number formatting. */
import { performance } from 'node:perf_hooks';

export function envNumber(name: string, fallback: number, { min = 1, integer = true } = {}): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw.replace(/_/g, ''));
	if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
		throw new Error(`${name}=${raw}: expected ${integer ? 'an integer' : 'a number'} >= ${min}`);
	}
	return value;
}

export function envList(name: string, fallback: number[]): number[] {
	const raw = process.env[name];
	if (!raw) return fallback;
	const values = raw.split(',').map((part) => Number(part.trim()));
	if (values.some((value) => !Number.isInteger(value) || value < 1)) throw new Error(`${name}=${raw}: expected integers >= 1, comma-separated`);
	return values;
}

export interface Timed<T> {
	value: T;
	ms: number;
	/** CPU time of this process (user + system, all threads) while it ran, in ms. */
	cpuMs: number;
	/** Share of the time the event loop was busy (not waiting for I/O or timers), 0..1. */
	loopBusy: number;
}

export async function timed<T>(run: () => Promise<T>): Promise<Timed<T>> {
	const cpu = process.cpuUsage();
	const loop = performance.eventLoopUtilization();
	const started = process.hrtime.bigint();
	const value = await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	return { value, ms, cpuMs: (used.user + used.system) / 1000, loopBusy: performance.eventLoopUtilization(loop).utilization };
}

/** Runs `times` times and returns the run with the median time: one busy moment does not decide. */
export async function timedMedian<T>(run: () => Promise<T>, times: number): Promise<Timed<T>> {
	const results: Array<Timed<T>> = [];
	for (let index = 0; index < Math.max(1, times); index++) results.push(await timed(run));
	results.sort((a, b) => a.ms - b.ms);
	return results[Math.floor((results.length - 1) / 2)];
}

/** A full garbage collection, when node runs with --expose-gc (npm run bench does). */
export function collectGarbage(): boolean {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return false;
	gc();
	gc();
	return true;
}

/** Samples heapUsed and rss every few milliseconds; reports the peaks above the values at start. */
export class MemorySampler {
	readonly baseHeap: number;
	readonly baseRss: number;
	private peakHeap: number;
	private peakRss: number;
	private readonly timer: NodeJS.Timeout;

	constructor(intervalMs = 5) {
		const { heapUsed, rss } = process.memoryUsage();
		this.baseHeap = this.peakHeap = heapUsed;
		this.baseRss = this.peakRss = rss;
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	sample(): void {
		const { heapUsed, rss } = process.memoryUsage();
		this.peakHeap = Math.max(this.peakHeap, heapUsed);
		this.peakRss = Math.max(this.peakRss, rss);
	}

	stop(): { peakHeap: number; peakRss: number } {
		this.sample();
		clearInterval(this.timer);
		return { peakHeap: this.peakHeap - this.baseHeap, peakRss: this.peakRss - this.baseRss };
	}
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
export const micros = (us: number) => `${us < 10 ? us.toFixed(2) : us.toFixed(1)} µs`;
export const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.01 ? 2 : 0)}%`;
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const count = (value: number) => value.toLocaleString('en-US');
export const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
