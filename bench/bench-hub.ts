/**
 * A minimal Data Connector Hub on loopback for the benchmark's own connector (the nodes read
 * connectors that are not packaged from a hub): GET /api/v1/connectors/{key} with an ETag, 304 on
 * If-None-Match, like the real hub, so the measured path includes the node's per-execution
 * revalidation. The real hub (hub/) has its own benchmark.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_HUB_TOKEN = 'bench-hub-token-0123456789';

let server: Server | undefined;
let url = '';
const documents = new Map<string, { etag: string; body: string }>();

/** Serves `document` under its key (replacing an earlier one); the hub's URL. */
export async function serveFromHub(document: { key: string; name: string }): Promise<string> {
	const body = JSON.stringify({ key: document.key, name: document.name, status: 'live', version: 1, builtIn: false, definition: document });
	documents.set(document.key, { etag: `"1-${documents.size}${body.length}"`, body });
	if (server) return url;
	server = createServer((request, response) => {
		const key = /^\/api\/v1\/connectors\/([^/?]+)$/.exec(request.url ?? '')?.[1];
		const found = key ? documents.get(decodeURIComponent(key)) : undefined;
		if (request.headers.authorization !== `Bearer ${BENCH_HUB_TOKEN}`) return void response.writeHead(401).end();
		if (!found) return void response.writeHead(404).end();
		if (request.headers['if-none-match'] === found.etag) return void response.writeHead(304, { ETag: found.etag }).end();
		response.writeHead(200, { 'Content-Type': 'application/json', ETag: found.etag }).end(found.body);
	});
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	server.unref();
	return url;
}

/** The hub credential for the benchmark's runs, once the hub serves something. */
export const benchHubCredential = () => (url ? [{ id: 'bench-hub', type: 'dataConnectorHubApi', data: { url, token: BENCH_HUB_TOKEN } }] : []);
