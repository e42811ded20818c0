/**
 * The Data Connector node on n8n-core's real engine (test/harness), against the loopback API:
 * the packaged Order Service connector with its credential's Base URL Override pointing at the
 * API, and the benchmark's paginated collection as a connector served by a loopback hub (bench-hub.ts).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { DataConnectorHubApi } from '../credentials/DataConnectorHubApi.credentials';
import { benchHubCredential, serveFromHub } from './bench-hub';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { runWorkflow, type RunWorkflowResult } from '../test/harness/run-workflow';
import { mapperValue } from '../test/helpers/resource-mapper';
import type { LoopbackApi } from './loopback';
import type { RefundItem } from './raw-client';

export const RECORDS_CONNECTOR = 'benchRecords';

export type PaginationStyle = 'offset' | 'page' | 'cursor';

export const recordsEndpointKey = (style: PaginationStyle, pageSize: number) => `${style}${pageSize}`;

/** One endpoint per pagination style and page size, all over the same collection. */
export async function serveRecordsConnector(api: LoopbackApi, pageSizes: number[]): Promise<void> {
	const cap = { maxPages: 100_000 };
	const endpoints = pageSizes.flatMap((size) => [
		{
			key: recordsEndpointKey('offset', size),
			name: `Records, offset/limit, ${size} per page`,
			path: '/records',
			pagination: { type: 'offset', limit: size, totalPath: 'total', ...cap },
			response: { recordsPath: 'data' },
		},
		{
			key: recordsEndpointKey('page', size),
			name: `Records, page numbers, ${size} per page`,
			path: '/records/pages',
			pagination: { type: 'page', sizeParam: 'size', size, totalPath: 'total', ...cap },
			response: { recordsPath: 'data' },
		},
		{
			key: recordsEndpointKey('cursor', size),
			name: `Records, cursor, ${size} per page`,
			path: '/records/cursor',
			query: [{ key: 'limit', value: size }],
			pagination: { type: 'cursor', cursorPath: 'next', ...cap },
			response: { recordsPath: 'data' },
		},
	]);
	const connector = {
		key: RECORDS_CONNECTOR,
		name: 'Benchmark Records',
		categories: ['Benchmark'],
		baseUrl: api.baseUrl,
		auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
		endpoints,
	};
	await serveFromHub(connector);
}


/**
 * How the refund inputs are filled: 'auto' takes them by name from each item ("Map Automatically"),
 * 'expressions' maps each with an n8n expression such as {{ $json.orderId }} ("Map Each Input Manually").
 */
export type InputMapping = 'auto' | 'expressions';

const REFUND_INPUTS = ['orderId', 'amount', 'currency', 'reason', 'comment', 'idempotencyKey'];

async function runNode(api: LoopbackApi, parameters: INodeParameters, items: IDataObject[]): Promise<RunWorkflowResult> {
	const result = await runWorkflow({
		nodeTypes: [DataConnector],
		credentialTypes: [DataConnectorApiKeyApi, DataConnectorHubApi],
		credentials: [{ id: 'bench', type: 'dataConnectorApiKeyApi', data: { apiKey: api.apiKey, baseUrl: api.baseUrl } }, ...benchHubCredential()],
		node: { type: 'dataConnector', parameters },
		items,
	});
	const error = result.error ?? result.nodeError;
	if (error) throw new Error(`the Data Connector node failed: ${String(error.message)} ${String(error.description ?? '')}`);
	return result;
}

/** The Order Service's processRefund for every item; checks that each item got its refund. */
export async function runRefunds(api: LoopbackApi, items: RefundItem[], concurrency: number, mapping: InputMapping): Promise<void> {
	const value = mapping === 'auto' ? null : Object.fromEntries(REFUND_INPUTS.map((name) => [name, `={{ $json.${name} }}`]));
	const parameters: INodeParameters = {
		mode: 'connector',
		connector: 'orderService',
		endpoint: 'processRefund',
		inputs: mapperValue(value, mapping === 'auto' ? 'autoMapInputData' : 'defineBelow'),
		options: { concurrency },
	};
	const result = await runNode(api, parameters, items as unknown as IDataObject[]);
	if (result.items.length !== items.length) throw new Error(`expected ${items.length} refunds, got ${result.items.length}`);
	const last = result.items[result.items.length - 1].json;
	if (last.orderId !== items[items.length - 1].orderId || last.status !== 'pending') {
		throw new Error(`unexpected refund for the last item: ${JSON.stringify(last)}`);
	}
}

/** All records of the collection (or the first `maxRecords`) for one input item. */
export async function runRecords(
	api: LoopbackApi,
	endpoint: string,
	maxRecords: number,
): Promise<RunWorkflowResult> {
	const parameters: INodeParameters = {
		mode: 'connector',
		connector: RECORDS_CONNECTOR,
		endpoint,
		authentication: 'apiKey',
		inputs: mapperValue({}, 'defineBelow'),
		options: maxRecords > 0 ? { maxRecords } : {},
	};
	return runNode(api, parameters, [{}]);
}
