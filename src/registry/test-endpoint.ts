/**
 * Testing one endpoint of a registry connector outside n8n (the CLI): a dry run prints the request
 * as `data-connectors request` does (secrets "******"); a real call is a GET, or a write method
 * when explicitly allowed. Inputs not given come from the endpoint's `sampleData`, which exists to
 * make a valid test call. The transport is passed in (the CLI's src/cli/transport.ts); inside n8n the
 * registry node sends through n8n's helpers instead.
 */
import type { ConnectorDefinition, EndpointDefinition } from '../definition/types';
import { firstPage } from '../execute/paginate';
import { buildRequest } from '../request/build';
import { type BuiltRequest, fullUrl, type RequestSpec } from '../request/spec';
import { applyAuth, type CredentialValues, redactorFor, secretValues } from '../auth/apply';
import { isOAuth2, readTokenResponse, tokenRequest } from '../auth/oauth2';
import { type PrintableRequest, printableRequest, type Redactor } from '../redact';
import { httpErrorFor } from '../response/errors';
import { headerValue, type HttpResponse } from '../response/types';
import { type RedirectPolicy, sendFollowingRedirects } from '../execute/redirect';
import { parseBaseUrl } from '../request/url';
import { RegistryError } from './registry';

export interface EndpointTestOptions {
	inputs?: Record<string, unknown>;
	/** Fill inputs not given from the endpoint's sampleData (default true: that is what it is for). */
	useSampleData?: boolean;
	item?: unknown;
	credentials?: CredentialValues;
	baseUrl?: string;
}

export type Transport = (spec: RequestSpec, timeoutMs: number) => Promise<HttpResponse>;

export interface EndpointTestResult {
	ok: boolean;
	status: number;
	headers: HttpResponse['headers'];
	body: unknown;
	/** The endpoint's message for an error status. */
	error?: string;
}

export function findEndpointOf(connector: ConnectorDefinition, key: string): EndpointDefinition {
	const endpoint = connector.endpoints.find((candidate) => candidate.key === key);
	if (!endpoint) {
		throw new RegistryError(
			'not-found',
			`Connector ${connector.key} has no endpoint "${key}"; its endpoints are ${connector.endpoints.map((e) => e.key).join(', ')}`,
		);
	}
	return endpoint;
}

/** The endpoint's sample data, overridden by the inputs given. */
export function testInputs(endpoint: EndpointDefinition, given: Record<string, unknown> = {}): Record<string, unknown> {
	return { ...(endpoint.sampleData ?? {}), ...given };
}

/**
 * The request as the node's first request: built from the inputs, and for a paginated endpoint
 * with the first page's parameters (`page=1`, `offset=0&limit=…`), exactly as the node sends it.
 */
function built(connector: ConnectorDefinition, endpoint: EndpointDefinition, options: EndpointTestOptions): BuiltRequest {
	const request = buildBare(connector, endpoint, options);
	return endpoint.pagination ? { ...request, spec: firstPage(request.spec, endpoint.pagination) } : request;
}

function buildBare(connector: ConnectorDefinition, endpoint: EndpointDefinition, options: EndpointTestOptions): BuiltRequest {
	const credentials = options.credentials ?? {};
	return buildRequest({
		connector,
		endpoint,
		inputs: options.useSampleData === false ? (options.inputs ?? {}) : testInputs(endpoint, options.inputs),
		item: options.item ?? {},
		baseUrl: options.baseUrl ?? credentials.baseUrl,
		verifyTls: credentials.allowUnauthorizedCerts === true ? false : undefined,
	});
}

/** The request the endpoint would send, authentication shown in place, every secret "******". */
export function previewEndpoint(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	options: EndpointTestOptions = {},
): { printable: PrintableRequest; verifyTls: boolean } {
	const preview = applyAuth(built(connector, endpoint, options), connector.auth, options.credentials ?? {}, { placeholders: true });
	return { printable: printableRequest(preview.spec, redactorFor(connector.auth, preview.secrets)), verifyTls: preview.spec.verifyTls };
}

/**
 * The first request before and with authentication (an OAuth2 token fetched once), how to
 * authenticate a later page's request the same way, and the redactor of its secrets.
 */
/** Redirects of an endpoint test: under the base URL, or other hosts without credentials if the endpoint opts in. */
export function endpointRedirects(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	options: EndpointTestOptions,
	redactor: Redactor,
): RedirectPolicy {
	const credentials = options.credentials ?? {};
	return {
		base: parseBaseUrl(options.baseUrl || credentials.baseUrl || connector.baseUrl, `connector "${connector.key}"`).prefix,
		crossOrigin: endpoint.crossOriginRedirects === true,
		carriesSecret: (text) => redactor.leaks(text),
		secretHeaders: new Set(connector.auth.type === 'apiKey' && connector.auth.in === 'header' ? [connector.auth.name.toLowerCase()] : []),
	};
}

export async function authorizedRequest(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	options: EndpointTestOptions,
	transport: Transport,
	timeoutMs: number,
): Promise<{ request: BuiltRequest; authed: BuiltRequest; authorize: (request: BuiltRequest) => BuiltRequest; redactor: Redactor }> {
	const credentials = options.credentials ?? {};
	const request = built(connector, endpoint, options);
	let accessToken: string | undefined;
	if (isOAuth2(connector.auth) && !credentials.accessToken) {
		const tokenSpec = tokenRequest(connector.auth, credentials, request.spec.verifyTls);
		// The transport follows no redirect: the policy does (src/execute/redirect.ts), as in the node.
		const answer = await sendFollowingRedirects(tokenSpec, { base: new URL(tokenSpec.url).origin, crossOrigin: false }, (spec) =>
			transport(spec, timeoutMs),
		);
		accessToken = readTokenResponse(answer.status, answer.body, tokenSpec.url, headerValue(answer.headers, 'content-type')).accessToken;
	}
	const authorize = (unauthorized: BuiltRequest) => applyAuth(unauthorized, connector.auth, credentials, { accessToken });
	const authed = authorize(request);
	const redactor = redactorFor(connector.auth, [...authed.secrets, ...secretValues(connector.auth, credentials)]);
	if (typeof credentials.username === 'string' && typeof credentials.password === 'string') redactor.addBasic(credentials.username, credentials.password);
	if (typeof credentials.clientId === 'string' && typeof credentials.clientSecret === 'string') redactor.addBasic(credentials.clientId, credentials.clientSecret);
	return { request, authed, authorize, redactor };
}

/** Refuses a write method unless `allowWrite`: testing a write endpoint changes real data. */
export function checkWriteAllowed(endpoint: EndpointDefinition, options: { allowWrite?: boolean; allowWriteHint?: string }): void {
	if (endpoint.method !== 'GET' && !options.allowWrite) {
		throw new RegistryError(
			'bad-request',
			`endpoint "${endpoint.key}" uses ${endpoint.method}, which can change data; ${options.allowWriteHint ?? 'allow writes'} to really send it`,
		);
	}
}

/** Sends the request: GET always, another method only with `allowWrite`. */
export async function sendEndpoint(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	options: EndpointTestOptions & { allowWrite?: boolean; timeoutMs?: number; allowWriteHint?: string },
	transport: Transport,
): Promise<EndpointTestResult> {
	checkWriteAllowed(endpoint, options);
	const timeoutMs = options.timeoutMs ?? 30_000;
	const { authed, redactor } = await authorizedRequest(connector, endpoint, options, transport, timeoutMs);
	const response = await sendFollowingRedirects(authed.spec, endpointRedirects(connector, endpoint, options, redactor), (spec) => transport(spec, timeoutMs));
	let body: unknown = response.body;
	if ((headerValue(response.headers, 'content-type') ?? '').includes('json') || /^\s*[[{]/.test(response.body)) {
		try {
			body = JSON.parse(response.body) as unknown;
		} catch {
			// not JSON after all: keep the text
		}
	}
	const ok = response.status >= 200 && response.status < 300;
	const result: EndpointTestResult = redactor.value({ ok, status: response.status, headers: response.headers, body });
	if (!ok) {
		const error = httpErrorFor(endpoint, response, { method: authed.spec.method, url: redactor.text(fullUrl(authed.spec)) });
		result.error = redactor.text(error.message);
	}
	return result;
}
