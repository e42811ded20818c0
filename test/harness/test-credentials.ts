/** Test-only credential types that exercise the harness's credentials helper. */
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

/** Generic header auth: `X-Api-Key: <apiKey>`. */
export class HarnessHeaderAuthApi implements ICredentialType {
	name = 'harnessHeaderAuthApi';

	displayName = 'Harness Header Auth';

	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
	};
}

/**
 * A session token fetched by preAuthentication (POST tokenUrl with username/password, answer
 * `{ token }`), kept in the expirable hidden field `sessionToken`, sent as a Bearer header.
 */
export class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';

	displayName = 'Harness Token';

	properties: INodeProperties[] = [
		{ displayName: 'Token URL', name: 'tokenUrl', type: 'string', default: '' },
		{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: credentials.tokenUrl as string,
			body: { username: credentials.username, password: credentials.password },
			json: true,
		})) as { token: string };
		return { sessionToken: response.token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
	};
}
