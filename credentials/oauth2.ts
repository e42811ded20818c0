/**
 * The OAuth2 token fetch shared by the password and client-credentials grant credentials
 * (RFC 6749 sections 4.3 and 4.4): the request is the runtime's (src/auth/oauth2.ts, also sent by
 * the CLI); this file sends it from `preAuthentication` and explains refusals without ever
 * repeating a secret.
 *
 * The token lives in the hidden, expirable `accessToken` field. n8n fetches it when that field is
 * empty, and once more when an API answers 401 (then resends the request once).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, UserError } from 'n8n-workflow';
import { buildTokenRequest, tokenAnswerNotJson } from '../src/auth/oauth2';
import { RedirectError, sendFollowingRedirects } from '../src/execute/redirect';
import { Redactor } from '../src/redact';
import { serializeBody } from '../src/request/spec';

export type OAuth2Grant = 'password' | 'client_credentials';

const GRANT_LABEL: Record<OAuth2Grant, string> = {
	password: 'password',
	client_credentials: 'client credentials',
};

export const tokenUrlField: INodeProperties = {
	displayName: 'Token URL',
	name: 'tokenUrl',
	type: 'string',
	default: '',
	placeholder: 'https://auth.example.com/oauth/token',
	description:
		"The OAuth2 token endpoint. Leave empty to use the token URL the connector declares (the Test button needs it filled in).",
};

export const scopeField: INodeProperties = {
	displayName: 'Scope',
	name: 'scope',
	type: 'string',
	default: '',
	placeholder: 'orders:read orders:write',
	description: 'Space-separated scopes to request. Leave empty to request the scopes the connector declares.',
};

export const clientAuthenticationField: INodeProperties = {
	displayName: 'Client Authentication',
	name: 'clientAuthentication',
	type: 'options',
	options: [
		{
			name: 'As the Connector Declares',
			value: '',
			description: 'Use the connector setting (Basic auth header if it declares none)',
		},
		{
			name: 'Send as Basic Auth Header',
			value: 'header',
			description: 'Client ID and secret in an Authorization: Basic header',
		},
		{
			name: 'Send in Body',
			value: 'body',
			description: 'Client ID and secret as client_id and client_secret form fields',
		},
	],
	default: '',
	description: 'How the client ID and secret are sent to the token endpoint',
};

/** The fetched access token. Hidden; n8n refreshes it when empty or after a 401. */
export const accessTokenField: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** The token endpoint's address for messages: origin and path, never query or user info. */
function describeEndpoint(tokenUrl: string): string {
	const url = URL.canParse(tokenUrl) ? new URL(tokenUrl) : undefined;
	return url ? `${url.origin}${url.pathname}` : '(invalid URL)';
}

function contentTypeOf(headers: IN8nHttpFullResponse['headers']): string {
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (name.toLowerCase() === 'content-type') return Array.isArray(value) ? String(value[0]) : String(value ?? '');
	}
	return '';
}

function readBody(body: unknown): IDataObject {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string') {
		const parsed = jsonParse<unknown>(body, { fallbackValue: undefined });
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as IDataObject;
	}
	return {};
}

/** Why the token endpoint said no, and what to check. */
function explainRejection(grant: OAuth2Grant, status: number, code: string | undefined): string {
	const tag = code ?? `HTTP ${status}`;
	switch (code) {
		case 'invalid_client':
			return `The token endpoint rejected the client ID or client secret (${tag}). Check Client ID, Client Secret and Client Authentication in the credential.`;
		case 'invalid_scope':
			return `The token endpoint rejected the requested scope (${tag}). Check Scope in the credential or the connector.`;
		case 'unauthorized_client':
		case 'unsupported_grant_type':
			return `The token endpoint does not allow this client to use the ${GRANT_LABEL[grant]} grant (${tag}).`;
		case 'invalid_grant':
			return grant === 'password'
				? `The token endpoint rejected the username or password (${tag}). Check Username and Password in the credential.`
				: `The token endpoint rejected the client credentials grant (${tag}). Check Client ID and Client Secret in the credential.`;
		default:
			break;
	}
	if ((status === 400 || status === 401) && code === undefined) {
		return grant === 'password'
			? `The token endpoint rejected the username or password, or the client ID and secret (${tag}). Check them in the credential.`
			: `The token endpoint rejected the client ID or client secret (${tag}). Check Client ID, Client Secret and Client Authentication in the credential.`;
	}
	return `The token endpoint did not issue an access token (HTTP ${status}${code ? `, ${code}` : ''}).`;
}

/**
 * Fetches an access token. Runs as a credential type's `preAuthentication`, so `this` only offers
 * `helpers.httpRequest`. Returns `{ accessToken }`; throws a UserError without secrets otherwise.
 */
export async function requestAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	grant: OAuth2Grant,
): Promise<IDataObject> {
	const tokenUrl = text(credentials.tokenUrl).trim();
	if (!tokenUrl) {
		throw new UserError(
			'No token URL: enter Token URL in the credential, or use the credential with a connector that declares one.',
		);
	}
	const clientId = text(credentials.clientId);
	const clientSecret = text(credentials.clientSecret);
	const password = text(credentials.password);
	const scope = text(credentials.scope).trim();
	const clientAuthentication = text(credentials.clientAuthentication) || 'header';

	const spec = buildTokenRequest({
		grant,
		tokenUrl,
		clientId,
		clientSecret,
		username: text(credentials.username),
		password,
		scope,
		clientAuthentication: clientAuthentication === 'body' ? 'body' : 'header',
		verifyTls: credentials.allowUnauthorizedCerts !== true,
	});

	// Every form of the secrets, base64(client_id:client_secret) of the Basic header included.
	const redactor = new Redactor([password, clientSecret]).addBasic(clientId, clientSecret);
	const redact = (message: string): string => redactor.text(message);
	let response: IN8nHttpFullResponse;
	try {
		// Redirects are followed by the policy: only on the token endpoint's origin, never to http.
		response = await sendFollowingRedirects(
			spec,
			{ base: new URL(spec.url).origin, crossOrigin: false },
			async (next) =>
				(await this.helpers.httpRequest({
					method: next.method,
					url: next.url,
					...(next.query.length ? { qs: Object.fromEntries(next.query) } : {}),
					headers: next.headers,
					body: next.body ? serializeBody(next.body) : undefined,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					skipSslCertificateValidation: !next.verifyTls,
				})) as IN8nHttpFullResponse,
			(answer) => ({ status: answer.statusCode, headers: answer.headers as Record<string, string> }),
		);
	} catch (error) {
		if (error instanceof RedirectError) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- no INode in preAuthentication (see below)
			throw new UserError(redact(`The token endpoint ${describeEndpoint(tokenUrl)}: ${error.message}`), { description: error.description });
		}
		// Connection-level failure. The original error carries the request, form body included:
		// keep only its message, and not as `cause`. There is no node to build a NodeApiError from
		// here; n8n-core wraps whatever preAuthentication throws into one for the calling node.
		const reason = redact(error instanceof Error ? error.message : String(error));
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- no INode in preAuthentication (see above)
		throw new UserError(`Could not reach the token endpoint ${describeEndpoint(tokenUrl)}: ${reason}`, {
			description:
				'Check Token URL (or the connector\'s token URL), the network, and Ignore SSL Issues for self-signed certificates.',
		});
	}

	const status = response.statusCode;
	const notJson = tokenAnswerNotJson(status, contentTypeOf(response.headers), response.body, describeEndpoint(tokenUrl));
	if (notJson) {
		throw new UserError(redact(notJson.message), { description: redact(notJson.description), extra: { httpStatus: status } });
	}
	const body = readBody(response.body);
	const accessToken = body.access_token;
	if (status >= 200 && status < 300 && typeof accessToken === 'string' && accessToken !== '') {
		return { accessToken };
	}

	const code = typeof body.error === 'string' && /^[\w.-]{1,64}$/.test(body.error) ? body.error : undefined;
	const serverSaid = typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : '';
	const message =
		status >= 200 && status < 300
			? 'The token endpoint answered without an access_token.'
			: explainRejection(grant, status, code);
	throw new UserError(redact(message), {
		description: redact(`The token endpoint ${describeEndpoint(tokenUrl)} answered HTTP ${status}${serverSaid ? `: ${serverSaid}` : ''}`),
		extra: { httpStatus: status, ...(code ? { oauthError: code } : {}) },
	});
}
