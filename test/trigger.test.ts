/**
 * The Data Connector Trigger polled the way an active workflow is (n8n-core's PollContext, static
 * data kept between polls), nock playing the API.
 */
import nock from 'nock';
import { guardNetwork } from './helpers/network';
import { mapperValue } from './helpers/resource-mapper';
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorTrigger } from '../nodes/DataConnectorTrigger/DataConnectorTrigger.node';
import { commit, compareCursors, selectNew } from '../src/poll/dedupe';
import { createPoller } from './harness/poller';
import { hubCredential, hubCredentialType, serveHub } from './helpers/fake-hub';

const API = 'https://feed.example.com';

const feed = {
	key: 'feed',
	name: 'Feed',
	categories: ['Test'],
	baseUrl: `${API}/v1`,
	retry: { maxAttempts: 1 },
	endpoints: [
		{
			key: 'orders',
			name: 'List Orders',
			path: '/orders',
			query: [{ key: 'status', value: '{{ inputs.status }}' }],
			inputs: [{ name: 'status' }],
			pagination: { type: 'cursor', cursorPath: 'next' },
			response: { recordsPath: 'data' },
			poll: { keyFields: ['id'] },
		},
		{
			key: 'changes',
			name: 'List Changes',
			path: '/changes',
			response: { recordsPath: 'data' },
			poll: { cursorField: 'updatedAt' },
		},
		{ key: 'plain', name: 'Plain List', path: '/plain' },
	],
};

const inputs = (value: IDataObject) => mapperValue(value);

function poller(endpoint: string, extra: INodeParameters = {}) {
	return createPoller({
		nodeTypes: [DataConnectorTrigger],
		credentialTypes: [hubCredentialType],
		credentials: [hubCredential],
		node: {
			type: 'dataConnectorTrigger',
			parameters: { connector: 'feed', endpoint, authentication: 'none', inputs: inputs({}), ...extra },
		},
	});
}

const ids = (result: INodeExecutionData[][] | null) => (result ? result[0].map((item) => item.json.id) : null);

guardNetwork();
beforeEach(() => serveHub({ feed }));

describe('dedupe core', () => {
	test('cursors compare as numbers, as instants, or as text', () => {
		expect(compareCursors(9, 10)).toBeLessThan(0);
		// As text the first is larger; as instants it is an hour earlier.
		expect(compareCursors('2026-01-02T00:00:00Z', '2026-01-01T23:00:00-02:00')).toBeLessThan(0);
		expect(compareCursors('b', 'a')).toBeGreaterThan(0);
	});

	test('composite keys, and a missing key named in the error', () => {
		const config = { mode: 'key' as const, keyFields: ['order', 'line'], cap: 10 };
		const state = commit({ seeded: false }, [{ order: 1, line: 1 }], config);
		expect(selectNew([{ order: 1, line: 1 }, { order: 1, line: 2 }], state, config, new Set()).fresh).toEqual([{ order: 1, line: 2 }]);
		expect(() => selectNew([{ order: 1 }], state, config, new Set())).toThrow(
			'Record 1 of the response has no "line", which is needed to tell new records from seen ones; choose key fields that every record has',
		);
	});

	test('the remembered keys are capped, oldest forgotten first', () => {
		const config = { mode: 'key' as const, keyFields: ['id'], cap: 3 };
		const state = commit({ seeded: true, keys: ['1', '2'] }, [{ id: 3 }, { id: 4 }], config);
		expect(state.keys).toEqual(['2', '3', '4']);
	});
});

describe('Data Connector Trigger', () => {
	test('first poll seeds without emitting; the second emits only new records; a third with nothing new emits nothing', async () => {
		const trigger = poller('orders', { inputs: inputs({ status: 'paid' }) });
		nock(API).get('/v1/orders').query({ status: 'paid' }).reply(200, { data: [{ id: 3 }, { id: 2 }, { id: 1 }] });
		expect(await trigger.poll()).toBeNull();

		nock(API).get('/v1/orders').query({ status: 'paid' }).reply(200, { data: [{ id: 5 }, { id: 4 }, { id: 3 }, { id: 2 }] });
		expect(ids(await trigger.poll())).toEqual([5, 4]);

		nock(API).get('/v1/orders').query({ status: 'paid' }).reply(200, { data: [{ id: 5 }, { id: 4 }] });
		expect(await trigger.poll()).toBeNull();
	});

	test('new records across pages: pages until it reaches records already seen', async () => {
		const trigger = poller('orders');
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 2 }, { id: 1 }] });
		await trigger.poll();
		nock(API)
			.get('/v1/orders').reply(200, { data: [{ id: 6 }, { id: 5 }], next: 'p2' })
			.get('/v1/orders').query({ cursor: 'p2' }).reply(200, { data: [{ id: 4 }, { id: 3 }], next: 'p3' })
			.get('/v1/orders').query({ cursor: 'p3' }).reply(200, { data: [{ id: 2 }, { id: 1 }], next: 'p4' });
		// Page p4 is never asked for: page p3 reached records already seen.
		expect(ids(await trigger.poll())).toEqual([6, 5, 4, 3]);
	});

	test('cursor mode: only records after the last seen value', async () => {
		const trigger = poller('changes');
		nock(API).get('/v1/changes').reply(200, { data: [{ id: 'a', updatedAt: '2026-11-01T10:00:00Z' }, { id: 'b', updatedAt: '2026-11-01T11:00:00Z' }] });
		expect(await trigger.poll()).toBeNull();
		nock(API).get('/v1/changes').reply(200, {
			data: [
				{ id: 'b', updatedAt: '2026-11-01T11:00:00Z' },
				{ id: 'a', updatedAt: '2026-11-01T12:30:00Z' },
				{ id: 'c', updatedAt: '2026-11-01T12:00:00Z' },
			],
		});
		expect(ids(await trigger.poll())).toEqual(['a', 'c']);
		expect(trigger.staticData().dataConnector).toMatchObject({ cursor: '2026-11-01T12:30:00Z' });
	});

	test('a failing poll reports the error, keeps its state, and the next poll loses nothing and repeats nothing', async () => {
		const trigger = poller('orders');
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 1 }] });
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData());

		nock(API).get('/v1/orders').reply(503, { message: 'maintenance' });
		await expect(trigger.poll()).rejects.toThrow(/Service Unavailable|temporarily/);
		expect(JSON.stringify(trigger.staticData())).toBe(before);

		nock(API).get('/v1/orders').reply(200, { data: [{ id: 3 }, { id: 2 }, { id: 1 }] });
		expect(ids(await trigger.poll())).toEqual([3, 2]);
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 3 }, { id: 2 }, { id: 1 }] });
		expect(await trigger.poll()).toBeNull();
	});

	test('an empty list emits nothing', async () => {
		const trigger = poller('orders');
		nock(API).get('/v1/orders').times(2).reply(200, { data: [] });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
	});

	test('a record without the key field is a clear error naming the key', async () => {
		const trigger = poller('orders');
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 1 }, { name: 'no id' }] });
		await expect(trigger.poll()).rejects.toThrow('Record 2 of the response has no "id"');
	});

	test('the newest N on the first poll, when chosen', async () => {
		const trigger = poller('orders', { options: { emitOnFirstPoll: 2 } });
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 9 }, { id: 8 }, { id: 7 }] });
		expect(ids(await trigger.poll())).toEqual([9, 8]);
	});

	test('a manual test run returns a few current records and leaves the state alone', async () => {
		const trigger = poller('orders', { options: { sampleSize: 2 } });
		nock(API).get('/v1/orders').reply(200, { data: [{ id: 3 }, { id: 2 }, { id: 1 }] });
		expect(ids(await trigger.poll('manual'))).toEqual([3, 2]);
		expect(trigger.staticData().dataConnector).toBeUndefined();
	});

	test('key fields chosen in the node, and an endpoint that declares nothing asks for them', async () => {
		const trigger = poller('plain', { dedupeBy: 'key', keyFields: 'sku, warehouse' });
		nock(API).get('/v1/plain').reply(200, [{ sku: 'A', warehouse: 1 }]);
		await trigger.poll();
		nock(API).get('/v1/plain').reply(200, [{ sku: 'A', warehouse: 1 }, { sku: 'A', warehouse: 2 }]);
		expect((await trigger.poll())?.[0].map((item) => item.json)).toEqual([{ sku: 'A', warehouse: 2 }]);

		await expect(poller('plain').poll()).rejects.toThrow(
			'Endpoint "Plain List" does not declare how to tell new records; choose Key Fields or Cursor Field under "Tell New Records By"',
		);
	});
});

describe('generated connector triggers', () => {
	const API_KEY = 'ak-trigger-1';
	test('Order Service Trigger: offers its pollable lists and emits new orders once, with the API key', async () => {
		const { OrderServiceTrigger } = jest.requireActual<Record<string, new () => INodeType>>('../nodes/generated/OrderService/OrderServiceTrigger.node');
		const description = new OrderServiceTrigger().description;
		expect(description).toMatchObject({ displayName: 'Order Service Trigger', name: 'dataConnectorOrderServiceTrigger', polling: true, group: ['trigger'] });
		// "event", not "operation": n8n's node panel lists a trigger's "operation" options a second time.
		expect(description.properties.find((property) => property.name === 'operation')).toBeUndefined();
		const event = description.properties.find((property) => property.name === 'event');
		expect(event?.options?.map((option) => (option as { value: string }).value)).toEqual(['listOrders']);

		const trigger = createPoller({
			nodeTypes: [OrderServiceTrigger],
			node: { type: 'dataConnectorOrderServiceTrigger', parameters: { event: 'listOrders', additionalFields: { status: 'paid' } } },
			credentialTypes: [DataConnectorApiKeyApi],
			credentials: [{ id: 'key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } }],
		});
		const orders = nock('https://orders.example.com', { reqheaders: { 'x-api-key': API_KEY } });
		orders.get('/api/v1/orders').query({ status: 'paid', limit: '50', offset: '0' }).reply(200, { data: [{ id: 'O-2' }, { id: 'O-1' }] });
		expect(await trigger.poll()).toBeNull();
		orders.get('/api/v1/orders').query({ status: 'paid', limit: '50', offset: '0' }).reply(200, { data: [{ id: 'O-3' }, { id: 'O-2' }, { id: 'O-1' }] });
		expect(ids(await trigger.poll())).toEqual(['O-3']);
	});
});
