/** Starts bench/api-server.ts in a child process and talks to it. */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ClientMessage, ServerMessage, ServerStats } from './api-server';

export interface LoopbackApi {
	/** e.g. http://127.0.0.1:41234/api/v1 */
	baseUrl: string;
	port: number;
	apiKey: string;
	/** Requests and connections since the last reset; `reset` starts counting anew. */
	stats(reset?: boolean): Promise<ServerStats>;
	close(): Promise<void>;
}

export async function startLoopbackApi(options: { latencyMs: number; jitterMs?: number; records: number; apiKey: string }): Promise<LoopbackApi> {
	const child = fork(join(__dirname, 'api-server.ts'), [], {
		execArgv: ['-r', join(__dirname, 'ts-hook.js')],
		env: {
			...process.env,
			BENCH_PORT: '0',
			BENCH_LATENCY_MS: String(options.latencyMs),
			BENCH_LATENCY_JITTER_MS: String(options.jitterMs ?? 0),
			BENCH_RECORDS: String(options.records),
			BENCH_API_KEY: options.apiKey,
		},
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const port = await new Promise<number>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the benchmark API exited (${code}) before listening`)));
		child.once('message', (message: ServerMessage) => {
			if (message.type === 'listening') resolve(message.port);
		});
	});
	child.removeAllListeners('exit');
	return {
		baseUrl: `http://127.0.0.1:${port}/api/v1`,
		port,
		apiKey: options.apiKey,
		stats: (reset = false) =>
			new Promise<ServerStats>((resolve) => {
				const onMessage = (message: ServerMessage) => {
					if (message.type !== 'stats') return;
					child.off('message', onMessage);
					resolve(message.stats);
				};
				child.on('message', onMessage);
				child.send({ type: 'stats', reset } satisfies ClientMessage);
			}),
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
