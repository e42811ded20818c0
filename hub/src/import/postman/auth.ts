/**
 * Postman auth (inherited collection -> folder -> request) to the connector's one auth type. The
 * secrets Postman keeps in the auth block are never read into the definition.
 */
import type { AuthInput } from '../credentials';
import type { PostmanAuth } from './collection';
import type { PostmanVariables } from './variables';

/** The auth type, or the reason it cannot be one. */
export function authOf(auth: PostmanAuth | undefined, variables: PostmanVariables): AuthInput | string {
	if (!auth || auth.type === 'noauth') return { type: 'none' };
	const params = auth.params;
	switch (auth.type) {
		case 'basic':
			return { type: 'basic' };
		case 'bearer':
			return { type: 'bearer' };
		case 'apikey': {
			const name = variables.resolve(params.key ?? '');
			if (!name || name.includes('{{')) return 'the API key has no parameter name';
			return { type: 'apiKey', in: params.in === 'query' ? 'query' : 'header', name };
		}
		case 'oauth2': {
			const grant = params.grant_type ?? '';
			const tokenUrl = variables.resolve(params.accessTokenUrl ?? '');
			const scope = params.scope ? { scope: params.scope } : {};
			const clientAuthentication = params.client_authentication === 'body' ? ({ clientAuthentication: 'body' } as const) : {};
			if (!/^https?:\/\//.test(tokenUrl)) return `OAuth2 needs an absolute token URL (found "${params.accessTokenUrl ?? ''}")`;
			if (grant === 'password_credentials') return { type: 'oauth2PasswordGrant', tokenUrl, ...scope, ...clientAuthentication };
			if (grant === 'client_credentials') return { type: 'oauth2ClientCredentials', tokenUrl, ...scope, ...clientAuthentication };
			return `OAuth2 grant "${grant || 'authorization_code'}" is not supported (password and client credentials are)`;
		}
		default:
			return `Postman auth "${auth.type}" is not supported (basic, bearer, API key, OAuth2 password and client credentials are)`;
	}
}
