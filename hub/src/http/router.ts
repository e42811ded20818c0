/**
 * The route table: method, path template (OpenAPI style, "/connectors/{key}"), the role it needs
 * and its handler. The same table drives the server and is compared with the OpenAPI document by a
 * test, so the document cannot drift from what is served.
 */
import type { IncomingMessage } from 'node:http';
import type { Caller, Role } from './auth';
import { HttpError } from './errors';

export interface RequestContext {
	request: IncomingMessage;
	params: Record<string, string>;
	query: URLSearchParams;
	/** Undefined for public routes. */
	caller?: Caller;
	/** The JSON body (read on demand, with the size limit). */
	body(): Promise<unknown>;
}

export interface Reply {
	status: number;
	body?: unknown;
	/** `body` already serialized as JSON (a cached answer); sent instead of serializing `body`. */
	json?: string;
	headers?: Record<string, string>;
}

export interface Route {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	/** The least role that may call it; "public" needs no token. */
	role: Role | 'public';
	handler(context: RequestContext): Promise<Reply>;
}

/** Path parameters are keys: what the connector schema allows, nothing else (no "..", no "/"). */
const KEY = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

interface Compiled {
	route: Route;
	pattern: RegExp;
	names: string[];
}

export class Router {
	private readonly compiled: Compiled[];

	constructor(
		readonly prefix: string,
		readonly routes: Route[],
	) {
		this.compiled = routes.map((route) => {
			const names: string[] = [];
			const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_all, name: string) => {
				names.push(name);
				return '([^/]+)';
			});
			return { route, names, pattern: new RegExp(`^${prefix}${source}$`) };
		});
	}

	/** The route for a request, undefined when no path matches; 405 when the path does with another method. */
	match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
		const candidates = this.compiled.map((entry) => ({ entry, found: entry.pattern.exec(pathname) })).filter(({ found }) => found);
		if (!candidates.length) return undefined;
		const hit = candidates.find(({ entry }) => entry.route.method === method || (method === 'HEAD' && entry.route.method === 'GET'));
		if (!hit) {
			const allowed = [...new Set(candidates.map(({ entry }) => entry.route.method))].join(', ');
			throw new HttpError(405, 'method-not-allowed', `${method} is not supported on ${pathname}; use ${allowed}`, {}, { Allow: allowed });
		}
		const params: Record<string, string> = {};
		hit.entry.names.forEach((name, index) => {
			let value: string;
			try {
				value = decodeURIComponent((hit.found as RegExpExecArray)[index + 1]);
			} catch {
				throw new HttpError(400, 'invalid-key', `The ${name} in the path is not valid URL encoding`);
			}
			if (!KEY.test(value)) {
				throw new HttpError(
					400,
					'invalid-key',
					`"${value.slice(0, 80)}" is not a valid ${name}: it must start with a letter and contain only letters, digits, "-" and "_"`,
				);
			}
			params[name] = value;
		});
		return { route: hit.entry.route, params };
	}
}
