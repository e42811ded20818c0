/** What the editor asks the node for: the connector and endpoint lists, and an endpoint's input fields. */
import type {
	FieldType,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import type { InputDefinition } from '../../src';
import { connectorFor, connectorOptions } from '../shared/catalog';

const FIELD_TYPES: Record<InputDefinition['type'], FieldType> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	date: 'dateTime',
	options: 'options',
	json: 'object',
};

export async function getConnectors(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await connectorOptions(this);
}

export async function getEndpoints(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('connector') as string;
	if (!key) return [];
	// The resource mapper has no place for an input's description, so the endpoint's own
	// description lists its inputs: builders and AI agents see what each one means.
	return (await connectorFor(this, key)).endpoints.map((endpoint) => ({
		name: endpoint.name,
		value: endpoint.key,
		description: [`${endpoint.purpose}: ${endpoint.description}`, ...endpoint.inputs.map(describeInput)].join(' '),
	}));
}

function describeInput(input: InputDefinition): string {
	const label = input.label ?? input.name;
	const flags = [input.type, input.required ? 'required' : 'optional'].join(', ');
	return `• ${label} (${flags})${input.description ? `: ${input.description}` : ''}`;
}

/** One field per declared input: label, type, required flag, default and options. */
export function inputFields(inputs: InputDefinition[]): ResourceMapperField[] {
	return inputs.map((input) => {
		const field: ResourceMapperField = {
			id: input.name,
			displayName: input.label ?? input.name,
			required: input.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: FIELD_TYPES[input.type],
		};
		if (input.options) field.options = input.options.map((option) => ({ name: option.name, value: option.value }));
		const value = input.default;
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
			field.defaultValue = value as string | number | boolean | null;
		}
		return field;
	});
}

export async function getInputFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const connectorKey = this.getCurrentNodeParameter('connector') as string;
	const endpointKey = this.getCurrentNodeParameter('endpoint') as string;
	if (!connectorKey || !endpointKey) return { fields: [] };
	const endpoint = (await connectorFor(this, connectorKey)).endpoints.find((candidate) => candidate.key === endpointKey);
	return { fields: endpoint ? inputFields(endpoint.inputs) : [] };
}
