/**
 * The operations of a spec in one shape for both Swagger 2.0 and OpenAPI 3.x: path-level
 * parameters merged into each operation, 2.0's body/formData parameters turned into a request body
 * like 3.x's, responses with their JSON schema and headers.
 */
import type { Json, LoadedSpec } from './load';
import type { RefResolver } from './refs';

export interface SpecParameter {
	name: string;
	in: string;
	required: boolean;
	description?: unknown;
	/** The schema (3.x) or the parameter itself (2.0 keeps type/format/enum on it). */
	schema: unknown;
	raw: Json;
}

export interface SpecBody {
	contentType: string;
	schema: unknown;
	required: boolean;
	example?: unknown;
	/** Other content types the operation also accepts (for the report). */
	alternatives: string[];
}

export interface SpecResponse {
	status: string;
	description?: string;
	contentTypes: string[];
	schema?: unknown;
	headers: string[];
}

export interface SpecOperation {
	method: string;
	path: string;
	id?: string;
	summary?: string;
	description?: string;
	tags: string[];
	deprecated: boolean;
	parameters: SpecParameter[];
	body?: SpecBody;
	responses: SpecResponse[];
	/** The operation's own security requirements, or undefined to inherit the spec's. */
	security?: Json[];
	servers?: Json[];
	raw: Json;
}

export const HTTP_VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const JSON_TYPE = /^application\/(.+\+)?json\b|^\*\/\*$/i;
const BODY_PREFERENCE = [JSON_TYPE, /x-www-form-urlencoded/i, /multipart\/form-data/i, /xml/i, /^text\//i];

/** The content type an importer can use best: JSON, then form, multipart, XML, text, anything. */
export function preferredContentType(types: string[]): string | undefined {
	for (const pattern of BODY_PREFERENCE) {
		const match = types.find((type) => pattern.test(type));
		if (match) return match;
	}
	return types[0];
}

function parameters(list: unknown, resolver: RefResolver): SpecParameter[] {
	if (!Array.isArray(list)) return [];
	const result: SpecParameter[] = [];
	for (const entry of list) {
		const raw = resolver.resolve(entry);
		if (!raw || typeof raw.name !== 'string' || typeof raw.in !== 'string') continue;
		let schema: unknown = raw.schema ?? raw;
		if (!raw.schema && raw.content && typeof raw.content === 'object') {
			schema = (Object.values(raw.content as Json)[0] as Json | undefined)?.schema;
		}
		result.push({ name: raw.name, in: raw.in, required: raw.required === true || raw.in === 'path', description: raw.description, schema, raw });
	}
	return result;
}

function merged(pathLevel: SpecParameter[], operationLevel: SpecParameter[]): SpecParameter[] {
	const key = (parameter: SpecParameter) => `${parameter.in}:${parameter.name}`;
	const own = new Set(operationLevel.map(key));
	return [...pathLevel.filter((parameter) => !own.has(key(parameter))), ...operationLevel];
}

/** 2.0: one "body" parameter, or formData parameters gathered into an object schema. */
function swaggerBody(operation: Json, all: SpecParameter[], spec: Json): SpecBody | undefined {
	const consumes = (operation.consumes ?? spec.consumes ?? []) as string[];
	const body = all.find((parameter) => parameter.in === 'body');
	if (body) {
		const contentType = preferredContentType(consumes.length ? consumes : ['application/json']) ?? 'application/json';
		return { contentType, schema: body.raw.schema, required: body.required, alternatives: consumes.filter((type) => type !== contentType) };
	}
	const form = all.filter((parameter) => parameter.in === 'formData');
	if (!form.length) return undefined;
	const multipart = consumes.some((type) => /multipart/i.test(type)) && !consumes.some((type) => /urlencoded/i.test(type));
	return {
		contentType: multipart ? 'multipart/form-data' : 'application/x-www-form-urlencoded',
		schema: {
			type: 'object',
			properties: Object.fromEntries(form.map((parameter) => [parameter.name, parameter.raw])),
			required: form.filter((parameter) => parameter.required).map((parameter) => parameter.name),
		},
		required: form.some((parameter) => parameter.required),
		alternatives: [],
	};
}

function openApiBody(operation: Json, resolver: RefResolver): SpecBody | undefined {
	const body = resolver.resolve(operation.requestBody);
	const content = body?.content as Json | undefined;
	if (!body || !content) return undefined;
	const types = Object.keys(content);
	const contentType = preferredContentType(types);
	if (!contentType) return undefined;
	const media = (content[contentType] ?? {}) as Json;
	return {
		contentType,
		schema: media.schema,
		required: body.required === true,
		example: media.example,
		alternatives: types.filter((type) => type !== contentType),
	};
}

function responses(operation: Json, spec: LoadedSpec, resolver: RefResolver): SpecResponse[] {
	const produces = (operation.produces ?? spec.document.produces ?? ['application/json']) as string[];
	return Object.entries((operation.responses ?? {}) as Json).map(([status, node]) => {
		const response = resolver.resolve(node) ?? {};
		const headers = Object.keys((response.headers ?? {}) as Json);
		if (spec.version === '2.0') {
			return { status, description: response.description as string | undefined, contentTypes: produces, schema: response.schema, headers };
		}
		const content = (response.content ?? {}) as Json;
		const types = Object.keys(content);
		const json = types.find((type) => JSON_TYPE.test(type));
		return {
			status,
			description: response.description as string | undefined,
			contentTypes: types,
			schema: json ? (content[json] as Json | undefined)?.schema : undefined,
			headers,
		};
	});
}

export function operationsOf(spec: LoadedSpec, resolver: RefResolver): SpecOperation[] {
	const operations: SpecOperation[] = [];
	for (const [path, node] of Object.entries(spec.document.paths as Json)) {
		const item = resolver.resolve(node);
		if (!item) continue;
		const shared = parameters(item.parameters, resolver);
		for (const method of HTTP_VERBS) {
			const operation = item[method] as Json | undefined;
			if (!operation || typeof operation !== 'object') continue;
			const all = merged(shared, parameters(operation.parameters, resolver));
			operations.push({
				method: method.toUpperCase(),
				path,
				id: typeof operation.operationId === 'string' ? operation.operationId : undefined,
				summary: typeof operation.summary === 'string' ? operation.summary : undefined,
				description: typeof operation.description === 'string' ? operation.description : undefined,
				tags: Array.isArray(operation.tags) ? operation.tags.map(String) : [],
				deprecated: operation.deprecated === true,
				parameters: all.filter((parameter) => parameter.in !== 'body' && parameter.in !== 'formData'),
				body: spec.version === '2.0' ? swaggerBody(operation, all, spec.document) : openApiBody(operation, resolver),
				responses: responses(operation, spec, resolver),
				security: Array.isArray(operation.security) ? (operation.security as Json[]) : undefined,
				servers: Array.isArray(operation.servers) ? (operation.servers as Json[]) : Array.isArray(item.servers) ? (item.servers as Json[]) : undefined,
				raw: operation,
			});
		}
	}
	return operations;
}
