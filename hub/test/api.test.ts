/**
 * The hub's REST API over the embedded folder store, through real HTTP on loopback: search and
 * paging, masking, create, merge and replace updates with ETag / If-Match, built-in protection,
 * usage checks against a loopback "n8n public API", status, endpoint tests, tokens and roles.
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, close, EDIT, fakeN8n, listen, READ, startHub, type TestHub, ticketsConnector, workflowUsing } from './helpers';

let hub: TestHub;
let n8n: Awaited<ReturnType<typeof fakeN8n>>;
let workflows: unknown[] = [];
const N8N_KEY = 'n8n-api-key-for-tests';

beforeAll(async () => {
	n8n = await fakeN8n(N8N_KEY, () => workflows);
	hub = await startHub({ usage: { url: n8n.url, apiKey: N8N_KEY } });
});
afterAll(async () => {
	await hub.close();
	await n8n.close();
});
beforeEach(() => {
	workflows = [];
});

async function create(extra: Record<string, unknown> = {}) {
	const answer = await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, extra) });
	expect(answer.status).toBe(201);
	return answer;
}

async function remove(key = 'tickets') {
	await hub.call('DELETE', `/connectors/${key}?force=true`, { token: ADMIN });
}

describe('list and search', () => {
	beforeAll(async () => {
		await create();
	});
	afterAll(() => remove());

	test('lists built-in and hub connectors with a total, paged by size and offset', async () => {
		const all = await hub.call('GET', '/connectors', { token: READ });
		expect(all.status).toBe(200);
		expect(all.body.total).toBe(all.body.items.length);
		expect(all.body.items.map((item: { key: string }) => item.key)).toEqual(expect.arrayContaining(['orderService', 'tickets']));
		const page = await hub.call('GET', '/connectors?size=2&offset=1', { token: READ });
		expect(page.body).toMatchObject({ total: all.body.total, size: 2, offset: 1 });
		expect(page.body.items.map((item: { key: string }) => item.key)).toEqual(all.body.items.slice(1, 3).map((item: { key: string }) => item.key));
	});

	test('q searches names, descriptions, tags, categories and endpoint names; filters narrow', async () => {
		const keys = async (query: string) => (await hub.call('GET', `/connectors?${query}`, { token: READ })).body.items.map((item: { key: string }) => item.key);
		expect(await keys('q=helpdesk')).toEqual(['tickets']); // tag
		expect(await keys('q=support')).toContain('tickets'); // category
		expect(await keys('q=close%20ticket')).toEqual(['tickets']); // endpoint name
		expect(await keys('category=Support&auth=bearer')).toEqual(['tickets']);
		expect(await keys('source=hub')).toEqual(['tickets']);
		expect(await keys('status=draft')).not.toContain('tickets');
	});

	test('a list answer has an ETag and If-None-Match gets 304', async () => {
		const first = await hub.call('GET', '/connectors', { token: READ });
		const etag = first.headers.get('etag') as string;
		expect(etag).toMatch(/^"[0-9a-f]+"$/);
		expect((await hub.call('GET', '/connectors', { token: READ, headers: { 'If-None-Match': etag } })).status).toBe(304);
	});

	test('bad query parameters are 400 with what is allowed', async () => {
		const unknown = await hub.call('GET', '/connectors?limit=5', { token: READ });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.message).toBe('Unknown query parameter "limit"; this request takes q, size, offset, category, status, auth, source');
		const size = await hub.call('GET', '/connectors?size=0', { token: READ });
		expect(size.body.error.message).toBe('size must be a whole number from 1 to 500, not "0"');
		expect((await hub.call('GET', '/connectors?status=gone', { token: READ })).status).toBe(400);
	});
});

describe('get, create, update', () => {
	afterEach(() => remove());

	test('get masks secret defaults; sending "******" back keeps the stored secret', async () => {
		const created = await create();
		expect(created.headers.get('location')).toBe('/api/v1/connectors/tickets');
		const got = await hub.call('GET', '/connectors/tickets', { token: READ });
		expect(got.status).toBe(200);
		expect(got.text).not.toContain('sig-secret-value');
		expect(got.body.definition.endpoints[0].inputs[1].default).toBe('******');
		const etag = got.headers.get('etag') as string;
		expect(etag).toMatch(/^"1-[0-9a-f]+"$/);
		const updated = await hub.call('PUT', '/connectors/tickets?replace=true', {
			token: EDIT,
			body: { ...got.body.definition, description: 'Changed.' },
			headers: { 'If-Match': etag },
		});
		expect(updated.status).toBe(200);
		expect(updated.body).toMatchObject({ version: 2, previousVersion: 1, changed: true });
		const file = JSON.parse(readFileSync(join(hub.folder, 'tickets.json'), 'utf8'));
		expect(file.endpoints[0].inputs[1].default).toBe('sig-secret-value');
		expect(file.description).toBe('Changed.');
	});

	test('If-None-Match with the current ETag gets 304', async () => {
		const created = await create();
		const answer = await hub.call('GET', '/connectors/tickets', { token: READ, headers: { 'If-None-Match': created.headers.get('etag') as string } });
		expect(answer.status).toBe(304);
	});

	test('merge by default: fields left out stay, endpoints merge by key', async () => {
		const created = await create();
		const answer = await hub.call('PUT', '/connectors/tickets', {
			token: EDIT,
			body: { description: 'Merged.', endpoints: [{ key: 'closeTicket', name: 'Close a Ticket' }] },
			headers: { 'If-Match': created.headers.get('etag') as string },
		});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('etag')).toMatch(/^"2-/);
		const got = (await hub.call('GET', '/connectors/tickets', { token: READ })).body.definition;
		expect(got).toMatchObject({ description: 'Merged.', name: 'Tickets', version: 2 });
		expect(got.endpoints.map((endpoint: { name: string }) => endpoint.name)).toEqual(['Get Ticket', 'Close a Ticket']);
	});

	test('a stale If-Match gets 412 and a message saying to read again; no version at all gets 428', async () => {
		const created = await create();
		const etag = created.headers.get('etag') as string;
		await hub.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'First.' }, headers: { 'If-Match': etag } });
		const stale = await hub.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Second.' }, headers: { 'If-Match': etag } });
		expect(stale.status).toBe(412);
		expect(stale.body.error.message).toMatch(/^connector tickets changed since you read it \(now ETag "2-[0-9a-f]+", version 2; yours "1-[0-9a-f]+"\); get it again and re-apply your change$/);
		const staleBody = await hub.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Third.', version: 1 } });
		expect(staleBody.status).toBe(412);
		const none = await hub.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Fourth.' } });
		expect(none.status).toBe(428);
		expect(none.body.error.message).toContain('send the ETag you read as If-Match');
	});

	test('validation errors are 400 with the validator paths', async () => {
		const answer = await hub.call('POST', '/connectors', {
			token: EDIT,
			body: ticketsConnector(undefined, { endpoints: [{ ...(ticketsConnector().endpoints as object[])[0], method: 'FETCH' }], colour: 'red' }),
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('invalid-definition');
		const paths = answer.body.error.problems.map((problem: { path: string }) => problem.path);
		expect(paths).toEqual(expect.arrayContaining(['/endpoints/0/method', '/colour']));
	});

	test('creating an existing key is 409; a built-in key is 409 too', async () => {
		await create();
		expect((await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector() })).status).toBe(409);
		const builtIn = await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, { key: 'orderService', name: 'Another' }) });
		expect(builtIn.status).toBe(409);
		expect(builtIn.body.error.message).toContain('it is built in');
	});

	test('an unknown connector is 404 naming the known ones', async () => {
		const answer = await hub.call('GET', '/connectors/nothingHere', { token: READ });
		expect(answer.status).toBe(404);
		expect(answer.body.error.message).toMatch(/^There is no connector "nothingHere"; the connectors are /);
	});
});

describe('delete and status: built-in protection and usage checks', () => {
	afterEach(() => remove());

	test('deleting a built-in connector is 403', async () => {
		const answer = await hub.call('DELETE', '/connectors/orderService', { token: ADMIN });
		expect(answer.status).toBe(403);
		expect(answer.body.error.message).toContain('built-in connectors cannot be changed');
	});

	test('delete is 409 while an active workflow uses the connector, listing it; force needs admin', async () => {
		await create();
		workflows = [workflowUsing('tickets', { id: '12', name: 'Ticket Sync' }), workflowUsing('tickets', { id: '13', name: 'Old', active: false })];
		const refused = await hub.call('DELETE', '/connectors/tickets', { token: EDIT });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe('in-use');
		expect(refused.body.error.message).toContain('Tickets is used by 1 active workflow: Ticket Sync (id 12, node "Get Ticket")');
		expect(refused.body.error.workflows.map((workflow: { id: string }) => workflow.id)).toEqual(['12']);
		expect(n8n.seenKeys.at(-1)).toBe(N8N_KEY);
		expect((await hub.call('DELETE', '/connectors/tickets?force=true', { token: EDIT })).status).toBe(403);
		const forced = await hub.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN });
		expect(forced.status).toBe(200);
		expect(forced.body).toMatchObject({ key: 'tickets', deleted: true });
		expect(readdirSync(hub.folder).filter((name) => name.endsWith('.json'))).toEqual([]);
	});

	test('delete goes ahead when no active workflow uses it', async () => {
		await create();
		workflows = [workflowUsing('tickets', { active: false }), workflowUsing('otherConnector')];
		expect((await hub.call('DELETE', '/connectors/tickets', { token: EDIT })).status).toBe(200);
		expect((await hub.call('GET', '/connectors/tickets', { token: READ })).status).toBe(404);
	});

	test('status: draft is refused while used, live always works; the version moves', async () => {
		await create();
		workflows = [workflowUsing('tickets')];
		const refused = await hub.call('PUT', '/connectors/tickets/status', { token: EDIT, body: { status: 'draft' } });
		expect(refused.status).toBe(409);
		expect(refused.body.error.message).toContain('setting it to draft would stop them');
		workflows = [];
		const draft = await hub.call('PUT', '/connectors/tickets/status', { token: EDIT, body: { status: 'draft' } });
		expect(draft.body).toMatchObject({ status: 'draft', version: 2, changed: true });
		workflows = [workflowUsing('tickets')];
		const live = await hub.call('PUT', '/connectors/tickets/status', { token: EDIT, body: { status: 'live' } });
		expect(live.body).toMatchObject({ status: 'live', version: 3 });
		const bad = await hub.call('PUT', '/connectors/tickets/status', { token: EDIT, body: { status: 'gone', extra: 1 } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.problems).toEqual([
			{ path: '/status', message: 'must be "live" or "draft"' },
			{ path: '/extra', message: 'unknown field' },
		]);
	});

	test('usage lists the workflows', async () => {
		await create();
		workflows = [workflowUsing('tickets', { id: '7' })];
		const usage = await hub.call('GET', '/connectors/tickets/usage', { token: READ });
		expect(usage.body).toMatchObject({ connector: 'tickets', endpoints: ['getTicket'], activeWorkflows: [{ id: '7' }] });
	});

	test('a hub without n8n API refuses guarded changes unless forced', async () => {
		const bare = await startHub();
		try {
			await bare.call('POST', '/connectors', { token: EDIT, body: ticketsConnector() });
			const refused = await bare.call('DELETE', '/connectors/tickets', { token: EDIT });
			expect(refused.status).toBe(409);
			expect(refused.body.error.message).toContain("configure n8n's public API in the hub");
		} finally {
			await bare.close();
		}
	});
});

describe('endpoint test', () => {
	let api: ReturnType<typeof createServer>;
	let apiUrl: string;
	const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
	beforeAll(async () => {
		api = createServer((request, response) => {
			seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
			response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'T-1', echo: request.headers.authorization }));
		});
		apiUrl = await listen(api);
	});
	afterAll(() => close(api));
	beforeEach(async () => {
		seen.length = 0;
		await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(`${apiUrl}/api`) });
	});
	afterEach(() => remove());

	test('previews by default: the request with secrets masked, nothing sent', async () => {
		const answer = await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', {
			token: READ,
			body: { inputs: { ticketId: 'T-9' }, credentials: { token: 'bearer-secret-123' } },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ sent: false, request: { method: 'GET', url: `${apiUrl}/api/tickets/T-9` } });
		expect(answer.text).not.toContain('bearer-secret-123');
		expect(seen).toEqual([]);
	});

	test('send: true sends it (edit role); credentials are used, masked in the answer, never stored or logged', async () => {
		expect((await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', { token: READ, body: { send: true } })).status).toBe(403);
		const answer = await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', {
			token: EDIT,
			body: { send: true, credentials: { token: 'bearer-secret-123' } },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ sent: true, ok: true, status: 200, body: { id: 'T-1', echo: 'Bearer ******' } });
		expect(seen).toEqual([{ method: 'GET', url: '/api/tickets/T-1', authorization: 'Bearer bearer-secret-123' }]);
		expect(answer.text).not.toContain('bearer-secret-123');
		for (const name of readdirSync(hub.folder)) expect(readFileSync(join(hub.folder, name), 'utf8')).not.toContain('bearer-secret-123');
		expect(hub.logs.join('\n')).not.toContain('bearer-secret-123');
	});

	test('a write method needs an explicit confirmation', async () => {
		const refused = await hub.call('POST', '/connectors/tickets/endpoints/closeTicket/test', {
			token: EDIT,
			body: { send: true, inputs: { ticketId: 'T-1' }, credentials: { token: 'x-secret-value' } },
		});
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toBe('Endpoint "closeTicket" uses POST, which can change data; send "confirmWrite": true to really send it');
		expect(seen).toEqual([]);
		const confirmed = await hub.call('POST', '/connectors/tickets/endpoints/closeTicket/test', {
			token: EDIT,
			body: { send: true, confirmWrite: true, inputs: { ticketId: 'T-1' }, credentials: { token: 'x-secret-value' } },
		});
		expect(confirmed.body).toMatchObject({ sent: true, status: 200 });
		expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /api/tickets/T-1/close']);
	});

	test('unknown fields and an unknown endpoint are clear 4xx', async () => {
		const unknown = await hub.call('POST', '/connectors/tickets/endpoints/getTicket/test', { token: READ, body: { sned: true } });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.problems[0]).toEqual({ path: '/sned', message: expect.stringContaining('unknown field') });
		const missing = await hub.call('POST', '/connectors/tickets/endpoints/nope/test', { token: READ, body: {} });
		expect(missing.status).toBe(404);
		expect(missing.body.error.message).toBe('Connector tickets has no endpoint "nope"; its endpoints are getTicket, closeTicket');
	});
});

describe('tokens and roles', () => {
	test('no token or an unknown one is 401 with a challenge; the health and OpenAPI documents are public', async () => {
		const none = await hub.call('GET', '/connectors');
		expect(none.status).toBe(401);
		expect(none.headers.get('www-authenticate')).toBe('Bearer realm="data-connectors-hub"');
		expect((await hub.call('GET', '/connectors', { token: 'not-a-token-at-all-000' })).status).toBe(401);
		expect((await hub.call('GET', '/health')).body.status).toBe('ok');
		expect((await hub.call('GET', '/openapi.json')).body.openapi).toBe('3.1.0');
	});

	test('a read token cannot write', async () => {
		const answer = await hub.call('POST', '/connectors', { token: READ, body: ticketsConnector() });
		expect(answer.status).toBe(403);
		expect(answer.body.error.message).toBe('POST /api/v1/connectors needs a token with the edit role; the token "reader" has the read role');
	});

	test('the log names tokens, never shows them', async () => {
		await hub.call('GET', '/connectors', { token: READ });
		await hub.call('GET', '/connectors', { token: 'wrong-token-value-123456' });
		const log = hub.logs.join('\n');
		expect(log).toContain('GET /api/v1/connectors 200');
		expect(log).toContain('token=reader');
		for (const secret of [READ, EDIT, ADMIN, 'wrong-token-value-123456']) expect(log).not.toContain(secret);
	});
});

describe('shared rate limits: POST /rate-limits/{key}/slots', () => {
	test('slots of one key are intervalMs apart, handed out in call order; other keys are independent', async () => {
		const { memorySlots } = await import('../src/store/rate-slots');
		let now = 1_000;
		const slots = memorySlots(() => now);
		expect(await Promise.all([0, 1, 2, 3].map(() => slots.reserve('crm', 50)))).toEqual([0, 50, 100, 150]);
		expect(await slots.reserve('billing', 50)).toBe(0);
		now += 120;
		expect(await slots.reserve('crm', 50)).toBe(80);
		now += 10_000;
		expect(await slots.reserve('crm', 50)).toBe(0);
	});

	test('the read token may reserve; the answer says how long to wait; a bad body or key is refused', async () => {
		const first = await hub.call('POST', '/rate-limits/rateTest/slots', { token: READ, body: { intervalMs: 60_000 } });
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ key: 'rateTest', intervalMs: 60_000, waitMs: 0 });
		const second = await hub.call('POST', '/rate-limits/rateTest/slots', { token: READ, body: { intervalMs: 60_000 } });
		expect((second.body as { waitMs: number }).waitMs).toBeGreaterThan(50_000);
		expect((await hub.call('POST', '/rate-limits/rateTest/slots', { body: { intervalMs: 50 } })).status).toBe(401);
		for (const body of [{}, { intervalMs: 0 }, { intervalMs: -5 }, { intervalMs: '50' }, { intervalMs: 3_600_001 }]) {
			const refused = await hub.call('POST', '/rate-limits/rateTest/slots', { token: READ, body });
			expect(refused.status).toBe(400);
			expect((refused.body as { error: { code: string } }).error.code).toBe('invalid-body');
		}
		expect((await hub.call('POST', `/rate-limits/${'k'.repeat(201)}/slots`, { token: READ, body: { intervalMs: 50 } })).status).toBe(400);
	});
});
