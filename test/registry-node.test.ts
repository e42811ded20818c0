/**
 * The Data Connector Registry node manages the connectors of a Data Connector Hub: every operation
 * is one exact request to the hub (nock checks method, path, query, headers and body), the hub's
 * refusals come back as node errors with its message, and the hub's API token appears nowhere.
 * The hub's answers are what the hub serves: records built by the same registry code it runs.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { packagedConnectors } from '../connectors';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorRegistry } from '../nodes/DataConnectorRegistry/DataConnectorRegistry.node';
import { ConnectorRegistry } from '../src/registry/registry';
import { RegistryFolder } from '../src/registry/store';
import { HUB_TOKEN, HUB_URL, hubCredential, hubCredentialType } from './helpers/fake-hub';
import { guardNetwork } from './helpers/network';
import { runWorkflow } from './harness/run-workflow';

const helpdeskFile = join(__dirname, 'fixtures', 'registry', 'helpdesk.json');
const helpdesk = JSON.parse(readFileSync(helpdeskFile, 'utf8')) as nock.DataMatcherMap;
const SECRETS = ['PIN-4711-SECRET', 'PIN-SAMPLE-9999', HUB_TOKEN];
const API_KEY = 'hd-key-0a9b8c';
const ETAG = '"1-0123456789abcdef"';

/** What the hub's registry answers for helpdesk (masked), from a folder like the hub's. */
function hubRecord(): IDataObject {
	const folder = mkdtempSync(join(tmpdir(), 'dc-hub-node-'));
	copyFileSync(helpdeskFile, join(folder, 'helpdesk.json'));
	return new ConnectorRegistry({ folder: new RegistryFolder(folder), builtIns: packagedConnectors }).get('helpdesk') as unknown as IDataObject;
}

const hub = () => nock(HUB_URL, { reqheaders: { authorization: `Bearer ${HUB_TOKEN}`, accept: 'application/json' } });
const hubError = (status: number, code: string, message: string, extra: IDataObject = {}) => ({ error: { status, code, message, ...extra } });
const noSecrets = (value: unknown) => expect(SECRETS.filter((secret) => JSON.stringify(value).includes(secret))).toEqual([]);

function run(parameters: INodeParameters, options: { continueOnFail?: boolean; items?: IDataObject[]; withHub?: boolean } = {}) {
	return runWorkflow({
		nodeTypes: [DataConnectorRegistry],
		credentialTypes: [hubCredentialType, DataConnectorApiKeyApi],
		credentials: [...(options.withHub === false ? [] : [hubCredential]), { id: 'hd', name: 'Helpdesk key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } }],
		node: { type: 'dataConnectorRegistry', parameters, ...(options.continueOnFail ? { continueOnFail: true } : {}) },
		items: options.items,
	});
}

guardNetwork();

describe('Data Connector Registry node: a Data Connector Hub', () => {
	it('lists every page for Return All; searches with the filters, one page with the total', async () => {
		const first = Array.from({ length: 500 }, (_, index) => ({ key: `c${index}` }));
		hub()
			.get('/api/v1/connectors')
			.query({ size: '500', offset: '0' })
			.reply(200, { total: 501, offset: 0, size: 500, items: first })
			.get('/api/v1/connectors')
			.query({ size: '500', offset: '500' })
			.reply(200, { total: 501, offset: 500, size: 500, items: [{ key: 'last' }] });
		const all = await run({ resource: 'connector', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(501);
		expect(all.items[500]).toEqual({ json: { key: 'last' }, pairedItem: { item: 0 } });

		hub()
			.get('/api/v1/connectors')
			.query({ size: '10', offset: '0', q: 'ticket', source: 'hub', status: 'live' })
			.reply(200, { total: 1, offset: 0, size: 10, items: [{ key: 'helpdesk' }] });
		const page = await run({ resource: 'connector', operation: 'getAll', query: 'ticket', filters: { source: 'hub', status: 'live' }, limit: 10, options: { pagingInfo: true } });
		expect(page.items).toEqual([{ json: { total: 1, offset: 0, size: 10, items: [{ key: 'helpdesk' }] }, pairedItem: { item: 0 } }]);
	});

	it('gets a connector (secrets masked by the hub) and updates it: merge with the version, replace, stale and built-in refusals', async () => {
		hub().get('/api/v1/connectors/helpdesk').reply(200, hubRecord(), { ETag: ETAG });
		const got = await run({ resource: 'connector', operation: 'get', connector: 'helpdesk' });
		expect(got.items[0].json).toMatchObject({ key: 'helpdesk', version: 1, builtIn: false });
		noSecrets(got.items);

		hub().put('/api/v1/connectors/helpdesk', { version: 1, tags: ['desk'] }).reply(200, { key: 'helpdesk', version: 2, previousVersion: 1 });
		const merged = await run({ resource: 'connector', operation: 'update', connector: 'helpdesk', definition: '{ "version": 1, "tags": ["desk"] }' });
		expect(merged.items[0].json).toEqual({ key: 'helpdesk', version: 2, previousVersion: 1 });

		hub().put('/api/v1/connectors/helpdesk', { ...helpdesk, version: 2 }).query({ replace: 'true' }).reply(200, { key: 'helpdesk', version: 3, previousVersion: 2 });
		const replaced = await run({ resource: 'connector', operation: 'update', connector: 'helpdesk', updateMode: 'replace', expectedVersion: 2, definition: JSON.stringify(helpdesk) });
		expect(replaced.items[0].json).toMatchObject({ version: 3 });

		const stale = 'connector helpdesk changed since you read it (now ETag "3-aa", version 3; yours "1-bb"); get it again and re-apply your change';
		hub().put('/api/v1/connectors/helpdesk', { tags: ['x'], version: 1 }).reply(412, hubError(412, 'conflict', stale));
		const refused = await run({ resource: 'connector', operation: 'update', connector: 'helpdesk', definition: '{ "tags": ["x"] }', expectedVersion: 1 });
		expect(refused.error?.message).toBe(stale);

		hub().put('/api/v1/connectors/orderService', { version: 1 }).reply(403, hubError(403, 'built-in', 'built-in connectors cannot be changed: orderService is packaged'));
		const builtIn = await run({ resource: 'connector', operation: 'update', connector: 'orderService', definition: '{"version":1}' }, { continueOnFail: true });
		expect(builtIn.items[0]).toMatchObject({ json: { error: 'built-in connectors cannot be changed: orderService is packaged' }, pairedItem: { item: 0 } });
	});

	it("creates a connector; an invalid one fails with the hub's validator paths", async () => {
		hub().post('/api/v1/connectors', helpdesk).reply(201, { key: 'helpdesk', version: 1 });
		expect((await run({ resource: 'connector', operation: 'create', definition: JSON.stringify(helpdesk) })).items[0].json).toEqual({ key: 'helpdesk', version: 1 });
		const problems = [
			{ path: '/categories', message: 'must list at least one category' },
			{ path: '/baseUrl', message: 'must be an absolute http(s) URL' },
		];
		hub().post('/api/v1/connectors').reply(400, hubError(400, 'invalid-definition', 'The definition is invalid: /categories: must list at least one category (and 1 more)', { problems }));
		const invalid = await run({ resource: 'connector', operation: 'create', definition: '{"key":"b2"}' });
		expect(invalid.error?.message).toBe('The definition is invalid: /categories: must list at least one category (and 1 more)');
		expect(invalid.error?.description).toBe('/categories: must list at least one category\n/baseUrl: must be an absolute http(s) URL');
	});

	it('delete and draft are refused while active workflows use the connector (the hub asks n8n); Force and an expected version are passed on', async () => {
		const inUse = 'Helpdesk is used by 1 active workflow: Support Inbox (id 21, node "Get Ticket"). Deleting it would stop them: deactivate them or move them to another connector first, or add ?force=true (a token with the admin role) to do it anyway';
		hub().delete('/api/v1/connectors/helpdesk').reply(409, hubError(409, 'in-use', inUse, { workflows: [{ id: '21', name: 'Support Inbox' }] }));
		const refused = await run({ resource: 'connector', operation: 'delete', connector: 'helpdesk' });
		expect(refused.error?.message).toMatch(/^Helpdesk is used by 1 active workflow: Support Inbox .* or turn on Force \(the hub credential's token needs the admin role\) to do it anyway$/);

		hub().put('/api/v1/connectors/helpdesk/status', { status: 'draft' }).reply(409, hubError(409, 'in-use', inUse));
		expect((await run({ resource: 'connector', operation: 'setStatus', connector: 'helpdesk', status: 'draft' })).error?.message).toMatch(/^Helpdesk is used by 1 active workflow/);

		hub().get('/api/v1/connectors/helpdesk').reply(200, hubRecord(), { ETag: ETAG });
		nock(HUB_URL, { reqheaders: { authorization: `Bearer ${HUB_TOKEN}`, 'if-match': ETAG } })
			.delete('/api/v1/connectors/helpdesk')
			.query({ force: 'true' })
			.reply(200, { key: 'helpdesk', deleted: true, version: 1 });
		const forced = await run({ resource: 'connector', operation: 'delete', connector: 'helpdesk', force: true, expectedVersion: 1 });
		expect(forced.items[0].json).toMatchObject({ deleted: true });

		hub().get('/api/v1/connectors/helpdesk').reply(200, hubRecord(), { ETag: ETAG });
		const stale = await run({ resource: 'connector', operation: 'setStatus', connector: 'helpdesk', status: 'live', expectedVersion: 4 });
		expect(stale.error?.message).toBe('connector helpdesk changed since you read it (now version 1, yours 4); get it again and re-apply your change');

		hub().put('/api/v1/connectors/helpdesk/status', { status: 'live' }).reply(200, { key: 'helpdesk', status: 'live', changed: false });
		expect((await run({ resource: 'connector', operation: 'setStatus', connector: 'helpdesk', status: 'live', force: true })).items[0].json).toMatchObject({ changed: false });
	});

	it('gets usage from the hub; a hub without n8n configured says so', async () => {
		const usage = { connector: 'helpdesk', name: 'Helpdesk', activeWorkflows: [{ id: '22', name: 'Escalations' }] };
		hub().get('/api/v1/connectors/helpdesk/usage').reply(200, usage);
		expect((await run({ resource: 'connector', operation: 'getUsage', connector: 'helpdesk' })).items[0].json).toEqual(usage);
		hub().get('/api/v1/connectors/helpdesk/usage').reply(409, hubError(409, 'usage-unknown', 'This hub has no n8n API configured (n8n.url and n8n.apiKey)'));
		expect((await run({ resource: 'connector', operation: 'getUsage', connector: 'helpdesk' })).error?.message).toBe('This hub has no n8n API configured (n8n.url and n8n.apiKey)');
	});

	it('tests an endpoint of a hub connector: a dry run by default (a secret default stays in the hub); a real GET with the credential', async () => {
		hub().get('/api/v1/connectors/helpdesk').reply(200, hubRecord(), { ETag: ETAG });
		const dry = await run({ resource: 'endpoint', operation: 'test', connector: 'helpdesk', endpoint: 'createTicket', authentication: 'apiKey' });
		expect(dry.error).toBeUndefined();
		expect(dry.items[0].json).toMatchObject({
			sent: false,
			request: { method: 'POST', url: 'https://helpdesk.example.com/api/v2/tickets', headers: { 'X-API-Key': '******' } },
		});
		noSecrets(dry.items);

		hub().get('/api/v1/connectors/helpdesk').reply(200, hubRecord(), { ETag: ETAG });
		nock('https://helpdesk.example.com', { reqheaders: { 'x-api-key': API_KEY } })
			.get('/api/v2/tickets/T-7')
			.reply(200, { id: 'T-7' })
			.get('/api/v2/tickets/T-8')
			.reply(404, { message: 'not here' });
		const sent = await run(
			{ resource: 'endpoint', operation: 'test', connector: 'helpdesk', endpoint: 'getTicket', authentication: 'apiKey', send: true, inputs: '={{ JSON.stringify({ ticketId: $json.id }) }}' },
			{ items: [{ id: 'T-7' }, { id: 'T-8' }] },
		);
		expect(sent.items.map((item) => [item.json.ok, item.json.status, item.json.body])).toEqual([
			[true, 200, { id: 'T-7' }],
			[false, 404, { message: 'not here' }],
		]);
		expect(String(sent.items[1].json.error)).toMatch(/^No ticket with this number/);
	});

	it('needs a hub credential; a wrong token and an unreachable hub are clear errors without the token', async () => {
		const none = await run({ resource: 'connector', operation: 'get', connector: 'helpdesk' }, { withHub: false });
		expect(none.error?.message).toBe('Choose a "Data Connector Hub" credential: the connectors are managed in the hub');

		hub().get('/api/v1/connectors/helpdesk').reply(401, hubError(401, 'unauthorized', 'The API token is not valid for this hub'));
		const wrong = await run({ resource: 'connector', operation: 'get', connector: 'helpdesk' });
		expect(wrong.error?.message).toBe('The API token is not valid for this hub');

		hub().get('/api/v1/connectors/helpdesk').replyWithError(`socket hang up (token ${HUB_TOKEN})`);
		const down = await run({ resource: 'connector', operation: 'get', connector: 'helpdesk' });
		expect(down.error?.message).toBe(`Could not reach the Data Connector Hub at ${HUB_URL} (socket hang up (token ******))`);
		noSecrets([wrong.error, down.error, wrong.run.data, down.run.data]);
	});
});
