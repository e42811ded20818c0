/**
 * OAuth2 token requests for the password and client-credentials grants, as pure data in and out
 * (RFC 6749 sections 4.3 and 4.4). The CLI sends the spec with its transport; the n8n credential
 * types send the same request from `preAuthentication`.
 */
import type { AuthDefinition } from '../definition/types';
import type { RequestSpec } from '../request/spec';
import { AuthError, type CredentialValues } from './apply';

type OAuth2Auth = Extract<AuthDefinition, { type: 'oauth2PasswordGrant' | 'oauth2ClientCredentials' }>;

export function isOAuth2(auth: AuthDefinition): auth is OAuth2Auth {
	return auth.type === 'oauth2PasswordGrant' || auth.type === 'oauth2ClientCredentials';
}

export interface TokenRequestInput {
	/** `refresh_token` (RFC 6749 section 6) trades a refresh token the server issued for a new access token. */
	grant: 'password' | 'client_credentials' | 'refresh_token';
	tokenUrl: string;
	clientId?: string;
	clientSecret?: string;
	username?: string;
	password?: string;
	refreshToken?: string;
	scope?: string;
	clientAuthentication: 'header' | 'body';
	verifyTls: boolean;
}

/**
 * The token request itself, the one definition the CLI and the n8n credential types both send.
 * Client authentication is optional for the password grant (public clients send none).
 */
export function buildTokenRequest(input: TokenRequestInput): RequestSpec {
	const form: Record<string, string> =
		input.grant === 'password'
			? { grant_type: 'password', username: input.username ?? '', password: input.password ?? '' }
			: input.grant === 'refresh_token'
				? { grant_type: 'refresh_token', refresh_token: input.refreshToken ?? '' }
				: { grant_type: 'client_credentials' };
	// A refresh keeps the scope the token was granted with (section 6: scope is optional there).
	if (input.scope && input.grant !== 'refresh_token') form.scope = input.scope;
	const headers: Record<string, string> = {
		Accept: 'application/json',
		'Content-Type': 'application/x-www-form-urlencoded',
	};
	if (input.clientAuthentication === 'header') {
		if (input.clientId) {
			// RFC 6749 2.3.1: client id and secret are form-encoded before being joined for Basic auth.
			const id = encodeURIComponent(input.clientId);
			const secret = encodeURIComponent(input.clientSecret ?? '');
			headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
		}
	} else {
		if (input.clientId) form.client_id = input.clientId;
		if (input.clientSecret) form.client_secret = input.clientSecret;
	}
	return { method: 'POST', url: input.tokenUrl, query: [], headers, body: { type: 'form', value: form }, verifyTls: input.verifyTls };
}

/** The token request for a connector's auth block and CLI credentials; missing fields are errors. */
export function tokenRequest(auth: OAuth2Auth, credentials: CredentialValues, verifyTls = true): RequestSpec {
	const need = (field: keyof CredentialValues): string => {
		const value = credentials[field];
		if (typeof value === 'string' && value !== '') return value;
		throw new AuthError(`The ${auth.type} credential has no "${field}"; it is needed to fetch an access token`);
	};
	const password = auth.type === 'oauth2PasswordGrant';
	return buildTokenRequest({
		grant: password ? 'password' : 'client_credentials',
		tokenUrl: credentials.tokenUrl || auth.tokenUrl,
		clientId: need('clientId'),
		clientSecret: need('clientSecret'),
		...(password ? { username: need('username'), password: need('password') } : {}),
		scope: credentials.scope || auth.scope,
		clientAuthentication: auth.clientAuthentication,
		verifyTls,
	});
}

/**
 * A token endpoint answers JSON (RFC 6749 5.1). An HTML login page or a proxy's text error instead
 * gets a message naming the endpoint, its status and content type (the caller redacts it).
 */
export function tokenAnswerNotJson(
	status: number,
	contentType: string,
	body: unknown,
	endpoint: string,
): { message: string; description: string } | undefined {
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
	const text = String(body).replace(/^\uFEFF/, '');
	if (!text.trim()) return undefined;
	try {
		JSON.parse(text);
		return undefined;
	} catch {
		const type = contentType.split(';')[0].trim() || 'no content type';
		// The answer itself is not quoted: a login page or proxy error may repeat what was sent.
		return {
			message: `The token endpoint ${endpoint} answered ${status} with ${type}, not JSON`,
			description: 'An OAuth2 token endpoint answers with JSON. Check the token URL: it may point at a login page, a proxy or the wrong path.',
		};
	}
}

/** Reads the token endpoint's answer; the error never repeats what was sent. */
export function readTokenResponse(
	status: number,
	body: string,
	tokenUrl: string,
	contentType = '',
): { accessToken: string; expiresIn?: number; refreshToken?: string } {
	const notJson = tokenAnswerNotJson(status, contentType, body, tokenUrl);
	if (notJson) throw new AuthError(`${notJson.message}. ${notJson.description}`);
	let parsed: Record<string, unknown> = {};
	try {
		const value: unknown = JSON.parse(body);
		// "null", a number or a string is valid JSON but not an answer object.
		if (value !== null && typeof value === 'object') parsed = value as Record<string, unknown>;
	} catch {
		// handled below
	}
	if (status >= 200 && status < 300 && typeof parsed.access_token === 'string') {
		return {
			accessToken: parsed.access_token,
			...(typeof parsed.expires_in === 'number' ? { expiresIn: parsed.expires_in } : {}),
			...(typeof parsed.refresh_token === 'string' && parsed.refresh_token ? { refreshToken: parsed.refresh_token } : {}),
		};
	}
	const code = typeof parsed.error === 'string' ? parsed.error : undefined;
	const hint =
		code === 'invalid_grant'
			? 'the username or password was rejected'
			: code === 'invalid_client'
				? 'the client ID or client secret was rejected'
				: code === 'invalid_scope'
					? 'the requested scope is not allowed for this client'
					: status >= 200 && status < 300
						? 'the answer has no access_token'
						: `the token endpoint answered ${status}`;
	throw new AuthError(`Could not get an access token from ${tokenUrl}: ${hint}${code ? ` (${code})` : ''}`);
}
