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

export function toN8nRequest(spec: RequestSpec, timeoutMs: number): IHttpRequestOptions {
	return {
		method: spec.method,
		url: fullUrl(spec),
		headers: { ...spec.headers },
		...(spec.body ? { body: serializeBody(spec.body) } : {}),
		// The body is already serialized and the response is read as text: the response core parses
		// it, so a non-JSON answer becomes a clear error instead of a silent string.
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		skipSslCertificateValidation: !spec.verifyTls,
		timeout: timeoutMs,
	};
}

function toHttpResponse(raw: IN8nHttpFullResponse): HttpResponse {
	const body = raw.body;
	return {
		status: raw.statusCode,
		statusText: (raw as { statusMessage?: string }).statusMessage,
		headers: raw.headers as HttpResponse['headers'],
		body: typeof body === 'string' ? body : body === undefined || body === null ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body),
	};
}

interface FailedRequest {
	code?: string;
	message?: string;
	cause?: FailedRequest;
	response?: { status?: number; statusText?: string; headers?: HttpResponse['headers']; data?: unknown };
}

/** The HTTP response inside an error n8n threw (a 401 that was still refused after the refresh). */
function responseIn(error: FailedRequest | undefined): HttpResponse | undefined {
	for (let current = error; current; current = current.cause) {
		const response = current.response;
		if (response && typeof response.status === 'number') {
			return toHttpResponse({
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
export type SendResult = { response: HttpResponse } | { networkCode: string };

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
		return { response: toHttpResponse((await transport(options)) as IN8nHttpFullResponse) };
	} catch (error) {
		const response = responseIn(error as FailedRequest);
		if (response) return { response };
		const code = networkCode(error as FailedRequest);
		if (code) return { networkCode: code };
		// Anything else (a credential that could not get a token, say) is already an n8n error.
		throw new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
	}
}
