/**
 * The OAuth2 token fetch shared by the password and client-credentials grant credentials
 * (RFC 6749 sections 4.3 and 4.4): the request is the runtime's (src/auth/oauth2.ts, also sent by
 * the CLI); this file sends it from `preAuthentication` and explains refusals without ever
 * repeating a secret.
 *
 * The token lives in the hidden, expirable `accessToken` field (with `refreshToken` and
 * `tokenExpiresAt`). n8n runs `preAuthentication` when that field is empty and saves the result on
 * the credential; the nodes decide when a token is needed (nodes/shared/oauth2-access.ts).
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
import { nodeClock } from '../nodes/shared/clock';
import { withConnectorDefaults } from './shared';

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

/**
 * The fetched access token. Hidden and expirable: n8n runs `preAuthentication` when it is empty and
 * stores what it returns. The nodes ask for that when they need a token (see
 * nodes/shared/oauth2-access.ts).
 */
export const accessTokenField: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

/** The refresh token the server issued with the access token, if any. Hidden. */
export const refreshTokenField: INodeProperties = {
	displayName: 'Refresh Token',
	name: 'refreshToken',
	type: 'hidden',
	typeOptions: { password: true },
	default: '',
};

/** When the access token expires (ISO time from `expires_in`), for refreshing ahead of time. Hidden. */
export const tokenExpiresAtField: INodeProperties = {
	displayName: 'Token Expires At',
	name: 'tokenExpiresAt',
	type: 'hidden',
	default: '',
};

export const tokenExpiredStatusesField: INodeProperties = {
	displayName: 'Token Expired Statuses',
	name: 'tokenExpiredStatuses',
	type: 'string',
	default: '',
	placeholder: '401, 403',
	description:
		'HTTP statuses with which the API says the access token expired or was revoked: the node then fetches a new token and sends the request once more. Leave empty to use what the connector declares (401 if it declares nothing). Some servers answer an expired token with 403.',
};

/**
 * The connector's defaults for empty fields (token URL, scope, client authentication), set by the
 * node for the token fetch only (nodes/shared/oauth2-access.ts). Hidden.
 */
export const connectorDefaultsField: INodeProperties = {
	displayName: 'Connector Defaults',
	name: 'connectorDefaults',
	type: 'hidden',
	default: '',
};

function connectorDefaultsIn(credentials: ICredentialDataDecryptedObject): IDataObject {
	const parsed = jsonParse<unknown>(text(credentials.connectorDefaults) || '{}', { fallbackValue: {} });
	return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as IDataObject) : {};
}

/** OAuth2 fields every grant's credential ends with, before the connection fields. */
export const oauth2TokenFields: INodeProperties[] = [
	tokenUrlField,
	scopeField,
	clientAuthenticationField,
	tokenExpiredStatusesField,
	accessTokenField,
	refreshTokenField,
	tokenExpiresAtField,
	connectorDefaultsField,
];

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

interface TokenAnswer {
	status: number;
	body: IDataObject;
}

/** `expires_in` as seconds; some servers send it as a numeric string. */
function expiresInSeconds(value: unknown): number | undefined {
	const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * Fetches an access token. Runs as a credential type's `preAuthentication`, so `this` only offers
 * `helpers.httpRequest`. When the credential holds a refresh token the server issued, the refresh
 * token grant (RFC 6749 section 6) goes first, and the full grant only when the server refuses it.
 * Returns the fields n8n stores on the credential: `accessToken`, `refreshToken` (the new one, the
 * old one when a refresh answer carries none, '' after a full grant without one) and
 * `tokenExpiresAt` (ISO time from `expires_in`, '' when the server gives no lifetime). Throws a
 * UserError without secrets otherwise.
 */
export async function requestAccessToken(
	this: IHttpRequestHelper,
	given: ICredentialDataDecryptedObject,
	grant: OAuth2Grant,
	// The nodes' clock (tests replace it), so a stored expiry is exact under test.
	now: () => number = () => nodeClock.now(),
): Promise<IDataObject> {
	const credentials = withConnectorDefaults(given, connectorDefaultsIn(given));
	const tokenUrl = text(credentials.tokenUrl).trim();
	if (!tokenUrl) {
		throw new UserError(
			'No token URL: enter Token URL in the credential, or use the credential with a connector that declares one.',
		);
	}
	const clientAuthentication = text(credentials.clientAuthentication) === 'body' ? 'body' : 'header';
	const common = {
		tokenUrl,
		clientId: text(credentials.clientId),
		clientSecret: text(credentials.clientSecret),
		scope: text(credentials.scope).trim(),
		clientAuthentication,
		verifyTls: credentials.allowUnauthorizedCerts !== true,
	} as const;
	const refreshToken = text(credentials.refreshToken);
	// Every form of the secrets, base64(client_id:client_secret) of the Basic header included.
	const redactor = new Redactor([text(credentials.password), common.clientSecret, refreshToken]).addBasic(common.clientId, common.clientSecret);
	const send = async (spec: ReturnType<typeof buildTokenRequest>): Promise<TokenAnswer> =>
		await sendTokenRequest(this, spec, tokenUrl, redactor);

	if (refreshToken) {
		const refreshed = await send(buildTokenRequest({ ...common, grant: 'refresh_token', refreshToken })).catch(() => undefined);
		const token = refreshed && issuedToken(refreshed, now);
		// A refresh answer without a new refresh token leaves the old one valid (section 6).
		if (token) return { ...token, refreshToken: token.refreshToken || refreshToken };
	}
	const answer = await send(
		buildTokenRequest({ ...common, grant, username: text(credentials.username), password: text(credentials.password) }),
	);
	const token = issuedToken(answer, now);
	if (token) return token;
	throw refusal(grant, answer, tokenUrl, redactor);
}

/** The stored fields for a successful answer; undefined when the answer holds no access token. */
function issuedToken(answer: TokenAnswer, now: () => number): IDataObject | undefined {
	const { status, body } = answer;
	const accessToken = body.access_token;
	if (status < 200 || status >= 300 || typeof accessToken !== 'string' || accessToken === '') return undefined;
	const seconds = expiresInSeconds(body.expires_in);
	return {
		accessToken,
		refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : '',
		tokenExpiresAt: seconds !== undefined ? new Date(now() + seconds * 1000).toISOString() : '',
	};
}

async function sendTokenRequest(
	helper: IHttpRequestHelper,
	spec: ReturnType<typeof buildTokenRequest>,
	tokenUrl: string,
	redactor: Redactor,
): Promise<TokenAnswer> {
	const redact = (message: string): string => redactor.text(message);
	let response: IN8nHttpFullResponse;
	try {
		// Redirects are followed by the policy: only on the token endpoint's origin, never to http.
		response = await sendFollowingRedirects(
			spec,
			{ base: new URL(spec.url).origin, crossOrigin: false },
			async (next) =>
				(await helper.helpers.httpRequest({
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
	return { status, body: readBody(response.body) };
}

/** Why the token endpoint issued no token, as a UserError without secrets. */
function refusal(grant: OAuth2Grant, answer: TokenAnswer, tokenUrl: string, redactor: Redactor): UserError {
	const redact = (message: string): string => redactor.text(message);
	const { status, body } = answer;
	const code = typeof body.error === 'string' && /^[\w.-]{1,64}$/.test(body.error) ? body.error : undefined;
	const serverSaid = typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : '';
	const message =
		status >= 200 && status < 300
			? 'The token endpoint answered without an access_token.'
			: explainRejection(grant, status, code);
	return new UserError(redact(message), {
		description: redact(`The token endpoint ${describeEndpoint(tokenUrl)} answered HTTP ${status}${serverSaid ? `: ${serverSaid}` : ''}`),
		extra: { httpStatus: status, ...(code ? { oauthError: code } : {}) },
	});
}
