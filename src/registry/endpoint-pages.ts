/**
 * Following an endpoint's pagination outside n8n (the CLI's `request --send --all-pages`), with the
 * same pure decisions as the node (src/execute/paginate.ts): the first page exactly as the node's
 * first request, then every next page until the API, the total, `maxPages` or the record cap says
 * stop. Records are read as the node reads them (recordsPath, split) and come back masked.
 */
import type { ConnectorDefinition, EndpointDefinition } from '../definition/types';
import { newPageState, type NextPage, nextPage, PaginationError } from '../execute/paginate';
import { fullUrl } from '../request/spec';
import { httpErrorFor, isSuccess } from '../response/errors';
import { readResponse } from '../response/read';
import type { ResponseRecord } from '../response/types';
import { sendFollowingRedirects } from '../execute/redirect';
import { authorizedRequest, checkWriteAllowed, endpointRedirects, type EndpointTestOptions, type Transport } from './test-endpoint';

export interface AllPagesResult {
	ok: boolean;
	/** Status of the last response. */
	status: number;
	pages: number;
	records: ResponseRecord[];
	/** Why paging stopped: "the total", "an empty page", "the record cap (1000)", ... */
	stoppedBy: string;
	error?: string;
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export async function sendAllPages(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	options: EndpointTestOptions & { allowWrite?: boolean; allowWriteHint?: string; timeoutMs?: number; maxRecords: number },
	transport: Transport,
): Promise<AllPagesResult> {
	checkWriteAllowed(endpoint, options);
	const timeoutMs = options.timeoutMs ?? 30_000;
	const { request, authorize, redactor } = await authorizedRequest(connector, endpoint, options, transport, timeoutMs);
	const redirects = endpointRedirects(connector, endpoint, options, redactor);
	const pagination = endpoint.pagination;
	const state = newPageState();
	const records: ResponseRecord[] = [];
	const result = (ok: boolean, status: number, stoppedBy: string, error?: string): AllPagesResult =>
		redactor.value({ ok, status, pages: state.pages, records, stoppedBy, ...(error ? { error: redactor.text(error) } : {}) });
	// Pages are computed on the request without credentials, as in the node (where n8n adds them
	// to each request), then authenticated: query parameters keep the node's order.
	let spec = request.spec;
	for (;;) {
		const response = await sendFollowingRedirects(authorize({ ...request, spec }).spec, redirects, (next) => transport(next, timeoutMs));
		const summary = { method: spec.method, url: redactor.text(fullUrl(spec)) };
		if (!isSuccess(response.status)) {
			state.pages += 1;
			return result(false, response.status, `an error status on page ${state.pages}`, httpErrorFor(endpoint, response, summary).message);
		}
		// A page with no body at all (204) ends a paginated list, as in the node.
		if (pagination && state.pages > 0 && (response.status === 204 || !response.body.trim())) return result(true, response.status, 'an empty page');
		let page: ResponseRecord[];
		try {
			page = readResponse(endpoint, response, summary, connector.name);
		} catch (error) {
			state.pages += 1;
			return result(false, response.status, `an unreadable page ${state.pages}`, (error as Error).message);
		}
		records.push(...page.slice(0, options.maxRecords - records.length));
		if (!pagination) {
			state.pages = 1;
			return result(true, response.status, 'the endpoint does not paginate');
		}
		let next: NextPage;
		try {
			next = nextPage(pagination, state, spec, response, parsed(response.body), page, options.maxRecords);
		} catch (error) {
			if (!(error instanceof PaginationError)) throw error;
			return result(false, response.status, 'a repeating page', error.message);
		}
		if (next.done) {
			const reason = next.reason === 'the record limit' ? `the record cap (${options.maxRecords})` : next.reason;
			return result(true, response.status, reason);
		}
		spec = next.spec;
	}
}
