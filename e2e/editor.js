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
const STEP_TIMEOUT_MS = 180_000;

function chromiumPath() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
	return candidates.find((candidate) => fs.existsSync(candidate));
}

/** One browser session on n8n: helpers named after what a builder does. */
function editor(page, baseUrl) {
	const ndv = page.locator('[data-test-id=ndv]');
	const parameter = (name) => ndv.locator(`[data-test-id=parameter-input-${name}]`).first();

	return {
		page,
		async login({ email, password }) {
			await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
			await page.fill('#emailOrLdapLoginId', email);
			await page.fill('#password', password);
			await page.click('[data-test-id=form-submit-button]');
			await page.waitForURL((url) => !url.pathname.includes('signin'));
		},

		/** A new workflow, the node panel opened with "Add first step", `search` typed. */
		async searchFirstStep(search) {
			await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
			await page.click('[data-test-id=canvas-add-button]');
			await page.fill('[data-test-id=node-creator-search-bar]', search);
			return page.locator('[data-test-id=node-creator]');
		},

		/**
		 * Adds the node named `nodeName` as the first step (n8n puts a manual trigger before an action
		 * node); with `action`, picks that action from the node's list. Resolves when its details are open.
		 */
		async addNode(search, nodeName, action) {
			const creator = await this.searchFirstStep(search);
			await creator.locator('[data-test-id=node-creator-node-item]', { hasText: nodeName }).first().click();
			if (action) await creator.locator('[data-test-id=node-creator-action-item]', { hasText: action }).first().click();
			// A community node without actions first shows its details page.
			const add = page.getByRole('button', { name: 'Add to workflow' });
			await Promise.race([ndv.waitFor(), add.waitFor()]);
			if (await add.isVisible()) await add.click();
			await ndv.waitFor();
		},

		parameter,

		/** The labels of the parameters shown in the node's form, in order. */
		async labels() {
			return (await ndv.locator('[data-test-id=node-parameters] [data-test-id=parameter-item] label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
		},

		async choose(name, option) {
			// The form can re-render right after the click that opens a list (choosing a connector adds
			// the credential field above and n8n selects an existing credential), which closes the list
			// again: open it again until the option shows, as a person would.
			const item = page.locator('.el-select-dropdown__item:visible, [role=option]:visible', { hasText: option }).first();
			const openList = page.locator('.el-select-dropdown:visible, .el-popper:visible [role=listbox]');
			for (let attempt = 1; ; attempt++) {
				if ((await openList.count()) === 0) await parameter(name).click();
				try {
					await item.waitFor({ state: 'visible', timeout: 10_000 });
					break;
				} catch (error) {
					if (attempt === 12) throw error;
				}
			}
			await item.click();
		},

		async type(name, text) {
			const input = parameter(name).locator('input, textarea, [contenteditable=true]').first();
			await input.click();
			await page.keyboard.insertText(text);
		},

		/**
		 * Creates the credential the node offers under the label matching `label` (the node also
		 * offers the optional Data Connector Hub credential), through its form; leaves the node's
		 * details open.
		 */
		async createCredential(fields, label) {
			// No credential of the type yet: a "Set up credential" button. One exists already (n8n then
			// selects it): its form, filled the same way.
			const slot = ndv.locator('[data-test-id=node-credentials-slot]').filter({ has: page.locator('[data-test-id=credentials-label]', { hasText: label }) });
			if ((await slot.locator('button').count()) > 0) await slot.locator('button').first().click();
			else {
				// Its form opens from the edit icon beside the list; the fields are the same.
				const edit = slot.locator('[data-test-id=credential-edit-button], [data-test-id*=edit]');
				if ((await edit.count()) > 0) await edit.first().click();
				else {
					// Credentials of the type exist but none is selected (n8n selects one only when the node
					// offers a single credential): "Create new credential" at the foot of the list.
					await slot.locator('[data-test-id=node-credentials-select]').first().click();
					await page.locator('[data-test-id=node-credentials-select-item-new]:visible').first().click();
				}
			}
			const dialog = page.locator('[data-test-id=credential-edit-dialog]');
			for (const [name, value] of Object.entries(fields)) {
				await dialog.locator(`[data-test-id=parameter-input-${name}] input`).first().fill(value);
			}
			await page.locator('[data-test-id=credential-save-button]').click();
			await page.locator('[data-test-id=credential-save-button]', { hasText: 'Saved' }).waitFor().catch(() => undefined);
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			if (!(await ndv.isVisible())) await this.openNode(await this.lastNodeName());
		},

		async lastNodeName() {
			return (await page.locator('[data-test-id=canvas-node]').last().getAttribute('data-node-name')) ?? '';
		},

		async openNode(name) {
			await page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`).dblclick();
			await ndv.waitFor();
		},

		/** Runs the open node ("Execute step") and resolves to the text of its output panel once it has data. */
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
 * the demo API (`demoApi.baseUrl`, `apiKey`), the harness's `test`, and a folder for screenshots.
 */
async function editorTests({ baseUrl, owner, demoApi, apiKey, test, assert, folder }) {
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
	const ui = editor(page, baseUrl);
	const screenshots = path.join(folder, 'screenshots');
	const docsShot = async (name) => {
		if (process.env.E2E_DOC_SCREENSHOTS === '1') await ui.screenshot(path.join(DOCS, name));
	};
	/** A test that leaves a screenshot of the page when it fails. */
	const browserTest = (name, body) =>
		test(name, async () => {
			try {
				await body();
			} catch (error) {
				const file = path.join(screenshots, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
				await ui.screenshot(file).catch(() => undefined);
				error.message += `\n(screenshot: ${file})`;
				throw error;
			}
		});

	try {
		await browserTest('editor: log in', async () => {
			await ui.login(owner);
		});

		await browserTest('editor: Data Connector node set up from scratch (connector, endpoint, credential form, input by expression) and run', async () => {
			await ui.addNode('Data Connector', 'Data Connector');
			// A fresh node: the Mode and Connector pickers, no error before anything is chosen.
			const fresh = await ui.labels();
			assert.ok(fresh.includes('Mode') && fresh.some((label) => label.startsWith('Connector')), `fresh node shows: ${fresh.join(', ')}`);
			assert.equal(await page.locator('[data-test-id=ndv] [data-test-id=parameter-issues]').count(), 0, 'a fresh node shows an error');

			await ui.choose('connector', 'Order Service');
			await ui.choose('endpoint', 'Get Order Status');
			// The credential offered follows the connector: Order Service authenticates with an API key.
			// (The optional Data Connector Hub credential is offered beside it.)
			const credentialLabels = await page.locator('[data-test-id=ndv] [data-test-id=credentials-label]').allInnerTexts();
			assert.ok(credentialLabels.some((label) => /API Key/.test(label)), `credentials offered: ${credentialLabels.join(', ')}`);
			await ui.createCredential({ apiKey, baseUrl: demoApi.baseUrl }, /API Key/);
			// The endpoint's input, labelled as the connector names it, mapped by an expression.
			assert.ok((await ui.labels()).some((label) => label.startsWith('Order Number')), 'the input "Order Number" is not shown');
			await ui.type('orderId', '{{ "ORD-2024-" + "000123" }}');
			const output = await ui.executeStep('shipped');
			assert.match(output, /ORD-2024-000123/);
			await docsShot('editor-data-connector.png');
			await ui.closeNode();
			const subtitle = await ui.canvasSubtitle('Data Connector');
			assert.match(subtitle, /Order Service: Get Order Status/, `canvas shows: ${subtitle}`);
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
