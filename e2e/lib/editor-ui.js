/* global setTimeout */
/**
 * The n8n editor as a builder uses it, for the browser tests (e2e/editor.js and e2e/editor/*.js):
 * where Chromium is, how it is started, and `editor(page, baseUrl)`: helpers named after what a
 * person does (add a node from the panel, choose an option, create a credential through its form,
 * run the step). Elements are found by what the user sees (labels, option names) and n8n's
 * data-test-id attributes.
 */
const fs = require('fs');
const path = require('path');

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

/** Resolves once `check()` is true, asking again every 250 ms; a hang guard of STEP_TIMEOUT_MS. */
async function until(what, check) {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
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
	/** The credential slot labelled `label` (e.g. "Data Connector Hub"); the connector's slot without one. */
	const slotOf = (label) =>
		label ? ndv.locator('[data-test-id=node-credentials-slot]').filter({ has: page.locator('[data-test-id=credentials-label]', { hasText: label }) }).first() : credentialSlot;
	const selectIn = (slot) => slot.locator('[data-test-id=node-credentials-select]');
	const creator = page.locator('[data-test-id=node-creator]');
	/** An entry of the node panel by its exact name (a node, trigger or action), in any case ("On new record in orders"). */
	const creatorItem = (name) =>
		creator.locator('[data-test-id=node-creator-item-name]').filter({ hasText: new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i') }).first();
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
	 * With `click` false, only opens the list until `item` shows.
	 */
	async function pick(open, item, click = true) {
		for (let attempt = 1; ; attempt++) {
			if ((await openList.count()) === 0) await open();
			try {
				await item.waitFor({ state: 'visible', timeout: 10_000 });
				// The list can also close between showing the item and the click.
				if (click) await item.click({ timeout: 10_000 });
				return;
			} catch (error) {
				if (attempt === 12) throw error;
			}
		}
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

		/**
		 * Opens the list of the options parameter `name` until it shows `expected`; resolves to the
		 * names of its options (the first line of each: n8n shows the description below the name).
		 */
		async optionNames(name, expected) {
			await pick(() => parameter(name).click(), visibleOption(expected), false);
			return (await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
		},

		/** Picks `option` in the options parameter `name`. */
		async choose(name, option) {
			await pick(() => parameter(name).click(), visibleOption(option));
		},

		/** Picks `item` in the resource locator `name` ("From list"): the list the API returned. */
		async pickFromList(name, item) {
			const entry = page.locator('[data-test-id=rlc-item]:visible', { hasText: item }).first();
			await pick(() => parameter(name).locator('[data-test-id=rlc-input]').click(), entry);
		},

		/**
		 * Opens the list of the resource locator `name` ("From list") and resolves to its entries once
		 * they include `expected` (with `search`, typed into the list's search box first).
		 */
		async listEntries(name, expected, search) {
			const entries = page.locator('[data-test-id=rlc-item]:visible');
			if (!(await page.locator('[data-test-id=resource-locator-dropdown]:visible').count())) await parameter(name).locator('[data-test-id=rlc-input]').click();
			if (search !== undefined) await page.locator('[data-test-id=rlc-search]:visible').fill(search);
			await entries.filter({ hasText: expected }).first().waitFor();
			return (await entries.allInnerTexts()).map((text) => text.trim());
		},

		/** The message a resource locator's list shows instead of entries when the API refused. */
		async listError(name, search) {
			if (!(await page.locator('[data-test-id=resource-locator-dropdown]:visible').count())) await parameter(name).locator('[data-test-id=rlc-input]').click();
			await page.locator('[data-test-id=rlc-search]:visible').fill(search);
			const error = page.locator('[data-test-id=rlc-error-container]:visible');
			await error.waitFor();
			return (await error.innerText()).replace(/\s+/g, ' ').trim();
		},

		/** Switches the resource locator `name` to `mode` ("From list", "By ID", "By URL"). */
		async chooseMode(name, mode) {
			await pick(() => parameter(name).locator('[data-test-id=rlc-mode-selector]').click(), visibleOption(mode));
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
		 * credential". Resolves to the new credential's name. With `slot`, the credential of the slot
		 * with that label (e.g. "Data Connector Hub").
		 */
		async createCredential(fields, { slot } = {}) {
			const credentialSlot = slotOf(slot);
			const credentialSelect = selectIn(credentialSlot);
			const setUp = credentialSlot.locator('button');
			if ((await setUp.count()) > 0) await setUp.first().click();
			else await pick(() => credentialSelect.click(), page.locator('[data-test-id=node-credentials-select-item-new]:visible'));
			const dialog = page.locator('[data-test-id=credential-edit-dialog]');
			await dialog.waitFor();
			for (const [name, value] of Object.entries(fields)) {
				await dialog.locator(`[data-test-id=parameter-input-${name}] input`).first().fill(value);
			}
			// n8n 2.41.1 shows no "Saved". Once the credential is saved the node's select holds it; then
			// n8n tests the connection: on success it closes the dialog itself, otherwise it shows why
			// and the button reads "Save" again (not "Saving"), and a person closes it.
			const chosen = credentialSelect.locator('input').first();
			const before = (await chosen.count()) > 0 ? await chosen.inputValue() : '';
			const save = page.locator('[data-test-id=credential-save-button]');
			await save.click();
			await until('the node to select the saved credential', async () => ![before, ''].includes(await chosen.inputValue({ timeout: 1000 }).catch(() => '')));
			const closed = async () => !(await dialog.isVisible());
			await until('the connection test', async () => (await closed()) || (await save.innerText({ timeout: 1000 }).catch(() => '')).trim() === 'Save');
			if (!(await closed())) {
				await page.keyboard.press('Escape');
				await dialog.waitFor({ state: 'hidden' });
			}
			// The Escape may reach the node's details too (n8n closes both): open the node again.
			if (!(await ndv.isVisible())) await this.openNode(await this.lastNodeName());
			return await this.selectedCredential({ slot });
		},

		/** The name of the credential selected in the node (n8n shows it in the select, not as its value). */
		async selectedCredential({ slot } = {}) {
			const credentialSelect = selectIn(slotOf(slot));
			await credentialSelect.waitFor();
			const shown = (await credentialSelect.innerText()).trim();
			const input = credentialSelect.locator('input').first();
			return shown || (await input.inputValue()).trim() || ((await input.getAttribute('placeholder')) ?? '').trim();
		},

		/** Selects the saved credential `name` (n8n preselects one of the type; it may be another). */
		async selectCredential(name, { slot } = {}) {
			const credentialSelect = selectIn(slotOf(slot));
			if ((await this.selectedCredential({ slot })) === name) return;
			const option = page.locator('.el-select-dropdown__item:visible').filter({ has: page.getByText(name, { exact: true }) }).first();
			await pick(() => credentialSelect.click(), option);
			// The slot shows the chosen credential (as text, the input's value or its placeholder).
			await until(`the credential "${name}" to show as chosen`, async () => (await this.selectedCredential({ slot })) === name);
		},

		/**
		 * Adds an entry to the list parameter whose button reads `button` (e.g. "Add Parameter") and
		 * types its name and value; a value in {{ }} becomes an expression, as when a person types it.
		 */
		async addEntry(button, name, value) {
			await ndv.getByRole('button', { name: button }).first().click();
			for (const [field, text] of [['name', name], ['value', value]]) {
				const input = ndv.locator(`[data-test-id="parameter-input-${field}"]`).last().locator('input, textarea, [contenteditable=true]').first();
				await input.click();
				await page.keyboard.insertText(text);
			}
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
		 * text of its output panel once it shows `expected`. `meanwhile` (optional) runs after the
		 * click, e.g. to send the event a trigger listens for.
		 */
		async executeStep(expected, meanwhile) {
			await ndv.locator('[data-test-id=node-execute-button]').first().click();
			if (meanwhile) await meanwhile();
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

module.exports = { editor, chromiumPath, CHROMIUM_ARGS, STEP_TIMEOUT_MS };
