import { execFileSync } from 'child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import nock from 'nock';
import { guardNetwork } from './helpers/network';
import { runCli } from './helpers/cli';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'cli');

const run = (...args: string[]) => runCli(root, ...args);

const tickets = 'test/fixtures/cli/tickets.json';
const KEY = 'key-9f8e7d6c';

guardNetwork();

describe('data-connectors validate', () => {
	it('accepts the example connectors folder', async () => {
		const result = await run('validate', 'connectors/');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^ok connectors\/order-service\.json: Order Service/m);
	});

	it('rejects a broken copy of an example with one line naming file and path', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'dc-'));
		const broken = JSON.parse(readFileSync(join(root, 'connectors', 'order-service.json'), 'utf8')) as {
			endpoints: Array<{ method: string }>;
		};
		broken.endpoints[2].method = 'SEND';
		const file = join(folder, 'orders.json');
		writeFileSync(file, JSON.stringify(broken));
		const result = await run('validate', file);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`${file}: /endpoints/2/method: must be one of GET, POST, PUT, PATCH, DELETE\n`);
	});

	it('reports duplicate connector names across files', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'dc-'));
		copyFileSync(join(fixtures, 'tickets.json'), join(folder, 'a.json'));
		copyFileSync(join(fixtures, 'tickets.json'), join(folder, 'b.json'));
		const result = await run('validate', folder);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('b.json: /key: key "tickets" is already used by');
	});

	it('explains a path that does not exist', async () => {
		const result = await run('validate', 'no/such/folder');
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('data-connectors: no/such/folder: no such file or folder\n');
	});

	it('works as the installed bin (npx data-connectors)', () => {
		const output = execFileSync(process.execPath, [join(root, 'bin', 'data-connectors.js'), 'validate', 'connectors/'], {
			cwd: root,
			encoding: 'utf8',
		});
		expect(output).toContain('ok connectors/crm-contacts.json');
	});
});

describe('data-connectors request', () => {
	it('prints the request without sending it, secrets masked', async () => {
		const result = await run(
			'request', tickets, 'getTicket',
			'--input', '{"ticketId":"T/42?x","expand":["comments","watchers"]}',
			'--credentials', JSON.stringify({ apiKey: KEY }),
		);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			method: 'GET',
			url: 'https://tickets.example.com/api/tickets/T%2F42%3Fx?expand=comments&expand=watchers',
			headers: { Accept: 'application/json', 'X-Client': 'data-connectors', 'X-API-Key': '******' },
			body: null,
		});
		expect(result.stdout).not.toContain(KEY);
	});

	it('prints a curl command with --curl', async () => {
		const result = await run(
			'request', tickets, 'createTicket',
			'--input', '{"subject":"Broken it\'s"}', '--item', '{"customer":{"id":7}}',
			'--credentials', JSON.stringify({ apiKey: KEY }), '--curl',
		);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(
			`curl -X POST -H 'Accept: application/json' -H 'Content-Type: application/json' -H 'X-Client: data-connectors' -H 'X-API-Key: ******' --data-raw '{"subject":"Broken it'\\''s","priority":3,"customer":{"id":7}}' 'https://tickets.example.com/api/tickets'\n`,
		);
	});

	it('--send sends exactly what the dry run printed', async () => {
		const args = ['request', tickets, 'createTicket', '--input', '{"subject":"Late delivery","priority":"2"}', '--item', '{"customer":"C-1"}'];
		const printed = JSON.parse((await run(...args)).stdout) as { method: string; url: string; headers: Record<string, string>; body: unknown };
		let seen: { headers: Record<string, string | string[]>; body: unknown } | undefined;
		nock('https://tickets.example.com')
			.post('/api/tickets')
			.reply(function (_uri, body) {
				seen = { headers: this.req.headers, body };
				return [201, { id: 'T-100' }];
			});
		const sent = await run(...args, '--send', '--allow-write', '--credentials', JSON.stringify({ apiKey: KEY }));
		expect(sent.code).toBe(0);
		expect(printed.method).toBe('POST');
		expect(seen?.body).toEqual(printed.body);
		for (const [name, value] of Object.entries(printed.headers)) {
			expect(seen?.headers[name.toLowerCase()]).toBe(value === '******' ? KEY : value);
		}
		expect(JSON.parse(sent.stdout)).toMatchObject({ status: 201, body: { id: 'T-100' } });
	});

	it('refuses to send a write without --allow-write', async () => {
		const result = await run('request', tickets, 'createTicket', '--input', '{"subject":"x"}', '--send');
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('uses POST, which can change data; add --allow-write');
	});

	it('prints the response and the endpoint\'s own error message on an error status, exit 1', async () => {
		nock('https://tickets.example.com', { reqheaders: { 'x-api-key': KEY } })
			.get('/api/tickets/T-404')
			.reply(404, { message: `unknown ticket for key ${KEY}` });
		const result = await run('request', tickets, 'getTicket', '--input', '{"ticketId":"T-404"}', '--credentials', JSON.stringify({ apiKey: KEY }), '--send');
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({ status: 404 });
		expect(result.stderr).toMatch(/^No ticket with this number/);
		expect(result.stderr).toContain('GET https://tickets.example.com/api/tickets/T-404');
		expect(result.stdout + result.stderr).not.toContain(KEY);
	});

	it('fetches an OAuth2 token before sending, and masks it', async () => {
		const credentials = { clientId: 'demo-client', clientSecret: 'demo-secret-77' };
		nock('https://auth.example.com', {
			reqheaders: { authorization: `Basic ${Buffer.from('demo-client:demo-secret-77').toString('base64')}` },
		})
			.post('/oauth/token', 'grant_type=client_credentials&scope=read')
			.reply(200, { access_token: 'tok-5555', token_type: 'Bearer', expires_in: 3600 });
		nock('https://api.example.com', { reqheaders: { authorization: 'Bearer tok-5555' } })
			.get('/me')
			.reply(200, { id: 1, token: 'tok-5555' });
		const result = await run('request', 'test/fixtures/cli/oauth.json', 'me', '--credentials', JSON.stringify(credentials), '--send');
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, body: { id: 1, token: '******' } });
		expect(result.stdout).not.toContain('demo-secret-77');
	});

	describe('a paginated endpoint', () => {
		const paged = 'test/fixtures/cli/paged.json';
		const credentials = ['--credentials', JSON.stringify({ apiKey: KEY })];
		const catalog = () => nock('https://catalog.example.com');
		const page = (number: number) => ({ _page: String(number), _limit: '2', category: 'tools', api_key: KEY });

		it('prints the first page as the node sends it: with its page parameters', async () => {
			const result = await run('request', paged, 'listProducts', '--input', '{"category":"tools"}', ...credentials);
			expect(result.code).toBe(0);
			expect(JSON.parse(result.stdout)).toMatchObject({
				method: 'GET',
				url: 'https://catalog.example.com/api/products?category=tools&_page=1&_limit=2&api_key=******',
			});
		});

		it('--send sends the first page only', async () => {
			catalog().get('/api/products').query(page(1)).reply(200, [{ id: 1 }, { id: 2 }], { 'X-Total-Count': '5' });
			const result = await run('request', paged, 'listProducts', '--input', '{"category":"tools"}', ...credentials, '--send');
			expect(result.code).toBe(0);
			expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, body: [{ id: 1 }, { id: 2 }] });
		});

		it('--all-pages follows the pages like the node, and stops at the total without an extra request', async () => {
			const scope = catalog();
			for (const [number, ids] of [[1, [1, 2]], [2, [3, 4]], [3, [5, 6]]] as const) {
				scope.get('/api/products').query(page(number)).reply(200, ids.map((id) => ({ id })), { 'X-Total-Count': '6' });
			}
			const result = await run('request', paged, 'listProducts', '--input', '{"category":"tools"}', ...credentials, '--send', '--all-pages');
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			expect(JSON.parse(result.stdout)).toEqual({
				status: 200,
				pages: 3,
				records: [1, 2, 3, 4, 5, 6].map((id) => ({ id })),
				stoppedBy: 'the total',
			});
		});

		it('--all-pages stops at --max-records, and says so', async () => {
			const scope = catalog();
			for (const [number, ids] of [[1, [1, 2]], [2, [3, 4]]] as const) {
				scope.get('/api/products').query(page(number)).reply(200, ids.map((id) => ({ id })), { 'X-Total-Count': '6' });
			}
			const result = await run(
				'request', paged, 'listProducts', '--input', '{"category":"tools"}', ...credentials, '--send', '--all-pages', '--max-records', '3',
			);
			expect(result.code).toBe(0);
			expect(JSON.parse(result.stdout)).toMatchObject({ pages: 2, records: [{ id: 1 }, { id: 2 }, { id: 3 }], stoppedBy: 'the record cap (3)' });
		});

		it('--all-pages reports an error status on a later page with the endpoint\'s message, secrets masked', async () => {
			const first = page(1);
			catalog()
				.get('/api/products').query(first).reply(200, [{ id: 1 }, { id: 2 }])
				.get('/api/products').query({ ...first, _page: '2' }).reply(500, { error: `boom for ${KEY}` });
			const result = await run('request', paged, 'listProducts', '--input', '{"category":"tools"}', ...credentials, '--send', '--all-pages');
			expect(result.code).toBe(1);
			expect(JSON.parse(result.stdout)).toMatchObject({ status: 500, pages: 2, records: [{ id: 1 }, { id: 2 }], stoppedBy: 'an error status on page 2' });
			expect(result.stderr).toContain('(500 Internal Server Error: GET https://catalog.example.com/api/products?category=tools&_limit=2&_page=2)');
			expect(result.stdout + result.stderr).not.toContain(KEY);
		});

		it.each([
			[['--all-pages'], '--all-pages and --max-records follow pages of real responses: add --send'],
			[['--send', '--max-records', '5'], '--max-records goes with --all-pages'],
			[['--send', '--all-pages', '--max-records', '0'], '--max-records must be a positive whole number of records'],
		])('usage: %j', async (extra, message) => {
			const result = await run('request', paged, 'listProducts', ...credentials, ...extra);
			expect(result.code).toBe(2);
			expect(result.stderr).toBe(`data-connectors: ${message}\n`);
		});
	});

	it('names a missing required input and the endpoint', async () => {
		const result = await run('request', tickets, 'getTicket');
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'data-connectors: Missing required input "ticketId" (used as {{ inputs.ticketId }}) for endpoint "tickets/getTicket"\n',
		);
	});

	it('lists the endpoints when the key is wrong', async () => {
		const result = await run('request', tickets, 'nope');
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('no endpoint "nope"; the endpoints are getTicket, createTicket');
	});

	it('reports an unreachable host clearly', async () => {
		// A real refused connection: a loopback port that was just freed.
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const result = await run(
				'request', tickets, 'getTicket', '--input', '{"ticketId":"1"}',
				'--credentials', JSON.stringify({ apiKey: KEY }), '--base-url', `http://127.0.0.1:${port}/api`, '--send',
			);
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(`data-connectors: Could not reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
		} finally {
			nock.disableNetConnect();
		}
	});
});
