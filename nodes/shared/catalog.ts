/**
 * The connectors a node can use: those packaged with this module (connectors/*.json, validated when
 * the package is built and again here, once, when n8n loads the node).
 */
import { packagedConnectors } from '../../connectors';
import { type ConnectorDefinition, DefinitionError, type EndpointDefinition, parseDefinition } from '../../src';

let packaged: Map<string, ConnectorDefinition> | undefined;

export function packagedCatalog(): Map<string, ConnectorDefinition> {
	if (!packaged) {
		packaged = new Map();
		for (const { file, document } of packagedConnectors) {
			const definition = parseDefinition(document, file);
			packaged.set(definition.key, definition);
		}
	}
	return packaged;
}

export class CatalogError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CatalogError';
	}
}

export function findConnector(key: string): ConnectorDefinition {
	const connector = packagedCatalog().get(key);
	if (!connector) {
		const known = [...packagedCatalog().keys()].join(', ');
		throw new CatalogError(`There is no connector "${key}"; the available connectors are ${known}`);
	}
	return connector;
}

export function findEndpoint(connector: ConnectorDefinition, key: string): EndpointDefinition {
	const endpoint = connector.endpoints.find((candidate) => candidate.key === key);
	if (!endpoint) {
		throw new CatalogError(
			`Connector "${connector.name}" has no endpoint "${key}"; its endpoints are ${connector.endpoints.map((e) => e.key).join(', ')}`,
		);
	}
	return endpoint;
}

export { DefinitionError };
