/** The hub's HTTP API: the route table under /api/v1 on the hub's server. */
import type { Server } from 'node:http';
import { connectorRoutes } from './api/connectors';
import { duplicateRoutes } from './api/duplicate';
import { endpointTestRoutes } from './api/endpoint-test';
import { openApiDocument } from './api/openapi';
import { rateLimitRoutes } from './api/rate-limits';
import { validateRoutes } from './api/validate';
import { type ApiToken, TokenAuthenticator } from './http/auth';
import { HttpError } from './http/errors';
import { type Route, Router } from './http/router';
import { createHubServer, type ServerOptions } from './http/server';
import type { Hub } from './hub';
import { studioFiles } from './studio/serve';

export const API_PREFIX = '/api/v1';

export function hubRoutes(hub: Hub): Route[] {
	const document = openApiDocument();
	// Every API request sees the store as it is now (PostgreSQL: rows other instances wrote).
	const refresh = async () => {
		try {
			await hub.store.refresh();
		} catch (error) {
			// The store (PostgreSQL) is down or unreachable: the client may retry; the message names the store, never its password.
			throw new HttpError(503, 'store-unavailable', `${hub.store.description} does not answer: ${(error as Error).message}`, {}, { 'Retry-After': '5' });
		}
	};
	const fresh = (route: Route): Route => ({
		...route,
		handler: async (context) => {
			await refresh();
			return await route.handler(context);
		},
	});
	return [
		...[...connectorRoutes(hub), ...duplicateRoutes(hub), ...endpointTestRoutes(hub)].map(fresh),
		...validateRoutes(),
		...rateLimitRoutes(hub),
		{ method: 'GET', path: '/openapi.json', role: 'public', handler: async () => ({ status: 200, body: document }) },
		{
			method: 'GET',
			path: '/health',
			role: 'public',
			handler: async () => {
				await refresh();
				return { status: 200, body: { status: 'ok', store: hub.store.description } };
			},
		},
	];
}

export interface AppOptions extends Pick<ServerOptions, 'bodyLimit' | 'log' | 'fallback'> {
	tokens: ApiToken[];
	/** Serve the Connector Studio at "/" (default true); `fallback` replaces it. */
	studio?: boolean;
}

export function createHubApp(hub: Hub, options: AppOptions): Server {
	return createHubServer({
		router: new Router(API_PREFIX, hubRoutes(hub)),
		authenticator: new TokenAuthenticator(options.tokens),
		bodyLimit: options.bodyLimit,
		log: options.log,
		fallback: options.fallback ?? (options.studio === false ? undefined : studioFiles()),
	});
}
