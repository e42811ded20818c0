/**
 * Instant triggers through n8n-core's own HookContext and WebhookContext (test/harness/
 * webhook-trigger.ts), nock playing the API: activation subscribes once, deactivation unsubscribes,
 * the editor's test URL, and each signature scheme accepting signed deliveries and refusing
 * forged, replayed, duplicate and oversized ones.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorInstantTrigger } from '../nodes/DataConnectorInstantTrigger/DataConnectorInstantTrigger.node';
import { OrderServiceInstantTrigger } from '../nodes/generated/OrderService/OrderServiceInstantTrigger.node';
import { guardNetwork } from './helpers/network';
import { hubCredential, hubCredentialType, serveHub } from './helpers/fake-hub';
import { createWebhookTrigger, type DeliveryResult } from './harness/webhook-trigger';

const API = 'https://shop.example.com';
const API_KEY = 'shop-api-key-7781';
const SUBSCRIPTION_SECRET = 'whsec_subscription_5c0ffee';
const CREDENTIAL_SECRET = 'cred-signing-secret-31337';
const shop = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'webhooks', 'shop-events.json'), 'utf8')) as IDataObject;

/** The shop connector with another signature scheme, its secret in the credential. */
function variant(key: string, webhooks: IDataObject): IDataObject {
	const base = structuredClone(shop.webhooks) as IDataObject;
	const subscribe = { ...(base.subscribe as IDataObject) };
	delete subscribe.secretPath;
	return { ...structuredClone(shop), key, name: `Shop ${key}`, webhooks: { ...base, subscribe, timestamp: undefined, ...webhooks } };
}

const connectors: IDataObject[] = [
	shop,
	variant('shopSha1', { signature: { type: 'hmac', algorithm: 'sha1', header: 'X-Hub-Signature', prefix: 'sha1=' } }),
	variant('shopBase64', {
		signature: { type: 'hmac', algorithm: 'sha256', header: 'X-Signature', encoding: 'base64' },
		timestamp: { header: 'X-Sent-At', format: 'iso', toleranceSeconds: 120 },
	}),
	variant('shopToken', { signature: { type: 'token', header: 'X-Webhook-Token' } }),
];

const credential = (data: IDataObject = {}) => ({
	id: 'shop-key',
	type: 'dataConnectorApiKeyApi',
	data: { apiKey: API_KEY, keyLocation: '', keyName: '', baseUrl: '', webhookSecret: CREDENTIAL_SECRET, ...data },
});

function trigger(connector: string, parameters: INodeParameters = {}, credentialData: IDataObject = {}) {
	return createWebhookTrigger({
		nodeTypes: [DataConnectorInstantTrigger],
		node: {
			type: 'dataConnectorInstantTrigger',
			parameters: { connector, events: ['order.shipped'], authentication: 'apiKey', ...parameters },
		},
		credentialTypes: [DataConnectorApiKeyApi, hubCredentialType],
		credentials: [credential(credentialData), hubCredential],
	});
}

const event = (patch: IDataObject = {}) =>
	JSON.stringify({ id: 'evt_1', type: 'order.shipped', data: { orders: [{ orderId: 'ORD-1' }, { orderId: 'ORD-2' }] }, ...patch });
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const hmac = (algorithm: string, secret: string, content: string, encoding: 'hex' | 'base64' = 'hex') =>
	createHmac(algorithm, secret).update(content).digest(encoding);
/** A delivery signed as the shop fixture's API signs it: "sha256=" + hex HMAC of "<timestamp>.<body>". */
const shopDelivery = (body: string, timestamp = nowSeconds(), secret = SUBSCRIPTION_SECRET) => ({
	body,
	headers: { 'Content-Type': 'application/json', 'X-Shop-Timestamp': timestamp, 'X-Shop-Signature': `sha256=${hmac('sha256', secret, `${timestamp}.${body}`)}` },
});

const started = (result: DeliveryResult) => result.returned.workflowData?.[0].map((item) => item.json);

/** The subscribe call the shop fixture makes, answered with an id and a secret. */
function expectSubscribe(url: string, events = ['order.shipped'], reply: IDataObject = { id: 'wh_1', secret: SUBSCRIPTION_SECRET }) {
	return nock(API, { reqheaders: { 'x-api-key': API_KEY } })
		.post('/api/webhooks', { url, events, description: 'n8n' })
		.reply(201, reply);
}

guardNetwork();
beforeEach(() => serveHub(Object.fromEntries(connectors.map((connector) => [String(connector.key), connector]))));

describe('the webhook lifecycle', () => {
	test('activation subscribes once with the webhook URL and the chosen events; a restart checks it; deactivation unsubscribes', async () => {
		const shopTrigger = trigger('shopEvents');
		const url = shopTrigger.webhookUrl();
		expect(url).toMatch(/^http:\/\/localhost:5678\/webhook\/[0-9a-f-]{36}\/webhook$/);

		expectSubscribe(url);
		expect(await shopTrigger.activate()).toEqual(['checkExists', 'create']);
		expect(shopTrigger.staticData().subscription).toEqual({ id: 'wh_1', url, events: ['order.shipped'], secret: SUBSCRIPTION_SECRET });

		// n8n restarts: the check endpoint says the subscription still exists, nothing is created.
		nock(API, { reqheaders: { 'x-api-key': API_KEY } }).get('/api/webhooks/wh_1').reply(200, { id: 'wh_1' });
		expect(await shopTrigger.activate()).toEqual(['checkExists']);

		nock(API, { reqheaders: { 'x-api-key': API_KEY } }).delete('/api/webhooks/wh_1').reply(204);
		expect(await shopTrigger.deactivate()).toBe(true);
		expect(shopTrigger.staticData().subscription).toBeUndefined();
		// Nothing left to remove: no request.
		expect(await shopTrigger.deactivate()).toBe(true);
	});

	test('a subscription the API lost (404 on check) is created again', async () => {
		const shopTrigger = trigger('shopEvents');
		expectSubscribe(shopTrigger.webhookUrl());
		await shopTrigger.activate();
		nock(API).get('/api/webhooks/wh_1').reply(404, { error: 'not_found' });
		expectSubscribe(shopTrigger.webhookUrl(), ['order.shipped'], { id: 'wh_2', secret: SUBSCRIPTION_SECRET });
		expect(await shopTrigger.activate()).toEqual(['checkExists', 'create']);
		expect(shopTrigger.staticData().subscription).toMatchObject({ id: 'wh_2' });
	});

	test('changed events replace the old subscription', async () => {
		const shopTrigger = trigger('shopEvents');
		expectSubscribe(shopTrigger.webhookUrl());
		await shopTrigger.activate();
		shopTrigger.setParameter('events', ['order.shipped', 'order.created']);
		nock(API).delete('/api/webhooks/wh_1').reply(204);
		expectSubscribe(shopTrigger.webhookUrl(), ['order.shipped', 'order.created'], { id: 'wh_3', secret: SUBSCRIPTION_SECRET });
		expect(await shopTrigger.activate()).toEqual(['checkExists', 'create']);
		expect(shopTrigger.staticData().subscription).toMatchObject({ id: 'wh_3', events: ['order.shipped', 'order.created'] });
	});

	test('the editor\'s "Listen for test event" subscribes the test URL and removes it afterwards', async () => {
		const shopTrigger = trigger('shopEvents');
		const testUrl = shopTrigger.webhookUrl('manual');
		expect(testUrl).toMatch(/\/webhook-test\/[0-9a-f-]{36}\/webhook$/);
		expectSubscribe(testUrl);
		expect(await shopTrigger.activate('manual')).toEqual(['checkExists', 'create']);
		const result = await shopTrigger.deliver(shopDelivery(event()), 'manual');
		expect(started(result)).toEqual([{ orderId: 'ORD-1' }, { orderId: 'ORD-2' }]);
		nock(API).delete('/api/webhooks/wh_1').reply(204);
		expect(await shopTrigger.deactivate('manual')).toBe(true);
	});

	test('a failed unsubscribe keeps the id so that a later deactivation can retry', async () => {
		const shopTrigger = trigger('shopEvents');
		expectSubscribe(shopTrigger.webhookUrl());
		await shopTrigger.activate();
		nock(API).delete('/api/webhooks/wh_1').reply(500, { error: 'boom' });
		expect(await shopTrigger.deactivate()).toBe(false);
		expect(shopTrigger.staticData().subscription).toMatchObject({ id: 'wh_1' });
		nock(API).delete('/api/webhooks/wh_1').reply(404, { error: 'not_found' });
		expect(await shopTrigger.deactivate()).toBe(true);
	});

	test('no events chosen, or a refused subscribe, stop the activation with a clear error and no secret', async () => {
		await expect(trigger('shopEvents', { events: [] }).activate()).rejects.toThrow('Choose at least one event to subscribe to');
		const shopTrigger = trigger('shopEvents');
		nock(API).post('/api/webhooks').reply(400, { error: `bad key ${API_KEY}` });
		const error = await shopTrigger.activate().catch((caught: Error & { description?: string }) => caught);
		expect(error).toMatchObject({ message: 'Shop Events refused to create the webhook subscription (status 400)' });
		expect((error as { description?: string }).description).toBe('The API answered: {"error":"bad key ******"}');
	});

	test('a subscribe response without the id names the path', async () => {
		const shopTrigger = trigger('shopEvents');
		expectSubscribe(shopTrigger.webhookUrl(), ['order.shipped'], { webhook: { id: 'x' } });
		await expect(shopTrigger.activate()).rejects.toThrow('The subscribe response has no subscription id at "id"');
	});
});

describe('deliveries (HMAC SHA-256 over timestamp.body, secret from the subscription)', () => {
	async function active() {
		const shopTrigger = trigger('shopEvents');
		expectSubscribe(shopTrigger.webhookUrl());
		await shopTrigger.activate();
		return shopTrigger;
	}

	test('a signed event starts one execution with the records as items; the same event again starts none', async () => {
		const shopTrigger = await active();
		const first = await shopTrigger.deliver(shopDelivery(event()));
		expect(started(first)).toEqual([{ orderId: 'ORD-1' }, { orderId: 'ORD-2' }]);
		expect(first.status).toBeUndefined();

		// The API retries the same event (new timestamp, new signature): acknowledged, nothing starts.
		const again = await shopTrigger.deliver(shopDelivery(event()));
		expect(again.returned.workflowData).toBeUndefined();
		expect(again.returned.webhookResponse).toEqual({ received: true, started: false, reason: 'event evt_1 was already received' });
		expect(started(await shopTrigger.deliver(shopDelivery(event({ id: 'evt_2' }))))).toHaveLength(2);
	});

	test('a duplicate that arrives before n8n has stored the first execution\'s static data still starts nothing', async () => {
		const shopTrigger = await active();
		expect(started(await shopTrigger.deliver(shopDelivery(event({ id: 'evt_race' }))))).toHaveLength(2);
		// n8n hands a webhook the static data as stored when the request arrived; while the first
		// execution still runs, that copy has no record of the first event.
		delete shopTrigger.staticData().eventIds;
		const again = await shopTrigger.deliver(shopDelivery(event({ id: 'evt_race' })));
		expect(again.returned.workflowData).toBeUndefined();
		expect(again.returned.webhookResponse).toEqual({ received: true, started: false, reason: 'event evt_race was already received' });
	});

	test.each([
		['a forged signature', () => shopDelivery(event(), nowSeconds(), 'guessed'), 401, 'Unauthorized: the X-Shop-Signature signature does not match'],
		['no signature', () => ({ body: event(), headers: { 'X-Shop-Timestamp': nowSeconds() } }), 401, 'Unauthorized: the X-Shop-Signature header is missing'],
		['a correctly signed replay from an hour ago', () => shopDelivery(event(), String(Math.floor(Date.now() / 1000) - 3600)), 401, 'Unauthorized: the X-Shop-Timestamp timestamp is outside the replay window of 300 s'],
		['a body larger than maxBodyBytes', () => shopDelivery(event({ pad: 'x'.repeat(5000) })), 413, 'Payload too large: 5'],
	])('%s is refused with its status and starts nothing', async (_name, make, status, message) => {
		const shopTrigger = await active();
		const result = await shopTrigger.deliver(make());
		expect(result.returned).toEqual({ noWebhookResponse: true });
		expect(result.status).toBe(status);
		expect(String((result.body as IDataObject).message).startsWith(message)).toBe(true);
		expect(JSON.stringify(result)).not.toContain(SUBSCRIPTION_SECRET);
	});

	test('an event type not chosen is acknowledged and starts nothing', async () => {
		const shopTrigger = await active();
		const result = await shopTrigger.deliver(shopDelivery(event({ type: 'order.created' })));
		expect(result.returned).toEqual({ webhookResponse: { received: true, started: false, reason: 'event type "order.created" was not chosen' } });
	});

	test('before any subscription there is no secret: every delivery is refused with 503, so the API retries', async () => {
		const result = await trigger('shopEvents').deliver(shopDelivery(event()));
		expect(result.status).toBe(503);
		expect(result.returned.workflowData).toBeUndefined();
		expect(result.body).toEqual({ message: 'Service Unavailable: this trigger has no signing secret (yet); nothing was started' });
	});
});

describe('each signature scheme, secret from the credential', () => {
	async function active(connector: string, credentialData: IDataObject = {}) {
		const node = trigger(connector, {}, credentialData);
		nock(API).post('/api/webhooks').reply(201, { id: 'wh_9' });
		await node.activate();
		return node;
	}

	test('HMAC SHA-1, hex with a "sha1=" prefix (GitHub style)', async () => {
		const node = await active('shopSha1');
		const body = event();
		const signed = await node.deliver({ body, headers: { 'X-Hub-Signature': `sha1=${hmac('sha1', CREDENTIAL_SECRET, body)}` } });
		expect(started(signed)).toHaveLength(2);
		const forged = await node.deliver({ body: event({ id: 'evt_7' }), headers: { 'X-Hub-Signature': `sha1=${hmac('sha1', 'wrong', body)}` } });
		expect(forged.status).toBe(401);
		expect(forged.returned.workflowData).toBeUndefined();
	});

	test('HMAC SHA-256, base64, with an ISO timestamp header and a 120 s window', async () => {
		const node = await active('shopBase64');
		const body = event();
		const sig = hmac('sha256', CREDENTIAL_SECRET, body, 'base64');
		expect(started(await node.deliver({ body, headers: { 'X-Signature': sig, 'X-Sent-At': new Date().toISOString() } }))).toHaveLength(2);
		const stale = await node.deliver({ body: event({ id: 'evt_8' }), headers: { 'X-Signature': hmac('sha256', CREDENTIAL_SECRET, event({ id: 'evt_8' }), 'base64'), 'X-Sent-At': new Date(Date.now() - 600_000).toISOString() } });
		expect(stale).toMatchObject({ status: 401, body: { message: 'Unauthorized: the X-Sent-At timestamp is outside the replay window of 120 s' } });
	});

	test('secrets in a delivered record are masked in the items', async () => {
		const node = await active('shopToken');
		const body = JSON.stringify({ id: 'evt_s', type: 'order.shipped', data: { orders: [{ orderId: 'ORD-1', note: `key ${API_KEY}, token ${CREDENTIAL_SECRET}` }] } });
		expect(started(await node.deliver({ body, headers: { 'X-Webhook-Token': CREDENTIAL_SECRET } }))).toEqual([{ orderId: 'ORD-1', note: 'key ******, token ******' }]);
	});

	test('a shared token header', async () => {
		const node = await active('shopToken');
		expect(started(await node.deliver({ body: event(), headers: { 'X-Webhook-Token': CREDENTIAL_SECRET } }))).toHaveLength(2);
		const wrong = await node.deliver({ body: event({ id: 'evt_3' }), headers: { 'X-Webhook-Token': 'nope' } });
		expect(wrong).toMatchObject({ status: 401, body: { message: 'Unauthorized: the X-Webhook-Token header does not match' } });
	});

	test('an empty Webhook Secret in the credential refuses every delivery', async () => {
		const node = await active('shopToken', { webhookSecret: '' });
		const result = await node.deliver({ body: event(), headers: { 'X-Webhook-Token': '' } });
		expect(result).toMatchObject({ status: 503, body: { message: 'Service Unavailable: this trigger has no signing secret (yet); nothing was started' } });
	});
});

describe('the generated Order Service Instant Trigger', () => {
	test('subscribes at the credential\'s base URL, verifies the Order Service signature, unsubscribes', async () => {
		const orders = 'https://orders.internal.example.com';
		const node = createWebhookTrigger({
			nodeTypes: [OrderServiceInstantTrigger],
			node: { type: 'dataConnectorOrderServiceInstantTrigger', parameters: { events: ['order.refunded'] } },
			credentialTypes: [DataConnectorApiKeyApi],
			credentials: [credential({ baseUrl: `${orders}/api/v1` })],
		});
		const url = node.webhookUrl();
		nock(orders, { reqheaders: { 'x-api-key': API_KEY } })
			.post('/api/v1/webhooks', { url, events: ['order.refunded'] })
			.reply(201, { id: 'WH-0001', url, events: ['order.refunded'], secret: 'whsec_orders' });
		expect(await node.activate()).toEqual(['checkExists', 'create']);

		const body = JSON.stringify({ id: 'EVT-1', type: 'order.refunded', data: { id: 'RF-80001', orderId: 'ORD-2024-000123', amount: 10 } });
		const timestamp = nowSeconds();
		const headers = { 'X-Order-Timestamp': timestamp, 'X-Order-Signature': `sha256=${hmac('sha256', 'whsec_orders', `${timestamp}.${body}`)}` };
		expect(started(await node.deliver({ body, headers }))).toEqual([{ id: 'RF-80001', orderId: 'ORD-2024-000123', amount: 10 }]);
		expect((await node.deliver({ body, headers })).returned.workflowData).toBeUndefined();

		nock(orders).delete('/api/v1/webhooks/WH-0001').reply(204);
		expect(await node.deactivate()).toBe(true);
	});
});
