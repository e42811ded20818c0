/**
 * Browser cases: the Data Connector node's other modes (custom endpoint, hub connector), the Data
 * Connector Trigger, the generated Order Service Trigger and the Registry node, each set up from
 * scratch by clicking and typing and run against the local servers (json-server, the demo Order
 * Service, the e2e's Connector Hub). `kit` is what e2e/editor.js gives every case group.
 */
const { eventually } = require('../lib/instant');

const HUB_SLOT = 'Data Connector Hub';

async function modeCases({ ui, page, browserTest, assert, assertFresh, labelsInclude, credentials, demoApi, apiKey, rest, restSecrets, hub }) {
	/** The Order Service credential the node cases created, or a new one when they did not run. */
	const orderCredential = async () => {
		if (credentials.orders) await ui.selectCredential(credentials.orders);
		else credentials.orders = await ui.createCredential({ apiKey, baseUrl: demoApi.baseUrl });
	};
	/** The hub credential created through its form once, then chosen. */
	const hubCredential = async () => {
		if (credentials.hub) await ui.selectCredential(credentials.hub, { slot: HUB_SLOT });
		else credentials.hub = await ui.createCredential({ url: hub.url, token: hub.tokens.read }, { slot: HUB_SLOT });
	};

	await browserTest('editor: Data Connector node, Custom Endpoint: method, URL, bearer token credential form, query by expression and typed, run (json-server)', async () => {
		await ui.addNode('Data Connector', 'Data Connector');
		await assertFresh('Data Connector node');
		await ui.choose('mode', 'Custom Endpoint');
		assert.ok(await labelsInclude('URL'), 'Custom Endpoint shows no URL');
		assert.ok(!(await labelsInclude('Connector')), 'Custom Endpoint still shows the Connector picker');
		await ui.choose('method', 'GET');
		await ui.type('url', `${rest.url}/bearer/tickets`);
		await ui.choose('authentication', 'Bearer Token');
		// A custom endpoint uses no connector: no Data Connector Hub credential is asked for.
		const credentialLabels = await page.locator('[data-test-id=ndv] [data-test-id=credentials-label]').allInnerTexts();
		assert.ok(!credentialLabels.some((label) => /Hub/.test(label)), `credentials offered: ${credentialLabels.join(', ')}`);
		credentials.bearer = await ui.createCredential({ token: restSecrets.bearer.token });
		await ui.addEntry('Add Parameter', 'status', '{{ "op" + "en" }}');
		await ui.addEntry('Add Parameter', 'priority', '3');
		const output = await ui.executeStep('Wrong size delivered');
		assert.match(output, /T-1003/);
		assert.doesNotMatch(output, /T-1001|T-1002/, 'the query did not filter the tickets');
		await ui.closeNode();
		const subtitle = await ui.canvasSubtitle('Data Connector');
		assert.match(subtitle, /GET http:\/\/127\.0\.0\.1:\d+\/bearer\/tickets/, `canvas shows: ${subtitle}`);
	});

	await browserTest('editor: Data Connector node, hub connector: hub credential form, "Hub: …" connector, endpoint, Basic Auth credential form, input by expression, run', async () => {
		await ui.addNode('Data Connector', 'Data Connector');
		await assertFresh('Data Connector node');
		await hubCredential();
		await ui.choose('connector', 'Hub: E2E Helpdesk (Basic Auth)');
		await ui.choose('endpoint', 'Get Ticket');
		await ui.choose('authentication', 'Basic Auth');
		credentials.basic = await ui.createCredential({ username: restSecrets.basic.username, password: restSecrets.basic.password });
		assert.ok(await labelsInclude('Ticket Number'), 'the input "Ticket Number" is not shown');
		await ui.type('ticketId', '{{ "T-" + "1002" }}');
		const output = await ui.executeStep('Invoice missing');
		assert.match(output, /T-1002/);
		await ui.closeNode();
		// The canvas has no hub to ask for names: the keys (e2eHelpdeskBasic, getTicket) in words.
		const subtitle = await ui.canvasSubtitle('Data Connector');
		assert.match(subtitle, /E2e Helpdesk Basic: Get Ticket/, `canvas shows: ${subtitle}`);
	});

	await browserTest('editor: Data Connector Trigger as first step: connector, list endpoint, saved credential, input typed, Fetch Test Event', async () => {
		await ui.addTrigger('Data Connector', 'Data Connector Trigger');
		await assertFresh('Data Connector Trigger');
		await ui.choose('connector', 'Order Service');
		await ui.choose('endpoint', 'List Orders');
		await orderCredential();
		await ui.type('customerEmail', 'omar.haddad@example.com');
		const output = await ui.executeStep('ORD-2024-000119');
		assert.match(output, /delivered/);
		assert.doesNotMatch(output, /ORD-2024-000123/, 'the Customer Email input did not filter the orders (ORD-2024-000123 is Jane\'s)');
		await ui.closeNode();
		const subtitle = await ui.canvasSubtitle('Data Connector Trigger');
		assert.match(subtitle, /Order Service: List Orders/, `canvas shows: ${subtitle}`);
	});

	await browserTest('editor: generated Order Service Trigger as first step: trigger event from the panel, saved credential, Fetch Test Event', async () => {
		await ui.addTrigger('Order Service', 'Order Service', 'On New Record in Orders');
		await assertFresh('Order Service Trigger');
		await orderCredential();
		const output = await ui.executeStep('ORD-2024-');
		assert.match(output, /status/);
		await ui.closeNode();
		const subtitle = await ui.canvasSubtitle('Order Service Trigger');
		assert.doesNotMatch(subtitle, /listOrders|orderService/, `canvas shows: ${subtitle}`);
	});

	await browserTest('editor: generated Order Service Instant Trigger as first step: event chosen, saved credential, Listen for test event, an event the Order Service signs and sends shows as output', async () => {
		// n8n lists the trigger without "Trigger", its events as actions; choosing one sets Events.
		await ui.addTrigger('Order Service Instant', 'Order Service Instant', 'On Refund Created');
		await assertFresh('Order Service Instant Trigger');
		assert.match(await ui.parameter('events').innerText(), /Refund Created/);
		await orderCredential();
		const { subscriptions, emit } = demoApi.webhooks;
		const listening = () => [...subscriptions.values()].some((subscription) => subscription.url.includes('/webhook-test/') && subscription.events.includes('order.refunded'));
		const output = await ui.executeStep('RF-E2E-EDITOR', async () => {
			// The editor subscribes its test URL when it starts listening; then the API sends the event.
			await eventually('the test subscription', listening);
			await emit('order.refunded', { id: 'RF-E2E-EDITOR', orderId: 'ORD-2024-000119', amount: 3.5, currency: 'EUR' });
		});
		assert.match(output, /ORD-2024-000119/);
		await ui.closeNode();
	});

	await browserTest('editor: Data Connector Registry node: Get many connectors from the panel, hub credential, search typed, run', async () => {
		await ui.addNode('Data Connector Registry', 'Data Connector Registry', 'Get many connectors');
		await assertFresh('Data Connector Registry node');
		await hubCredential();
		await ui.type('query', 'helpdesk');
		const output = await ui.executeStep('e2eHelpdeskBasic');
		assert.match(output, /E2E Helpdesk \(Basic Auth\)/);
		assert.doesNotMatch(output, /e2eContactsBearer/, 'the search did not filter the connectors');
		await ui.closeNode();
	});
}

module.exports = { modeCases };
