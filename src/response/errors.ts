/**
 * The response core's error vocabulary. Two kinds, because they call for different fixes:
 *
 *   ConnectorHttpError    the API answered with a non-2xx status: the request or the API is at fault
 *   ResponseFormatError   the API answered 2xx, but not in the shape the endpoint says it reads
 *
 * Messages are one sentence a builder can act on, ending with "(<status> <reason>: <METHOD> <url>)"
 * so that every message says what was sent and what came back. They never include a JSON dump: at
 * most one text field taken from the API's error body. The longer explanation lives in
 * `description`, which the n8n node shows under the message.
 */
import type { EndpointDefinition } from '../definition/types';
import { headerValue, type HttpResponse, type RequestSummary } from './types';

/** Reason phrases, the same table as Node's `http.STATUS_CODES` (the test checks that). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
	100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
	200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
	205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
	300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
	305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
	400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
	405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
	409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
	414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
	418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
	424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
	429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
	500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
	504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
	507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
	511: 'Network Authentication Required',
};

export function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

/** Longest API error text quoted in a message, and longest body kept on an error. */
const QUOTE_LIMIT = 200;
const BODY_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------
// ResponseFormatError
// ---------------------------------------------------------------------------------------------

export type ResponseFormatProblem = 'notJson' | 'missingRecordsPath';

/** Where a format problem happened; shared by both factories below. */
export interface ResponseContext {
	endpointKey: string;
	connectorName?: string;
	request: RequestSummary;
	status: number;
}

export class ResponseFormatError extends Error {
	readonly problem: ResponseFormatProblem;
	readonly endpointKey: string;
	readonly connectorName?: string;
	readonly method: string;
	readonly url: string;
	readonly status: number;
	readonly description: string;

	constructor(problem: ResponseFormatProblem, message: string, description: string, context: ResponseContext) {
		super(message);
		this.name = 'ResponseFormatError';
		this.problem = problem;
		this.endpointKey = context.endpointKey;
		this.connectorName = context.connectorName;
		this.method = context.request.method;
		this.url = context.request.url;
		this.status = context.status;
		this.description = description;
	}

	/** A json endpoint got a body that does not parse. Quotes the start so the builder sees what came back. */
	static notJson(context: ResponseContext, body: string, contentType: string | undefined): ResponseFormatError {
		const { method, url } = context.request;
		const type = contentType ? `content-type ${contentType}` : 'no content-type';
		const message =
			`The API answered ${method} ${url} with a body that is not JSON (${type}): ` +
			`"${oneLine(body, QUOTE_LIMIT)}" ${endpointLabel(context)}`;
		const htmlHint = /^\s*</.test(body)
			? 'An HTML page usually means the base URL points at a website, a login page or a proxy instead of the API. '
			: '';
		const description =
			`${htmlHint}The endpoint reads its response as JSON. If this API really answers with text, ` +
			`set the endpoint's response format to "text".`;
		return new ResponseFormatError('notJson', message, description, context);
	}

	/** `recordsPath` does not lead anywhere in this body; `reason` says which segment failed. */
	static missingRecordsPath(context: ResponseContext, recordsPath: string, reason: string, topLevel: string): ResponseFormatError {
		const { method, url } = context.request;
		const message =
			`The response to ${method} ${url} has nothing at records path "${recordsPath}": ${reason}; ` +
			`${topLevel} ${endpointLabel(context)}`;
		const description =
			`The endpoint's response.recordsPath says where the records are inside the JSON body. ` +
			`Compare it with a real response (the endpoint's sample response may be out of date), ` +
			`or leave it empty to use the whole body.`;
		return new ResponseFormatError('missingRecordsPath', message, description, context);
	}
}

function endpointLabel({ endpointKey, connectorName }: ResponseContext): string {
	return connectorName ? `(endpoint "${endpointKey}" of ${connectorName})` : `(endpoint "${endpointKey}")`;
}

// ---------------------------------------------------------------------------------------------
// ConnectorHttpError
// ---------------------------------------------------------------------------------------------

export interface ConnectorHttpErrorInit {
	message: string;
	description: string;
	status: number;
	statusText: string;
	method: string;
	url: string;
	endpointKey: string;
	endpointMessage?: string;
	apiMessage?: string;
	retryAfter?: number;
	responseBody?: string;
}

export class ConnectorHttpError extends Error {
	readonly status: number;
	/** The standard reason phrase, '' for a status without one. */
	readonly statusText: string;
	readonly method: string;
	/** Already redacted by whoever built the RequestSummary. */
	readonly url: string;
	readonly endpointKey: string;
	/** The definition's own text for this status (`errors["404"]`), when it has one. */
	readonly endpointMessage?: string;
	/** The one text field taken from the API's error body, when there was one. */
	readonly apiMessage?: string;
	/** The longer hint: what the status usually means and what to check. */
	readonly description: string;
	/** Seconds to wait, from Retry-After (delta-seconds or HTTP-date). */
	readonly retryAfter?: number;
	/** The start of the raw body (at most 1000 characters), for debugging; never part of the message. */
	readonly responseBody?: string;

	constructor(init: ConnectorHttpErrorInit) {
		super(init.message);
		this.name = 'ConnectorHttpError';
		this.status = init.status;
		this.statusText = init.statusText;
		this.method = init.method;
		this.url = init.url;
		this.endpointKey = init.endpointKey;
		this.endpointMessage = init.endpointMessage;
		this.apiMessage = init.apiMessage;
		this.description = init.description;
		this.retryAfter = init.retryAfter;
		this.responseBody = init.responseBody;
	}
}

export interface HttpErrorOptions {
	/** The clock an HTTP-date Retry-After is measured against; tests pass a fixed one. */
	now?: Date;
}

/**
 * The error for a non-2xx response. It is returned, not thrown, so the caller decides: retry
 * (execute, using `retryAfter`), or throw it wrapped in n8n's NodeApiError (the node).
 */
export function httpErrorFor(
	endpoint: Pick<EndpointDefinition, 'errors' | 'key' | 'name'>,
	response: HttpResponse,
	request: RequestSummary,
	options: HttpErrorOptions = {},
): ConnectorHttpError {
	const { status } = response;
	// The standard phrase wins: HTTP/2 has no reason phrase and some servers send a wrong one.
	const statusText = STATUS_TEXT[status] ?? response.statusText?.trim() ?? '';
	const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'), options.now);
	const hint = statusHint(status, retryAfter);
	const endpointMessage = endpoint.errors[String(status)]?.trim().replace(/[.\s]+$/, '') || undefined;
	const apiMessage = apiErrorText(response.body);

	const lead = endpointMessage ?? hint.message;
	const said = apiMessage ? `. The API said: "${apiMessage}"` : '';
	const outcome = statusText ? `${status} ${statusText}` : String(status);
	const waited = retryAfter === undefined ? '' : ` The API asked to wait ${seconds(retryAfter)} (Retry-After).`;
	const trimmedBody = response.body.trim();

	return new ConnectorHttpError({
		message: `${lead}${said} (${outcome}: ${request.method} ${request.url})`,
		description: `${endpoint.name} (${endpoint.key}) got ${outcome}. ${hint.description}${waited}`,
		status,
		statusText,
		method: request.method,
		url: request.url,
		endpointKey: endpoint.key,
		endpointMessage,
		apiMessage,
		retryAfter,
		responseBody: trimmedBody ? truncate(trimmedBody, BODY_LIMIT) : undefined,
	});
}

/**
 * Retry-After in seconds. RFC 9110 allows delta-seconds ("120") or an HTTP-date; a date in the
 * past means "now" (0). Anything else is ignored rather than guessed at.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
	const text = value?.trim();
	if (!text) return undefined;
	if (/^\d+$/.test(text)) return Number(text);
	// Date.parse accepts bare numbers such as "1.5" as dates; an HTTP-date always names a day or month.
	if (!/[a-z]/i.test(text)) return undefined;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

interface StatusHint {
	message: string;
	description: string;
}

type HintEntry = StatusHint & { withRetryAfter?: (waitSeconds: number) => string };

/**
 * What each status usually means. Every message is distinct (a test checks it) so that a builder
 * who sees one knows which situation they are in without reading the number.
 */
const STATUS_HINTS: Readonly<Record<number, HintEntry>> = {
	400: {
		message: 'The API rejected the request as invalid: check the input values',
		description:
			'The API could not accept the request as sent: usually an input has the wrong type or format, a ' +
			'required value is missing, or the body does not match what the API expects. Compare the inputs ' +
			"with the endpoint's sample data.",
	},
	401: {
		message: 'Authentication failed: check the credential; the token may have expired or the key was revoked',
		description:
			'The API did not accept the credential. Open the credential this node uses and check it: a token may ' +
			'have expired, an API key may have been revoked or rotated, or the credential may belong to another ' +
			'environment (a sandbox key against production, for example).',
	},
	402: {
		message: 'Payment required: the account behind the credential has a billing problem or has used up its plan',
		description: "The API refuses the request for account reasons, not because of the request. Check the account's plan and billing.",
	},
	403: {
		message: 'The credential is valid but not allowed to do this: check its permissions or scopes',
		description:
			'The API recognized the credential but refused this operation. Grant the missing permission or scope to ' +
			'the account or app behind the credential, or use a credential that has it.',
	},
	404: {
		message: 'Not found: the record does not exist, or the endpoint URL is wrong',
		description:
			"Either the record asked for does not exist (check the identifier in the inputs) or the URL is wrong " +
			"(check the connector's base URL and the endpoint's path). If missing records are expected, let the " +
			"node continue on error.",
	},
	405: {
		message: 'The API does not allow this HTTP method here: check the endpoint\'s method and path',
		description: "The URL exists but does not accept this method. Compare the endpoint's method and path with the API documentation.",
	},
	408: {
		message: 'The API timed out waiting for the request to arrive: retry, or send less data',
		description: 'The API closed the connection because the request took too long to arrive. Retry; if it keeps happening, send less data per request.',
	},
	409: {
		message: 'Conflict: the request clashes with the current state of the record, for example a duplicate or a concurrent change',
		description:
			'The request conflicts with the record as it is now: it would create a duplicate, or someone changed ' +
			'the record first. Fetch the current record and retry with up-to-date values.',
	},
	410: {
		message: 'Gone: the record or endpoint was removed permanently; retrying will not help',
		description: 'The record or endpoint existed but was removed for good. Update the workflow or the connector definition.',
	},
	413: {
		message: 'The request body is too large for the API: send fewer or smaller values',
		description: 'The API limits the size of a request. Send fewer records per request, or smaller values.',
	},
	415: {
		message: "The API does not accept the body's format: check the endpoint's body type and Content-Type header",
		description: 'The API expects the body in another format. Check the endpoint\'s body type (json, form or raw) and its Content-Type header against the API documentation.',
	},
	422: {
		message: 'Validation failed: the API understood the request but rejected some of its values',
		description:
			"The request was well-formed but a value failed the API's rules (a date in the past, an unknown " +
			"status, a duplicate email...). The API's message usually names the field: fix that input.",
	},
	429: {
		message: 'Rate limited: too many requests; wait before retrying, or send requests more slowly',
		withRetryAfter: (wait) => `Rate limited: too many requests; wait ${seconds(wait)} before retrying`,
		description:
			'The API limits how many requests may be sent in a period. Wait before retrying, lower the batch ' +
			'size, or add a pause between items.',
	},
	500: {
		message: 'The API failed internally: the problem is on its side; retry later or contact its owner',
		description:
			"The API hit an error while handling the request. Retry later and contact the API's owner if it " +
			'persists. If only some inputs trigger it, an unusual input value may be the cause.',
	},
	501: {
		message: 'The API does not implement this operation: check the endpoint\'s method and path',
		description: "The API does not support this method or feature. Compare the endpoint with the API documentation.",
	},
	502: {
		message: 'Bad gateway: a proxy in front of the API got no valid answer from it; retry later',
		description: 'A gateway or proxy received an invalid answer from the API, usually because the API is restarting or crashed. Retry later.',
	},
	503: {
		message: 'Service unavailable: the API is temporarily down or overloaded; retry later',
		withRetryAfter: (wait) => `Service unavailable: the API is temporarily down or overloaded; retry in ${seconds(wait)}`,
		description: 'The API cannot handle requests right now, because of maintenance or load. Retry later.',
	},
	504: {
		message: 'Gateway timeout: a proxy in front of the API gave up waiting for it; retry later or ask for less data',
		description:
			'A gateway or proxy stopped waiting for the API. The API may be overloaded, or the request asks for ' +
			'too much at once: retry later, or request less data per call.',
	},
};

const CLIENT_ERROR: StatusHint = {
	message: "The API refused the request: check the input values and the endpoint's configuration",
	description: "The API answered with a client error (4xx): something about the request itself is wrong. The API's message, when there is one, says what.",
};

const SERVER_ERROR: StatusHint = {
	message: 'The API failed with a server error: retry later',
	description: "The API answered with a server error (5xx): the problem is on the API's side. Retry later, and contact its owner if it persists.",
};

const REDIRECT: StatusHint = {
	message: "The API answered with a redirect instead of a result: check the connector's base URL",
	description: 'The base URL may be out of date: http instead of https, an old host name, or a missing path prefix.',
};

const UNEXPECTED: StatusHint = {
	message: 'The API answered with an unexpected status',
	description: 'This status is not an answer to a request. Check that the base URL points at the API.',
};

function statusHint(status: number, retryAfter: number | undefined): StatusHint {
	const entry = STATUS_HINTS[status];
	if (entry) {
		const message = retryAfter !== undefined && entry.withRetryAfter ? entry.withRetryAfter(retryAfter) : entry.message;
		return { message, description: entry.description };
	}
	if (status >= 400 && status < 500) return CLIENT_ERROR;
	if (status >= 500 && status < 600) return SERVER_ERROR;
	if (status >= 300 && status < 400) return REDIRECT;
	return UNEXPECTED;
}

// ---------------------------------------------------------------------------------------------
// Reading the API's own error text
// ---------------------------------------------------------------------------------------------

/**
 * Field names APIs use for a human-readable error, best first: `error_description` beats `error`
 * because OAuth servers put a code ("invalid_grant") in `error`; `detail` beats `title` because
 * RFC 9457 problem details put the generic phrase in `title`.
 */
const TEXT_FIELDS = ['message', 'error_description', 'detail', 'title', 'error'] as const;

/** Containers some APIs nest the text in: { "error": { "message" } }, { "errors": [{ "detail" }] }. */
const NESTED_FIELDS = ['error', 'errors'] as const;

/**
 * One line of text from the error body, or undefined. JSON bodies give one known field (never the
 * JSON itself); a short plain-text body ("Invalid API key") is used as is; markup is skipped.
 */
function apiErrorText(body: string): string | undefined {
	const text = stripBom(body).trim();
	if (!text) return undefined;
	try {
		return textIn(JSON.parse(text), 2);
	} catch {
		return /^[<{[]/.test(text) || text.length > QUOTE_LIMIT ? undefined : oneLine(text, QUOTE_LIMIT);
	}
}

function textIn(value: unknown, depth: number): string | undefined {
	if (typeof value === 'string') return value.trim() ? oneLine(value, QUOTE_LIMIT) : undefined;
	if (Array.isArray(value)) return depth > 0 && value.length > 0 ? textIn(value[0], depth - 1) : undefined;
	if (typeof value !== 'object' || value === null) return undefined;
	const fields = value as Record<string, unknown>;
	for (const field of TEXT_FIELDS) {
		const candidate = fields[field];
		if (typeof candidate === 'string' && candidate.trim()) return oneLine(candidate, QUOTE_LIMIT);
	}
	if (depth === 0) return undefined;
	for (const field of NESTED_FIELDS) {
		const nested = textIn(fields[field], depth - 1);
		if (nested) return nested;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers shared with read.ts
// ---------------------------------------------------------------------------------------------

/** Removes the byte-order mark some Windows servers put before JSON; JSON.parse rejects it. */
export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Collapses whitespace (newlines included) so a quoted body stays on the message's one line. */
export function oneLine(text: string, max: number): string {
	return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** At most `max` characters, the last one an ellipsis when something was cut. */
function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function seconds(count: number): string {
	return count === 1 ? '1 second' : `${count} seconds`;
}
