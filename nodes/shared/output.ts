/**
 * The "Output" choice of action nodes: "Simplified" returns only the fields the connector declares
 * for the endpoint (`response.fields`), "Raw" the records as the API sent them. Simplified is the
 * default, and the only output when the node runs as an AI agent's tool: an agent reads every
 * token of a tool's answer, so it gets the tidy record the connector's author chose.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export type OutputMode = 'simplified' | 'raw';

type Condition = Record<string, Array<string | number | boolean>>;

/**
 * The parameter; `show` limits it (the generic node's mode, a generated node's operations), `hide`
 * keeps it out of a node whose endpoint is not chosen yet.
 */
export function outputProperty(show: Condition, hide: Condition = {}): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Raw', value: 'raw', description: 'Every field of each record, as the API sent it' },
			{
				name: 'Simplified',
				value: 'simplified',
				description: 'Only the fields the connector chose for this endpoint (endpoints that choose none return whole records)',
			},
		],
		default: 'simplified',
		displayOptions: { show, hide: { ...hide, '@tool': [true] } },
	};
}

/** Whether this run simplifies: always as an AI tool (its type name ends in "Tool"), else as chosen. */
export function simplifyOutput(context: Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'>): boolean {
	if (context.getNode().type.endsWith('Tool')) return true;
	return (context.getNodeParameter('output', 0, 'simplified') as OutputMode) !== 'raw';
}
