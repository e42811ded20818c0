/**
 * Sending a request spec through n8n's own HTTP helpers, so n8n applies the credential (including
 * the OAuth2 token fetch and the one retry after a 401), proxies, and its SSRF protection.
 * Statuses are never thrown here: the response core decides what an error status means.
 */
import {
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { fullUrl, type RequestSpec, serializeBody } from '../../src';
import { type RedirectPolicy, sendFollowingRedirects } from '../../src/execute/redirect';
import type { HttpResponse } from '../../src/response';

export interface CredentialUse {
	type: string;
	id?: string;
	name: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * `refreshOn401`: let a 401 reach n8n's credential helper as an error, so that a credential with
 * `preAuthentication` (OAuth2) fetches a new token and the request is sent once more. Every status
 * still reaches the caller as a response (read from the error when n8n threw).
 */
export function toN8nRequest(spec: RequestSpec, timeoutMs: number, refreshOn401 = false, transfer: Transfer = {}): IHttpRequestOptions {
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
		// A boolean only: n8n-core 1.x reads the object form ({ ignore, except: [401] }) as "ignore
		// every status", so a 401 never reached its token refresh. With OAuth2, every error status is
		// thrown (n8n refreshes on a 401 and sends once more) and sendRequest reads the response
		// back out of the error; otherwise statuses come back as responses.
		ignoreHttpStatusErrors: !refreshOn401,
		// n8n's client would follow redirects itself and re-send the Authorization header to
		// another origin: sendRequest follows them by the redirect policy instead.
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

/**
 * Sends `spec` and follows redirects by the policy (src/execute/redirect.ts): by default only on
 * the request's own origin. A hop that left the base URL is sent without the credential.
 */
export async function sendRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	spec: RequestSpec,
	credential: CredentialUse | undefined,
	timeoutMs: number,
	refreshOn401 = false,
	transfer: Transfer = {},
	redirects: RedirectPolicy = { base: new URL(spec.url).origin, crossOrigin: false },
): Promise<SendResult> {
	return sendFollowingRedirects(
		spec,
		redirects,
		(next, withCredentials) =>
			sendOnce(context, itemIndex, next, withCredentials ? credential : undefined, timeoutMs, refreshOn401 && withCredentials, transfer),
		(result) => ('response' in result ? result.response : undefined),
	);
}

async function sendOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	spec: RequestSpec,
	credential: CredentialUse | undefined,
	timeoutMs: number,
	refreshOn401: boolean,
	transfer: Transfer,
): Promise<SendResult> {
	const options = toN8nRequest(spec, timeoutMs, refreshOn401, transfer);
	try {
		const raw = credential
			? await context.helpers.httpRequestWithAuthentication.call(context, credential.type, options, {
					credentialsDecrypted: { id: credential.id ?? '', name: credential.name, type: credential.type, data: credential.data },
				})
			: await context.helpers.httpRequest(options);
		return { response: await toHttpResponse(raw as IN8nHttpFullResponse) };
	} catch (error) {
		const response = await responseIn(error as FailedRequest);
		if (response) return { response };
		const code = networkCode(error as FailedRequest);
		if (code) return { networkCode: code };
		// Anything else (a credential that could not get a token, say) is already an n8n error.
		throw new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
	}
}
