/**
 * The benchmark's API: plain node:http on 127.0.0.1, every answer delayed by a fixed latency (or a
 * latency ± jitter), so that the time a client needs beyond `requests × latency` is the client's own
 * cost.
 *
 *   POST /api/v1/orders/:orderId/refunds     the Order Service's processRefund: echoes a refund (201)
 *   GET  /api/v1/records?offset=&limit=      offset/limit pages   { data, total }
 *   GET  /api/v1/records/pages?page=&size=   page-number pages    { data, total }
 *   GET  /api/v1/records/cursor?cursor=&limit=  cursor pages      { data, next }
 *
 * The collection is generated on the fly (record i is always the same), so the server holds no data.
 * Every /api/v1 route wants the header `X-API-Key: <apiKey>` (401 otherwise), which checks that the
 * client really applied its credential.
 *
 * It runs in its own process (see loopback.ts), so that its work and its timers do not share the
 * measured client's event loop; the parent asks it for counts of requests and TCP connections over
 * IPC. Standalone: `node -r ./bench/ts-hook.js bench/api-server.ts` (BENCH_PORT, BENCH_LATENCY_MS,
 * BENCH_LATENCY_JITTER_MS, BENCH_RECORDS, BENCH_API_KEY).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ApiServerOptions {
	latencyMs: number;
	/** Each answer waits latencyMs ± up to jitterMs (uniformly), never less than 0. */
	jitterMs: number;
	records: number;
	apiKey: string;
}

export interface ServerStats {
	requests: number;
	/** TCP connections accepted: equal to `requests` when no connection is reused (no keep-alive). */
	connections: number;
	/** CPU time the server process used (user + system), in ms. */
	cpuMs: number;
}

/** Messages between the benchmark and the server process. */
export type ServerMessage =
	| { type: 'listening'; port: number }
	| { type: 'stats'; stats: ServerStats };
export type ClientMessage = { type: 'stats'; reset?: boolean };

export const MAX_PAGE_SIZE = 10_000;

const STATUSES = ['open', 'paid', 'shipped', 'delivered'];

/** Record i of the collection (0-based): about 180 bytes of JSON. */
export function record(index: number) {
	return {
		id: index + 1,
		orderNumber: `ORD-2024-${String(index + 1).padStart(6, '0')}`,
		customerEmail: `customer${index % 9973}@example.com`,
		status: STATUSES[index % STATUSES.length],
		amount: ((index * 3137) % 100_000) / 100,
		currency: 'EUR',
		createdAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
	};
}

function page(from: number, size: number, total: number) {
	const data = [];
	for (let index = Math.max(0, from); index < Math.min(total, from + size); index++) data.push(record(index));
	return data;
}

function integer(value: string | null, fallback: number): number {
	const number = value === null ? NaN : Number(value);
	return Number.isInteger(number) ? number : fallback;
}

const pageSize = (value: string | null) => Math.min(MAX_PAGE_SIZE, Math.max(1, integer(value, 100)));

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** The answer to one request, before the latency is applied. */
async function answer(request: IncomingMessage, options: ApiServerOptions): Promise<{ status: number; body: unknown }> {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const body = await readBody(request);
	if (!url.pathname.startsWith('/api/v1/')) return { status: 404, body: { message: 'Not found' } };
	if (request.headers['x-api-key'] !== options.apiKey) return { status: 401, body: { message: 'Invalid API key' } };
	const total = options.records;
	const query = url.searchParams;

	const refund = /^\/api\/v1\/orders\/([^/]+)\/refunds$/.exec(url.pathname);
	if (refund && request.method === 'POST') {
		let input: Record<string, unknown>;
		try {
			input = JSON.parse(body) as Record<string, unknown>;
		} catch {
			return { status: 400, body: { message: 'The body is not JSON' } };
		}
		const orderId = decodeURIComponent(refund[1]);
		return { status: 201, body: { id: `RF-${orderId.slice(-6)}`, orderId, ...input, status: 'pending' } };
	}
	if (request.method !== 'GET') return { status: 405, body: { message: 'Method not allowed' } };
	switch (url.pathname) {
		case '/api/v1/records': {
			const limit = pageSize(query.get('limit'));
			return { status: 200, body: { data: page(integer(query.get('offset'), 0), limit, total), total } };
		}
		case '/api/v1/records/pages': {
			const size = pageSize(query.get('size'));
			return { status: 200, body: { data: page((integer(query.get('page'), 1) - 1) * size, size, total), total } };
		}
		case '/api/v1/records/cursor': {
			const limit = pageSize(query.get('limit'));
			const cursor = query.get('cursor');
			const from = cursor ? integer(Buffer.from(cursor, 'base64url').toString('utf8'), total) : 0;
			const data = page(from, limit, total);
			const next = from + data.length < total ? Buffer.from(String(from + data.length)).toString('base64url') : null;
			return { status: 200, body: { data, next } };
		}
		default:
			return { status: 404, body: { message: 'Not found' } };
	}
}

export function createApiServer(options: ApiServerOptions): { server: Server; stats(reset?: boolean): ServerStats } {
	let counts = { requests: 0, connections: 0 };
	let cpu = process.cpuUsage();
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		counts.requests++;
		answer(request, options).then(
			({ status, body }) => {
				const text = JSON.stringify(body);
				const delay = Math.max(0, options.latencyMs + (Math.random() * 2 - 1) * options.jitterMs);
				setTimeout(() => {
					response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
					response.end(text);
				}, delay);
			},
			(error: unknown) => {
				response.writeHead(500, { 'Content-Type': 'text/plain' });
				response.end(String(error));
			},
		);
	});
	server.on('connection', () => counts.connections++);
	// Above the client's defaults, so that an idle kept-alive socket is never closed under a request.
	server.keepAliveTimeout = 30_000;
	return {
		server,
		stats(reset = false) {
			const used = process.cpuUsage(cpu);
			const current = { ...counts, cpuMs: (used.user + used.system) / 1000 };
			if (reset) {
				counts = { requests: 0, connections: 0 };
				cpu = process.cpuUsage();
			}
			return current;
		},
	};
}

/** Entry point of the server process (or a standalone run). */
function main(): void {
	const { server, stats } = createApiServer({
		latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 20),
		jitterMs: Number(process.env.BENCH_LATENCY_JITTER_MS ?? 0),
		records: Number(process.env.BENCH_RECORDS ?? 100_000),
		apiKey: process.env.BENCH_API_KEY ?? 'bench-key',
	});
	// A large backlog: the HTTP Request node opens one connection per item, all at once.
	server.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT ?? 0), backlog: 4096 }, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : 0;
		if (process.send) {
			process.send({ type: 'listening', port } satisfies ServerMessage);
			process.on('message', (message: ClientMessage) => {
				if (message.type === 'stats') process.send?.({ type: 'stats', stats: stats(message.reset) } satisfies ServerMessage);
			});
			// The benchmark is gone: so is its server.
			process.on('disconnect', () => process.exit(0));
		} else {
			console.log(`benchmark API on http://127.0.0.1:${port}/api/v1`);
		}
	});
}

if (require.main === module) main();
