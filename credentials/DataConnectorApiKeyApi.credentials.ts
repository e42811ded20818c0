import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { withCookie } from '../src/request/cookies';
import { connectionFields, connectionTest, DEFAULT_API_KEY_LOCATION, DEFAULT_API_KEY_NAME } from './shared';

/**
 * An API key for connectors whose `auth.type` is `apiKey`, sent in a header, a query parameter or
 * a cookie (merged into the Cookie header the endpoint may already send).
 * Location and name default to what the connector declares (the node fills them in), and to
 * header `X-API-Key` when nothing declares them.
 */
export class DataConnectorApiKeyApi implements ICredentialType {
	name = 'dataConnectorApiKeyApi';

	displayName = 'Data Connector API Key';

	icon = { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-data-connectors/n8n-nodes-data-connectors#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Send In',
			name: 'keyLocation',
			type: 'options',
			options: [
				{ name: 'As the Connector Declares', value: '', description: 'Header, unless the connector says query or cookie' },
				{ name: 'Cookie', value: 'cookie' },
				{ name: 'Header', value: 'header' },
				{ name: 'Query Parameter', value: 'query' },
			],
			default: '',
			description: 'Where the key is sent',
		},
		{
			displayName: 'Header, Parameter or Cookie Name',
			name: 'keyName',
			type: 'string',
			default: '',
			placeholder: 'X-API-Key',
			description:
				'Name of the header, query parameter or cookie that carries the key. Leave empty to use the name the connector declares (X-API-Key if it declares none).',
		},
		...connectionFields,
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const location = (credentials.keyLocation as string) || DEFAULT_API_KEY_LOCATION;
		const keyName = (credentials.keyName as string) || DEFAULT_API_KEY_NAME;
		const apiKey = credentials.apiKey as string;
		if (location === 'query') {
			return { ...requestOptions, qs: { ...requestOptions.qs, [keyName]: apiKey } };
		}
		if (location === 'cookie') {
			return { ...requestOptions, headers: withCookie(headerRecord(requestOptions.headers), keyName, apiKey) };
		}
		return { ...requestOptions, headers: { ...requestOptions.headers, [keyName]: apiKey } };
	}

	test: ICredentialTestRequest = connectionTest;
}

/** Request headers as text values (n8n types them loosely). */
function headerRecord(headers: IHttpRequestOptions['headers']): Record<string, string> {
	return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
