/**
 * Request assembly: definition + endpoint + inputs + upstream item -> RequestSpec. Pure: no
 * network, no n8n types, no clock. The steps run in this order because each needs the previous:
 *   1. inputs are checked and typed (inputs.ts)
 *   2. the URL: base URL (credential override first), rendered path, then query
 *   3. the body, if the method sends one
 *   4. headers, merged by precedence (headers.ts); Content-Type follows the body
 * Authentication is applied afterwards (auth/apply.ts or the n8n credential), never here.
 */
import type { ConnectorDefinition, EndpointDefinition, QueryParamDefinition } from '../definition/types';
import { escaperFor, renderDeep, renderHeaderValue, renderPath, renderText, renderValue, type TemplateContext, TemplateError } from '../template/render';
import { HeaderBag } from './headers';
import { resolveInputs } from './inputs';
import { BODY_CONTENT_TYPE, type BuiltRequest, type FileReference, type RequestBody } from './spec';
import { joinUrl, parseBaseUrl } from './url';

export interface BuildRequestOptions {
	connector: ConnectorDefinition;
	endpoint: EndpointDefinition;
	/** Input values by name, before type conversion. */
	inputs?: Record<string, unknown>;
	/** The upstream item's JSON, for {{ item.* }}. */
	item?: unknown;
	/** A credential's base URL override; the connector's baseUrl otherwise. */
	baseUrl?: string;
	/** A credential may turn TLS verification off; it can never turn it back on over the connector. */
	verifyTls?: boolean;
}

export function endpointLabel(connector: Pick<ConnectorDefinition, 'key'>, endpoint: Pick<EndpointDefinition, 'key'>): string {
	return `${connector.key}/${endpoint.key}`;
}

/**
 * Renders a query or form value: the value, or each element of a literal array, may be a template;
 * a placeholder that resolves to an array contributes each element; missing values are dropped.
 * `list` says whether the result is a list (an array literal or an array value) or one value.
 */
function renderValues(
	raw: QueryParamDefinition['value'],
	context: TemplateContext,
	location: string,
	rule: string,
): { values: string[]; list: boolean } {
	let list = Array.isArray(raw);
	const rendered = (Array.isArray(raw) ? raw : [raw]).flatMap((element): unknown[] => {
		const value = typeof element === 'string' ? renderValue(element, context, location) : element;
		if (!Array.isArray(value)) return [value];
		list = true;
		return value;
	});
	const values: string[] = [];
	for (const value of rendered) {
		if (value === undefined || value === null || value === '') continue;
		if (typeof value === 'object') {
			throw new TemplateError(`The ${location} of endpoint "${context.endpoint}" resolved to an object; ${rule}`, location);
		}
		values.push(String(value));
	}
	return { values, list };
}

function renderQuery(endpoint: EndpointDefinition, context: TemplateContext, base: Array<[string, string]>): Array<[string, string]> {
	const query: Array<[string, string]> = [...base];
	for (const param of endpoint.query) {
		const { values } = renderValues(
			param.value,
			context,
			`query parameter "${param.key}"`,
			'a query value must be text, a number, a boolean or an array of those',
		);
		for (const value of values) query.push([param.key, value]);
	}
	return query;
}

function renderBody(endpoint: EndpointDefinition, context: TemplateContext): RequestBody | undefined {
	const body = endpoint.body;
	if (!body) return undefined;
	// GET and DELETE carry no body unless the definition asks for it: many servers and proxies reject one.
	if ((endpoint.method === 'GET' || endpoint.method === 'DELETE') && endpoint.sendBody !== true) return undefined;
	switch (body.type) {
		case 'json':
			return { type: 'json', value: renderDeep(body.value, context, 'body') ?? null };
		case 'form': {
			const value: Record<string, string | string[]> = {};
			for (const [field, fieldValue] of Object.entries(body.value)) {
				// Same rules as query values: templates inside an array literal are rendered too.
				const { values, list } = renderValues(
					fieldValue,
					context,
					`form field "${field}"`,
					'form fields hold text, numbers, booleans or arrays of those',
				);
				if (values.length > 0) value[field] = list ? values : values[0];
			}
			return { type: 'form', value };
		}
		case 'raw':
			return {
				type: 'raw',
				contentType: body.contentType,
				value: renderText(body.value, context, 'body', escaperFor(body.contentType)),
			};
		case 'multipart': {
			const fields: Array<[string, string]> = [];
			for (const [field, fieldValue] of Object.entries(body.fields)) {
				const { values } = renderValues(fieldValue, context, `multipart field "${field}"`, 'multipart fields hold text, numbers, booleans or arrays of those');
				for (const value of values) fields.push([field, value]);
			}
			const files = body.files.map((file) => ({ name: file.name, ...renderFile(file, context, `file part "${file.name}"`) }));
			return { type: 'multipart', fields, files };
		}
		case 'binary':
			return { type: 'binary', ...renderFile(body, context, 'binary body') };
	}
}

/** A file reference with its templates rendered; an empty file name or type falls back to the file's own. */
function renderFile(
	file: { binaryProperty: string; fileName?: string; contentType?: string },
	context: TemplateContext,
	location: string,
): FileReference {
	const optional = (value: string | undefined, what: string) => (value === undefined ? '' : renderText(value, context, `${location} ${what}`).trim());
	const fileName = optional(file.fileName, 'fileName');
	const contentType = optional(file.contentType, 'contentType');
	return {
		binaryProperty: optional(file.binaryProperty, 'binaryProperty') || 'data',
		...(fileName ? { fileName } : {}),
		...(contentType ? { contentType } : {}),
	};
}

/** What a downloaded file is called and typed, as far as the definition says (format "binary"). */
function renderDownload(endpoint: EndpointDefinition, context: TemplateContext): BuiltRequest['download'] {
	if (endpoint.response.format !== 'binary') return undefined;
	const file = endpoint.response.file ?? {};
	const fileName = file.fileName === undefined ? '' : renderText(file.fileName, context, 'response file name').trim();
	return { ...(fileName ? { fileName } : {}), ...(file.mimeType ? { mimeType: file.mimeType } : {}) };
}

/** The Content-Type a body implies; a binary body without one takes its file's type when sent. */
export function bodyContentType(body: RequestBody): string | undefined {
	if (body.type === 'raw' || body.type === 'binary') return body.contentType;
	return BODY_CONTENT_TYPE[body.type];
}

export function buildRequest(options: BuildRequestOptions): BuiltRequest {
	const { connector, endpoint } = options;
	const label = endpointLabel(connector, endpoint);
	const { values, secrets } = resolveInputs(endpoint, options.inputs ?? {}, label);
	const context: TemplateContext = {
		inputs: values,
		item: options.item ?? {},
		settings: connector.settings,
		required: new Set(endpoint.inputs.filter((input) => input.required).map((input) => input.name)),
		endpoint: label,
	};

	const base = parseBaseUrl(options.baseUrl || connector.baseUrl, `connector "${connector.key}"`);
	const url = joinUrl(base, renderPath(endpoint.path, context), `endpoint "${label}"`);
	const query = renderQuery(endpoint, context, base.query);
	const body = renderBody(endpoint, context);
	const download = renderDownload(endpoint, context);

	const headers = new HeaderBag();
	headers.set('Accept', endpoint.response.format === 'json' ? 'application/json' : '*/*');
	const contentType = body && bodyContentType(body);
	if (contentType) headers.set('Content-Type', contentType);
	for (const header of connector.headers) headers.set(header.key, renderHeaderValue(header.value, header.key, context));
	for (const header of endpoint.headers) headers.set(header.key, renderHeaderValue(header.value, header.key, context));

	return {
		spec: {
			method: endpoint.method,
			url,
			query,
			headers: headers.toObject(),
			...(body ? { body } : {}),
			verifyTls: connector.verifyTls && options.verifyTls !== false,
		},
		secrets,
		...(download ? { download } : {}),
	};
}
