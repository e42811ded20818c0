/**
 * What an operation's responses tell a connector: where the records are in a list response
 * (recordsPath), whether the body is text, and what each 4xx/5xx means (error texts).
 */
import type { EndpointInput } from '../literal-request';
import { flatten, oneLine, typeOf } from './schema';
import type { SpecOperation, SpecResponse } from './operations';
import type { RefResolver } from './refs';

/** Record-holding property names, most common first. */
const RECORD_NAMES = ['data', 'items', 'results', 'records', 'value', 'values', 'entries', 'list', 'rows', 'hits', 'content', 'objects', 'elements', 'nodes'];

export function successResponse(operation: SpecOperation): SpecResponse | undefined {
	return operation.responses.find((response) => /^2\d\d$/.test(response.status)) ?? operation.responses.find((response) => /^2XX$/i.test(response.status) || response.status === 'default');
}

/** The dot path of the records array inside a list response, "" for a top-level array, undefined if none. */
export function recordsPathOf(schema: unknown, resolver: RefResolver): string | undefined {
	const flat = flatten(schema, resolver);
	if (!flat) return undefined;
	if (flat.type === 'array') return '';
	const arrays = [...flat.properties].filter(([, property]) => typeOf(resolver.resolve(property) ?? property) === 'array' || flatten(property, resolver)?.type === 'array');
	if (!arrays.length) {
		// One level down: { "data": { "items": [...] } }.
		for (const name of RECORD_NAMES) {
			const nested = flat.properties.get(name);
			if (!nested) continue;
			const inner = recordsPathOf(nested, resolver);
			if (inner) return `${name}.${inner}`;
		}
		return undefined;
	}
	const known = RECORD_NAMES.map((name) => arrays.find(([property]) => property === name)).find(Boolean);
	if (known) return known[0];
	return arrays.length === 1 ? arrays[0][0] : undefined;
}

export function responseOf(operation: SpecOperation, resolver: RefResolver, list: boolean): Pick<EndpointInput, 'response'> {
	const success = successResponse(operation);
	if (!success) return {};
	const json = success.contentTypes.some((type) => /json|\*\/\*/i.test(type));
	const text = !json && success.contentTypes.length > 0 && success.contentTypes.every((type) => /^text\/|xml|csv/i.test(type));
	if (text) return { response: { format: 'text' } };
	if (!list || !success.schema) return {};
	const path = recordsPathOf(success.schema, resolver);
	return path ? { response: { recordsPath: path } } : {};
}

/** 4xx/5xx descriptions as error texts ("404": "Pet not found"); status ranges cannot be expressed. */
export function errorsOf(operation: SpecOperation): { errors?: Record<string, string>; ranges: number } {
	const errors: Record<string, string> = {};
	let ranges = 0;
	for (const response of operation.responses) {
		if (/^[45]XX$/i.test(response.status)) ranges++;
		if (!/^[45]\d\d$/.test(response.status)) continue;
		const text = oneLine(response.description);
		if (text) errors[response.status] = text;
	}
	return Object.keys(errors).length ? { errors, ranges } : { ranges };
}
