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

export function tokenRequest(auth: OAuth2Auth, credentials: CredentialValues, verifyTls = true): RequestSpec {
	const need = (field: keyof CredentialValues): string => {
		const value = credentials[field];
		if (typeof value === 'string' && value !== '') return value;
		throw new AuthError(`The ${auth.type} credential has no "${field}"; it is needed to fetch an access token`);
	};
	const form: Record<string, string> =
		auth.type === 'oauth2PasswordGrant'
			? { grant_type: 'password', username: need('username'), password: need('password') }
			: { grant_type: 'client_credentials' };
	const scope = credentials.scope || auth.scope;
	if (scope) form.scope = scope;
	const headers: Record<string, string> = {
		Accept: 'application/json',
		'Content-Type': 'application/x-www-form-urlencoded',
	};
	if (auth.clientAuthentication === 'header') {
		// RFC 6749 2.3.1: client id and secret are form-encoded before being joined for Basic auth.
		const id = encodeURIComponent(need('clientId'));
		const secret = encodeURIComponent(need('clientSecret'));
		headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
	} else {
		form.client_id = need('clientId');
		form.client_secret = need('clientSecret');
	}
	return {
		method: 'POST',
		url: credentials.tokenUrl || auth.tokenUrl,
		query: [],
		headers,
		body: { type: 'form', value: form },
		verifyTls,
	};
}

/** Reads the token endpoint's answer; the error never repeats what was sent. */
export function readTokenResponse(status: number, body: string, tokenUrl: string): { accessToken: string; expiresIn?: number } {
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
