const { eventually } = require('../lib/instant');

/**
 * Browser cases: the generated poll triggers of the other packaged connectors (CRM Contacts,
 * Shipping Partner, Document Store), each added as a new workflow's first step from the node
 * panel, its credential chosen (or created through its form when the earlier groups did not run),
 * and "Fetch Test Event" run against the local servers: json-server's contacts (bearer token), the
 * OAuth2 server's shipments (client credentials), the Document Store server's folder documents
 * (API key, the folder picked from the list the API returns). `kit` is what e2e/editor.js gives
 * every case group.
 */
async function generatedTriggerCases({ ui, browserTest, assert, assertFresh, credentials, rest, restSecrets, oauth, documentStore }) {
	/** The credential an earlier case saved under `key`, chosen; otherwise created through its form. */
	const credential = async (key, fields) => {
		if (credentials[key]) await ui.selectCredential(credentials[key]);
		else credentials[key] = await ui.createCredential(fields);
	};
	/** The canvas names the trigger's event, not the endpoint's key. */
	const assertCanvas = async (name, key) => {
		const subtitle = await ui.canvasSubtitle(name);
		assert.ok(!subtitle.includes(key), `canvas shows: ${subtitle}`);
	};

	await browserTest('editor: generated CRM Contacts Trigger as first step: trigger event from the panel, bearer token credential, Fetch Test Event (json-server)', async () => {
		await ui.addTrigger('CRM Contacts', 'CRM Contacts', 'On New Record in Contacts');
		await assertFresh('CRM Contacts Trigger');
		await credential('crm', { token: restSecrets.bearer.token, baseUrl: `${rest.url}/bearer` });
		const output = await ui.executeStep('jane.doe@example.com');
		assert.match(output, /Acme Europe GmbH/);
		await ui.closeNode();
		await assertCanvas('CRM Contacts Trigger', 'listContacts');
	});

	await browserTest('editor: generated Shipping Partner Trigger as first step: trigger event from the panel, OAuth2 client credentials, Fetch Test Event', async () => {
		await ui.addTrigger('Shipping Partner', 'Shipping Partner', 'On New Record in Shipments');
		await assertFresh('Shipping Partner Trigger');
		await credential('shipping', { clientId: 'shipping-client', clientSecret: 'shipping-secret', tokenUrl: oauth.tokenUrl, baseUrl: `${oauth.url}/shipping` });
		const output = await ui.executeStep('SH-LIST-50');
		assert.match(output, /SHP-50[12]/);
		await ui.closeNode();
		await assertCanvas('Shipping Partner Trigger', 'listShipments');
	});

	await browserTest('editor: generated Document Store Trigger as first step: trigger event from the panel, API key credential, folder picked from the API\'s list, Fetch Test Event', async () => {
		await ui.addTrigger('Document Store', 'Document Store', 'On New Record in Documents');
		await assertFresh('Document Store Trigger');
		await credential('documents', { apiKey: documentStore.apiKey, baseUrl: documentStore.baseUrl });
		await ui.pickFromList('folderId', 'Invoices');
		const output = await ui.executeStep('Invoice 2026-00');
		assert.ok(!output.includes(documentStore.apiKey), 'the API key shows in the output');
		await ui.closeNode();
		await assertCanvas('Document Store Trigger', 'listDocuments');
	});
}

/**
 * The generic Data Connector Instant Trigger: the connector and an event chosen in the form, the
 * demo Order Service's credential, "Listen for test event"; the demo API signs and sends the event
 * once the editor's test URL has subscribed.
 */
async function instantTriggerCase({ ui, browserTest, assert, assertFresh, credentials, demoApi, apiKey }) {
	await browserTest('editor: Data Connector Instant Trigger as first step: connector and event chosen, credential, Listen for test event, a signed event shows as output', async () => {
		await ui.addTrigger('Data Connector Instant', 'Data Connector Instant Trigger');
		await assertFresh('Data Connector Instant Trigger');
		await ui.choose('connector', 'Order Service');
		await ui.choose('events', 'Refund Created');
		// The event list stays open for more picks: a click on the form's heading closes it.
		await ui.ndv.locator('[data-test-id=node-parameters]').first().click({ position: { x: 5, y: 5 } });
		if (credentials.orders) await ui.selectCredential(credentials.orders);
		else credentials.orders = await ui.createCredential({ apiKey, baseUrl: demoApi.baseUrl });
		const { subscriptions, emit } = demoApi.webhooks;
		const listening = () => [...subscriptions.values()].some((subscription) => subscription.url.includes('/webhook-test/') && subscription.events.includes('order.refunded'));
		const output = await ui.executeStep('RF-E2E-GENERIC', async () => {
			await eventually('the test subscription', listening);
			await emit('order.refunded', { id: 'RF-E2E-GENERIC', orderId: 'ORD-2024-000140', amount: 1.5, currency: 'EUR' });
		});
		assert.match(output, /ORD-2024-000140/);
		await ui.closeNode();
	});
}

module.exports = { generatedTriggerCases, instantTriggerCase };
