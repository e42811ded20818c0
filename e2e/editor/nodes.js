/**
 * Browser cases: the node panel, the Data Connector node with a packaged connector, and the
 * generated action nodes (API key, bearer token, OAuth2 client credentials), each set up from
 * scratch and run against the local servers. `kit` is what e2e/editor.js gives every case group.
 */
async function nodeCases({ ui, page, browserTest, assert, assertFresh, labelsInclude, docsShot, credentials, demoApi, apiKey, rest, restSecrets, oauth }) {
	await browserTest('editor: the node panel lists Order Service once, its actions and one poll trigger, with the connector\'s description', async () => {
		await ui.searchFirstStep('Manual');
		await page.locator('[data-test-id=node-creator] [data-test-id=node-creator-item-name]', { hasText: 'Manual Trigger' }).first().click();
		await page.locator('[data-test-id=canvas-handle-plus]').first().click();
		await page.fill('[data-test-id=node-creator-search-bar]', 'Order Service');
		const creator = page.locator('[data-test-id=node-creator]');
		const entries = creator.locator('[data-test-id=item-iterator-item]');
		await entries.filter({ hasText: 'Order Service' }).first().waitFor();
		const found = (await entries.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
		assert.equal(found.filter((text) => text.startsWith('Order Service ') && !text.startsWith('Order Service Instant')).length, 1, `entries: ${found.join(' | ')}`);
		assert.match(found.find((text) => text.startsWith('Order Service ')), /order management API/);
		await creator.locator('[data-test-id=node-creator-item-name]', { hasText: /^\s*Order Service\s*$/ }).first().click();
		const categories = creator.locator('[data-test-id=node-creator-category-item]');
		await categories.first().waitFor();
		const headings = (await categories.allInnerTexts()).map((text) => text.trim());
		assert.ok(headings.includes('Triggers (1)') && headings.some((text) => /^Actions \(\d+\)$/.test(text)), `sections: ${headings.join(' | ')}`);
		await docsShot('editor-node-panel.png');
		await page.keyboard.press('Escape');
	});

	await browserTest('editor: Data Connector node, packaged connector: connector, endpoint, credential form, input by expression, run', async () => {
		await ui.addNode('Data Connector', 'Data Connector');
		// A fresh node: the Mode and Connector pickers, nothing that needs an endpoint, no error.
		const fresh = await ui.labels();
		assert.ok(fresh.includes('Mode') && fresh.some((label) => label.startsWith('Connector')), `fresh node shows: ${fresh.join(', ')}`);
		assert.ok(!fresh.some((label) => /Inputs From Lists|Endpoint/.test(label)), `fresh node shows: ${fresh.join(', ')}`);
		await assertFresh('Data Connector node');

		await ui.choose('connector', 'Order Service');
		await ui.choose('endpoint', 'Get Order Status');
		// The credential offered follows the connector: Order Service authenticates with an API key.
		// (The optional Data Connector Hub credential is offered beside it.)
		const credentialLabels = await page.locator('[data-test-id=ndv] [data-test-id=credentials-label]').allInnerTexts();
		assert.ok(credentialLabels.some((label) => /API Key/.test(label)), `credentials offered: ${credentialLabels.join(', ')}`);
		credentials.orders = await ui.createCredential({ apiKey, baseUrl: demoApi.baseUrl });
		// The endpoint's input, labelled as the connector names it, mapped by an expression; no
		// "Inputs From Lists" for a connector without lists.
		assert.ok(await labelsInclude('Order Number'), 'the input "Order Number" is not shown');
		assert.ok(!(await labelsInclude('Inputs From Lists')), 'Order Service has no list inputs, yet "Inputs From Lists" shows');
		await ui.type('orderId', '{{ "ORD-2024-" + "000123" }}');
		const output = await ui.executeStep('shipped');
		assert.match(output, /ORD-2024-000123/);
		await docsShot('editor-data-connector.png');
		await ui.closeNode();
		const subtitle = await ui.canvasSubtitle('Data Connector');
		assert.match(subtitle, /Order Service: Get Order Status/, `canvas shows: ${subtitle}`);
	});

	await browserTest('editor: generated Order Service node: action from the panel, saved credential chosen, input by expression, run', async () => {
		await ui.addNode('Order Service', 'Order Service', 'Get order status');
		await assertFresh('Order Service node');
		await ui.selectCredential(credentials.orders);
		await ui.type('orderId', '{{ "ORD-2024-" + "000119" }}');
		const output = await ui.executeStep('delivered');
		assert.match(output, /ORD-2024-000119/);
		await ui.closeNode();
		assert.match(await ui.canvasSubtitle('Order Service'), /Get Order Status/);
	});

	await browserTest('editor: generated CRM Contacts node: bearer token credential created through its form, input typed, run (json-server)', async () => {
		await ui.addNode('CRM Contacts', 'CRM Contacts', 'Get contact');
		await assertFresh('CRM Contacts node');
		credentials.crm = await ui.createCredential({ token: restSecrets.bearer.token, baseUrl: `${rest.url}/bearer` });
		await ui.type('contactId', 'C-7');
		const output = await ui.executeStep('jane.doe@example.com');
		assert.match(output, /Acme Europe GmbH/);
		await docsShot('editor-generated-node.png');
		await ui.closeNode();
		assert.match(await ui.canvasSubtitle('CRM Contacts'), /Get Contact/);
	});

	await browserTest('editor: generated Shipping Partner node: OAuth2 client credentials created through its form, input typed, run', async () => {
		await ui.addNode('Shipping Partner', 'Shipping Partner', 'Track shipment');
		await assertFresh('Shipping Partner node');
		credentials.shipping = await ui.createCredential({
			clientId: 'shipping-client',
			clientSecret: 'shipping-secret',
			tokenUrl: oauth.tokenUrl,
			baseUrl: `${oauth.url}/shipping`,
		});
		await ui.type('trackingNumber', 'SH-EDITOR-1');
		const output = await ui.executeStep('in_transit');
		assert.match(output, /SH-EDITOR-1/);
		await ui.closeNode();
		assert.match(await ui.canvasSubtitle('Shipping Partner'), /Track Shipment/);
	});
}

module.exports = { nodeCases };
