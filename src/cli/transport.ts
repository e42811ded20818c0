/**
 * Sending a request spec from the command line with Node's own http/https modules (the CLI is not
 * node code: n8n's request helpers are not available there). TLS verification is set per request,
 * never process-wide.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { HttpResponse } from '../response/types';
import { fullUrl, getHeader, type RequestSpec, serializeBody } from '../request/spec';

export class TransportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TransportError';
	}
}

export function send(spec: RequestSpec, timeoutMs = 30_000): Promise<HttpResponse> {
	const url = new URL(fullUrl(spec));
	const body = spec.body ? serializeBody(spec.body) : undefined;
	const headers: Record<string, string> = { ...spec.headers };
	if (body !== undefined && getHeader(headers, 'content-length') === undefined) {
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const request = client.request(
			url,
			{ method: spec.method, headers, rejectUnauthorized: spec.verifyTls, timeout: timeoutMs },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						statusText: response.statusMessage,
						headers: response.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new TransportError(`No answer from ${url.origin} within ${timeoutMs} ms`)));
		request.on('error', (error: NodeJS.ErrnoException) => {
			if (error instanceof TransportError) reject(error);
			else reject(new TransportError(`Could not reach ${url.origin}: ${error.code ?? error.message}`));
		});
		if (body !== undefined) request.write(body);
		request.end();
	});
}
