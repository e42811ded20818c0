/**
 * /connectors: list and search, get, create, update (merge, or replace), delete, set status,
 * usage. The registry (src/registry) decides everything about definitions; here are HTTP's parts:
 * query parameters, ETag / If-Match / If-None-Match, roles for `force`, and the usage check that
 * lists the workflows a delete or a draft would stop.
 */
import { requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import type { Reply, RequestContext, Route } from '../http/router';
import { FORCE_HINT, type Hub } from '../hub';
import { type ConnectorRecord, dependantsMessage, type ListQuery, type WriteResult } from '../runtime';
import { bodyEtag, checkQuery, connectorEtag, flag, notModified, oneOf, versionOfEtag, wholeNumber } from './params';

export const MAX_PAGE_SIZE = 500;
const STATUSES = ['live', 'draft', 'invalid'] as const;
const SOURCES = ['builtIn', 'hub'] as const;

function listQuery(query: URLSearchParams): ListQuery {
	checkQuery(query, ['q', 'size', 'offset', 'category', 'status', 'auth', 'source']);
	const source = oneOf(query, 'source', SOURCES);
	return {
		query: query.get('q') ?? undefined,
		size: wholeNumber(query, 'size', 1, MAX_PAGE_SIZE),
		offset: wholeNumber(query, 'offset', 0, Number.MAX_SAFE_INTEGER),
		category: query.get('category') ?? undefined,
		status: oneOf(query, 'status', STATUSES),
		auth: query.get('auth') ?? undefined,
		builtIn: source === undefined ? undefined : source === 'builtIn',
	};
}

/**
 * The ETag and JSON text of a record, once per record: the registry hands out the same frozen
 * record while the stored version is the same, so a GET hashes and serializes a version once.
 */
const answers = new WeakMap<ConnectorRecord, { etag: string; json: string }>();
function answerOf(record: ConnectorRecord): { etag: string; json: string } {
	let answer = answers.get(record);
	if (!answer) {
		answer = { etag: connectorEtag(record.version, record.definition), json: JSON.stringify(record) };
		answers.set(record, answer);
	}
	return answer;
}

/** 304 when the client already has this answer, else the answer with its ETag. */
function conditional(context: RequestContext, etag: string, body: unknown): Reply {
	if (notModified(context.request.headers['if-none-match'], etag)) return { status: 304, headers: { ETag: etag } };
	return { status: 200, body, headers: { ETag: etag } };
}

function written(result: WriteResult, status = 200, extra: Record<string, string> = {}): Reply {
	const headers = result.definition !== undefined ? { ETag: connectorEtag(result.version, result.definition), ...extra } : extra;
	return { status, body: result, headers };
}

/** The version an update, delete or status change is based on: If-Match, checked against what is stored now. */
function expectedVersion(hub: Hub, context: RequestContext): number | undefined {
	const header = context.request.headers['if-match'];
	if (header === undefined) return undefined;
	const current = hub.registry.get(context.params.key);
	const currentTag = connectorEtag(current.version, current.definition);
	if (header.trim() === '*') return current.version;
	const version = versionOfEtag(header);
	if (version === undefined) {
		throw new HttpError(400, 'invalid-if-match', `If-Match must be the ETag of a connector you read (like ${currentTag}), not ${header}`);
	}
	if (header.replace(/^W\//, '').trim() !== currentTag) {
		throw new HttpError(
			412,
			'conflict',
			`connector ${context.params.key} changed since you read it (now ETag ${currentTag}, version ${current.version}; yours ${header.trim()}); get it again and re-apply your change`,
		);
	}
	return version;
}

/** Refuses (409, listing them) when active workflows use the connector; `force` needs the admin role. */
async function checkUsage(hub: Hub, context: RequestContext, consequence: string): Promise<boolean> {
	if (flag(context.query, 'force')) {
		requireRole(context.caller!, 'admin', 'force=true');
		return true;
	}
	const { key } = context.params;
	if (!hub.usage) {
		throw new HttpError(
			409,
			'usage-unknown',
			`Cannot tell whether active workflows use ${key}: configure n8n's public API in the hub (n8n.url and n8n.apiKey), or ${FORCE_HINT}`,
		);
	}
	const usage = await hub.registry.usage(key, hub.usage);
	if (usage.activeWorkflows.length) {
		throw new HttpError(409, 'in-use', dependantsMessage(usage.name, usage, consequence, FORCE_HINT), { workflows: usage.activeWorkflows });
	}
	return true;
}

/** 403 for a built-in connector, 404 for an unknown one: before asking n8n anything. */
function refuseBuiltIn(hub: Hub, key: string): void {
	if (hub.registry.get(key).builtIn) {
		throw new HttpError(403, 'built-in', `built-in connectors cannot be changed: ${key} is packaged with ${hub.registry.packageName}; to change it, create a copy under another key`);
	}
}

export function connectorRoutes(hub: Hub): Route[] {
	return [
		{
			method: 'GET',
			path: '/connectors',
			role: 'read',
			handler: async (context) => {
				const page = hub.registry.list(listQuery(context.query));
				return conditional(context, bodyEtag(page), page);
			},
		},
		{
			method: 'POST',
			path: '/connectors',
			role: 'edit',
			handler: async (context) => {
				checkQuery(context.query, []);
				const result = await hub.registry.create(await context.body());
				return written(result, 201, { Location: `/api/v1/connectors/${result.key}` });
			},
		},
		{
			method: 'GET',
			path: '/connectors/{key}',
			role: 'read',
			handler: async (context) => {
				checkQuery(context.query, []);
				const { etag, json } = answerOf(hub.registry.get(context.params.key));
				if (notModified(context.request.headers['if-none-match'], etag)) return { status: 304, headers: { ETag: etag } };
				return { status: 200, json, headers: { ETag: etag } };
			},
		},
		{
			method: 'PUT',
			path: '/connectors/{key}',
			role: 'edit',
			handler: async (context) => {
				checkQuery(context.query, ['replace']);
				const body = await context.body();
				const version = expectedVersion(hub, context);
				const hasVersion = body !== null && typeof body === 'object' && 'version' in body;
				if (version === undefined && !hasVersion) {
					throw new HttpError(
						428,
						'version-required',
						`Say which version of ${context.params.key} your change is based on: send the ETag you read as If-Match (or the "version" you read in the body)`,
					);
				}
				const mode = flag(context.query, 'replace') ? 'replace' : 'merge';
				return written(await hub.registry.update(context.params.key, body, { mode, expectedVersion: version }));
			},
		},
		{
			method: 'DELETE',
			path: '/connectors/{key}',
			role: 'edit',
			handler: async (context) => {
				checkQuery(context.query, ['force']);
				refuseBuiltIn(hub, context.params.key);
				const version = expectedVersion(hub, context);
				await checkUsage(hub, context, 'Deleting it would stop them');
				return written(await hub.registry.remove(context.params.key, { force: true, expectedVersion: version }));
			},
		},
		{
			method: 'PUT',
			path: '/connectors/{key}/status',
			role: 'edit',
			handler: async (context) => {
				checkQuery(context.query, ['force']);
				const body = await context.body();
				const status = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).status : undefined;
				const extra = body !== null && typeof body === 'object' ? Object.keys(body).filter((field) => field !== 'status') : [];
				if ((status !== 'live' && status !== 'draft') || extra.length) {
					throw new HttpError(400, 'invalid-body', 'The body must be { "status": "live" } or { "status": "draft" }', {
						problems: [
							...(status !== 'live' && status !== 'draft' ? [{ path: '/status', message: 'must be "live" or "draft"' }] : []),
							...extra.map((field) => ({ path: `/${field}`, message: 'unknown field' })),
						],
					});
				}
				refuseBuiltIn(hub, context.params.key);
				const version = expectedVersion(hub, context);
				if (status === 'draft' && hub.registry.get(context.params.key).status !== 'draft') {
					await checkUsage(hub, context, 'Drafts do not run in active workflows, so setting it to draft would stop them');
				}
				return written(await hub.registry.setStatus(context.params.key, status, { force: true, expectedVersion: version }));
			},
		},
		{
			method: 'GET',
			path: '/connectors/{key}/usage',
			role: 'read',
			handler: async (context) => {
				checkQuery(context.query, []);
				if (!hub.usage) {
					throw new HttpError(409, 'usage-unknown', "This hub has no n8n API configured (n8n.url and n8n.apiKey), so it cannot tell which workflows use a connector");
				}
				hub.registry.get(context.params.key);
				return { status: 200, body: await hub.registry.usage(context.params.key, hub.usage) };
			},
		},
	];
}
