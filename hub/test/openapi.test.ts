/**
 * The OpenAPI document against the implementation: the same paths and methods as the route table,
 * every answer of a real session documented for its status, and every JSON answer valid against
 * the documented schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it).
 */
import Ajv2020 from 'ajv/dist/2020';
import { openApiDocument } from '../src/api/openapi';
import { hubRoutes } from '../src/app';
import { Hub } from '../src/hub';
import { folderStore } from '../src/store/folder-store';
import { ADMIN, EDIT, READ, startHub, type TestHub, ticketsConnector } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const document = openApiDocument() as Json;
const METHODS = ['get', 'post', 'put', 'delete'];

test('the document lists exactly the routes the hub serves', () => {
	const served = hubRoutes(new Hub({ store: folderStore('/nonexistent-folder-for-routes') }))
		.map((route) => `${route.method} ${route.path}`)
		.sort();
	const documented = Object.entries(document.paths as Json)
		.flatMap(([path, operations]) => Object.keys(operations as Json).filter((method) => METHODS.includes(method)).map((method) => `${method.toUpperCase()} ${path}`))
		.sort();
	expect(documented).toEqual(served);
	expect(document.openapi).toBe('3.1.0');
});

describe('real answers match the documented responses', () => {
	let hub: TestHub;
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	ajv.addSchema({ $id: 'hub', components: document.components }, 'hub');
	const checked = new Set<string>();

	beforeAll(async () => {
		hub = await startHub();
	});
	afterAll(() => hub.close());

	/** Calls the hub and checks the answer against the operation's documented response. */
	async function call(method: string, path: string, template: string, options: Parameters<TestHub['call']>[2] = {}) {
		const answer = await hub.call(method, path, options);
		const operation = document.paths[template]?.[method.toLowerCase()];
		expect(operation).toBeDefined();
		const response = operation.responses[String(answer.status)];
		if (!response) throw new Error(`${method} ${template} answered ${answer.status}, which the document does not list`);
		const schema = response.content?.['application/json']?.schema;
		if (schema) {
			const validate = ajv.compile(rewrite(schema) as object);
			if (!validate(answer.body)) throw new Error(`${method} ${template} ${answer.status}: ${ajv.errorsText(validate.errors)}`);
		}
		checked.add(`${method} ${template} ${answer.status}`);
		return answer;
	}

	/** "#/components/..." inside the operation's schema refers to the document added as "hub". */
	function rewrite(schema: unknown): unknown {
		return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"hub#/components/'));
	}

	test('a session through every operation', async () => {
		const one = '/connectors/{key}';
		await call('GET', '/connectors?q=order', '/connectors', { token: READ });
		await call('GET', '/connectors', '/connectors');
		await call('GET', '/connectors?bad=1', '/connectors', { token: READ });
		const created = await call('POST', '/connectors', '/connectors', { token: EDIT, body: ticketsConnector() });
		await call('POST', '/connectors', '/connectors', { token: EDIT, body: ticketsConnector() });
		await call('POST', '/connectors', '/connectors', { token: EDIT, body: { key: 'x' } });
		await call('POST', '/connectors', '/connectors', { token: EDIT, raw: '{"key":' });
		await call('POST', '/connectors', '/connectors', { token: EDIT, raw: 'key=x', headers: { 'Content-Type': 'text/plain' } });
		await call('GET', '/connectors/tickets', one, { token: READ });
		await call('GET', '/connectors/nope', one, { token: READ });
		await call('PUT', '/connectors/tickets', one, { token: EDIT, body: { description: 'No version.' } });
		await call('PUT', '/connectors/tickets', one, { token: EDIT, body: { description: 'New.' }, headers: { 'If-Match': created.headers.get('etag') as string } });
		await call('PUT', '/connectors/tickets', one, { token: EDIT, body: { description: 'Stale.' }, headers: { 'If-Match': created.headers.get('etag') as string } });
		await call('PUT', '/connectors/tickets/status', '/connectors/{key}/status', { token: EDIT, body: { status: 'live' } });
		await call('PUT', '/connectors/tickets/status', '/connectors/{key}/status', { token: EDIT, body: { status: 'draft' } });
		await call('GET', '/connectors/tickets/usage', '/connectors/{key}/usage', { token: READ });
		const test = '/connectors/{key}/endpoints/{endpoint}/test';
		await call('POST', '/connectors/tickets/endpoints/getTicket/test', test, { token: READ, body: {} });
		await call('POST', '/connectors/tickets/endpoints/closeTicket/test', test, { token: EDIT, body: { send: true } });
		await call('POST', '/connectors/tickets/duplicate', '/connectors/{key}/duplicate', { token: EDIT, body: { key: 'ticketsCopy', name: 'Tickets Copy' } });
		await call('POST', '/connectors/tickets/duplicate', '/connectors/{key}/duplicate', { token: EDIT, body: { key: 'ticketsCopy', name: 'Tickets Copy 2' } });
		await call('POST', '/connectors/tickets/duplicate', '/connectors/{key}/duplicate', { token: EDIT, body: { key: 'x' } });
		await call('DELETE', '/connectors/ticketsCopy?force=true', one, { token: ADMIN });
		await call('POST', '/validate', '/validate', { token: READ, body: ticketsConnector() });
		await call('POST', '/validate', '/validate', { token: READ, body: { key: 'x' } });
		await call('POST', '/validate', '/validate', { body: {} });
		await call('POST', '/rate-limits/tickets/slots', '/rate-limits/{key}/slots', { token: READ, body: { intervalMs: 50 } });
		await call('POST', '/rate-limits/tickets/slots', '/rate-limits/{key}/slots', { token: READ, body: { intervalMs: 0 } });
		await call('DELETE', '/connectors/orderService', one, { token: ADMIN });
		await call('DELETE', '/connectors/tickets?force=true', one, { token: EDIT });
		await call('DELETE', '/connectors/tickets?force=true', one, { token: ADMIN });
		await call('GET', '/openapi.json', '/openapi.json');
		await call('GET', '/health', '/health');
		expect(checked.size).toBeGreaterThanOrEqual(25);
		// Many calls, each answer checked by a freshly compiled schema: slow on a busy machine.
	}, 60_000);
});
