/**
 * The records a sent endpoint test would give in n8n: the node's own response reading
 * (readResponse: records path, split, empty bodies) and its default "Simplified" output (the
 * endpoint's response fields), so the Studio shows what a workflow step will output.
 */
import { type EndpointDefinition, type EndpointTestResult, readResponse, simplifyRecords } from '../runtime';

export interface TestRecords {
	records?: Array<Record<string, unknown>>;
	/** Why the answer gives no records (not JSON, records path missing, a file). */
	recordsError?: string;
}

export function testRecords(endpoint: EndpointDefinition, result: EndpointTestResult, url: string): TestRecords {
	if (!result.ok) return {};
	if (endpoint.response.format === 'binary') return { recordsError: 'The endpoint answers a file: the node puts it into the binary data of one item' };
	const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
	try {
		const records = readResponse(endpoint, { status: result.status, headers: result.headers, body }, { method: endpoint.method, url });
		return { records: simplifyRecords(records, endpoint.response.fields) };
	} catch (error) {
		return { recordsError: error instanceof Error ? error.message : String(error) };
	}
}
