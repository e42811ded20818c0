/**
 * One node per live packaged connector (`gulp connectors`, see gulpfile.js): descriptions n8n can
 * load, the package.json list, no drafts, execution on n8n-core's engine with nock checking each
 * request, and a build that stops with the validator's messages. `npm test` builds first, so the
 * generated sources (nodes/generated/, git-ignored) and dist/ exist here.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import nock from 'nock';
import { guardNetwork } from './helpers/network';
import {
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import { credentialTypeFor } from '../credentials/shared';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorBasicAuthApi } from '../credentials/DataConnectorBasicAuthApi.credentials';
import { DataConnectorBearerTokenApi } from '../credentials/DataConnectorBearerTokenApi.credentials';
import { DataConnectorClientCredentialsOAuth2Api } from '../credentials/DataConnectorClientCredentialsOAuth2Api.credentials';
import { DataConnectorPasswordGrantOAuth2Api } from '../credentials/DataConnectorPasswordGrantOAuth2Api.credentials';
import { packagedCatalog } from '../nodes/shared/catalog';
import { connectorNodeNames, inputLayout, operationOrder, pollableEndpoints } from '../nodes/shared/connector-node';
import { ENDPOINT_PURPOSES, type ConnectorDefinition } from '../src';
import type { StoredCredential } from './harness/credentials-helper';
import { runWorkflow } from './harness/run-workflow';

const root = join(__dirname, '..');
const GENERIC_NODE = 'dist/nodes/DataConnector/DataConnector.node.js';

interface PackageJson {
	name: string;
	homepage: string;
	n8n: { nodes: string[]; credentials: string[] };
}
const packageText = readFileSync(join(root, 'package.json'), 'utf8');
const pkg = JSON.parse(packageText) as PackageJson;

const connectors = [...packagedCatalog().values()];
const live = connectors.filter((connector) => connector.status === 'live');
const drafts = connectors.filter((connector) => connector.status === 'draft');
const byKey = (key: string): ConnectorDefinition => {
	const connector = packagedCatalog().get(key);
	if (!connector) throw new Error(`no packaged connector ${key}`);
	return connector;
};

type NodeClass = new () => INodeType;
type Gulpfile = { generateConnectorNodes(options: { root: string }): { nodes: string[] } };

const sourceFile = (connector: ConnectorDefinition) => {
	const { className } = connectorNodeNames(connector);
	return join(root, 'nodes', 'generated', className, `${className}.node.ts`);
};
const distFile = (connector: ConnectorDefinition) => {
	const { className } = connectorNodeNames(connector);
	return `dist/nodes/generated/${className}/${className}.node.js`;
};

/**
 * Every generated file for the live connectors: the node, a trigger where an endpoint is pollable,
 * an instant trigger where the connector declares webhooks.
 */
const generatedFiles = () =>
	live
		.flatMap((connector) => {
			const { className } = connectorNodeNames(connector);
			return [
				distFile(connector),
				...(pollableEndpoints(connector).length ? [`dist/nodes/generated/${className}/${className}Trigger.node.js`] : []),
				...(connector.webhooks ? [`dist/nodes/generated/${className}/${className}InstantTrigger.node.js`] : []),
			];
		})
		.sort();

/** The generated class, from the generated TypeScript source (jest compiles it). */
function nodeClass(connector: ConnectorDefinition): NodeClass {
	const { className } = connectorNodeNames(connector);
	return jest.requireActual<Record<string, NodeClass>>(sourceFile(connector))[className];
}

const describeNode = (connector: ConnectorDefinition): INodeTypeDescription => new (nodeClass(connector))().description;

/** Every property with the parameters that decide whether it is shown: top level and inside collections. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...(property.type === 'collection' ? allProperties((property.options ?? []) as INodeProperties[]) : []),
	]);
}

const optionValues = (property: INodeProperties) => ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);

// ---------------------------------------------------------------------------------------------

describe('generated node descriptions are valid for n8n', () => {
	const credentialNames = pkg.n8n.credentials.map((file) => {
		const className = file.split('/').pop()?.split('.')[0] ?? '';
		const CredentialClass = jest.requireActual<Record<string, new () => { name: string }>>(join(root, file))[className];
		return new CredentialClass().name;
	});

	test('there are live connectors to generate', () => {
		expect(live.length).toBeGreaterThanOrEqual(3);
	});

	describe.each(live.map((connector) => [connector.name, connector] as const))('%s', (_name, connector) => {
		const description = describeNode(connector);
		const names = connectorNodeNames(connector);
		const operation = description.properties.find((property) => property.name === 'operation') as INodeProperties;

		test('identity, icon, tool use and credential', () => {
			expect(description).toMatchObject({
				displayName: connector.name,
				name: names.typeName,
				usableAsTool: true,
				version: 1,
				defaults: { name: connector.name },
			});
			expect(names.typeName).toMatch(/^dataConnector[A-Z]/);
			expect(description.icon).toEqual({ light: `file:${names.iconName}.svg`, dark: `file:${names.iconName}.dark.svg` });
			for (const icon of [`${names.iconName}.svg`, `${names.iconName}.dark.svg`]) {
				expect(readFileSync(join(dirname(sourceFile(connector)), icon), 'utf8')).toMatch(/<svg[\s>]/);
			}
			const credential = credentialTypeFor(connector.auth.type);
			expect(description.credentials ?? []).toEqual(credential ? [{ name: credential, required: true }] : []);
			for (const { name } of description.credentials ?? []) expect(credentialNames).toContain(name);
		});

		test('one operation per endpoint, each with an action, ordered by purpose', () => {
			expect(operation).toMatchObject({ type: 'options', noDataExpression: true });
			const options = operation.options as INodePropertyOptions[];
			expect(options.map((option) => option.value).sort()).toEqual(connector.endpoints.map((endpoint) => endpoint.key).sort());
			for (const option of options) {
				const endpoint = connector.endpoints.find((candidate) => candidate.key === option.value);
				expect(option.name).toBe(endpoint?.name);
				expect(option.action).toEqual(expect.stringMatching(/\S/));
				expect(option.description).toEqual(expect.stringMatching(/\S/));
			}
			const ranks = options.map((option) =>
				ENDPOINT_PURPOSES.indexOf(connector.endpoints.find((endpoint) => endpoint.key === option.value)?.purpose ?? 'Action'),
			);
			expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
			expect(optionValues(operation)).toContain(operation.default);
		});

		test('options, defaults and min/max are consistent', () => {
			for (const property of allProperties(description.properties)) {
				expect(['options', 'string', 'number', 'boolean', 'dateTime', 'json', 'collection', 'resourceLocator']).toContain(property.type);
				// An input filled from the API (optionsFrom): a list to pick from, and an ID to type.
				if (property.type === 'resourceLocator') expect(property.modes?.map((mode) => mode.name)).toEqual(expect.arrayContaining(['list', 'id']));
				if (property.type === 'options') {
					const values = optionValues(property);
					expect(values.length).toBeGreaterThan(0);
					expect(new Set(values).size).toBe(values.length);
					// Empty only where the builder must choose: a required field without a default.
					if (property.default === '') expect(property.required).toBe(true);
					else expect(values).toContain(property.default);
				}
				if (property.type === 'number' && property.default !== null) {
					const { minValue, maxValue } = property.typeOptions ?? {};
					expect(typeof property.default).toBe('number');
					if (minValue !== undefined) expect(property.default as number).toBeGreaterThanOrEqual(minValue);
					if (maxValue !== undefined) expect(property.default as number).toBeLessThanOrEqual(maxValue);
				}
				if (property.default === null) expect(property).toMatchObject({ type: 'number', required: true });
			}
		});

		test('every displayOptions condition names a real parameter and one of its values', () => {
			const topLevel = new Map(description.properties.map((property) => [property.name, property]));
			for (const property of description.properties) {
				for (const conditions of [property.displayOptions?.show, property.displayOptions?.hide]) {
					for (const [name, values] of Object.entries(conditions ?? {})) {
						// n8n's own conditions: "@tool" (running as an AI tool), "@version".
						if (name === '@tool' || name === '@version') continue;
						const target = topLevel.get(name);
						expect(target).toBeDefined();
						if (target?.type === 'options') for (const value of values ?? []) expect(optionValues(target)).toContain(value);
					}
				}
			}
			const children = description.properties
				.filter((property) => property.type === 'collection')
				.flatMap((property) => (property.options ?? []) as INodeProperties[]);
			for (const child of children) expect(child.displayOptions).toBeUndefined();
		});

		test.each(connector.endpoints.map((endpoint) => [endpoint.key]))(
			'operation %s: unique parameter names, and every input exactly once',
			(key) => {
				const parameters: INodeParameters = { operation: key };
				const shown = description.properties.filter((property) =>
					NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 }, description),
				);
				const names = shown.map((property) => property.name);
				expect(new Set(names).size).toBe(names.length);
				const collection = shown.find((property) => property.name === 'additionalFields');
				const childNames = ((collection?.options ?? []) as INodeProperties[]).map((property) => property.name);
				expect(new Set(childNames).size).toBe(childNames.length);

				const fields = inputLayout(connector).get(key) ?? [];
				expect(fields.map((field) => field.input.name).sort()).toEqual(
					connector.endpoints.find((endpoint) => endpoint.key === key)?.inputs.map((input) => input.name).sort(),
				);
				for (const field of fields) {
					const where = field.additional ? childNames : names;
					expect(where.filter((name) => name === field.parameter)).toHaveLength(1);
					expect(field.additional).toBe(!field.input.required && field.input.default === undefined);
				}
			},
		);

		test('the subtitle names the chosen operation', () => {
			const nodeTypes: INodeTypes = {
				getByName: () => new (nodeClass(connector))(),
				getByNameAndVersion: () => new (nodeClass(connector))(),
				getKnownTypes: () => ({}),
			};
			for (const endpoint of operationOrder(connector)) {
				const node: INode = {
					id: '1',
					name: connector.name,
					type: names.typeName,
					typeVersion: 1,
					position: [0, 0],
					parameters: { operation: endpoint.key },
				};
				const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
				expect(workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {})).toBe(endpoint.name);
			}
		});

		test('codex: categories, alias from tags, documentation link', () => {
			const codex = JSON.parse(readFileSync(sourceFile(connector).replace(/\.ts$/, '.json'), 'utf8')) as IDataObject;
			expect(codex).toEqual({
				node: `${pkg.name}.${names.typeName}`,
				nodeVersion: '1.0',
				codexVersion: '1.0',
				categories: connector.categories,
				alias: connector.tags,
				resources: { primaryDocumentation: [{ url: pkg.homepage }] },
			});
		});
	});
});

// ---------------------------------------------------------------------------------------------

describe('package.json lists the generated nodes', () => {
	test('the generic node first, then one per live connector', () => {
		const generated = pkg.n8n.nodes.filter((file) => file.startsWith('dist/nodes/generated/'));
		const handWritten = pkg.n8n.nodes.filter((file) => !generated.includes(file));
		expect(pkg.n8n.nodes).toEqual([...handWritten, ...generated]);
		expect(handWritten[0]).toBe(GENERIC_NODE);
		expect(generated).toEqual(generatedFiles());
		// Nodes written by hand (the generic node, a trigger) have their source outside nodes/generated/.
		for (const file of handWritten) expect(existsSync(join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
	});

	test('in the format the build writes it (2-space JSON and a final newline)', () => {
		expect(packageText).toBe(`${JSON.stringify(pkg, null, 2)}\n`);
	});

	test.each(live.map((connector) => [distFile(connector), connector] as const))('%s is built and exports its class', (file, connector) => {
		const names = connectorNodeNames(connector);
		expect(existsSync(join(root, file))).toBe(true);
		const NodeType = jest.requireActual<Record<string, NodeClass>>(join(root, file))[names.className];
		expect(typeof NodeType).toBe('function');
		expect(new NodeType().description.name).toBe(names.typeName);
		for (const sibling of [`${names.className}.node.json`, `${names.iconName}.svg`, `${names.iconName}.dark.svg`]) {
			expect(existsSync(join(root, dirname(file), sibling))).toBe(true);
		}
	});
});

describe('draft connectors', () => {
	test('there is a draft among the packaged connectors', () => {
		expect(drafts.length).toBeGreaterThan(0);
	});

	test.each(drafts.map((connector) => [connector.name, connector] as const))('%s gets no node of its own', (_name, connector) => {
		expect(existsSync(dirname(sourceFile(connector)))).toBe(false);
		expect(pkg.n8n.nodes).not.toContain(distFile(connector));
	});
});

// ---------------------------------------------------------------------------------------------

const API_KEY = 'ak-live-7f3e9c1d';
const BEARER = 'crm-token-55aa';
const CLIENT_SECRET = 'cs-secret-9911';

const credentials: StoredCredential[] = [
	{ id: 'key', name: 'Orders key', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } },
	{ id: 'bearer', name: 'CRM', type: 'dataConnectorBearerTokenApi', data: { token: BEARER } },
	{ id: 'cc', name: 'Shipping', type: 'dataConnectorClientCredentialsOAuth2Api', data: { clientId: 'ship-client', clientSecret: CLIENT_SECRET } },
];
const credentialTypes = [
	DataConnectorApiKeyApi,
	DataConnectorBasicAuthApi,
	DataConnectorBearerTokenApi,
	DataConnectorClientCredentialsOAuth2Api,
	DataConnectorPasswordGrantOAuth2Api,
];

function run(connectorKey: string, parameters: INodeParameters, items: IDataObject[], extra: { continueOnFail?: boolean } = {}) {
	const connector = byKey(connectorKey);
	return runWorkflow({
		nodeTypes: [nodeClass(connector)],
		credentialTypes,
		credentials,
		node: { type: connectorNodeNames(connector).typeName, parameters, ...extra },
		items,
	});
}

/** Records each request's headers and body as the API received them. */
type Seen = { headers: Record<string, unknown>; body: unknown };
function recorder(seen: Seen[], status: number, reply: (body: unknown) => object) {
	return function (this: { req: { headers: Record<string, unknown> } }, _uri: string, body: unknown): [number, object] {
		seen.push({ headers: this.req.headers, body });
		return [status, reply(body)];
	};
}

guardNetwork();

describe('generated nodes run on the engine', () => {
	test('Order Service, Reschedule Delivery: inputs mapped by expression, API key header, exact JSON body, pairing kept', async () => {
		const seen: Seen[] = [];
		nock('https://orders.example.com')
			.post('/api/v1/orders/ORD-1/delivery/reschedule', { date: '2024-11-08', timeSlot: 'afternoon', note: 'Ring twice' })
			.reply(recorder(seen, 200, () => ({ rescheduled: 'ORD-1' })))
			.post('/api/v1/orders/ORD%2F2/delivery/reschedule', { date: '2024-11-09', timeSlot: 'afternoon' })
			.reply(recorder(seen, 200, () => ({ rescheduled: 'ORD/2' })));
		const result = await run(
			'orderService',
			{
				operation: 'rescheduleDelivery',
				orderId: '={{ $json.order }}',
				date: '={{ $json.day }}',
				timeSlot: 'afternoon',
				additionalFields: { note: '={{ $json.note }}' },
			},
			[
				{ order: 'ORD-1', day: '2024-11-08', note: 'Ring twice' },
				{ order: 'ORD/2', day: '2024-11-09', note: '' },
			],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { rescheduled: 'ORD-1' }, pairedItem: { item: 0 } },
			{ json: { rescheduled: 'ORD/2' }, pairedItem: { item: 1 } },
		]);
		for (const request of seen) {
			expect(request.headers).toMatchObject({ 'x-api-key': API_KEY, accept: 'application/json', 'content-type': 'application/json' });
			expect(request.headers.authorization).toBeUndefined();
		}
	});

	test('Order Service, Process Refund: a number from text, a default option, a header from an optional input', async () => {
		const seen: Seen[] = [];
		nock('https://orders.example.com')
			.post('/api/v1/orders/ORD-9/refunds', { amount: 12.5, currency: 'EUR', reason: 'damaged' })
			.reply(recorder(seen, 201, () => ({ refundId: 'R-1' })));
		const result = await run(
			'orderService',
			{
				operation: 'processRefund',
				orderId: '={{ $json.orderId }}',
				amount: '={{ $json.amount }}',
				reason: 'damaged',
				additionalFields: { idempotencyKey: '={{ "refund-" + $json.orderId }}' },
			},
			[{ orderId: 'ORD-9', amount: '12.5' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { refundId: 'R-1' }, pairedItem: { item: 0 } }]);
		expect(seen[0].headers).toMatchObject({ 'x-api-key': API_KEY, 'idempotency-key': 'refund-ORD-9' });
	});

	test('Order Service: a required input left empty stops the item with a clear error, no request sent', async () => {
		const result = await run('orderService', { operation: 'getOrderStatus', orderId: '={{ $json.id }}' }, [{ id: '' }]);
		expect(result.error?.message).toMatch(/Missing required input "orderId"/);
	});

	test('CRM Contacts, Create Contact: bearer token, settings header, JSON input from an array and from JSON text', async () => {
		const seen: Seen[] = [];
		nock('https://crm.example.com')
			.post('/api/contacts', { email: 'jane@example.com', firstName: 'Jane', tags: ['vip', 'newsletter'] })
			.reply(recorder(seen, 201, (body) => ({ id: 'C-1', ...(body as object) })))
			.post('/api/contacts', { email: 'max@example.com', tags: ['trial'] })
			.reply(recorder(seen, 201, () => ({ id: 'C-2' })));
		const result = await run(
			'crmContacts',
			{
				operation: 'createContact',
				email: '={{ $json.mail }}',
				additionalFields: { firstName: '={{ $json.first }}', tags: '={{ $json.tags }}' },
			},
			[
				{ mail: 'jane@example.com', first: 'Jane', tags: ['vip', 'newsletter'] },
				{ mail: 'max@example.com', first: '', tags: '["trial"]' },
			],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['C-1', { item: 0 }],
			['C-2', { item: 1 }],
		]);
		for (const request of seen) {
			expect(request.headers).toMatchObject({ authorization: `Bearer ${BEARER}`, 'x-api-version': '2024-06', 'content-type': 'application/json' });
		}
	});

	test('CRM Contacts, List Contacts: defaults become query parameters, records become items', async () => {
		nock('https://crm.example.com', { reqheaders: { authorization: `Bearer ${BEARER}` } })
			.get('/api/contacts')
			.query({ page: '2', pageSize: '100', tags: 'vip' })
			.reply(200, { results: [{ id: 'C-1' }, { id: 'C-2' }] });
		const result = await run(
			'crmContacts',
			{ operation: 'listContacts', page: '={{ $json.page }}', additionalFields: { listContacts_tags: 'vip' } },
			[{ page: 2 }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { id: 'C-1' }, pairedItem: { item: 0 } },
			{ json: { id: 'C-2' }, pairedItem: { item: 0 } },
		]);
	});

	test('Shipping Partner, Schedule Pickup: OAuth2 client credentials token, exact form body', async () => {
		const seen: Seen[] = [];
		nock('https://auth.shipping.example.com')
			.post('/oauth/token', (body: Record<string, string>) => body.grant_type === 'client_credentials')
			.reply(200, { access_token: 'tok-ship', token_type: 'Bearer', expires_in: 3600 });
		nock('https://api.shipping.example.com')
			.post('/v2/pickups', 'tracking_number=SH-77&pickup_date=2024-11-05&time_window=morning&instructions=Gate%203')
			.reply(recorder(seen, 201, () => ({ pickupId: 'P-1' })))
			.post('/v2/pickups', 'tracking_number=SH-78&pickup_date=2024-11-06&time_window=morning')
			.reply(recorder(seen, 201, () => ({ pickupId: 'P-2' })));
		const result = await run(
			'shippingPartner',
			{
				operation: 'schedulePickup',
				trackingNumber: '={{ $json.tracking }}',
				pickupDate: '={{ $json.date }}',
				timeWindow: 'morning',
				additionalFields: { instructions: '={{ $json.instructions }}' },
			},
			[
				{ tracking: 'SH-77', date: '2024-11-05', instructions: 'Gate 3' },
				{ tracking: 'SH-78', date: '2024-11-06' },
			],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.pickupId, item.pairedItem])).toEqual([
			['P-1', { item: 0 }],
			['P-2', { item: 1 }],
		]);
		expect(result.preAuthCalls).toBe(1);
		for (const request of seen) {
			expect(request.headers).toMatchObject({ authorization: 'Bearer tok-ship', 'content-type': 'application/x-www-form-urlencoded' });
		}
	});

	test('the generic node\'s options apply: Preview Request shows the request, secret masked, nothing sent', async () => {
		const result = await run('orderService', { operation: 'getOrderStatus', orderId: 'ORD-5', options: { preview: true } }, [{}]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			method: 'GET',
			url: 'https://orders.example.com/api/v1/orders/ORD-5',
			headers: { 'X-API-Key': '******' },
		});
		expect(JSON.stringify(result.items)).not.toContain(API_KEY);
	});
});

// ---------------------------------------------------------------------------------------------

describe('generation on a copy of the package', () => {
	const gulpfile = jest.requireActual<Gulpfile>(join(root, 'gulpfile.js'));
	let copy: string;

	const connectorFiles = () => readdirSync(join(root, 'connectors')).filter((file) => file.endsWith('.json'));
	const write = (file: string, document: unknown) => writeFileSync(join(copy, 'connectors', file), JSON.stringify(document, null, 2));
	const minimal = (overrides: IDataObject = {}) => ({
		key: 'weather',
		name: 'Weather Desk',
		categories: ['Utility'],
		tags: ['forecast'],
		baseUrl: 'https://weather.example.com',
		endpoints: [{ key: 'today', purpose: 'Get', name: 'Get Today', path: '/today' }],
		...overrides,
	});

	beforeEach(() => {
		copy = mkdtempSync(join(tmpdir(), 'generated-nodes-'));
		mkdirSync(join(copy, 'connectors'));
		for (const file of connectorFiles()) cpSync(join(root, 'connectors', file), join(copy, 'connectors', file));
		// As a fresh fork would have it: no generated node listed yet.
		const handWritten = pkg.n8n.nodes.filter((file) => !file.startsWith('dist/nodes/generated/'));
		writeFileSync(join(copy, 'package.json'), `${JSON.stringify({ ...pkg, n8n: { ...pkg.n8n, nodes: handWritten } }, null, 2)}\n`);
	});
	afterEach(() => rmSync(copy, { recursive: true, force: true }));

	test('writes one node per live connector, none for drafts, and lists them; the rest of package.json is kept byte for byte', () => {
		const before = readFileSync(join(copy, 'package.json'), 'utf8');
		const { nodes } = gulpfile.generateConnectorNodes({ root: copy });
		expect(nodes).toEqual(generatedFiles());
		const after = readFileSync(join(copy, 'package.json'), 'utf8');
		expect(JSON.parse(after).n8n.nodes[0]).toBe(GENERIC_NODE);
		expect(JSON.parse(after).n8n.nodes.slice(-nodes.length)).toEqual(nodes);
		expect(after).toBe(packageText);
		const withoutNodes = (text: string) => ({ ...JSON.parse(text), n8n: { ...JSON.parse(text).n8n, nodes: [] } });
		expect(withoutNodes(after)).toEqual(withoutNodes(before));
		expect(readdirSync(join(copy, 'nodes', 'generated')).sort()).toEqual(live.map((c) => connectorNodeNames(c).className).sort());
		for (const draft of drafts) expect(existsSync(join(copy, 'nodes', 'generated', connectorNodeNames(draft).className))).toBe(false);
	});

	test('a connector of one\'s own: its own SVG icon, no credential for auth none; removing it removes its node', () => {
		mkdirSync(join(copy, 'connectors', 'icons'));
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n';
		writeFileSync(join(copy, 'connectors', 'icons', 'weather.svg'), svg);
		write('weather.json', minimal({ icon: 'icons/weather.svg' }));
		gulpfile.generateConnectorNodes({ root: copy });
		const folder = join(copy, 'nodes', 'generated', 'Weather');
		expect(readFileSync(join(folder, 'dataConnectorWeather.svg'), 'utf8')).toBe(svg);
		expect(readFileSync(join(folder, 'dataConnectorWeather.dark.svg'), 'utf8')).toBe(svg);
		const source = readFileSync(join(folder, 'Weather.node.ts'), 'utf8');
		expect(source).toContain("name: 'dataConnectorWeather',");
		expect(source).toContain('usableAsTool: true,');
		expect(source).not.toContain('credentials:');
		expect(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).n8n.nodes).toContain(
			'dist/nodes/generated/Weather/Weather.node.js',
		);

		rmSync(join(copy, 'connectors', 'weather.json'));
		gulpfile.generateConnectorNodes({ root: copy });
		expect(existsSync(folder)).toBe(false);
		expect(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).n8n.nodes).not.toContain(
			'dist/nodes/generated/Weather/Weather.node.js',
		);
	});

	test('without an icon of its own, a generated initials icon in light and dark', () => {
		write('weather.json', minimal());
		gulpfile.generateConnectorNodes({ root: copy });
		const folder = join(copy, 'nodes', 'generated', 'Weather');
		const light = readFileSync(join(folder, 'dataConnectorWeather.svg'), 'utf8');
		const dark = readFileSync(join(folder, 'dataConnectorWeather.dark.svg'), 'utf8');
		expect(light).toMatch(/<svg[^>]*viewBox="0 0 60 60"[\s\S]*>WD<\/text>/);
		expect(dark).toMatch(/>WD<\/text>/);
		expect(dark).not.toBe(light);
	});

	test.each([
		[
			'an invalid method',
			() => write('bad.json', minimal({ endpoints: [{ key: 'today', name: 'Get Today', method: 'FETCH', path: '/today' }] })),
			/^invalid connector definitions:\nconnectors\/bad\.json: \/endpoints\/0\/method: must be one of GET, POST, PUT, PATCH, DELETE/m,
		],
		['not JSON', () => writeFileSync(join(copy, 'connectors', 'bad.json'), '{ "key": '), /connectors\/bad\.json: \/: not valid JSON/],
		[
			'a key that names the same node as another',
			() => write('orders-again.json', minimal({ key: 'order-service', name: 'Orders Again' })),
			/connectors\/orders-again\.json: \/key: "order-service" gives the node class OrderService, like the key of connectors\/order-service\.json/,
		],
		[
			'a missing icon file',
			() => write('bad.json', minimal({ icon: 'icons/missing.svg' })),
			/connectors\/bad\.json: \/icon: no icon file at connectors\/icons\/missing\.svg/,
		],
	])('the build stops with the validator\'s message for %s, before writing anything', (_case, breakIt, message) => {
		breakIt();
		const before = readFileSync(join(copy, 'package.json'), 'utf8');
		expect(() => gulpfile.generateConnectorNodes({ root: copy })).toThrow(message);
		expect(existsSync(join(copy, 'nodes', 'generated'))).toBe(false);
		expect(readFileSync(join(copy, 'package.json'), 'utf8')).toBe(before);
	});
});
