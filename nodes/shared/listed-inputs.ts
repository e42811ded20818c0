/**
 * "Inputs From Lists" of the Data Connector node and trigger: the connector is chosen at run time,
 * so its dropdown inputs cannot be parameters of their own. Each entry names one input whose
 * endpoint declares `optionsFrom` and holds a resource locator for its value; the list is read for
 * the entry's own input (its path in the collection, "&input").
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { type ConnectorDefinition, type EndpointDefinition, pickedValue } from '../../src';
import { connectorFor, findEndpoint } from './catalog';
import { listChoices, literalInput, locatorModes } from './lookup';
import { sessionOf } from './session';

const PARAMETER = 'listedInputs';
const SEARCH_METHOD = 'searchListedInput';

type Show = Record<string, Array<string | number | boolean>>;

/**
 * Shown once an endpoint is chosen, and never for a packaged connector none of whose endpoints
 * lists choices (`connectors`): before that the input list would be empty, and a builder would
 * add an entry that can hold nothing.
 */
export function listedInputsParameter(connectors: ConnectorDefinition[], scope?: Show): INodeProperties {
	const withoutLists = connectors
		.filter((connector) => !connector.endpoints.some((endpoint) => endpoint.inputs.some((input) => input.optionsFrom)))
		.map((connector) => connector.key);
	const value: INodeProperties = {
		displayName: 'Value',
		name: 'value',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'Pick from the list the API returns (searchable), or give the ID or a link',
		// The connector is chosen at run time, so "By URL" takes any link; the input's urlPattern is
		// applied when the node runs (pickedValue).
		modes: locatorModes('Value', SEARCH_METHOD, {}),
	};
	return {
		displayName: 'Inputs From Lists',
		name: PARAMETER,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Input From List',
		default: {},
		description:
			'Pick the value of an input from a list the API returns (for inputs such as a folder or a project). A value picked here is used instead of the same input under Inputs.',
		options: [
			{
				displayName: 'Input',
				name: 'entries',
				values: [
					{
						displayName: 'Input Name or ID',
						name: 'input',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getListedInputs', loadOptionsDependsOn: ['connector', 'endpoint'] },
						default: '',
						description:
							'The input to pick a value for. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					value,
				],
			},
		],
		displayOptions: { ...(scope ? { show: scope } : {}), hide: { connector: ['', ...withoutLists], endpoint: [''] } },
	};
}

interface Entry {
	input?: unknown;
	value?: unknown;
}

function entriesOf(collection: unknown): Entry[] {
	const entries = (collection as { entries?: unknown } | undefined)?.entries;
	return Array.isArray(entries) ? (entries as Entry[]) : [];
}

/** The editor's current endpoint, or undefined while connector or endpoint are not chosen. */
async function currentEndpoint(context: ILoadOptionsFunctions) {
	const connectorKey = context.getCurrentNodeParameter('connector');
	const endpointKey = context.getCurrentNodeParameter('endpoint');
	if (typeof connectorKey !== 'string' || !connectorKey || typeof endpointKey !== 'string' || !endpointKey) return undefined;
	const connector = await connectorFor(context, connectorKey);
	return { connector, endpoint: findEndpoint(connector, endpointKey) };
}

export async function getListedInputs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const current = await currentEndpoint(this);
	if (!current) return [];
	return current.endpoint.inputs
		.filter((input) => input.optionsFrom)
		.map((input) => ({ name: input.label ?? input.name, value: input.name, description: input.description }));
}

/** Literal values the builder has entered so far (Inputs and other picked entries), for the list's own inputs. */
function editorInputs(context: ILoadOptionsFunctions): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	const mapper = context.getCurrentNodeParameter('inputs') as { value?: IDataObject | null } | undefined;
	for (const [name, value] of Object.entries(mapper?.value ?? {})) values[name] = literalInput(value);
	for (const entry of entriesOf(context.getCurrentNodeParameter(PARAMETER))) {
		if (typeof entry.input === 'string' && entry.input) values[entry.input] = literalInput(entry.value);
	}
	return values;
}

export async function searchListedInput(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const current = await currentEndpoint(this);
	const name = this.getCurrentNodeParameter('&input');
	const input = current?.endpoint.inputs.find((candidate) => candidate.name === name);
	if (!current || !input) return { results: [] };
	return await listChoices(this, current.connector, input, editorInputs(this), filter, paginationToken);
}

/** The picked values of one item, by input name (only inputs the endpoint lists choices for). */
export function pickedInputs(context: IExecuteFunctions, itemIndex: number, endpoint: EndpointDefinition): IDataObject {
	const values: IDataObject = {};
	for (const entry of entriesOf(sessionOf(context).parameter(PARAMETER, itemIndex, {}))) {
		const input = endpoint.inputs.find((candidate) => candidate.name === entry.input);
		if (!input) continue;
		const value = pickedValue(entry.value, input.optionsFrom, input.label ?? input.name);
		if (value !== undefined && value !== null && value !== '') values[input.name] = value as IDataObject[string];
	}
	return values;
}
