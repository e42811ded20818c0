/**
 * Step 1 of the pipeline: what to send for one item. A plan holds the request spec built by the
 * shared runtime, the access that authenticates and sends it (access.ts), and the redactor that
 * masks this item's secrets wherever the request or an error is shown. What does not differ per
 * item (the credential, fixed node parameters) is read once per execution (session.ts).
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	NodeOperationError,
	type ResourceMapperValue,
} from 'n8n-workflow';
import {
	applyAuth,
	type AuthDefinition,
	type AuthType,
	buildCustomRequest,
	buildRequest,
	type BuiltRequest,
	type ConnectorDefinition,
	type EndpointDefinition,
	type PaginationDefinition,
	parseBaseUrl,
	type RateLimitDefinition,
	Redactor,
	redactorFor,
	type RequestBody,
} from '../../src';
import { firstPage } from '../../src/execute/paginate';
import { canRepeat, retryPolicy, type RetryPolicy } from '../../src/execute/retry';
import { type Access, accessFor } from './access';
import type { RedirectPolicy } from '../../src/execute/redirect';
import { connectorFor, findEndpoint } from './catalog';
import { pickedInputs } from './listed-inputs';
import type { CredentialUse } from './send';
import { sessionOf } from './session';

export interface ExecutionSettings {
	retry: RetryPolicy;
	/** Whether the method may be sent again (see canRepeat in src/execute/retry.ts). */
	repeatable: boolean;
	timeoutMs: number;
	pagination?: PaginationDefinition;
	/** Items of one execution calling the same connector share its rate limit. */
	rateLimit?: { key: string; limit: RateLimitDefinition };
	/** Where redirects may lead: under the base URL, or anywhere without credentials (opt-in). */
	redirects: Pick<RedirectPolicy, 'base' | 'crossOrigin'>;
}

/** Retries and time limit of a custom endpoint, which has no connector to declare them. */
const CUSTOM_EXECUTION: Pick<ConnectorDefinition, 'retry' | 'timeoutMs'> = {
	retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30000, statuses: [429, 502, 503, 504] },
	timeoutMs: 30000,
};

export interface ItemPlan {
	built: BuiltRequest;
	endpoint: Pick<EndpointDefinition, 'key' | 'name' | 'errors' | 'response'>;
	connectorName: string;
	/** Authenticates and sends this item's requests (OAuth2: token cache, refresh on expiry). */
	access: Access;
	redactor: Redactor;
	/** How this call is executed: retries, time limit, pagination, the connector's rate limit. */
	execution: ExecutionSettings;
	/** The request with authentication shown in place, every secret as "******". */
	preview(): BuiltRequest;
}

const AUTH_NAMES: Record<AuthType, string> = {
	none: 'None',
	basic: 'Basic Auth',
	bearer: 'Bearer Token',
	apiKey: 'API Key',
	oauth2PasswordGrant: 'OAuth2 Password Grant',
	oauth2ClientCredentials: 'OAuth2 Client Credentials',
};

/** Credential fields whose values are secret, for every credential type of this package. */
const SECRET_FIELDS = ['password', 'token', 'apiKey', 'clientSecret', 'accessToken', 'refreshToken', 'webhookSecret'];

export function credentialSecrets(credential: CredentialUse | undefined): string[] {
	if (!credential) return [];
	return SECRET_FIELDS.map((field) => credential.data[field]).filter((value): value is string => typeof value === 'string');
}

const credentialRedactors = new WeakMap<CredentialUse, Redactor>();

/**
 * A credential's secrets with every derived form, built once per credential and execution (each
 * item's redactor takes them over instead of deriving them again).
 */
function credentialRedactor(credential: CredentialUse | undefined): Redactor {
	if (!credential) return new Redactor();
	let redactor = credentialRedactors.get(credential);
	if (!redactor) {
		redactor = addCredentialSecrets(new Redactor(), credential);
		credentialRedactors.set(credential, redactor);
	}
	return redactor;
}

function keyLocation(value: unknown): 'header' | 'query' | 'cookie' {
	return value === 'query' || value === 'cookie' ? value : 'header';
}

/** Adds a credential's secrets, and the Basic header values built from them, to `redactor`. */
export function addCredentialSecrets(redactor: Redactor, credential: CredentialUse | undefined): Redactor {
	if (!credential) return redactor;
	redactor.add(...credentialSecrets(credential));
	const { username, password, clientId, clientSecret } = credential.data;
	if (typeof username === 'string' && typeof password === 'string') redactor.addBasic(username, password);
	// OAuth2 client authentication sends base64(client_id:client_secret).
	if (typeof clientId === 'string' && typeof clientSecret === 'string') redactor.addBasic(clientId, clientSecret);
	return redactor;
}

/** The auth block as the credential will really apply it (an API key's place may be overridden). */
export function effectiveAuth(auth: AuthDefinition | { type: AuthType }, credential: CredentialUse | undefined): AuthDefinition {
	if (auth.type === 'apiKey') {
		return {
			type: 'apiKey',
			in: keyLocation(credential?.data.keyLocation),
			name: String(credential?.data.keyName || 'X-API-Key'),
		};
	}
	if (auth.type === 'oauth2PasswordGrant' || auth.type === 'oauth2ClientCredentials') {
		return { type: auth.type, tokenUrl: 'https://token.invalid', clientAuthentication: 'header', tokenExpiredStatuses: [401] };
	}
	return { type: auth.type } as AuthDefinition;
}

function executionSettings(
	built: BuiltRequest,
	connector: Pick<ConnectorDefinition, 'retry' | 'timeoutMs'> & Partial<Pick<ConnectorDefinition, 'key' | 'rateLimit'>>,
	endpoint: Partial<
		Pick<EndpointDefinition, 'retry' | 'timeoutMs' | 'pagination' | 'idempotent' | 'idempotencyKeyHeader' | 'crossOriginRedirects'>
	>,
	base: string,
): ExecutionSettings {
	return {
		redirects: { base, crossOrigin: endpoint.crossOriginRedirects === true },
		retry: retryPolicy(connector.retry, endpoint),
		repeatable: canRepeat(built.spec, endpoint),
		timeoutMs: endpoint.timeoutMs ?? connector.timeoutMs,
		...(endpoint.pagination ? { pagination: endpoint.pagination } : {}),
		...(connector.rateLimit && connector.key ? { rateLimit: { key: connector.key, limit: connector.rateLimit } } : {}),
	};
}

function makePlan(
	built: BuiltRequest,
	auth: AuthDefinition,
	credential: CredentialUse | undefined,
	endpoint: ItemPlan['endpoint'],
	connectorName: string,
	execution: ExecutionSettings,
): ItemPlan {
	const redactor = redactorFor(auth, built.secrets).absorb(credentialRedactor(credential));
	return {
		built,
		endpoint,
		connectorName,
		access: accessFor(auth, credential),
		redactor,
		execution,
		// The first request as sent: a paginated endpoint's first page carries its page parameters.
		preview: () => {
			const first = execution.pagination ? { ...built, spec: firstPage(built.spec, execution.pagination) } : built;
			return applyAuth(first, auth, {}, { placeholders: true });
		},
	};
}

/** The base URL requests (and redirects) stay under: the credential's override or the connector's. */
function baseOf(built: BuiltRequest, connector: ConnectorDefinition, credential: CredentialUse | undefined): string {
	const override = typeof credential?.data.baseUrl === 'string' ? credential.data.baseUrl : '';
	return parseBaseUrl(override || connector.baseUrl, `connector "${connector.key}"`).prefix || new URL(built.spec.url).origin;
}

/** Values for the endpoint's inputs: mapped in the node, or matched by name from the item. */
function inputValues(context: IExecuteFunctions, itemIndex: number, item: INodeExecutionData, endpoint: EndpointDefinition): IDataObject {
	// "Map Automatically" reads only the item: the parameter (resolved and copied by n8n on every
	// call) is not needed then. Values picked from a list ("Inputs From Lists") win over the same
	// input mapped here.
	const raw = sessionOf(context).node.parameters.inputs as Partial<ResourceMapperValue> | undefined;
	if (raw?.mappingMode !== 'autoMapInputData') {
		const mapper = context.getNodeParameter('inputs', itemIndex, { mappingMode: 'defineBelow', value: null }) as ResourceMapperValue;
		if (mapper.mappingMode !== 'autoMapInputData') return { ...((mapper.value ?? {}) as IDataObject), ...pickedInputs(context, itemIndex, endpoint) };
	}
	const picked = pickedInputs(context, itemIndex, endpoint);
	const values: IDataObject = {};
	const byLowerName = new Map(Object.keys(item.json).map((key) => [key.toLowerCase(), key]));
	for (const input of endpoint.inputs) {
		const key = input.name in item.json ? input.name : byLowerName.get(input.name.toLowerCase());
		if (key !== undefined) values[input.name] = item.json[key];
	}
	return { ...values, ...picked };
}

function checkRunnable(context: IExecuteFunctions, connector: ConnectorDefinition, itemIndex: number): void {
	if (connector.status === 'draft' && context.getMode() !== 'manual') {
		throw new NodeOperationError(
			context.getNode(),
			`Connector "${connector.name}" is a draft and does not run in production executions`,
			{
				itemIndex,
				description: 'Draft connectors only run when you test a workflow in the editor. Set the connector\'s status to "live" to use it in active workflows.',
			},
		);
	}
	const chosen = sessionOf(context).parameter<AuthType>('authentication', itemIndex, connector.auth.type);
	if (chosen !== connector.auth.type) {
		throw new NodeOperationError(
			context.getNode(),
			`Connector "${connector.name}" authenticates with ${AUTH_NAMES[connector.auth.type]}, but this node's Authentication is set to ${AUTH_NAMES[chosen] ?? chosen}`,
			{ itemIndex, description: `Set Authentication to "${AUTH_NAMES[connector.auth.type]}" and choose a credential of that type.` },
		);
	}
}

/** The generic node: connector and endpoint come from its "connector" and "endpoint" parameters. */
export async function planConnectorItem(context: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): Promise<ItemPlan> {
	const session = sessionOf(context);
	const connector = await connectorFor(context, session.parameter<string>('connector', itemIndex), itemIndex);
	const endpoint = findEndpoint(connector, session.parameter<string>('endpoint', itemIndex));
	return planEndpointItem(context, itemIndex, item, connector, endpoint);
}

/**
 * One endpoint call for one item: any node that knows its connector and endpoint (the generic node,
 * a generated per-connector node) plans through here, so no node has request code of its own.
 * Inputs come from the resource-mapper parameter "inputs", or from `inputSource` when a node keeps
 * them elsewhere (a generated node has one parameter per input: see connector-node.ts).
 */
export async function planEndpointItem(
	context: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	inputSource?: (itemIndex: number) => IDataObject,
): Promise<ItemPlan> {
	checkRunnable(context, connector, itemIndex);
	const credential = await sessionOf(context).credential(connector.auth, itemIndex);
	const inputs = inputSource ? inputSource(itemIndex) : inputValues(context, itemIndex, item, endpoint);
	let built: BuiltRequest;
	try {
		built = buildRequest({
			connector,
			endpoint,
			inputs,
			item: item.json,
			baseUrl: typeof credential?.data.baseUrl === 'string' ? credential.data.baseUrl : undefined,
			verifyTls: credential?.data.allowUnauthorizedCerts === true ? false : undefined,
		});
	} catch (error) {
		// Every build error is a configuration or input problem of this item; masked before shown,
		// secret inputs included.
		const early = new Redactor(
			endpoint.inputs.filter((input) => input.secret).map((input) => inputs[input.name]).filter((v): v is string => typeof v === 'string'),
		).absorb(credentialRedactor(credential));
		throw new NodeOperationError(context.getNode(), early.text(error instanceof Error ? error.message : String(error)), { itemIndex });
	}
	return makePlan(
		built,
		effectiveAuth(connector.auth, credential),
		credential,
		endpoint,
		connector.name,
		executionSettings(built, connector, endpoint, baseOf(built, connector, credential)),
	);
}

function nameValues(context: IExecuteFunctions, parameter: string, itemIndex: number): Array<{ name: string; value: string }> {
	const collection = context.getNodeParameter(parameter, itemIndex, {}) as { entries?: Array<{ name?: unknown; value?: unknown }> };
	return (collection.entries ?? []).map((entry) => ({ name: String(entry.name ?? ''), value: String(entry.value ?? '') }));
}

function customBody(context: IExecuteFunctions, itemIndex: number, method: string): RequestBody | undefined {
	if (method === 'GET') return undefined;
	const type = context.getNodeParameter('bodyType', itemIndex, 'none') as string;
	switch (type) {
		case 'json': {
			const raw = context.getNodeParameter('jsonBody', itemIndex, '{}') as unknown;
			if (typeof raw !== 'string') return { type: 'json', value: raw };
			try {
				return { type: 'json', value: JSON.parse(raw) as unknown };
			} catch {
				throw new NodeOperationError(context.getNode(), 'JSON Body is not valid JSON', {
					itemIndex,
					description: 'Check the JSON Body field: quotes, commas and brackets must be valid JSON.',
				});
			}
		}
		case 'form': {
			const value: Record<string, string | string[]> = {};
			for (const { name, value: fieldValue } of nameValues(context, 'formBody', itemIndex)) {
				if (!name) continue;
				const existing = value[name];
				value[name] = existing === undefined ? fieldValue : [...(Array.isArray(existing) ? existing : [existing]), fieldValue];
			}
			return { type: 'form', value };
		}
		case 'raw':
			return {
				type: 'raw',
				contentType: (context.getNodeParameter('rawContentType', itemIndex, 'text/plain') as string) || 'text/plain',
				value: context.getNodeParameter('rawBody', itemIndex, '') as string,
			};
		default:
			return undefined;
	}
}

export async function planCustomItem(context: IExecuteFunctions, itemIndex: number): Promise<ItemPlan> {
	const authType = sessionOf(context).parameter<AuthType>('authentication', itemIndex, 'none');
	const credential = await sessionOf(context).credential({ type: authType }, itemIndex);
	const method = (context.getNodeParameter('method', itemIndex, 'GET') as string).toUpperCase();
	let url = (context.getNodeParameter('url', itemIndex, '') as string).trim();
	const override = typeof credential?.data.baseUrl === 'string' ? credential.data.baseUrl.replace(/\/+$/, '') : '';
	// A path ("/orders") is appended to the credential's Base URL Override; a full URL is used as written.
	if (url.startsWith('/') && override) url = `${override}${url}`;
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'The URL is empty', {
			itemIndex,
			description: 'Enter the full URL to call, or a path such as /orders together with a credential that has a Base URL Override.',
		});
	}
	const responseFormat = context.getNodeParameter('responseFormat', itemIndex, 'json') as 'json' | 'text';
	const recordsPath = (context.getNodeParameter('recordsPath', itemIndex, '') as string).trim();
	const spec = buildCustomRequest({
		method,
		url,
		query: nameValues(context, 'queryParameters', itemIndex),
		headers: nameValues(context, 'headerParameters', itemIndex),
		body: customBody(context, itemIndex, method),
		responseFormat,
		verifyTls: credential?.data.allowUnauthorizedCerts === true ? false : undefined,
	});
	const endpoint: ItemPlan['endpoint'] = {
		key: 'custom',
		name: 'Custom Endpoint',
		errors: {},
		response: { format: responseFormat, split: true, ...(recordsPath ? { recordsPath } : {}) },
	};
	const built = { spec, secrets: [] };
	return makePlan(
		built,
		effectiveAuth({ type: authType }, credential),
		credential,
		endpoint,
		'custom endpoint',
		// A custom endpoint has no base path: redirects may stay anywhere on its origin.
		executionSettings(built, CUSTOM_EXECUTION, {}, new URL(spec.url).origin),
	);
}
