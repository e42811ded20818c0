import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { oauth2TokenFields, requestAccessToken } from './oauth2';
import { connectionFields, connectionTest } from './shared';

/**
 * OAuth2 client credentials grant for connectors whose `auth.type` is `oauth2ClientCredentials`.
 * The access token is fetched when missing, ahead of its expiry, and once more when the API answers
 * with one of the Token Expired Statuses (401 unless the connector or credential says otherwise).
 */
export class DataConnectorClientCredentialsOAuth2Api implements ICredentialType {
	name = 'dataConnectorClientCredentialsOAuth2Api';

	displayName = 'Data Connector OAuth2 Client Credentials';

	icon = { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...oauth2TokenFields,
		...connectionFields,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await requestAccessToken.call(this, credentials, 'client_credentials');
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = connectionTest;
}
