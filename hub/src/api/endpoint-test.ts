/**
 * POST /connectors/{key}/endpoints/{endpoint}/test: by default a preview (the request the endpoint
 * would send, secrets "******", nothing sent); `"send": true` sends it (a token with the edit role),
 * and a method other than GET also needs `"confirmWrite": true`, because it can change data. A sent
 * test also answers the records the node would output (test-records.ts).
 * Credentials in the body serve this one test: they are not stored, not logged and every value of
 * them is masked in the answer.
 */
import { requireRole } from '../http/auth';
import { HttpError, type Problem } from '../http/errors';
import type { Route } from '../http/router';
import type { Hub } from '../hub';
import { type CredentialValues, findEndpointOf, previewEndpoint, sendEndpoint } from '../runtime';
import { checkQuery } from './params';
import { testRecords } from './test-records';

const FIELDS = ['inputs', 'credentials', 'baseUrl', 'item', 'useSampleData', 'send', 'confirmWrite', 'timeoutMs'] as const;

interface TestBody {
	inputs?: Record<string, unknown>;
	credentials?: CredentialValues;
	baseUrl?: string;
	item?: unknown;
	useSampleData?: boolean;
	send?: boolean;
	confirmWrite?: boolean;
	timeoutMs?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function testBody(body: unknown): TestBody {
	if (!isObject(body)) throw new HttpError(400, 'invalid-body', 'The body must be a JSON object (it may be {})');
	const problems: Problem[] = [];
	for (const field of Object.keys(body)) {
		if (!(FIELDS as readonly string[]).includes(field)) problems.push({ path: `/${field}`, message: `unknown field; a test takes ${FIELDS.join(', ')}` });
	}
	for (const field of ['inputs', 'credentials'] as const) {
		if (body[field] !== undefined && !isObject(body[field])) problems.push({ path: `/${field}`, message: 'must be an object' });
	}
	for (const field of ['send', 'confirmWrite', 'useSampleData'] as const) {
		if (body[field] !== undefined && typeof body[field] !== 'boolean') problems.push({ path: `/${field}`, message: 'must be true or false' });
	}
	if (body.baseUrl !== undefined && typeof body.baseUrl !== 'string') problems.push({ path: '/baseUrl', message: 'must be a string' });
	const timeout = body.timeoutMs;
	if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 120_000)) {
		problems.push({ path: '/timeoutMs', message: 'must be a whole number of milliseconds from 1 to 120000' });
	}
	if (problems.length) throw new HttpError(400, 'invalid-body', `The test request is invalid: ${problems[0].path}: ${problems[0].message}`, { problems });
	return body as TestBody;
}

export function endpointTestRoutes(hub: Hub): Route[] {
	return [
		{
			method: 'POST',
			path: '/connectors/{key}/endpoints/{endpoint}/test',
			role: 'read',
			handler: async (context) => {
				checkQuery(context.query, []);
				const body = testBody(await context.body());
				const connector = hub.registry.definition(context.params.key);
				const endpoint = findEndpointOf(connector, context.params.endpoint);
				const options = {
					inputs: body.inputs,
					credentials: body.credentials,
					baseUrl: body.baseUrl,
					item: body.item,
					useSampleData: body.useSampleData,
				};
				if (!body.send) {
					const { printable, verifyTls } = previewEndpoint(connector, endpoint, options);
					return { status: 200, body: { sent: false, request: { ...printable, body: printable.body ?? null }, verifyTls } };
				}
				requireRole(context.caller!, 'edit', 'Sending a test request');
				if (endpoint.method !== 'GET' && !body.confirmWrite) {
					throw new HttpError(
						400,
						'confirmation-required',
						`Endpoint "${endpoint.key}" uses ${endpoint.method}, which can change data; send "confirmWrite": true to really send it`,
					);
				}
				const result = await sendEndpoint(connector, endpoint, { ...options, allowWrite: true, timeoutMs: body.timeoutMs }, hub.transport);
				const { url } = previewEndpoint(connector, endpoint, options).printable;
				return { status: 200, body: { sent: true, ...result, ...testRecords(endpoint, result, url) } };
			},
		},
	];
}
