/**
 * Pagination detected from a spec: the vendor extensions that say it outright
 * (x-ms-pageable, x-speakeasy-pagination), else a Link response header, else recognised parameter
 * pairs (offset/limit, page/size, a cursor with a next-cursor field in the response, a next link
 * in the response). Returns the pagination and the query parameters it now controls.
 */
import type { EndpointInput } from '../literal-request';
import { flatten, typeOf } from './schema';
import type { SpecOperation, SpecParameter } from './operations';
import type { RefResolver } from './refs';
import { successResponse } from './responses';
import type { Json } from './load';

type Pagination = NonNullable<EndpointInput['pagination']>;

export interface DetectedPagination {
	pagination: Pagination;
	/** Query parameters the paginator sets: not inputs any more. */
	controls: string[];
	/** Where the records are, when the extension says so. */
	recordsPath?: string;
	how: string;
}

const OFFSET = /^(offset|skip|start|startIndex|start_index|from)$/i;
const LIMIT = /^(limit|count|per_page|perPage|page_size|pageSize|size|top|\$top|max_results|maxResults|max|pagelen|page\[size\])$/i;
const PAGE = /^(page|page_number|pageNumber|pageNo|page\[number\])$/i;
const CURSOR = /^(cursor|after|page_token|pageToken|next_token|nextToken|starting_after|continuation|continuationToken|marker|next_page_token|nextPageToken|page\[cursor\]|pageCursor)$/i;
const NEXT_CURSOR = /^(next_?cursor|next_?page_?token|next_?token|continuation_?token|cursor|next_?marker|after|end_?cursor)$/i;
const TOTAL = /^(total|total_?count|total_?results|total_?items|count|total_?records)$/i;
const NEXT_LINK = /^(next|next_?link|next_?url|next_?page_?url|@odata\.nextLink|odata\.nextLink|nextPage)$/i;

/** "$.data.items" / "$['data']" -> "data.items". */
function jsonPath(path: unknown): string | undefined {
	if (typeof path !== 'string') return undefined;
	const cleaned = path.replace(/^\$\.?/, '').replace(/\[['"]([^'"]+)['"]\]/g, '.$1').replace(/^\./, '');
	return cleaned || undefined;
}

/** A string field matching `name`, searched two levels deep in the success response. */
function findField(schema: unknown, resolver: RefResolver, name: RegExp, depth = 2): string | undefined {
	const flat = flatten(schema, resolver);
	if (!flat || depth === 0) return undefined;
	for (const [property, node] of flat.properties) {
		const type = typeOf(resolver.resolve(node));
		if (name.test(property) && (type === 'string' || type === undefined)) return property;
	}
	for (const [property, node] of flat.properties) {
		if (flatten(node, resolver)?.type !== 'object') continue;
		const inner = findField(node, resolver, name, depth - 1);
		if (inner) return `${property}.${inner}`;
	}
	return undefined;
}

function limitOf(parameter: SpecParameter | undefined, resolver: RefResolver): number {
	const schema = flatten(parameter?.schema, resolver)?.schema;
	const maximum = typeof schema?.maximum === 'number' ? schema.maximum : undefined;
	const fallback = typeof schema?.default === 'number' ? schema.default : 100;
	return Math.max(1, Math.floor(Math.min(maximum ?? Math.max(fallback, 100), 1000)));
}

function fromMsPageable(extension: Json | null): DetectedPagination | undefined {
	if (!extension || typeof extension !== 'object') return undefined;
	const next = extension.nextLinkName;
	if (typeof next !== 'string' || !next) return undefined;
	return { pagination: { type: 'nextUrl', nextUrlPath: next }, controls: [], recordsPath: typeof extension.itemName === 'string' ? extension.itemName : 'value', how: 'x-ms-pageable' };
}

function fromSpeakeasy(extension: Json, query: SpecParameter[], resolver: RefResolver): DetectedPagination | undefined {
	const inputs = (Array.isArray(extension.inputs) ? extension.inputs : []) as Json[];
	const outputs = (extension.outputs ?? {}) as Json;
	const named = (type: string) => inputs.find((input) => input.type === type && (input.in ?? 'parameters') === 'parameters')?.name as string | undefined;
	const recordsPath = jsonPath(outputs.results);
	const how = 'x-speakeasy-pagination';
	if (extension.type === 'offsetLimit') {
		const offset = named('offset');
		const limit = named('limit');
		const page = named('page');
		const limitParam = query.find((parameter) => parameter.name === limit);
		if (offset) return { pagination: { type: 'offset', offsetParam: offset, limitParam: limit ?? 'limit', limit: limitOf(limitParam, resolver) }, controls: [offset, ...(limit ? [limit] : [])], recordsPath, how };
		if (page) return { pagination: { type: 'page', pageParam: page, ...(limit ? { sizeParam: limit, size: limitOf(limitParam, resolver) } : {}) }, controls: [page, ...(limit ? [limit] : [])], recordsPath, how };
	}
	if (extension.type === 'cursor') {
		const cursor = named('cursor');
		const cursorPath = jsonPath(outputs.nextCursor);
		if (cursor && cursorPath) return { pagination: { type: 'cursor', cursorParam: cursor, cursorPath }, controls: [cursor], recordsPath, how };
	}
	if (extension.type === 'url') {
		const nextUrlPath = jsonPath(outputs.nextUrl);
		if (nextUrlPath) return { pagination: { type: 'nextUrl', nextUrlPath }, controls: [], recordsPath, how };
	}
	return undefined;
}

function fromParameters(operation: SpecOperation, query: SpecParameter[], resolver: RefResolver): DetectedPagination | undefined {
	const find = (pattern: RegExp) => query.find((parameter) => pattern.test(parameter.name));
	const success = successResponse(operation);
	// The Link header's next URL carries every parameter: page and size inputs stay for the first page.
	if (success?.headers.some((header) => /^link$/i.test(header))) return { pagination: { type: 'linkHeader' }, controls: [], how: 'a Link response header' };
	const offset = find(OFFSET);
	const limit = find(LIMIT);
	if (offset) {
		return {
			pagination: { type: 'offset', offsetParam: offset.name, limitParam: limit?.name ?? 'limit', limit: limitOf(limit, resolver) },
			controls: [offset.name, ...(limit ? [limit.name] : [])],
			how: `parameters ${offset.name}${limit ? ` and ${limit.name}` : ''}`,
		};
	}
	const page = find(PAGE);
	if (page) {
		return {
			pagination: { type: 'page', pageParam: page.name, ...(limit ? { sizeParam: limit.name, size: limitOf(limit, resolver) } : {}) },
			controls: [page.name, ...(limit ? [limit.name] : [])],
			how: `parameters ${page.name}${limit ? ` and ${limit.name}` : ''}`,
		};
	}
	const cursor = find(CURSOR);
	const cursorPath = cursor && success?.schema ? findField(success.schema, resolver, NEXT_CURSOR) : undefined;
	if (cursor && cursorPath) return { pagination: { type: 'cursor', cursorParam: cursor.name, cursorPath }, controls: [cursor.name], how: `parameter ${cursor.name} and response field ${cursorPath}` };
	const nextLink = success?.schema ? findField(success.schema, resolver, NEXT_LINK) : undefined;
	if (nextLink) return { pagination: { type: 'nextUrl', nextUrlPath: nextLink }, controls: cursor ? [cursor.name] : [], how: `response field ${nextLink}` };
	return undefined;
}

/** A number field saying how many records exist in all ("total", "total_count"), top level of the response. */
function totalPathOf(operation: SpecOperation, resolver: RefResolver): string | undefined {
	const flat = flatten(successResponse(operation)?.schema, resolver);
	if (!flat) return undefined;
	for (const [property, node] of flat.properties) {
		const type = typeOf(resolver.resolve(node));
		if (TOTAL.test(property) && (type === 'integer' || type === 'number')) return property;
	}
	return undefined;
}

/** Adds the total, which stops offset and page paging without an extra empty request. */
function withTotal(found: DetectedPagination | undefined, operation: SpecOperation, resolver: RefResolver): DetectedPagination | undefined {
	if (!found || (found.pagination.type !== 'offset' && found.pagination.type !== 'page') || found.pagination.totalPath) return found;
	const totalPath = totalPathOf(operation, resolver);
	return totalPath ? { ...found, pagination: { ...found.pagination, totalPath } } : found;
}

export function detectPagination(operation: SpecOperation, resolver: RefResolver): DetectedPagination | undefined {
	return withTotal(detectFrom(operation, resolver), operation, resolver);
}

function detectFrom(operation: SpecOperation, resolver: RefResolver): DetectedPagination | undefined {
	const query = operation.parameters.filter((parameter) => parameter.in === 'query');
	const raw = operation.raw;
	if (raw['x-ms-pageable'] !== undefined) return fromMsPageable(raw['x-ms-pageable'] as Json | null);
	if (raw['x-speakeasy-pagination'] && typeof raw['x-speakeasy-pagination'] === 'object') {
		const found = fromSpeakeasy(raw['x-speakeasy-pagination'] as Json, query, resolver);
		if (found) return found;
	}
	return fromParameters(operation, query, resolver);
}
