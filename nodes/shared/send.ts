/**
 * Sending a request spec through n8n's own HTTP helper (`helpers.httpRequest`: n8n's proxies, SSRF
 * protection and TLS settings), with authentication already applied (access.ts). Statuses are
 * never thrown here: the response core decides what an error status means, and the access decides
 * what a token-expired status means. `ignoreHttpStatusErrors` is the boolean that n8n 1.x and 2.x
 * both understand.
 */
import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { fullUrl, type RequestSpec, serializeBody } from '../../src';
import type { HttpResponse } from '../../src/response';

export interface CredentialUse {
	type: string;
	id?: string;
	name: string;
	/** The credential's fields filled with the connector's defaults: what requests use. */
	data: ICredentialDataDecryptedObject;
	/** The fields as stored in n8n, before the connector's defaults. */
	stored: ICredentialDataDecryptedObject;
	/** The connector's defaults that filled `data`. */
	defaults: IDataObject;
}

export function toN8nRequest(spec: RequestSpec, timeoutMs: number, transfer: Transfer = {}): IHttpRequestOptions {
	const { payload } = transfer;
	return {
		method: spec.method,
		url: fullUrl(spec),
		headers: payload ? withContentType(spec.headers, payload) : { ...spec.headers },
		...(payload ? { body: payload.body } : spec.body ? { body: serializeBody(spec.body) } : {}),
		// The body is already serialized and the response is read as text: the response core parses
		// it, so a non-JSON answer becomes a clear error instead of a silent string. A file comes as a
		// stream, so it reaches n8n's binary data without being held whole in memory here.
		json: false,
		encoding: transfer.binaryResponse ? 'stream' : 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// n8n's client would follow redirects itself and re-send the Authorization header to
		// another origin: fetch.ts follows them by the redirect policy instead (src/execute/redirect.ts).
		disableFollowRedirect: true,
		skipSslCertificateValidation: !spec.verifyTls,
		timeout: timeoutMs,
	};
}

/** A request body of bytes (a file or a multipart form) and the Content-Type it needs. */
export interface Payload {
	body: Buffer;
	contentType: string;
	/** Replace a Content-Type the spec has (multipart: the boundary must be in it) or only fill a missing one. */
	replaceContentType: boolean;
}

/** What is sent besides the spec's text: a file body, and whether the answer is a file. */
export interface Transfer {
	payload?: Payload;
	binaryResponse?: boolean;
}

function withContentType(headers: Record<string, string>, payload: Payload): Record<string, string> {
	const existing = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
	if (existing && !payload.replaceContentType) return { ...headers };
	const copy = { ...headers };
	if (existing) delete copy[existing];
	return { ...copy, 'Content-Type': payload.contentType };
}

/** A response body n8n handed back as a stream (encoding "stream"). */
export type ByteStream = NodeJS.ReadableStream & { destroy?(error?: Error): void };

function isStream(body: unknown): body is ByteStream {
	return typeof body === 'object' && body !== null && typeof (body as ByteStream).pipe === 'function' && typeof (body as ByteStream).on === 'function';
}

/** An error body is read for its message only: at most this much of it. */
const ERROR_BODY_LIMIT = 64 * 1024;

async function streamText(stream: ByteStream): Promise<string> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		chunks.push(bytes);
		length += bytes.length;
		if (length >= ERROR_BODY_LIMIT) {
			stream.destroy?.();
			break;
		}
	}
	return Buffer.concat(chunks).toString('utf8');
}

async function bodyText(body: unknown): Promise<string> {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (isStream(body)) return await streamText(body);
	return JSON.stringify(body);
}

/**
 * A 2xx file download keeps its body as a stream (`stream`); every other answer is read as text,
 * because only its message matters.
 */
async function toHttpResponse(raw: IN8nHttpFullResponse): Promise<HttpResponse & { stream?: ByteStream }> {
	const base = {
		status: raw.statusCode,
		statusText: (raw as { statusMessage?: string }).statusMessage,
		headers: raw.headers as HttpResponse['headers'],
	};
	if (isStream(raw.body) && raw.statusCode >= 200 && raw.statusCode < 300) return { ...base, body: '', stream: raw.body };
	return { ...base, body: await bodyText(raw.body) };
}

interface FailedRequest {
	code?: string;
	message?: string;
	cause?: FailedRequest;
	response?: { status?: number; statusText?: string; headers?: HttpResponse['headers']; data?: unknown };
}

/** The HTTP response inside an error n8n threw (a 401 that was still refused after the refresh). */
async function responseIn(error: FailedRequest | undefined): Promise<HttpResponse | undefined> {
	for (let current = error; current; current = current.cause) {
		const response = current.response;
		if (response && typeof response.status === 'number') {
			return await toHttpResponse({
				statusCode: response.status,
				statusMessage: response.statusText,
				headers: response.headers ?? {},
				body: response.data,
			} as IN8nHttpFullResponse);
		}
	}
	return undefined;
}

function networkCode(error: FailedRequest | undefined): string | undefined {
	for (let current = error; current; current = current.cause) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
	}
	return undefined;
}

/** A network failure as an API error that names the host and the cause. */
export function unreachable(
	context: IExecuteFunctions,
	spec: RequestSpec,
	code: string,
	timeoutMs: number,
	itemIndex: number,
	note = '',
): NodeApiError {
	const origin = new URL(spec.url).origin;
	const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : code;
	const message = `Could not reach ${origin}: ${reason}${note}`;
	const error = new NodeApiError(context.getNode(), { message } as JsonObject, {
		itemIndex,
		message,
		description:
			"Check that the API is running and reachable from n8n, and that the base URL (the connector's, or the credential's override) is right.",
	});
	// NodeApiError swaps a message that mentions a code such as ECONNREFUSED for a generic sentence
	// without the host; ours names the host, so it is put back.
	error.message = message;
	return error;
}

/** A response, or the network error code (ECONNREFUSED, ETIMEDOUT, ...) when none came. */
export type SendResult = { response: HttpResponse & { stream?: ByteStream } } | { networkCode: string };

/** How a request goes out: `helpers.httpRequest`, or n8n's authenticated variant (oauth2-access.ts). */
export type Transport = (options: IHttpRequestOptions) => Promise<unknown>;

export const plainTransport =
	(context: IExecuteFunctions): Transport =>
	async (options) =>
		await context.helpers.httpRequest(options);

export async function sendRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IHttpRequestOptions,
	transport: Transport = plainTransport(context),
): Promise<SendResult> {
	try {
		return { response: await toHttpResponse((await transport(options)) as IN8nHttpFullResponse) };
	} catch (error) {
		const response = await responseIn(error as FailedRequest);
		if (response) return { response };
		const code = networkCode(error as FailedRequest);
		if (code) return { networkCode: code };
		// Anything else (a credential that could not get a token, say) is already an n8n error.
		throw new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
	}
}
