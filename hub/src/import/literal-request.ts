/**
 * One concrete request (from a curl command or a Postman request) as an endpoint: the literals it
 * carries become inputs with sample data, credentials become the auth type, and what has no place
 * in the format is reported. The caller decides how a literal string becomes a template
 * (`valueOf`): curl turns every literal into an input; Postman maps its {{variables}} first.
 */
import type { ConnectorDefinitionInput } from 'n8n-nodes-data-connectors';
import type { AuthCollector } from './credentials';
import { EndpointInputs } from './endpoint-inputs';
import { camelKey, type KeyScope, nameFromRoute, purposeOf } from './names';
import type { ImportReport } from './report';

export type EndpointInput = ConnectorDefinitionInput['endpoints'][number];

export type LiteralBody =
	/** `keep`: top-level fields sent as written, not turned into inputs (a GraphQL query). */
	| { kind: 'json'; value: unknown; keep?: string[] }
	| { kind: 'form'; fields: Array<[string, string]> }
	| { kind: 'raw'; contentType: string; text: string };

export interface LiteralRequest {
	/** For the report: "curl command", "request Orders/Create order". */
	where: string;
	method: string;
	/** Path after the connector's base URL, starting with "/" (literal segments). */
	path: string;
	query: Array<[string, string]>;
	headers: Array<[string, string]>;
	body?: LiteralBody;
	name?: string;
	description?: string;
}

/**
 * Turns a literal text (or a text with source variables) into a template for the endpoint, declaring
 * inputs on the way. `hint` names the place (query parameter, field) for the input name.
 */
export type ValueMapper = (hint: string, text: string, inputs: EndpointInputs) => string;

/** Every literal becomes one input named after where it was. */
export const literalsAsInputs: ValueMapper = (hint, text, inputs) => inputs.literal(hint, text);

const SUPPORTED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers the runtime sets itself or that describe one transfer, not the API. */
const TRANSPORT_HEADERS = /^(host|content-length|connection|accept-encoding|user-agent|content-type|transfer-encoding|origin|referer|sec-.*|pragma|cache-control|postman-token)$/i;
/** Path segments that are values, not names: numbers, UUIDs, long hex ids. */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i;

function singular(word: string): string {
	return word.replace(/ies$/i, 'y').replace(/(?<!s)s$/i, '');
}

function templatePath(path: string, inputs: EndpointInputs, valueOf: ValueMapper): string {
	const segments = path.split('/');
	return segments
		.map((segment, index) => {
			if (segment.includes('{{')) return valueOf(segment, segment, inputs);
			let decoded = segment;
			try {
				decoded = decodeURIComponent(segment);
			} catch {
				// keep the segment as written
			}
			if (!ID_SEGMENT.test(decoded)) return segment;
			const previous = segments[index - 1];
			const hint = previous && !ID_SEGMENT.test(previous) ? `${singular(previous)}Id` : 'id';
			return inputs.literal(hint, decoded);
		})
		.join('/');
}

function jsonBody(value: unknown, inputs: EndpointInputs, valueOf: ValueMapper, keep: string[] = []): unknown {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return inputs.literal('body', value, 'the whole JSON body');
	return Object.fromEntries(
		Object.entries(value).map(([field, fieldValue]) => [
			field,
			keep.includes(field) && !String(fieldValue).includes('{{')
				? fieldValue
				: typeof fieldValue === 'string'
					? valueOf(field, fieldValue, inputs)
					: inputs.literal(field, fieldValue),
		]),
	);
}

function formBody(fields: Array<[string, string]>, inputs: EndpointInputs, valueOf: ValueMapper): Record<string, string | string[]> {
	const form: Record<string, string | string[]> = {};
	for (const [field, value] of fields) {
		const template = valueOf(field, value, inputs);
		const existing = form[field];
		// A repeated field (--data-urlencode tag=a --data-urlencode tag=b) stays repeated.
		form[field] = existing === undefined ? template : [...(Array.isArray(existing) ? existing : [existing]), template];
	}
	return form;
}

export function endpointFromLiteral(
	request: LiteralRequest,
	keys: KeyScope,
	auth: AuthCollector,
	report: ImportReport,
	valueOf: ValueMapper = literalsAsInputs,
): EndpointInput | undefined {
	const method = request.method.toUpperCase();
	if (!SUPPORTED_METHODS.has(method)) {
		report.dropped(request.where, `method ${method} is not supported (GET, POST, PUT, PATCH, DELETE)`);
		return undefined;
	}
	const inputs = new EndpointInputs();
	const path = templatePath(request.path || '/', inputs, valueOf);
	const query: NonNullable<EndpointInput['query']> = [];
	for (const [name, value] of request.query) {
		if (auth.query(name, request.where)) continue;
		query.push({ key: name, value: valueOf(name, value, inputs) });
	}
	const headers: NonNullable<EndpointInput['headers']> = [];
	for (const [name, value] of request.headers) {
		if (auth.header(name, value, request.where)) continue;
		if (TRANSPORT_HEADERS.test(name)) continue;
		if (/^accept$/i.test(name) && /^application\/json\b/i.test(value)) continue;
		headers.push({ key: name, value: value.includes('{{') ? valueOf(name, value, inputs) : value });
	}
	const name = request.name?.trim() || nameFromRoute(method, path.replace(/\{\{\s*inputs\.(\w+)\s*\}\}/g, '{$1}'));
	const endpoint: EndpointInput = {
		key: keys.take(camelKey(name, 'endpoint')),
		name,
		purpose: purposeOf(method, path),
		method: method as EndpointInput['method'],
		path,
		query,
		headers,
	};
	if (request.description) endpoint.description = request.description;
	const body = request.body;
	if (body) {
		if (method === 'GET' || method === 'DELETE') endpoint.sendBody = true;
		if (body.kind === 'json') endpoint.body = { type: 'json', value: jsonBody(body.value, inputs, valueOf, body.keep) };
		else if (body.kind === 'form') endpoint.body = { type: 'form', value: formBody(body.fields, inputs, valueOf) };
		else {
			endpoint.body = { type: 'raw', contentType: body.contentType, value: body.text.includes('{{') ? valueOf('body', body.text, inputs) : body.text };
			if (!body.text.includes('{{')) report.approximated(request.where, `the ${body.contentType} body was kept as literal text: add placeholders for its values by hand`);
		}
	}
	Object.assign(endpoint, inputs.fields());
	return endpoint;
}
