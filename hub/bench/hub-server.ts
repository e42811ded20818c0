/**
 * The processes the hub benchmark measures, each on 127.0.0.1 in a child of its own:
 *
 *   BENCH_HUB_MODE=hub        the hub's HTTP API over the embedded folder store (BENCH_HUB_FOLDER),
 *                             built exactly as `data-connectors hub` builds it (createHubApp)
 *   BENCH_HUB_MODE=baseline   a bare node:http server answering every request with the bytes and
 *                             headers in BENCH_HUB_ANSWER (what the hub answered once): the floor
 *                             that the same machine, client and connection pattern allow
 *
 * The port goes to the parent over IPC.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubApp } from '../src/app';
import { Hub } from '../src/hub';
import { folderStore } from '../src/store/folder-store';

export const BENCH_TOKEN = 'bench-read-token-0123456789abcdef';

export interface CapturedAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

function server(): Server {
	if (process.env.BENCH_HUB_MODE === 'baseline') {
		const answer = JSON.parse(process.env.BENCH_HUB_ANSWER ?? '{}') as CapturedAnswer;
		const body = Buffer.from(answer.body);
		return createServer((request, response) => {
			request.resume();
			response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) }).end(body);
		});
	}
	const store = folderStore(process.env.BENCH_HUB_FOLDER ?? '');
	// The hub's own request log (one line per request to stderr) is part of its cost; the parent discards the stream.
	return createHubApp(new Hub({ store }), { tokens: [{ name: 'bench', role: 'read', token: BENCH_TOKEN }] });
}

if (require.main === module) {
	const listening = server();
	listening.listen(0, '127.0.0.1', () => process.send?.({ port: (listening.address() as AddressInfo).port }));
	process.on('disconnect', () => process.exit(0));
}
