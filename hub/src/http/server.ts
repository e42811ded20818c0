/**
 * The hub's HTTP server on node:http: match a route, authenticate, call the handler, write JSON.
 * Requests outside the API go to `fallback` (the Connector Studio serves its web UI there), else
 * 404. Each request is logged as one line (method, path, status, time, the token's name): never a
 * token, a query string, a body or a credential.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Caller, requireRole, TokenAuthenticator } from './auth';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body';
import { errorBody, HttpError, toHttpError } from './errors';
import type { Reply, Router } from './router';

export type Logger = (line: string) => void;

export interface ServerOptions {
	router: Router;
	authenticator: TokenAuthenticator;
	bodyLimit?: number;
	log?: Logger;
	/** Requests outside the router's prefix (static files); resolves false when it has nothing. */
	fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

function send(response: ServerResponse, reply: Reply, head: boolean): void {
	const headers: Record<string, string> = { 'Cache-Control': 'no-cache', ...reply.headers };
	if (reply.body === undefined && reply.json === undefined) {
		response.writeHead(reply.status, headers);
		response.end();
		return;
	}
	const text = reply.json ?? JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(text)),
	});
	response.end(head ? undefined : text);
}

async function answer(
	options: ServerOptions,
	request: IncomingMessage,
	response: ServerResponse,
	path: string,
	query: URLSearchParams,
	who: { caller?: Caller },
): Promise<Reply | undefined> {
	const matched = options.router.match(request.method ?? 'GET', path);
	if (!matched) {
		if (!path.startsWith(`${options.router.prefix}/`) && options.fallback && (await options.fallback(request, response))) return undefined;
		throw new HttpError(404, 'not-found', `There is nothing at ${path.slice(0, 200)}; the API is under ${options.router.prefix} (see ${options.router.prefix}/openapi.json)`);
	}
	const { route, params } = matched;
	if (route.role !== 'public') {
		who.caller = options.authenticator.authenticate(request);
		requireRole(who.caller, route.role, `${route.method} ${options.router.prefix}${route.path}`);
	}
	let body: Promise<unknown> | undefined;
	const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
	return await route.handler({
		request,
		params,
		query,
		caller: who.caller,
		body: () => (body ??= readJsonBody(request, limit)),
	});
}

export function createHubServer(options: ServerOptions): Server {
	const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	return createServer((request, response) => {
		const started = process.hrtime.bigint();
		const who: { caller?: Caller } = {};
		let url: URL;
		try {
			url = new URL(request.url ?? '/', 'http://hub.invalid');
		} catch {
			url = new URL('http://hub.invalid/');
		}
		// Route on the path as sent: URL would resolve "%2e%2e" and ".." segments, hiding a traversal attempt.
		const path = (request.url ?? '/').split('?')[0];
		const done = (status: number) => {
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			log(`${request.method} ${path.slice(0, 200)} ${status} ${ms.toFixed(1)}ms${who.caller ? ` token=${who.caller.name}` : ''}`);
		};
		answer(options, request, response, path, url.searchParams, who).then(
			(reply) => {
				if (!reply) return done(response.statusCode);
				send(response, reply, request.method === 'HEAD');
				done(reply.status);
			},
			(failure: unknown) => {
				const { error, internal } = toHttpError(failure);
				if (internal) log(`error in ${request.method} ${path.slice(0, 200)}: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`);
				if (response.headersSent) {
					response.destroy();
				} else {
					// A refused body may still be arriving: close the connection rather than read it.
					if (error.status === 413) response.setHeader('Connection', 'close');
					send(response, { status: error.status, body: errorBody(error), headers: error.headers }, request.method === 'HEAD');
				}
				done(error.status);
			},
		);
	});
}
