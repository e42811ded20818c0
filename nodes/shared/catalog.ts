/**
 * The connectors a node can use: those packaged with this module (connectors/*.json, validated when
 * the package is built and again here, once, when n8n loads the node), then those of the Data
 * Connector Hub named by the node's "Data Connector Hub" credential. A packaged connector's key
 * cannot be taken over by a hub connector: packaged connectors are read-only.
 *
 * Nodes read no file and no environment variable: everything not packaged comes over HTTP from the
 * hub (hub/client.ts), cached per n8n process and revalidated by ETag; within one execution a
 * connector is asked for at most once, however many items run.
 */
import { type INodePropertyOptions, NodeOperationError } from 'n8n-workflow';
import { packagedConnectors } from '../../connectors';
import { type ConnectorDefinition, type EndpointDefinition, parseDefinition } from '../../src';
import { HubClient, type HubContext } from './hub/client';

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

/** A context that can also show a warning to whoever looks at the execution. */
type WarnableContext = HubContext & {
	logger?: { warn(message: string): void };
	addExecutionHints?: (...hints: Array<{ message: string; type?: 'info' | 'warning' | 'danger'; location?: 'outputPane' | 'inputPane' | 'ndv' }>) => void;
};

/** Logged, and shown above the node's output when the context can (executions). */
function warn(context: WarnableContext, message: string): void {
	context.logger?.warn(message);
	if (typeof context.addExecutionHints === 'function') context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
}

function nodeError(context: HubContext, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.getNode(), message, itemIndex === undefined ? {} : { itemIndex });
}

async function hubOf(context: HubContext, itemIndex?: number): Promise<HubClient | undefined> {
	try {
		return await HubClient.of(context, itemIndex);
	} catch (error) {
		// A credential without a usable URL or token (HubAddressError), or one n8n cannot read.
		throw nodeError(context, error, itemIndex);
	}
}

/** Connectors already looked up by this execution (or editor request): one hub request per connector, not per item. */
const looked = new WeakMap<object, Map<string, Promise<ConnectorDefinition>>>();

async function lookUp(context: WarnableContext, key: string, itemIndex?: number): Promise<ConnectorDefinition> {
	const hub = await hubOf(context, itemIndex);
	if (!hub) {
		throw new NodeOperationError(
			context.getNode(),
			`There is no connector "${key}" packaged with this node; the packaged connectors are ${[...packagedCatalog().keys()].join(', ')}`,
			{
				...(itemIndex === undefined ? {} : { itemIndex }),
				description: 'To use a connector of a Data Connector Hub, choose a "Data Connector Hub" credential on this node.',
			},
		);
	}
	let found;
	try {
		found = await hub.connector(key);
	} catch (error) {
		throw nodeError(context, error, itemIndex);
	}
	if (found.warning) warn(context, found.warning);
	if (found.definition) return found.definition;
	throw new NodeOperationError(
		context.getNode(),
		`The connector "${key}" in the Data Connector Hub at ${hub.hub.url} is invalid: ${(found.problems ?? [])[0] ?? 'it does not validate'}`,
		{ ...(itemIndex === undefined ? {} : { itemIndex }), description: (found.problems ?? []).join('\n') },
	);
}

/** The connector `key`: packaged, else from the node's hub (cached per process, asked once per execution). */
export async function connectorFor(context: HubContext, key: string, itemIndex?: number): Promise<ConnectorDefinition> {
	const builtIn = packagedCatalog().get(key);
	if (builtIn) return builtIn;
	if (!key) throw new NodeOperationError(context.getNode(), 'Choose a connector', itemIndex === undefined ? {} : { itemIndex });
	let byKey = looked.get(context);
	if (!byKey) {
		byKey = new Map();
		looked.set(context, byKey);
	}
	let pending = byKey.get(key);
	if (!pending) {
		pending = lookUp(context, key, itemIndex);
		byKey.set(key, pending);
	}
	return await pending;
}

/** The choice list of a Connector picker: packaged connectors, then the hub's ("Hub: CRM (Draft)"), each group sorted. */
export async function connectorOptions(context: HubContext, include: (definition: ConnectorDefinition) => boolean = () => true): Promise<INodePropertyOptions[]> {
	const packagedOptions = [...packagedCatalog().values()]
		.filter(include)
		.map((definition): INodePropertyOptions => ({
			name: definition.status === 'draft' ? `${definition.name} (Draft)` : definition.name,
			value: definition.key,
			description: definition.status === 'draft' ? `Draft: runs only in manual executions. ${definition.description}` : definition.description,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	const hub = await hubOf(context);
	if (!hub) return packagedOptions;
	let listed;
	try {
		listed = await hub.list();
	} catch (error) {
		throw nodeError(context, error);
	}
	if (listed.warning) warn(context, listed.warning);
	const hubOptions = listed.items
		.filter((item) => !item.builtIn && !packagedCatalog().has(item.key))
		.map((item): INodePropertyOptions => {
			if (item.status === 'invalid') {
				return {
					name: `Hub: ${item.name} (Invalid)`,
					value: item.key,
					description: `This hub connector cannot be used: ${(item.problems ?? []).join('; ')}`,
				};
			}
			return {
				name: `Hub: ${item.name}${item.status === 'draft' ? ' (Draft)' : ''}`,
				value: item.key,
				description: item.status === 'draft' ? `Draft: runs only in manual executions. ${item.description}` : item.description,
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
	return [...packagedOptions, ...hubOptions];
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
