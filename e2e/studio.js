/* global fetch, URL, document, sessionStorage, localStorage, setTimeout, clearTimeout */
/**
 * The Connector Studio in a real browser: the hub started as a user starts it
 * (`data-connectors hub --config …`, a temp folder store, loopback only), Debian's Chromium driven
 * by playwright-core, every step a click or a key stroke on what a person sees (labels, roles,
 * button names). Beside it: a small API for endpoint tests (API key in a header) and a stand-in for
 * n8n's public API that reports one active workflow using a connector (the usage check).
 *
 * Runs first in `npm run test:e2e` (needs no n8n) and alone: `node e2e/studio.js` after a build.
 * A failed test leaves a screenshot in .n8n-e2e/studio/screenshots/ (git-ignored); with
 * E2E_DOC_SCREENSHOTS=1 the README's screenshots are written to docs/studio-*.png.
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromiumPath, CHROMIUM_ARGS } = require('./lib/editor-ui');
const { startOrdersApi, studio, listen, close } = require('./lib/studio-ui');

const PROJECT = path.join(__dirname, '..');
const DOCS = path.join(PROJECT, 'docs');
/** Generous for a busy machine (CI, other test runs); never a fixed wait for a result. */
const STEP_TIMEOUT_MS = Number(process.env.E2E_STUDIO_TIMEOUT_MS ?? 60_000);
const TOKENS = { admin: 'studio-admin-token-0123456789', edit: 'studio-edit-token-0123456789' };
const API_KEY = 'studio-secret-api-key-4711';
const N8N_KEY = 'studio-n8n-api-key-0123456789';

/** n8n's public API as the hub's usage check reads it: one active workflow uses "ordersInUse". */
function startFakeN8n() {
	const server = http.createServer((request, response) => {
		if (request.headers['x-n8n-api-key'] !== N8N_KEY) return response.writeHead(401).end();
		const workflow = {
			id: 'wf-7',
			name: 'Nightly order sync',
			active: true,
			nodes: [{ name: 'Look up order', type: 'n8n-nodes-data-connectors.dataConnector', parameters: { connector: 'ordersInUse', endpoint: 'getOrder' } }],
		};
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [workflow], nextCursor: null }));
	});
	return listen(server).then((url) => ({ url, close: () => close(server) }));
}

/** `data-connectors hub --config <file>` on a free port; resolves its URL once it listens. */
function startHub(folder, n8nUrl) {
	const config = path.join(folder, 'hub.json');
	fs.writeFileSync(
		config,
		JSON.stringify({
			host: '127.0.0.1',
			port: 0,
			folder: path.join(folder, 'registry'),
			tokens: [
				{ name: 'studio admin', role: 'admin', token: TOKENS.admin },
				{ name: 'studio editor', role: 'edit', token: TOKENS.edit },
			],
			n8n: { url: n8nUrl, apiKey: N8N_KEY },
		}),
	);
	fs.mkdirSync(path.join(folder, 'registry'), { recursive: true });
	const log = fs.openSync(path.join(folder, 'hub.log'), 'w');
	const child = spawn(process.execPath, [path.join(PROJECT, 'bin', 'data-connectors.js'), 'hub', '--config', config], { stdio: ['ignore', 'pipe', log] });
	return new Promise((resolve, reject) => {
		let out = '';
		// A hang guard, not a timing: a hub that neither listens nor exits is stopped and reported.
		const guard = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the hub did not listen within 2 minutes: ${out}`));
		}, 120_000);
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const match = /Connector Studio at (\S+?)\/? /.exec(out);
			if (!match) return;
			clearTimeout(guard);
			resolve({ url: match[1].replace(/\/$/, ''), log: path.join(folder, 'hub.log'), stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
		});
		child.once('exit', (code) => {
			clearTimeout(guard);
			reject(new Error(`the hub exited (${code}) before listening: ${out}`));
		});
	});
}

/** A hub API call from the test (not the browser), for setup and for checking what was stored. */
function hubApi(base) {
	return async (method, route, { body, etag, token = TOKENS.admin } = {}) => {
		const headers = { Authorization: `Bearer ${token}` };
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		if (etag) headers['If-Match'] = etag;
		const response = await fetch(`${base}/api/v1${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await response.text();
		return { status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
	};
}

const inUseConnector = (baseUrl) => ({
	key: 'ordersInUse',
	name: 'Orders In Use',
	description: 'Used by an active workflow.',
	categories: ['Sales'],
	baseUrl,
	auth: { type: 'apiKey', name: 'X-API-Key' },
	endpoints: [{ key: 'getOrder', name: 'Get Order', path: '/orders/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] }],
});

async function studioTests({ test, assert, folder, section = () => undefined }) {
	section(`${'='.repeat(10)} Connector Studio in Chromium (the hub alone, no n8n)`);
	const { chromium } = require('playwright-core');
	const executablePath = chromiumPath();
	await test('Studio: Chromium is installed (Debian package chromium, or CHROMIUM_PATH)', async () => {
		assert.ok(executablePath, 'no Chromium found: apt-get install -y chromium (see README, "End-to-end tests")');
	});
	if (!executablePath) return;

	fs.mkdirSync(folder, { recursive: true });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-'));
	const screenshots = path.join(folder, 'screenshots');
	const stops = [];
	// Set-up is a test of its own: if it fails, it is reported and the rest of the e2e suite runs on.
	let ordersApi, hub, call, context;
	const outside = [];
	await test('Studio: the hub (data-connectors hub --config), a test API, a stand-in for n8n and Chromium start', async () => {
		ordersApi = await startOrdersApi(API_KEY);
		stops.push(ordersApi.close);
		const n8n = await startFakeN8n();
		stops.push(n8n.close);
		hub = await startHub(work, n8n.url);
		stops.push(hub.stop);
		call = hubApi(hub.url);
		assert.equal((await call('POST', '/connectors', { body: inUseConnector(ordersApi.url) })).status, 201);
		const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
		stops.push(() => browser.close());
		context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		context.setDefaultTimeout(STEP_TIMEOUT_MS);
		// Offline: the page may reach the hub and nothing else.
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if (url.origin === hub.url) return route.continue();
			outside.push(url.href);
			return route.abort();
		});
	});
	try {
		if (!context) return;
		const page = await context.newPage();
		const pageErrors = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		const requests = [];
		page.on('request', (request) => requests.push(request.url()));

		const ui = studio(page, hub.url);
		const { problemOf } = ui;
		const docsShot = async (name) => {
			if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.screenshot({ path: path.join(DOCS, name) });
		};
		const step = (name, body) =>
			test(`Studio: ${name}`, async () => {
				try {
					await body();
					assert.deepEqual(pageErrors, [], 'the page threw');
				} catch (error) {
					fs.mkdirSync(screenshots, { recursive: true });
					await page.screenshot({ path: path.join(screenshots, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`), fullPage: true }).catch(() => undefined);
					throw error;
				}
			});
		/** Every input, select and text area on the page has a label a screen reader announces. */
		const unlabelled = () =>
			page.evaluate(() =>
				[...document.querySelectorAll('input, select, textarea')]
					.filter((control) => !control.labels?.length && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
					.map((control) => control.outerHTML.slice(0, 120)),
			);
		const save = (expected) => ui.save(expected);

		await step('sign in with a hub token: a wrong one is refused, the right one kept in this tab only', async () => {
			await ui.open();
			await page.getByLabel('Hub API token').fill('not-a-token-of-this-hub');
			await page.getByLabel('Hub API token').press('Enter');
			await page.getByText('This token is not valid for this hub.').waitFor();
			await ui.signIn(TOKENS.admin);
			assert.equal(await page.evaluate(() => sessionStorage.getItem('data-connectors-hub-token')), TOKENS.admin);
			assert.equal(await page.evaluate(() => localStorage.length), 0);
			assert.ok(!page.url().includes(TOKENS.admin));
			assert.deepEqual(await unlabelled(), []);
		});

		await step('the list searches and filters', async () => {
			const rows = page.locator('table.connectors tbody tr');
			const keys = async (expected) => {
				await page.getByText(`${expected.length} of 6 connectors`).waitFor();
				await rows.first().filter({ hasText: expected[0] }).waitFor();
				assert.deepEqual(await rows.locator('.name').allInnerTexts(), expected);
			};
			await page.getByLabel('Search').fill('parcel');
			await keys(['Shipping Partner']);
			await page.getByLabel('Search').fill('');
			await page.getByLabel('Source').selectOption('hub');
			await keys(['Orders In Use']);
			await page.getByLabel('Source').selectOption({ label: 'All' });
			await page.getByLabel('Status').selectOption('draft');
			await keys(['Warehouse Inventory']);
			await page.getByLabel('Status').selectOption({ label: 'All' });
			await page.getByLabel('Category').selectOption('Logistics');
			await keys(['Shipping Partner', 'Warehouse Inventory']);
			await page.getByLabel('Category').selectOption({ label: 'All' });
			await page.getByLabel('Authentication').selectOption('oauth2ClientCredentials');
			await keys(['Shipping Partner']);
			await page.getByLabel('Authentication').selectOption({ label: 'All' });
			await page.getByText('6 of 6 connectors').waitFor();
		});

		await step('create a connector in the form: an inline message from the validator, then fixed; the auth type decides the fields', async () => {
			await ui.newConnector({ name: 'Studio Orders', categories: 'Sales, E-commerce', baseUrl: ordersApi.url });
			assert.equal(await page.getByLabel('Key', { exact: true }).inputValue(), 'studioOrders');
			await page.getByLabel('Base URL').fill('localhost/api');
			await page.getByLabel('Base URL').press('Tab');
			await problemOf('/baseUrl').getByText('must be an absolute http(s) URL').waitFor();
			assert.equal(await page.getByLabel('Base URL').getAttribute('aria-invalid'), 'true');
			await page.getByLabel('Base URL').fill(ordersApi.url);
			await page.getByLabel('Base URL').press('Tab');
			await problemOf('/baseUrl').getByText('must be an absolute http(s) URL').waitFor({ state: 'detached' });
			assert.equal(await page.getByLabel('Send the key in').count(), 0);
			await ui.useApiKey('X-API-Key');
			assert.equal(await page.getByLabel('Token URL').count(), 0);
			assert.deepEqual(await unlabelled(), []);
		});

		await step('add a GET endpoint with an input: placeholder inserted from the declared input, sample data, an error text', async () => {
			await ui.addGetEndpoint({
				index: 0,
				name: 'Get Order',
				key: 'getOrder',
				input: 'orderId',
				pathBefore: '/orders/',
				sample: 'A-1',
				errors: { 404: 'No order with this number' },
				recordsPath: 'data',
			});
			assert.equal(await ui.field('/endpoints/0/path').locator('input').inputValue(), '/orders/{{ inputs.orderId }}');
			assert.deepEqual(await unlabelled(), []);
			await save('Saved Studio Orders, version 1.');
			await docsShot('studio-endpoint.png');
		});

		await step('add a POST endpoint whose JSON body is checked as typed', async () => {
			await ui.addPostEndpoint({ index: 1, name: 'Create Order', key: 'createOrder', path: '/orders' });
			const body = page.locator('[data-path="/endpoints/1/body/value"] textarea');
			await body.fill('{"note": "from the Studio",');
			await problemOf('/endpoints/1/body/value').getByText(/JSON syntax error/).waitFor();
			await body.fill('{"note": "from the Studio"}');
			await problemOf('/endpoints/1/body/value').getByText(/JSON syntax error/).waitFor({ state: 'detached' });
			await save('Saved Studio Orders, version 2.');
			const stored = (await call('GET', '/connectors/studioOrders')).body.definition;
			assert.deepEqual(stored.endpoints[1].body, { type: 'json', value: { note: 'from the Studio' } });
			assert.equal(stored.endpoints[0].path, '/orders/{{ inputs.orderId }}');
			assert.deepEqual(stored.endpoints[0].sampleData, { orderId: 'A-1' });
			assert.deepEqual(stored.endpoints[0].errors, { 404: 'No order with this number' });
			assert.deepEqual(stored.auth, { type: 'apiKey', name: 'X-API-Key' });
		});

		await step('test the GET endpoint: the preview masks the key, the answer shows status and the records; an error shows the connector message', async () => {
			await ui.openTest(/GET Get Order/, API_KEY);
			assert.equal(await page.getByLabel('API key').getAttribute('type'), 'password');
			await page.getByRole('button', { name: 'Preview request' }).click();
			const preview = page.getByLabel('Request preview');
			await preview.waitFor();
			const text = await preview.innerText();
			assert.match(text, new RegExp(`GET ${ordersApi.url}/orders/A-1`));
			assert.match(text, /X-API-Key: \*\*\*\*\*\*/i);
			assert.ok(!text.includes(API_KEY));
			await ui.send(200);
			assert.deepEqual(await ui.outputItems(), [{ id: 'A-1', status: 'shipped', items: 2 }]);
			await page.locator('#test-status').scrollIntoViewIfNeeded();
			await docsShot('studio-test.png');
			await page.getByLabel('orderId').fill('missing');
			await ui.send(404);
			assert.match(await page.locator('#test-error').innerText(), /No order with this number/);
			assert.ok(!(await page.content()).includes(API_KEY.slice(0, 12)) || (await page.getByLabel('API key').inputValue()) === API_KEY);
			assert.ok(requests.every((url) => !url.includes(API_KEY)), 'the key never appears in a URL');
		});

		await step('test the POST endpoint: sending asks first; cancelled sends nothing, confirmed sends once', async () => {
			await ui.openTest(/POST Create Order/, API_KEY);
			await page.getByRole('button', { name: 'Send POST request…' }).click();
			const dialog = page.getByRole('dialog', { name: 'Send this POST request?' });
			await dialog.waitFor();
			await dialog.getByRole('button', { name: 'Cancel' }).click();
			await page.getByText('Not sent.').waitFor();
			assert.equal(ordersApi.seen.posts.length, 0);
			await ui.sendConfirmed('POST', 201);
			assert.deepEqual(ordersApi.seen.posts.map((text) => JSON.parse(text)), [{ note: 'from the Studio' }]);
			const stored = JSON.stringify((await call('GET', '/connectors/studioOrders')).body);
			assert.ok(!stored.includes(API_KEY), 'test credentials are not stored');
			assert.ok(!fs.readFileSync(hub.log, 'utf8').includes(API_KEY), 'nor logged');
		});

		await step('the JSON view is one click away; edits there show in the form and save the same definition', async () => {
			await page.getByRole('button', { name: 'Connector', exact: true }).click();
			await page.getByRole('button', { name: 'JSON', exact: true }).click();
			const editor = page.getByLabel('Connector definition as JSON');
			const json = JSON.parse(await editor.inputValue());
			assert.equal(json.key, 'studioOrders');
			await editor.fill(JSON.stringify({ ...json, description: 'Orders, edited as JSON.' }, null, 2).slice(0, -2));
			await page.getByText(/JSON syntax error/).first().waitFor();
			await page.getByRole('button', { name: 'Form', exact: true }).click();
			await page.getByText(/^Fix the JSON before switching to the form \(JSON syntax error: /).waitFor();
			await editor.fill('[]');
			await page.getByText('Not a definition: a connector definition is a JSON object { … }').first().waitFor();
			await editor.fill(JSON.stringify({ ...json, description: 'Orders, edited as JSON.', baseUrl: 'not a url' }, null, 2));
			await page.locator('.json-problems').getByText('must be an absolute http(s) URL').waitFor();
			await editor.fill(JSON.stringify({ ...json, description: 'Orders, edited as JSON.' }, null, 2));
			await page.getByRole('button', { name: 'Form', exact: true }).click();
			assert.equal(await page.getByLabel('Description').inputValue(), 'Orders, edited as JSON.');
			await save('Saved Studio Orders, version 3.');
			const stored = (await call('GET', '/connectors/studioOrders')).body.definition;
			assert.equal(stored.description, 'Orders, edited as JSON.');
			assert.deepEqual({ ...stored, version: json.version }, { ...json, description: 'Orders, edited as JSON.' });
		});

		await step('a stale save says the connector changed since it was opened, and reload brings the current version', async () => {
			await page.getByLabel('Description').fill('My local change');
			const current = await call('GET', '/connectors/studioOrders');
			const other = await call('PUT', '/connectors/studioOrders', { body: { description: 'Changed by someone else' }, etag: current.etag, token: TOKENS.edit });
			assert.equal(other.status, 200);
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			await page.getByText('This connector changed since you opened it; reload').waitFor();
			await page.getByRole('button', { name: 'Reload' }).click();
			await page.getByText('Reloaded the current version.').waitFor();
			assert.equal(await page.getByLabel('Description').inputValue(), 'Changed by someone else');
		});

		await step('live/draft toggle', async () => {
			const live = page.getByRole('switch', { name: 'Live' });
			assert.equal(await live.isChecked(), false);
			await ui.setLive();
			assert.equal((await call('GET', '/connectors/studioOrders')).body.status, 'live');
			await page.getByRole('switch', { name: 'Live' }).uncheck();
			await page.getByText('The connector is a draft').waitFor();
			assert.equal((await call('GET', '/connectors/studioOrders')).body.status, 'draft');
		});

		await step('draft and delete of a connector in use show the usage check (the workflows), and cancel keeps it', async () => {
			await page.goto(`${hub.url}/#/connectors/ordersInUse`);
			await page.getByRole('heading', { name: 'Orders In Use' }).waitFor();
			await page.getByRole('switch', { name: 'Live' }).uncheck();
			let dialog = page.getByRole('dialog', { name: 'Active workflows use this connector' });
			await dialog.getByRole('list', { name: 'Workflows using this connector' }).getByText('Nightly order sync', { exact: true }).waitFor();
			await dialog.getByRole('button', { name: 'Cancel' }).click();
			assert.equal(await page.getByRole('switch', { name: 'Live' }).isChecked(), true);
			assert.equal((await call('GET', '/connectors/ordersInUse')).body.status, 'live');
			await page.getByRole('button', { name: 'Delete', exact: true }).click();
			await page.getByRole('dialog', { name: 'Delete Orders In Use?' }).getByRole('button', { name: 'Delete' }).click();
			dialog = page.getByRole('dialog', { name: 'Active workflows use this connector' });
			await dialog.getByRole('list', { name: 'Workflows using this connector' }).getByText('Nightly order sync', { exact: true }).waitFor();
			await dialog.getByRole('button', { name: 'Cancel' }).click();
			assert.equal((await call('GET', '/connectors/ordersInUse')).status, 200);
		});

		await step('a built-in connector cannot be deleted; a duplicate of it can', async () => {
			await page.getByRole('link', { name: '← Connectors' }).click();
			await page.getByRole('button', { name: 'Delete Order Service' }).click();
			const refused = page.getByRole('dialog', { name: 'Cannot delete this connector' });
			await refused.getByText(/built-in connectors cannot be changed/).waitFor();
			await refused.getByRole('button', { name: 'OK' }).click();
			assert.equal((await call('GET', '/connectors/orderService')).status, 200);
			await page.getByRole('button', { name: 'Duplicate Order Service' }).click();
			const ask = page.getByRole('dialog', { name: 'Duplicate Order Service' });
			assert.equal(await ask.getByLabel('Key of the copy').inputValue(), 'orderServiceCopy');
			await ask.getByRole('button', { name: 'Duplicate' }).click();
			await page.getByRole('heading', { name: 'Order Service (copy)' }).waitFor();
			assert.equal((await call('GET', '/connectors/orderServiceCopy')).body.status, 'draft');
			await page.getByRole('button', { name: 'Delete', exact: true }).click();
			await page.getByRole('dialog', { name: 'Delete Order Service (copy)?' }).getByRole('button', { name: 'Delete' }).click();
			await page.getByText('Deleted Order Service (copy).').waitFor();
			assert.equal((await call('GET', '/connectors/orderServiceCopy')).status, 404);
		});

		await step('every packaged connector opens read-only with every field labelled, and each endpoint previews its request', async () => {
			const builtIns = (await call('GET', '/connectors?source=builtIn')).body.items;
			assert.ok(builtIns.length >= 5);
			for (const connector of builtIns) {
				await page.goto(`${hub.url}/#/connectors/${connector.key}`);
				await page.getByRole('heading', { level: 1, name: connector.name }).waitFor();
				assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true);
				assert.deepEqual(await unlabelled(), [], connector.key);
				const { definition } = (await call('GET', `/connectors/${connector.key}`)).body;
				for (const [index, endpoint] of definition.endpoints.entries()) {
					await page.locator('.editor-nav .nav-item').nth(index + 1).click();
					await page.getByRole('heading', { level: 2, name: endpoint.name }).waitFor();
					assert.deepEqual(await unlabelled(), [], `${connector.key} ${endpoint.key}`);
					await page.getByRole('tab', { name: 'Test' }).click();
					await page.getByRole('button', { name: 'Preview request' }).click();
					assert.match(await page.getByLabel('Request preview').innerText(), new RegExp(`^${endpoint.method ?? 'GET'} https?://`));
				}
			}
		});

		await step('keyboard only: sign out, sign in, open a connector and an endpoint without the mouse', async () => {
			await page.getByRole('button', { name: 'Sign out' }).click();
			assert.equal(await page.evaluate(() => sessionStorage.length), 0);
			await page.getByLabel('Hub API token').waitFor();
			await page.keyboard.type(TOKENS.edit);
			await page.keyboard.press('Enter');
			await page.getByRole('heading', { name: 'Connectors' }).waitFor();
			await page.getByLabel('Search').focus();
			await page.keyboard.type('Studio Orders');
			await page.getByText('1 of 7 connectors').waitFor();
			const link = page.getByRole('link', { name: 'Studio Orders' });
			await link.focus();
			await page.keyboard.press('Enter');
			await page.getByRole('heading', { name: 'Studio Orders' }).waitFor();
			await page.getByRole('button', { name: /GET Get Order/ }).focus();
			await page.keyboard.press('Enter');
			await page.getByRole('tab', { name: 'Definition' }).focus();
			await page.keyboard.press('ArrowRight');
			assert.equal(await page.getByRole('tab', { name: 'Test' }).getAttribute('aria-selected'), 'true');
			assert.deepEqual(await unlabelled(), []);
			assert.deepEqual(outside, [], 'the page loaded nothing from outside the hub');
		});
	} finally {
		while (stops.length) await stops.pop()().catch(() => undefined);
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { studioTests };

if (require.main === module) {
	const { test, summary, assert } = require('./lib/harness');
	const started = Date.now();
	console.log('Connector Studio in Chromium\n');
	studioTests({ test, assert, folder: path.join(PROJECT, '.n8n-e2e', 'studio') })
		.catch((error) => {
			console.log(`✗ stopped: ${error.stack ?? error}`);
			process.exitCode = 1;
		})
		.then(() => {
			process.exit(summary(started) || process.exitCode || 0);
		});
}
