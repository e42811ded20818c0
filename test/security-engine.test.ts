/**
 * Origin pinning and redaction through the real n8n-core engine, against real HTTP servers: the API
 * on 127.0.0.1, "another host" on 127.0.0.2 (the whole 127.0.0.0/8 is loopback on Linux), another
 * port on 127.0.0.1, and an https API with the self-signed test certificate. Every redirect the
 * issue reported is tried with every credential type; the other servers must receive nothing, and
 * no form of any secret may appear anywhere in the run (items, errors with stack and cause, run data).
 */
import { readFileSync } from 'fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { createServer as createHttpsServer } from 'https';
import type { AddressInfo } from 'net';
import { join } from 'path';
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorBasicAuthApi } from '../credentials/DataConnectorBasicAuthApi.credentials';
import { DataConnectorBearerTokenApi } from '../credentials/DataConnectorBearerTokenApi.credentials';
import { DataConnectorClientCredentialsOAuth2Api } from '../credentials/DataConnectorClientCredentialsOAuth2Api.credentials';
import { Redactor } from '../src/redact';
import type { StoredCredential } from './harness/credentials-helper';
import { runWorkflow, type RunWorkflowResult } from './harness/run-workflow';
import { guardNetwork } from './helpers/network';
import { mapperValue } from './helpers/resource-mapper';
import { leaksIn } from './helpers/leaks';

const API_KEY = 'ak-sec-7f3e9c1d55';
const BEARER = 'bearer-sec-55aa77';
const PASSWORD = 'pw-sec-Tr0ub4dor&3';
const CLIENT_SECRET = 'cs-sec-9911xyz';
const ACCESS_TOKEN = 'at-sec-fresh-0c0ffee';

interface Recorded {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
}

interface Loopback {
	server: Server;
	url: string;
	requests: Recorded[];
}

async function listen(server: Server, host: string, scheme = 'http'): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	return `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
}

function recorder(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
	const requests: Recorded[] = [];
	const handler = (req: IncomingMessage, res: ServerResponse) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
			handle(req, res, body);
		});
	};
	return { requests, handler };
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(value));
};

let api: Loopback;
let other: Loopback;
let otherPort: Loopback;
let tlsApi: Loopback;

/** The API: the path segment after the base path says what to do. */
function apiHandler(req: IncomingMessage, res: ServerResponse, body: string) {
	const url = new URL(req.url ?? '/', 'http://x');
	const auth = String(req.headers.authorization ?? '');
	const key = String(req.headers['x-api-key'] ?? '');
	if (url.pathname === '/oauth/token') {
		if (auth !== `Basic ${Buffer.from(`ship-client:${CLIENT_SECRET}`).toString('base64')}` || !body.includes('grant_type=client_credentials')) {
			return json(res, 401, { error: 'invalid_client', error_description: `unknown client ${auth}` });
		}
		return json(res, 200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 });
	}
	if (url.pathname === '/oauth/html') {
		res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
		return res.end('<html><body>Bad gateway</body></html>');
	}
	if (url.pathname === '/oauth/echo') return json(res, 401, { error: 'invalid_client', error_description: `rejected ${auth}` });
	const segments = url.pathname.split('/');
	if (segments.includes('TO-OTHER')) return json(res, 302, {}, { location: `${other.url}/steal/file?sig=abc` });
	if (segments.includes('TO-PORT')) return json(res, 307, {}, { location: `${otherPort.url}/api/v1/orders/OK` });
	if (segments.includes('OUTSIDE')) return json(res, 301, {}, { location: '/admin/export' });
	if (segments.includes('INSIDE')) return json(res, 302, {}, { location: url.pathname.replace('INSIDE', 'OK') });
	if (segments.includes('ECHO')) {
		return json(res, 400, { message: `Refused request with ${auth} ${key}`, detail: { authorization: auth, 'x-api-key': key } }, { 'x-echo': `${auth}${key}` });
	}
	if (segments.includes('ECHO200')) return json(res, 200, { id: 'E', seen: `${auth}${key}` }, { 'x-echo': `${auth}${key}` });
	return json(res, 200, { id: 'OK', path: url.pathname });
}

// nock blocks everything but the loopback servers below, and is restored for the next test file.
guardNetwork();

beforeAll(async () => {
	nock.enableNetConnect(/^127\.0\.0\.[12]:/);
	const a = recorder(apiHandler);
	api = { server: createHttpServer(a.handler), url: '', requests: a.requests };
	api.url = await listen(api.server, '127.0.0.1');
	const o = recorder((_req, res) => json(res, 200, { stolen: true }));
	other = { server: createHttpServer(o.handler), url: '', requests: o.requests };
	other.url = await listen(other.server, '127.0.0.2');
	const p = recorder((_req, res) => json(res, 200, { stolen: true }));
	otherPort = { server: createHttpServer(p.handler), url: '', requests: p.requests };
	otherPort.url = await listen(otherPort.server, '127.0.0.1');
	const tls = join(__dirname, 'fixtures', 'tls');
	const t = recorder((_req, res) => json(res, 302, {}, { location: `${other.url}/plain` }));
	tlsApi = { server: createHttpsServer({ key: readFileSync(join(tls, 'localhost.key')), cert: readFileSync(join(tls, 'localhost.crt')) }, t.handler), url: '', requests: t.requests };
	tlsApi.url = await listen(tlsApi.server, '127.0.0.1', 'https');
});

afterEach(() => {
	for (const server of [api, other, otherPort, tlsApi]) server.requests.length = 0;
});

afterAll(async () => {
	await Promise.all([api, other, otherPort, tlsApi].map((server) => new Promise((resolve) => server.server.close(resolve))));
});

const credentialsFor = (): StoredCredential[] => [
	{ id: 'key', name: 'Orders key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY, baseUrl: `${api.url}/api/v1` } },
	{ id: 'bearer', name: 'CRM', type: 'dataConnectorBearerTokenApi', data: { token: BEARER, baseUrl: `${api.url}/api` } },
	{ id: 'basic', name: 'Basic', type: 'dataConnectorBasicAuthApi', data: { username: 'ops', password: PASSWORD } },
	{
		id: 'cc',
		name: 'Shipping',
		type: 'dataConnectorClientCredentialsOAuth2Api',
		data: { clientId: 'ship-client', clientSecret: CLIENT_SECRET, tokenUrl: `${api.url}/oauth/token`, baseUrl: `${api.url}/v2` },
	},
];

function run(parameters: INodeParameters, items: IDataObject[], options: { continueOnFail?: boolean; credentials?: StoredCredential[] } = {}) {
	return runWorkflow({
		nodeTypes: [DataConnector],
		credentialTypes: [DataConnectorApiKeyApi, DataConnectorBasicAuthApi, DataConnectorBearerTokenApi, DataConnectorClientCredentialsOAuth2Api],
		credentials: options.credentials ?? credentialsFor(),
		node: { type: 'dataConnector', parameters, ...(options.continueOnFail ? { continueOnFail: true } : {}) },
		items,
	});
}

const connector = (name: string, endpoint: string, inputs: IDataObject, options: INodeParameters = {}): INodeParameters => ({
	mode: 'connector',
	connector: name,
	endpoint,
	inputs: mapperValue(inputs),
	options,
});
const order = (id: string, options: INodeParameters = {}) => connector('orderService', 'getOrderStatus', { orderId: id }, options);
const contact = (id: string) => connector('crmContacts', 'getContact', { contactId: id });
const shipment = (id: string) => connector('shippingPartner', 'trackShipment', { trackingNumber: id });
const custom = (url: string, options: INodeParameters = {}): INodeParameters => ({ mode: 'custom', authentication: 'basic', method: 'GET', url, options });

/** Every secret of these tests, in every form the redaction set knows. */
const SECRETS = { 'API key': API_KEY, 'bearer token': BEARER, password: PASSWORD, 'client secret': CLIENT_SECRET, 'access token': ACCESS_TOKEN };
const BASIC_PAIRS: Record<string, [string, string]> = { 'ops:password': ['ops', PASSWORD], 'client ID:secret': ['ship-client', CLIENT_SECRET] };
const allSecrets = new Redactor([API_KEY, BEARER, PASSWORD, CLIENT_SECRET, ACCESS_TOKEN]).addBasic('ops', PASSWORD).addBasic('ship-client', CLIENT_SECRET);

/** The run as n8n would store it: items, errors with stack and cause chain, the whole run data. */
function dump(result: RunWorkflowResult): string {
	const seen = new WeakSet<object>();
	return JSON.stringify({ items: result.items, error: result.error, nodeError: result.nodeError, runData: result.runData, run: result.run.data }, (_key, value: unknown) => {
		if (value !== null && typeof value === 'object') {
			if (seen.has(value)) return undefined;
			seen.add(value);
		}
		if (value instanceof Error) return { ...value, message: value.message, stack: value.stack, cause: value.cause };
		return value;
	});
}

function expectNoSecret(result: RunWorkflowResult): void {
	const text = dump(result);
	// Named and located first (without the secret); then every form the redactor knows.
	expect(leaksIn(text, SECRETS, BASIC_PAIRS)).toEqual([]);
	expect(allSecrets.leaks(text)).toBe(false);
}

describe('redirects: requests never leave the base URL with a credential', () => {
	test.each([
		['a 302 to another host, API key', () => order('TO-OTHER'), () => `${other.url}/steal/file`],
		['a 302 to another host, bearer token', () => contact('TO-OTHER'), () => `${other.url}/steal/file`],
		['a 302 to another host, Basic auth (custom endpoint)', () => custom(`${api.url}/custom/TO-OTHER`), () => `${other.url}/steal/file`],
		['a 302 to another host, OAuth2 token', () => shipment('TO-OTHER'), () => `${other.url}/steal/file`],
		['a 307 to another port, API key', () => order('TO-PORT'), () => `${otherPort.url}/api/v1/orders/OK`],
		['a 301 outside the base path on the same host', () => order('OUTSIDE'), () => `${api.url}/admin/export`],
	])('%s is refused, names the target, sends nothing there', async (_name, parameters, target) => {
		const result = await run(parameters(), [{}]);
		// First what reached the other place: a regression shows the credential it received.
		expect(other.requests).toEqual([]);
		expect(otherPort.requests).toEqual([]);
		expect(api.requests.filter((request) => request.url.startsWith('/admin'))).toEqual([]);
		expect(result.error).toMatchObject({ message: expect.stringContaining(`redirected (HTTP`) });
		expect(String(result.error?.message)).toContain(`to ${target()}`);
		expect(String(result.error?.message)).not.toContain('sig=abc');
		expect(String(result.error?.description)).toContain('crossOriginRedirects');
		expectNoSecret(result);
	});

	test('an https API redirecting to http on another host: refused, nothing sent in plain text', async () => {
		const credentials = [{ id: 'bearer', name: 'CRM', type: 'dataConnectorBearerTokenApi', data: { token: BEARER, baseUrl: `${tlsApi.url}/api`, allowUnauthorizedCerts: true } }];
		const result = await run(contact('C-1'), [{}], { credentials });
		expect(other.requests).toEqual([]);
		expect(String(result.error?.message)).toContain(`to ${other.url}/plain, from https to unencrypted http`);
		expect(tlsApi.requests).toHaveLength(1);
		expectNoSecret(result);
	});

	test('a redirect under the base path is followed with the credential', async () => {
		const result = await run(order('INSIDE'), [{}]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ id: 'OK', path: '/api/v1/orders/OK' }]);
		expect(api.requests.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
			['/api/v1/orders/INSIDE', API_KEY],
			['/api/v1/orders/OK', API_KEY],
		]);
	});

	test('with continueOnFail each refused redirect is an error item, paired, and the others still run', async () => {
		const result = await run(connector('orderService', 'getOrderStatus', { orderId: '={{ $json.id }}' }), [{ id: 'OK' }, { id: 'TO-OTHER' }, { id: 'INSIDE' }], {
			continueOnFail: true,
		});
		expect(other.requests).toEqual([]);
		expect(result.items.map((item) => [item.pairedItem, item.json.id ?? 'error'])).toEqual([
			[{ item: 0 }, 'OK'],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 'OK'],
		]);
	});
});

describe('echoed secrets are masked in every output and error', () => {
	test('an API echoing the API key: error message, description and data carry no key', async () => {
		const result = await run(order('ECHO'), [{}]);
		expect(result.error).toBeDefined();
		expectNoSecret(result);
	});

	test('Basic auth echoed into an error and into "Include Response Status and Headers" output', async () => {
		const failed = await run(custom(`${api.url}/custom/ECHO`), [{}]);
		expect(failed.error).toBeDefined();
		expectNoSecret(failed);
		const full = await run(custom(`${api.url}/custom/ECHO200`, { fullResponse: true }), [{}]);
		expect(full.error).toBeUndefined();
		expect(full.items[0].json).toMatchObject({ status: 200, headers: { 'x-echo': expect.stringContaining('******') } });
		expectNoSecret(full);
	});

	test('the OAuth2 token fetched during the run is masked in every item\'s error and in the output', async () => {
		const failed = await run(connector('shippingPartner', 'trackShipment', { trackingNumber: '={{ $json.n }}' }), [{ n: 'ECHO' }, { n: 'ECHO' }], { continueOnFail: true });
		expect(failed.items).toHaveLength(2);
		expect(failed.items.every((item) => typeof item.json.error === 'string')).toBe(true);
		expectNoSecret(failed);
		const ok = await run(shipment('ECHO200'), [{}]);
		expect(ok.items[0].json).toEqual({ id: 'E', seen: 'Bearer ******' });
		expectNoSecret(ok);
	});

	test('a token endpoint echoing the Basic client authentication exposes nothing', async () => {
		const credentials = credentialsFor().map((credential) =>
			credential.id === 'cc' ? { ...credential, data: { ...credential.data, tokenUrl: `${api.url}/oauth/echo` } } : credential,
		);
		const result = await run(shipment('S-1'), [{}], { credentials });
		expect(result.error).toBeDefined();
		expectNoSecret(result);
	});

	test('a token endpoint answering HTML: the error names the endpoint, its status and content type', async () => {
		const credentials = credentialsFor().map((credential) =>
			credential.id === 'cc' ? { ...credential, data: { ...credential.data, tokenUrl: `${api.url}/oauth/html` } } : credential,
		);
		const result = await run(shipment('S-1'), [{}], { credentials });
		expect(dump(result)).toContain(`The token endpoint ${api.url}/oauth/html answered 502 with text/html, not JSON`);
		expect(dump(result)).not.toContain('is not valid JSON');
		expectNoSecret(result);
	});
});
