/**
 * The request spec: everything that will be sent, as plain data. Building one never sends it, so
 * it can be printed (dry run, preview), compared in tests, and handed to any transport.
 */
import type { HTTP_METHODS } from '../definition/schema';

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A file of n8n binary data, named by the binary property that holds it on the item. */
export interface FileReference {
	binaryProperty: string;
	/** Overrides the binary data's own file name / MIME type. */
	fileName?: string;
	contentType?: string;
}

/** Bodies whose bytes the spec holds. */
export type TextBody =
	| { type: 'json'; value: unknown }
	| { type: 'form'; value: Record<string, string | string[]> }
	| { type: 'raw'; contentType: string; value: string };

/**
 * Bodies made of files: the spec names the files, the sender reads their bytes from the item's
 * binary data (a spec stays printable and never holds a file).
 */
export type FileBody =
	| { type: 'multipart'; fields: Array<[string, string]>; files: Array<FileReference & { name: string }> }
	| ({ type: 'binary' } & FileReference);

export type RequestBody = TextBody | FileBody;

export function isFileBody(body: RequestBody | undefined): body is FileBody {
	return body?.type === 'multipart' || body?.type === 'binary';
}

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
	/** For a file download (response format "binary"): the declared file name and MIME type. */
	download?: { fileName?: string; mimeType?: string };
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
		case 'multipart':
		case 'binary':
			throw new Error(
				`This endpoint sends a ${body.type === 'binary' ? 'file' : 'multipart/form-data'} body made from n8n binary data; only the n8n nodes can send it`,
			);
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
	multipart: 'multipart/form-data',
	binary: 'application/octet-stream',
};

/** Case-insensitive header lookup. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
	return undefined;
}
