import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { connectionFields, connectionTest } from './shared';

/** A static bearer token for connectors whose `auth.type` is `bearer`. */
export class DataConnectorBearerTokenApi implements ICredentialType {
	name = 'dataConnectorBearerTokenApi';

	displayName = 'Data Connector Bearer Token';

	icon = { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent in the Authorization header, after "Bearer", on every request',
		},
		...connectionFields,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	test: ICredentialTestRequest = connectionTest;
}
