/**
 * The connectors a node can use: those packaged with this module (connectors/*.json, validated when
 * the package is built and again here, once, when n8n loads the node), then those of the registry
 * folder on the n8n host (DATA_CONNECTORS_REGISTRY). A packaged connector's key cannot be taken
 * over by a registry file: packaged connectors are read-only.
 */
import { packagedConnectors } from '../../connectors';
import { type ConnectorDefinition, type EndpointDefinition, parseDefinition } from '../../src';
import { loadRegistryFolder, REGISTRY_ENV, type RegistryEntry, registryFolder } from '../../src/registry/host-folder';

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

export function registryEntries(): RegistryEntry[] {
	const folder = registryFolder();
	return folder ? loadRegistryFolder(folder) : [];
}

export interface CatalogEntry {
	definition?: ConnectorDefinition;
	source: 'packaged' | 'registry';
	file?: string;
	problems?: string[];
	key: string;
}

/** Everything a builder can pick: packaged first, then valid and invalid registry files. */
export function catalogEntries(): CatalogEntry[] {
	const entries: CatalogEntry[] = [...packagedCatalog().values()].map((definition) => ({
		definition,
		source: 'packaged',
		key: definition.key,
	}));
	const taken = new Set(entries.map((entry) => entry.key));
	for (const entry of registryEntries()) {
		const key = entry.definition?.key ?? entry.claimedKey ?? entry.file;
		if (taken.has(key)) continue;
		taken.add(key);
		entries.push({ ...entry, source: 'registry', key });
	}
	return entries;
}

export class CatalogError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CatalogError';
	}
}

export function findConnector(key: string): ConnectorDefinition {
	const builtIn = packagedCatalog().get(key);
	if (builtIn) return builtIn;
	const entries = catalogEntries();
	const entry = entries.find((candidate) => candidate.key === key);
	if (entry?.definition) return entry.definition;
	if (entry?.problems) {
		throw new CatalogError(`The connector file ${entry.file} in the registry folder is invalid:\n${entry.problems.join('\n')}`);
	}
	const folder = registryFolder();
	throw new CatalogError(
		`There is no connector "${key}"; the available connectors are ${entries.map((e) => e.key).join(', ')}` +
			(folder ? '' : ` (set ${REGISTRY_ENV} on the n8n host to add a folder of your own)`),
	);
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
