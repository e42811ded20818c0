/**
 * The connector definition format: the one schema behind the TypeScript types (`types.ts`), the
 * runtime validator (`validate.ts`), the published JSON Schema (`schema/connector.schema.json`,
 * written by `gulp schema`) and the wording of validation errors. Every field carries a description
 * because editors show it when they autocomplete a definition.
 */
import { z } from 'zod/v4';
import { headerName, key, nonEmpty } from './primitives';
import { webhooksSchema } from './webhooks';
import { optionsFromSchema } from './options-from';


export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const ENDPOINT_PURPOSES = ['List', 'Get', 'Search', 'Create', 'Update', 'Delete', 'Action'] as const;
export const INPUT_TYPES = ['string', 'number', 'boolean', 'date', 'options', 'json'] as const;
export const AUTH_TYPES = [
	'none',
	'basic',
	'bearer',
	'apiKey',
	'oauth2PasswordGrant',
	'oauth2ClientCredentials',
] as const;

export const headerSchema = z
	.strictObject({
		key: headerName.describe('Header name, e.g. "Accept". Matched case-insensitively.'),
		value: z
			.string()
			.describe('Header value; may contain templates such as {{ inputs.locale }}. Never a secret.'),
		description: z.string().optional().describe('What the header is for, shown to builders.'),
	})
	.describe('One HTTP header.');

const queryValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

export const queryParamSchema = z
	.strictObject({
		key: nonEmpty.describe('Query parameter name.'),
		value: queryValue.describe(
			'Value, or template. A value that is exactly one placeholder and resolves to an array sends the parameter once per element; one that resolves to nothing omits the parameter.',
		),
		description: z.string().optional().describe('What the parameter does.'),
	})
	.describe('One query parameter.');

const optionSchema = z.strictObject({
	name: nonEmpty.describe('Label shown to builders.'),
	value: z.union([z.string(), z.number(), z.boolean()]).describe('Value sent to the API.'),
	description: z.string().optional(),
});

export const inputSchema = z
	.strictObject({
		name: key.describe('Name used in templates as {{ inputs.<name> }} and when matching upstream fields.'),
		label: z.string().optional().describe('Field label on the canvas; defaults to the name.'),
		type: z.enum(INPUT_TYPES).default('string').describe('Value type; values are checked and converted to it.'),
		required: z.boolean().default(false).describe('A required input without a value stops the item with an error.'),
		default: z.unknown().optional().describe('Value used when none is given.'),
		min: z.number().optional().describe('Smallest allowed number (type number).'),
		max: z.number().optional().describe('Largest allowed number (type number).'),
		options: z
			.array(optionSchema)
			.optional()
			.describe('Allowed values (type options).'),
		description: z.string().optional().describe('Help text shown under the field.'),
		secret: z
			.boolean()
			.default(false)
			.describe('Masked as ****** in previews, logs and errors. Prefer credentials for real secrets.'),
		optionsFrom: optionsFromSchema.optional(),
	})
	.describe('One typed input of an endpoint.');

const binaryPropertyName = nonEmpty.default('data');

/** One file of a multipart body: bytes, file name and type come from an n8n binary property. */
export const filePartSchema = z
	.strictObject({
		name: nonEmpty.describe('Form field name of the file part, e.g. "file".'),
		binaryProperty: binaryPropertyName.describe(
			'Binary property of the incoming n8n item holding the file, e.g. "data"; may be a template such as {{ inputs.binaryProperty }}.',
		),
		fileName: z
			.string()
			.optional()
			.describe("File name sent with the part; may be a template. Default: the binary data's file name, else the property name."),
		contentType: z
			.string()
			.optional()
			.describe("Content-Type of the part; may be a template. Default: the binary data's MIME type, else application/octet-stream."),
	})
	.describe('A file part of a multipart/form-data body.');

export const bodySchema = z
	.discriminatedUnion('type', [
		z.strictObject({
			type: z.literal('json'),
			value: z.unknown().describe('JSON value; every string in it may be a template.'),
		}),
		z.strictObject({
			type: z.literal('form'),
			value: z
				.record(z.string(), queryValue)
				.describe('Fields sent as application/x-www-form-urlencoded; values may be templates.'),
		}),
		z.strictObject({
			type: z.literal('raw'),
			contentType: nonEmpty.describe('Content-Type of the raw body, e.g. "text/xml".'),
			value: z.string().describe('Body text; may contain templates.'),
		}),
		z.strictObject({
			type: z.literal('multipart'),
			fields: z
				.record(z.string(), queryValue)
				.default({})
				.describe('Text parts of the multipart/form-data body; values may be templates, an array sends the field once per element.'),
			files: z
				.array(filePartSchema)
				.min(1, 'must list at least one file part')
				.describe('File parts, each taken from a binary property of the incoming n8n item.'),
		}),
		z.strictObject({
			type: z.literal('binary'),
			binaryProperty: binaryPropertyName.describe(
				'Binary property of the incoming n8n item whose bytes are the body, e.g. "data"; may be a template.',
			),
			contentType: z
				.string()
				.optional()
				.describe("Content-Type of the body; may be a template. Default: the file's MIME type, else application/octet-stream."),
		}),
	])
	.describe(
		'The request body. GET and DELETE send it only when sendBody is true. "multipart" and "binary" send files from n8n binary data.',
	);

/** One field of the simplified output: "id" keeps a field, { name, path } renames or lifts one. */
const responseFieldSchema = z.union([
	nonEmpty.describe('Dot path of a field to keep, e.g. "id" or "customer.email"; the output name is its last segment.'),
	z.strictObject({
		name: nonEmpty.describe('Name of the field in the output, e.g. "email".'),
		path: nonEmpty.describe('Dot path of the value in the record, e.g. "customer.email".'),
	}),
]);

export const responseFieldsSchema = z
	.array(responseFieldSchema)
	.min(1, 'must list at least one field')
	.refine((fields) => new Set(fields.map(responseFieldName)).size === fields.length, 'must not give two fields the same output name')
	.describe(
		'The fields of the "Simplified" output (the node\'s default; also what an AI agent gets), in this order. "Raw" output keeps the records as the API sent them.',
	);

/** The output name of a response field: its own name, or the last segment of its path. */
export function responseFieldName(field: string | { name: string; path: string }): string {
	return typeof field === 'string' ? (field.split('.').pop() ?? field) : field.name;
}

export const responseSchema = z
	.strictObject({
		format: z
			.enum(['json', 'text', 'binary'])
			.default('json')
			.describe(
				'json: the body must be JSON (an error otherwise); text: the body is returned as { "data": "<text>" }; binary: the body is a file, put into the item\'s binary data (see "file").',
			),
		file: z
			.strictObject({
				fileName: z
					.string()
					.optional()
					.describe('File name of the downloaded file; may be a template such as "{{ inputs.documentId }}.pdf". Default: the name in the Content-Disposition header, else the last segment of the URL path.'),
				mimeType: z
					.string()
					.optional()
					.describe('MIME type of the file. Default: the Content-Type the API sends.'),
			})
			.optional()
			.describe('For format "binary": how the downloaded file is named and typed.'),
		recordsPath: z
			.string()
			.optional()
			.describe('Dot path to the records inside the JSON body, e.g. "data.items". Empty: the whole body.'),
		split: z
			.boolean()
			.default(true)
			.describe('When the records are an array, one item per element (true) or one item holding the array (false).'),
		fields: responseFieldsSchema.optional(),
	})
	.describe('How to read the response.');

const statusKey = z.string().regex(/^[1-5][0-9][0-9]$/, 'must be an HTTP status code such as "404"');

const param = nonEmpty.regex(/^[^\s]+$/, 'must be a query parameter name without spaces');
const dotPath = nonEmpty.describe('Dot path into the JSON response, e.g. "meta.nextCursor".');

/** Stop conditions every pagination style shares. */
const paginationLimits = {
	totalPath: dotPath.optional().describe('Where the response body says how many records exist in all; paging stops when that many were read.'),
	totalHeader: nonEmpty
		.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name')
		.optional()
		.describe('Response header that says how many records exist in all, e.g. "X-Total-Count"; paging stops when that many were read.'),
	maxPages: z.number().int().min(1).max(100000).default(1000).describe('Safety cap: never fetch more pages than this.'),
};

export const paginationSchema = z
	.discriminatedUnion('type', [
		z.strictObject({
			type: z.literal('offset'),
			offsetParam: param.default('offset').describe('Query parameter for the offset.'),
			limitParam: param.default('limit').describe('Query parameter for the page size.'),
			limit: z.number().int().min(1).default(100).describe('Records per page; a shorter page is the last one.'),
			startOffset: z.number().int().min(0).default(0),
			...paginationLimits,
		}),
		z.strictObject({
			type: z.literal('page'),
			pageParam: param.default('page').describe('Query parameter for the page number.'),
			sizeParam: param.optional().describe('Query parameter for the page size, if the API takes one.'),
			size: z.number().int().min(1).optional().describe('Records per page; a shorter page is the last one.'),
			startPage: z.number().int().min(0).default(1),
			...paginationLimits,
		}),
		z.strictObject({
			type: z.literal('cursor'),
			cursorParam: param.default('cursor').describe('Query parameter that carries the cursor.'),
			cursorPath: dotPath.describe('Where the response holds the next cursor; empty or missing: last page.'),
			...paginationLimits,
		}),
		z.strictObject({
			type: z.literal('nextUrl'),
			nextUrlPath: dotPath.describe('Where the response holds the URL of the next page; empty or missing: last page.'),
			...paginationLimits,
		}),
		z.strictObject({
			type: z.literal('linkHeader'),
			...paginationLimits,
		}),
	])
	.describe('How to fetch all pages of a list. Records of every page become items.');

export const retrySchema = z
	.strictObject({
		maxAttempts: z.number().int().min(1).max(20).default(3).describe('Attempts in all, the first included; 1 turns retries off.'),
		baseDelayMs: z.number().int().min(0).max(60000).default(500).describe('First backoff delay; doubles each attempt, with jitter.'),
		maxDelayMs: z.number().int().min(0).max(600000).default(30000).describe('Longest wait between attempts, Retry-After included.'),
		statuses: z
			.array(z.number().int().min(400).max(599))
			.default([429, 502, 503, 504])
			.describe('Statuses that are retried (network errors and timeouts always are).'),
	})
	.describe('Retries with exponential backoff and jitter, honouring Retry-After. GET, PUT and DELETE are retried; POST and PATCH only when the endpoint is idempotent.');

export const pollSchema = z
	.strictObject({
		keyFields: z
			.array(dotPath)
			.min(1)
			.optional()
			.describe('Fields that identify a record (e.g. ["id"], or ["orderId", "line"]); a record with an unseen key is new.'),
		cursorField: dotPath
			.optional()
			.describe('A timestamp or increasing number (e.g. "updatedAt"); a record is new when its value is above the last one seen.'),
	})
	.refine((poll) => Boolean(poll.keyFields) !== Boolean(poll.cursorField), 'must declare either keyFields or cursorField')
	.describe('Makes a list endpoint pollable by the Data Connector Trigger: how new records are told apart from seen ones.');

export const rateLimitSchema = z
	.strictObject({
		requestsPerSecond: z.number().positive().optional(),
		requestsPerMinute: z.number().positive().optional(),
		shared: z
			.boolean()
			.optional()
			.describe(
				'Share the limit among every n8n process that runs this connector (queue-mode workers, several mains): before each request the node takes a send slot from the Data Connector Hub of its hub credential. Without it the limit holds per node execution.',
			),
	})
	.describe('Requests this connector may send, shared by all items of an execution (or by every n8n process, with shared).');

export const endpointSchema = z
	.strictObject({
		key: key.describe('Stable key of the endpoint, unique within the connector.'),
		purpose: z.enum(ENDPOINT_PURPOSES).default('List').describe('What the endpoint does; groups operations.'),
		name: nonEmpty.describe('Operation name shown to builders, e.g. "Reschedule Delivery".'),
		description: z.string().default('').describe('What the endpoint does and when to use it (also read by AI agents).'),
		method: z.enum(HTTP_METHODS).default('GET').describe('HTTP method.'),
		path: z
			.string()
			.regex(
				/^\/[^?#]*$/,
				'must start with "/" and contain no "?" or "#" (the host comes from baseUrl, query parameters go in "query")',
			)
			.describe('Path template appended to the base URL, e.g. "/orders/{{ inputs.orderId }}".'),
		query: z.array(queryParamSchema).default([]).describe('Query parameters.'),
		headers: z.array(headerSchema).default([]).describe('Endpoint headers; override connector headers of the same name.'),
		body: bodySchema.optional(),
		sendBody: z
			.boolean()
			.optional()
			.describe('Send the body with GET or DELETE too (off by default for those methods).'),
		inputs: z.array(inputSchema).default([]).describe('Typed inputs the builder fills in.'),
		sampleData: z
			.record(z.string(), z.unknown())
			.optional()
			.describe('Example input values that make a valid test call.'),
		sampleResponse: z.unknown().optional().describe('An example response body, for documentation and previews.'),
		response: responseSchema.default({ format: 'json', split: true }),
		errors: z
			.record(statusKey, z.string())
			.default({})
			.describe('What each error status means for this endpoint, e.g. { "404": "No order with this number" }.'),
		pagination: paginationSchema.optional(),
		idempotent: z
			.boolean()
			.optional()
			.describe('Sending it twice has the same effect as once: lets POST and PATCH be retried.'),
		idempotencyKeyHeader: z
			.string()
			.optional()
			.describe('Header carrying an idempotency key (e.g. "Idempotency-Key"); when the request sends it, POST and PATCH are retried.'),
		retry: retrySchema.partial().optional().describe('Overrides the connector\'s retry settings for this endpoint.'),
		poll: pollSchema.optional(),
		timeoutMs: z.number().int().min(1).max(600000).optional().describe('Overrides the connector\'s timeout for this endpoint.'),
		crossOriginRedirects: z
			.boolean()
			.optional()
			.describe(
				'Follow redirects to other hosts (e.g. a file CDN), without any credential. Off by default: only redirects that stay under the base URL are followed.',
			),
	})
	.describe('One operation of the API.');

const tokenUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

const tokenExpiredStatuses = z
	.array(z.number().int().min(400).max(599))
	.min(1, 'must list at least one status')
	.default([401])
	.describe(
		'HTTP statuses with which the API says the access token expired or was revoked, e.g. [401, 403]: a new token is fetched and the request sent once more. The credential may override it.',
	);

export const authSchema = z
	.discriminatedUnion('type', [
		z.strictObject({ type: z.literal('none') }),
		z.strictObject({ type: z.literal('basic') }),
		z.strictObject({ type: z.literal('bearer') }),
		z.strictObject({
			type: z.literal('apiKey'),
			in: z
				.enum(['header', 'query', 'cookie'])
				.default('header')
				.describe('Where the key is sent: a header, a query parameter, or a cookie (added to the Cookie header).'),
			name: nonEmpty.describe('Header, query parameter or cookie name, e.g. "X-API-Key".'),
		}),
		z.strictObject({
			type: z.literal('oauth2PasswordGrant'),
			tokenUrl: tokenUrl.describe('Token endpoint; the credential may override it.'),
			scope: z.string().optional().describe('Space-separated scopes to request.'),
			clientAuthentication: z
				.enum(['header', 'body'])
				.default('header')
				.describe('Send client ID and secret as Basic auth (header) or in the form body.'),
			tokenExpiredStatuses,
		}),
		z.strictObject({
			type: z.literal('oauth2ClientCredentials'),
			tokenUrl: tokenUrl.describe('Token endpoint; the credential may override it.'),
			scope: z.string().optional().describe('Space-separated scopes to request.'),
			clientAuthentication: z.enum(['header', 'body']).default('header'),
			tokenExpiredStatuses,
		}),
	])
	.describe('How requests authenticate. Secrets are never part of a definition: they live in n8n credentials.');

export const connectorSchema = z
	.strictObject({
		$schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
		key: key.describe('Stable key of the connector; never change it once workflows use it.'),
		name: nonEmpty.describe('Display name, unique among connectors, e.g. "Order Service".'),
		description: z.string().default('').describe('What the API is and what it is for.'),
		categories: z.array(nonEmpty).min(1, 'must list at least one category').describe('Categories, e.g. ["Sales"].'),
		tags: z.array(nonEmpty).default([]).describe('Free-form tags for search.'),
		icon: z.string().optional().describe('Path of an SVG icon, relative to the definition file.'),
		status: z.enum(['live', 'draft']).default('live').describe('Draft connectors do not run in production executions.'),
		version: z.number().int().min(1).default(1).describe('Definition version, raised on every change.'),
		baseUrl: z
			.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
			.describe('Base URL of the API; the only host requests go to (a credential may override it).'),
		auth: authSchema.default({ type: 'none' }),
		verifyTls: z.boolean().default(true).describe('Verify TLS certificates. Turn off only for self-signed test servers.'),
		headers: z.array(headerSchema).default([]).describe('Headers sent with every endpoint.'),
		settings: z
			.record(key, z.union([z.string(), z.number(), z.boolean()]))
			.default({})
			.describe('Non-secret settings templates can read as {{ settings.<name> }}, e.g. an API version.'),
		retry: retrySchema.default({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30000, statuses: [429, 502, 503, 504] }),
		rateLimit: rateLimitSchema.optional(),
		timeoutMs: z.number().int().min(1).max(600000).default(30000).describe('Time limit of every attempt, in milliseconds.'),
		endpoints: z.array(endpointSchema).min(1, 'must declare at least one endpoint'),
		webhooks: webhooksSchema.optional(),
	})
	.describe('A data connector: an API described once, usable as n8n workflow steps.');
