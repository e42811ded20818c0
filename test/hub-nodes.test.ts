/**
 * The Data Connector nodes and a Data Connector Hub, through n8n-core: the hub's connectors listed
 * next to the packaged ones, a definition loaded by key once per execution (never per item),
 * revalidated by ETag, run from the process's cached copy (with a warning) while the hub is down,
 * a clear error naming the hub when there is no copy, drafts refused in production, and the hub
 * token nowhere in outputs or errors. nock checks every hub request exactly, headers included.
 */
import nock from 'nock';
import type { IDataObject, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { nodeClock } from '../nodes/shared/clock';
import { resetHubCache } from '../nodes/shared/hub/client';
import { HUB_TOKEN, HUB_URL, hubCredential, hubCredentialType } from './helpers/fake-hub';
import { guardNetwork } from './helpers/network';
import { mapperValue } from './helpers/resource-mapper';
import { runLoadOptions } from './harness/list-search';
import type { InMemoryCredentialsHelper } from './harness/credentials-helper';
import { runWorkflow } from './harness/run-workflow';

const API = 'https://crm.example.com';
const API_KEY = 'crm-key-77aa';
const crm = {
	key: 'crm',
	name: 'CRM',
	description: 'Customers of our CRM.',
	categories: ['Sales'],
	baseUrl: `${API}/v1`,
	auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
	endpoints: [{ key: 'getCustomer', purpose: 'Get', name: 'Get Customer', path: '/customers/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] }],
};
const record = (definition: IDataObject, version = 1) => ({
	key: definition.key,
	name: definition.name,
	description: definition.description,
	categories: definition.categories,
	tags: [],
	status: definition.status ?? 'live',
	version,
	auth: 'apiKey',
	endpoints: 1,
	builtIn: false,
	source: 'crm.json',
	definition: { ...definition, version },
});
const ETAG_1 = '"1-aaaaaaaaaaaaaaaa"';
const ETAG_2 = '"2-bbbbbbbbbbbbbbbb"';

/** The hub, expecting exactly these headers (and no If-None-Match unless given). */
function hub(ifNoneMatch?: string) {
	return nock(HUB_URL, {
		reqheaders: { authorization: `Bearer ${HUB_TOKEN}`, accept: 'application/json', ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
		...(ifNoneMatch ? {} : { badheaders: ['if-none-match'] }),
	});
}

const crmApi = () => nock(API, { reqheaders: { 'x-api-key': API_KEY } });

function run(options: { items?: IDataObject[]; mode?: WorkflowExecuteMode; helper?: InMemoryCredentialsHelper; parameters?: INodeParameters } = {}) {
	return runWorkflow({
		nodeTypes: [DataConnector],
		credentialTypes: [hubCredentialType, DataConnectorApiKeyApi],
		credentials: [hubCredential, { id: 'crm', name: 'CRM key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } }],
		node: {
			type: 'dataConnector',
			parameters: { mode: 'connector', connector: 'crm', endpoint: 'getCustomer', authentication: 'apiKey', inputs: mapperValue({ id: '={{ $json.id }}' }), ...options.parameters },
		},
		items: options.items ?? [{ id: 'C-1' }],
		mode: options.mode,
		credentialsHelper: options.helper,
	});
}

const everything = (result: Awaited<ReturnType<typeof run>>) => JSON.stringify([result.error, result.nodeError, result.runData]);
const hintsOf = (result: Awaited<ReturnType<typeof run>>) =>
	(result.runData['Data Connector']?.[0] as unknown as { hints?: Array<{ message: string }> } | undefined)?.hints?.map((hint) => hint.message) ?? [];

guardNetwork();
beforeEach(() => resetHubCache());

describe('the Connector list with a Data Connector Hub', () => {
	const list = () =>
		runLoadOptions({
			nodeTypes: [DataConnector],
			credentialTypes: [hubCredentialType],
			credentials: [hubCredential],
			node: { type: 'dataConnector', parameters: { mode: 'connector' } },
			method: 'getConnectors',
			path: 'parameters.connector',
		});
	const page = {
		total: 3,
		offset: 0,
		size: 500,
		items: [
			{ ...record(crm), definition: undefined },
			{ ...record({ ...crm, key: 'billing', name: 'Billing', status: 'draft', description: 'Invoices.' }), definition: undefined },
			{ ...record({ key: 'orderService', name: 'Order Service' }), builtIn: true, definition: undefined },
		],
	};

	test('packaged connectors first, then the hub\'s as "Hub: <name>" with their status; revalidated with If-None-Match', async () => {
		hub().get('/api/v1/connectors').query({ size: '500', offset: '0' }).reply(200, page, { ETag: ETAG_1 });
		const options = await list();
		const names = options.map((option) => option.name);
		expect(names.slice(-2)).toEqual(['Hub: Billing (Draft)', 'Hub: CRM']);
		expect(names.filter((name) => name === 'Order Service')).toHaveLength(1);
		expect(options.find((option) => option.value === 'billing')?.description).toBe('Draft: runs only in manual executions. Invoices.');

		hub(ETAG_1).get('/api/v1/connectors').query({ size: '500', offset: '0' }).reply(304, '', { ETag: ETAG_1 });
		expect(await list()).toEqual(options);
	});

	test('without a hub credential only the packaged connectors are listed, and the hub is not asked', async () => {
		const options = await runLoadOptions({ nodeTypes: [DataConnector], node: { type: 'dataConnector', parameters: { mode: 'connector' } }, method: 'getConnectors', path: 'parameters.connector' });
		expect(options.some((option) => String(option.name).startsWith('Hub: '))).toBe(false);
		expect(options.map((option) => option.value)).toContain('orderService');
	});

	test('a hub that refuses the token: the error names the hub, not the token', async () => {
		hub().get('/api/v1/connectors').query(true).reply(401, { error: { status: 401, code: 'unauthorized', message: 'The API token is not valid for this hub' } });
		const error = await list().catch((caught: Error) => caught);
		expect((error as Error).message).toBe(
			`The Data Connector Hub at ${HUB_URL} refused the API token (401: The API token is not valid for this hub); check the Data Connector Hub credential when asked to list its connectors`,
		);
		expect(JSON.stringify(error)).not.toContain(HUB_TOKEN);
	});
});

describe('running a hub connector', () => {
	test('loaded by key once per execution, whatever the number of items; the next execution revalidates (304) and picks up an edit (200)', async () => {
		hub().get('/api/v1/connectors/crm').once().reply(200, record(crm), { ETag: ETAG_1 });
		for (const id of ['C-1', 'C-2', 'C-3']) crmApi().get(`/v1/customers/${id}`).reply(200, { id });
		const first = await run({ items: [{ id: 'C-1' }, { id: 'C-2' }, { id: 'C-3' }] });
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.id)).toEqual(['C-1', 'C-2', 'C-3']);

		hub(ETAG_1).get('/api/v1/connectors/crm').reply(304, '', { ETag: ETAG_1 });
		crmApi().get('/v1/customers/C-4').reply(200, { id: 'C-4' });
		const second = await run({ items: [{ id: 'C-4' }], helper: first.credentialsHelper });
		expect(second.items.map((item) => item.json)).toEqual([{ id: 'C-4' }]);

		const edited = { ...crm, baseUrl: `${API}/v2` };
		hub(ETAG_1).get('/api/v1/connectors/crm').reply(200, record(edited, 2), { ETag: ETAG_2 });
		crmApi().get('/v2/customers/C-5').reply(200, { id: 'C-5', v: 2 });
		const third = await run({ items: [{ id: 'C-5' }], helper: first.credentialsHelper });
		expect(third.items.map((item) => item.json)).toEqual([{ id: 'C-5', v: 2 }]);
		expect(everything(third)).not.toContain(HUB_TOKEN);
	});

	test('the hub briefly unreachable: the cached copy runs, with a warning that names the hub', async () => {
		hub().get('/api/v1/connectors/crm').reply(200, record(crm), { ETag: ETAG_1 });
		crmApi().get('/v1/customers/C-1').reply(200, { id: 'C-1' });
		const first = await run();
		expect(first.error).toBeUndefined();

		hub(ETAG_1).get('/api/v1/connectors/crm').replyWithError('socket hang up');
		crmApi().get('/v1/customers/C-2').reply(200, { id: 'C-2' });
		const down = await run({ items: [{ id: 'C-2' }], helper: first.credentialsHelper });
		expect(down.error).toBeUndefined();
		expect(down.items.map((item) => item.json)).toEqual([{ id: 'C-2' }]);
		expect(hintsOf(down)).toEqual([
			`Could not reach the Data Connector Hub at ${HUB_URL} (socket hang up); running connector "crm" from the copy this n8n process read before (version 1)`,
		]);

		hub(ETAG_1).get('/api/v1/connectors/crm').reply(503, { error: { status: 503, code: 'busy', message: 'busy' } });
		crmApi().get('/v1/customers/C-3').reply(200, { id: 'C-3' });
		const busy = await run({ items: [{ id: 'C-3' }], helper: first.credentialsHelper });
		expect(busy.items.map((item) => item.json)).toEqual([{ id: 'C-3' }]);
		expect(hintsOf(busy)[0]).toMatch(/^The Data Connector Hub at http:\/\/hub\.test:5680 answered 503: busy .*running connector "crm" from the copy/);
	});

	test('the hub unreachable and no cached copy: an error naming the hub URL and the connector', async () => {
		hub().get('/api/v1/connectors/crm').replyWithError('socket hang up');
		const result = await run({ items: [{ id: 'C-1' }, { id: 'C-2' }] });
		expect(result.error?.message).toBe(
			`Could not reach the Data Connector Hub at ${HUB_URL} (socket hang up), and this n8n process has no cached copy of connector "crm" to run from`,
		);
		expect(everything(result)).not.toContain(HUB_TOKEN);
	});

	test('a connector the hub does not have, and a connector without a hub credential', async () => {
		hub().get('/api/v1/connectors/crm').reply(404, { error: { status: 404, code: 'not-found', message: 'There is no connector "crm"' } });
		expect((await run()).error?.message).toBe(`There is no connector "crm" in the Data Connector Hub at ${HUB_URL}`);

		const without = await runWorkflow({
			nodeTypes: [DataConnector],
			node: { type: 'dataConnector', parameters: { mode: 'connector', connector: 'crm', endpoint: 'getCustomer', authentication: 'none', inputs: mapperValue({ id: 'C-1' }) } },
			items: [{}],
		});
		expect(without.error?.message).toMatch(/^There is no connector "crm" packaged with this node; the packaged connectors are /);
		expect(without.error?.description).toBe('To use a connector of a Data Connector Hub, choose a "Data Connector Hub" credential on this node.');
	});

	test('a draft hub connector runs in a manual execution and is refused in production', async () => {
		const draft = { ...crm, status: 'draft' };
		hub().get('/api/v1/connectors/crm').reply(200, record(draft), { ETag: ETAG_1 });
		crmApi().get('/v1/customers/C-1').reply(200, { id: 'C-1' });
		const manual = await run();
		expect(manual.error).toBeUndefined();

		hub(ETAG_1).get('/api/v1/connectors/crm').reply(304, '', { ETag: ETAG_1 });
		const production = await run({ mode: 'trigger', helper: manual.credentialsHelper });
		expect(production.error?.message).toBe('Connector "CRM" is a draft and does not run in production executions');
	});

	test('a secret input default stays in the hub: the masked value is never sent', async () => {
		const withPin = {
			...crm,
			endpoints: [{ ...crm.endpoints[0], headers: [{ key: 'X-Pin', value: '{{ inputs.pin }}' }], inputs: [{ name: 'id', required: true }, { name: 'pin', secret: true, default: '******' }] }],
		};
		hub().get('/api/v1/connectors/crm').reply(200, record(withPin), { ETag: ETAG_1 });
		crmApi().get('/v1/customers/C-1').matchHeader('x-pin', (value) => value !== '******').reply(200, { id: 'C-1' });
		const result = await run({ parameters: { inputs: mapperValue({ id: 'C-1', pin: 'P-1234' }) } });
		expect(result.error).toBeUndefined();
	});
});

describe('a shared rate limit (rateLimit.shared) through the hub', () => {
	// A virtual clock (as in execution.test.ts): time moves only when the node waits, so spacing
	// within the execution is exact however busy the machine is; each wait is recorded in ms.
	const real = { ...nodeClock };
	let waits: number[];
	let now: number;
	beforeEach(() => {
		waits = [];
		now = Date.UTC(2030, 0, 1);
		nodeClock.now = () => now;
		nodeClock.sleep = async (ms: number) => {
			waits.push(ms);
			now += ms;
		};
	});
	afterEach(() => Object.assign(nodeClock, real));
	const shared = { ...crm, rateLimit: { requestsPerSecond: 20, shared: true } };

	test('before each request the node takes a slot from the hub (POST /rate-limits/{key}/slots, the spacing in ms with room for transit) and waits the time the hub says', async () => {
		hub().get('/api/v1/connectors/crm').reply(200, record(shared), { ETag: ETAG_1 });
		for (const waitMs of [0, 35, 85]) {
			hub()
				// 20 per second: (1000 ms + 200 ms for transit) / 20.
				.post('/api/v1/rate-limits/crm/slots', { intervalMs: 60 })
				.matchHeader('content-type', /application\/json/)
				.reply(200, { key: 'crm', intervalMs: 60, waitMs });
		}
		for (const id of ['C-1', 'C-2', 'C-3']) crmApi().get(`/v1/customers/${id}`).reply(200, { id });
		const result = await run({ items: [{ id: 'C-1' }, { id: 'C-2' }, { id: 'C-3' }] });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(['C-1', 'C-2', 'C-3']);
		expect(waits).toEqual([35, 85]);
		expect(everything(result)).not.toContain(HUB_TOKEN);
	});

	test('a hub that cannot give slots (503): the requests are spaced within the execution instead, nothing fails', async () => {
		hub().get('/api/v1/connectors/crm').reply(200, record(shared), { ETag: ETAG_1 });
		hub().post('/api/v1/rate-limits/crm/slots').times(2).reply(503, { error: { status: 503, code: 'store-unavailable', message: 'PostgreSQL does not answer' } });
		for (const id of ['C-1', 'C-2']) crmApi().get(`/v1/customers/${id}`).reply(200, { id });
		const result = await run({ items: [{ id: 'C-1' }, { id: 'C-2' }] });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(['C-1', 'C-2']);
		expect(waits).toEqual([50]);
	});

	test('a hub that refuses the slot request (403): the item fails with the hub named, not its token', async () => {
		hub().get('/api/v1/connectors/crm').reply(200, record(shared), { ETag: ETAG_1 });
		hub().post('/api/v1/rate-limits/crm/slots').reply(403, { error: { status: 403, code: 'forbidden', message: 'The token role is too low' } });
		const result = await run();
		expect(result.error?.message).toBe(
			`The Data Connector Hub at ${HUB_URL} did not allow it (403: The token role is too low) when asked to give a send slot for connector "crm"`,
		);
		expect(everything(result)).not.toContain(HUB_TOKEN);
	});

	test('without "shared" the hub is not asked: the limit is spaced within the execution', async () => {
		hub().get('/api/v1/connectors/crm').reply(200, record({ ...crm, rateLimit: { requestsPerSecond: 20 } }), { ETag: ETAG_1 });
		for (const id of ['C-1', 'C-2']) crmApi().get(`/v1/customers/${id}`).reply(200, { id });
		const result = await run({ items: [{ id: 'C-1' }, { id: 'C-2' }] });
		expect(result.error).toBeUndefined();
		// 20 per second: the second request waits the whole 50 ms spacing (no time passed meanwhile).
		expect(waits).toEqual([50]);
	});
});
