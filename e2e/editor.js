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
const { editor, chromiumPath, CHROMIUM_ARGS, STEP_TIMEOUT_MS } = require('./lib/editor-ui');
const { nodeCases } = require('./editor/nodes');
const { modeCases } = require('./editor/modes');
const { studioToN8nCases } = require('./editor/studio-to-n8n');
const { dropdownCases } = require('./editor/dropdowns');
const { generatedTriggerCases, instantTriggerCase } = require('./editor/triggers');

const DOCS = path.join(__dirname, '..', 'docs');

/**
 * The case groups, in order; each is `async (kit) => …` with `kit` as built below. They share one
 * browser, one login and `kit.credentials` (names of credentials created through the editor, so a
 * later case can choose one instead of creating it again).
 */
const GROUPS = [nodeCases, modeCases, studioToN8nCases, dropdownCases, generatedTriggerCases, instantTriggerCase];

/**
 * The editor tests, run by e2e/run.js against its n8n server: `baseUrl`, an `owner` that can log in,
 * the local servers (`demoApi`: the demo Order Service with its `apiKey`; `rest`: json-server with
 * the bearer token of `restSecrets`; `oauth`: the OAuth2 server), the harness's `test`, and a
 * folder for screenshots; anything else given (`...more`: the hub, the e2e's credentials) is passed on
 * to the case groups.
 */
async function editorTests({ baseUrl, owner, demoApi, apiKey, rest, restSecrets, oauth, test, assert, folder, ...more }) {
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

		const kit = { ui, page, browserTest, assert, assertFresh, labelsInclude, docsShot, credentials, baseUrl, owner, demoApi, apiKey, rest, restSecrets, oauth, folder, ...more };
		// E2E_EDITOR_GROUP=<function name> runs one group (for work on it), e.g. dropdownCases.
		const only = process.env.E2E_EDITOR_GROUP;
		for (const group of GROUPS) if (!only || group.name === only) await group(kit);
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	await test('editor: nothing but 127.0.0.1 was asked for, except the npm registry page the editor looks up (blocked)', async () => {
		const others = blocked.filter((url) => !url.startsWith('https://registry.npmjs.org/'));
		assert.deepEqual(others, []);
	});
}

module.exports = { editorTests };
