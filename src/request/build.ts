/**
 * Request assembly: definition + endpoint + inputs + upstream item -> RequestSpec. Pure: no
 * network, no n8n types, no clock. The steps run in this order because each needs the previous:
 *   1. inputs are checked and typed (inputs.ts)
 *   2. the URL: base URL (credential override first), rendered path, then query
 *   3. the body, if the method sends one
 *   4. headers, merged by precedence (headers.ts); Content-Type follows the body
 * Authentication is applied afterwards (auth/apply.ts or the n8n credential), never here.
 */
import type { ConnectorDefinition, EndpointDefinition } from '../definition/types';
import { renderDeep, renderHeaderValue, renderPath, renderText, renderValue, type TemplateContext, TemplateError } from '../template/render';
import { HeaderBag } from './headers';
import { resolveInputs } from './inputs';
import { BODY_CONTENT_TYPE, type BuiltRequest, type RequestBody } from './spec';
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

function renderQuery(endpoint: EndpointDefinition, context: TemplateContext, base: Array<[string, string]>): Array<[string, string]> {
	const query: Array<[string, string]> = [...base];
	for (const param of endpoint.query) {
		const location = `query parameter "${param.key}"`;
		const raw = param.value;
		const values = Array.isArray(raw)
			? raw.flatMap((element) => {
					const rendered = typeof element === 'string' ? renderValue(element, context, location) : element;
					return Array.isArray(rendered) ? rendered : [rendered];
				})
			: (() => {
					const rendered = typeof raw === 'string' ? renderValue(raw, context, location) : raw;
					return Array.isArray(rendered) ? rendered : [rendered];
				})();
		for (const value of values) {
			if (value === undefined || value === null || value === '') continue;
			if (typeof value === 'object') {
				throw new TemplateError(
					`The ${location} of endpoint "${context.endpoint}" resolved to an object; a query value must be text, a number, a boolean or an array of those`,
					location,
				);
			}
			query.push([param.key, String(value)]);
		}
	}
	return query;
}

function renderFormField(value: unknown, field: string, context: TemplateContext): string | string[] | undefined {
	const location = `form field "${field}"`;
	const rendered = typeof value === 'string' ? renderValue(value, context, location) : value;
	if (rendered === undefined || rendered === null || rendered === '') return undefined;
	if (Array.isArray(rendered)) return rendered.map((element) => String(element));
	if (typeof rendered === 'object') {
		throw new TemplateError(`The ${location} of endpoint "${context.endpoint}" resolved to an object; form fields hold text`, location);
	}
	return String(rendered);
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
				const rendered = renderFormField(fieldValue, field, context);
				if (rendered !== undefined) value[field] = rendered;
			}
			return { type: 'form', value };
		}
		case 'raw':
			return { type: 'raw', contentType: body.contentType, value: renderText(body.value, context, 'body') };
	}
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

	const headers = new HeaderBag();
	headers.set('Accept', endpoint.response.format === 'json' ? 'application/json' : '*/*');
	if (body) headers.set('Content-Type', body.type === 'raw' ? body.contentType : BODY_CONTENT_TYPE[body.type]);
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
	};
}
