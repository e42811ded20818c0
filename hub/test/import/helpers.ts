/** Shared checks for importer tests: the draft must validate, and its sample call must build the original request. */
import { buildRequest, parseDefinition, type ConnectorDefinition, type RequestSpec } from 'n8n-nodes-data-connectors';
import type { ImportResult } from '../../src/import/report';

/** The connector as the runtime loads it; throws (failing the test) if `validate` would refuse it. */
export function validated(result: ImportResult): ConnectorDefinition {
	return parseDefinition(result.connector, 'imported');
}

/** The request an endpoint sends with the given inputs (default: its sample data). */
export function sampleRequest(result: ImportResult, endpointKey?: string, inputs?: Record<string, unknown>): RequestSpec {
	const connector = validated(result);
	const endpoint = endpointKey ? connector.endpoints.find((candidate) => candidate.key === endpointKey) : connector.endpoints[0];
	if (!endpoint) throw new Error(`no endpoint ${endpointKey}; have ${connector.endpoints.map((candidate) => candidate.key).join(', ')}`);
	return buildRequest({ connector, endpoint, inputs: inputs ?? endpoint.sampleData ?? {} }).spec;
}

export function messages(result: ImportResult, kind?: string): string[] {
	return result.report.filter((entry) => !kind || entry.kind === kind).map((entry) => `${entry.where}: ${entry.message}`);
}

/** The endpoint with this key, failing the test if there is none. */
export function endpointNamed(connector: ConnectorDefinition, key: string): ConnectorDefinition['endpoints'][number] {
	const found = connector.endpoints.find((candidate) => candidate.key === key);
	if (!found) throw new Error(`no endpoint ${key}; have ${connector.endpoints.map((candidate) => candidate.key).join(', ')}`);
	return found;
}
