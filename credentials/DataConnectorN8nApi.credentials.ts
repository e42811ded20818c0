import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Read access to an n8n instance's public REST API, for the Data Connector Registry node: it lists
 * the instance's workflows to tell which of them use a connector before the connector is deleted
 * or set to draft. Create the key in n8n under Settings > n8n API.
 */
export class DataConnectorN8nApi implements ICredentialType {
	name = 'dataConnectorN8nApi';

	displayName = 'Data Connector n8n API';

	icon = { light: 'file:dataConnectorN8nApi.svg', dark: 'file:dataConnectorN8nApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#connector-registry';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://n8n.example.com',
			description: 'The address of the n8n instance whose workflows are checked, without /api/v1',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An n8n API key that may read workflows (Settings > n8n API)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "") }}',
			url: '/api/v1/workflows',
			qs: { limit: 1 },
		},
	};
}
