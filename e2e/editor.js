/* global URL */
/**
 * The n8n editor in a real browser: nodes set up from scratch by clicking and typing, the way a
 * builder does it, then run from the editor against the local demo Order Service API.
 *
 * Chromium comes from the system (Debian's `chromium` package, /usr/bin/chromium, or
 * $CHROMIUM_PATH); playwright-core drives it and downloads no browser. Every request the page makes
 * beyond 127.0.0.1 is blocked (the editor asks the npm registry about community packages).
 * Elements are found by what the user sees (labels, option names) and n8n's data-test-id
 * attributes. A failed test leaves a screenshot in <folder>/screenshots/; with
 * E2E_DOC_SCREENSHOTS=1 the screenshots shown in the README are written to docs/.
 */
const fs = require('fs');
const path = require('path');

const DOCS = path.join(__dirname, '..', 'docs');
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The machine may be busy (CI, other test runs): generous limits, never a fixed wait for a result. */
const STEP_TIMEOUT_MS = Number(process.env.E2E_BROWSER_TIMEOUT_MS) || 180_000;

function chromiumPath() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
	return candidates.find((candidate) => fs.existsSync(candidate));
}

/** One browser session on n8n: helpers named after what a builder does. */
function editor(page, baseUrl) {
	const ndv = page.locator('[data-test-id=ndv]');
	const parameter = (name) => ndv.locator(`[data-test-id="parameter-input-${name}"]`).first();
	const visibleOption = (text) => page.locator('.el-select-dropdown__item:visible, [role=option]:visible', { hasText: text }).first();
	const openList = page.locator('.el-select-dropdown:visible, .el-popper:visible [role=listbox]');
	// The connector's credential: the Data Connector node and its triggers also offer the optional
	// Data Connector Hub credential in a slot of its own.
	const credentialSlot = ndv
		.locator('[data-test-id=node-credentials-slot]')
		.filter({ hasNot: page.locator('[data-test-id=credentials-label]', { hasText: 'Data Connector Hub' }) })
		.first();
	const creator = page.locator('[data-test-id=node-creator]');
	const credentialSelect = credentialSlot.locator('[data-test-id=node-credentials-select]');
	/** An entry of the node panel by its exact name (a node, trigger or action). */
	const creatorItem = (name) =>
		creator.locator('[data-test-id=node-creator-item-name]').filter({ hasText: new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).first();
	/** The node's details, after a community node's page with "Add to workflow" where n8n shows one. */
	async function nodeDetailsOpen() {
		const add = page.getByRole('button', { name: 'Add to workflow' });
		await Promise.race([ndv.waitFor(), add.waitFor()]);
		if (await add.isVisible()) await add.click();
		await ndv.waitFor();
	}

	/**
	 * Opens a list with `open()` until `item` shows, then clicks it. The form can re-render right
	 * after the click that opens a list (choosing a connector adds the credential field above, n8n
	 * selects an existing credential), which closes the list again: open it again, as a person would.
	 */
	async function pick(open, item) {
		for (let attempt = 1; ; attempt++) {
			if ((await openList.count()) === 0) await open();
			try {
				await item.waitFor({ state: 'visible', timeout: 10_000 });
				break;
			} catch (error) {
				if (attempt === 12) throw error;
			}
		}
		await item.click();
	}

	return {
		page,
		ndv,
		async login({ email, password }) {
			await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
			await page.fill('#emailOrLdapLoginId', email);
			await page.fill('#password', password);
			await page.click('[data-test-id=form-submit-button]');
			await page.waitForURL((url) => !url.pathname.includes('signin'));
		},

		/** A new workflow, the node panel opened with "Add first step" (triggers), `search` typed. */
		async searchFirstStep(search) {
			await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
			await page.click('[data-test-id=canvas-add-button]');
			await page.fill('[data-test-id=node-creator-search-bar]', search);
			return creator;
		},

		/**
		 * Adds a trigger as a new workflow's first step: `search` typed, the entry `itemName` clicked
		 * (n8n groups a node and its trigger under one entry) and, with `event`, that trigger event.
		 */
		async addTrigger(search, itemName, event) {
			await this.searchFirstStep(search);
			await creatorItem(itemName).click();
			if (event) await creatorItem(event).click();
			await nodeDetailsOpen();
		},

		/**
		 * Adds the action node `nodeName` to a new workflow after a manual trigger, as a person does:
		 * the trigger first, then "+" on its output, `search` typed, the node and, with `action`, that
		 * action from the node's list. Resolves when its details are open.
		 */
		async addNode(search, nodeName, action) {
			await this.searchFirstStep('Manual');
			await creatorItem('Manual Trigger').click();
			await page.locator('[data-test-id=canvas-handle-plus]').first().click();
			await page.fill('[data-test-id=node-creator-search-bar]', search);
			await creatorItem(nodeName).click();
			if (action) await creatorItem(action).click();
			await nodeDetailsOpen();
		},

		parameter,

		/** The labels of the parameters shown in the node's form, in order. */
		async labels() {
			return (await ndv.locator('[data-test-id=node-parameters] [data-test-id=parameter-item] label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
		},

		/** Parameter issues (the red warnings) shown in the node's form. */
		async issues() {
			return (await ndv.locator('[data-test-id=parameter-issues]').count()) + (await ndv.locator('[data-test-id=node-parameters] .el-alert--error, [data-test-id=node-parameters] [data-test-id*=error]:visible').count());
		},

		/** Picks `option` in the options parameter `name`. */
		async choose(name, option) {
			await pick(() => parameter(name).click(), visibleOption(option));
		},

		/** Picks `item` in the resource locator `name` ("From list"): the list the API returned. */
		async pickFromList(name, item) {
			const entry = page.locator('[data-test-id=rlc-item]:visible', { hasText: item }).first();
			await pick(() => parameter(name).locator('input').first().click(), entry);
		},

		async type(name, text) {
			const input = parameter(name).locator('input, textarea, [contenteditable=true]').first();
			await input.click();
			await page.keyboard.insertText(text);
		},

		/**
		 * Creates a credential of the type the node offers for the connector (not the optional Data
		 * Connector Hub credential beside it), through its form, and leaves it selected: from "Set up
		 * credential" when none of the type exists yet, otherwise from the list's "Create new
		 * credential". Resolves to the new credential's name.
		 */
		async createCredential(fields) {
			const setUp = credentialSlot.locator('button');
			if ((await setUp.count()) > 0) await setUp.first().click();
			else await pick(() => credentialSelect.click(), page.locator('[data-test-id=node-credentials-select-item-new]:visible'));
			const dialog = page.locator('[data-test-id=credential-edit-dialog]');
			await dialog.waitFor();
			for (const [name, value] of Object.entries(fields)) {
				await dialog.locator(`[data-test-id=parameter-input-${name}] input`).first().fill(value);
			}
			await page.locator('[data-test-id=credential-save-button]').click();
			await page.locator('[data-test-id=credential-save-button]', { hasText: 'Saved' }).waitFor().catch(() => undefined);
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			if (!(await ndv.isVisible())) await this.openNode(await this.lastNodeName());
			return await this.selectedCredential();
		},

		/** The name of the credential selected in the node (n8n shows it in the select, not as its value). */
		async selectedCredential() {
			await credentialSelect.waitFor();
			const shown = (await credentialSelect.innerText()).trim();
			return shown || ((await credentialSelect.locator('input').first().getAttribute('placeholder')) ?? '').trim();
		},

		/** Selects the saved credential `name` (n8n preselects one of the type; it may be another). */
		async selectCredential(name) {
			if ((await this.selectedCredential()) === name) return;
			const option = page.locator('.el-select-dropdown__item:visible').filter({ has: page.getByText(name, { exact: true }) }).first();
			await pick(() => credentialSelect.click(), option);
			// The connector's slot (not the hub's) shows the chosen credential.
			await credentialSelect.filter({ hasText: name }).or(credentialSelect.locator(`input[placeholder="${name}"]`)).first().waitFor();
		},

		async lastNodeName() {
			return (await page.locator('[data-test-id=canvas-node]').last().getAttribute('data-node-name')) ?? '';
		},

		async openNode(name) {
			await page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`).dblclick();
			await ndv.waitFor();
		},

		/**
		 * Runs the open node ("Execute step", or a trigger's "Fetch Test Event") and resolves to the
		 * text of its output panel once it shows `expected`.
		 */
		async executeStep(expected) {
			await ndv.locator('[data-test-id=node-execute-button]').first().click();
			const output = ndv.locator('[data-test-id=output-panel], [data-test-id=ndv-output-panel]').first();
			await output.getByText(expected, { exact: false }).first().waitFor();
			return await output.innerText();
		},

		async closeNode() {
			await ndv.locator('[data-test-id=ndv-close-button]').click();
			await ndv.waitFor({ state: 'hidden' });
		},

		/** The subtitle n8n shows under a node on the canvas. */
		async canvasSubtitle(name) {
			return (await page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`).innerText()).replace(/\s+/g, ' ');
		},

		async screenshot(file) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			await page.screenshot({ path: file });
		},
	};
}

/**
 * The editor tests, run by e2e/run.js against its n8n server: `baseUrl`, an `owner` that can log in,
 * the local servers (`demoApi`: the demo Order Service with its `apiKey`; `rest`: json-server with
 * the bearer token of `restSecrets`; `oauth`: the OAuth2 server), the harness's `test`, and a
 * folder for screenshots.
 */
async function editorTests({ baseUrl, owner, demoApi, apiKey, rest, restSecrets, oauth, test, assert, folder }) {
	const { chromium } = require('playwright-core');
	const executablePath = chromiumPath();
	await test('Chromium is installed (Debian package chromium, or CHROMIUM_PATH)', async () => {
		assert.ok(executablePath, 'no Chromium found: apt-get install -y chromium (see README, "End-to-end tests")');
	});
	if (!executablePath) return;

	const profile = fs.mkdtempSync(path.join(folder, 'chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		args: CHROMIUM_ARGS,
		viewport: { width: 1600, height: 1000 },
	});
	context.setDefaultTimeout(STEP_TIMEOUT_MS);
	const blocked = [];
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1') return route.continue();
		blocked.push(url.href);
		return route.abort();
	});
	const page = context.pages()[0] ?? (await context.newPage());
	// Each case starts a new workflow; leaving the last one unsaved asks "Leave site?": yes.
	page.on('dialog', (dialog) => dialog.accept().catch(() => undefined));
	const ui = editor(page, baseUrl);
	const screenshots = path.join(folder, 'screenshots');
	const docsShot = async (name) => {
		if (process.env.E2E_DOC_SCREENSHOTS === '1') await ui.screenshot(path.join(DOCS, name));
	};
	/** A test that leaves a screenshot and the page's HTML (n8n's data-test-ids) when it fails. */
	const browserTest = (name, body) =>
		test(name, async () => {
			try {
				await body();
			} catch (error) {
				const file = path.join(screenshots, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
				await ui.screenshot(file).catch(() => undefined);
				await page
					.content()
					.then((html) => fs.writeFileSync(file.replace(/\.png$/, '.html'), html))
					.catch(() => undefined);
				error.message += `\n(screenshot: ${file})`;
				throw error;
			}
		});
	/** A node just added: no warning before the builder has chosen anything. */
	const assertFresh = async (what) => {
		assert.equal(await ui.issues(), 0, `a fresh ${what} shows an error`);
	};
	const labelsInclude = async (label) => (await ui.labels()).some((text) => text.startsWith(label));
	const credentials = {};

	try {
		await browserTest('editor: log in', async () => {
			await ui.login(owner);
		});

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

	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	await test('editor: nothing but 127.0.0.1 was asked for, except the npm registry page the editor looks up (blocked)', async () => {
		const others = blocked.filter((url) => !url.startsWith('https://registry.npmjs.org/'));
		assert.deepEqual(others, []);
	});
}

module.exports = { editorTests, chromiumPath, CHROMIUM_ARGS };
