/**
 * What each operation of the Data Connector Registry node does for one item. The registry rules
 * (built-in connectors read-only, versions, merge, masking, usage checks, atomic writes) are all in
 * src/registry; here are only parameters in, items out, and the two things that need n8n: the n8n
 * API call (through the credential) and the endpoint test (through the Data Connector pipeline, so
 * it authenticates and sends exactly as the Data Connector node does).
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';
import { fullUrl, httpErrorFor, printableRequest } from '../../src';
import type { ConnectorRegistry, GuardOptions } from '../../src/registry/registry';
import type { ListQuery } from '../../src/registry/search';
import { findEndpointOf, testInputs } from '../../src/registry/test-endpoint';
import { n8nApiSource, type UsageSource } from '../../src/registry/usage';
import { workflowFolderSource } from '../../src/registry/workflow-files';
import { fetchRecords, RateLimiters } from '../shared/fetch';
import { planEndpointItem } from '../shared/plan';
import { N8N_API_CREDENTIAL } from './description';

type Action = (context: IExecuteFunctions, registry: ConnectorRegistry, itemIndex: number, item: INodeExecutionData) => Promise<IDataObject[]>;

const asData = (value: unknown) => value as IDataObject;

function jsonParameter(context: IExecuteFunctions, name: string, itemIndex: number, label: string): unknown {
	const raw = context.getNodeParameter(name, itemIndex) as unknown;
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `${label} is not valid JSON: ${(error as Error).message}`, { itemIndex });
	}
}

const connectorKey = (context: IExecuteFunctions, itemIndex: number) => context.getNodeParameter('connector', itemIndex) as string;

function expectedVersion(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = context.getNodeParameter('expectedVersion', itemIndex, 0) as number;
	return value > 0 ? value : undefined;
}

/** Where the workflows that may use a connector are: the n8n API credential or a folder. */
async function usageSource(context: IExecuteFunctions, itemIndex: number): Promise<UsageSource | undefined> {
	const source = context.getNodeParameter('usageSource', itemIndex, 'n8nApi') as string;
	if (source === 'workflowsFolder') return workflowFolderSource(context.getNodeParameter('workflowsFolder', itemIndex) as string);
	if (source !== 'n8nApi') return undefined;
	const credentials = await context.getCredentials(N8N_API_CREDENTIAL, itemIndex);
	return n8nApiSource(String(credentials.baseUrl ?? ''), async (url) => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, N8N_API_CREDENTIAL, {
			method: 'GET',
			url,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		return { status: response.statusCode, body: response.body };
	});
}

async function guard(context: IExecuteFunctions, itemIndex: number): Promise<GuardOptions> {
	const force = context.getNodeParameter('force', itemIndex, false) as boolean;
	return { force, expectedVersion: expectedVersion(context, itemIndex), usage: force ? undefined : await usageSource(context, itemIndex) };
}

const getAll: Action = async (context, registry, itemIndex) => {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const query: ListQuery = {
		query: context.getNodeParameter('query', itemIndex, '') as string,
		category: typeof filters.category === 'string' ? filters.category : undefined,
		status: filters.status as ListQuery['status'],
		auth: typeof filters.auth === 'string' ? filters.auth : undefined,
		builtIn: filters.source === undefined ? undefined : filters.source === 'builtIn',
		size: returnAll ? Number.MAX_SAFE_INTEGER : (context.getNodeParameter('limit', itemIndex, 50) as number),
		offset: context.getNodeParameter('offset', itemIndex, 0) as number,
	};
	const page = registry.list(query);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.pagingInfo === true) return [asData({ ...page, size: returnAll ? page.total : page.size })];
	return page.items.map(asData);
};

const get: Action = async (context, registry, itemIndex) => [asData(registry.get(connectorKey(context, itemIndex)))];

const create: Action = async (context, registry, itemIndex) => [
	asData(await registry.create(jsonParameter(context, 'definition', itemIndex, 'Definition'))),
];

const update: Action = async (context, registry, itemIndex) => [
	asData(
		await registry.update(connectorKey(context, itemIndex), jsonParameter(context, 'definition', itemIndex, 'Changes'), {
			mode: context.getNodeParameter('updateMode', itemIndex, 'merge') as 'merge' | 'replace',
			expectedVersion: expectedVersion(context, itemIndex),
		}),
	),
];

const remove: Action = async (context, registry, itemIndex) => [
	asData(await registry.remove(connectorKey(context, itemIndex), await guard(context, itemIndex))),
];

const setStatus: Action = async (context, registry, itemIndex) => {
	const status = context.getNodeParameter('status', itemIndex) as 'live' | 'draft';
	const options = status === 'draft' ? await guard(context, itemIndex) : { expectedVersion: expectedVersion(context, itemIndex) };
	return [asData(await registry.setStatus(connectorKey(context, itemIndex), status, options))];
};

const getUsage: Action = async (context, registry, itemIndex) => {
	const source = await usageSource(context, itemIndex);
	if (!source) {
		throw new NodeOperationError(context.getNode(), 'Choose where to look for workflows: the n8n API or a workflows folder', { itemIndex });
	}
	return [asData(await registry.usage(connectorKey(context, itemIndex), source))];
};

/**
 * A dry run outputs the request (secrets masked); a real call outputs { ok, status, headers, body }
 * and, for an error status, the endpoint's message, without failing: it is a test.
 */
const test: Action = async (context, registry, itemIndex, item) => {
	const connector = registry.definition(connectorKey(context, itemIndex));
	const endpoint = findEndpointOf(connector, context.getNodeParameter('endpoint', itemIndex) as string);
	const given = jsonParameter(context, 'inputs', itemIndex, 'Inputs');
	if (given !== null && given !== undefined && (typeof given !== 'object' || Array.isArray(given))) {
		throw new NodeOperationError(context.getNode(), 'Inputs must be a JSON object of input values by name', { itemIndex });
	}
	const inputs = testInputs(endpoint, (given ?? {}) as IDataObject);
	const plan = await planEndpointItem(context, itemIndex, item, connector, endpoint, () => inputs as IDataObject);
	if (!(context.getNodeParameter('send', itemIndex, false) as boolean)) {
		const printable = printableRequest(plan.preview().spec, plan.redactor);
		return [asData({ sent: false, request: { ...printable, body: printable.body ?? null } })];
	}
	if (endpoint.method !== 'GET' && !(context.getNodeParameter('allowWrite', itemIndex, false) as boolean)) {
		throw new NodeOperationError(
			context.getNode(),
			`Endpoint "${endpoint.name}" uses ${endpoint.method}, which can change data; turn on Allow Write to really send it`,
			{ itemIndex },
		);
	}
	const timeoutMs = context.getNodeParameter('timeout', itemIndex, 30000) as number;
	const [record] = await fetchRecords(
		context,
		itemIndex,
		plan,
		{ fullResponse: true, neverError: true, maxRecords: 0, maxAttempts: 1, timeoutMs },
		new RateLimiters(),
	);
	const status = Number(record.status);
	const ok = status >= 200 && status < 300;
	const result: IDataObject = { sent: true, ok, ...record };
	if (!ok) {
		const body = typeof record.body === 'string' ? record.body : JSON.stringify(record.body ?? '');
		const error = httpErrorFor(
			endpoint,
			{ status, headers: (record.headers ?? {}) as Record<string, string>, body },
			{ method: plan.built.spec.method, url: plan.redactor.text(fullUrl(plan.built.spec)) },
		);
		result.error = plan.redactor.text(error.message);
	}
	return [result];
};

export const ACTIONS: Record<string, Action> = { getAll, get, create, update, delete: remove, setStatus, getUsage, test };
