/**
 * What the Connector Studio needs from the hub, through real HTTP on loopback: POST /validate (the
 * package's validator, problems with paths), POST /connectors/{key}/duplicate, the records a sent
 * endpoint test gives (as the node outputs them), and the Studio's files at "/" (offline: no other
 * origin allowed, no path outside hub/studio).
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, close, EDIT, listen, READ, startHub, type TestHub, ticketsConnector } from './helpers';

let hub: TestHub;
beforeAll(async () => {
	hub = await startHub();
});
afterAll(() => hub.close());

describe('POST /validate', () => {
	test('answers the validator problems with JSON pointer paths, 200 either way; saves nothing', async () => {
		const broken = ticketsConnector('localhost/api');
		(broken.endpoints as Array<Record<string, unknown>>)[0].path = '/tickets/{{ inputs.nope }}';
		const answer = await hub.call('POST', '/validate', { token: READ, body: broken });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			ok: false,
			problems: [{ path: '/baseUrl', message: 'must be an absolute http(s) URL' }],
		});
		// Cross-field rules run once the shape is right: the same rules as a save.
		const shapeOk = ticketsConnector();
		(shapeOk.endpoints as Array<Record<string, unknown>>)[0].path = '/tickets/{{ inputs.nope }}';
		expect((await hub.call('POST', '/validate', { token: READ, body: shapeOk })).body.problems).toEqual([
			{ path: '/endpoints/0/path', message: '{{ inputs.nope }} refers to an undeclared input "nope"' },
		]);
		expect(await hub.call('POST', '/validate', { token: READ, body: ticketsConnector() })).toMatchObject({ status: 200, body: { ok: true, problems: [] } });
		expect((await hub.call('POST', '/validate', { token: READ, body: [] })).body).toEqual({ ok: false, problems: [{ path: '/', message: 'must be an object, not an array' }] });
		expect(readdirSync(hub.folder)).toEqual([]);
	});

	test('needs a token; a body that is not JSON is refused as elsewhere', async () => {
		expect((await hub.call('POST', '/validate', { body: ticketsConnector() })).status).toBe(401);
		expect((await hub.call('POST', '/validate', { token: READ, raw: '{"key":' })).status).toBe(400);
		expect((await hub.call('POST', '/validate?x=1', { token: READ, body: {} })).status).toBe(400);
	});
});

describe('POST /connectors/{key}/duplicate', () => {
	afterEach(async () => {
		for (const key of ['tickets', 'ticketsCopy', 'orderServiceCopy']) await hub.call('DELETE', `/connectors/${key}?force=true`, { token: ADMIN });
	});

	test('copies a hub connector as a draft at version 1 under the new key and name, secrets included', async () => {
		await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector() });
		const answer = await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: 'ticketsCopy', name: 'Tickets Copy' } });
		expect(answer.status).toBe(201);
		expect(answer.headers.get('location')).toBe('/api/v1/connectors/ticketsCopy');
		expect(answer.headers.get('etag')).toMatch(/^"1-[0-9a-f]+"$/);
		expect(answer.body).toMatchObject({ key: 'ticketsCopy', name: 'Tickets Copy', version: 1, status: 'draft' });
		const stored = JSON.parse(readFileSync(join(hub.folder, 'ticketsCopy.json'), 'utf8'));
		expect(stored.endpoints[0].inputs[1].default).toBe('sig-secret-value');
		expect(stored.endpoints.map((endpoint: { key: string }) => endpoint.key)).toEqual(['getTicket', 'closeTicket']);
		expect(answer.text).not.toContain('sig-secret-value');
	});

	test('copies a built-in connector (how a packaged one is changed)', async () => {
		const answer = await hub.call('POST', '/connectors/orderService/duplicate', { token: EDIT, body: { key: 'orderServiceCopy', name: 'Order Service Copy' } });
		expect(answer.status).toBe(201);
		const got = await hub.call('GET', '/connectors/orderServiceCopy', { token: READ });
		expect(got.body).toMatchObject({ builtIn: false, status: 'draft', version: 1 });
	});

	test('refuses a taken key or name, an invalid key, a bad body, a read token, an unknown source', async () => {
		await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector() });
		const taken = await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: 'orderService', name: 'X' } });
		expect(taken.status).toBe(409);
		const sameName = await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: 'ticketsCopy', name: 'Order Service' } });
		expect(sameName.status).toBe(400);
		expect(sameName.body.error.problems).toEqual([expect.objectContaining({ path: '/name' })]);
		const badKey = await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: '1 bad', name: 'Y' } });
		expect(badKey.status).toBe(400);
		expect(badKey.body.error.problems[0].path).toBe('/key');
		const extra = await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: 'a', name: 'b', status: 'live' } });
		expect(extra.body.error.problems).toEqual([{ path: '/status', message: 'unknown field; a copy takes key and name' }]);
		expect((await hub.call('POST', '/connectors/tickets/duplicate', { token: EDIT, body: { key: 'a' } })).body.error.problems).toEqual([{ path: '/name', message: 'must be a string' }]);
		expect((await hub.call('POST', '/connectors/tickets/duplicate', { token: READ, body: { key: 'a', name: 'b' } })).status).toBe(403);
		expect((await hub.call('POST', '/connectors/nope/duplicate', { token: EDIT, body: { key: 'a', name: 'b' } })).status).toBe(404);
		expect(readdirSync(hub.folder).sort()).toEqual(['tickets.json']);
	});
});

describe('records of a sent endpoint test', () => {
	let api: ReturnType<typeof createServer>;
	let apiUrl: string;
	let answer: { status: number; body: string; type: string };
	beforeAll(async () => {
		api = createServer((_request, response) => response.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body));
		apiUrl = await listen(api);
	});
	afterAll(() => close(api));
	afterEach(() => hub.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN }));

	async function send(response: Record<string, unknown> = {}) {
		const connector = ticketsConnector(`${apiUrl}/api`);
		Object.assign((connector.endpoints as Array<Record<string, unknown>>)[0], { response });
		expect((await hub.call('POST', '/connectors', { token: EDIT, body: connector })).status).toBe(201);
		return await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', { token: EDIT, body: { send: true, credentials: { token: 'tok-secret-1' } } });
	}

	test('the records path, split and response fields shape them as the node outputs them', async () => {
		answer = { status: 200, type: 'application/json', body: JSON.stringify({ data: { items: [{ id: 1, owner: { email: 'a@x' }, extra: true }, { id: 2, owner: { email: 'b@x' } }] } }) };
		const shaped = await send({ recordsPath: 'data.items', fields: ['id', { name: 'email', path: 'owner.email' }] });
		expect(shaped.body).toMatchObject({ ok: true, records: [{ id: 1, email: 'a@x' }, { id: 2, email: 'b@x' }] });
		await hub.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN });
		const whole = await send({ recordsPath: 'data.items', split: false });
		expect(whole.body.records).toEqual([{ data: [{ id: 1, owner: { email: 'a@x' }, extra: true }, { id: 2, owner: { email: 'b@x' } }] }]);
	});

	test('an empty answer is one success record; a body that is not JSON says why there are no records', async () => {
		answer = { status: 204, type: 'application/json', body: '' };
		expect((await send()).body).toMatchObject({ ok: true, status: 204, records: [{ success: true, status: 204 }] });
		await hub.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN });
		answer = { status: 200, type: 'text/html', body: '<html>proxy login</html>' };
		const html = await send();
		expect(html.body.records).toBeUndefined();
		expect(html.body.recordsError).toMatch(/not JSON/i);
	});

	test('an error status gives no records and the endpoint own message; a secret echoed back is masked', async () => {
		answer = { status: 404, type: 'application/json', body: JSON.stringify({ message: 'no ticket', echo: 'tok-secret-1' }) };
		const connector = ticketsConnector(`${apiUrl}/api`);
		Object.assign((connector.endpoints as Array<Record<string, unknown>>)[0], { errors: { 404: 'No ticket with this number' } });
		await hub.call('POST', '/connectors', { token: EDIT, body: connector });
		const failed = await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', { token: EDIT, body: { send: true, credentials: { token: 'tok-secret-1' } } });
		expect(failed.body).toMatchObject({ ok: false, status: 404 });
		expect(failed.body.error).toContain('No ticket with this number');
		expect(failed.body.records).toBeUndefined();
		expect(failed.text).not.toContain('tok-secret-1');
	});
});

describe('the Studio files at /', () => {
	test('the page, its modules and styles, with a policy that allows this origin only', async () => {
		const page = await fetch(`${hub.url}/`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
		expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
		const html = await page.text();
		expect(html).toContain('<script type="module" src="/js/main.js">');
		expect(html).not.toMatch(/https?:\/\//);
		const script = await fetch(`${hub.url}/js/main.js`);
		expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect(await script.text()).toContain("from './api.js'");
		expect((await fetch(`${hub.url}/studio.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
		const head = await fetch(`${hub.url}/js/main.js`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});

	test('nothing outside the folder, no unknown files or types, no other methods; the API keeps its own 404', async () => {
		const { request } = await import('node:http');
		// fetch would resolve "..": send the raw path as a client could.
		const raw = (path: string) =>
			new Promise<number>((resolve, reject) => {
				const port = Number(new URL(hub.url).port);
				request({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
					response.resume();
					resolve(response.statusCode ?? 0);
				})
					.on('error', reject)
					.end();
			});
		for (const path of ['/../package.json', '/js/../../package.json', '/%2e%2e/package.json', '/js/%2e%2e/index.html', '/.hidden.js', '/nope.js', '/index.ts', '/js']) {
			expect([path, await raw(path)]).toEqual([path, 404]);
		}
		expect((await fetch(`${hub.url}/`, { method: 'POST' })).status).toBe(404);
		const api = await fetch(`${hub.url}/api/v1/nothing`);
		expect(api.status).toBe(404);
		expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not-found');
	});

	test('every file the Studio loads is served, and no file names a remote origin', async () => {
		const folder = join(__dirname, '..', 'studio');
		const files = ['index.html', 'studio.css', 'icon.svg', ...readdirSync(join(folder, 'js')).map((name) => `js/${name}`)];
		for (const file of files) {
			const text = readFileSync(join(folder, file), 'utf8');
			expect([file, text.match(/(?:src|href|from|import)\s*[=(]?\s*['"]https?:/)]).toEqual([file, null]);
			expect([file, (await fetch(`${hub.url}/${file}`)).status]).toEqual([file, 200]);
		}
	});
});
