/**
 * `data-connectors import openapi <file>`: an OpenAPI 2.0/3.0/3.1 document (JSON or YAML) becomes
 * a draft connector, one endpoint per operation (filtered by --tag / --operations), with a report
 * of everything dropped or approximated.
 */
import { connectorIdentity, type ConnectorNaming } from '../connector-naming';
import { finishDraft } from '../draft';
import type { EndpointInput } from '../literal-request';
import { KeyScope } from '../names';
import { ImportRefusal, ImportReport, type ImportResult } from '../report';
import { endpointOf, routeOf } from './endpoint';
import { loadSpec, type Json } from './load';
import { operationsOf, type SpecOperation } from './operations';
import { RefResolver } from './refs';
import { errorsOf } from './responses';
import { oneLine } from './schema';
import { authFromSpec } from './security';
import { baseUrlOf, serverUrl } from './servers';

export interface OpenApiImportOptions extends ConnectorNaming {
	baseUrl?: string;
	/** Only operations with one of these tags (case-insensitive). */
	tags?: string[];
	/** Only these operations (operationId, or "METHOD /path"). */
	operations?: string[];
	/** The file name, for messages. */
	source?: string;
}

function selected(all: SpecOperation[], options: OpenApiImportOptions): SpecOperation[] {
	let operations = all;
	if (options.tags?.length) {
		const wanted = new Set(options.tags.map((tag) => tag.toLowerCase()));
		operations = operations.filter((operation) => operation.tags.some((tag) => wanted.has(tag.toLowerCase())));
		if (!operations.length) {
			const known = [...new Set(all.flatMap((operation) => operation.tags))].sort();
			throw new ImportRefusal(`no operation has the tag ${options.tags.join(' or ')}; tags in this spec: ${known.join(', ') || '(none)'}`);
		}
	}
	if (options.operations?.length) {
		const matches = (operation: SpecOperation, id: string) => operation.id === id || routeOf(operation).toLowerCase() === id.toLowerCase();
		const missing = options.operations.filter((id) => !operations.some((operation) => matches(operation, id)));
		if (missing.length) throw new ImportRefusal(`operation${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')} (give operationIds, or "METHOD /path")`);
		operations = operations.filter((operation) => options.operations?.some((id) => matches(operation, id)));
	}
	return operations;
}

export function importOpenApi(text: string, options: OpenApiImportOptions = {}): ImportResult {
	const report = new ImportReport();
	const spec = loadSpec(text, options.source);
	const resolver = new RefResolver(spec.document);
	const all = operationsOf(spec, resolver);
	if (!all.length) throw new ImportRefusal('the document declares no operations under "paths"');
	const operations = selected(all, options);
	const baseUrl = baseUrlOf(spec, options.baseUrl, report);
	const auth = authFromSpec(spec, operations, resolver, baseUrl, report);

	const keys = new KeyScope();
	const endpoints: EndpointInput[] = [];
	let ranges = 0;
	for (const operation of operations) {
		const endpoint = endpointOf(operation, keys, resolver, report);
		if (!endpoint) continue;
		ranges += errorsOf(operation).ranges;
		endpoints.push(endpoint);
		const server = operation.servers?.map(serverUrl).find(Boolean);
		if (server && server.replace(/\/+$/, '') !== baseUrl && !options.baseUrl) {
			report.approximated(routeOf(operation), `the operation names its own server ${server}: it is called on the connector's base URL`);
		}
	}
	if (ranges) report.dropped('responses', `${ranges} error description${ranges > 1 ? 's' : ''} for status ranges (4XX, 5XX) dropped: error texts are per status`);
	for (const ref of resolver.unresolved) report.dropped(`$ref ${ref}`, 'only references inside the document are followed: the schema behind it was treated as unknown');

	const info = (spec.document.info ?? {}) as Json;
	const identity = connectorIdentity(typeof info.title === 'string' ? info.title : '', options);
	const usedTags = [...new Set(operations.flatMap((operation) => operation.tags))].slice(0, 20);
	const connector = finishDraft(
		{
			...identity,
			description: oneLine(info.description, 1000) ?? `Imported from an OpenAPI ${spec.version} document.`,
			categories: ['Imported'],
			tags: usedTags.filter((tag) => tag.trim()),
			baseUrl,
			auth,
			endpoints,
		},
		report,
	);
	return { connector, report: report.entries, stats: { operations: operations.length, kept: connector.endpoints.length } };
}
