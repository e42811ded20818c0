/**
 * JSON Schema (as OpenAPI uses it) to what a connector needs: the flattened shape of an object
 * (allOf merged, $refs followed, cycles stopped) and the typed input a schema describes.
 */
import type { InputInput } from '../endpoint-inputs';
import type { Json } from './load';
import type { RefResolver } from './refs';

export interface FlatSchema {
	type?: string;
	format?: string;
	properties: Map<string, Json>;
	required: Set<string>;
	items?: unknown;
	enum?: unknown[];
	/** The composition keywords the object used, apart from allOf (oneOf, anyOf, not). */
	alternatives: boolean;
	schema: Json;
}

/** The main type of a schema: 3.1 writes ["string", "null"], 3.0 writes nullable: true. */
export function typeOf(schema: Json | undefined): string | undefined {
	if (!schema) return undefined;
	const type = schema.type;
	if (Array.isArray(type)) return type.find((entry) => entry !== 'null') as string | undefined;
	if (typeof type === 'string') return type;
	if (schema.properties || schema.additionalProperties) return 'object';
	if (schema.items) return 'array';
	return undefined;
}

/** Follows $ref and merges allOf (properties, required, type) into one object schema. */
export function flatten(node: unknown, resolver: RefResolver, seen: ReadonlySet<string> = new Set()): FlatSchema | undefined {
	const { value, refs } = resolver.follow(node);
	if (!value || refs.some((ref) => seen.has(ref))) return undefined;
	const inside = new Set([...seen, ...refs]);
	const flat: FlatSchema = {
		type: typeOf(value),
		format: typeof value.format === 'string' ? value.format : undefined,
		properties: new Map(),
		required: new Set(Array.isArray(value.required) ? (value.required as string[]) : []),
		items: value.items,
		enum: Array.isArray(value.enum) ? value.enum : undefined,
		alternatives: Boolean(value.oneOf || value.anyOf || value.not),
		schema: value,
	};
	for (const part of Array.isArray(value.allOf) ? value.allOf : []) {
		const merged = flatten(part, resolver, inside);
		if (!merged) continue;
		flat.type ??= merged.type;
		flat.format ??= merged.format;
		flat.items ??= merged.items;
		flat.alternatives ||= merged.alternatives;
		for (const [name, schema] of merged.properties) if (!flat.properties.has(name)) flat.properties.set(name, schema);
		for (const name of merged.required) flat.required.add(name);
	}
	if (value.properties && typeof value.properties === 'object') {
		for (const [name, schema] of Object.entries(value.properties as Json)) flat.properties.set(name, schema as Json);
	}
	if (!flat.type && flat.properties.size) flat.type = 'object';
	return flat;
}

const primitive = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A short, one-line text for descriptions and labels (specs hold whole Markdown pages). */
export function oneLine(text: unknown, max = 300): string | undefined {
	if (typeof text !== 'string') return undefined;
	const line = text.replace(/\s+/g, ' ').trim();
	if (!line) return undefined;
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The typed input a parameter or property schema describes (without its name). */
export function inputFromSchema(
	node: unknown,
	resolver: RefResolver,
	required: boolean,
	description: unknown,
): Omit<InputInput, 'name'> {
	const flat = flatten(node, resolver);
	const input: Omit<InputInput, 'name'> = { type: 'string', required };
	const text = oneLine(description ?? flat?.schema.description, 500);
	if (text) input.description = text;
	if (!flat) return input;
	const schema = flat.schema;
	const options = (flat.enum ?? []).filter(primitive);
	if (options.length) {
		input.type = 'options';
		input.options = options.map((value) => ({ name: String(value) || '(empty)', value }));
	} else if (flat.type === 'integer' || flat.type === 'number') {
		input.type = 'number';
		if (typeof schema.minimum === 'number') input.min = schema.minimum;
		if (typeof schema.maximum === 'number') input.max = schema.maximum;
		if (input.min !== undefined && input.max !== undefined && input.min > input.max) delete input.max;
	} else if (flat.type === 'boolean') input.type = 'boolean';
	else if (flat.type === 'string' && (flat.format === 'date' || flat.format === 'date-time')) input.type = 'date';
	else if (flat.type === 'object' || flat.type === 'array' || flat.alternatives) input.type = 'json';
	if (primitive(schema.default) && (input.type !== 'options' || options.includes(schema.default))) input.default = schema.default;
	return input;
}

/** An example value from a parameter or schema, when the spec gives a simple one. */
export function exampleOf(...nodes: Array<Json | undefined>): string | number | boolean | undefined {
	for (const node of nodes) {
		if (!node) continue;
		if (primitive(node.example)) return node.example;
		if (Array.isArray(node.examples) && primitive(node.examples[0])) return node.examples[0];
		if (node.examples && typeof node.examples === 'object' && !Array.isArray(node.examples)) {
			const first = Object.values(node.examples as Json)[0] as Json | undefined;
			if (first && primitive(first.value)) return first.value;
		}
	}
	return undefined;
}
