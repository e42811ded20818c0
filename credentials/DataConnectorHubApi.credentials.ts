import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Data Connector Hub (`data-connectors hub`): where the Data Connector nodes find the connectors
 * that are not packaged with this module, and what the Data Connector Registry node manages.
 * A token with the read role is enough to run connectors; the Registry node's writes need edit
 * (and admin for Force).
 */
export class DataConnectorHubApi implements ICredentialType {
	name = 'dataConnectorHubApi';

	displayName = 'Data Connector Hub';

	icon = { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#connector-hub';

	properties: INodeProperties[] = [
		{
			displayName: 'Hub URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://localhost:5680',
			description: 'The address of the Data Connector Hub, without /api/v1',
		},
		{
			displayName: 'API Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "One of the hub's API tokens: the read role runs connectors; managing them needs edit (Force needs admin)",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.url.replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "") }}',
			url: '/api/v1/connectors',
			qs: { size: 1 },
		},
	};
}
