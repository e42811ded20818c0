/**
 * Which workflow nodes use which connector: the one place that knows how this package's node types
 * name a connector and an endpoint in a workflow's JSON.
 *
 *   <package>.dataConnector          parameters.mode 'connector' (the default), .connector, .endpoint
 *   <package>.dataConnectorTrigger   parameters.connector, .endpoint
 *   <package>.dataConnector<Pascal>  the generated node of a packaged connector: the connector is in
 *                                    the type name, the endpoint in parameters.operation
 *   <package>.dataConnector<Pascal>Trigger  its generated trigger (connectors with pollable
 *                                    endpoints): the watched endpoint in parameters.event ("Trigger
 *                                    On"; not "operation", which n8n's node panel would list twice)
 *
 * Generated type names follow connectorNodeNames() in nodes/shared/connector-node.ts (the build's
 * generator): "dataConnector" + the key in PascalCase ("order-service" and "orderService" both give
 * dataConnectorOrderService; its trigger dataConnectorOrderServiceTrigger, and the generator refuses
 * keys ending in "Trigger", so the two never collide). That function lives with n8n code; this
 * runtime copy keeps the CLI free of n8n-workflow, and test/registry.test.ts checks that both agree.
 *
 * n8n leaves parameters that equal their default out of a saved workflow: a generic node without
 * `mode` is in connector mode, a generated node without `operation` runs its first operation
 * (operation order: reads, then writes, then actions, as the generator orders them), and a
 * generated trigger without `event` watches its first pollable endpoint (a GET with `poll`).
 */
import { ENDPOINT_PURPOSES } from '../definition/schema';
import type { ConnectorDefinition } from '../definition/types';

export const PACKAGE_NAME = 'n8n-nodes-data-connectors';
export const GENERIC_NODE = 'dataConnector';
export const TRIGGER_NODE = 'dataConnectorTrigger';
/** The generated trigger's parameter naming the watched endpoint. */
export const TRIGGER_EVENT = 'event';

/** The n8n node type name of a connector's generated node: "dataConnectorOrderService". */
export function generatedNodeTypeName(connectorKey: string): string {
	const pascal = connectorKey
		.split(/[-_]+/)
		.filter(Boolean)
		.map((part) => part[0].toUpperCase() + part.slice(1))
		.join('');
	return `${GENERIC_NODE}${pascal}`;
}

/** The n8n node type name of a connector's generated trigger: "dataConnectorOrderServiceTrigger". */
export function generatedTriggerTypeName(connectorKey: string): string {
	return `${generatedNodeTypeName(connectorKey)}Trigger`;
}

type EndpointLike = Pick<ConnectorDefinition['endpoints'][number], 'key' | 'purpose' | 'method' | 'poll'>;

function inOperationOrder(endpoints: EndpointLike[]): EndpointLike[] {
	const rank = (purpose: string) => ENDPOINT_PURPOSES.indexOf(purpose as (typeof ENDPOINT_PURPOSES)[number]);
	return endpoints
		.map((endpoint, index) => ({ endpoint, index }))
		.sort((a, b) => rank(a.endpoint.purpose) - rank(b.endpoint.purpose) || a.index - b.index)
		.map(({ endpoint }) => endpoint);
}

/** The endpoint a generated node runs (trigger: watches) when its `operation` was left at the default. */
export function defaultOperation(connector: { endpoints: EndpointLike[] }, trigger = false): string | undefined {
	const endpoints = inOperationOrder(connector.endpoints);
	return (trigger ? endpoints.filter((endpoint) => endpoint.method === 'GET' && endpoint.poll) : endpoints)[0]?.key;
}

/** A node of a saved workflow, as much of it as this module reads. */
export interface WorkflowNodeLike {
	name?: unknown;
	type?: unknown;
	parameters?: unknown;
	disabled?: unknown;
}

export interface ConnectorReference {
	connectorKey: string;
	/** undefined when the endpoint is an expression or cannot be told. */
	endpointKey?: string;
	nodeType: 'generic' | 'trigger' | 'generated' | 'generatedTrigger';
}

/** A fixed parameter value: a string, "=literal" without an expression, or a resource locator's value. */
function fixedValue(value: unknown): string | undefined {
	if (value !== null && typeof value === 'object' && 'value' in value) return fixedValue((value as { value: unknown }).value);
	if (typeof value !== 'string' || value === '') return undefined;
	if (value.startsWith('=')) {
		const literal = value.slice(1).trim();
		return literal && !literal.includes('{{') ? literal : undefined;
	}
	return value;
}

/** A connector as the resolver needs it. */
export interface KnownConnector {
	key: string;
	endpoints: EndpointLike[];
}

/**
 * Resolves generated node type names to connectors. Only packaged connectors get generated nodes,
 * so those are asked first; `known` holds every connector that could be meant.
 */
export class NodeTypeResolver {
	private readonly byTypeName = new Map<string, { connector: KnownConnector; trigger: boolean }>();

	constructor(
		known: Iterable<KnownConnector>,
		readonly packageName: string = PACKAGE_NAME,
	) {
		for (const connector of known) {
			// The generator refuses keys whose node would end in "Trigger"; so does this map.
			if (generatedNodeTypeName(connector.key).endsWith('Trigger')) continue;
			const names: Array<[string, boolean]> = [
				[generatedNodeTypeName(connector.key), false],
				[generatedTriggerTypeName(connector.key), true],
			];
			for (const [typeName, trigger] of names) if (!this.byTypeName.has(typeName)) this.byTypeName.set(typeName, { connector, trigger });
		}
	}

	/** The connector and endpoint a workflow node uses, or undefined for any other node. */
	reference(node: WorkflowNodeLike): ConnectorReference | undefined {
		if (typeof node.type !== 'string' || !node.type.startsWith(`${this.packageName}.`)) return undefined;
		const typeName = node.type.slice(this.packageName.length + 1);
		const parameters = (node.parameters !== null && typeof node.parameters === 'object' ? node.parameters : {}) as Record<string, unknown>;
		if (typeName === GENERIC_NODE || typeName === TRIGGER_NODE) {
			if (typeName === GENERIC_NODE && (parameters.mode ?? 'connector') !== 'connector') return undefined;
			const connectorKey = fixedValue(parameters.connector);
			if (!connectorKey) return undefined;
			return { connectorKey, endpointKey: fixedValue(parameters.endpoint), nodeType: typeName === GENERIC_NODE ? 'generic' : 'trigger' };
		}
		const generated = this.byTypeName.get(typeName);
		if (!generated) return undefined;
		const { connector, trigger } = generated;
		const selector = trigger ? TRIGGER_EVENT : 'operation';
		const endpointKey = selector in parameters ? fixedValue(parameters[selector]) : defaultOperation(connector, trigger);
		return { connectorKey: connector.key, endpointKey, nodeType: trigger ? 'generatedTrigger' : 'generated' };
	}
}
