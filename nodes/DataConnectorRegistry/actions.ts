/**
 * What each operation of the Data Connector Registry node does for one item. The registry rules
 * (built-in connectors read-only, versions, merge, masking, usage checks) are the Data Connector
 * Hub's: here are only parameters in, one hub request (hub-actions.ts), items out. The endpoint
 * test runs in n8n, through the Data Connector pipeline, so it authenticates and sends exactly as
 * the Data Connector node does, with the node's own credential.
 */
import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';
import { fullUrl, httpErrorFor, printableRequest } from '../../src';
import { findEndpointOf, testInputs } from '../../src/registry/test-endpoint';
import { connectorFor } from '../shared/catalog';
import { fetchRecords, RateLimiters } from '../shared/fetch';
import { type HubClient, hubErrorOf, type HubReply } from '../shared/hub/client';
import type { HubRequest } from '../shared/hub/requests';
import { planEndpointItem } from '../shared/plan';
import {
	createConnectorRequest,
	deleteConnectorRequest,
	getConnectorRequest,
	listConnectorsRequest,
	statusRequest,
	updateConnectorRequest,
	usageRequest,
} from './hub-actions';

type Action = (context: IExecuteFunctions, hub: HubClient, itemIndex: number, item: INodeExecutionData) => Promise<IDataObject[]>;

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

const FORCE_HINTS: Array<[RegExp, string]> = [[/add \?force=true \(a token with the admin role\) to do it anyway/g, 'turn on Force (the hub credential\'s token needs the admin role) to do it anyway']];

/** One hub request whose answer must be 2xx; anything else is a node error with the hub's message and problems. */
async function call(context: IExecuteFunctions, hub: HubClient, request: HubRequest, itemIndex: number, what: string): Promise<HubReply> {
	const reply = await hub.send(request);
	if ('unreachable' in reply) throw new NodeOperationError(context.getNode(), reply.unreachable, { itemIndex });
	if (reply.status >= 200 && reply.status < 300) return reply;
	const { message, problems, workflows } = hubErrorOf(reply.body);
	let text = message ? hub.redactor.text(message) : hub.failure(reply, what).message;
	for (const [pattern, hint] of FORCE_HINTS) text = text.replace(pattern, hint);
	const lines = (problems ?? []).map((problem) => `${problem.path}: ${problem.message}`);
	const description = lines.length ? lines.join('\n') : workflows ? `Workflows: ${JSON.stringify(workflows)}` : `The Data Connector Hub at ${hub.hub.url} answered ${reply.status}`;
	throw new NodeOperationError(context.getNode(), text, { itemIndex, description: hub.redactor.text(description) });
}

/** The ETag to send as If-Match when the builder named the version the change is based on. */
async function ifMatch(context: IExecuteFunctions, hub: HubClient, itemIndex: number): Promise<string | undefined> {
	const expected = expectedVersion(context, itemIndex);
	if (expected === undefined) return undefined;
	const key = connectorKey(context, itemIndex);
	const reply = await call(context, hub, getConnectorRequest(key), itemIndex, `read connector "${key}"`);
	const version = (reply.body as IDataObject).version;
	if (version !== expected) {
		throw new NodeOperationError(context.getNode(), `connector ${key} changed since you read it (now version ${String(version)}, yours ${expected}); get it again and re-apply your change`, {
			itemIndex,
		});
	}
	return typeof reply.headers.etag === 'string' ? reply.headers.etag : undefined;
}

const force = (context: IExecuteFunctions, itemIndex: number) => context.getNodeParameter('force', itemIndex, false) as boolean;

/** The hub's biggest page, for Return All. */
const PAGE = 500;

const getAll: Action = async (context, hub, itemIndex) => {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const list = {
		query: context.getNodeParameter('query', itemIndex, '') as string,
		category: typeof filters.category === 'string' ? filters.category : undefined,
		status: typeof filters.status === 'string' ? filters.status : undefined,
		auth: typeof filters.auth === 'string' ? filters.auth : undefined,
		source: typeof filters.source === 'string' ? filters.source : undefined,
		size: returnAll ? PAGE : (context.getNodeParameter('limit', itemIndex, 50) as number),
		offset: context.getNodeParameter('offset', itemIndex, 0) as number,
	};
	const first = (await call(context, hub, listConnectorsRequest(list), itemIndex, 'list its connectors')).body as { total: number; offset: number; size: number; items: IDataObject[] };
	const items = [...first.items];
	while (returnAll && list.offset + items.length < first.total) {
		const next = (await call(context, hub, listConnectorsRequest({ ...list, offset: list.offset + items.length }), itemIndex, 'list its connectors')).body as { items: IDataObject[] };
		if (!next.items.length) break;
		items.push(...next.items);
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.pagingInfo === true) return [asData({ ...first, size: returnAll ? first.total : list.size, items })];
	return items;
};

const get: Action = async (context, hub, itemIndex) => {
	const key = connectorKey(context, itemIndex);
	return [asData((await call(context, hub, getConnectorRequest(key), itemIndex, `read connector "${key}"`)).body)];
};

const create: Action = async (context, hub, itemIndex) => [
	asData((await call(context, hub, createConnectorRequest(jsonParameter(context, 'definition', itemIndex, 'Definition')), itemIndex, 'create a connector')).body),
];

const update: Action = async (context, hub, itemIndex) => {
	const key = connectorKey(context, itemIndex);
	const mode = context.getNodeParameter('updateMode', itemIndex, 'merge') as 'merge' | 'replace';
	const request = updateConnectorRequest(key, jsonParameter(context, 'definition', itemIndex, 'Changes'), mode, expectedVersion(context, itemIndex));
	return [asData((await call(context, hub, request, itemIndex, `update connector "${key}"`)).body)];
};

const remove: Action = async (context, hub, itemIndex) => {
	const key = connectorKey(context, itemIndex);
	const request = deleteConnectorRequest(key, force(context, itemIndex), await ifMatch(context, hub, itemIndex));
	return [asData((await call(context, hub, request, itemIndex, `delete connector "${key}"`)).body)];
};

const setStatus: Action = async (context, hub, itemIndex) => {
	const key = connectorKey(context, itemIndex);
	const status = context.getNodeParameter('status', itemIndex) as 'live' | 'draft';
	const request = statusRequest(key, status, status === 'draft' && force(context, itemIndex), await ifMatch(context, hub, itemIndex));
	return [asData((await call(context, hub, request, itemIndex, `set the status of connector "${key}"`)).body)];
};

const getUsage: Action = async (context, hub, itemIndex) => {
	const key = connectorKey(context, itemIndex);
	return [asData((await call(context, hub, usageRequest(key), itemIndex, `tell which workflows use connector "${key}"`)).body)];
};

/**
 * A dry run outputs the request (secrets masked); a real call outputs { ok, status, headers, body }
 * and, for an error status, the endpoint's message, without failing: it is a test.
 */
const test: Action = async (context, _hub, itemIndex, item) => {
	const connector = await connectorFor(context, connectorKey(context, itemIndex), itemIndex);
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
