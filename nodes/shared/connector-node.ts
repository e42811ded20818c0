/**
 * Every packaged connector as an n8n node of its own: "Order Service" in the node panel, "Reschedule
 * Delivery" as its operation, like a built-in integration. `gulp connectors` (gulpfile.js) writes one
 * thin class per live connector into nodes/generated/; everything such a class does is here, on the
 * generic node's per-item pipeline (plan -> send -> read -> emit), so it has no request code of its own.
 *
 * What a generated node shows:
 *   Operation          one option per endpoint, its `action` text in the node panel
 *   input fields       one ordinary parameter per required input or input with a default, shown for
 *                      its operation: label, description, default, min/max, options, type
 *   Additional Fields  the operation's optional inputs without a default, added only when wanted, so
 *                      nothing is sent that the builder did not ask for (n8n's usual pattern)
 *   Options            the generic node's: full response, never error, timeout, preview
 *
 * One Operation list, no Resource: n8n users read Resource as a thing (Contact, Order) and Operation
 * as what to do with it. A connector is already the thing, and an endpoint's purpose (List, Get,
 * Create, ...) is a verb, so "Resource: Update / Operation: Reschedule Delivery" would read oddly and
 * cost a click. The purpose orders the list instead: reads (List, Get, Search) first, then writes
 * (Create, Update, Delete), then other actions, each in the connector's order. The node panel lists
 * the actions in that order under the node.
 *
 * Parameter names: an input's name, so a mapping survives switching between operations that share
 * the input ("orderId"). Where endpoints declare the same name differently (another type, options,
 * default or secrecy), only the most common declaration keeps the name and the others become
 * `<endpointKey>_<inputName>`, so a value can never land in a field of another type.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { type ConnectorDefinition, ENDPOINT_PURPOSES, type EndpointDefinition, type InputDefinition, pickedValue } from '../../src';
import { listChoices, literalInput, locatorModes } from './lookup';
import { dataConnectorProperties, expressionLiteral } from '../DataConnector/description';
import { GENERIC_NODE, TRIGGER_EVENT, generatedNodeTypeName } from '../../src/registry/node-types';
import { CatalogError, findEndpoint, packagedCatalog } from './catalog';
import { executeItems } from './execute';
import { outputProperty } from './output';
import { planEndpointItem } from './plan';
import { sessionOf } from './session';
import { pollEndpoint } from './poll';
import { triggerProperties } from '../DataConnectorTrigger/description';
import { pollSettings } from '../DataConnectorTrigger/methods';

/** The names of a connector's generated node. */
export interface ConnectorNodeNames {
	/** Class and file name: nodes/generated/OrderService/OrderService.node.ts */
	className: string;
	/**
	 * n8n node type name, prefixed so that it can collide neither with n8n's nodes nor with this
	 * package's own (`dataConnector`): "dataConnectorOrderService".
	 */
	typeName: string;
	/** Icon file name without extension: <iconName>.svg and <iconName>.dark.svg */
	iconName: string;
}

export function connectorNodeNames(connector: Pick<ConnectorDefinition, 'key'>): ConnectorNodeNames {
	// The type name is defined once, in the n8n-free runtime, because the registry's usage check
	// must recognise generated nodes in workflow JSON without loading n8n.
	const typeName = generatedNodeTypeName(connector.key);
	return { className: typeName.slice(GENERIC_NODE.length), typeName, iconName: typeName };
}

/** A packaged connector by key, for a generated node (registry folders do not generate nodes). */
export function packagedConnector(key: string): ConnectorDefinition {
	const connector = packagedCatalog().get(key);
	if (!connector) {
		throw new CatalogError(`The packaged connector "${key}" of this node is missing; build the package again (npm run build)`);
	}
	return connector;
}

/** Endpoints in operation order: by purpose (reads, writes, actions), then as the connector lists them. */
export function operationOrder(connector: ConnectorDefinition): EndpointDefinition[] {
	const rank = (endpoint: EndpointDefinition) => ENDPOINT_PURPOSES.indexOf(endpoint.purpose);
	return connector.endpoints
		.map((endpoint, index) => ({ endpoint, index }))
		.sort((a, b) => rank(a.endpoint) - rank(b.endpoint) || a.index - b.index)
		.map(({ endpoint }) => endpoint);
}

/** The node panel's action text, in n8n's sentence case: "Reschedule Delivery" -> "Reschedule delivery"; "Get SKU" stays. */
export function actionText(name: string): string {
	return name
		.trim()
		.split(/\s+/)
		.map((word, index) => (index > 0 && /^[A-Z][a-z]*$/.test(word) ? word.toLowerCase() : word))
		.join(' ');
}

/**
 * The canvas subtitle: the chosen operation's name ("Reschedule Delivery"), as an n8n expression
 * over a key -> name table. Braces in names are escaped so they cannot end the expression.
 */
export function connectorNodeSubtitle(connector: ConnectorDefinition): string {
	const names = operationOrder(connector).map((endpoint) => `${expressionLiteral(endpoint.key)}: ${expressionLiteral(endpoint.name)}`);
	return `={{ ({ ${names.join(', ')} })[$parameter["operation"]] }}`;
}

/** The generated trigger's subtitle: "New records: List Orders". */
export function connectorTriggerSubtitle(connector: ConnectorDefinition): string {
	const names = pollableEndpoints(connector).map((endpoint) => `${expressionLiteral(endpoint.key)}: ${expressionLiteral(endpoint.name)}`);
	return `={{ "New records: " + (({ ${names.join(', ')} })[$parameter["${TRIGGER_EVENT}"]] || "") }}`;
}

/** The node's description in the panel (also what an AI agent reads about the tool). */
export function connectorNodeDescription(connector: ConnectorDefinition): string {
	return connector.description.trim() || `Call the ${connector.name} API`;
}

/** Where one input of one endpoint lives in the node's parameters. */
export interface InputField {
	input: InputDefinition;
	/** Parameter name (inside "additionalFields" when `additional`). */
	parameter: string;
	/** Optional and without a default: in the operation's "Additional Fields" collection. */
	additional: boolean;
}

/** Parameter names the node itself uses; an input with one of these names is qualified. */
const NODE_PARAMETERS = new Set(['operation', 'event', 'additionalFields', 'options', 'output', 'resource', 'authentication']);

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

function signature(input: InputDefinition): string {
	return JSON.stringify([input.type, input.options?.map((option) => option.value) ?? null, input.default ?? null, input.secret, input.optionsFrom ?? null]);
}

const layouts = new WeakMap<ConnectorDefinition, Map<string, InputField[]>>();

/**
 * Each endpoint's input fields, by endpoint key. Of the different declarations of one input name,
 * the most used one (on a tie, the first in operation order) keeps the plain name.
 */
export function inputLayout(connector: ConnectorDefinition): Map<string, InputField[]> {
	const cached = layouts.get(connector);
	if (cached) return cached;
	const counts = new Map<string, Map<string, number>>();
	for (const input of operationOrder(connector).flatMap((endpoint) => endpoint.inputs)) {
		const bySignature = counts.get(input.name) ?? new Map<string, number>();
		bySignature.set(signature(input), (bySignature.get(signature(input)) ?? 0) + 1);
		counts.set(input.name, bySignature);
	}
	const plain = new Map<string, string>();
	for (const [name, bySignature] of counts) {
		// Map order is first-seen order and sort is stable: a tie keeps the earlier declaration.
		if (!NODE_PARAMETERS.has(name)) plain.set(name, [...bySignature].sort((a, b) => b[1] - a[1])[0][0]);
	}
	const layout = new Map<string, InputField[]>();
	for (const endpoint of connector.endpoints) {
		layout.set(
			endpoint.key,
			endpoint.inputs.map((input) => ({
				input,
				parameter: plain.get(input.name) === signature(input) ? input.name : `${endpoint.key}_${input.name}`,
				additional: !input.required && isMissing(input.default),
			})),
		);
	}
	layouts.set(connector, layout);
	return layout;
}

// ----- defaults: a connector's default as the value the node parameter holds -----

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function textDefault(value: unknown): string | undefined {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function numberDefault(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : undefined;
}

function booleanDefault(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	return undefined;
}

function optionDefault(input: InputDefinition, value: unknown): string | number | boolean | undefined {
	return input.options?.find((option) => String(option.value) === String(value))?.value;
}

function jsonDefault(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	return value !== null && typeof value === 'object' ? JSON.stringify(value, null, 2) : undefined;
}

/**
 * One input as a node parameter. A required input without a default starts empty (a number as
 * null), so n8n marks it as missing; inside Additional Fields a field starts with a usable value,
 * because adding it means the builder wants it.
 */
function inputProperty(field: InputField, endpoint: EndpointDefinition): INodeProperties {
	const { input, additional } = field;
	const sample = endpoint.sampleData?.[input.name];
	const base = {
		displayName: input.label ?? input.name,
		name: field.parameter,
		...(input.required && !additional ? { required: true } : {}),
		...(input.description ? { description: input.description } : {}),
	};
	if (input.optionsFrom) {
		const { urlPattern, urlPlaceholder } = input.optionsFrom;
		return {
			...base,
			type: 'resourceLocator',
			default: { mode: 'list', value: textDefault(input.default) ?? '' },
			modes: locatorModes(base.displayName, listMethodName(field.parameter), urlPattern ? { pattern: urlPattern, placeholder: urlPlaceholder } : undefined),
		};
	}
	switch (input.type) {
		case 'number': {
			const typeOptions = {
				...(input.min !== undefined ? { minValue: input.min } : {}),
				...(input.max !== undefined ? { maxValue: input.max } : {}),
			};
			return {
				...base,
				type: 'number',
				default: numberDefault(input.default) ?? (additional ? (input.min ?? 0) : null),
				...(Object.keys(typeOptions).length ? { typeOptions } : {}),
			};
		}
		case 'boolean':
			return { ...base, type: 'boolean', default: booleanDefault(input.default) ?? false };
		case 'date':
			return { ...base, type: 'dateTime', default: textDefault(input.default) ?? '' };
		case 'options': {
			const options: INodePropertyOptions[] = (input.options ?? []).map((option) => ({
				name: option.name,
				value: option.value,
				...(option.description ? { description: option.description } : {}),
			}));
			return { ...base, type: 'options', options, default: optionDefault(input, input.default) ?? (additional ? options[0].value : '') };
		}
		case 'json':
			return { ...base, type: 'json', default: jsonDefault(input.default) ?? '' };
		default:
			return {
				...base,
				type: 'string',
				default: textDefault(input.default) ?? '',
				...(input.secret ? { typeOptions: { password: true } } : {}),
				...(!input.secret && (typeof sample === 'string' || typeof sample === 'number') ? { placeholder: `e.g. ${sample}` } : {}),
			};
	}
}

function endpointProperties(endpoint: EndpointDefinition, fields: InputField[], selector = 'operation'): INodeProperties[] {
	const displayOptions = { show: { [selector]: [endpoint.key] } };
	const properties: INodeProperties[] = fields
		.filter((field) => !field.additional)
		.map((field) => ({ ...inputProperty(field, endpoint), displayOptions }));
	const optional = fields.filter((field) => field.additional);
	if (optional.length) {
		properties.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions,
			options: optional
				.map((field) => inputProperty(field, endpoint))
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	const names = new Set([selector, 'options']);
	for (const property of properties) {
		if (names.has(property.name)) {
			throw new CatalogError(`Endpoint "${endpoint.key}" would have two node parameters named "${property.name}"`);
		}
		names.add(property.name);
	}
	return properties;
}

/** The Options collection, the very one of the generic node, read by the same runOptions(). */
function runOptionsProperty(): INodeProperties {
	const options = dataConnectorProperties([]).find((property) => property.name === 'options');
	if (!options) throw new CatalogError('The Data Connector node has no "options" parameter');
	return options;
}

/** The parameters of a connector's generated node. */
export function connectorNodeProperties(connector: ConnectorDefinition): INodeProperties[] {
	const endpoints = operationOrder(connector);
	const layout = inputLayout(connector);
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: endpoints.map((endpoint) => ({
			name: endpoint.name,
			value: endpoint.key,
			action: actionText(endpoint.name),
			description: endpoint.description || `${endpoint.purpose}: ${endpoint.name}`,
		})),
		default: endpoints[0].key,
	};
	const shaped = endpoints.filter((endpoint) => endpoint.response.fields).map((endpoint) => endpoint.key);
	return [
		operation,
		...endpoints.flatMap((endpoint) => endpointProperties(endpoint, layout.get(endpoint.key) ?? [])),
		...(shaped.length ? [outputProperty({ operation: shaped })] : []),
		runOptionsProperty(),
	];
}

/** The values of an endpoint's inputs for one item, by input name, from its node parameters. */
function inputValues(context: IExecuteFunctions, fields: InputField[], itemIndex: number): IDataObject {
	const values: IDataObject = {};
	let additional: IDataObject | undefined;
	for (const field of fields) {
		if (field.additional) {
			additional ??= context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			if (field.parameter in additional) values[field.input.name] = picked(field, additional[field.parameter]);
		} else {
			values[field.input.name] = picked(field, context.getNodeParameter(field.parameter, itemIndex, null));
		}
	}
	return values;
}

/** A dropdown input's value: the picked entry's value, or the value in its link ("By URL"). */
function picked(field: InputField, value: unknown): IDataObject[string] {
	return pickedValue(value, field.input.optionsFrom, field.input.label ?? field.input.name) as IDataObject[string];
}

/** The list method of an input's dropdown, one per parameter (n8n names the method per parameter). */
export function listMethodName(parameter: string): string {
	return `listChoicesOf_${parameter}`;
}

type ListSearch = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

/**
 * A generated node's `methods`: one list search per dropdown input. The list follows the operation
 * chosen in the editor, and its own inputs read the values entered so far in that operation.
 */
export function connectorNodeMethods(connector: ConnectorDefinition): { listSearch: Record<string, ListSearch> } {
	const layout = inputLayout(connector);
	const listSearch: Record<string, ListSearch> = {};
	for (const fields of layout.values()) {
		for (const field of fields) {
			const method = listMethodName(field.parameter);
			if (!field.input.optionsFrom || listSearch[method]) continue;
			listSearch[method] = async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
				const operation = this.getCurrentNodeParameter('operation');
				const current = (typeof operation === 'string' && layout.get(operation)) || fields;
				const chosen = current.find((candidate) => candidate.parameter === field.parameter) ?? field;
				const values: Record<string, unknown> = {};
				for (const other of current) {
					values[other.input.name] = literalInput(
						this.getCurrentNodeParameter(other.additional ? `additionalFields.${other.parameter}` : other.parameter),
					);
				}
				return await listChoices(this, connector, chosen.input, values, filter, paginationToken);
			};
		}
	}
	return { listSearch };
}

/** A generated node's execute(): the chosen operation's endpoint, for every item. */
export async function executeConnectorNode(context: IExecuteFunctions, connector: ConnectorDefinition): Promise<INodeExecutionData[][]> {
	const layout = inputLayout(connector);
	const output = await executeItems(context, async (itemIndex, item) => {
		const endpoint = findEndpoint(connector, sessionOf(context).parameter<string>('operation', itemIndex));
		const fields = layout.get(endpoint.key) ?? [];
		return await planEndpointItem(context, itemIndex, item, connector, endpoint, (index) => inputValues(context, fields, index));
	});
	return [output];
}

/** Endpoints a generated trigger watches: GET lists that declare how to poll them. */
export function pollableEndpoints(connector: ConnectorDefinition): EndpointDefinition[] {
	return operationOrder(connector).filter((endpoint) => endpoint.method === 'GET' && endpoint.poll);
}

/** The parameters of a connector's generated trigger: which list, its inputs, the trigger options. */
export function connectorTriggerProperties(connector: ConnectorDefinition): INodeProperties[] {
	const endpoints = pollableEndpoints(connector);
	if (!endpoints.length) throw new CatalogError(`Connector "${connector.key}" declares no pollable endpoint`);
	const layout = inputLayout(connector);
	const options = triggerProperties([]).find((property) => property.name === 'options');
	if (!options) throw new CatalogError('The Data Connector Trigger has no "options" parameter');
	return [
		{
			displayName: 'Trigger On',
			name: TRIGGER_EVENT,
			type: 'options',
			noDataExpression: true,
			options: endpoints.map((endpoint) => ({
				name: `New Record in ${endpoint.name.replace(/^(List|Search)\s+/i, '')}`,
				value: endpoint.key,
				description: endpoint.description || endpoint.name,
			})),
			default: endpoints[0].key,
		},
		...endpoints.flatMap((endpoint) => endpointProperties(endpoint, layout.get(endpoint.key) ?? [], TRIGGER_EVENT)),
		options,
	];
}

/** A generated trigger's poll(): the chosen list endpoint, deduplicated as the endpoint declares. */
export async function pollConnectorNode(poll: IPollFunctions, connector: ConnectorDefinition): Promise<INodeExecutionData[][] | null> {
	const endpoint = findEndpoint(connector, poll.getNodeParameter(TRIGGER_EVENT) as string);
	const fields = inputLayout(connector).get(endpoint.key) ?? [];
	return await pollEndpoint(poll, connector, endpoint, pollSettings(poll, endpoint), (context) => inputValues(context, fields, 0));
}
