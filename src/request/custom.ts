/**
 * A one-off request defined right in a node ("custom endpoint" mode). Its values were already
 * resolved by n8n expressions, so no template is rendered here: text such as "{{" in a value is
 * sent as written. It still goes through the same rules as a connector endpoint: an absolute
 * http(s) URL without credentials in it, header names and values checked, the same header
 * precedence, and no body on GET.
 */
import { HTTP_METHODS } from '../definition/schema';
import { HeaderBag, headerValueProblem } from './headers';
import { bodyContentType } from './build';
import { type HttpMethod, type RequestBody, type RequestSpec } from './spec';
import { parseBaseUrl, UrlError } from './url';

export interface CustomRequest {
	method: string;
	url: string;
	query?: Array<{ name: string; value: string }>;
	headers?: Array<{ name: string; value: string }>;
	body?: RequestBody;
	responseFormat?: 'json' | 'text';
	verifyTls?: boolean;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function buildCustomRequest(request: CustomRequest): RequestSpec {
	const method = request.method.toUpperCase() as HttpMethod;
	if (!(HTTP_METHODS as readonly string[]).includes(method)) {
		throw new UrlError(`The method "${request.method}" is not supported; use one of ${HTTP_METHODS.join(', ')}`);
	}
	const base = parseBaseUrl(request.url, 'the custom endpoint');
	const query: Array<[string, string]> = [...base.query];
	for (const param of request.query ?? []) if (param.name) query.push([param.name, param.value]);
	const body = method === 'GET' ? undefined : request.body;

	const headers = new HeaderBag();
	headers.set('Accept', request.responseFormat === 'text' ? '*/*' : 'application/json');
	const contentType = body && bodyContentType(body);
	if (contentType) headers.set('Content-Type', contentType);
	for (const header of request.headers ?? []) {
		if (!header.name) continue;
		if (!HEADER_NAME.test(header.name)) throw new UrlError(`"${header.name}" is not a valid HTTP header name`);
		const problem = headerValueProblem(header.value);
		if (problem) throw new UrlError(`The value of header "${header.name}" ${problem}`);
		headers.set(header.name, header.value);
	}
	// The URL path is kept exactly as the builder wrote it, trailing slash included.
	const url = new URL(request.url);
	return {
		method,
		url: `${url.origin}${url.pathname}`,
		query,
		headers: headers.toObject(),
		...(body ? { body } : {}),
		verifyTls: request.verifyTls !== false,
	};
}
