/**
 * One OpenAPI operation as one endpoint: key from operationId (else method + path), name from the
 * summary, purpose from method and path shape, parameters as typed inputs placed in the path,
 * query or headers, the body, the response reading, error texts and pagination.
 */
import { SECRET_HEADER } from '../credentials';
import { EndpointInputs } from '../endpoint-inputs';
import type { EndpointInput } from '../literal-request';
import { camelKey, type KeyScope, nameFromRoute, purposeOf, titleCase } from '../names';
import type { ImportReport } from '../report';
import { bodyOf } from './body';
import type { SpecOperation, SpecParameter } from './operations';
import { detectPagination } from './pagination';
import type { RefResolver } from './refs';
import { errorsOf, responseOf } from './responses';
import { exampleOf, inputFromSchema, oneLine } from './schema';

export const SUPPORTED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function routeOf(operation: SpecOperation): string {
	return `${operation.method} ${operation.path}`;
}

function parameterInput(parameter: SpecParameter, inputs: EndpointInputs, resolver: RefResolver): string {
	const input = inputFromSchema(parameter.schema, resolver, parameter.required, parameter.description);
	const sample = exampleOf(parameter.raw, resolver.resolve(parameter.schema));
	return inputs.declare(`${parameter.in}.${parameter.name}`, input, sample, parameter.name);
}

/** "/pets/{petId}" -> "/pets/{{ inputs.petId }}"; a "?" in a spec path becomes literal query parameters. */
function templatePath(operation: SpecOperation, inputs: EndpointInputs, resolver: RefResolver, query: NonNullable<EndpointInput['query']>, report: ImportReport): string {
	const [pathPart, literalQuery] = operation.path.split('?', 2);
	if (literalQuery !== undefined) {
		for (const [key, value] of new URLSearchParams(literalQuery.split('#')[0])) query.push({ key, value });
	}
	const byName = new Map(operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, parameter]));
	const path = pathPart.split('#')[0].replace(/\{([^}]+)\}/g, (_, name: string) => {
		const declared = byName.get(name) ?? { name, in: 'path', required: true, schema: { type: 'string' }, raw: {} };
		if (!byName.has(name)) report.approximated(routeOf(operation), `path parameter {${name}} is not declared: imported as a required text input`);
		return parameterInput(declared, inputs, resolver);
	});
	return path.startsWith('/') ? path : `/${path}`;
}

export function endpointOf(operation: SpecOperation, keys: KeyScope, resolver: RefResolver, report: ImportReport): EndpointInput | undefined {
	const where = routeOf(operation);
	if (!SUPPORTED_METHODS.has(operation.method)) {
		report.dropped(where, `method ${operation.method} is not supported (GET, POST, PUT, PATCH, DELETE)`);
		return undefined;
	}
	const inputs = new EndpointInputs();
	const query: NonNullable<EndpointInput['query']> = [];
	const headers: NonNullable<EndpointInput['headers']> = [];
	const path = templatePath(operation, inputs, resolver, query, report);
	const purpose = purposeOf(operation.method, operation.path);
	const listing = operation.method === 'GET' && (purpose === 'List' || purpose === 'Search');
	const paging = listing ? detectPagination(operation, resolver) : undefined;
	const controlled = new Set(paging?.controls ?? []);

	for (const parameter of operation.parameters) {
		if (parameter.in === 'query') {
			if (controlled.has(parameter.name)) continue;
			query.push({ key: parameter.name, value: parameterInput(parameter, inputs, resolver), ...descriptionOf(parameter) });
		} else if (parameter.in === 'header') {
			if (SECRET_HEADER.test(parameter.name)) {
				report.note(where, `header parameter ${parameter.name} carries a credential: left to the connector's auth`);
			} else if (/^(content-type|accept|content-length)$/i.test(parameter.name)) {
				report.note(where, `header parameter ${parameter.name} is set by the runtime from the body and response format`);
			} else if (!HEADER_NAME.test(parameter.name)) {
				report.dropped(where, `header parameter "${parameter.name}" is not a valid header name`);
			} else headers.push({ key: parameter.name, value: parameterInput(parameter, inputs, resolver), ...descriptionOf(parameter) });
		} else if (parameter.in === 'cookie') {
			report.dropped(where, `cookie parameter ${parameter.name} dropped: connectors do not send cookies`);
		}
	}
	if (paging) report.note(where, `pagination "${paging.pagination.type}" detected from ${paging.how}${controlled.size ? `; ${[...controlled].join(', ')} set by the paginator` : ''}`);

	const name = oneLine(operation.summary, 120) ?? (operation.id ? titleCase(operation.id) : nameFromRoute(operation.method, operation.path));
	const endpoint: EndpointInput = {
		key: keys.take(camelKey(operation.id ?? `${operation.method.toLowerCase()} ${operation.path.replace(/[{}]/g, '')}`, 'operation')),
		name,
		purpose,
		method: operation.method as EndpointInput['method'],
		path,
		query,
		headers,
	};
	const description = [operation.deprecated ? 'Deprecated.' : '', operation.description ?? operation.summary ?? ''].filter(Boolean).join(' ').trim();
	if (description) endpoint.description = description;
	Object.assign(endpoint, bodyOf(operation.body, operation.method, inputs, resolver, report, where));
	Object.assign(endpoint, inputs.fields());
	const response = responseOf(operation, resolver, listing);
	if (paging?.recordsPath) response.response = { ...response.response, recordsPath: paging.recordsPath };
	Object.assign(endpoint, response);
	const { errors } = errorsOf(operation);
	if (errors) endpoint.errors = errors;
	if (paging) endpoint.pagination = paging.pagination;
	return endpoint;
}

function descriptionOf(parameter: SpecParameter): { description?: string } {
	const text = oneLine(parameter.description, 200);
	return text ? { description: text } : {};
}
