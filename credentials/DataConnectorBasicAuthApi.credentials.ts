import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { connectionFields, connectionTest } from './shared';

/** HTTP Basic authentication for connectors whose `auth.type` is `basic`. */
export class DataConnectorBasicAuthApi implements ICredentialType {
	name = 'dataConnectorBasicAuthApi';

	displayName = 'Data Connector Basic Auth';

	icon = { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...connectionFields,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = connectionTest;
}
