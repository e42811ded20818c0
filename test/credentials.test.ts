import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';
import { guardNetwork } from './helpers/network';

import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorBasicAuthApi } from '../credentials/DataConnectorBasicAuthApi.credentials';
import { DataConnectorBearerTokenApi } from '../credentials/DataConnectorBearerTokenApi.credentials';
import { DataConnectorClientCredentialsOAuth2Api } from '../credentials/DataConnectorClientCredentialsOAuth2Api.credentials';
import { DataConnectorPasswordGrantOAuth2Api } from '../credentials/DataConnectorPasswordGrantOAuth2Api.credentials';
import { connectorDefaults, credentialTypeFor, withConnectorDefaults } from '../credentials/shared';
import { EchoHttp, ECHO_HTTP_TYPE } from './harness/EchoHttp.node';
import { runWorkflow } from './harness/run-workflow';

const API = 'https://api.orders.test';
const AUTH = 'https://auth.orders.test';

const credentialTypes = [
	new DataConnectorBasicAuthApi(),
	new DataConnectorBearerTokenApi(),
	new DataConnectorApiKeyApi(),
	new DataConnectorPasswordGrantOAuth2Api(),
	new DataConnectorClientCredentialsOAuth2Api(),
];

const SECRETS = {
	password: 'pw-Sup3r-secret!',
	clientSecret: 'cs-very-secret-42',
	clientId: 'orders-app',
};
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** Runs EchoHttp with one credential of `type`; `defaults` plays the connector's auth block. */
function run(
	type: string,
	data: ICredentialDataDecryptedObject,
	{ items = [{ id: 1 }], url = `${API}/orders`, defaults = {} }: { items?: IDataObject[]; url?: string; defaults?: IDataObject } = {},
) {
	return runWorkflow({
		nodeTypes: [new EchoHttp(credentialTypes.map((credentialType) => credentialType.name))],
		credentialTypes,
		credentials: [{ id: 'c1', name: 'Orders', type, data }],
		node: { type: ECHO_HTTP_TYPE, parameters: { credentialType: type, url, credentialDefaults: defaults as INodeParameters } },
		items,
	});
}

/** The form fields of a token request body. */
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

guardNetwork();

describe('Basic, Bearer and API key credentials through the engine', () => {
	test('Basic sends an Authorization: Basic header', async () => {
		nock(API, { reqheaders: { authorization: basic('ada', 'pa:ss') } }).get('/orders').reply(200, { ok: 1 });

		const result = await run('dataConnectorBasicAuthApi', { username: 'ada', password: 'pa:ss' });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ok: 1 });
	});

	test('Bearer sends Authorization: Bearer <token>', async () => {
		nock(API, { reqheaders: { authorization: 'Bearer tok-123' } }).get('/orders').reply(200, { ok: 1 });

		const result = await run('dataConnectorBearerTokenApi', { token: 'tok-123' });

		expect(result.error).toBeUndefined();
	});

	test('API key with nothing declared goes in the X-API-Key header', async () => {
		nock(API, { reqheaders: { 'x-api-key': 'k-1' } }).get('/orders').reply(200, { ok: 1 });

		const result = await run('dataConnectorApiKeyApi', { apiKey: 'k-1' });

		expect(result.error).toBeUndefined();
	});

	test('API key follows the connector: query parameter api_key, no header', async () => {
		nock(API, { badheaders: ['x-api-key'] }).get('/orders').query({ page: '2', api_key: 'k-1' }).reply(200, { ok: 1 });

		const result = await run(
			'dataConnectorApiKeyApi',
			{ apiKey: 'k-1' },
			{ url: `${API}/orders?page=2`, defaults: connectorDefaults({ type: 'apiKey', in: 'query', name: 'api_key' }) },
		);

		expect(result.error).toBeUndefined();
	});

	test("API key: the credential's own location and name win over the connector's", async () => {
		nock(API, { reqheaders: { 'x-tenant-key': 'k-1' } }).get('/orders').query({}).reply(200, { ok: 1 });

		const result = await run(
			'dataConnectorApiKeyApi',
			{ apiKey: 'k-1', keyLocation: 'header', keyName: 'X-Tenant-Key' },
			{ defaults: connectorDefaults({ type: 'apiKey', in: 'query', name: 'api_key' }) },
		);

		expect(result.error).toBeUndefined();
	});
});

describe('OAuth2 password grant', () => {
	const credential = {
		tokenUrl: `${AUTH}/oauth/token`,
		clientId: SECRETS.clientId,
		clientSecret: SECRETS.clientSecret,
		username: 'ada',
		password: SECRETS.password,
		scope: 'orders:read',
	};

	test('client authentication header: Basic client auth, form with the grant and scope; token fetched once', async () => {
		let tokenRequest: { headers: IDataObject; body: Record<string, string> } | undefined;
		nock(AUTH)
			.post('/oauth/token')
			.once()
			.reply(function (_uri, body) {
				tokenRequest = { headers: this.req.headers as IDataObject, body: form(body as string) };
				return [200, { access_token: 'AT-1', token_type: 'Bearer', expires_in: 3600 }];
			});
		nock(API, { reqheaders: { authorization: 'Bearer AT-1' } }).get('/orders').times(3).reply(200, { ok: 1 });

		const result = await run('dataConnectorPasswordGrantOAuth2Api', { ...credential, clientAuthentication: 'header' }, {
			items: [{ id: 1 }, { id: 2 }, { id: 3 }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.preAuthCalls).toBe(1);
		expect(tokenRequest?.headers).toMatchObject({
			authorization: basic(SECRETS.clientId, SECRETS.clientSecret),
			'content-type': expect.stringContaining('application/x-www-form-urlencoded'),
		});
		expect(tokenRequest?.body).toEqual({
			grant_type: 'password',
			username: 'ada',
			password: SECRETS.password,
			scope: 'orders:read',
		});
		expect(result.credentialsHelper.getStoredData('c1')?.accessToken).toBe('AT-1');
	});

	test('client authentication body: client_id and client_secret in the form, no Authorization header', async () => {
		nock(AUTH, { badheaders: ['authorization'] })
			.post('/oauth/token', (body: Record<string, string>) => {
				expect(body).toEqual({
					grant_type: 'password',
					username: 'ada',
					password: SECRETS.password,
					scope: 'orders:read',
					client_id: SECRETS.clientId,
					client_secret: SECRETS.clientSecret,
				});
				return true;
			})
			.reply(200, { access_token: 'AT-2' });
		nock(API, { reqheaders: { authorization: 'Bearer AT-2' } }).get('/orders').reply(200, { ok: 1 });

		const result = await run('dataConnectorPasswordGrantOAuth2Api', { ...credential, clientAuthentication: 'body' });

		expect(result.error).toBeUndefined();
	});

	test('token URL, scope and client authentication left empty come from the connector', async () => {
		nock(AUTH, { badheaders: ['authorization'] })
			.post('/connector/token', (body: Record<string, string>) => {
				expect(body).toMatchObject({ scope: 'a b', client_id: SECRETS.clientId, client_secret: SECRETS.clientSecret });
				return true;
			})
			.reply(200, { access_token: 'AT-3' });
		nock(API, { reqheaders: { authorization: 'Bearer AT-3' } }).get('/orders').reply(200, { ok: 1 });

		const result = await run(
			'dataConnectorPasswordGrantOAuth2Api',
			{ ...credential, tokenUrl: '', scope: '' },
			{
				defaults: connectorDefaults({
					type: 'oauth2PasswordGrant',
					tokenUrl: `${AUTH}/connector/token`,
					scope: 'a b',
					clientAuthentication: 'body',
				}),
			},
		);

		expect(result.error).toBeUndefined();
		// Only the token is stored on the credential, not the connector's values.
		expect(result.credentialsHelper.getStoredData('c1')).toMatchObject({ accessToken: 'AT-3', tokenUrl: '', scope: '' });
	});

	test('a 401 from the API fetches a new token once and retries', async () => {
		nock(AUTH).post('/oauth/token').reply(200, { access_token: 'OLD' }).post('/oauth/token').reply(200, { access_token: 'NEW' });
		nock(API)
			.get('/orders')
			.matchHeader('authorization', 'Bearer OLD')
			.reply(401)
			.get('/orders')
			.matchHeader('authorization', 'Bearer NEW')
			.reply(200, { ok: 1 });

		const result = await run('dataConnectorPasswordGrantOAuth2Api', credential);

		expect(result.error).toBeUndefined();
		expect(result.preAuthCallDetails.map((call) => call.credentialsExpired)).toEqual([false, true]);
		expect(result.credentialsHelper.getStoredData('c1')?.accessToken).toBe('NEW');
	});

	test('a wrong password gives a clear error that contains no secret', async () => {
		nock(AUTH)
			.post('/oauth/token')
			.reply(400, { error: 'invalid_grant', error_description: `Bad password ${SECRETS.password} for ada` });

		const result = await run('dataConnectorPasswordGrantOAuth2Api', credential);

		expect(result.items).toEqual([]);
		expect(result.error?.message).toContain('The token endpoint rejected the username or password (invalid_grant)');
		expect(result.error?.description).toContain('answered HTTP 400');
		const everything = JSON.stringify([result.error, result.nodeError, result.runData]);
		for (const secret of [SECRETS.password, SECRETS.clientSecret, basic(SECRETS.clientId, SECRETS.clientSecret).slice(6)]) {
			expect(everything).not.toContain(secret);
		}
		expect(result.preAuthCalls).toBe(1);
	});

	test('a failed connection to the token endpoint leaks no secret', async () => {
		nock(AUTH).post('/oauth/token').replyWithError('socket hang up');

		const result = await run('dataConnectorPasswordGrantOAuth2Api', credential);

		expect(result.error?.message).toBe('Could not reach the token endpoint https://auth.orders.test/oauth/token: socket hang up');
		const everything = JSON.stringify([result.error, result.nodeError, result.runData]);
		expect(everything).not.toContain(SECRETS.password);
		expect(everything).not.toContain(SECRETS.clientSecret);
	});

	test('no token URL anywhere: says so', async () => {
		const result = await run('dataConnectorPasswordGrantOAuth2Api', { ...credential, tokenUrl: '' });

		expect(result.error?.message).toContain('No token URL');
	});
});

describe('OAuth2 client credentials grant', () => {
	const credential = {
		tokenUrl: `${AUTH}/oauth/token`,
		clientId: SECRETS.clientId,
		clientSecret: SECRETS.clientSecret,
		scope: 'orders:read orders:write',
	};

	test('client authentication header (the default)', async () => {
		nock(AUTH, { reqheaders: { authorization: basic(SECRETS.clientId, SECRETS.clientSecret) } })
			.post('/oauth/token', (body: Record<string, string>) => {
				expect(body).toEqual({ grant_type: 'client_credentials', scope: 'orders:read orders:write' });
				return true;
			})
			.reply(200, { access_token: 'CC-1' });
		nock(API, { reqheaders: { authorization: 'Bearer CC-1' } }).get('/orders').times(2).reply(200, { ok: 1 });

		const result = await run('dataConnectorClientCredentialsOAuth2Api', credential, { items: [{}, {}] });

		expect(result.error).toBeUndefined();
		expect(result.preAuthCalls).toBe(1);
	});

	test('client authentication body', async () => {
		nock(AUTH, { badheaders: ['authorization'] })
			.post('/oauth/token', (body: Record<string, string>) => {
				expect(body).toEqual({
					grant_type: 'client_credentials',
					scope: 'orders:read orders:write',
					client_id: SECRETS.clientId,
					client_secret: SECRETS.clientSecret,
				});
				return true;
			})
			.reply(200, { access_token: 'CC-2' });
		nock(API, { reqheaders: { authorization: 'Bearer CC-2' } }).get('/orders').reply(200, { ok: 1 });

		const result = await run('dataConnectorClientCredentialsOAuth2Api', { ...credential, clientAuthentication: 'body' });

		expect(result.error).toBeUndefined();
	});

	test('a wrong client secret gives a clear error that contains no secret', async () => {
		nock(AUTH).post('/oauth/token').reply(401, { error: 'invalid_client' });

		const result = await run('dataConnectorClientCredentialsOAuth2Api', credential);

		expect(result.error?.message).toContain('The token endpoint rejected the client ID or client secret (invalid_client)');
		expect(JSON.stringify([result.error, result.runData])).not.toContain(SECRETS.clientSecret);
	});

	test('a token response without access_token is an error', async () => {
		nock(AUTH).post('/oauth/token').reply(200, { token_type: 'Bearer' });

		const result = await run('dataConnectorClientCredentialsOAuth2Api', credential);

		expect(result.error?.message).toContain('without an access_token');
	});
});

describe('credential type definitions', () => {
	test.each(credentialTypes.map((type) => [type.name, type] as [string, ICredentialType]))('%s', (_name, type) => {
		const fields = type.properties.map((property) => property.name);
		expect(fields).toEqual(expect.arrayContaining(['baseUrl', 'allowUnauthorizedCerts', 'testUrl']));
		expect(type.properties.find((property) => property.name === 'allowUnauthorizedCerts')).toMatchObject({
			type: 'boolean',
			default: false,
		});
		expect(type.test?.request).toMatchObject({
			method: 'GET',
			url: '={{ $credentials.testUrl || $credentials.baseUrl }}',
			skipSslCertificateValidation: '={{ $credentials.allowUnauthorizedCerts }}',
		});
		expect(type.documentationUrl).toMatch(/^https:\/\//);
		const icon = type.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			expect(existsSync(path.join(__dirname, '..', 'credentials', file.replace(/^file:/, '')))).toBe(true);
		}
		for (const property of type.properties) {
			if (/password|secret|token$|apiKey/i.test(property.name)) {
				expect(property.typeOptions?.password).toBe(true);
			}
		}
	});

	test('OAuth2 types keep the token in a hidden expirable field', () => {
		for (const type of [new DataConnectorPasswordGrantOAuth2Api(), new DataConnectorClientCredentialsOAuth2Api()]) {
			expect(type.properties.find((property) => property.name === 'accessToken')).toMatchObject({
				type: 'hidden',
				typeOptions: { expirable: true, password: true },
				default: '',
			});
		}
	});

	test('credentialTypeFor maps every auth type to a registered credential type', () => {
		const names = credentialTypes.map((type) => type.name);
		for (const authType of ['basic', 'bearer', 'apiKey', 'oauth2PasswordGrant', 'oauth2ClientCredentials']) {
			expect(names).toContain(credentialTypeFor(authType));
		}
		expect(credentialTypeFor('none')).toBeUndefined();
	});

	test('withConnectorDefaults fills only empty fields', () => {
		expect(withConnectorDefaults({ a: '', b: 'mine', c: undefined as never }, { a: 'x', b: 'y', c: 'z', d: 'w' })).toEqual({
			a: 'x',
			b: 'mine',
			c: 'z',
			d: 'w',
		});
		expect(connectorDefaults({ type: 'apiKey', name: 'k' })).toEqual({ keyLocation: 'header', keyName: 'k' });
		expect(connectorDefaults({ type: 'oauth2ClientCredentials', tokenUrl: 'https://t' })).toEqual({
			tokenUrl: 'https://t',
			scope: '',
			clientAuthentication: 'header',
			tokenExpiredStatuses: '401',
		});
		expect(connectorDefaults({ type: 'basic' })).toEqual({});
	});
});
