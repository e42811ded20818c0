/**
 * The inputs of one endpoint while it is being imported: each literal value the source gave (a
 * query value, a body field, an id in the path) becomes a typed input, with the literal kept as
 * sample data, and the place it came from becomes the placeholder {{ inputs.<name> }}.
 */
import type { ConnectorDefinitionInput } from 'n8n-nodes-data-connectors';
import { camelKey, KeyScope } from './names';

export type InputInput = NonNullable<ConnectorDefinitionInput['endpoints'][number]['inputs']>[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The input type a literal suggests: JSON numbers stay numbers, ISO dates are dates. */
export function typeOfLiteral(value: unknown): InputInput['type'] {
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'boolean';
	if (value !== null && typeof value === 'object') return 'json';
	if (typeof value === 'string' && ISO_DATE.test(value)) return 'date';
	return 'string';
}

export const placeholder = (name: string): string => `{{ inputs.${name} }}`;

export class EndpointInputs {
	readonly inputs: InputInput[] = [];
	readonly sampleData: Record<string, unknown> = {};
	private readonly scope = new KeyScope();
	private readonly byName = new Map<string, string>();

	/**
	 * Declares an input (once per source name, e.g. "query.limit") and returns its placeholder. The
	 * input's name comes from `hint` (default: the source name), made unique within the endpoint.
	 */
	declare(sourceName: string, input: Omit<InputInput, 'name'>, sample?: unknown, hint = sourceName): string {
		const known = this.byName.get(sourceName);
		if (known) return placeholder(known);
		const name = this.scope.take(camelKey(hint, 'value'));
		this.byName.set(sourceName, name);
		const declared: InputInput = { name, ...input };
		if (name !== hint && !declared.label) declared.label = hint;
		this.inputs.push(declared);
		if (sample !== undefined) this.sampleData[name] = sample;
		return placeholder(name);
	}

	/**
	 * A literal value becomes an input of the type it suggests, the literal its sample. Every literal
	 * is its own input, even under a repeated name (tag=a&tag=b gives tag and tag2).
	 */
	literal(hint: string, value: unknown, description?: string): string {
		const input: Omit<InputInput, 'name'> = { type: typeOfLiteral(value), required: true };
		if (description) input.description = description;
		return this.declare(`literal#${this.inputs.length}`, input, value, hint);
	}

	/** The endpoint fields these inputs contribute. */
	fields(): { inputs: InputInput[]; sampleData?: Record<string, unknown> } {
		return Object.keys(this.sampleData).length ? { inputs: this.inputs, sampleData: this.sampleData } : { inputs: this.inputs };
	}
}
