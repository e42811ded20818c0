/**
 * The OpenAPI 3.1 document of the hub's own API, served at /api/v1/openapi.json. Written by hand
 * next to the routes; test/openapi.test.ts checks it against the route table and validates real
 * answers against its schemas, so it cannot drift from what the hub does.
 */
import { connectorJsonSchema } from '../runtime';
import { MAX_PAGE_SIZE } from './connectors';

/** The connector JSON Schema without its own $schema/$id: inside this document it is one component. */
function definitionSchema(): Record<string, unknown> {
	const schema = connectorJsonSchema();
	delete schema.$schema;
	delete schema.$id;
	return schema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const keyParameter = { name: 'key', in: 'path', required: true, description: 'The connector key', schema: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_-]*$' } };
const endpointParameter = { ...keyParameter, name: 'endpoint', description: 'The endpoint key' };
const query = (name: string, description: string, schema: unknown) => ({ name, in: 'query', required: false, description, schema });
const forceParameter = query('force', 'Skip the check for active workflows (needs the admin role)', { type: 'boolean' });
const ifMatch = { name: 'If-Match', in: 'header', required: false, description: 'The ETag you read; a stale one gets 412', schema: { type: 'string' } };
const ifNoneMatch = { name: 'If-None-Match', in: 'header', required: false, description: 'The ETag you have; 304 when it is still current', schema: { type: 'string' } };
const etagHeader = { ETag: { description: '"<version>-<hash>"; send it back as If-Match', schema: { type: 'string' } } };

const common = {
	'400': error('Invalid request: malformed JSON, an invalid definition (problems with JSON pointer paths), an unknown parameter or field, or an invalid key'),
	'401': error('No API token, or an unknown one'),
	'403': error('The token role is too low, or the connector is built in'),
	'404': error('No such connector or endpoint'),
};
const writes = {
	...common,
	'409': error('The connector exists already, or active workflows use it (listed in "workflows")'),
	'412': error('The connector changed since you read it; get it again'),
	'413': error('The body is too large'),
	'415': error('The body is not JSON'),
};

const writeResult = {
	type: 'object',
	required: ['key', 'name', 'file', 'version', 'status', 'changed'],
	properties: {
		key: { type: 'string' },
		name: { type: 'string' },
		file: { type: 'string', description: 'Where the store keeps it' },
		version: { type: 'integer' },
		previousVersion: { type: 'integer' },
		status: { type: 'string' },
		changed: { type: 'boolean' },
		deleted: { type: 'boolean' },
		definition: { type: 'object', description: 'The saved definition, secrets as "******"' },
	},
};

const summary = {
	type: 'object',
	required: ['key', 'name', 'description', 'categories', 'tags', 'status', 'version', 'auth', 'endpoints', 'builtIn', 'source'],
	properties: {
		key: { type: 'string' },
		name: { type: 'string' },
		description: { type: 'string' },
		categories: { type: 'array', items: { type: 'string' } },
		tags: { type: 'array', items: { type: 'string' } },
		status: { enum: ['live', 'draft', 'invalid'] },
		version: { type: 'integer' },
		auth: { type: 'string' },
		endpoints: { type: 'integer', description: 'How many endpoints' },
		builtIn: { type: 'boolean', description: 'Packaged with the n8n package: read-only' },
		source: { type: 'string' },
		problems: { type: 'array', items: { type: 'string' } },
	},
};

const usingWorkflow = {
	type: 'object',
	required: ['id', 'name', 'active', 'nodes'],
	properties: {
		id: { type: 'string' },
		name: { type: 'string' },
		active: { type: 'boolean' },
		nodes: { type: 'array', items: { type: 'object', required: ['name', 'type', 'disabled'], properties: { name: { type: 'string' }, type: { type: 'string' }, endpoint: { type: 'string' }, disabled: { type: 'boolean' } } } },
	},
};

export function openApiDocument(): Record<string, unknown> {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Data Connector Hub',
			version: '1.0.0',
			description:
				'The shared home of data connectors: every n8n process reads them here. Send an API token as "Authorization: Bearer <token>"; roles are read < edit < admin.',
		},
		servers: [{ url: '/api/v1' }],
		security: [{ bearer: [] }],
		paths: {
			'/connectors': {
				get: {
					operationId: 'listConnectors',
					summary: 'List and search connectors',
					parameters: [
						query('q', 'Words that must all appear in the name, key, description, tags, categories or endpoint names', { type: 'string' }),
						query('size', 'Page size (default 50)', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE }),
						query('offset', 'How many matches to skip', { type: 'integer', minimum: 0 }),
						query('category', 'Only this category', { type: 'string' }),
						query('status', 'Only this status', { enum: ['live', 'draft', 'invalid'] }),
						query('auth', 'Only this authentication method', { type: 'string' }),
						query('source', 'Only built-in or only hub connectors', { enum: ['builtIn', 'hub'] }),
						ifNoneMatch,
					],
					responses: {
						'200': { ...json(ref('ConnectorPage'), 'A page of matches and their total'), headers: etagHeader },
						'304': { description: 'Not modified' },
						...common,
					},
				},
				post: {
					operationId: 'createConnector',
					summary: 'Create a connector',
					requestBody: { required: true, content: { 'application/json': { schema: ref('Definition') } } },
					responses: { '201': { ...json(ref('WriteResult'), 'Created'), headers: etagHeader }, ...writes },
				},
			},
			'/connectors/{key}': {
				get: {
					operationId: 'getConnector',
					summary: 'Get a connector; secret values as "******"',
					parameters: [keyParameter, ifNoneMatch],
					responses: { '200': { ...json(ref('ConnectorRecord'), 'The connector'), headers: etagHeader }, '304': { description: 'Not modified' }, ...common },
				},
				put: {
					operationId: 'updateConnector',
					summary: 'Update a connector: merged by default, replaced with replace=true; "******" keeps a stored secret',
					parameters: [keyParameter, query('replace', 'Replace the whole definition', { type: 'boolean' }), ifMatch],
					requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
					responses: {
						'200': { ...json(ref('WriteResult'), 'Updated'), headers: etagHeader },
						'428': error('Neither If-Match nor "version" says what the change is based on'),
						...writes,
					},
				},
				delete: {
					operationId: 'deleteConnector',
					summary: 'Delete a connector; refused while active workflows use it',
					parameters: [keyParameter, forceParameter, ifMatch],
					responses: { '200': json(ref('WriteResult'), 'Deleted'), '502': error('n8n could not be asked'), ...writes },
				},
			},
			'/connectors/{key}/status': {
				put: {
					operationId: 'setConnectorStatus',
					summary: 'Set a connector live or draft; draft is refused while active workflows use it',
					parameters: [keyParameter, forceParameter, ifMatch],
					requestBody: {
						required: true,
						content: { 'application/json': { schema: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { enum: ['live', 'draft'] } } } } },
					},
					responses: { '200': { ...json(ref('WriteResult'), 'Status set'), headers: etagHeader }, '502': error('n8n could not be asked'), ...writes },
				},
			},
			'/connectors/{key}/usage': {
				get: {
					operationId: 'getConnectorUsage',
					summary: 'Which n8n workflows use a connector',
					parameters: [keyParameter],
					responses: { '200': json(ref('Usage'), 'The workflows'), '409': error('No n8n API configured'), '502': error('n8n could not be asked'), ...common },
				},
			},
			'/connectors/{key}/endpoints/{endpoint}/test': {
				post: {
					operationId: 'testEndpoint',
					summary: 'Preview the request of an endpoint, or send it (send: true, edit role; confirmWrite: true for methods other than GET)',
					parameters: [keyParameter, endpointParameter],
					requestBody: { required: true, content: { 'application/json': { schema: ref('TestRequest') } } },
					responses: {
						'200': json({ oneOf: [ref('TestPreview'), ref('TestResult')] }, 'The preview, or the answer of the API'),
						'502': error('The API could not be reached'),
						...writes,
					},
				},
			},
			'/connectors/{key}/duplicate': {
				post: {
					operationId: 'duplicateConnector',
					summary: 'Copy a connector (built-in ones too) under a new key and name, as a draft at version 1',
					parameters: [keyParameter],
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: { type: 'object', required: ['key', 'name'], additionalProperties: false, properties: { key: { type: 'string' }, name: { type: 'string' } } },
							},
						},
					},
					responses: { '201': { ...json(ref('WriteResult'), 'Created'), headers: etagHeader }, ...writes },
				},
			},
			'/rate-limits/{key}/slots': {
				post: {
					operationId: 'reserveRateSlot',
					summary: "A send slot of a shared rate limit (a connector's rateLimit with shared: true): wait waitMs, then send; slots of one key are intervalMs apart across every caller and hub instance on the same store",
					parameters: [{ name: 'key', in: 'path', required: true, description: 'The rate limit key (the connector key)', schema: { type: 'string', minLength: 1, maxLength: 200 } }],
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: { type: 'object', required: ['intervalMs'], additionalProperties: false, properties: { intervalMs: { type: 'number', exclusiveMinimum: 0, maximum: 3600000 } } },
							},
						},
					},
					responses: {
						'200': json(
							{
								type: 'object',
								required: ['key', 'intervalMs', 'waitMs'],
								properties: { key: { type: 'string' }, intervalMs: { type: 'number' }, waitMs: { type: 'integer', minimum: 0, description: 'Milliseconds to wait before sending' } },
							},
							'The slot',
						),
						'503': error('The store (PostgreSQL) does not answer'),
						...common,
					},
				},
			},
			'/validate': {
				post: {
					operationId: 'validateDefinition',
					summary: "Check a definition with the package's validator without saving it; problems carry JSON pointer paths",
					requestBody: { required: true, content: { 'application/json': { schema: { description: 'A connector definition, valid or not' } } } },
					responses: {
						'200': json(
							{
								type: 'object',
								required: ['ok', 'problems'],
								properties: {
									ok: { type: 'boolean' },
									problems: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON pointer' }, message: { type: 'string' } } } },
								},
							},
							'The problems (none when ok)',
						),
						...common,
						'413': error('The body is too large'),
						'415': error('The body is not JSON'),
					},
				},
			},
			'/openapi.json': {
				get: { operationId: 'openApi', summary: 'This document', security: [], responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') } },
			},
			'/health': {
				get: {
					operationId: 'health',
					summary: 'Whether the hub and its store answer',
					security: [],
					responses: {
						'200': json({ type: 'object', required: ['status', 'store'], properties: { status: { const: 'ok' }, store: { type: 'string' } } }, 'Healthy'),
						'503': error('The store does not answer'),
					},
				},
			},
		},
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from the hub configuration' } },
			schemas: {
				Error: {
					type: 'object',
					required: ['error'],
					properties: {
						error: {
							type: 'object',
							required: ['status', 'code', 'message'],
							properties: {
								status: { type: 'integer' },
								code: { type: 'string' },
								message: { type: 'string' },
								problems: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON pointer' }, message: { type: 'string' } } } },
								workflows: { type: 'array', items: usingWorkflow },
							},
						},
					},
				},
				ConnectorSummary: summary,
				ConnectorPage: {
					type: 'object',
					required: ['total', 'offset', 'size', 'items'],
					properties: { total: { type: 'integer' }, offset: { type: 'integer' }, size: { type: 'integer' }, items: { type: 'array', items: ref('ConnectorSummary') } },
				},
				ConnectorRecord: { allOf: [summary, { type: 'object', required: ['definition'], properties: { definition: { type: 'object' } } }] },
				WriteResult: writeResult,
				Definition: definitionSchema(),
				Usage: {
					type: 'object',
					required: ['connector', 'workflows', 'endpoints', 'activeWorkflows', 'name', 'source'],
					properties: {
						connector: { type: 'string' },
						name: { type: 'string' },
						source: { type: 'string' },
						endpoints: { type: 'array', items: { type: 'string' } },
						workflows: { type: 'array', items: usingWorkflow },
						activeWorkflows: { type: 'array', items: usingWorkflow },
					},
				},
				TestRequest: {
					type: 'object',
					additionalProperties: false,
					properties: {
						inputs: { type: 'object', description: "Input values; those not given come from the endpoint's sampleData" },
						credentials: { type: 'object', description: 'For this test only: never stored or logged' },
						baseUrl: { type: 'string' },
						item: { description: 'The item templates may read' },
						useSampleData: { type: 'boolean' },
						send: { type: 'boolean', description: 'Really send (edit role); default false: preview' },
						confirmWrite: { type: 'boolean', description: 'Needed to send a method other than GET' },
						timeoutMs: { type: 'integer', minimum: 1, maximum: 120000 },
					},
				},
				TestPreview: {
					type: 'object',
					required: ['sent', 'request', 'verifyTls'],
					properties: {
						sent: { const: false },
						verifyTls: { type: 'boolean' },
						request: { type: 'object', required: ['method', 'url', 'headers'], properties: { method: { type: 'string' }, url: { type: 'string' }, headers: { type: 'object' }, body: {} } },
					},
				},
				TestResult: {
					type: 'object',
					required: ['sent', 'ok', 'status', 'headers', 'body'],
					properties: {
						sent: { const: true },
						ok: { type: 'boolean' },
						status: { type: 'integer' },
						headers: { type: 'object' },
						body: {},
						error: { type: 'string', description: "The endpoint's own message for an error status" },
						records: { type: 'array', items: { type: 'object' }, description: 'The items the node would output (its default "Simplified" output)' },
						recordsError: { type: 'string', description: 'Why a successful answer gives no records' },
					},
				},
			},
		},
	};
}
