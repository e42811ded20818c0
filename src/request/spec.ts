/**
 * The request spec: everything that will be sent, as plain data. Building one never sends it, so
 * it can be printed (dry run, preview), compared in tests, and handed to any transport.
 */
import type { HTTP_METHODS } from '../definition/schema';

export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RequestBody =
	| { type: 'json'; value: unknown }
	| { type: 'form'; value: Record<string, string | string[]> }
	| { type: 'raw'; contentType: string; value: string };

export interface RequestSpec {
	method: HttpMethod;
	/** Absolute URL without the query string. */
	url: string;
	/** Query parameters in order; a repeated name is an array parameter. */
	query: Array<[string, string]>;
	/** Final headers, one entry per name (merged case-insensitively). */
	headers: Record<string, string>;
	body?: RequestBody;
	/** False only when a connector or credential explicitly turned TLS verification off. */
	verifyTls: boolean;
}

/** A spec plus the values that must be masked wherever the spec is shown. */
export interface BuiltRequest {
	spec: RequestSpec;
	secrets: string[];
}

/** RFC 3986 encoding for query names and values ("%20", not "+", for spaces). */
export function encodeQuery(query: ReadonlyArray<[string, string]>): string {
	return query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

export function fullUrl(spec: Pick<RequestSpec, 'url' | 'query'>): string {
	return spec.query.length ? `${spec.url}?${encodeQuery(spec.query)}` : spec.url;
}

/** The body as bytes-to-send: JSON text, a urlencoded form, or the raw text. */
export function serializeBody(body: RequestBody): string {
	switch (body.type) {
		case 'json':
			return JSON.stringify(body.value);
		case 'form':
			return encodeQuery(
				Object.entries(body.value).flatMap(([name, value]) =>
					(Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
				),
			);
		case 'raw':
			return body.value;
	}
}

export const BODY_CONTENT_TYPE: Record<RequestBody['type'], string> = {
	json: 'application/json',
	form: 'application/x-www-form-urlencoded',
	raw: 'text/plain',
};

/** Case-insensitive header lookup. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
	return undefined;
}
