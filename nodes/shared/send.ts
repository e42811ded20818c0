/**
 * Sending a request spec through n8n's own HTTP helpers, so n8n applies the credential (including
 * the OAuth2 token fetch and the one retry after a 401), proxies, and its SSRF protection.
 * Statuses are never thrown here: the response core decides what an error status means.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { fullUrl, type RequestSpec, serializeBody } from '../../src';
import type { HttpResponse } from '../../src/response';

export interface CredentialUse {
	type: string;
	id?: string;
	name: string;
	data: ICredentialDataDecryptedObject;
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

export async function sendRequest(
	context: IExecuteFunctions,
	spec: RequestSpec,
	credential: CredentialUse | undefined,
	timeoutMs: number,
): Promise<HttpResponse> {
	const options = toN8nRequest(spec, timeoutMs);
	const raw = credential
		? await context.helpers.httpRequestWithAuthentication.call(context, credential.type, options, {
				credentialsDecrypted: { id: credential.id ?? '', name: credential.name, type: credential.type, data: credential.data },
			})
		: await context.helpers.httpRequest(options);
	return toHttpResponse(raw as IN8nHttpFullResponse);
}
