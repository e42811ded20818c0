/**
 * What every Data Connector credential type shares, and how a node combines a credential with
 * the connector it serves.
 *
 * One credential type per connector auth method (`auth.type` in a connector definition):
 *
 *   basic                    -> dataConnectorBasicAuthApi
 *   bearer                   -> dataConnectorBearerTokenApi
 *   apiKey                   -> dataConnectorApiKeyApi
 *   oauth2PasswordGrant      -> dataConnectorPasswordGrantOAuth2Api
 *   oauth2ClientCredentials  -> dataConnectorClientCredentialsOAuth2Api
 *   none                     -> no credential
 *
 * Fields a credential may leave empty mean "as the connector declares": the API key's location
 * and name, the OAuth2 token URL, scope and client authentication. A credential type cannot read
 * the connector, so the node fills them: it reads the credential, applies
 * `withConnectorDefaults(data, connectorDefaults(connector.auth))`, and passes the result to
 * uses the filled data for the whole execution (each credential is read once per execution).
 * Basic, bearer and API key are applied by the runtime's own code (src/auth/apply.ts, the same as
 * the CLI's); their `authenticate` blocks serve n8n's Test button. OAuth2 tokens are fetched through
 * n8n's `preAuthentication` so that n8n saves them on the credential: see
 * nodes/shared/oauth2-access.ts.
 *
 * Also left to the node, because `authenticate` cannot do it for every n8n version:
 * - `baseUrl` (Base URL Override): when set, requests go to it instead of the connector's base URL.
 * - `allowUnauthorizedCerts`: when true, or when the connector sets `verifyTls: false`, send with
 *   `skipSslCertificateValidation: true`. The OAuth2 token request honours it on its own.
 */
import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject, INodeProperties } from 'n8n-workflow';

/** The connector `auth.type` values that need a credential. */
export type CredentialAuthType = 'basic' | 'bearer' | 'apiKey' | 'oauth2PasswordGrant' | 'oauth2ClientCredentials';

/** The credential type name for a connector `auth.type`; undefined for `none` (or unknown). */
export function credentialTypeFor(authType: string): string | undefined {
	switch (authType) {
		case 'basic':
			return 'dataConnectorBasicAuthApi';
		case 'bearer':
			return 'dataConnectorBearerTokenApi';
		case 'apiKey':
			return 'dataConnectorApiKeyApi';
		case 'oauth2PasswordGrant':
			return 'dataConnectorPasswordGrantOAuth2Api';
		case 'oauth2ClientCredentials':
			return 'dataConnectorClientCredentialsOAuth2Api';
		default:
			return undefined;
	}
}

/** The part of a connector's `auth` block a credential can default from (structural, no import). */
export interface ConnectorAuthLike {
	type: string;
	in?: 'header' | 'query' | 'cookie';
	name?: string;
	tokenUrl?: string;
	scope?: string;
	clientAuthentication?: 'header' | 'body';
	tokenExpiredStatuses?: number[];
}

/** The status with which APIs say "token expired" when nothing else is declared. */
export const DEFAULT_TOKEN_EXPIRED_STATUSES = [401];

/** API key sent when neither the credential nor the connector says where. */
export const DEFAULT_API_KEY_LOCATION = 'header';
export const DEFAULT_API_KEY_NAME = 'X-API-Key';

/** The credential field values a connector's `auth` block implies. */
export function connectorDefaults(auth: ConnectorAuthLike): IDataObject {
	switch (auth.type) {
		case 'apiKey':
			return { keyLocation: auth.in ?? DEFAULT_API_KEY_LOCATION, keyName: auth.name ?? DEFAULT_API_KEY_NAME };
		case 'oauth2PasswordGrant':
		case 'oauth2ClientCredentials':
			return {
				tokenUrl: auth.tokenUrl ?? '',
				scope: auth.scope ?? '',
				clientAuthentication: auth.clientAuthentication ?? 'header',
				tokenExpiredStatuses: (auth.tokenExpiredStatuses ?? DEFAULT_TOKEN_EXPIRED_STATUSES).join(', '),
			};
		default:
			return {};
	}
}

/** A copy of `data` whose empty fields ('' , null or missing) take the value from `defaults`. */
export function withConnectorDefaults(
	data: ICredentialDataDecryptedObject,
	defaults: IDataObject,
): ICredentialDataDecryptedObject {
	const filled: ICredentialDataDecryptedObject = { ...data };
	for (const [key, value] of Object.entries(defaults)) {
		const current = filled[key];
		if ((current === undefined || current === null || current === '') && value !== undefined) {
			filled[key] = value as ICredentialDataDecryptedObject[string];
		}
	}
	return filled;
}

/** Fields every Data Connector credential ends with. */
export const connectionFields: INodeProperties[] = [
	{
		displayName: 'Base URL Override',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://staging.api.example.com/v1',
		description:
			"Send this credential's requests to this base URL instead of the connector's, e.g. for a staging environment. Leave empty to use the base URL the connector declares.",
	},
	{
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'allowUnauthorizedCerts',
		type: 'boolean',
		default: false,
		description:
			'Whether to connect even if the TLS certificate cannot be verified, e.g. a self-signed test server. Leave off for production APIs.',
	},
	{
		displayName: 'Webhook Secret',
		name: 'webhookSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Only for instant triggers of connectors that verify events with a secret from the credential: the signing secret or token the API shows for its webhooks. Leave empty otherwise.",
	},
	{
		displayName: 'Test URL',
		name: 'testUrl',
		type: 'string',
		default: '',
		placeholder: 'https://api.example.com/v1/me',
		description:
			"Only for this dialog's Test button: a URL of the API that answers a GET with a 2xx status when the credential is valid. Leave empty to test against the Base URL Override. Workflows never call it.",
	},
];

/**
 * The Test button: an authenticated GET to the Test URL, or else to the Base URL Override. A
 * credential has no other URL to try: the API's address lives in the connector.
 */
export const connectionTest: ICredentialTestRequest = {
	request: {
		method: 'GET',
		url: '={{ $credentials.testUrl || $credentials.baseUrl }}',
		skipSslCertificateValidation: '={{ $credentials.allowUnauthorizedCerts }}',
	},
};
