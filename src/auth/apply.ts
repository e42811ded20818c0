/**
 * How each auth method is applied to a request spec outside n8n (the CLI; inside n8n the
 * credential types do the same through n8n's `authenticate`). Pure: the OAuth2 access token is
 * passed in, fetched beforehand by oauth2.ts when a request is really sent.
 */
import type { AuthDefinition } from '../definition/types';
import { withCookie } from '../request/cookies';
import { HeaderBag } from '../request/headers';
import type { BuiltRequest } from '../request/spec';
import { MASK, Redactor } from '../redact';

/** Credential values as the CLI reads them (the same names as the n8n credential fields). */
export interface CredentialValues {
	username?: string;
	password?: string;
	token?: string;
	apiKey?: string;
	accessToken?: string;
	clientId?: string;
	clientSecret?: string;
	tokenUrl?: string;
	scope?: string;
	baseUrl?: string;
	allowUnauthorizedCerts?: boolean;
}

export class AuthError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AuthError';
	}
}

/** The credential fields each auth method needs, and which of them are secret. */
export const AUTH_FIELDS: Record<AuthDefinition['type'], { required: Array<keyof CredentialValues>; secret: Array<keyof CredentialValues> }> = {
	none: { required: [], secret: [] },
	basic: { required: ['username', 'password'], secret: ['password'] },
	bearer: { required: ['token'], secret: ['token'] },
	apiKey: { required: ['apiKey'], secret: ['apiKey'] },
	oauth2PasswordGrant: {
		required: ['clientId', 'clientSecret', 'username', 'password'],
		secret: ['clientSecret', 'password', 'accessToken'],
	},
	oauth2ClientCredentials: { required: ['clientId', 'clientSecret'], secret: ['clientSecret', 'accessToken'] },
};

export function secretValues(auth: AuthDefinition, credentials: CredentialValues): string[] {
	return AUTH_FIELDS[auth.type].secret.map((field) => credentials[field]).filter((v): v is string => typeof v === 'string');
}

/** A redactor for `secrets` that also masks the header or cookie the auth method puts a key in, by name. */
export function redactorFor(auth: AuthDefinition, secrets: Iterable<string | undefined | null>): Redactor {
	const redactor = new Redactor(secrets);
	if (auth.type === 'apiKey' && auth.in === 'header') redactor.addSecretHeader(auth.name);
	if (auth.type === 'apiKey' && auth.in === 'cookie') redactor.addSecretCookie(auth.name);
	return redactor;
}

/**
 * Adds authentication to a built request. With `placeholders`, a missing secret is shown as
 * "******" so a dry run shows where credentials go without needing them.
 */
export function applyAuth(
	built: BuiltRequest,
	auth: AuthDefinition,
	credentials: CredentialValues,
	options: { accessToken?: string; placeholders?: boolean } = {},
): BuiltRequest {
	const value = (field: keyof CredentialValues): string => {
		const given = field === 'accessToken' ? options.accessToken ?? credentials.accessToken : credentials[field];
		if (typeof given === 'string' && given !== '') return given;
		if (options.placeholders) return MASK;
		throw new AuthError(`The ${auth.type} credential has no "${field}"; give it with --credentials`);
	};
	const headers = new HeaderBag();
	for (const [name, headerValue] of Object.entries(built.spec.headers)) headers.set(name, headerValue);
	const query = [...built.spec.query];
	let cookie: [string, string] | undefined;
	const secrets = [...built.secrets, ...secretValues(auth, credentials)];

	switch (auth.type) {
		case 'none':
			break;
		case 'basic': {
			const encoded = Buffer.from(`${value('username')}:${value('password')}`).toString('base64');
			headers.set('Authorization', `Basic ${encoded}`);
			secrets.push(encoded);
			break;
		}
		case 'bearer':
			headers.set('Authorization', `Bearer ${value('token')}`);
			break;
		case 'apiKey':
			if (auth.in === 'header') headers.set(auth.name, value('apiKey'));
			else if (auth.in === 'cookie') cookie = [auth.name, value('apiKey')];
			else {
				// Like an auth header, the credential's query parameter wins over one of the same name.
				const name = auth.name;
				query.splice(0, query.length, ...query.filter(([param]) => param !== name));
				query.push([name, value('apiKey')]);
			}
			break;
		case 'oauth2PasswordGrant':
		case 'oauth2ClientCredentials': {
			const token = value('accessToken');
			headers.set('Authorization', `Bearer ${token}`);
			secrets.push(token);
			break;
		}
	}
	const merged = cookie ? withCookie(headers.toObject(), ...cookie) : headers.toObject();
	return { spec: { ...built.spec, headers: merged, query }, secrets };
}
