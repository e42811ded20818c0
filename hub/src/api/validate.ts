/**
 * POST /validate: runs the package's own validator (src/definition/validate.ts) on a definition
 * and answers its problems with JSON pointer paths. The Connector Studio shows them inline next
 * to the fields they name, so the browser has no second set of rules. Always 200: a problem list
 * is the answer, not a failure of the request.
 */
import type { Route } from '../http/router';
import { validateDefinition } from '../runtime';
import { checkQuery } from './params';

export function validateRoutes(): Route[] {
	return [
		{
			method: 'POST',
			path: '/validate',
			role: 'read',
			handler: async (context) => {
				checkQuery(context.query, []);
				const result = validateDefinition(await context.body());
				const problems = result.problems.map(({ path, message }) => ({ path: path || '/', message }));
				return { status: 200, body: { ok: result.ok, problems } };
			},
		},
	];
}
