/**
 * n8n's own HTTP Request node, for comparison, when the real n8n server is installed.
 *
 * `npm start` / `npm run test:e2e` install n8n once into a cache folder outside the clone
 * (scripts/n8n/runtime.js): $DATA_CONNECTORS_N8N_CACHE, or ${XDG_CACHE_HOME:-~/.cache}/
 * n8n-nodes-data-connectors, with n8n in `n8n-<version>/` and a `.complete` marker once the install
 * finished. The benchmark loads the HTTP Request node and the Header Auth credential from that
 * install's n8n-nodes-base and runs them on the same n8n-core engine as the Data Connector node (the
 * version of the n8n-core devDependency must match the installed n8n), so both nodes are measured in
 * the same process against the same API. Nothing is installed from here.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { version as engineVersion } from 'n8n-core/package.json';
import type { ICredentialType, IDataObject, INodeParameters, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { runWorkflow } from '../test/harness/run-workflow';
import type { LoopbackApi } from './loopback';
import type { RefundItem } from './raw-client';

/** The type name n8n gives the node; n8n-core grants generic credentials to this name only. */
const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';

export interface N8nInstall {
	folder: string;
	version: string;
	httpRequest: IVersionedNodeType;
	headerAuth: ICredentialType;
}

export type N8nLookup = { found: N8nInstall } | { skipped: string };

function cacheRoot(): string {
	if (process.env.DATA_CONNECTORS_N8N_CACHE) return resolve(process.env.DATA_CONNECTORS_N8N_CACHE);
	return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-data-connectors');
}

export async function findN8n(): Promise<N8nLookup> {
	const notInstalled = { skipped: 'n8n not installed; run npm run test:e2e or npm start once' };
	if (process.env.BENCH_N8N === '0') return { skipped: 'BENCH_N8N=0' };
	const version = engineVersion;
	const folder = join(cacheRoot(), `n8n-${version}`);
	const base = join(folder, 'node_modules', 'n8n-nodes-base', 'dist');
	const nodeFile = join(base, 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	const credentialFile = join(base, 'credentials', 'HttpHeaderAuth.credentials.js');
	if (!existsSync(join(folder, '.complete')) || !existsSync(nodeFile) || !existsSync(credentialFile)) return notInstalled;
	try {
		const { HttpRequest } = (await import(nodeFile)) as { HttpRequest: new () => IVersionedNodeType };
		const { HttpHeaderAuth } = (await import(credentialFile)) as { HttpHeaderAuth: new () => ICredentialType };
		const httpRequest = new HttpRequest();
		// n8n's node loader prefixes the package name; so must we, or n8n-core refuses generic credentials.
		httpRequest.description.name = HTTP_REQUEST_TYPE;
		return { found: { folder, version, httpRequest, headerAuth: new HttpHeaderAuth() } };
	} catch (error) {
		return { skipped: `n8n ${version} is installed in ${folder} but its HTTP Request node did not load: ${String(error)}` };
	}
}

/** The HTTP Request node's parameters for one refund per item (Header Auth credential). */
export function httpRequestRefundParameters(baseUrl: string, options: IDataObject): INodeParameters {
	return {
		method: 'POST',
		url: `=${baseUrl}/orders/{{ encodeURIComponent($json.orderId) }}/refunds`,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Idempotency-Key', value: '={{ $json.idempotencyKey }}' }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ amount: $json.amount, currency: $json.currency, reason: $json.reason, comment: $json.comment }) }}',
		options,
	} as INodeParameters;
}

/**
 * The same refunds as the Data Connector's processRefund: URL, Idempotency-Key header and JSON body
 * from expressions, the API key from a Header Auth credential. Options at n8n's defaults, which send
 * every item's request at once (batching only spaces batches out; it does not bound concurrency).
 */
export async function runHttpRequestRefunds(n8n: N8nInstall, api: LoopbackApi, items: RefundItem[]): Promise<void> {
	const result = await runWorkflow({
		nodeTypes: [n8n.httpRequest as unknown as INodeType],
		credentialTypes: [n8n.headerAuth],
		credentials: [{ id: 'header', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: api.apiKey } }],
		node: {
			type: HTTP_REQUEST_TYPE,
			credentials: { httpHeaderAuth: 'header' },
			parameters: httpRequestRefundParameters(api.baseUrl, {}),
		},
		items: items as unknown as IDataObject[],
	});
	const error = result.error ?? result.nodeError;
	if (error) throw new Error(`the HTTP Request node failed: ${String(error.message)}`);
	if (result.items.length !== items.length) throw new Error(`expected ${items.length} refunds, got ${result.items.length}`);
}
