/**
 * What the runtime itself costs per item, without network or n8n: the steps of the pipeline that
 * are this package's code, timed in a tight loop on the Order Service's processRefund.
 *   build      buildRequest: inputs checked and typed, templates rendered, URL, body, headers
 *   send prep  toN8nRequest: the body serialized and n8n's request options assembled
 *   read       readResponse: the 201 answer parsed into records
 */
import { buildRequest, parseDefinition, readResponse, Redactor } from '../src';
import { firstPage, newPageState, nextPage } from '../src/execute/paginate';
import { findEndpoint, packagedCatalog } from '../nodes/shared/catalog';
import { toN8nRequest } from '../nodes/shared/send';
import { record } from './api-server';
import { collectGarbage } from './measure';
import type { RefundItem } from './raw-client';

export interface StepCost {
	name: string;
	/** Microseconds per item. */
	us: number;
}

function perItem(iterations: number, run: (index: number) => unknown): number {
	// Warm up first, so that the JIT has compiled what the node will run 1,000 times.
	for (let index = 0; index < Math.min(iterations, 2000); index++) run(index);
	collectGarbage();
	let sink = 0;
	const started = process.hrtime.bigint();
	for (let index = 0; index < iterations; index++) sink += run(index) ? 1 : 0;
	const us = Number(process.hrtime.bigint() - started) / 1000 / iterations;
	if (sink < 0) throw new Error('unreachable');
	return us;
}

export function runtimeOverhead(items: RefundItem[], baseUrl: string, iterations: number): StepCost[] {
	const connector = packagedCatalog().get('orderService')!;
	const endpoint = findEndpoint(connector, 'processRefund');
	const build = (index: number) => {
		const item = items[index % items.length];
		return buildRequest({ connector, endpoint, inputs: { ...item }, item, baseUrl });
	};
	const built = build(0);
	const answer = {
		status: 201,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id: 'RF-000001', orderId: items[0].orderId, amount: items[0].amount, currency: 'EUR', reason: 'damaged', status: 'pending' }),
	};
	const summary = { method: built.spec.method, url: built.spec.url };
	return [
		{ name: 'buildRequest (inputs, templates, URL, JSON body, headers)', us: perItem(iterations, build) },
		{ name: 'redactor + toN8nRequest (body serialized, n8n request options)', us: perItem(iterations, () => new Redactor(built.secrets) && toN8nRequest(built.spec, 30_000)) },
		{ name: 'readResponse (201 JSON answer to records)', us: perItem(iterations, () => readResponse(endpoint, answer, summary, connector.name)) },
	];
}

/**
 * What the runtime does with one page of a paginated list, without network: read the records, and
 * decide on the next page (fetch.ts parses the body once more for that decision, and nextPage
 * serializes the records to detect an API that repeats a page).
 */
export function pageCosts(pageSize: number, baseUrl: string, iterations: number): StepCost[] {
	const connector = parseDefinition(
		{
			key: 'pages',
			name: 'Pages',
			categories: ['Benchmark'],
			baseUrl,
			endpoints: [{ key: 'list', name: 'List', path: '/records', pagination: { type: 'offset', limit: pageSize }, response: { recordsPath: 'data' } }],
		},
		'bench-pages.json',
	);
	const endpoint = connector.endpoints[0];
	const pagination = endpoint.pagination;
	if (!pagination) throw new Error('the benchmark endpoint has no pagination');
	const spec = firstPage(buildRequest({ connector, endpoint }).spec, pagination);
	const data = Array.from({ length: pageSize }, (_, index) => record(index));
	const response = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data, total: pageSize * 10 }) };
	const summary = { method: spec.method, url: spec.url };
	const records = readResponse(endpoint, response, summary, connector.name);
	const parsed: unknown = JSON.parse(response.body);
	return [
		{ name: 'readResponse (body parsed, records taken)', us: perItem(iterations, () => readResponse(endpoint, response, summary, connector.name)) },
		{ name: 'body parsed again for the next-page decision (fetch.ts)', us: perItem(iterations, () => JSON.parse(response.body)) },
		{ name: 'nextPage (incl. the repeated-page check)', us: perItem(iterations, () => nextPage(pagination, newPageState(), spec, response, parsed, records)) },
	];
}
