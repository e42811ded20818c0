import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { authSchema } from 'n8n-nodes-data-connectors';
import { importOpenApi } from '../../src/import/openapi/import';
import { ImportRefusal } from '../../src/import/report';
import { endpointNamed, messages, sampleRequest, validated } from './helpers';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('import openapi: a 3.1 YAML spec', () => {
	const result = importOpenApi(fixture('shop.openapi.yaml'));
	const connector = validated(result);
	const endpoint = (key: string) => endpointNamed(connector, key);

	it('is a valid draft named after the spec, on the first server with its variable defaults', () => {
		expect(connector).toMatchObject({ key: 'shopAPI', name: 'Shop API', status: 'draft', baseUrl: 'https://eu.shop.example.com/api/v2' });
		expect(result.stats).toEqual({ operations: 10, kept: 9 });
	});

	it('maps the OAuth2 password flow (relative token URL resolved, scopes of the requirement)', () => {
		expect(connector.auth).toEqual({
			type: 'oauth2PasswordGrant',
			tokenUrl: 'https://eu.shop.example.com/oauth/token',
			scope: 'orders.read orders.write',
			clientAuthentication: 'header',
			// The schema's default: a 401 means "token expired" unless the connector says more.
			tokenExpiredStatuses: [401],
		});
	});

	it('turns parameters into typed inputs placed in the path, query and headers', () => {
		const list = endpoint('listOrders');
		expect(list.inputs).toEqual([
			expect.objectContaining({ name: 'status', type: 'options', options: [{ name: 'open', value: 'open' }, { name: 'shipped', value: 'shipped' }] }),
			expect.objectContaining({ name: 'since', type: 'date', required: false }),
			expect.objectContaining({ name: 'xTenant', label: 'X-Tenant', type: 'string', required: true }),
		]);
		expect(list.sampleData).toEqual({ status: 'open' });
		const spec = sampleRequest(result, 'listOrders', { status: 'shipped', xTenant: 'acme' });
		expect(spec.url).toBe('https://eu.shop.example.com/api/v2/orders');
		expect(spec.query).toEqual([['status', 'shipped']]);
		expect(spec.headers['X-Tenant']).toBe('acme');
		expect(sampleRequest(result, 'getOrder', { orderId: 17 }).url).toBe('https://eu.shop.example.com/api/v2/orders/17');
		expect(endpoint('getOrder')).toMatchObject({ purpose: 'Get', inputs: [expect.objectContaining({ name: 'orderId', type: 'number', required: true })] });
	});

	it('turns a JSON body into one input per top-level property (allOf merged, readOnly left out, circular refs stopped)', () => {
		const create = endpoint('createOrder');
		expect(create).toMatchObject({ name: 'Create an order', purpose: 'Create', method: 'POST' });
		expect(create.inputs.map((input) => [input.name, input.type, input.required])).toEqual([
			['sku', 'string', true],
			['quantity', 'number', true],
			['deliverOn', 'date', false],
			['status', 'options', false],
			['category', 'json', false],
		]);
		expect(create.inputs[1]).toMatchObject({ min: 1, max: 99 });
		const spec = sampleRequest(result, 'createOrder', { sku: 'A-1', quantity: 3, category: { name: 'toys' } });
		expect(spec.body).toEqual({ type: 'json', value: { sku: 'A-1', quantity: 3, category: { name: 'toys' } } });
	});

	it('turns a form body into form fields and says which content type it chose', () => {
		expect(sampleRequest(result, 'cancelOrder', { orderId: 5, reason: 'late', notify: true }).body).toEqual({ type: 'form', value: { reason: 'late', notify: 'true' } });
		expect(messages(result, 'note')).toContain('POST /orders: body as application/json; also accepted: application/xml');
	});

	it('reads list responses (recordsPath), text responses and error texts', () => {
		expect(endpoint('listOrders').response).toMatchObject({ recordsPath: 'data' });
		expect(endpoint('listOrders').errors).toEqual({ '401': 'The token expired or is wrong' });
		expect(endpoint('createOrder').errors).toEqual({ '422': 'The order is not valid (quantity above stock)' });
		expect(endpoint('getReport')).toMatchObject({ purpose: 'Get', response: { format: 'text' } });
	});

	it('detects pagination: offset/limit, cursor with its response field, Link header, x-ms-pageable', () => {
		expect(endpoint('listOrders').pagination).toMatchObject({ type: 'offset', offsetParam: 'offset', limitParam: 'limit', limit: 200, totalPath: 'total' });
		expect(endpoint('listOrders').query.map((param) => param.key)).toEqual(['status', 'since']);
		expect(endpoint('listCustomers').pagination).toMatchObject({ type: 'cursor', cursorParam: 'page_token', cursorPath: 'meta.next_page_token' });
		expect(endpoint('listCustomers').response.recordsPath).toBe('customers');
		expect(endpoint('customerPages').pagination).toMatchObject({ type: 'linkHeader' });
		expect(endpoint('azureStyle')).toMatchObject({ pagination: { type: 'nextUrl', nextUrlPath: 'nextLink' }, response: { recordsPath: 'value' } });
	});

	it('reports what it dropped: HEAD, cookie parameters, status-range errors', () => {
		const dropped = messages(result, 'dropped');
		expect(dropped).toContain('HEAD /orders/{orderId}: method HEAD is not supported (GET, POST, PUT, PATCH, DELETE)');
		expect(dropped).toContain('POST /orders/{orderId}/cancel: cookie parameter tracking dropped: connectors do not send cookies');
		expect(dropped).toContain('responses: 1 error description for status ranges (4XX, 5XX) dropped: error texts are per status');
	});

	it('filters by --tag and --operations, and refuses unknown ones with the known ones', () => {
		const customers = importOpenApi(fixture('shop.openapi.yaml'), { tags: ['Customers'] });
		expect(customers.connector.endpoints.map((candidate) => candidate.key)).toEqual(['listCustomers', 'customerPages', 'azureStyle']);
		const two = importOpenApi(fixture('shop.openapi.yaml'), { operations: ['getOrder', 'DELETE /orders/{orderId}'], key: 'orders', baseUrl: 'https://staging.example.com/v2/' });
		expect(two.connector).toMatchObject({ key: 'orders', baseUrl: 'https://staging.example.com/v2' });
		expect(two.connector.endpoints.map((candidate) => candidate.key)).toEqual(['getOrder', 'deleteOrdersOrderId']);
		expect(() => importOpenApi(fixture('shop.openapi.yaml'), { tags: ['billing'] })).toThrow('no operation has the tag billing; tags in this spec: customers, orders, reports');
		expect(() => importOpenApi(fixture('shop.openapi.yaml'), { operations: ['nope'] })).toThrow(/operation not found: nope/);
	});
});

describe('import openapi: a Swagger 2.0 JSON spec', () => {
	const result = importOpenApi(fixture('legacy.swagger.json'));
	const connector = validated(result);

	it('builds the base URL from https + host + basePath and maps basic auth', () => {
		expect(connector).toMatchObject({ baseUrl: 'https://crm.example.com/rest', auth: { type: 'basic' } });
	});

	it('reads body parameters, formData parameters (file fields reported) and page/size pagination', () => {
		expect(sampleRequest(result, 'createContact', { email: 'a@b.c' }).body).toEqual({ type: 'json', value: { email: 'a@b.c' } });
		const list = connector.endpoints.find((candidate) => candidate.key === 'listContacts');
		expect(list).toMatchObject({ pagination: { type: 'page', pageParam: 'page', sizeParam: 'size', size: 500 }, response: { recordsPath: 'items' } });
		expect(list?.inputs).toEqual([expect.objectContaining({ name: 'updated', type: 'date' })]);
		expect(sampleRequest(result, 'uploadAvatar', { id: 'c1', caption: 'me' })).toMatchObject({ method: 'PUT', body: { type: 'form', value: { caption: 'me' } } });
		expect(messages(result, 'dropped')).toContain('PUT /contacts/{id}/avatar: file field "image" dropped: file uploads are not supported by the connector format');
	});

	it('reports references to other documents instead of following them', () => {
		expect(messages(result, 'dropped')).toContain(
			'$ref https://other.example.com/schemas.json#/Notes: only references inside the document are followed: the schema behind it was treated as unknown',
		);
	});
});

describe('import openapi: refusals', () => {
	it.each([
		['{"openapi": "4.0.0", "paths": {}}', 'OpenAPI version 4.0.0 is not supported (2.0, 3.0 and 3.1 are)'],
		['{"swagger": "1.2"}', 'Swagger version 1.2 is not supported'],
		['name: just yaml', 'it has neither "openapi" nor "swagger" at the top'],
		['{"openapi": "3.0.3", "info": {}}', 'the document has no "paths"'],
		['{"openapi": "3.0.3", "paths": {}}', 'the document declares no operations'],
		['{"openapi": "3.0.3", "paths": {"/x": {"options": {"responses": {}}}}}', 'no operation could be imported'],
		['{"openapi": ', 'is not valid JSON'],
		['a: [1', 'neither valid JSON nor valid YAML'],
	])('%s', (text, message) => {
		expect(() => importOpenApi(text)).toThrow(ImportRefusal);
		expect(() => importOpenApi(text)).toThrow(message);
	});

	it('maps an API key in a cookie when the connector format can send one, else says why auth is none', () => {
		const spec = {
			openapi: '3.0.3',
			info: { title: 'Cookie API' },
			servers: [{ url: 'https://c.example.com' }],
			components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'SESSION' } } },
			security: [{ session: [] }],
			paths: { '/me': { get: { responses: { '200': { description: 'ok' } } } } },
		};
		const result = importOpenApi(JSON.stringify(spec));
		if (authSchema.safeParse({ type: 'apiKey', in: 'cookie', name: 'SESSION' }).success) {
			expect(validated(result).auth).toEqual({ type: 'apiKey', in: 'cookie', name: 'SESSION' });
		} else {
			expect(validated(result).auth).toEqual({ type: 'none' });
			expect(messages(result, 'approximated')).toEqual([
				'security: no supported security scheme, auth is "none": session: an API key sent in a cookie is not supported (header and query are)',
			]);
		}
	});

	it('gives a spec without servers a placeholder host and says so', () => {
		const result = importOpenApi('{"openapi":"3.0.0","info":{"title":"T"},"servers":[{"url":"/v1"}],"paths":{"/x":{"get":{"responses":{"200":{"description":"ok"}}}}}}');
		expect(result.connector.baseUrl).toBe('https://api.example.com/v1');
		expect(messages(result, 'approximated').join('\n')).toMatch(/no absolute server URL: the base URL is https:\/\/api.example.com\/v1; set the real one/);
	});
});

describe('import openapi: every spec of @readme/oas-examples', () => {
	const root = dirname(require.resolve('@readme/oas-examples/package.json'));
	const files = ['2.0', '3.0', '3.1'].flatMap((version) => {
		const walk = (folder: string): string[] =>
			readdirSync(folder).flatMap((name) => {
				const path = join(folder, name);
				return statSync(path).isDirectory() ? walk(path) : /\.(json|ya?ml)$/.test(name) ? [path] : [];
			});
		return walk(join(root, version));
	});

	it('finds the corpus', () => {
		expect(files.length).toBeGreaterThan(100);
	});

	it('imports each to a valid draft keeping every operation, or refuses it saying why', () => {
		const outcomes = files.map((file) => {
			try {
				const result = importOpenApi(readFileSync(file, 'utf8'));
				validated(result);
				return { file: relative(root, file), kept: result.stats.kept, operations: result.stats.operations };
			} catch (error) {
				if (!(error instanceof ImportRefusal)) throw new Error(`${relative(root, file)}: ${(error as Error).stack}`);
				return { file: relative(root, file), refused: error.message };
			}
		});
		const refused = outcomes.filter((outcome) => 'refused' in outcome);
		expect(refused).toEqual([
			{ file: '3.0/json/openapi-workshop/title.json', refused: 'the document declares no operations under "paths"' },
			{ file: '3.1/json/webhooks.json', refused: 'the document describes only webhooks (no "paths"): there is no operation to call' },
			{ file: '3.1/yaml/webhooks.yaml', refused: 'the document describes only webhooks (no "paths"): there is no operation to call' },
		]);
		const imported = outcomes.filter((outcome): outcome is { file: string; kept: number; operations: number } => 'kept' in outcome);
		const kept = imported.reduce((sum, outcome) => sum + outcome.kept, 0);
		const operations = imported.reduce((sum, outcome) => sum + outcome.operations, 0);
		expect(kept / operations).toBeGreaterThanOrEqual(0.95);
	});
});

describe('import openapi: pagination extensions', () => {
	const spec = (extension: object, parameters: object[] = []) =>
		JSON.stringify({
			openapi: '3.0.3',
			info: { title: 'Paged' },
			servers: [{ url: 'https://p.example.com' }],
			paths: { '/things': { get: { operationId: 'listThings', parameters, 'x-speakeasy-pagination': extension, responses: { '200': { description: 'ok' } } } } },
		});
	const paging = (text: string) => validated(importOpenApi(text)).endpoints[0];

	it('reads x-speakeasy-pagination cursor, offsetLimit and url styles', () => {
		expect(
			paging(spec({ type: 'cursor', inputs: [{ name: 'after', in: 'parameters', type: 'cursor' }], outputs: { nextCursor: '$.meta.next', results: '$.data' } }, [{ name: 'after', in: 'query', schema: { type: 'string' } }])),
		).toMatchObject({ pagination: { type: 'cursor', cursorParam: 'after', cursorPath: 'meta.next' }, response: { recordsPath: 'data' }, query: [] });
		expect(
			paging(
				spec({ type: 'offsetLimit', inputs: [{ name: 'skip', in: 'parameters', type: 'offset' }, { name: 'take', in: 'parameters', type: 'limit' }] }, [
					{ name: 'skip', in: 'query', schema: { type: 'integer' } },
					{ name: 'take', in: 'query', schema: { type: 'integer', maximum: 250 } },
				]),
			).pagination,
		).toMatchObject({ type: 'offset', offsetParam: 'skip', limitParam: 'take', limit: 250 });
		expect(paging(spec({ type: 'url', outputs: { nextUrl: "$['links']['next']" } })).pagination).toMatchObject({ type: 'nextUrl', nextUrlPath: 'links.next' });
	});
});
