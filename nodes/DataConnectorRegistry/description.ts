/**
 * The Data Connector Registry node's parameters: resource Connector (list, get, create, update,
 * delete, set status, usage) and resource Endpoint (test). Connector and endpoint pickers reuse the
 * Data Connector node's option lists; the test's credential follows the connector's auth method
 * exactly as in the Data Connector node.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { ConnectorDefinition } from '../../src';
import { AUTH_OPTIONS, authenticationParameters, dataConnectorCredentials, expressionLiteral, humanizedKey } from '../DataConnector/description';

import { HUB_CREDENTIAL } from '../shared/hub/requests';

/** Operations that name one connector. */
const ONE_CONNECTOR = ['get', 'update', 'delete', 'setStatus', 'getUsage', 'test'];
/** Operations the hub refuses while active workflows use the connector (unless forced). */
const GUARDED = ['delete', 'setStatus'];

const show = (operation: string[], extra: Record<string, Array<string | boolean>> = {}) => ({ show: { operation, ...extra } });

export const registryCredentials: INodeTypeDescription['credentials'] = [
	...(dataConnectorCredentials ?? []).filter((credential) => credential.name !== HUB_CREDENTIAL),
	// Named, as in the other nodes (n8n would label the slot just "Credential").
	{ name: HUB_CREDENTIAL, required: true, displayName: 'Data Connector Hub' },
];

const operations: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Connector', value: 'connector' },
			{ name: 'Endpoint', value: 'endpoint' },
		],
		default: 'connector',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connector'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a connector', description: 'Validate a definition and save it in the hub' },
			{ name: 'Delete', value: 'delete', action: 'Delete a connector', description: 'Remove a hub connector; refused while active workflows use it' },
			{ name: 'Get', value: 'get', action: 'Get a connector', description: 'A connector with its definition, secrets masked' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many connectors', description: 'List or search connectors' },
			{ name: 'Get Usage', value: 'getUsage', action: 'Get the workflows using a connector', description: 'Which workflows, nodes and endpoints use a connector' },
			{ name: 'Set Status', value: 'setStatus', action: 'Set a connector live or draft', description: 'Drafts run only in manual executions; refused while active workflows use it' },
			{ name: 'Update', value: 'update', action: 'Update a connector', description: 'Merge changes into a connector, or replace its definition' },
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['endpoint'] } },
		options: [
			{ name: 'Test', value: 'test', action: 'Test an endpoint', description: 'Show the request an endpoint makes, or send it' },
		],
		default: 'test',
	},
];

const connectorParameters: INodeProperties[] = [
	{
		displayName: 'Connector Name or ID',
		name: 'connector',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConnectors' },
		default: '',
		required: true,
		description:
			'The connector. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: show(ONE_CONNECTOR),
	},
	{
		displayName: 'Definition',
		name: 'definition',
		type: 'json',
		default: '{\n  "key": "",\n  "name": "",\n  "categories": [],\n  "baseUrl": "https://",\n  "endpoints": []\n}',
		required: true,
		description: 'The connector definition (JSON, see the connector format). Secrets never go here: they live in credentials.',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Changes',
		name: 'definition',
		type: 'json',
		default: '{\n  "version": 1\n}',
		required: true,
		description:
			'Merge: only the fields to change (objects merge, arrays are replaced, endpoints merge by key, null removes a field). Replace: the whole definition. Include the "version" you read, or set Expected Version. "******" keeps a stored secret.',
		displayOptions: show(['update']),
	},
	{
		displayName: 'Update Mode',
		name: 'updateMode',
		type: 'options',
		options: [
			{ name: 'Merge', value: 'merge', description: 'Change the given fields, keep the rest' },
			{ name: 'Replace', value: 'replace', description: 'The given definition replaces the stored one' },
		],
		default: 'merge',
		displayOptions: show(['update']),
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Live', value: 'live', description: 'Runs in every execution' },
			{ name: 'Draft', value: 'draft', description: 'Runs only in manual executions from the editor' },
		],
		default: 'live',
		displayOptions: show(['setStatus']),
	},
	{
		displayName: 'Expected Version',
		name: 'expectedVersion',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Only change the connector if it is still at this version (what you read), so no one else\'s change is overwritten. 0: the "version" in the definition (Update), or no check.',
		displayOptions: show(['update', ...GUARDED]),
	},
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description: 'Whether to go ahead even while active workflows use the connector (they will stop working)',
		displayOptions: show(GUARDED),
	},
];

const listParameters: INodeProperties[] = [
	{
		displayName: 'Search',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. refund',
		description: 'Words that must all appear in the name, key, description or tags; empty lists every connector',
		displayOptions: show(['getAll']),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show(['getAll']),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show(['getAll'], { returnAll: [false] }),
	},
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How many matching connectors to skip, for paging',
		displayOptions: show(['getAll']),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Authentication',
				name: 'auth',
				type: 'options',
				options: AUTH_OPTIONS,
				default: 'none',
			},
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				placeholder: 'e.g. Sales',
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				options: [
					{ name: 'Built-In', value: 'builtIn', description: 'Packaged with this node package (read-only)' },
					{ name: 'Hub', value: 'hub', description: 'Created in the hub' },
				],
				default: 'hub',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Draft', value: 'draft' },
					{ name: 'Invalid', value: 'invalid', description: 'Stored definitions that do not validate' },
					{ name: 'Live', value: 'live' },
				],
				default: 'live',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Include Paging Info',
				name: 'pagingInfo',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item { total, offset, size, items } instead of one item per connector',
			},
		],
	},
];

function testParameters(connectors: ConnectorDefinition[]): INodeProperties[] {
	return [
		{
			displayName: 'Endpoint Name or ID',
			name: 'endpoint',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getEndpoints', loadOptionsDependsOn: ['connector'] },
			default: '',
			required: true,
			description:
				'The endpoint to test. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show(['test']),
		},
		{
			displayName: 'Inputs',
			name: 'inputs',
			type: 'json',
			default: '{}',
			description: "Input values by name; inputs left out take the endpoint's sample data",
			displayOptions: show(['test']),
		},
		...authenticationParameters(connectors, { operation: ['test'] }),
		{
			displayName: 'Send Request',
			name: 'send',
			type: 'boolean',
			default: false,
			description: 'Whether to really call the API. Off: output the request it would send, secrets masked (a dry run).',
			displayOptions: show(['test']),
		},
		{
			displayName: 'Allow Write',
			name: 'allowWrite',
			type: 'boolean',
			default: false,
			description: 'Whether to send endpoints that can change data (POST, PUT, PATCH, DELETE); GET is always allowed',
			displayOptions: show(['test'], { send: [true] }),
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for the API to answer, in milliseconds',
			displayOptions: show(['test'], { send: [true] }),
		},
	];
}

export function registryProperties(connectors: ConnectorDefinition[]): INodeProperties[] {
	return [...operations, ...connectorParameters, ...listParameters, ...testParameters(connectors)];
}

/** The canvas subtitle: the operation's action ("Get many connectors"), then the connector's name (a hub connector's key in words). */
export function registrySubtitle(connectors: ConnectorDefinition[]): string {
	const actions = operations
		.flatMap((property) => (property.options ?? []) as Array<{ value: string; action?: string }>)
		.map((option) => `${expressionLiteral(option.value)}: ${expressionLiteral(option.action ?? option.value)}`);
	const names = connectors.map((c) => `${expressionLiteral(c.key)}: ${expressionLiteral(c.name)}`);
	const connector = `(({ ${names.join(', ')} })[$parameter["connector"]] || ${humanizedKey('$parameter["connector"]')})`;
	return `={{ (({ ${actions.join(', ')} })[$parameter["operation"]] || $parameter["operation"]) + ($parameter["connector"] ? ": " + ${connector} : "") }}`;
}
