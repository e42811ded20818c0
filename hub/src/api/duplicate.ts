/**
 * POST /connectors/{key}/duplicate: a copy of a connector (built-in ones too: that is how a
 * packaged connector is changed) under a new key and name, as a draft at version 1. The copy is
 * made from the stored definition on the server, so secret defaults are copied rather than
 * turned into "******" by a read in the browser.
 */
import { HttpError, type Problem } from '../http/errors';
import type { Route } from '../http/router';
import type { Hub } from '../hub';
import { checkQuery, connectorEtag } from './params';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function duplicateRoutes(hub: Hub): Route[] {
	return [
		{
			method: 'POST',
			path: '/connectors/{key}/duplicate',
			role: 'edit',
			handler: async (context) => {
				checkQuery(context.query, []);
				const body = await context.body();
				const problems: Problem[] = [];
				if (!isObject(body)) throw new HttpError(400, 'invalid-body', 'The body must be { "key": "<new key>", "name": "<new name>" }');
				for (const field of Object.keys(body)) if (field !== 'key' && field !== 'name') problems.push({ path: `/${field}`, message: 'unknown field; a copy takes key and name' });
				for (const field of ['key', 'name'] as const) if (typeof body[field] !== 'string') problems.push({ path: `/${field}`, message: 'must be a string' });
				if (problems.length) throw new HttpError(400, 'invalid-body', `The copy request is invalid: ${problems[0].path}: ${problems[0].message}`, { problems });
				const source = hub.registry.definition(context.params.key);
				const copy = { ...structuredClone(source), key: body.key, name: body.name, status: 'draft', version: 1 };
				const result = await hub.registry.create(copy);
				return { status: 201, body: result, headers: { Location: `/api/v1/connectors/${result.key}`, ETag: connectorEtag(result.version, result.definition) } };
			},
		},
	];
}
