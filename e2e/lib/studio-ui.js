/* global URL */
/**
 * The Connector Studio as a builder uses it, for the browser tests (e2e/studio.js: the Studio alone;
 * e2e/editor/studio-to-n8n.js: a connector made in the Studio, then run in the n8n editor): a small
 * orders API with an API key header for the new connector to describe, and `studio(page, hubUrl)`:
 * steps named after what a person does (sign in, fill the connector form, add an endpoint, test it,
 * set it live), each a click or a key stroke on what a person sees (labels, roles, button names).
 */
const http = require('http');

function listen(server) {
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}
function close(server) {
	server.closeAllConnections?.();
	return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The API the new connector describes: GET /api/orders/{id} and POST /api/orders, both with the
 * key in the X-API-Key header. `seen.posts` keeps every POST body as sent.
 */
function startOrdersApi(apiKey) {
	const seen = { posts: [] };
	const server = http.createServer((request, response) => {
		const reply = (status, body) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			if (request.headers['x-api-key'] !== apiKey) return reply(401, { message: 'missing or wrong API key' });
			const url = new URL(request.url, 'http://localhost');
			const match = /^\/api\/orders\/([^/]+)$/.exec(url.pathname);
			if (request.method === 'GET' && match) {
				if (match[1] === 'missing') return reply(404, { message: 'not found' });
				return reply(200, { data: { id: decodeURIComponent(match[1]), status: 'shipped', items: 2 } });
			}
			if (request.method === 'POST' && url.pathname === '/api/orders') {
				seen.posts.push(text);
				return reply(201, { id: 'O-100', ...JSON.parse(text || '{}') });
			}
			return reply(404, { message: 'no such route' });
		});
	});
	return listen(server).then((url) => ({ url: `${url}/api`, seen, close: () => close(server) }));
}

/** One browser tab on the Connector Studio at `hubUrl`. */
function studio(page, hubUrl) {
	const field = (pointer) => page.locator(`[data-path="${pointer}"]`).first();
	const status = page.locator('#test-status');
	return {
		field,
		/** The inline validation message under the field at JSON pointer `pointer`. */
		problemOf: (pointer) => field(pointer).locator('.problem'),
		status,

		async open() {
			await page.goto(`${hubUrl}/`);
		},

		/** Signs in with a hub token on the sign-in form; resolves once the connector list shows. */
		async signIn(token) {
			await page.getByLabel('Hub API token').fill(token);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.getByRole('heading', { name: 'Connectors' }).waitFor();
		},

		/** "+ New connector", then name, categories and base URL typed. */
		async newConnector({ name, categories, baseUrl }) {
			await page.getByRole('button', { name: '+ New connector' }).click();
			await page.getByLabel('Name', { exact: true }).fill(name);
			await page.getByLabel('Categories').fill(categories);
			await page.getByLabel('Base URL').fill(baseUrl);
			await page.getByLabel('Base URL').press('Tab');
		},

		/** Authentication: an API key sent in the header `header`. */
		async useApiKey(header) {
			await page.getByLabel('Authentication type').selectOption('apiKey');
			await page.getByLabel('Send the key in').waitFor();
			await field('/auth/name').locator('input').fill(header);
		},

		/**
		 * "+ Add endpoint" for a GET `name`/`key` with one required input, its path typed up to the
		 * placeholder, which is inserted from the declared input with its button; a sample value, one
		 * error text per status and where the records are in the answer.
		 */
		async addGetEndpoint({ index, name, key, input, pathBefore, sample, errors = {}, recordsPath }) {
			const at = `/endpoints/${index}`;
			await page.getByRole('button', { name: '+ Add endpoint' }).click();
			await field(`${at}/name`).locator('input').fill(name);
			await field(`${at}/key`).locator('input').fill(key);
			await page.getByRole('button', { name: '+ Add input' }).click();
			await field(`${at}/inputs/0/name`).locator('input').fill(input);
			await field(`${at}/inputs/0/required`).locator('input').check();
			await field(`${at}/path`).locator('input').fill(pathBefore);
			await page.getByRole('button', { name: `{{ inputs.${input} }}` }).click();
			await page.getByLabel(`${input} (string)`).fill(sample);
			for (const [row, [code, message]] of Object.entries(errors).entries()) {
				await page.getByRole('button', { name: '+ Add status' }).click();
				await page.getByLabel(`Status ${row + 1}`, { exact: true }).fill(code);
				await page.getByLabel(`Message ${row + 1}`, { exact: true }).fill(message);
			}
			if (recordsPath) await field(`${at}/response/recordsPath`).locator('input').fill(recordsPath);
		},

		/** "+ Add endpoint" for a POST with purpose Create and a JSON body typed as `body` (text). */
		async addPostEndpoint({ index, name, key, path, body }) {
			const at = `/endpoints/${index}`;
			await page.getByRole('button', { name: '+ Add endpoint' }).click();
			await field(`${at}/name`).locator('input').fill(name);
			await field(`${at}/key`).locator('input').fill(key);
			await field(`${at}/purpose`).locator('select').selectOption('Create');
			await field(`${at}/method`).locator('select').selectOption('POST');
			await field(`${at}/path`).locator('input').fill(path);
			await page.getByLabel('Body type').selectOption('json');
			if (body !== undefined) await field(`${at}/body/value`).locator('textarea').fill(body);
		},

		/** "Save", resolving once the Studio says `expected` ("Saved <name>, version <n>."). */
		async save(expected) {
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			await page.getByText(expected).waitFor();
		},

		/** The endpoint whose button reads `button` (e.g. /GET Get Order/), its Test tab, the API key typed. */
		async openTest(button, apiKey) {
			await page.getByRole('button', { name: button }).click();
			await page.getByRole('tab', { name: 'Test' }).click();
			await page.getByLabel('API key').fill(apiKey);
		},

		/** "Send request" in the Test tab; resolves once `Status <code>` shows. */
		async send(code) {
			await page.getByRole('button', { name: 'Send request' }).click();
			await status.getByText(`Status ${code}`).waitFor();
		},

		/** A write is sent after its confirmation ("Send POST request…", then "Send POST"). */
		async sendConfirmed(method, code) {
			await page.getByRole('button', { name: `Send ${method} request…` }).click();
			await page.getByRole('dialog', { name: `Send this ${method} request?` }).getByRole('button', { name: `Send ${method}` }).click();
			await status.getByText(`Status ${code}`).waitFor();
		},

		/** The records of the last test answer, as the node would output them. */
		async outputItems() {
			return JSON.parse(await page.getByLabel('Output items').innerText());
		},

		async setLive() {
			await page.getByRole('switch', { name: 'Live' }).check();
			await page.getByText('The connector is live').waitFor();
		},
	};
}

module.exports = { startOrdersApi, studio, listen, close };
