/**
 * The Data Connector node's parameters. Which credential the canvas offers follows the chosen
 * connector: each packaged connector's auth method is a hidden "authentication" value shown only
 * for that connector, so a builder never has to know how an API authenticates. For custom
 * endpoints (and connectors picked by expression) the builder chooses it.
 */
import type { INodeCredentialDescription, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { AuthType, ConnectorDefinition } from '../../src';
import { credentialTypeFor } from '../../credentials/shared';
import { MAX_CONCURRENCY } from '../shared/execute';
import { HUB_CREDENTIAL } from '../shared/hub/requests';
import { listedInputsParameter } from '../shared/listed-inputs';
import { outputProperty } from '../shared/output';

export const AUTH_OPTIONS: Array<INodePropertyOptions & { value: AuthType }> = [
	{ name: 'None', value: 'none' },
	{ name: 'Basic Auth', value: 'basic' },
	{ name: 'Bearer Token', value: 'bearer' },
	{ name: 'API Key', value: 'apiKey' },
	{ name: 'OAuth2 Password Grant', value: 'oauth2PasswordGrant' },
	{ name: 'OAuth2 Client Credentials', value: 'oauth2ClientCredentials' },
];

type Show = Record<string, Array<string | number | boolean>>;

/**
 * The hidden per-connector "authentication" values and the visible choice for everything else.
 * `scope` limits them to some values of another parameter (the generic node's mode); with
 * `customScope`, the choice is also offered where no connector applies (the custom endpoint mode).
 */
export function authenticationParameters(connectors: ConnectorDefinition[], scope: Show = {}, customScope?: Show): INodeProperties[] {
	const byAuth = new Map<AuthType, string[]>();
	for (const connector of connectors) {
		byAuth.set(connector.auth.type, [...(byAuth.get(connector.auth.type) ?? []), connector.key]);
	}
	const fixed: INodeProperties[] = [...byAuth].map(([type, keys]) => ({
		displayName: 'Authentication',
		name: 'authentication',
		type: 'hidden',
		// The options (never shown) keep the editor from hiding the Connector and Mode pickers: n8n's
		// editor takes an `authentication` parameter without a "none" option as the node's main auth
		// field and then hides every parameter that the auth fields' display conditions name (here
		// `connector` and `mode`), expecting them in the credential dialog instead (editor-ui
		// nodeTypesUtils getMainAuthField / isAuthRelatedParameter). Our auth method follows the
		// connector, so those pickers must stay in the node.
		options: AUTH_OPTIONS,
		default: type,
		displayOptions: { show: { ...scope, connector: keys } },
	}));
	const choice = (displayOptions: INodeProperties['displayOptions']): INodeProperties => ({
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: AUTH_OPTIONS,
		default: 'none',
		description: 'How the API authenticates; must match the connector',
		displayOptions,
	});
	// Asked once a connector without a known auth method is chosen (a registry connector, or one
	// given by an expression): not before a connector is chosen, never for a packaged one.
	const forConnector = choice({
		...(Object.keys(scope).length ? { show: scope } : {}),
		hide: { connector: ['', ...connectors.map((c) => c.key)] },
	});
	return [...fixed, forConnector, ...(customScope ? [choice({ show: customScope })] : [])];
}

/** Connector, endpoint and inputs pickers, shared by the generic node and the trigger. */
export function connectorSelection(options: {
	scope?: Show;
	endpointsMethod?: string;
	inputsDescription?: string;
	supportAutoMap?: boolean;
}): INodeProperties[] {
	const show = options.scope ? { show: options.scope } : {};
	const displayOptions = options.scope ? { displayOptions: show } : {};
	// A fresh node shows the Connector picker only: the endpoint list needs a connector, and the
	// inputs need an endpoint (before that, the editor would show an empty list and an error).
	const afterConnector = { displayOptions: { ...show, hide: { connector: [''] } } };
	const afterEndpoint = { displayOptions: { ...show, hide: { connector: [''], endpoint: [''] } } };
	return [
		{
			displayName: 'Connector Name or ID',
			name: 'connector',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getConnectors' },
			default: '',
			required: true,
			description:
				'The API to call. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			...displayOptions,
		},
		{
			displayName: 'Endpoint Name or ID',
			name: 'endpoint',
			type: 'options',
			typeOptions: { loadOptionsMethod: options.endpointsMethod ?? 'getEndpoints', loadOptionsDependsOn: ['connector'] },
			default: '',
			required: true,
			description:
				'What to do with the API. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			...afterConnector,
		},
		{
			displayName: 'Inputs',
			name: 'inputs',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['connector', 'endpoint'],
				resourceMapper: {
					resourceMapperMethod: 'getInputFields',
					mode: 'add',
					fieldWords: { singular: 'input', plural: 'inputs' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: options.supportAutoMap ?? true,
					noFieldsError: 'This endpoint takes no inputs',
				},
			},
			description:
				options.inputsDescription ??
				'Map each input from the incoming data, or let inputs be matched by name from the incoming item automatically',
			...afterEndpoint,
		},
	];
}

const nameValue = (label: string, placeholder: string): INodeProperties['options'] => [
	{
		displayName: label,
		name: 'entries',
		values: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder },
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
		],
	},
];

const customParameters: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })),
		default: 'GET',
		description: 'The HTTP method to use',
		displayOptions: { show: { mode: ['custom'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://api.example.com/v1/orders',
		description: 'The absolute URL to call; a Base URL Override on the credential replaces its scheme, host and base path',
		displayOptions: { show: { mode: ['custom'] } },
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		options: nameValue('Parameter', 'e.g. status'),
		displayOptions: { show: { mode: ['custom'] } },
	},
	{
		displayName: 'Headers',
		name: 'headerParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		options: nameValue('Header', 'e.g. X-Request-ID'),
		description: 'Headers to send. Put secrets in a credential, never here.',
		displayOptions: { show: { mode: ['custom'] } },
	},
	{
		displayName: 'Body',
		name: 'bodyType',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Form URL-Encoded', value: 'form' },
			{ name: 'Raw', value: 'raw' },
		],
		default: 'none',
		description: 'The request body; GET requests never send one',
		displayOptions: { show: { mode: ['custom'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		default: '{}',
		displayOptions: { show: { mode: ['custom'], bodyType: ['json'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'formBody',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		options: nameValue('Field', 'e.g. reason'),
		displayOptions: { show: { mode: ['custom'], bodyType: ['form'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'Content Type',
		name: 'rawContentType',
		type: 'string',
		default: 'text/plain',
		placeholder: 'application/xml',
		displayOptions: { show: { mode: ['custom'], bodyType: ['raw'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'Raw Body',
		name: 'rawBody',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		displayOptions: { show: { mode: ['custom'], bodyType: ['raw'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'The response must be JSON; anything else is an error' },
			{ name: 'Text', value: 'text', description: 'Output the body as text in a "data" field' },
		],
		default: 'json',
		displayOptions: { show: { mode: ['custom'] } },
	},
	{
		displayName: 'Records Path',
		name: 'recordsPath',
		type: 'string',
		default: '',
		placeholder: 'data.items',
		description: 'Dot path to the list of records in the response; each record becomes an item. Empty: the whole response.',
		displayOptions: { show: { mode: ['custom'], responseFormat: ['json'] } },
	},
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 3,
			description:
				"How often to try a request in all when the API is busy or down (429, 502, 503, 504, network errors), waiting longer each time and as long as Retry-After asks. POST and PATCH are only retried when the endpoint is idempotent. Default: the connector's setting.",
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: 1,
			description:
				'How many items to send at the same time (1 to 50). Output order and item pairing stay the same as one at a time; the connector\'s rate limit still applies.',
		},
		{
			displayName: 'Include Response Status and Headers',
			name: 'fullResponse',
			type: 'boolean',
			default: false,
			description: 'Whether to output { status, headers, body } per input item instead of the records',
		},
		{
			displayName: 'Max File Size (MB)',
			name: 'maxFileSize',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				'For endpoints that download a file: the largest file to accept, in megabytes; a larger one stops the download with an error. 0 means no limit.',
		},
		{
			displayName: 'Max Records',
			name: 'maxRecords',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'For endpoints that return pages of records: the most records to return per input item. 0 returns all records of all pages.',
		},
		{
			displayName: 'Never Error',
			name: 'neverError',
			type: 'boolean',
			default: false,
			description: 'Whether to output error responses (4xx, 5xx) as items instead of failing',
		},
		{
			displayName: 'Preview Request (Do Not Send)',
			name: 'preview',
			type: 'boolean',
			default: false,
			description:
				'Whether to output the request that would be sent for each item, secrets masked, without sending anything',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'For endpoints that download a file: the name of the binary field the file is put into',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for the API to answer, in milliseconds',
		},
	],
};

/**
 * One credential slot per auth method, shown when Authentication (hidden or chosen) selects it, and
 * the optional Data Connector Hub credential: with it, the hub's connectors join the Connector list,
 * so it is asked before a connector is chosen. It is labelled for what it does (n8n would show
 * just "Credential" for an optional slot) and may only carry a `hide` condition: a `show` condition
 * makes the editor take the parameter it names for an auth field and hide it (see
 * authenticationParameters).
 */
function connectorCredentials(hubDisplayOptions?: INodeCredentialDescription['displayOptions']): INodeCredentialDescription[] {
	return [
		...AUTH_OPTIONS.filter((option) => option.value !== 'none').map((option) => ({
			name: credentialTypeFor(option.value) as string,
			required: true,
			displayOptions: { show: { authentication: [option.value] } },
		})),
		{ name: HUB_CREDENTIAL, required: false, displayName: HUB_CREDENTIAL_LABEL, ...(hubDisplayOptions ? { displayOptions: hubDisplayOptions } : {}) },
	];
}

export const HUB_CREDENTIAL_LABEL = 'Data Connector Hub (Optional, for Hub Connectors)';

/** The triggers' credentials: the connector's, and the hub's. */
export const triggerCredentials: INodeCredentialDescription[] = connectorCredentials();

/** The Data Connector node's: a custom endpoint uses no connector, so no hub either. */
export const dataConnectorCredentials: INodeCredentialDescription[] = connectorCredentials({ hide: { mode: ['custom'] } });

export function dataConnectorProperties(connectors: ConnectorDefinition[]): INodeProperties[] {
	return [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Connector Endpoint', value: 'connector', description: 'Call an endpoint of a data connector' },
				{ name: 'Custom Endpoint', value: 'custom', description: 'Define a one-off request in this node' },
			],
			default: 'connector',
		},
		...connectorSelection({ scope: { mode: ['connector'] } }),
		listedInputsParameter(connectors, { mode: ['connector'] }),
		...authenticationParameters(connectors, { mode: ['connector'] }, { mode: ['custom'] }),
		...customParameters,
		outputProperty({ mode: ['connector'] }, { connector: [''], endpoint: [''] }),
		options,
	];
}

/** A string as a JavaScript literal inside an n8n expression: braces escaped so they cannot end it. */
export const expressionLiteral = (text: string) => JSON.stringify(text).replace(/[{}]/g, (brace) => (brace === '{' ? '\\u007b' : '\\u007d'));

/**
 * An expression turning a key the subtitle has no name for into words: "studioOrders" ->
 * "Studio Orders", "get_ticket" -> "Get ticket". Keys of hub connectors and their endpoints are
 * made from their names (the Studio derives them so), so this gives back the names in the usual
 * case; the canvas cannot ask the hub, as it evaluates the subtitle without the credential.
 */
export function humanizedKey(value: string): string {
	return `(${value} ? String(${value}).replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").replace(/^./, (first) => first.toUpperCase()) : "")`;
}

/**
 * The canvas subtitle of a node with Connector and Endpoint pickers: "Order Service: Get Order
 * Status", names looked up in a table of the packaged connectors; a connector the table does not
 * know (a hub connector) shows its key as words (humanizedKey).
 */
export function connectorEndpointSubtitle(connectors: ConnectorDefinition[], prefix = ''): string {
	const connectorNames = connectors.map((c) => `${expressionLiteral(c.key)}: ${expressionLiteral(c.name)}`);
	const endpointNames = connectors.flatMap((c) => c.endpoints.map((e) => `${expressionLiteral(`${c.key}/${e.key}`)}: ${expressionLiteral(e.name)}`));
	const connector = `(({ ${connectorNames.join(', ')} })[$parameter["connector"]] || ${humanizedKey('$parameter["connector"]')})`;
	const endpoint = `(({ ${endpointNames.join(', ')} })[$parameter["connector"] + "/" + $parameter["endpoint"]] || ${humanizedKey('$parameter["endpoint"]')})`;
	return `${prefix}(${connector} ? ${connector} + ($parameter["endpoint"] ? ": " + ${endpoint} : "") : "")`;
}

/** The Data Connector node's subtitle: "GET https://..." for a custom endpoint, names otherwise. */
export function dataConnectorSubtitle(connectors: ConnectorDefinition[]): string {
	return `={{ $parameter["mode"] === "custom" ? $parameter["method"] + " " + $parameter["url"] : ${connectorEndpointSubtitle(connectors)} }}`;
}
