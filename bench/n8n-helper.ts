/**
 * Runs bench/n8n-helper-loop.js (n8n's request helper alone) on the Node and n8n install of the
 * real-n8n section, in a child process of its own so that its CPU is the helper's only.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RefundItem } from './raw-client';

export interface HelperRuntime {
	node: string;
	n8nDir: string;
}

export function helperRefundLoop(runtime: HelperRuntime, baseUrl: string, apiKey: string, items: RefundItem[], warmUp: RefundItem[], concurrency: number): Promise<{ ms: number; cpuMs: number }> {
	return new Promise((resolve, reject) => {
		const child = spawn(runtime.node, [join(__dirname, 'n8n-helper-loop.js'), runtime.n8nDir, String(concurrency)], { stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`n8n's request helper loop exited with ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
			resolve(JSON.parse(out) as { ms: number; cpuMs: number });
		});
		child.stdin.end(JSON.stringify({ baseUrl, apiKey, items, warmUp }));
	});
}
