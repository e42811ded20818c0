/**
 * The Data Connector node on n8n-core's real engine: Trigger -> Data Connector, credentials applied
 * by the in-memory helper the way the n8n server does, nock checking every request.
 */
import { readFileSync } from 'fs';
import { createServer as createHttpServer } from 'http';
import { createServer, type Server } from 'https';
import type { AddressInfo } from 'net';
import { join } from 'path';
import nock from 'nock';
import { guardNetwork } from './helpers/network';
import { nodeClock } from '../nodes/shared/clock';
import { mapperValue } from './helpers/resource-mapper';
import { type IDataObject, type ILoadOptionsFunctions, type INode, type INodeParameters, NodeHelpers, Workflow } from 'n8n-workflow';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { getEndpoints, getInputFields } from '../nodes/DataConnector/methods';
import { HUB_URL, hubCredential, hubCredentialType, serveHub } from './helpers/fake-hub';
import { runLoadOptions } from './harness/list-search';
import { DataConnectorTrigger } from '../nodes/DataConnectorTrigger/DataConnectorTrigger.node';
import { DataConnectorRegistry } from '../nodes/DataConnectorRegistry/DataConnectorRegistry.node';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorBasicAuthApi } from '../credentials/DataConnectorBasicAuthApi.credentials';
import { DataConnectorBearerTokenApi } from '../credentials/DataConnectorBearerTokenApi.credentials';
import { DataConnectorClientCredentialsOAuth2Api } from '../credentials/DataConnectorClientCredentialsOAuth2Api.credentials';
import { DataConnectorPasswordGrantOAuth2Api } from '../credentials/DataConnectorPasswordGrantOAuth2Api.credentials';
import type { StoredCredential } from './harness/credentials-helper';
import { runWorkflow, type RunWorkflowOptions } from './harness/run-workflow';

const ORDERS = 'https://orders.example.com';
const CRM = 'https://crm.example.com';
const SHIPPING = 'https://api.shipping.example.com';
const TOKEN_HOST = 'https://auth.shipping.example.com';
const WAREHOUSE_TOKEN = 'https://auth.wms.example.com';

const API_KEY = 'ak-live-7f3e9c1d';
const BEARER = 'crm-token-55aa';
const CLIENT_SECRET = 'cs-secret-9911';
const PASSWORD = 'pw-Tr0ub4dor';

const credentials: StoredCredential[] = [
	{ id: 'key', name: 'Orders key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } },
	{ id: 'bearer', name: 'CRM', type: 'dataConnectorBearerTokenApi', data: { token: BEARER } },
	{ id: 'basic', name: 'Basic', type: 'dataConnectorBasicAuthApi', data: { username: 'ops', password: PASSWORD } },
	{ id: 'cc', name: 'Shipping', type: 'dataConnectorClientCredentialsOAuth2Api', data: { clientId: 'ship-client', clientSecret: CLIENT_SECRET } },
	{
		id: 'pw',
		name: 'Warehouse',
		type: 'dataConnectorPasswordGrantOAuth2Api',
		data: { clientId: 'wh-client', clientSecret: CLIENT_SECRET, username: 'picker', password: PASSWORD },
	},
];

const credentialTypes = [
	DataConnectorApiKeyApi,
	DataConnectorBasicAuthApi,
	DataConnectorBearerTokenApi,
	DataConnectorClientCredentialsOAuth2Api,
	DataConnectorPasswordGrantOAuth2Api,
];

type Options = Omit<RunWorkflowOptions, 'nodeTypes' | 'node'> & { continueOnFail?: boolean; credentials?: StoredCredential[] };

function run(parameters: INodeParameters, items: IDataObject[], options: Options = {}) {
	const { continueOnFail, ...rest } = options;
	return runWorkflow({
		nodeTypes: [DataConnector],
		credentialTypes,
		credentials,
		node: { type: 'dataConnector', parameters, ...(continueOnFail ? { continueOnFail: true } : {}) },
		items,
		...rest,
	});
}

const defineBelow = (value: IDataObject) => mapperValue(value);
const orderStatus = (value: IDataObject, extra: INodeParameters = {}) => ({
	mode: 'connector',
	connector: 'orderService',
	endpoint: 'getOrderStatus',
	inputs: defineBelow(value),
	...extra,
});

const secretsIn = (value: unknown) =>
	[API_KEY, BEARER, CLIENT_SECRET, PASSWORD].filter((secret) => JSON.stringify(value).includes(secret));

guardNetwork();

describe('Data Connector node: request assembly', () => {
	test('maps inputs by expression from upstream items; API key in the header the connector declares', async () => {
		const scope = nock(ORDERS, { reqheaders: { 'x-api-key': API_KEY, accept: 'application/json' } })
			.get('/api/v1/orders/ORD-1')
			.reply(200, { id: 'ORD-1', status: 'shipped' })
			.get('/api/v1/orders/ORD%2F2')
			.reply(200, { id: 'ORD/2', status: 'delivered' });
		const result = await run(orderStatus({ orderId: '={{ $json.order }}' }), [{ order: 'ORD-1' }, { order: 'ORD/2' }]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ id: 'ORD-1', status: 'shipped' }, { item: 0 }],
			[{ id: 'ORD/2', status: 'delivered' }, { item: 1 }],
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('matches inputs by name from the incoming item automatically', async () => {
		nock(ORDERS, { reqheaders: { 'x-api-key': API_KEY, 'content-type': 'application/json' } })
			.post('/api/v1/orders/ORD-9/refunds', { amount: 12.5, currency: 'EUR', reason: 'damaged' })
			.reply(201, { refundId: 'R-1' });
		const result = await run(
			{
				mode: 'connector',
				connector: 'orderService',
				endpoint: 'processRefund',
				inputs: mapperValue(null, 'autoMapInputData'),
			},
			[{ orderId: 'ORD-9', amount: '12.5', Reason: 'damaged', unrelated: true }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { refundId: 'R-1' }, pairedItem: { item: 0 } }]);
	});

	test('bearer token from the credential; connector settings in a default header', async () => {
		nock(CRM, { reqheaders: { authorization: `Bearer ${BEARER}`, 'x-api-version': '2024-06' } })
			.get('/api/contacts/C-7')
			.reply(200, { id: 'C-7', email: 'a@example.com' });
		const result = await run(
			{ mode: 'connector', connector: 'crmContacts', endpoint: 'getContact', inputs: defineBelow({ contactId: 'C-7' }) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 'C-7', email: 'a@example.com' });
	});

	test.each([
		['basic', { authentication: 'basic' }, { authorization: `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}` }, ''],
		['bearer', { authentication: 'bearer' }, { authorization: `Bearer ${BEARER}` }, ''],
		['apiKey header', { authentication: 'apiKey' }, { 'x-api-key': API_KEY }, ''],
	])('custom endpoint with %s auth', async (_name, auth, headers, query) => {
		nock('https://custom.example.com', { reqheaders: { ...headers, 'x-trace': 'abc', 'content-type': 'application/json' } })
			.post(`/v1/things${query}`, { name: 'widget', count: 3 })
			.query({ dryRun: 'false' })
			.reply(200, { ok: true });
		const result = await run(
			{
				mode: 'custom',
				...auth,
				method: 'POST',
				url: 'https://custom.example.com/v1/things',
				queryParameters: { entries: [{ name: 'dryRun', value: 'false' }] },
				headerParameters: { entries: [{ name: 'X-Trace', value: '={{ $json.trace }}' }] },
				bodyType: 'json',
				jsonBody: '={{ JSON.stringify({ name: $json.name, count: 3 }) }}',
			},
			[{ trace: 'abc', name: 'widget' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ok: true });
	});

	test('API key in the query when the credential says so, and a base URL override from the credential', async () => {
		nock('https://staging.orders.example.com')
			.get('/v1/orders/ORD-3')
			.query({ api_key: API_KEY })
			.reply(200, { id: 'ORD-3' });
		const result = await run(orderStatus({ orderId: 'ORD-3' }), [{}], {
			credentials: [
				{
					id: 'key',
					type: 'dataConnectorApiKeyApi',
					data: { apiKey: API_KEY, keyLocation: 'query', keyName: 'api_key', baseUrl: 'https://staging.orders.example.com/v1' },
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 'ORD-3' });
	});

	test('form bodies from a packaged connector with OAuth2 client credentials', async () => {
		nock(TOKEN_HOST).post('/oauth/token').reply(200, { access_token: 'cc-token-1', token_type: 'Bearer', expires_in: 3600 });
		nock(SHIPPING, { reqheaders: { authorization: 'Bearer cc-token-1', 'content-type': 'application/x-www-form-urlencoded' } })
			.post('/v2/pickups', (body: Record<string, string>) => body.tracking_number === 'SH-77')
			.reply(201, { pickupId: 'P-1' });
		const shipping = JSON.parse(readFileSync(join(__dirname, '..', 'connectors', 'shipping-partner.json'), 'utf8')) as {
			endpoints: Array<{ key: string; path: string; sampleData?: IDataObject }>;
		};
		const pickup = shipping.endpoints.find((endpoint) => endpoint.key === 'schedulePickup');
		expect(pickup?.path).toBe('/pickups');
		const result = await run(
			{ mode: 'connector', connector: 'shippingPartner', endpoint: 'schedulePickup', inputs: defineBelow({ ...pickup?.sampleData, trackingNumber: 'SH-77' }) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ pickupId: 'P-1' });
	});
});

describe('Data Connector node: OAuth2 tokens', () => {
	test('fetches the token once and reuses it for every item', async () => {
		const token = nock(TOKEN_HOST)
			.post('/oauth/token', (body: Record<string, string>) => body.grant_type === 'client_credentials')
			.once()
			.reply(200, { access_token: 'tok-A', token_type: 'Bearer', expires_in: 3600 });
		nock(SHIPPING, { reqheaders: { authorization: 'Bearer tok-A' } })
			.get(/\/v2\/shipments\/SH-\d\/tracking|\/v2\/shipments\/SH-\d/)
			.times(3)
			.reply(200, (uri) => ({ uri }));
		const result = await run(
			{ mode: 'connector', connector: 'shippingPartner', endpoint: 'trackShipment', inputs: defineBelow({ trackingNumber: '={{ $json.id }}' }) },
			[{ id: 'SH-1' }, { id: 'SH-2' }, { id: 'SH-3' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.preAuthCalls).toBe(1);
		expect(token.isDone()).toBe(true);
	});

	test('a 401 triggers exactly one token refresh and a retry', async () => {
		nock(TOKEN_HOST).post('/oauth/token').reply(200, { access_token: 'tok-old', expires_in: 3600 });
		nock(TOKEN_HOST).post('/oauth/token').reply(200, { access_token: 'tok-new', expires_in: 3600 });
		nock(SHIPPING, { reqheaders: { authorization: 'Bearer tok-old' } }).get(/\/v2\/shipments\//).reply(401, { error: 'token expired' });
		nock(SHIPPING, { reqheaders: { authorization: 'Bearer tok-new' } }).get(/\/v2\/shipments\//).reply(200, { status: 'in transit' });
		const result = await run(
			{ mode: 'connector', connector: 'shippingPartner', endpoint: 'trackShipment', inputs: defineBelow({ trackingNumber: 'SH-1' }) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ status: 'in transit' }]);
		expect(result.preAuthCalls).toBe(2);
	});

	test('a wrong password gives a clear credential error without secrets (password grant, draft in manual mode)', async () => {
		nock(WAREHOUSE_TOKEN).post(/.*/).reply(400, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
		const warehouse = JSON.parse(readFileSync(join(__dirname, '..', 'connectors', 'warehouse-draft.json'), 'utf8')) as {
			auth: { tokenUrl: string };
			endpoints: Array<{ key: string; sampleData?: IDataObject }>;
		};
		expect(warehouse.auth.tokenUrl.startsWith(WAREHOUSE_TOKEN)).toBe(true);
		const endpoint = warehouse.endpoints[0];
		const result = await run(
			{ mode: 'connector', connector: 'warehouseInventory', endpoint: endpoint.key, inputs: defineBelow(endpoint.sampleData ?? {}) },
			[{}],
		);
		expect(result.error?.message).toMatch(/username or password/i);
		expect(secretsIn(result.error)).toEqual([]);
	});
});

/**
 * The token lifecycle of #13 and #14, counted: token requests by grant, API requests by token.
 * The credential "Shipping" may hold a stored token; `tokenExpiredStatuses` overrides the connector.
 */
describe('Data Connector node: one OAuth2 token per credential, refreshed on expiry signals', () => {
	interface Counts {
		grants: string[];
		api: string[];
	}
	const counts = (): Counts => ({ grants: [], api: [] });
	/** A token endpoint that answers each grant from `answers` (by grant_type), counting every request. */
	const tokenEndpoint = (seen: Counts, answers: Record<string, Array<[number, IDataObject]>>) =>
		nock(TOKEN_HOST)
			.post('/oauth/token')
			.times(20)
			.reply((_uri, body) => {
				const grant = new URLSearchParams(String(body)).get('grant_type') ?? '';
				seen.grants.push(grant);
				const next = answers[grant]?.shift();
				return next ?? [500, { error: `unexpected ${grant} grant` }];
			});
	/** The API: `valid` tokens get 200; any other token gets `expiredStatus` with an empty body. */
	const api = (seen: Counts, valid: string[], expiredStatus = 403, echo = false) =>
		nock(SHIPPING)
			.get(/\/v2\/shipments\/[^/]+\/tracking/)
			.times(200)
			.reply(function reply(uri) {
				const token = String(this.req.headers.authorization ?? '').replace(/^Bearer /, '');
				seen.api.push(token);
				if (valid.includes(token)) return [200, { uri, token: 'ok' }];
				return [expiredStatus, echo ? { error: `token ${token} has expired` } : ''];
			});
	const shipping = (data: IDataObject): StoredCredential => ({
		id: 'cc',
		name: 'Shipping',
		type: 'dataConnectorClientCredentialsOAuth2Api',
		data: { clientId: 'ship-client', clientSecret: CLIENT_SECRET, ...data },
	});
	const track = (concurrency = 1) => ({
		mode: 'connector',
		connector: 'shippingPartner',
		endpoint: 'trackShipment',
		inputs: defineBelow({ trackingNumber: '={{ $json.id }}' }),
		options: { concurrency },
	});
	const items = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `SH-${index + 1}` }));
	// The endpoints above answer any number of requests; each test asserts the exact counts instead.
	afterEach(() => nock.cleanAll());
	const inAnHour = () => new Date(nodeClock.now() + 3_600_000).toISOString();

	test('50 items at concurrency 10: one token request, one credential read, every request with that token', async () => {
		const seen = counts();
		tokenEndpoint(seen, { client_credentials: [[200, { access_token: 'tok-1', expires_in: 3600 }]] });
		api(seen, ['tok-1']);
		// The nodes' clock stands still: the stored expiry is exactly its time plus expires_in.
		const real = nodeClock.now;
		const now = Date.parse('2030-01-02T03:04:05.000Z');
		nodeClock.now = () => now;
		const result = await run(track(10), items(50), { credentials: [shipping({})] }).finally(() => (nodeClock.now = real));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(50);
		expect(seen.grants).toEqual(['client_credentials']);
		expect(seen.api).toEqual(Array(50).fill('tok-1'));
		expect(result.credentialsHelper.reads).toEqual(['cc']);
		// Saved through n8n's credentials helper, with its lifetime.
		const stored = result.credentialsHelper.getStoredData('cc');
		expect(stored?.accessToken).toBe('tok-1');
		expect(stored?.tokenExpiresAt).toBe('2030-01-02T04:04:05.000Z');
		// 50 items through the engine: a generous limit for a shared machine (no timing is asserted).
	}, 60_000);

	test('403 as an expiry signal (credential override): 10 concurrent items refused the stored token share one refresh and each resend once', async () => {
		const seen = counts();
		tokenEndpoint(seen, {
			refresh_token: [[200, { access_token: 'tok-2', refresh_token: 'rt-2', expires_in: 3600 }]],
		});
		api(seen, ['tok-2']);
		const result = await run(track(10), items(10), {
			credentials: [shipping({ accessToken: 'tok-1', refreshToken: 'rt-1', tokenExpiresAt: inAnHour(), tokenExpiredStatuses: '401, 403' })],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		expect(seen.grants).toEqual(['refresh_token']);
		expect(seen.api.filter((token) => token === 'tok-1')).toHaveLength(10);
		expect(seen.api.filter((token) => token === 'tok-2')).toHaveLength(10);
		expect(result.credentialsHelper.getStoredData('cc')).toMatchObject({ accessToken: 'tok-2', refreshToken: 'rt-2' });
	});

	test('without 403 in the expiry statuses a 403 is an error: no refresh, no resend', async () => {
		const seen = counts();
		tokenEndpoint(seen, {});
		api(seen, []);
		const result = await run(track(), items(1), { credentials: [shipping({ accessToken: 'tok-1', tokenExpiresAt: inAnHour() })] });
		expect(result.error?.message).toMatch(/403/);
		expect(seen).toEqual({ grants: [], api: ['tok-1'] });
	});

	test('a token still refused after the refresh: exactly one refresh and one resend, then the error, masked', async () => {
		const seen = counts();
		tokenEndpoint(seen, { client_credentials: [[200, { access_token: 'tok-fresh-but-refused', expires_in: 3600 }]] });
		api(seen, [], 403, true);
		const result = await run(track(), items(1), {
			credentials: [shipping({ accessToken: 'tok-1', tokenExpiresAt: inAnHour(), tokenExpiredStatuses: '403' })],
		});
		expect(result.error?.message).toMatch(/403/);
		expect(seen).toEqual({ grants: ['client_credentials'], api: ['tok-1', 'tok-fresh-but-refused'] });
		expect(result.error?.message).toContain('token ****** has expired');
		expect(JSON.stringify([result.error, result.runData])).not.toContain('tok-fresh-but-refused');
	});

	test('a token that expires within the margin is refreshed before sending, with the refresh token', async () => {
		const seen = counts();
		tokenEndpoint(seen, { refresh_token: [[200, { access_token: 'tok-2', expires_in: 3600 }]] });
		api(seen, ['tok-2']);
		const soon = new Date(nodeClock.now() + 5_000).toISOString();
		const result = await run(track(), items(3), { credentials: [shipping({ accessToken: 'tok-1', refreshToken: 'rt-1', tokenExpiresAt: soon })] });
		expect(result.error).toBeUndefined();
		expect(seen).toEqual({ grants: ['refresh_token'], api: ['tok-2', 'tok-2', 'tok-2'] });
		// No new refresh token in the answer: the old one stays valid (RFC 6749 section 6).
		expect(result.credentialsHelper.getStoredData('cc')).toMatchObject({ accessToken: 'tok-2', refreshToken: 'rt-1' });
	});

	test('a stored token valid beyond the margin is used as it is: no token request', async () => {
		const seen = counts();
		tokenEndpoint(seen, {});
		api(seen, ['tok-1']);
		const result = await run(track(), items(2), { credentials: [shipping({ accessToken: 'tok-1', tokenExpiresAt: inAnHour() })] });
		expect(result.error).toBeUndefined();
		expect(seen).toEqual({ grants: [], api: ['tok-1', 'tok-1'] });
	});

	test('a refused refresh token falls back to the full grant once', async () => {
		const seen = counts();
		tokenEndpoint(seen, {
			refresh_token: [[400, { error: 'invalid_grant' }]],
			client_credentials: [[200, { access_token: 'tok-2', expires_in: 3600 }]],
		});
		api(seen, ['tok-2'], 401);
		const result = await run(track(), items(2), { credentials: [shipping({ accessToken: 'tok-1', refreshToken: 'rt-revoked', tokenExpiresAt: inAnHour() })] });
		expect(result.error).toBeUndefined();
		expect(seen).toEqual({ grants: ['refresh_token', 'client_credentials'], api: ['tok-1', 'tok-2', 'tok-2'] });
		// The revoked refresh token is dropped: the full grant issued none.
		expect(result.credentialsHelper.getStoredData('cc')).toMatchObject({ accessToken: 'tok-2', refreshToken: '' });
	});

	test('a second execution uses the token n8n saved: no token request', async () => {
		const seen = counts();
		tokenEndpoint(seen, { client_credentials: [[200, { access_token: 'tok-1', expires_in: 3600 }]] });
		api(seen, ['tok-1']);
		const first = await run(track(), items(1), { credentials: [shipping({})] });
		const second = await run(track(), items(1), { credentialsHelper: first.credentialsHelper, credentials: [] });
		expect(second.error).toBeUndefined();
		expect(seen).toEqual({ grants: ['client_credentials'], api: ['tok-1', 'tok-1'] });
	});

	test('Token Expired Statuses that are not HTTP error statuses are a clear credential error', async () => {
		const result = await run(track(), items(1), { credentials: [shipping({ accessToken: 'tok-1', tokenExpiredStatuses: '401, expired' })] });
		expect(result.error?.message).toBe('Token Expired Statuses of credential "Shipping" lists "expired", which is not an HTTP error status (400-599)');
	});
});

describe('Data Connector node: responses', () => {
	test('an array response becomes one item per record, each paired with its input item', async () => {
		nock(ORDERS)
			.get('/api/v1/orders')
			.query(true)
			.reply(200, { data: [{ id: 1 }, { id: 2 }] })
			.get('/api/v1/orders')
			.query(true)
			.reply(200, { data: [{ id: 3 }] });
		const result = await run(
			{ mode: 'connector', connector: 'orderService', endpoint: 'listOrders', inputs: defineBelow({ status: '={{ $json.status }}' }) },
			[{ status: 'paid' }, { status: 'shipped' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 0 }],
			[3, { item: 1 }],
		]);
	});

	test('204, an empty body and an empty list each still give one item per input', async () => {
		nock(ORDERS)
			.get('/api/v1/orders/A')
			.reply(204)
			.get('/api/v1/orders/B')
			.reply(200, '')
			.get('/api/v1/orders/C')
			.reply(200, []);
		const result = await run(orderStatus({ orderId: '={{ $json.id }}' }), [{ id: 'A' }, { id: 'B' }, { id: 'C' }]);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { success: true, status: 204 }, pairedItem: { item: 0 } },
			{ json: { success: true, status: 200 }, pairedItem: { item: 1 } },
			{ json: { success: true, status: 200, results: 0 }, pairedItem: { item: 2 } },
		]);
	});

	test('a non-JSON answer is a clear error naming the endpoint', async () => {
		nock(ORDERS).get('/api/v1/orders/X').reply(200, '<html>Login</html>', { 'content-type': 'text/html' });
		const result = await run(orderStatus({ orderId: 'X' }), [{}]);
		expect(result.error?.message).toContain('not JSON');
		expect(result.error?.message).toContain('getOrderStatus');
	});

	test.each([400, 401, 403, 404, 429, 500, 502, 503])('status %i gives its own error, naming method and URL', async (status) => {
		nock(ORDERS).get('/api/v1/orders/E').reply(status, { message: `failed for ${API_KEY}` });
		// One attempt: retries have their own tests (test/execution.test.ts).
		const result = await run(orderStatus({ orderId: 'E' }, { options: { maxAttempts: 1 } }), [{}]);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: String(status) });
		expect(result.error?.message).toContain(`(${status} `);
		expect(result.error?.message).toContain('GET https://orders.example.com/api/v1/orders/E');
		expect(secretsIn(result.error)).toEqual([]);
	});

	test('the endpoint\'s own message for a status comes first', async () => {
		nock(ORDERS).get('/api/v1/orders/NOPE').reply(404, {});
		const result = await run(orderStatus({ orderId: 'NOPE' }), [{}]);
		expect(result.error?.message).toMatch(/^No order with this number/);
	});

	test('continueOnFail: a mix of good and bad items, count in = count out, pairing kept', async () => {
		nock(ORDERS)
			.get('/api/v1/orders/1')
			.reply(200, { id: '1' })
			.get('/api/v1/orders/2')
			.reply(404, {})
			.get('/api/v1/orders/4')
			.reply(500, {});
		const result = await run(orderStatus({ orderId: '={{ $json.id }}' }), [{ id: '1' }, { id: '2' }, { id: '' }, { id: '4' }], {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[0].json).toEqual({ id: '1' });
		expect(result.items[1].json).toMatchObject({ status: 404 });
		expect(String(result.items[1].json.error)).toMatch(/^No order with this number/);
		expect(String(result.items[2].json.error)).toContain('Missing required input "orderId"');
		expect(result.items[3].json).toMatchObject({ status: 500 });
	});

	test('full response and never error', async () => {
		nock(ORDERS).get('/api/v1/orders/F').reply(200, { id: 'F' }, { 'x-request-id': 'r1' }).get('/api/v1/orders/G').reply(409, { message: 'locked' });
		const result = await run(orderStatus({ orderId: '={{ $json.id }}' }, { options: { fullResponse: true, neverError: true } }), [{ id: 'F' }, { id: 'G' }]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 200, body: { id: 'F' }, headers: { 'x-request-id': 'r1' } });
		expect(result.items[1].json).toMatchObject({ status: 409, body: { message: 'locked' } });
	});
});

describe('Data Connector node: safety', () => {
	test('preview outputs the request per item with secrets masked, and sends nothing', async () => {
		const result = await run(
			{ mode: 'connector', connector: 'orderService', endpoint: 'processRefund', inputs: defineBelow({ orderId: '={{ $json.id }}', amount: 5, reason: 'damaged' }), options: { preview: true } },
			[{ id: 'ORD-1' }, { id: 'ORD-2' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[1]).toEqual({
			json: {
				method: 'POST',
				url: 'https://orders.example.com/api/v1/orders/ORD-2/refunds',
				headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-API-Key': '******' },
				body: { amount: 5, currency: 'EUR', reason: 'damaged' },
			},
			pairedItem: { item: 1 },
		});
		expect(secretsIn(result.items)).toEqual([]);
	});

	test('a draft connector refuses to run in a production execution, and says why', async () => {
		const result = await run(
			{ mode: 'connector', connector: 'warehouseInventory', endpoint: 'getStockLevel', inputs: defineBelow({}) },
			[{}],
			{ mode: 'trigger' },
		);
		expect(result.error?.message).toBe('Connector "Warehouse Inventory" is a draft and does not run in production executions');
	});

	test('an Authentication setting that does not match the connector is explained', async () => {
		const result = await run(orderStatus({ orderId: '1' }, { connector: '={{ "orderService" }}', authentication: 'none' }), [{}]);
		expect(result.error?.message).toBe(
			'Connector "Order Service" authenticates with API Key, but this node\'s Authentication is set to None',
		);
	});

	test('an unreachable host is named in the error', async () => {
		// A real refused connection: a loopback port that was just freed.
		const server = createHttpServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const result = await run(orderStatus({ orderId: 'U' }, { options: { maxAttempts: 2 } }), [{}], {
				credentials: [{ id: 'key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` } }],
			});
			expect(result.error).toMatchObject({
				name: 'NodeApiError',
				message: `Could not reach http://127.0.0.1:${port}: ECONNREFUSED (after 2 attempts)`,
			});
		} finally {
			nock.disableNetConnect();
		}
	});
});

describe('Data Connector node: TLS verification reaches the request', () => {
	let server: Server;
	let base: string;
	beforeAll(async () => {
		const tls = join(__dirname, 'fixtures', 'tls');
		server = createServer({ key: readFileSync(join(tls, 'localhost.key')), cert: readFileSync(join(tls, 'localhost.crt')) }, (_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ id: 'TLS-1' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
		nock.enableNetConnect('127.0.0.1');
	});
	afterAll(async () => {
		nock.disableNetConnect();
		await new Promise((resolve) => server.close(resolve));
	});

	const withCredential = (extra: IDataObject) => ({
		credentials: [{ id: 'key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY, baseUrl: base, ...extra } }],
	});

	test('a self-signed certificate is refused by default', async () => {
		const result = await run(orderStatus({ orderId: 'TLS-1' }), [{}], withCredential({}));
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.error)).toMatch(/self[- ]signed|certificate/i);
	});

	test('the credential can turn verification off explicitly', async () => {
		const result = await run(orderStatus({ orderId: 'TLS-1' }), [{}], withCredential({ allowUnauthorizedCerts: true }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 'TLS-1' });
	});
});

describe('Data Connector node: connectors of a Data Connector Hub', () => {
	const helpdesk = {
		key: 'helpdesk',
		name: 'Helpdesk',
		description: 'Tickets, from the hub.',
		categories: ['Support'],
		baseUrl: 'https://helpdesk.example.com/api',
		auth: { type: 'basic' },
		endpoints: [
			{ key: 'getTicket', purpose: 'Get', name: 'Get Ticket', path: '/tickets/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] },
		],
	};
	/** An API key in a cookie, next to a cookie the endpoint declares (OpenAPI's `in: cookie`). */
	const storefront = {
		key: 'storefront',
		name: 'Storefront',
		categories: ['Commerce'],
		baseUrl: 'https://shop.example.com/api',
		auth: { type: 'apiKey', in: 'cookie', name: 'shop_key' },
		endpoints: [
			{
				key: 'getCart',
				name: 'Get Cart',
				path: '/cart',
				headers: [{ key: 'Cookie', value: 'lang={{ inputs.lang }}' }],
				inputs: [{ name: 'lang', default: 'en' }],
			},
		],
	};
	beforeEach(() =>
		serveHub(
			{
				storefront,
				helpdesk,
				broken: { ...helpdesk, key: 'broken', name: 'Broken', baseUrl: 'not a url' },
				// A hub connector cannot replace a packaged connector.
				orderService: { ...helpdesk, key: 'orderService', name: 'Fake Orders' },
			},
			{ broken: ['broken.json: /baseUrl: must be an absolute http(s) URL'] },
		),
	);
	const hubRun = (parameters: INodeParameters, items: IDataObject[]) =>
		run(parameters, items, { credentialTypes: [...credentialTypes, hubCredentialType], credentials: [...credentials, hubCredential] });

	test('hub connectors are listed after the packaged ones (as n8n lists them for the editor), invalid ones marked', async () => {
		const options = await runLoadOptions({
			nodeTypes: [DataConnector],
			credentialTypes: [hubCredentialType],
			credentials: [hubCredential],
			node: { type: 'dataConnector', parameters: { mode: 'connector' } },
			method: 'getConnectors',
			path: 'parameters.connector',
		});
		const names = options.map((option) => option.name);
		expect(names.slice(-3)).toEqual(['Hub: Broken (Invalid)', 'Hub: Helpdesk', 'Hub: Storefront']);
		expect(names).toEqual(expect.arrayContaining(['Order Service', 'Warehouse Inventory (Draft)']));
		expect(names).not.toContain('Hub: Fake Orders');
		expect(options.find((option) => option.value === 'broken')?.description).toContain('broken.json: /baseUrl: must be an absolute http(s) URL');
	});

	test('a hub connector runs with the authentication the builder chose', async () => {
		nock('https://helpdesk.example.com', { reqheaders: { authorization: `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}` } })
			.get('/api/tickets/T-1')
			.reply(200, { id: 'T-1' });
		const result = await hubRun(
			{ mode: 'connector', connector: 'helpdesk', endpoint: 'getTicket', authentication: 'basic', inputs: defineBelow({ id: 'T-1' }) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 'T-1' });
	});

	test('an API key in a cookie joins the declared cookies in one Cookie header', async () => {
		nock('https://shop.example.com', { reqheaders: { cookie: `lang=de; shop_key=${API_KEY}` }, badheaders: ['x-api-key'] })
			.get('/api/cart')
			.query({})
			.reply(200, { items: 2 });
		const result = await hubRun(
			{ mode: 'connector', connector: 'storefront', endpoint: 'getCart', authentication: 'apiKey', inputs: defineBelow({ lang: 'de' }) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ items: 2 });
	});

	test('the preview shows where the cookie key goes, masked', async () => {
		const result = await hubRun(
			{ mode: 'connector', connector: 'storefront', endpoint: 'getCart', authentication: 'apiKey', inputs: defineBelow({ lang: 'de' }), options: { preview: true } },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			method: 'GET',
			url: 'https://shop.example.com/api/cart',
			headers: { Accept: 'application/json', Cookie: 'lang=de; shop_key=******' },
			body: null,
		});
		expect(secretsIn(result.items)).toEqual([]);
	});

	test('an invalid hub connector is reported with the hub and the path when used', async () => {
		const result = await hubRun({ mode: 'connector', connector: 'broken', endpoint: 'getTicket', inputs: defineBelow({}) }, [{}]);
		expect(result.error?.message).toContain(`The connector "broken" in the Data Connector Hub at ${HUB_URL} is invalid`);
		expect(result.error?.message).toContain('broken.json: /baseUrl: must be an absolute http(s) URL');
	});
});

describe('Data Connector node: what the editor shows', () => {
	const editor = (parameters: IDataObject) =>
		({ getCurrentNodeParameter: (name: string) => parameters[name] }) as unknown as ILoadOptionsFunctions;

	test('endpoints are listed with purpose, description and their inputs', async () => {
		const endpoints = await getEndpoints.call(editor({ connector: 'orderService' }));
		expect(endpoints.map((endpoint) => endpoint.value)).toEqual([
			'getOrderStatus',
			'listOrders',
			'rescheduleDelivery',
			'processRefund',
			'createWebhookSubscription',
			'getWebhookSubscription',
			'deleteWebhookSubscription',
		]);
		const refund = endpoints.find((endpoint) => endpoint.value === 'processRefund');
		expect(refund?.name).toBe('Process Refund');
		expect(refund?.description).toMatch(/^Action: /);
		expect(refund?.description).toContain('• Amount (number, required)');
	});

	test('inputs become resource-mapper fields with label, type, required flag, default and options', async () => {
		const { fields } = await getInputFields.call(editor({ connector: 'orderService', endpoint: 'processRefund' }));
		const currency = fields.find((field) => field.id === 'currency');
		expect(currency).toMatchObject({ displayName: 'Currency', type: 'options', required: false, defaultValue: 'EUR', display: true });
		expect(currency?.options?.map((option) => option.value)).toContain('USD');
		expect(fields.find((field) => field.id === 'orderId')).toMatchObject({ type: 'string', required: true });
		expect(fields.find((field) => field.id === 'amount')).toMatchObject({ type: 'number', required: true });
	});
});

describe('Data Connector node: OAuth2 password grant', () => {
	test('fetches a token with the user\'s password and calls the API with it (draft runs in manual mode)', async () => {
		nock(WAREHOUSE_TOKEN)
			.post('/oauth/token', (body: Record<string, string>) =>
				body.grant_type === 'password' && body.username === 'picker' && body.password === PASSWORD && body.client_id === 'wh-client')
			.reply(200, { access_token: 'wh-token', expires_in: 600 });
		nock('https://wms.example.com', { reqheaders: { authorization: 'Bearer wh-token' } })
			.get(/\/api\/v3\/warehouses\/.+\/stock\/.+/)
			.reply(200, { sku: 'SKU-1', onHand: 4 });
		const warehouse = JSON.parse(readFileSync(join(__dirname, '..', 'connectors', 'warehouse-draft.json'), 'utf8')) as {
			baseUrl: string;
			endpoints: Array<{ key: string; sampleData?: IDataObject }>;
		};
		expect(warehouse.baseUrl.startsWith('https://wms.example.com/api/v3')).toBe(true);
		const endpoint = warehouse.endpoints[0];
		const result = await run(
			{ mode: 'connector', connector: 'warehouseInventory', endpoint: endpoint.key, inputs: defineBelow(endpoint.sampleData ?? {}) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ sku: 'SKU-1', onHand: 4 });
	});
});

describe('what the n8n editor shows of the generic nodes', () => {
	// n8n's editor (editor-ui nodeTypesUtils: getMainAuthField, isAuthRelatedParameter) takes a
	// parameter named "authentication" that credentials depend on and that has no "none" option as
	// the node's main auth field, and then hides every parameter named in the display conditions of
	// such fields. The browser test in e2e/editor.js shows the result; this check is its fast guard.
	const nodes = [new DataConnector(), new DataConnectorTrigger(), new DataConnectorRegistry()];
	test.each(nodes.map((node) => [node.description.displayName, node] as const))('%s: no authentication field the editor would treat as main (which would hide the Connector picker)', (_name, node) => {
		const credentialFields = new Set((node.description.credentials ?? []).flatMap((credential) => Object.keys(credential.displayOptions?.show ?? {})));
		const authFields = node.description.properties.filter((property) => credentialFields.has(property.name));
		const mainAuth = authFields.filter(
			(property) => property.name === 'authentication' && !property.options?.some((option) => 'value' in option && option.value === 'none'),
		);
		expect(mainAuth).toEqual([]);
	});

	test('the optional hub credential is labelled for what it does, and not asked for a custom endpoint', () => {
		const hub = (node: DataConnector | DataConnectorTrigger) => node.description.credentials?.find((credential) => credential.name === 'dataConnectorHubApi');
		for (const node of [new DataConnector(), new DataConnectorTrigger()]) {
			expect(hub(node)?.displayName).toMatch(/^Data Connector Hub \(Optional/);
			// A `show` condition would make the editor hide the parameter it names (see above).
			expect(hub(node)?.displayOptions?.show).toBeUndefined();
		}
		const custom = { mode: 'custom', method: 'GET', url: 'https://api.example.com' };
		const credential = hub(new DataConnector());
		expect(credential && NodeHelpers.displayParameter(custom, credential, null, null)).toBe(false);
		expect(credential && NodeHelpers.displayParameter({ mode: 'connector', connector: '' }, credential, null, null)).toBe(true);
		expect(credential && NodeHelpers.displayParameter({ mode: 'connector', connector: 'orderService' }, credential, null, null)).toBe(true);
	});

	test('a fresh node asks for the connector first: endpoint and inputs wait for it', () => {
		const properties = new DataConnector().description.properties;
		expect(properties.find((property) => property.name === 'endpoint')?.displayOptions?.hide).toEqual({ connector: [''] });
		expect(properties.find((property) => property.name === 'inputs')?.displayOptions?.hide).toEqual({ connector: [''], endpoint: [''] });
	});
});

describe('Data Connector node: the canvas subtitle', () => {
	// Evaluated by n8n-workflow's expression engine, as the editor does for the canvas.
	const subtitleOf = (type: 'node' | 'trigger' | 'registry', parameters: INodeParameters): unknown => {
		const nodeType = type === 'node' ? new DataConnector() : type === 'trigger' ? new DataConnectorTrigger() : new DataConnectorRegistry();
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		const node: INode = { id: '1', name: 'Data Connector', type: nodeType.description.name, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'internal', {});
	};

	test.each([
		['a packaged connector and endpoint: their names', { mode: 'connector', connector: 'orderService', endpoint: 'getOrderStatus' }, 'Order Service: Get Order Status'],
		['a hub connector: its key and the endpoint key in words', { mode: 'connector', connector: 'studioOrders', endpoint: 'getOrder' }, 'Studio Orders: Get Order'],
		['keys with digits, dashes and underscores', { mode: 'connector', connector: 'e2eHelpdeskBasic', endpoint: 'list_open-tickets' }, 'E2e Helpdesk Basic: List open tickets'],
		['a connector chosen, no endpoint yet', { mode: 'connector', connector: 'studioOrders', endpoint: '' }, 'Studio Orders'],
		['nothing chosen yet', { mode: 'connector', connector: '', endpoint: '' }, ''],
		['a custom endpoint: method and URL', { mode: 'custom', method: 'GET', url: 'https://api.example.com/v1/items' }, 'GET https://api.example.com/v1/items'],
	])('%s', (_name, parameters, expected) => {
		expect(subtitleOf('node', parameters as INodeParameters)).toBe(expected);
	});

	test('the trigger: "New records: " and the names, also for a hub connector', () => {
		expect(subtitleOf('trigger', { connector: 'orderService', endpoint: 'listOrders' })).toBe('New records: Order Service: List Orders');
		expect(subtitleOf('trigger', { connector: 'studioOrders', endpoint: 'listOrders' })).toBe('New records: Studio Orders: List Orders');
	});

	test('the Registry node: the action, then the connector by name (a hub connector\'s key in words)', () => {
		expect(subtitleOf('registry', { operation: 'get', connector: 'orderService' })).toMatch(/: Order Service$/);
		expect(subtitleOf('registry', { operation: 'get', connector: 'studioOrders' })).toMatch(/: Studio Orders$/);
	});
});
