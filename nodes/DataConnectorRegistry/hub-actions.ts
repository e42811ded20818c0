/**
 * The Data Connector Registry node's connector operations as Data Connector Hub requests (pure:
 * parameters in, a HubRequest out). The hub decides everything about definitions (validation,
 * built-in protection, versions, masking, the usage check through n8n's API); the node only asks.
 */
import type { IDataObject } from 'n8n-workflow';
import { type HubRequest } from '../shared/hub/requests';

const path = (key: string, tail = '') => `/connectors/${encodeURIComponent(key)}${tail}`;

export interface ListParameters {
	query: string;
	category?: string;
	status?: string;
	auth?: string;
	/** "builtIn" or "hub" ("registry" in workflows saved before the hub). */
	source?: string;
	size: number;
	offset: number;
}

export function listConnectorsRequest(list: ListParameters): HubRequest {
	const query: Record<string, string> = { size: String(list.size), offset: String(list.offset) };
	if (list.query) query.q = list.query;
	if (list.category) query.category = list.category;
	if (list.status) query.status = list.status;
	if (list.auth) query.auth = list.auth;
	if (list.source) query.source = list.source === 'registry' ? 'hub' : list.source;
	return { method: 'GET', path: '/connectors', query };
}

export const getConnectorRequest = (key: string): HubRequest => ({ method: 'GET', path: path(key) });

export const createConnectorRequest = (definition: unknown): HubRequest => ({ method: 'POST', path: '/connectors', body: definition });

/** Merge (default) or replace; the version the change is based on goes in the body ("version"). */
export function updateConnectorRequest(key: string, changes: unknown, mode: 'merge' | 'replace', expectedVersion?: number): HubRequest {
	const body = expectedVersion !== undefined && changes !== null && typeof changes === 'object' && !Array.isArray(changes) ? { ...(changes as IDataObject), version: expectedVersion } : changes;
	return { method: 'PUT', path: path(key), ...(mode === 'replace' ? { query: { replace: 'true' } } : {}), body };
}

const forced = (force: boolean) => (force ? { query: { force: 'true' } } : {});

export const deleteConnectorRequest = (key: string, force: boolean, ifMatch?: string): HubRequest => ({
	method: 'DELETE',
	path: path(key),
	...forced(force),
	...(ifMatch ? { ifMatch } : {}),
});

export const statusRequest = (key: string, status: 'live' | 'draft', force: boolean, ifMatch?: string): HubRequest => ({
	method: 'PUT',
	path: path(key, '/status'),
	...forced(force),
	body: { status },
	...(ifMatch ? { ifMatch } : {}),
});

export const usageRequest = (key: string): HubRequest => ({ method: 'GET', path: path(key, '/usage') });
