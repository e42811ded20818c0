/**
 * Turns a successful (2xx) response into output records, in this order:
 *
 *   1. no body (204, 205, or only whitespace)  -> one { success: true, status } record, whatever the
 *      format: an item is never dropped just because the API had nothing to say
 *   2. format "text"                           -> one { data: "<text>" } record
 *   3. format "json"                           -> parse by content; not JSON is a ResponseFormatError
 *   4. recordsPath                             -> select the records inside the body
 *   5. shape                                   -> array: one record per element (split) or one
 *                                                 { data: [...] }; object: itself; scalar: { value }
 *
 * An empty array with split on gives zero records: the caller (the n8n node) decides whether that
 * means "no output items" or something else; `readResponse` never invents an item for it.
 * Non-2xx responses are not read here: turn them into errors with `httpErrorFor` first.
 */
import type { EndpointDefinition } from '../definition/types';
import { isSuccess, ResponseFormatError, stripBom, type ResponseContext } from './errors';
import { headerValue, type HttpResponse, type RequestSummary, type ResponseRecord } from './types';

/** Statuses that carry no body by definition, whatever the server sends along. */
const BODYLESS_STATUSES = new Set([204, 205]);

export function readResponse(
	endpoint: Pick<EndpointDefinition, 'response' | 'key'>,
	response: HttpResponse,
	request: RequestSummary,
	connectorName?: string,
): ResponseRecord[] {
	const { status } = response;
	if (!isSuccess(status)) {
		throw new Error(`readResponse reads 2xx responses only, got ${status}; use httpErrorFor for errors`);
	}
	const text = stripBom(response.body);
	if (BODYLESS_STATUSES.has(status) || text.trim() === '') return [{ success: true, status }];
	if (endpoint.response.format !== 'json') return [{ data: text }];

	const context: ResponseContext = { endpointKey: endpoint.key, connectorName, request, status };
	const body = parseJson(text, context, headerValue(response.headers, 'content-type'));
	const records = selectRecords(body, endpoint.response.recordsPath, context);
	return toRecords(records, endpoint.response.split);
}

/**
 * The body decides, not Content-Type: many APIs send JSON as text/plain or text/html, and a proxy
 * error page may arrive labelled application/json. Valid JSON is always read as JSON.
 */
function parseJson(text: string, context: ResponseContext, contentType: string | undefined): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw ResponseFormatError.notJson(context, text, contentType);
	}
}

/**
 * Follows a dot path such as "data.items" or "data.0.items". A numeric segment indexes an array
 * (and is an ordinary key on an object). Only own properties count, so "constructor" or
 * "__proto__" never resolve to something the API did not send.
 */
function selectRecords(body: unknown, recordsPath: string | undefined, context: ResponseContext): unknown {
	const path = recordsPath?.trim();
	if (!path) return body;
	const segments = path.split('.');
	let current = body;
	for (const [index, segment] of segments.entries()) {
		const parent = index === 0 ? 'the body' : `"${segments.slice(0, index).join('.')}"`;
		const next = child(current, segment, parent);
		if (!next.found) {
			throw ResponseFormatError.missingRecordsPath(context, path, next.reason, describeTopLevel(body));
		}
		current = next.value;
	}
	return current;
}

type Step = { found: true; value: unknown } | { found: false; reason: string };

function child(value: unknown, segment: string, parent: string): Step {
	if (Array.isArray(value)) {
		if (!/^\d+$/.test(segment)) {
			return { found: false, reason: `"${segment}" is not an index into ${parent}, which is ${describe(value)}` };
		}
		const position = Number(segment);
		return position < value.length
			? { found: true, value: value[position] }
			: { found: false, reason: `${parent} is ${describe(value)}, so index ${segment} is out of range` };
	}
	if (isObject(value)) {
		return Object.hasOwn(value, segment)
			? { found: true, value: value[segment] }
			: { found: false, reason: `${parent} has no "${segment}"` };
	}
	return { found: false, reason: `${parent} is ${describe(value)}, not an object` };
}

/** Lists what the body does have, so the builder can fix the path without opening the raw response. */
function describeTopLevel(body: unknown): string {
	if (!isObject(body)) return `the body is ${describe(body)}`;
	const keys = Object.keys(body);
	if (keys.length === 0) return 'the body is an empty object';
	const shown = keys.slice(0, 20).join(', ');
	return `the body's top-level keys are: ${keys.length > 20 ? `${shown}, … (${keys.length - 20} more)` : shown}`;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length} element${value.length === 1 ? '' : 's'}`;
	if (value === null) return 'null';
	if (isObject(value)) return 'an object';
	return `a ${typeof value}`;
}

/**
 * Records are objects because n8n items are objects: anything else is wrapped, as { value } for a
 * single value and { data } for a list kept whole. With split off, an empty list still gives its
 * one { data: [] } record, because the builder asked for exactly one item.
 */
function toRecords(value: unknown, split: boolean): ResponseRecord[] {
	if (Array.isArray(value)) {
		if (!split) return [{ data: value }];
		return value.map((element) => (isObject(element) ? element : { value: element }));
	}
	return [isObject(value) ? value : { value }];
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
