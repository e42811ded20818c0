/**
 * One Postman request as a literal request: its URL split into origin and path (collection
 * variables resolved in the host only, :params marked), enabled query parameters and headers, and
 * the body (raw JSON, urlencoded, GraphQL; form-data approximated; files dropped).
 */
import type { LiteralBody, LiteralRequest } from '../literal-request';
import type { ImportReport } from '../report';
import { text, type Json, type PostmanRequest } from './collection';
import type { PostmanVariables } from './variables';

export interface PostmanUrl {
	origin?: string;
	path: string;
	query: Array<[string, string]>;
	/** Sample values of the :path variables. */
	pathSamples: Map<string, string>;
}

type Pair = { key?: unknown; value?: unknown; disabled?: unknown; type?: unknown; src?: unknown };

function enabled(list: unknown): Pair[] {
	return (Array.isArray(list) ? (list as Pair[]) : []).filter((pair) => pair && pair.disabled !== true && typeof pair.key === 'string');
}

export function urlOf(request: Json, variables: PostmanVariables, report: ImportReport, where: string): PostmanUrl {
	const url = request.url;
	const object = url && typeof url === 'object' ? (url as Json) : undefined;
	let raw = typeof url === 'string' ? url : typeof object?.raw === 'string' ? object.raw : '';
	if (!raw && object) {
		const host = Array.isArray(object.host) ? object.host.join('.') : String(object.host ?? '');
		const path = Array.isArray(object.path) ? object.path.join('/') : String(object.path ?? '');
		raw = `${object.protocol ? `${String(object.protocol)}://` : ''}${host}/${path}`;
	}
	const [beforeHash] = raw.split('#');
	const questionMark = beforeHash.indexOf('?');
	const location = questionMark < 0 ? beforeHash : beforeHash.slice(0, questionMark);
	let query: Array<[string, string]>;
	if (object && Array.isArray(object.query)) query = enabled(object.query).map((pair) => [String(pair.key), String(pair.value ?? '')]);
	else query = questionMark < 0 ? [] : [...new URLSearchParams(beforeHash.slice(questionMark + 1))];
	const pathSamples = new Map(enabled(object?.variable).map((pair) => [String(pair.key), String(pair.value ?? '')]));

	// Only the leading part may name the host: resolve variables there ({{baseUrl}}/orders).
	const resolved = location.replace(/^\s*(\{\{[^{}]+\}\})/, (lead) => variables.resolve(lead));
	const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/]*)(\/.*)?$/i.exec(resolved.trim());
	const host = match?.[2] ?? '';
	let path = match?.[3] ?? '/';
	path = path.replace(/(^|\/):([A-Za-z_][\w-]*)/g, '$1{{$2}}');
	if (!host || host.includes('{{')) {
		report.approximated(where, `the host ${host || '(none)'} is not known (an environment variable?): set the connector's base URL`);
		return { path, query, pathSamples };
	}
	const scheme = match?.[1]?.toLowerCase() ?? 'https';
	if (!match?.[1]) report.note(where, `the URL has no scheme: https assumed`);
	return { origin: `${scheme}://${host}`, path, query, pathSamples };
}

function rawBody(body: Json, headers: Array<[string, string]>, report: ImportReport, where: string): LiteralBody | undefined {
	const content = String(body.raw ?? '');
	if (!content.trim()) return undefined;
	const language = String(((body.options as Json | undefined)?.raw as Json | undefined)?.language ?? '');
	const contentType = headers.find(([name]) => /^content-type$/i.test(name))?.[1];
	if (language === 'json' || /json/i.test(contentType ?? '') || (!contentType && !language && /^\s*[[{]/.test(content))) {
		const parsed = parseJsonWithVariables(content);
		if (parsed !== undefined) return { kind: 'json', value: parsed.value };
		report.approximated(where, 'the JSON body could not be parsed: kept as raw text');
	}
	const type = contentType ?? (language === 'xml' ? 'application/xml' : language === 'html' ? 'text/html' : language === 'json' ? 'application/json' : 'text/plain');
	return { kind: 'raw', contentType: type, text: content };
}

/** JSON with unquoted {{variables}} (`"id": {{id}}`) parsed by quoting those variables first. */
export function parseJsonWithVariables(content: string): { value: unknown } | undefined {
	let quoted = '';
	let inString = false;
	for (let i = 0; i < content.length; i++) {
		const char = content[i];
		if (inString) {
			quoted += char;
			if (char === '\\') quoted += content[++i] ?? '';
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
			quoted += char;
		} else if (char === '{' && content[i + 1] === '{') {
			const end = content.indexOf('}}', i);
			if (end < 0) return undefined;
			quoted += JSON.stringify(content.slice(i, end + 2));
			i = end + 1;
		} else quoted += char;
	}
	try {
		return { value: JSON.parse(quoted) };
	} catch {
		return undefined;
	}
}

function bodyOf(request: Json, headers: Array<[string, string]>, report: ImportReport, where: string): LiteralBody | undefined {
	const body = request.body as Json | undefined;
	if (!body || body.disabled === true) return undefined;
	switch (body.mode) {
		case 'raw':
			return rawBody(body, headers, report, where);
		case 'urlencoded':
			return { kind: 'form', fields: enabled(body.urlencoded).map((pair) => [String(pair.key), String(pair.value ?? '')]) };
		case 'formdata': {
			const fields = enabled(body.formdata);
			for (const file of fields.filter((pair) => pair.type === 'file')) report.dropped(where, `file field "${String(file.key)}" dropped: file uploads are not supported by the connector format`);
			report.approximated(where, 'the multipart form-data body was imported as a URL-encoded form');
			return { kind: 'form', fields: fields.filter((pair) => pair.type !== 'file').map((pair) => [String(pair.key), String(pair.value ?? '')]) };
		}
		case 'graphql': {
			const graphql = (body.graphql ?? {}) as Json;
			const variables = typeof graphql.variables === 'string' && graphql.variables.trim() ? parseJsonWithVariables(graphql.variables)?.value : graphql.variables;
			// The query is the operation itself: kept as written; its variables become inputs.
			return { kind: 'json', value: { query: String(graphql.query ?? ''), ...(variables && typeof variables === 'object' ? { variables } : {}) }, keep: ['query'] };
		}
		case 'file':
			report.dropped(where, 'the file body was dropped: file uploads are not supported by the connector format');
			return undefined;
		default:
			return undefined;
	}
}

export function literalOf(item: PostmanRequest, url: PostmanUrl, report: ImportReport, where: string): LiteralRequest {
	const request = item.request;
	const headers: Array<[string, string]> = enabled(request.header).map((pair) => [String(pair.key), String(pair.value ?? '')]);
	return {
		where,
		method: String(request.method ?? 'GET'),
		path: url.path,
		query: url.query,
		headers,
		body: bodyOf(request, headers, report, where),
		name: item.name,
		description: [text(request.description), item.folders.length ? `(folder ${item.folders.join(' / ')})` : ''].filter(Boolean).join(' ') || undefined,
	};
}
