/* global fetch, AbortSignal, setTimeout */
/**
 * The instant trigger end to end: the generated Order Service Instant Trigger in a published
 * workflow, the demo Order Service (scripts/n8n/demo-api.js + demo-webhooks.js) as the API that
 * keeps subscriptions and sends signed events, and the real n8n server in between.
 *
 *   activation      n8n subscribes exactly once (the demo API holds one subscription for the URL)
 *   one event       exactly one execution; its record reaches the next node as an item (the
 *                   Data Connector node asks the demo API for that order)
 *   forged, replayed, re-sent events: 401 or acknowledged, no execution
 *   deactivation    over n8n's REST API: the subscription is removed
 */
const { signedHeaders } = require('../../scripts/n8n/demo-webhooks');

const WORKFLOW_ID = 'e2eInstantTrig01';
const WEBHOOK_ID = '6d1f6c1e-3c55-4c0e-9a0b-5e2e0d1a7c11';
const TRIGGER_NAME = 'Order Events';
const ORDER_ID = 'ORD-2024-000123';

/** The published workflow: Order Service Instant Trigger (refunds) -> Get Order Status of the refunded order. */
function instantWorkflow({ kit, packageName, credential, dataConnector }) {
	return kit.workflow({
		id: WORKFLOW_ID,
		name: 'E2E: Order Service instant trigger -> order status',
		active: true,
		nodes: [
			kit.node(TRIGGER_NAME, `${packageName}.dataConnectorOrderServiceInstantTrigger`, 1, { events: ['order.refunded'] }, {
				credentials: kit.credentialRef(credential),
				webhookId: WEBHOOK_ID,
			}),
			dataConnector('Order of the Refund', { connector: 'orderService', endpoint: 'getOrderStatus', inputs: { orderId: '={{ $json.orderId }}' }, credential }),
		],
		links: kit.chain(TRIGGER_NAME, 'Order of the Refund'),
	});
}

/** Polls `check` until it returns a truthy value (n8n activates and runs in the background). */
async function eventually(what, check, { timeoutMs = 60_000, everyMs = 200 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

async function instantTriggerTests({ test, assert, baseUrl, cookie, demoApi }) {
	const webhookUrl = `${baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
	const { subscriptions, deliveries } = demoApi.webhooks;
	// Only this workflow's subscriptions count (another active workflow may subscribe too).
	const ours = () => [...subscriptions.values()].filter((subscription) => subscription.url === webhookUrl);
	const rest = async (method, route, body) => {
		const response = await fetch(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie: cookie(), ...(body ? { 'Content-Type': 'application/json' } : {}) },
			...(body ? { body: JSON.stringify(body) } : {}),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		assert.ok(response.ok, `${method} /rest${route}: HTTP ${response.status} ${text}`);
		return JSON.parse(text);
	};
	const executions = async () => {
		const answer = await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}`);
		return answer.data?.results ?? answer.data ?? [];
	};
	const finished = (list) => list.filter((execution) => execution.finished || ['success', 'error', 'crashed'].includes(execution.status));
	const orderLookups = () => demoApi.requests.filter((request) => request.method === 'GET' && request.path === `/api/v1/orders/${ORDER_ID}`).length;
	const post = (body, headers) =>
		fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(30_000) });
	let delivered;

	await test('instant trigger: activation registered exactly one subscription, for the webhook URL and the chosen event', async () => {
		const [subscription] = await eventually('the subscription', () => ours().length > 0 && ours());
		assert.equal(ours().length, 1, JSON.stringify(ours()));
		assert.equal(subscription.url, webhookUrl);
		assert.deepEqual(subscription.events, ['order.refunded']);
	});

	await test('instant trigger: one signed event starts exactly one execution, with the record as the item', async () => {
		const lookups = orderLookups();
		delivered = await demoApi.webhooks.emit('order.refunded', { id: 'RF-E2E-1', orderId: ORDER_ID, amount: 12.5, currency: 'EUR' });
		const delivery = deliveries.find((attempt) => attempt.eventId === delivered.event.id && attempt.url === webhookUrl);
		assert.equal(delivery?.status, 200, JSON.stringify(deliveries));
		const done = await eventually('the execution', async () => {
			const list = finished(await executions());
			return list.length ? list : undefined;
		});
		assert.equal(done.length, 1);
		assert.equal(done[0].status, 'success');
		// The next node looked up exactly the order named in the event's record, once.
		assert.equal(orderLookups(), lookups + 1);
	});

	await test('instant trigger: a forged event is answered 401 and starts nothing', async () => {
		const body = JSON.stringify({ id: 'EVT-FORGED', type: 'order.refunded', data: { id: 'RF-X', orderId: ORDER_ID } });
		const response = await post(body, signedHeaders(body, 'whsec_guessed'));
		assert.equal(response.status, 401);
		assert.match((await response.json()).message, /signature does not match/);
		const unsigned = await post(body, {});
		assert.equal(unsigned.status, 401);
	});

	await test('instant trigger: a replayed event starts nothing (same event again: acknowledged; old timestamp: 401)', async () => {
		const secret = ours()[0].secret;
		// Acknowledged (200, so the API stops retrying); the next test proves that nothing started.
		const again = await post(delivered.body, signedHeaders(delivered.body, secret));
		assert.equal(again.status, 200);
		const old = await post(delivered.body, signedHeaders(delivered.body, secret, Math.floor(Date.now() / 1000) - 3600));
		assert.equal(old.status, 401);
		assert.match((await old.json()).message, /outside the replay window/);
	});

	await test('instant trigger: after forged and replayed events, the next real event is only the second execution', async () => {
		const lookups = orderLookups();
		await demoApi.webhooks.emit('order.refunded', { id: 'RF-E2E-2', orderId: ORDER_ID, amount: 1, currency: 'EUR' });
		const done = await eventually('the second execution', async () => {
			const list = finished(await executions());
			return list.length >= 2 ? list : undefined;
		});
		assert.equal(done.length, 2, 'forged or replayed events started executions');
		assert.equal(orderLookups(), lookups + 1);
	});

	await test('instant trigger: deactivating the workflow removes the subscription', async () => {
		await rest('POST', `/workflows/${WORKFLOW_ID}/deactivate`, {});
		await eventually('the unsubscribe', () => ours().length === 0);
		assert.equal(ours().length, 0);
		const late = await post(delivered.body, signedHeaders(delivered.body, 'whsec_any'));
		assert.equal(late.status, 404, 'the webhook URL still answers after deactivation');
	});
}

module.exports = { instantWorkflow, instantTriggerTests, eventually, WORKFLOW_ID };
