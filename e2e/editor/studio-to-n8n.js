/**
 * Browser case (issue #16 point 8): a connector made from scratch in the Connector Studio, then run
 * in the real n8n editor. In the editor's browser, a second tab opens the Studio of the e2e's
 * Connector Hub, signs in with the admin token and creates "Studio Orders" for a small local API
 * (API key in a header; a GET with an input, a POST with a JSON body), tests both endpoints in the
 * Test panel and sets it live. In n8n, the Data Connector node with a Data Connector Hub
 * credential (created through its form with the hub's read token) lists the hub's connectors before, and
 * "Hub: Studio Orders" after (n8n caches the hub's list per process, revalidated by ETag); the GET runs with
 * an API key credential created through its form and the input typed, then the POST, whose JSON body
 * the API receives. `kit` is what e2e/editor.js gives every case group.
 */
const { startOrdersApi, studio } = require('../lib/studio-ui');

const API_KEY = 'studio-to-n8n-api-key-0815';
const NAME = 'Studio Orders';
const HUB_SLOT = 'Data Connector Hub';
const BODY = { note: 'sent from n8n', items: 3 };

async function studioToN8nCases({ ui, page, browserTest, assert, credentials, hub }) {
	const ordersApi = await startOrdersApi(API_KEY);
	/** The names in the node's Connector list, as shown when it is opened. */
	const connectorList = async () => {
		const names = await ui.optionNames('connector', 'Hub: ');
		await page.keyboard.press('Escape');
		if (!(await ui.ndv.isVisible())) await ui.openNode('Data Connector');
		return names;
	};
	try {
		await browserTest('Studio → editor: with a Data Connector Hub credential (created through its form) chosen, the Connector list shows the hub\'s connectors', async () => {
			await ui.addNode('Data Connector', 'Data Connector');
			// The hub's credential (its URL and read token): the one an earlier case created through
			// its form, else created here.
			if (credentials.hub) await ui.selectCredential(credentials.hub, { slot: HUB_SLOT });
			else credentials.hub = await ui.createCredential({ url: hub.url, token: hub.tokens.read }, { slot: HUB_SLOT });
			const names = await connectorList();
			assert.ok(names.includes('Order Service') && names.some((name) => name.startsWith('Hub: ')), names.join(', '));
			assert.ok(!names.includes(`Hub: ${NAME}`), names.join(', '));
			await ui.closeNode();
		});

		await browserTest('Studio → editor: a connector created in the Studio (API key, GET with an input, POST with a JSON body), both endpoints tested, set live', async () => {
			const tab = await page.context().newPage();
			try {
				const studioUi = studio(tab, hub.url);
				await studioUi.open();
				await studioUi.signIn(hub.tokens.admin);
				await studioUi.newConnector({ name: NAME, categories: 'Sales', baseUrl: ordersApi.url });
				await studioUi.useApiKey('X-API-Key');
				await studioUi.addGetEndpoint({ index: 0, name: 'Get Order', key: 'getOrder', input: 'orderId', pathBefore: '/orders/', sample: 'A-1', recordsPath: 'data' });
				await studioUi.addPostEndpoint({ index: 1, name: 'Create Order', key: 'createOrder', path: '/orders', body: JSON.stringify(BODY) });
				await studioUi.save(`Saved ${NAME}, version 1.`);

				await studioUi.openTest(/GET Get Order/, API_KEY);
				await studioUi.send(200);
				assert.deepEqual(await studioUi.outputItems(), [{ id: 'A-1', status: 'shipped', items: 2 }]);
				await studioUi.openTest(/POST Create Order/, API_KEY);
				await studioUi.sendConfirmed('POST', 201);
				assert.deepEqual(ordersApi.seen.posts.map((text) => JSON.parse(text)), [BODY]);

				await studioUi.setLive();
				const stored = await hub.request('GET', '/connectors/studioOrders');
				assert.equal(stored.body.status, 'live');
				assert.ok(!JSON.stringify(stored.body).includes(API_KEY), 'the test key is not stored');
			} finally {
				await tab.close();
			}
		});

		await browserTest('Studio → editor: the same node now lists "Hub: Studio Orders"; its GET runs with an API key credential created through its form and the input typed', async () => {
			await ui.openNode('Data Connector');
			assert.ok((await connectorList()).includes(`Hub: ${NAME}`), 'the new connector is not in the list');
			await ui.choose('connector', `Hub: ${NAME}`);
			await ui.choose('endpoint', 'Get Order');
			// A hub connector's auth method is not known when the workflow is designed: chosen, as
			// the connector declares it.
			await ui.choose('authentication', 'API Key');
			credentials.studioOrders = await ui.createCredential({ apiKey: API_KEY });
			await ui.type('orderId', 'ORD-STUDIO-7');
			const output = await ui.executeStep('ORD-STUDIO-7');
			assert.match(output, /shipped/);
			await ui.closeNode();
			assert.match(await ui.canvasSubtitle('Data Connector'), new RegExp(`${NAME}: Get Order`));
		});

		await browserTest('Studio → editor: the POST endpoint runs from the same node; the API receives the JSON body', async () => {
			await ui.openNode('Data Connector');
			await ui.choose('endpoint', 'Create Order');
			const output = await ui.executeStep('O-100');
			assert.match(output, /sent from n8n/);
			assert.deepEqual(ordersApi.seen.posts.map((text) => JSON.parse(text)), [BODY, BODY]);
			await ui.closeNode();
		});
	} finally {
		await ordersApi.close();
	}
}

module.exports = { studioToN8nCases };
